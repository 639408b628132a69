// Small helpers shared by every part of the web view. Every piece of data goes into the page as text
// (textContent, text nodes, attribute values), never as HTML, so an article holding <script> stays inert.

export const TYPE_COLORS = {
  "Battles": "#e4572e",
  "Explosions/Remote violence": "#7b3294",
  "Violence against civilians": "#c51b7d",
  "Protests": "#1b9e77",
  "Riots": "#d95f02",
  "Strategic developments": "#386cb0",
};
const OTHER_COLOR = "#666";
export const DAY = 86400000;

export const $ = (sel, root = document) => root.querySelector(sel);

export function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    node.append(kid instanceof Node ? kid : String(kid));
  }
  return node;
}

export function put(node, ...kids) {
  // replaceChildren without the nulls that conditional parts leave (it would print them as "null")
  node.replaceChildren(...kids.flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false));
  return node;
}

export function svg(tag, attrs, ...kids) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v;
    else if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  kids.forEach((kid) => kid && node.append(kid));
  return node;
}

export function safeUrl(url) {
  // only web links become links: a javascript: or data: URL in an article stays text
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (e) {
    return null;
  }
}

export const typeColor = (t) => TYPE_COLORS[t] || OTHER_COLOR;
export const sideClass = (s) => "side side-" + String(s || "unknown").toLowerCase().replace(/[^a-z]+/g, "-");
export const dayOf = (iso) => Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY);
export const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
export const fmtDate = (iso) => {
  if (!iso) return "date unknown";
  const d = new Date(dayOf(iso) * DAY);
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
};
export const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

// case, accents and punctuation do not matter when a person types a name: "hovhannisyan" finds "Hovhannisyan"
export const fold = (s) => String(s || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
  .replace(/[^\p{L}\p{N}]+/gu, " ").trim();

export function toast(message) {
  const t = $("#toast");
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 6000);
}

// path?params, leaving out empty values; a list becomes a repeated parameter
export function urlWith(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
    else if (v !== null && v !== undefined && v !== "" && v !== false) url.searchParams.set(k, v);
  }
  return url;
}

export async function api(path, params, options) {
  const url = urlWith(path, params);
  const r = await fetch(url, Object.assign({ headers: { Accept: "application/json" } }, options || {}));
  if (!r.ok) {
    let detail = r.statusText;
    try {
      const body = await r.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (e) { /* not JSON */ }
    const err = new Error(`${r.status}: ${detail}`);
    err.status = r.status;
    throw err;
  }
  return r.json();
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

// The orders of the lists, as the URL names them and as the API sorts (ties by date): the server sorts and pages
export const SORTS = {
  "date": { label: "Earliest first", api: "date" },
  "-date": { label: "Latest first", api: "-date" },
  "toll": { label: "Highest toll", api: "fatalities" },
  "claims": { label: "Most claims", api: "claims" },
};

export const apiSort = (sort) => (SORTS[sort] || SORTS.date).api;

export function sortSelect(value, onChange) {
  return el("label", { class: "sort" }, "Sort ",
    el("select", { name: "sort", "aria-label": "Sort events", on: { change: (ev) => onChange(ev.target.value) } },
      ...Object.entries(SORTS).map(([k, s]) => el("option", { value: k, selected: k === value }, s.label))));
}
