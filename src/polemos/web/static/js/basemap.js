// The offline basemap (web/build.mjs makes its files): Natural Earth countries, rivers and lakes drawn on a
// canvas, and one canvas of names on top, countries from afar and towns as the map zooms in. Names that would
// overlap are left out, the larger place first, so the map stays readable at every zoom.
/* global L, topojson */
import { toast } from "./util.js";

const STYLE = {
  country: { color: "#a9a294", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
  lake: { stroke: false, fillColor: "#d5e3ea", fillOpacity: 1 },
  river: { color: "#8fb6cf", weight: 1.1, opacity: 0.9 },
};
const COUNTRY_ZOOMS = [3, 7];     // country names show between these zooms
const MAX_LABELS = 600;
const BUCKET = 64;                // px: the collision grid
let names = null;

export const redrawNames = () => names && names.redraw();

function unpack(byZoom, x0, y0) {
  const out = [];
  for (const z of Object.keys(byZoom).map(Number).sort((a, b) => a - b)) {
    const flat = byZoom[z];
    for (let i = 0; i < flat.length; i += 3) out.push([flat[i], x0 + flat[i + 1] / 1000, y0 + flat[i + 2] / 1000, z]);
  }
  return out;
}

// A canvas over the base layers, redrawn when the map stops moving: country names and town dots with names
const Names = L.Layer.extend({
  initialize(countries, reserved) {
    this.countries = countries;   // [name, lon, lat]
    this.reserved = reserved;     // () => [[lat, lon, radius, label]]: event markers and their names go first
    this.towns = [];              // [name, lon, lat, minZoom], larger towns first
    this.tiles = new Map();       // tile key -> towns, or null while loading
    this.index = null;
  },

  onAdd(map) {
    this.canvas = L.DomUtil.create("canvas", "names-layer leaflet-zoom-hide");
    map.getPane("names").appendChild(this.canvas);
    map.on("moveend resize", this.redraw, this);
    fetch("/static/basemap/towns.json").then((r) => r.json()).then((t) => {
      this.index = t;
      this.towns = unpack(t.towns, -180, -90);
      this.known = new Set(t.tiles);
      this.redraw();
    }).catch(() => toast("Town names could not be loaded."));
    this.redraw();
  },

  onRemove(map) {
    map.off("moveend resize", this.redraw, this);
    this.canvas.remove();
  },

  wantTiles(bounds) {
    const t = this.index;
    if (!t || this._map.getZoom() <= t.far) return [];
    const keys = [];
    for (let x = Math.floor(bounds.getWest() / t.tile); x <= Math.floor(bounds.getEast() / t.tile); x++) {
      for (let y = Math.floor(bounds.getSouth() / t.tile); y <= Math.floor(bounds.getNorth() / t.tile); y++) {
        const key = `${x}_${y}`;
        if (this.known.has(key)) keys.push(key);
      }
    }
    for (const key of keys.filter((k) => !this.tiles.has(k))) {
      this.tiles.set(key, null);
      const [x, y] = key.split("_").map(Number);
      fetch(`/static/basemap/towns/${key}.json`).then((r) => r.json()).then((rows) => {
        this.tiles.set(key, unpack(rows, x * t.tile, y * t.tile));
        this.redraw();
      }).catch(() => this.tiles.delete(key));
    }
    return keys.map((k) => this.tiles.get(k)).filter(Boolean);
  },

  candidates(zoom, bounds) {
    const inView = ([, lon, lat]) => bounds.contains([lat, lon]);
    const out = [];
    if (zoom >= COUNTRY_ZOOMS[0] && zoom <= COUNTRY_ZOOMS[1]) {
      out.push(...this.countries.filter(inView).map((c) => ({ name: c[0], lon: c[1], lat: c[2], country: true })));
    }
    const towns = [this.towns, ...this.wantTiles(bounds)].flatMap((list) => list.filter((t) => t[3] <= zoom && inView(t)));
    towns.sort((a, b) => a[3] - b[3]);
    out.push(...towns.map((t) => ({ name: t[0], lon: t[1], lat: t[2], big: t[3] <= 5 })));
    return out;
  },

  redraw() {
    const map = this._map;
    if (!map) return;
    const size = map.getSize(), ratio = window.devicePixelRatio || 1;
    const canvas = this.canvas;
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    canvas.style.width = size.x + "px";
    canvas.style.height = size.y + "px";
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    const taken = new Map();
    ctx.font = "11.5px system-ui, sans-serif";
    for (const [lat, lon, r, label] of this.reserved()) {
      const p = map.latLngToContainerPoint([lat, lon]);
      this.take(taken, [p.x - r, p.y - r, p.x + r, p.y + r]);
      if (label) this.take(taken, [p.x + r, p.y - 9, p.x + r + ctx.measureText(label).width + 12, p.y + 9]);
    }
    let placed = 0;
    for (const item of this.candidates(map.getZoom(), map.getBounds())) {
      if (placed >= MAX_LABELS) break;
      if (this.place(ctx, map.latLngToContainerPoint([item.lat, item.lon]), item, taken, size)) placed++;
    }
  },

  place(ctx, p, item, taken, size) {
    ctx.font = item.country ? "600 11px system-ui, sans-serif" : item.big ? "600 12px system-ui, sans-serif"
      : "11px system-ui, sans-serif";
    const text = item.country ? item.name.toUpperCase() : item.name;
    const w = ctx.measureText(text).width + (item.country ? 0 : 6);
    const x = item.country ? p.x - w / 2 : p.x - 3, y = p.y - 8;
    const box = [x - 2, y - 1, x + w + 2, y + 17];
    if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y || this.hits(taken, box)) return false;
    this.take(taken, box);
    if (!item.country) {
      ctx.fillStyle = "#5b5b5b";
      ctx.beginPath();
      ctx.arc(p.x, p.y, item.big ? 3 : 2.2, 0, 2 * Math.PI);
      ctx.fill();
    }
    const tx = item.country ? x : p.x + 5;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
    ctx.lineWidth = 3;
    ctx.strokeText(text, tx, p.y);
    ctx.fillStyle = item.country ? "#8a8378" : "#333";
    ctx.fillText(text, tx, p.y);
    return true;
  },

  hits(taken, [x0, y0, x1, y1]) {
    for (let i = Math.floor(x0 / BUCKET); i <= Math.floor(x1 / BUCKET); i++) {
      for (let j = Math.floor(y0 / BUCKET); j <= Math.floor(y1 / BUCKET); j++) {
        for (const b of taken.get(`${i},${j}`) || []) {
          if (x0 < b[2] && b[0] < x1 && y0 < b[3] && b[1] < y1) return true;
        }
      }
    }
    return false;
  },

  take(taken, box) {
    for (let i = Math.floor(box[0] / BUCKET); i <= Math.floor(box[2] / BUCKET); i++) {
      for (let j = Math.floor(box[1] / BUCKET); j <= Math.floor(box[3] / BUCKET); j++) {
        const key = `${i},${j}`;
        if (!taken.has(key)) taken.set(key, []);
        taken.get(key).push(box);
      }
    }
  },
});

export function addBasemap(map, reserved) {
  map.createPane("base").style.zIndex = 200;
  const pane = map.createPane("names");
  pane.style.zIndex = 350;
  pane.style.pointerEvents = "none";
  const renderer = L.canvas({ pane: "base", padding: 0.2 });
  return fetch("/static/basemap/world.json").then((r) => r.json()).then((topo) => {
    const layer = (name, style) => {
      const features = topojson.feature(topo, topo.objects[name]);
      L.geoJSON(features, { pane: "base", renderer, interactive: false, style }).addTo(map);
      return features.features;
    };
    const countries = layer("countries", STYLE.country);
    layer("lakes", STYLE.lake);
    layer("rivers", STYLE.river);
    names = new Names(countries.map((f) => [f.properties.name, ...f.properties.label]), reserved).addTo(map);
  }).catch((e) => {
    console.error(e);
    toast("The basemap could not be loaded: events are shown without country shapes.");
  });
}
