// Copies Leaflet and leaflet.markercluster into the package's static folder and turns Natural Earth country
// shapes (world-atlas, 1:50m) into a small GeoJSON basemap, so the web view needs no tile server and no network.
// Run: cd web && npm ci && npm run build. The output is committed; users of the package need no npm.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const topojson = require("topojson-client");
const here = path.dirname(new URL(import.meta.url).pathname);
const modules = path.join(here, "node_modules");
const out = path.join(here, "..", "src", "polemos", "web", "static");
const vendor = path.join(out, "vendor");
const DIGITS = 2;                 // ~1 km: plenty for a country outline under event markers

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
}

const round = (x) => Math.round(x * 10 ** DIGITS) / 10 ** DIGITS;

function ring(points) {
  const kept = [];
  for (const [x, y] of points) {
    const p = [round(x), round(y)];
    const last = kept[kept.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) kept.push(p);
  }
  return kept.length >= 4 ? kept : null;
}

function polygons(geometry) {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polys.map((rings) => rings.map(ring).filter(Boolean)).filter((rings) => rings.length && rings[0]);
}

function area(r) {
  let a = 0;
  for (let i = 0; i < r.length - 1; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return Math.abs(a / 2);
}

function labelPoint(polys) {
  // the centre of the bounding box of the largest outer ring: good enough for a country label
  const outer = polys.map((p) => p[0]).sort((a, b) => area(b) - area(a))[0];
  const xs = outer.map((p) => p[0]), ys = outer.map((p) => p[1]);
  return [round((Math.min(...xs) + Math.max(...xs)) / 2), round((Math.min(...ys) + Math.max(...ys)) / 2)];
}

function basemap() {
  const topo = JSON.parse(fs.readFileSync(path.join(modules, "world-atlas/countries-50m.json"), "utf8"));
  const features = [];
  for (const f of topojson.feature(topo, topo.objects.countries).features) {
    if (!f.geometry) continue;
    const polys = polygons(f.geometry);
    if (!polys.length) continue;
    features.push({ type: "Feature", properties: { name: f.properties.name, label: labelPoint(polys) },
                    geometry: { type: "MultiPolygon", coordinates: polys } });
  }
  const geo = { type: "FeatureCollection", attribution: "Natural Earth (public domain) via world-atlas", features };
  fs.writeFileSync(path.join(out, "basemap.geojson"), JSON.stringify(geo));
  return features.length;
}

vendorFiles();
const n = basemap();
console.log(`vendor files and basemap (${n} countries) written to ${path.relative(process.cwd(), out)}`);
