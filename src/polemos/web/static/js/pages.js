// The pages beside the map: disputes and claimants (under the map's filters, sorted, searched and paged by the
// API), one claimant, one article with its evidence highlighted.
import { claimCards, eventHeader, eventItem, segments, trimEnd } from "./cards.js";
import { filterParams, state, writeUrl } from "./state.js";
import { $, api, apiSort, debounce, el, fmtDate, plural, put, safeUrl, sideClass, sortSelect, toast } from "./util.js";

const DISPUTES_PAGE = 10;
const CLAIMANTS_PAGE = 50;

// --- the filters in force, in words ----------------------------------------------------------------------

export function filterSummary() {
  const p = filterParams(true);
  const parts = [];
  if (p.q) parts.push(`“${p.q}”`);
  if (p.date_from || p.date_to) parts.push(`${p.date_from ? fmtDate(p.date_from) : "…"} – ${p.date_to ? fmtDate(p.date_to) : "…"}`);
  parts.push(...p.event_type);
  if (p.sub_event_type) parts.push(p.sub_event_type);
  if (p.actor_side) parts.push(`blamed: ${p.actor_side}`);
  if (p.claimant_side) parts.push(`claimed by the ${p.claimant_side} side`);
  if (p.claimant.length) parts.push(`claimant: ${$("#filter-form").elements.claimant.value.trim()}`);
  if (!parts.length) return el("p", { class: "filter-summary quiet", text: "All events. Filter them on the map." });
  return el("p", { class: "filter-summary" }, "Filters from the map: ",
    el("strong", { text: parts.join(" · ") }), " · ",
    el("a", { href: "#/", dataset: { keepState: "/" }, text: "change them" }));
}

// --- disputes -----------------------------------------------------------------------------------------------

let drawing = 0;                  // the latest call: an older one that answers late draws nothing

export async function showDisputes(page = 0) {
  const ticket = ++drawing;
  const box = $("#disputes");
  if (!box.querySelector(".dispute")) put(box, el("p", { class: "hint", text: "Loading…" }));
  let data;
  try {
    data = await api("/api/disputes", Object.assign(filterParams(true), {
      sort: apiSort(state.sort), limit: DISPUTES_PAGE, offset: page * DISPUTES_PAGE }));
  } catch (e) {
    put(box, el("p", { class: "hint", text: "Could not load disputes: " + e.message }));
    return;
  }
  if (state.view !== "disputes" || ticket !== drawing) return;
  box.dataset.sort = state.sort;
  const pages = Math.ceil(data.total / DISPUTES_PAGE);
  put(box,
    filterSummary(),
    el("div", { class: "page-tools" },
      el("span", { id: "dispute-count", dataset: { total: String(data.total) },
                   text: data.total ? plural(data.total, "disputed event") : "No disputed events under these filters." }),
      sortSelect(state.sort, (v) => { state.sort = v; writeUrl(); showDisputes(0); })),
    data.items.map((e) => el("section", { class: "dispute", dataset: { eventId: e.id } },
      eventHeader(e, null),
      claimCards(e),
      el("a", { class: "small-link", href: "#/event/" + encodeURIComponent(e.id), text: "Show on the map" }))),
    pager(page, pages, showDisputes));
  window.scrollTo(0, 0);
}

function pager(page, pages, go) {
  if (pages <= 1) return null;
  return el("nav", { class: "pager", "aria-label": "Pages" },
    el("button", { type: "button", class: "small", disabled: page === 0, on: { click: () => go(page - 1) } }, "‹ Previous"),
    el("span", { class: "page-no", text: `Page ${page + 1} of ${pages}` }),
    el("button", { type: "button", class: "small", disabled: page >= pages - 1, on: { click: () => go(page + 1) } }, "Next ›"));
}

// --- claimants ----------------------------------------------------------------------------------------------

const COLUMNS = [["claimant", "Claimant"], ["claimant_side", "Side"], ["claims", "Event claims"],
  ["corroborated", "Corroborated"], ["contradicted", "Contradicted"], ["statements", "Statements"], ["last", "Active"]];
