// The polemos web view: wiring and routes. The parts live in js/: state.js (filters and the URL),
// mapview.js and basemap.js (the map), charts.js (timeline, fatalities), panel.js (list and event), pages.js
// (disputes, claimants, articles), ingest.js, cards.js (claims side by side), util.js.
import { drawTimeline, initBrush } from "./js/charts.js";
import { showIngest } from "./js/ingest.js";
import { drawPoints, fitPending, highlight, initMap, showLayers } from "./js/mapview.js";
import { forgetClaimants, showArticle, showClaimant, showClaimants, showDisputes } from "./js/pages.js";
import { showEvent, showList } from "./js/panel.js";
import { applyQuery, filterParams, hasState, state, stateQuery, writeUrl } from "./js/state.js";
import { $, api, dayOf, debounce, el, fmtDate, isoOf, plural, put, toast, typeColor, TYPE_COLORS, urlWith } from "./js/util.js";

const FORMATS = [["jsonl", "JSON lines (.jsonl)"], ["acled-csv", "ACLED CSV (.csv)"], ["geojson", "GeoJSON"],
                 ["parquet", "Parquet"], ["plover-json", "PLOVER JSON"], ["table", "Text table (.txt)"]];
const NO_BRUSH = "Drag across the timeline to pick dates";

// --- filters ------------------------------------------------------------------------------------------------

function buildFilters() {
  const fc = state.facets;
  put($("#type-boxes"), ...fc.event_types.map((t) =>
    el("label", { class: "check" },
      el("input", { type: "checkbox", name: "event_type", value: t.event_type }),
      el("span", { class: "swatch", style: `background:${typeColor(t.event_type)}` }),
      t.event_type)));
  put($("#sub-select"), el("option", { value: "" }, "any"), ...fc.event_types.map((t) =>
    el("optgroup", { label: t.event_type }, ...t.sub_event_types.map((s) => el("option", { value: s }, s)))));
  put($("#actor-select"), el("option", { value: "" }, "any"), ...fc.actor_sides.map((s) => el("option", { value: s }, s)));
  put($("#side-select"), el("option", { value: "" }, "any"), ...fc.claimant_sides.map((s) => el("option", { value: s }, s)));
  put($("#claimant-list"), ...fc.claimants.map((c) => el("option", { value: c.claimant })));
  put($("#legend"),
    el("div", { class: "legend-title" }, "Event types"),
    ...Object.entries(TYPE_COLORS).filter(([t]) => fc.event_types.some((x) => x.event_type === t)).map(([t, c]) =>
      el("div", { class: "legend-row" }, el("span", { class: "dot", style: `background:${c}` }), t)),
    el("div", { class: "legend-row" }, el("span", { class: "dot disputed-ring" }), "disputed"),
    el("div", { class: "legend-row" }, el("span", { class: "dot big" }), "larger: more killed"));
}

async function loadFacets() {
  const keep = new URLSearchParams(stateQuery());
  state.facets = await api("/api/facets");
  const fc = state.facets;
  state.domain = fc.date_min && fc.date_max ? [dayOf(fc.date_min), dayOf(fc.date_max)] : null;
  buildFilters();
  applyQuery(keep);
}

// the brush follows the date inputs
function brushFromForm() {
  const form = $("#filter-form");
  const from = form.elements.date_from.value, to = form.elements.date_to.value;
  state.brush = (from || to) && state.domain
    ? [from ? dayOf(from) : state.domain[0], to ? dayOf(to) : state.domain[1]] : null;
  $("#brush-label").textContent = state.brush
    ? `${fmtDate(isoOf(state.brush[0]))} – ${fmtDate(isoOf(state.brush[1]))}` : NO_BRUSH;
  $("#brush-clear").hidden = !state.brush;
}

function onFiltersChanged(timelineToo) {
  brushFromForm();
  state.refit = true;
  forgetClaimants();
  if (state.eventId) {                  // a new selection: back to its list
    history.replaceState(null, "", "#/");
    route(true);
  }
  writeUrl();
  refreshAll(timelineToo);
}

function setBrush(range) {
  const form = $("#filter-form");
  form.elements.date_from.value = range ? isoOf(range[0]) : "";
  form.elements.date_to.value = range ? isoOf(range[1]) : "";
  onFiltersChanged(false);
  drawTimeline();
}

// --- loading the selection ----------------------------------------------------------------------------------

function showCount(data) {
  const c = $("#count");
  const all = state.info ? state.info.events : data.total;
  c.textContent = data.total === all ? plural(all, "event") : `${data.total.toLocaleString("en")} of ${plural(all, "event")}`;
  c.title = state.brush ? `${fmtDate(isoOf(state.brush[0]))} – ${fmtDate(isoOf(state.brush[1]))}` : "";
  c.dataset.total = String(data.total);
  const unplaced = data.total - data.shown;
  if (unplaced > 0) c.title = `${unplaced} not on the map (no coordinates, or over the ${data.cap} shown)`;
}

