// The map: event markers (clustered) or a density layer, fitted to the densest area of the selection, the
// selected event ringed and brought into view, tooltips that stay inside the map.
/* global L */
import { addBasemap, redrawNames } from "./basemap.js";
import { denseBounds } from "./density.js";
import { state, writeUrl } from "./state.js";
import { el, fmtDate, plural, typeColor } from "./util.js";

const FIT = { padding: [28, 28], maxZoom: 10 };
const FOCUS_ZOOM = 9;             // selecting an event zooms in at least this far
const LABELLED = 300;             // up to this many events, each has its place name beside it
let cluster, heat, ring, note;
let pending = null;               // bounds to fit once the map is on screen (a page opened first hides it)
const markers = new Map();        // event id -> marker

export function initMap(onMove) {
  const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
  const map = L.map("map", { minZoom: 2, maxZoom: 14, worldCopyJump: true, zoomSnap: 0.5, inertia: !still,
                             zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · towns: GeoNames");
  state.map = map;
  if (state.mapView) {
    map.setView([state.mapView[0], state.mapView[1]], state.mapView[2]);
    state.placed = true;
  } else {
    map.setView([30, 20], 2);
  }
  addBasemap(map, reservedForEvents);
  map.createPane("selected").style.zIndex = 650;
  cluster = L.markerClusterGroup({
    maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, disableClusteringAtZoom: 11,
    chunkedLoading: true, iconCreateFunction: clusterIcon,
  });
  heat = L.heatLayer([], { radius: 22, blur: 18, minOpacity: 0.25,
                           gradient: { 0.3: "#2c7bb6", 0.55: "#abd9e9", 0.7: "#ffffbf", 0.85: "#fdae61", 1: "#d7191c" } });
  cluster.on("spiderfied", () => highlight(state.eventId));
  map.on("zoomend", scaleHeat);
  map.on("moveend", () => {          // after the first view: a fit, a restored view, the analyst's own move
    state.placed = true;
    onMove();
  });
  map.on("tooltipopen", (ev) => { if (!ev.tooltip.options.permanent) keepInside(ev.tooltip); });
  layerControl().addTo(map);
  note = L.control({ position: "bottomleft" });
  note.onAdd = () => el("div", { class: "map-note", hidden: true });
  note.addTo(map);
  showLayers();
  return map;
}

function clusterIcon(c) {
  const n = c.getChildCount();
  const disputed = c.getAllChildMarkers().some((m) => m.options.disputed);
  const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 50;
  return L.divIcon({
    html: el("div", {}, el("span", { text: n.toLocaleString("en") })),
    className: "ev-cluster" + (disputed ? " has-disputed" : ""), iconSize: L.point(size, size),
  });
}

// --- layers: markers, density or both --------------------------------------------------------------------

function layerControl() {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const box = (value, label) => el("label", {},
      el("input", { type: "checkbox", name: "layer", value, on: { change: onLayerChange } }), " ", label);
    const div = el("div", { class: "layer-control leaflet-bar", role: "group", "aria-label": "Map layers" },
      box("markers", "Events"), box("heat", "Density"));
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  return control;
}

function onLayerChange() {
  const on = [...document.querySelectorAll(".layer-control input:checked")].map((i) => i.value);
  state.layers = on.length === 2 ? "both" : on[0] || "markers";
  showLayers();
  writeUrl();
}

export function showLayers() {
  const map = state.map;
  const withMarkers = state.layers !== "heat", withHeat = state.layers !== "markers";
  for (const input of document.querySelectorAll(".layer-control input")) {
    input.checked = input.value === "markers" ? withMarkers : withHeat;
  }
  if (withMarkers) map.addLayer(cluster); else map.removeLayer(cluster);
  if (withHeat) { map.addLayer(heat); scaleHeat(); } else map.removeLayer(heat);
  document.body.dataset.layers = state.layers;
  redrawNames();
}

// leaflet.heat saturates a cell at `max`: take it from the busiest cells at this zoom, so density reads the
// same whether the selection holds ten events or ten thousand
function scaleHeat() {
  const map = state.map;
  if (!map || !map.hasLayer(heat) || !state.points.length) return;
  const cell = heat.options.radius / 2, counts = new Map();
  for (const p of state.points) {
    const xy = map.project([p[1], p[2]]);
    const key = `${Math.floor(xy.x / cell)},${Math.floor(xy.y / cell)}`;
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const sorted = [...counts.values()].sort((a, b) => a - b);
  const max = Math.max(1, sorted[Math.floor(0.95 * (sorted.length - 1))]);
  heat.setOptions({ max, maxZoom: map.getZoom() });
}

// --- the selection's points -----------------------------------------------------------------------------

const radius = (f) => (f ? Math.min(18, 6 + 3 * Math.sqrt(f)) : 6);

function tipFor([, , , type, fat, disputed, date, place, sub, low]) {
  return el("div", { class: "tip" },
    el("strong", { text: sub || type || "event" }),
    el("div", { text: `${place || "place unknown"} · ${fmtDate(date)}` }),
    fat ? el("div", { text: low !== null && low !== fat ? `${low}–${fat} killed (claims differ)` : `${fat} killed` }) : null,
    disputed ? el("div", { class: "tip-disputed", text: "disputed" }) : null);
}

function marker(p) {
  const [id, lat, lon, type, fat, disputed, , place] = p;
  const m = L.circleMarker([lat, lon], {
    radius: radius(fat), fillColor: typeColor(type), fillOpacity: 0.88, disputed: !!disputed,
    color: disputed ? "#1a1a1a" : "#ffffff", weight: disputed ? 2.5 : 1.2, dashArray: disputed ? "4 3" : null,
    className: "ev-marker" + (disputed ? " disputed" : ""),
  });
  if (state.points.length <= LABELLED) {
    // few events: name each place beside its marker; details on hover
    const label = { direction: "right", offset: [radius(fat), 0] };
    m.bindTooltip(el("span", { text: place || "" }), Object.assign({ permanent: true, className: "place-label" }, label));
    m.on("mouseover", () => { m.setTooltipContent(tipFor(p)); keepInside(m.getTooltip()); });
    m.on("mouseout", () => {
      Object.assign(m.getTooltip().options, label);
      m.setTooltipContent(el("span", { text: place || "" }));
    });
  } else {
    m.bindTooltip(tipFor(p), { direction: "top", offset: [0, -radius(fat)] });
  }
  m.on("click", () => { location.hash = "#/event/" + encodeURIComponent(id); });
  m.on("add", () => {
    const path = m.getElement();
    if (path) {
      path.dataset.eventId = id;
      path.classList.toggle("selected", id === state.eventId);
    }
  });
  markers.set(id, m);
  return m;
}

export function drawPoints(data) {
  state.points = data.points;
  cluster.clearLayers();
  markers.clear();
  cluster.addLayers(data.points.map(marker));
  heat.setLatLngs(data.points.map((p) => [p[1], p[2], 1]));
  scaleHeat();
  const fit = denseBounds(data.points.map((p) => [p[1], p[2]]));
  if (state.refit && !state.eventId) {
    if (state.mapView) {
      state.mapView = null;           // the URL's view wins once, on load
      state.placed = true;
    } else if (fit) {
      pending = fit.bounds;
      fitPending();
    }
  }
  state.refit = false;
  showNote(fit);
  highlight(state.eventId);
  redrawNames();
}

// town names keep clear of the event markers, and of the place names written beside them when they are few
function reservedForEvents() {
  const named = state.points.length <= LABELLED;
  return state.layers === "heat" ? [] : state.points.map((p) => [p[1], p[2], radius(p[4]) + 2, named ? p[7] : null]);
}

export function fitPending() {
  const map = state.map;
  if (!pending || !map.getSize().x) return;
  map.fitBounds(pending, FIT);
  pending = null;
  state.placed = true;
}

// how many events the view leaves out, with a way to see them all
function showNote(fit) {
  const box = note.getContainer();
  const out = fit ? fit.total - fit.inside : 0;
  box.hidden = !out;
  if (!out) return;
  const all = el("button", { type: "button", class: "linkish", on: { click: () => state.map.fitBounds(fit.all, FIT) } },
    "show all");
  box.replaceChildren(`${plural(out, "event")} outside the densest area · `, all);
  L.DomEvent.disableClickPropagation(box);
}

// --- the selected event ---------------------------------------------------------------------------------

export function highlight(id) {
  for (const path of document.querySelectorAll("path.ev-marker.selected")) path.classList.remove("selected");
  const p = id && state.points.find((x) => x[0] === id);
  if (ring && (!p || ring.options.eventId !== id)) { ring.remove(); ring = null; }
  if (!p) return;
  const m = markers.get(id);
  const shown = m && state.map.hasLayer(m);          // a spiderfied marker stands away from its place
  if (shown) {
    m.getElement()?.classList.add("selected");
    m.bringToFront();
  }
  const at = shown ? m.getLatLng() : L.latLng(p[1], p[2]);
  if (ring) ring.setLatLng(at);
  else ring = ringAt(at, radius(p[4]) + 9, id);
}

const ringAt = (ll, r, id) => L.circleMarker(ll, { pane: "selected", radius: r, interactive: false, eventId: id,
                                                   className: "ev-ring", color: "#111", weight: 3, fill: false })
  .addTo(state.map);

// bring the event into view, zoomed in enough to see its surroundings, and ring it
export function focusEvent(e) {
  highlight(e.id);
  if (e.location.lat === null || e.location.lat === undefined || !state.map) return;
  const ll = L.latLng(e.location.lat, e.location.lon);
  if (!ring) {
    ring = ringAt(ll, 15, e.id);
  }
  state.map.setView(ll, Math.max(state.map.getZoom(), FOCUS_ZOOM));
  // clusters are remade once the map has moved: then open the one that hides the event
  setTimeout(() => {
    const m = markers.get(e.id);
    const parent = m && state.map.hasLayer(cluster) ? cluster.getVisibleParent(m) : null;
    if (parent && parent !== m && parent.spiderfy) parent.spiderfy();
    highlight(e.id);
  }, 400);
}

// --- tooltips that stay inside the map --------------------------------------------------------------------

// Leaflet places a tooltip on one side of its marker and the map clips what passes its edge: put it on the
// side where it fits
function keepInside(tip) {
  const node = tip.getElement(), map = state.map;
  if (!node) return;
  const box = node.getBoundingClientRect(), frame = map.getContainer().getBoundingClientRect();
  let dir = null;
  if (box.top < frame.top) dir = "bottom";
  else if (box.bottom > frame.bottom) dir = "top";
  else if (box.left < frame.left) dir = "right";
  else if (box.right > frame.right) dir = "left";
  if (!dir || dir === tip.options.direction) return;
  const r = Math.abs(tip.options.offset[1] || tip.options.offset[0] || 8);
  tip.options.direction = dir;
  tip.options.offset = dir === "bottom" ? [0, r] : dir === "top" ? [0, -r] : dir === "right" ? [r, 0] : [-r, 0];
  tip.update();
}
