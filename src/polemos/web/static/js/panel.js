// The side panel: the selection's fatalities chart and its event list (sortable), or one event with its claims.
import { claimCards, eventHeader, eventItem, statementList } from "./cards.js";
import { fatalityChart } from "./charts.js";
import { focusEvent } from "./mapview.js";
import { filterParams, state, writeUrl } from "./state.js";
import { $, allEvents, api, el, plural, put, sortEvents, sortSelect, SORTS, toast } from "./util.js";

const PAGE = 50;
const SORT_CAP = 5000;            // sorting other than by date happens here, over at most this many events
let cursor = null;                // the next page of the date-ordered list
let sorted = null;                // {key, total, items, shown} for the other orders
let drawing = 0;                  // the latest call: an older one that answers late draws nothing

function head(total, capped) {
  const order = SORTS[state.sort] ? SORTS[state.sort].label.toLowerCase() : "earliest first";
  return [
    el("div", { class: "panel-head" }, el("h2", { text: "Events" }),
      sortSelect(state.sort, (v) => { state.sort = v; writeUrl(); showList(); }),
      el("button", { type: "button", class: "close only-narrow", "aria-label": "Close list",
                     on: { click: () => document.body.classList.remove("panel-open") } }, "×")),
    fatalityChart(state.points),
    el("p", { class: "hint", text: total
      ? `${plural(total, "event")}, ${order}${capped ? ` (the first ${SORT_CAP.toLocaleString("en")} by date, sorted)` : ""}. Pick one (here or on the map) to see who claims what.`
      : "No events match these filters." }),
  ];
}

async function datePage(params, more) {
  if (more && cursor) params.cursor = cursor;
  const data = await api("/api/events", Object.assign(params, { limit: PAGE }));
  return { total: data.total, items: data.items, more: !!data.next_cursor, cursor: data.next_cursor };
}

async function sortedPage(params, more) {
  const key = JSON.stringify([params, state.sort]);
  let all = sorted;
  if (!more || !all || all.key !== key) {
    const found = await allEvents(params, SORT_CAP);
    all = { key, total: found.total, items: sortEvents(found.items, state.sort), shown: 0 };
  }
  const items = all.items.slice(all.shown, all.shown + PAGE);
  return { total: all.total, items, more: all.shown + items.length < all.items.length, capped: all.total > SORT_CAP,
           sorted: Object.assign(all, { shown: all.shown + items.length }) };
}

export async function showList(more) {
  const ticket = ++drawing;
  const body = $("#panel-body");
  const params = filterParams(true);
  let data;
  try {
    data = state.sort === "date" ? await datePage(params, more) : await sortedPage(params, more);
  } catch (e) {
    toast("Could not load the event list: " + e.message);
    return;
  }
  if (state.eventId || state.view !== "map" || ticket !== drawing) return;
  cursor = data.cursor || null;
  sorted = data.sorted || sorted;
  let list = $("#event-list");
  if (!more || !list) {
    list = el("ul", { id: "event-list", class: "event-list", dataset: { sort: state.sort } });
    put(body, head(data.total, data.capped), list);
  }
  $("#more-events")?.remove();
  list.append(...data.items.map(eventItem));
  if (data.more) {
    body.append(el("button", { id: "more-events", type: "button", class: "small more",
                               on: { click: () => showList(true) } }, "More events"));
  }
}

export async function showEvent(id) {
  const body = $("#panel-body");
  document.body.classList.add("panel-open");
  put(body, el("p", { class: "hint", text: "Loading…" }));
  let e;
  try {
    e = await api("/api/events/" + encodeURIComponent(id));
  } catch (err) {
    put(body, el("p", { class: "hint", text: err.status === 404 ? "No such event." : "Could not load the event: " + err.message }));
    return;
  }
  if (state.eventId !== id) return;
  const denied = e.statements.filter((s) => s.stance === "denied").length;
  put(body,
    el("div", { class: "event-detail", dataset: { eventId: e.id } },
      eventHeader(e, () => { location.hash = "#/"; }),
      el("h3", { text: e.claims.length + denied > 1 ? "The claims, side by side" : "The claim" }),
      claimCards(e),
      statementList(e.statements.filter((s) => s.stance !== "denied"))));
  $("#panel").scrollTop = 0;
  focusEvent(e);
}