// the exports hold the events the filters show, as the map and the list do
function exportLinks() {
  put($("#export-menu"), ...FORMATS.map(([fmt, label]) =>
    el("a", { href: urlWith("/api/export/" + fmt, filterParams(true)).href, download: "", text: label })));
}

async function refreshAll(timelineToo) {
  const seq = ++state.seq;
  try {
    const jobs = [api("/api/map", filterParams(true))];
    if (timelineToo) jobs.push(api("/api/timeline", filterParams(false)));
    const [points, tl] = await Promise.all(jobs);
    if (seq !== state.seq) return;          // a newer request is on its way
    if (tl) state.days = tl.days;
    drawTimeline();
    drawPoints(points);
    showCount(points);
    exportLinks();
    if (state.view === "map" && !state.eventId) showList();
    if (state.view === "disputes") showDisputes(0);
    document.body.dataset.loaded = String(seq);
  } catch (e) {
    toast("Could not load events: " + e.message);
  }
}

// --- routes ---------------------------------------------------------------------------------------------------

function showView(name) {
  state.view = name;
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== "view-" + name;
  for (const a of document.querySelectorAll(".tabs a")) a.classList.toggle("active", a.dataset.view === name);
  if (name === "map" && state.map) {
    setTimeout(() => { state.map.invalidateSize(); fitPending(); drawTimeline(); }, 0);
  }
  else window.scrollTo(0, 0);
}

// A hash with a query sets the state (a shared URL, the back button); one without keeps the state, and the
// URL gets the state's query back
function takeQuery(params, page) {
  if (page === "article" || !hasState(params) || params.toString() === stateQuery()) return;
  const before = JSON.stringify(filterParams(true));
  applyQuery(params);
  showLayers();
  if (state.mapView && state.map) {
    state.map.setView([state.mapView[0], state.mapView[1]], state.mapView[2]);
    state.mapView = null;
  }
  if (JSON.stringify(filterParams(true)) !== before) {
    brushFromForm();
    forgetClaimants();
    refreshAll(true);
  }
}

function route(first = false) {
  const [path, query] = (location.hash || "#/").slice(1).split("?");
  const parts = path.split("/").filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch (e) { return p; } });
  const params = new URLSearchParams(query || "");
  const page = parts[0] || "map";
  if (!first) takeQuery(params, page);
  state.eventId = null;
  state.path = path || "/";
  if (page === "event" && parts[1]) {
    state.eventId = parts[1];
    showView("map");
    highlight(parts[1]);
    showEvent(parts[1]);
  } else if (page === "disputes") {
    showView("disputes"); showDisputes(0);
  } else if (page === "claimants") {
    showView("claimants"); showClaimants();
  } else if (page === "claimant" && parts.length >= 3) {
    showView("claimants"); showClaimant(parts[1], parts.slice(2).join("/"));
  } else if (page === "article" && parts[1]) {
    showView("article"); showArticle(parts.slice(1).join("/"), params.get("record"));
    return;                             // the article's own query (record=) stays as it is
  } else if (page === "ingest") {
    showView("ingest"); showIngest(afterIngest);
  } else {
    state.path = "/";
    showView("map");
    highlight(null);
    document.body.classList.remove("panel-open");
    showList();
  }
  writeUrl();
}

async function afterIngest() {
  state.info = await api("/api/info");
  await loadFacets();
  forgetClaimants();
  refreshAll(true);
}

function wireForm() {
  const form = $("#filter-form");
  const later = debounce(() => onFiltersChanged(true), 300);
  form.addEventListener("input", (ev) => {
    if (ev.target.type === "date") return;
    if (ev.target.type === "search" || ev.target.name === "claimant") later(); else onFiltersChanged(true);
  });
  form.addEventListener("change", (ev) => { if (ev.target.type === "date") onFiltersChanged(false); });
  form.addEventListener("submit", (ev) => ev.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => onFiltersChanged(true), 0));
  $("#filters-toggle").addEventListener("click", (ev) => {
    const open = document.body.classList.toggle("filters-open");
    ev.target.setAttribute("aria-expanded", String(open));
  });
  $("#list-toggle").addEventListener("click", () => document.body.classList.toggle("panel-open"));
}

async function init() {
  exportLinks();
  try {
    state.info = await api("/api/info");
    await loadFacets();
  } catch (e) {
    toast("The server did not answer: " + e.message);
    return;
  }
  const query = (location.hash || "").split("?")[1];
  if (query && !location.hash.startsWith("#/article/")) applyQuery(new URLSearchParams(query));
  brushFromForm();
  initMap(() => { if (state.view === "map") writeUrl(); });
  initBrush(setBrush);
  wireForm();
  window.addEventListener("hashchange", () => route());
  window.addEventListener("resize", debounce(drawTimeline, 150));
  route(true);
  refreshAll(true);
}

document.addEventListener("DOMContentLoaded", init);
