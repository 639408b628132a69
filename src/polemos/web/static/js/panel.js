// The side panel: the selection's fatalities chart and its event list (sortable), or one event with its claims.
import { claimCards, eventHeader, eventItem, statementList } from "./cards.js";
import { fatalityChart } from "./charts.js";
import { focusEvent } from "./mapview.js";
import { filterParams, state, writeUrl } from "./state.js";
import { $, api, apiSort, el, plural, put, sortSelect, SORTS, toast } from "./util.js";

const PAGE = 50;
let cursor = null;                // the next page of the list, in its order (the API's cursor keeps the order)
let drawing = 0;                  // the latest call: an older one that answers late draws nothing

function head(total) {
  const order = SORTS[state.sort] ? SORTS[state.sort].label.toLowerCase() : "earliest first";
  return [
    el("div", { class: "panel-head" }, el("h2", { text: "Events" }),
      sortSelect(state.sort, (v) => { state.sort = v; writeUrl(); showList(); }),
      el("button", { type: "button", class: "close only-narrow", "aria-label": "Close list",
                     on: { click: () => document.body.classList.remove("panel-open") } }, "×")),
    fatalityChart(state.points),
    el("p", { class: "hint", text: total
      ? `${plural(total, "event")}, ${order}. Pick one (here or on the map) to see who claims what.`
      : "No events match these filters." }),
  ];
}

async function listPage(params, more) {
  if (more && cursor) params.cursor = cursor;
  const data = await api("/api/events", Object.assign(params, { limit: PAGE, sort: apiSort(state.sort) }));
  return { total: data.total, items: data.items, more: !!data.next_cursor, cursor: data.next_cursor };
}

export async function showList(more) {
  const ticket = ++drawing;
  const body = $("#panel-body");
  const params = filterParams(true);
  let data;
  try {
    data = await listPage(params, more);
  } catch (e) {
    toast("Could not load the event list: " + e.message);
    return;
  }
  if (state.eventId || state.view !== "map" || ticket !== drawing) return;
  cursor = data.cursor || null;
  let list = $("#event-list");
  if (!more || !list) {
    list = el("ul", { id: "event-list", class: "event-list", dataset: { sort: state.sort } });
    put(body, head(data.total), list);
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
