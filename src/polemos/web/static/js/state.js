// What the analyst has chosen, and its mirror in the URL: every filter, the selected event, the map view, the
// layers and the sort live in the hash (#/path?query), so a reload restores the view and a URL can be shared.
import { $, fold } from "./util.js";

export const state = {
  info: null, facets: null, domain: null,
  map: null, points: [], // the selection's map points: [id, lat, lon, type, fatalities, disputed, date, place, sub, low]
  brush: null,           // [fromDay, toDay] as day numbers (UTC days since 1970), inclusive
  days: [],              // [[date, n]] from /api/timeline
  path: "/",             // the route: "/", "/event/ID", "/disputes", "/claimants", ...
  view: "map", eventId: null, seq: 0,
  sort: "date",          // the event list and disputes: date, -date, toll, claims
  layers: "markers",     // markers, heat or both
  mapView: null,         // [lat, lon, zoom] from the URL, restored once instead of fitting the selection
  refit: true,           // fit the map to the selection when the next points arrive
  placed: false,         // the map shows a chosen view (fitted, restored or moved), worth keeping in the URL
};

const FILTERS = ["q", "date_from", "date_to", "sub_event_type", "actor_side", "claimant_side", "claimant"];
const STATE_KEYS = [...FILTERS, "event_type", "disputed", "map", "layers", "sort"];

// The claimant box takes part of a name in any case and accents ("hovhannisyan"): it stands for every known
// claimant whose name holds it. An exact name is itself; a text that matches no known name is sent as typed.
export function claimantNames(text) {
  const want = fold(text);
  if (!want) return [];
  const known = (state.facets ? state.facets.claimants : []).map((c) => c.claimant);
  const exact = known.filter((n) => fold(n) === want);
  if (exact.length) return exact;
  const part = known.filter((n) => fold(n).includes(want));
  return part.length ? part.slice(0, 40) : [text.trim()];
}

export function filterParams(withDates = true) {
  const form = $("#filter-form");
  const f = new FormData(form);
  const p = {
    q: (f.get("q") || "").trim(),
    event_type: [...form.querySelectorAll("#type-boxes input:checked")].map((i) => i.value),
    sub_event_type: f.get("sub_event_type") || "",
    actor_side: f.get("actor_side") || "",
    claimant_side: f.get("claimant_side") || "",
    claimant: claimantNames(f.get("claimant") || ""),
    disputed: f.get("disputed") ? "true" : "",
  };
  if (withDates) {
    p.date_from = f.get("date_from") || "";
    p.date_to = f.get("date_to") || "";
  }
  return p;
}

// the query of the current state, as it goes into the URL
export function stateQuery() {
  const form = $("#filter-form");
  const q = new URLSearchParams();
  for (const name of FILTERS) {
    const v = (form.elements[name].value || "").trim();
    if (v) q.set(name, v);
  }
  for (const box of form.querySelectorAll("#type-boxes input:checked")) q.append("event_type", box.value);
  if (form.elements.disputed.checked) q.set("disputed", "true");
  if (state.sort !== "date") q.set("sort", state.sort);
  if (state.layers !== "markers") q.set("layers", state.layers);
  if (state.map && state.placed) {
    const c = state.map.getCenter();
    q.set("map", `${c.lat.toFixed(4)},${c.lng.toFixed(4)},${state.map.getZoom()}`);
  } else if (state.mapView) {
    q.set("map", state.mapView.join(","));
  }
  return q.toString();
}

export function writeUrl() {
  const query = stateQuery();
  const hash = "#" + state.path + (query ? "?" + query : "");
  if (location.hash !== hash) history.replaceState(null, "", hash);
  for (const a of document.querySelectorAll("a[data-keep-state]")) {
    a.href = "#" + a.dataset.keepState + (query ? "?" + query : "");
  }
}

export const hasState = (params) => STATE_KEYS.some((k) => params.has(k));

// A URL's query into the form and the state; the form's options must be built first (facets)
export function applyQuery(params) {
  const form = $("#filter-form");
  for (const name of FILTERS) {
    const input = form.elements[name];
    const v = params.get(name) || "";
    if (input.tagName === "SELECT" && v && ![...input.options].some((o) => o.value === v)) {
      input.append(new Option(v, v));        // a value this store lacks still shows what the URL asks for
    }
    input.value = v;
  }
  const types = params.getAll("event_type");
  for (const box of form.querySelectorAll("#type-boxes input")) box.checked = types.includes(box.value);
  form.elements.disputed.checked = params.get("disputed") === "true";
  state.sort = params.get("sort") || "date";
  state.layers = ["heat", "both"].includes(params.get("layers")) ? params.get("layers") : "markers";
  const view = (params.get("map") || "").split(",").map(Number);
  state.mapView = view.length === 3 && view.every(Number.isFinite) ? view : null;
}