const table = { sort: "claims", desc: true, page: 0, q: "" };
let asking = 0;                   // the latest request: an older one that answers late draws nothing

// the map's filters, as /api/claimants takes them (its own q searches names; the map's words are `search`)
function claimantParams() {
  const p = filterParams(true);
  p.search = p.q;
  delete p.q;
  return Object.assign(p, { q: table.q.trim(), sort: table.sort, order: table.desc ? "desc" : "asc",
                            limit: CLAIMANTS_PAGE, offset: table.page * CLAIMANTS_PAGE });
}

export async function showClaimants() {
  const box = $("#claimants");
  const search = el("input", { type: "search", placeholder: "Find a claimant: part of a name, any spelling or script",
                               "aria-label": "Find a claimant", maxlength: 200, value: table.q });
  const body = el("div", { id: "claimant-table" }, el("p", { class: "hint", text: "Loading…" }));
  put(box, el("h1", { text: "Claimants" }),
    el("p", { class: "lead", text: "Who claims what. A claim is corroborated when another side or a neutral source reports the same event, contradicted when another claimant denies it or blames another side. Counts cover the events the map's filters keep." }),
    filterSummary(), search, body);
  search.addEventListener("input", debounce(() => { table.q = search.value; table.page = 0; drawClaimants(); }, 150));
  drawClaimants();
}

async function drawClaimants() {
  const ticket = ++asking;
  let data;
  try {
    data = await api("/api/claimants", claimantParams());
  } catch (e) {
    toast("Could not load claimants: " + e.message);
    return;
  }
  const body = $("#claimant-table");
  if (!body || ticket !== asking) return;
  const pages = Math.ceil(data.total / CLAIMANTS_PAGE);
  const th = ([k, label]) => el("th", { "aria-sort": k === table.sort ? (table.desc ? "descending" : "ascending") : "none" },
    el("button", { type: "button", class: "th-sort", on: { click: () => {
      table.desc = k === table.sort ? !table.desc : !["claimant", "claimant_side"].includes(k);
      table.sort = k; table.page = 0; drawClaimants();
    } } }, label));
  put(body,
    el("p", { class: "hint", text: table.q.trim() ? `${plural(data.total, "claimant")} match` : plural(data.total, "claimant") }),
    el("div", { class: "table-scroll" }, el("table", { class: "profiles" },
      el("thead", {}, el("tr", {}, ...COLUMNS.map(th))),
      el("tbody", {}, ...data.items.map((p) => el("tr", {},
        el("td", {}, el("a", { href: `#/claimant/${encodeURIComponent(p.claimant_side)}/${encodeURIComponent(p.claimant)}`, text: p.claimant }),
          p.outlet_voice ? el("span", { class: "quiet", text: " (its own reporting)" }) : null),
        el("td", {}, el("span", { class: "chip " + sideClass(p.claimant_side), text: p.claimant_side })),
        el("td", { class: "num", text: p.claims }), el("td", { class: "num", text: p.corroborated }),
        el("td", { class: "num", text: p.contradicted }), el("td", { class: "num", text: p.statements }),
        el("td", { class: "quiet nowrap", text: p.first ? (p.first === p.last ? fmtDate(p.first) : `${fmtDate(p.first)} – ${fmtDate(p.last)}`) : "" })))))),
    pager(table.page, pages, (n) => { table.page = n; drawClaimants(); }));
}

export function forgetClaimants() {
  table.page = 0;
}

export async function showClaimant(side, name) {
  const box = $("#claimants");
  put(box, el("p", { class: "hint", text: "Loading…" }));
  let d;
  try {
    d = await api("/api/claimant", { name, side });
  } catch (e) {
    put(box, el("p", { class: "hint", text: e.status === 404 ? "No such claimant." : e.message }));
    return;
  }
  const p = d.profiles[0];
  const stat = (n, label) => el("div", { class: "stat" }, el("strong", { text: String(n) }), el("span", { text: label }));
  put(box,
    el("p", {}, el("a", { href: "#/claimants", dataset: { keepState: "/claimants" }, text: "← All claimants" })),
    el("h1", {}, p.claimant, " ", el("span", { class: "chip " + sideClass(p.claimant_side), text: p.claimant_side })),
    p.names && p.names.length > 1 ? el("p", { class: "quiet spellings", text: "Also written: " + p.names.filter((n) => n !== p.claimant).join(" · ") }) : null,
    el("div", { class: "stats" }, stat(p.claims, "event claims"), stat(p.corroborated, "corroborated"),
      stat(p.contradicted, "contradicted"), stat(p.statements, "statements")),
    el("h2", { text: "Events they claim" }),
    d.events.length ? el("ul", { class: "event-list wide" }, ...d.events.map(eventItem)) : el("p", { class: "hint", text: "None." }),
    el("h2", { text: "Statements" }),
    d.statements.length ? el("ul", { class: "stmt-list" }, ...d.statements.map(statementItem))
      : el("p", { class: "hint", text: "None." }));
  writeUrl();
}

function statementItem(s) {
  const art = s.article || {};
  const when = [art.outlet, (art.date || s.date) && fmtDate(art.date || s.date)].filter(Boolean).join(", ");
  return el("li", {},
    el("span", { class: "stmt-type", text: s.type || "statement" }), " ",
    s.stance === "denied" ? el("span", { class: "stance stance-denied", text: "denied " }) : null,
    when ? el("span", { class: "quiet", text: when + " " }) : null,
    el("q", { text: s.evidence || "" }), " ",
    el("a", { href: `#/article/${encodeURIComponent(s.article_id)}?record=${encodeURIComponent(s.id)}`, text: "article" }));
}

// --- one article --------------------------------------------------------------------------------------------

export async function showArticle(id, record) {
  const box = $("#article");
  put(box, el("p", { class: "hint", text: "Loading…" }));
  let a;
  try {
    a = await api("/api/articles/" + encodeURIComponent(id));
  } catch (e) {
    put(box, el("p", { class: "hint", text: e.status === 404 ? "No such article." : e.message }));
    return;
  }
  const spans = a.spans.map((s) => ({
    start: s.start, end: trimEnd(a.text, s.start, s.end),
    cls: [s.kind === "event" ? "ev-span" : s.kind === "statement" ? "st-span" : "at-span",
          s.kind !== "attribution" ? sideClass(s.claimant_side).split(" ")[1] : "",
          s.record_id === record ? "focus" : ""].filter(Boolean).join(" "),
    data: s.event_id ? { eventId: s.event_id } : null,
  }));
  const link = a.url && safeUrl(a.url);
  const textBox = el("div", { class: "article-text" }, segments(a.text, spans));
  textBox.addEventListener("click", (ev) => {
    const m = ev.target.closest("mark[data-event-id]");
    if (m) location.hash = "#/event/" + encodeURIComponent(m.dataset.eventId);
  });
  put(box, 
    el("p", {}, el("a", { href: "#/", text: "← Map" })),
    el("h1", { text: a.title || `Article of ${fmtDate(a.date)}` }),
    el("p", { class: "where" }, [a.outlet, fmtDate(a.date), a.language].filter(Boolean).join(" · "),
      link ? [" · ", el("a", { href: link, rel: "noopener noreferrer nofollow", target: "_blank", text: "source" })] :
        (a.url ? el("span", { class: "quiet", text: " · " + a.url }) : null)),
    a.status === "skipped" ? el("p", { class: "hint", text: "Not processed: " + (a.skip_reason || "skipped") }) : null,
    el("div", { class: "legend-inline" },
      el("mark", { class: "ev-span", text: "event evidence" }), " ",
      el("mark", { class: "st-span", text: "statement" }), " ",
      el("mark", { class: "at-span", text: "attributed speech" }),
      el("span", { class: "quiet", text: " · click event evidence to open the event" })),
    textBox);
  box.querySelector("mark.focus")?.scrollIntoView({ block: "center" });
}

