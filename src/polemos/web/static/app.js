// The polemos web view: map, timeline, filters, event panel, disputes, claimants, articles, ingest.
// Every piece of data goes into the page as text (textContent, text nodes, attribute values), never as HTML,
// so an article holding <script> or onerror= stays inert.
"use strict";
(() => {
  const TYPE_COLORS = {
    "Battles": "#e4572e",
    "Explosions/Remote violence": "#7b3294",
    "Violence against civilians": "#c51b7d",
    "Protests": "#1b9e77",
    "Riots": "#d95f02",
    "Strategic developments": "#386cb0",
  };
  const OTHER_COLOR = "#666";
  const FORMATS = [["jsonl", "JSON lines (.jsonl)"], ["acled-csv", "ACLED CSV (.csv)"], ["geojson", "GeoJSON"],
                   ["parquet", "Parquet"], ["plover-json", "PLOVER JSON"], ["table", "Text table (.txt)"]];
  const DAY = 86400000;
  const PAGE = 50;

  const state = {
    info: null, facets: null, map: null, cluster: null, labels: null, fitted: false,
    brush: null,            // [fromDay, toDay] as day numbers (UTC days since 1970), inclusive
    days: [],               // [[date, n]] from /api/timeline
    listCursor: null, view: "map", eventId: null, seq: 0,
  };

  // ---------------------------------------------------------------------------------------- helpers
  const $ = (sel, root = document) => root.querySelector(sel);

  function el(tag, attrs, ...kids) {
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

  function put(node, ...kids) {
    // replaceChildren without the nulls that conditional parts leave (it would print them as "null")
    node.replaceChildren(...kids.flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false));
    return node;
  }

  function svg(tag, attrs, ...kids) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    kids.forEach((kid) => kid && node.append(kid));
    return node;
  }

  function safeUrl(url) {
    // only web links become links: a javascript: or data: URL in an article stays text
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  const typeColor = (t) => TYPE_COLORS[t] || OTHER_COLOR;
  const sideClass = (s) => "side side-" + String(s || "unknown").toLowerCase().replace(/[^a-z]+/g, "-");
  const dayOf = (iso) => Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY);
  const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
  const fmtDate = (iso) => {
    if (!iso) return "date unknown";
    const d = new Date(dayOf(iso) * DAY);
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  };
  const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

  function toast(message) {
    const t = $("#toast");
    t.textContent = message;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 6000);
  }

  // path?params, leaving out empty values; a list becomes a repeated parameter
  function urlWith(path, params) {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
      else if (v !== null && v !== undefined && v !== "" && v !== false) url.searchParams.set(k, v);
    }
    return url;
  }

  async function api(path, params, options) {
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

  function debounce(fn, ms) {
    let t = null;
    return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  }

  // ---------------------------------------------------------------------------------------- filters
  function filterParams(withDates = true) {
    const form = $("#filter-form");
    const f = new FormData(form);
    const p = {
      q: (f.get("q") || "").trim(),
      event_type: [...form.querySelectorAll("#type-boxes input:checked")].map((i) => i.value),
      sub_event_type: f.get("sub_event_type") || "",
      actor_side: f.get("actor_side") || "",
      claimant_side: f.get("claimant_side") || "",
      claimant: (f.get("claimant") || "").trim(),
      disputed: f.get("disputed") ? "true" : "",
    };
    if (withDates) {
      p.date_from = f.get("date_from") || "";
      p.date_to = f.get("date_to") || "";
    }
    return p;
  }

  function buildFilters() {
    const fc = state.facets;
    const boxes = $("#type-boxes");
    put(boxes, ...fc.event_types.map((t) =>
      el("label", { class: "check" },
        el("input", { type: "checkbox", name: "event_type", value: t.event_type }),
        el("span", { class: "swatch", style: `background:${typeColor(t.event_type)}` }),
        t.event_type)));
    const sub = $("#sub-select");
    put(sub, el("option", { value: "" }, "any"), ...fc.event_types.map((t) =>
      el("optgroup", { label: t.event_type }, ...t.sub_event_types.map((s) => el("option", { value: s }, s)))));
    put($("#actor-select"), el("option", { value: "" }, "any"),
      ...fc.actor_sides.map((s) => el("option", { value: s }, s)));
    put($("#side-select"), el("option", { value: "" }, "any"),
      ...fc.claimant_sides.map((s) => el("option", { value: s }, s)));
    put($("#claimant-list"), ...fc.claimants.map((c) => el("option", { value: c.claimant })));
    const legend = $("#legend");
    put(legend, 
      el("div", { class: "legend-title" }, "Event types"),
      ...Object.entries(TYPE_COLORS).filter(([t]) => fc.event_types.some((x) => x.event_type === t)).map(([t, c]) =>
        el("div", { class: "legend-row" }, el("span", { class: "dot", style: `background:${c}` }), t)),
      el("div", { class: "legend-row" }, el("span", { class: "dot disputed-ring" }), "disputed"),
      el("div", { class: "legend-row" }, el("span", { class: "dot big" }), "larger: more killed"));
  }

  function onFiltersChanged(datesFromInputs) {
    if (datesFromInputs) {
      const f = new FormData($("#filter-form"));
      const from = f.get("date_from"), to = f.get("date_to");
      state.brush = from || to ? [from ? dayOf(from) : state.domain[0], to ? dayOf(to) : state.domain[1]] : null;
    }
    refreshAll(!datesFromInputs);
  }

  // ---------------------------------------------------------------------------------------- map
  function initMap() {
    const map = L.map("map", { minZoom: 2, maxZoom: 14, worldCopyJump: true, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Basemap: Natural Earth (public domain)");
    map.createPane("base").style.zIndex = 200;
    map.setView([40, 46.5], 6);
    state.map = map;
    state.cluster = L.markerClusterGroup({
      maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, disableClusteringAtZoom: 11,
      chunkedLoading: true, iconCreateFunction: clusterIcon,
    });
    map.addLayer(state.cluster);
    state.labels = L.layerGroup();
    map.on("zoomend", () => {
      if (map.getZoom() >= 5) map.addLayer(state.labels); else map.removeLayer(state.labels);
    });
    fetch("/static/basemap.geojson").then((r) => r.json()).then((geo) => {
      L.geoJSON(geo, {
        pane: "base", interactive: false,
        style: { color: "#a9a294", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map);
      for (const f of geo.features) {
        const [lon, lat] = f.properties.label;
        L.marker([lat, lon], {
          interactive: false, keyboard: false, pane: "base",
          icon: L.divIcon({ className: "country-label", html: el("span", { text: f.properties.name }),
                            iconSize: null }),
        }).addTo(state.labels);
      }
      if (map.getZoom() >= 5) map.addLayer(state.labels);
    }).catch(() => toast("The basemap could not be loaded: events are shown without country shapes."));
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

  const radius = (f) => (f ? Math.min(18, 6 + 3 * Math.sqrt(f)) : 6);

  function drawPoints(data) {
    state.cluster.clearLayers();
    const few = data.points.length <= 300;
    const markers = data.points.map(([id, lat, lon, type, fat, disputed, date, place, sub, low]) => {
      const m = L.circleMarker([lat, lon], {
        radius: radius(fat), fillColor: typeColor(type), fillOpacity: 0.88, disputed: !!disputed,
        color: disputed ? "#1a1a1a" : "#ffffff", weight: disputed ? 2.5 : 1.2, dashArray: disputed ? "4 3" : null,
        className: "ev-marker" + (disputed ? " disputed" : ""),
      });
      const tip = el("div", { class: "tip" },
        el("strong", { text: sub || type || "event" }),
        el("div", { text: `${place || "place unknown"} · ${fmtDate(date)}` }),
        fat ? el("div", { text: low !== null && low !== fat ? `${low}–${fat} killed (claims differ)` : `${fat} killed` }) : null,
        disputed ? el("div", { class: "tip-disputed", text: "disputed" }) : null);
      if (few) {
        // few events: name each place on the map (there are no tiles to name them); details on hover above
        m.bindTooltip(el("span", { text: place || "" }), { permanent: true, direction: "right", offset: [radius(fat), 0],
                                                          className: "place-label" });
        let hover = null;
        m.on("mouseover", () => {
          hover = L.tooltip({ direction: "top", offset: [0, -radius(fat)] }).setLatLng(m.getLatLng()).setContent(tip);
          hover.addTo(state.map);
        });
        m.on("mouseout remove", () => { if (hover) { hover.remove(); hover = null; } });
      } else {
        m.bindTooltip(tip, { direction: "top", offset: [0, -6] });
      }
      m.on("click", () => { location.hash = "#/event/" + encodeURIComponent(id); });
      m.on("add", () => m.getElement()?.setAttribute("data-event-id", id));
      return m;
    });
    state.cluster.addLayers(markers);
    if (!state.fitted && markers.length) {
      state.fitted = true;
      const bounds = L.latLngBounds(data.points.map((p) => [p[1], p[2]]));
      state.map.fitBounds(bounds.pad(0.3), { maxZoom: 8 });
    }
  }

  function showCount(data) {
    const c = $("#count");
    const range = state.brush ? ` · ${fmtDate(isoOf(state.brush[0]))} – ${fmtDate(isoOf(state.brush[1]))}` : "";
    const all = state.info ? state.info.events : data.total;
    c.textContent = data.total === all ? plural(all, "event") : `${data.total.toLocaleString("en")} of ${plural(all, "event")}`;
    c.title = range ? range.slice(3) : "";
    c.dataset.total = String(data.total);
    const unplaced = data.total - data.shown;
    if (unplaced > 0) c.title = `${unplaced} not on the map (no coordinates, or over the ${data.cap} shown)`;
  }

  // ---------------------------------------------------------------------------------------- timeline
  function binning(domain) {
    const span = domain[1] - domain[0] + 1;
    if (span <= 120) return { unit: "day", start: (d) => d, next: (d) => d + 1 };
    if (span <= 3 * 365) return { unit: "week", start: (d) => d - ((d + 3) % 7), next: (d) => d + 7 };   // Mondays
    const start = (d) => { const t = new Date(d * DAY); return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1) / DAY; };
    const next = (d) => { const t = new Date(d * DAY); return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) / DAY; };
    return { unit: "month", start, next };
  }

  function drawTimeline() {
    const box = $("#histogram");
    put(box, );
    const W = box.clientWidth || 600, H = box.clientHeight || 90, pad = 18;
    const domain = state.domain;
    if (!domain) {
      box.append(svg("text", { x: 8, y: 20, class: "axis", text: "No dated events" }));
      return;
    }
    const b = binning(domain);
    const lo = b.start(domain[0]), hi = b.next(b.start(domain[1]));
    const x = (d) => ((d - lo) / (hi - lo)) * W;
    const bins = new Map();
    for (const [date, n] of state.days) {
      const s = b.start(dayOf(date));
      bins.set(s, (bins.get(s) || 0) + n);
    }
    const max = Math.max(1, ...bins.values());
    const bars = svg("g", { class: "bars" });
    for (const [s, n] of bins) {
      const e = b.next(s);
      const inBrush = !state.brush || (e - 1 >= state.brush[0] && s <= state.brush[1]);
      const h = Math.max(2, (n / max) * (H - pad - 6));
      const rect = svg("rect", { x: x(s) + 0.5, y: H - pad - h, width: Math.max(1, x(e) - x(s) - 1), height: h,
                                 class: inBrush ? "bar" : "bar out" });
      rect.append(svg("title", { text: `${fmtDate(isoOf(s))}${b.unit === "day" ? "" : " (" + b.unit + ")"}: ${plural(n, "event")}` }));
      bars.append(rect);
    }
    box.append(bars);
    const axis = svg("g", { class: "axis" });
    const ticks = Math.max(2, Math.floor(W / 110));
    for (let i = 0; i <= ticks; i++) {
      const d = Math.round(lo + ((hi - 1 - lo) * i) / ticks);
      const tx = Math.min(W - 4, Math.max(4, x(d)));
      axis.append(svg("line", { x1: x(d), x2: x(d), y1: H - pad, y2: H - pad + 4 }));
      axis.append(svg("text", { x: tx, y: H - 3, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle",
                                text: fmtDate(isoOf(d)) }));
    }
    axis.append(svg("line", { x1: 0, x2: W, y1: H - pad, y2: H - pad }));
    box.append(axis);
    const sel = svg("rect", { class: "brush", y: 0, height: H - pad, x: 0, width: 0 });
    if (state.brush) {
      sel.setAttribute("x", x(state.brush[0]));
      sel.setAttribute("width", Math.max(2, x(state.brush[1] + 1) - x(state.brush[0])));
    }
    box.append(sel);
    state.timelineScale = { x, lo, hi, W, b };
  }

  function initBrush() {
    const box = $("#histogram");
    let start = null;
    const dayAt = (ev) => {
      const { lo, hi, W } = state.timelineScale;
      const r = box.getBoundingClientRect();
      const px = Math.min(W, Math.max(0, ev.clientX - r.left));
      return Math.min(hi - 1, Math.floor(lo + (px / W) * (hi - lo)));
    };
    const snap = (a, z) => {
      const { b } = state.timelineScale;
      const from = b.start(Math.min(a, z)), to = b.next(b.start(Math.max(a, z))) - 1;
      return [Math.max(from, state.domain[0]), Math.min(to, state.domain[1])];
    };
    const show = (range) => {
      const { x } = state.timelineScale;
      const sel = box.querySelector(".brush");
      sel.setAttribute("x", x(range[0]));
      sel.setAttribute("width", Math.max(2, x(range[1] + 1) - x(range[0])));
    };
    box.addEventListener("pointerdown", (ev) => {
      if (!state.timelineScale || !state.domain) return;
      start = dayAt(ev);
      box.setPointerCapture(ev.pointerId);
      show(snap(start, start));
    });
    box.addEventListener("pointermove", (ev) => { if (start !== null) show(snap(start, dayAt(ev))); });
    const end = (ev) => {
      if (start === null) return;
      const range = snap(start, dayAt(ev));
      start = null;
      setBrush(range);
    };
    box.addEventListener("pointerup", end);
    box.addEventListener("pointercancel", () => { start = null; drawTimeline(); });
    $("#brush-clear").addEventListener("click", () => setBrush(null));
  }

  function setBrush(range) {
    state.brush = range;
    const form = $("#filter-form");
    form.elements.date_from.value = range ? isoOf(range[0]) : "";
    form.elements.date_to.value = range ? isoOf(range[1]) : "";
    $("#brush-clear").hidden = !range;
    $("#brush-label").textContent = range
      ? `${fmtDate(isoOf(range[0]))} – ${fmtDate(isoOf(range[1]))}` : "Drag across the timeline to pick dates";
    drawTimeline();
    refreshAll(false);
  }

  // ---------------------------------------------------------------------------------------- refresh
  async function refreshAll(timelineToo) {
    const seq = ++state.seq;
    try {
      const params = filterParams(true);
      const jobs = [api("/api/map", params)];
      if (timelineToo) jobs.push(api("/api/timeline", filterParams(false)));
      const [points, tl] = await Promise.all(jobs);
      if (seq !== state.seq) return;          // a newer request is on its way
      if (tl) {
        state.days = tl.days;
        drawTimeline();
      }
      drawPoints(points);
      showCount(points);
      exportLinks();
      $("#brush-clear").hidden = !state.brush;
      if (state.view === "map" && !state.eventId) showList();
    } catch (e) {
      toast("Could not load events: " + e.message);
    }
  }

  // ---------------------------------------------------------------------------------------- panel: list
  function eventItem(e) {
    const claimants = [...new Set(e.claimants.map((c) => c.claimant))];
    return el("li", {},
      el("a", { class: "ev-item", href: "#/event/" + encodeURIComponent(e.id) },
        el("span", { class: "dot", style: `background:${typeColor(e.event_type)}` }),
        el("span", { class: "ev-main" },
          el("span", { class: "ev-title", text: e.sub_event_type || e.event_type || "event" }),
          el("span", { class: "ev-meta", text: `${e.location.name || "place unknown"} · ${fmtDate(e.date)}` }),
          el("span", { class: "ev-claimants", text: claimants.join(" · ") })),
        el("span", { class: "ev-badges" },
          e.disputed ? el("span", { class: "badge disputed", text: "disputed" }) : null,
          e.fatalities_high ? el("span", { class: "badge toll", text: tollText(e, true) }) : null)));
  }

  async function showList(more) {
    const body = $("#panel-body");
    const params = Object.assign(filterParams(true), { limit: PAGE });
    if (more && state.listCursor) params.cursor = state.listCursor;
    let data;
    try {
      data = await api("/api/events", params);
    } catch (e) {
      toast("Could not load the event list: " + e.message);
      return;
    }
    if (state.eventId) return;
    state.listCursor = data.next_cursor;
    let list = $("#event-list");
    if (!more || !list) {
      list = el("ul", { id: "event-list", class: "event-list" });
      put(body, 
        el("div", { class: "panel-head" }, el("h2", { text: "Events" }),
          el("button", { type: "button", class: "close only-narrow", "aria-label": "Close list",
                         on: { click: () => document.body.classList.remove("panel-open") } }, "×")),
        el("p", { class: "hint", text: data.total
          ? `${plural(data.total, "event")}, earliest first. Pick one (here or on the map) to see who claims what.`
          : "No events match these filters." }),
        list);
    }
    $("#more-events")?.remove();
    list.append(...data.items.map(eventItem));
    if (data.next_cursor) {
      body.append(el("button", { id: "more-events", type: "button", class: "small more",
                                 on: { click: () => showList(true) } }, "More events"));
    }
  }

  // ---------------------------------------------------------------------------------------- panel: one event
  function tollText(e, short) {
    const lo = e.fatalities_low, hi = e.fatalities_high;
    if (hi === null || hi === undefined) return short ? "" : "No death toll given";
    if (lo === hi) return `${lo} killed`;
    return short ? `${lo}–${hi} killed` : `${lo} to ${hi} killed: the claims differ`;
  }

  function segments(text, spans) {
    // text with spans [{start, end, cls, data}] wrapped in <mark>; overlapping spans share a segment
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(Math.max(0, Math.min(text.length, s.start))); cuts.add(Math.max(0, Math.min(text.length, s.end))); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], z = points[i + 1];
      const part = text.slice(a, z);
      const on = spans.filter((s) => s.start <= a && s.end >= z && s.end > s.start);
      if (!on.length) { frag.append(part); continue; }
      const mark = el("mark", { class: [...new Set(on.flatMap((s) => s.cls.split(" ")))].join(" ") }, part);
      const withEvent = on.find((s) => s.data && s.data.eventId);
      if (withEvent) Object.assign(mark.dataset, withEvent.data);
      frag.append(mark);
    }
    return frag;
  }

  function trimEnd(text, start, end) {
    // evidence spans often carry the paragraph break after them: highlight the words only
    while (end > start && /\s/.test(text[end - 1])) end--;
    return end;
  }

  function evidenceBlock(claim) {
    const ctx = claim.context;
    if (!ctx) return el("blockquote", { class: "evidence" }, claim.evidence || "");
    const spans = [{ start: ctx.evidence.start, end: trimEnd(ctx.text, ctx.evidence.start, ctx.evidence.end), cls: "ev-hl" }];
    if (ctx.cue) spans.push({ start: ctx.cue.start, end: ctx.cue.end, cls: "cue" });
    return el("blockquote", { class: "evidence" }, ctx.cut_before ? "… " : null, segments(ctx.text, spans),
      ctx.cut_after ? " …" : null);
  }

  function claimCard(c) {
    const killed = c.fatalities !== null && c.fatalities !== undefined;
    const injured = c.injured !== null && c.injured !== undefined;
    const blamed = c.actor1 ? `${c.actor1}${(c.actor1_side || c.actor1_side_guess) ? " (" + (c.actor1_side || c.actor1_side_guess) + ")" : ""}` : null;
    const art = c.article || {};
    return el("article", { class: "claim " + sideClass(c.claimant_side) + (c.stance === "denied" ? " denied" : "") },
      el("header", {},
        el("a", { class: "claimant", text: c.claimant || "unknown",
                  href: `#/claimant/${encodeURIComponent(c.claimant_side || "unknown")}/${encodeURIComponent(c.claimant || "")}` }),
        el("span", { class: "chip " + sideClass(c.claimant_side), text: c.claimant_side || "unknown" })),
      el("dl", { class: "facts" },
        el("dt", {}, "Says"), el("dd", {},
          el("span", { class: "stance stance-" + (c.stance || "asserted"), text: c.stance || "asserted" }),
          c.hedged ? el("span", { class: "hedged", text: " (hedged)" }) : null,
          c.attribution_cue ? ` · cue “${c.attribution_cue}”` : null,
          c.relayed_by ? ` · via ${c.relayed_by}` : null),
        el("dt", {}, "Toll"), el("dd", {}, killed ? `${c.fatalities} killed` : "none given",
          killed && c.fatalities_text ? el("span", { class: "quiet", text: ` (“${c.fatalities_text}”)` }) : null,
          injured ? `, ${c.injured} injured` : null),
        blamed ? [el("dt", {}, "Blames"), el("dd", { text: blamed })] : null,
        c.actor2 ? [el("dt", {}, "Target"), el("dd", { text: c.actor2 + (c.target ? ` (${c.target})` : "") })] : null,
        c.weapon ? [el("dt", {}, "Weapon"), el("dd", { text: c.weapon })] : null,
        el("dt", {}, "When"), el("dd", { text: `${fmtDate(c.date)} · ${(c.location && c.location.name) || "place unknown"}` })),
      evidenceBlock(c),
      el("footer", {},
        el("a", { href: `#/article/${encodeURIComponent(c.article_id)}?record=${encodeURIComponent(c.id)}`,
                  text: "Read the article" }),
        el("span", { class: "quiet", text: ` · ${[art.outlet, art.date && fmtDate(art.date)].filter(Boolean).join(", ")}` })));
  }

  function statementCard(s) {
    const art = s.article || {};
    return el("article", { class: "claim statement " + sideClass(s.claimant_side) + (s.stance === "denied" ? " denied" : "") },
      el("header", {},
        el("a", { class: "claimant", text: s.claimant || "unknown",
                  href: `#/claimant/${encodeURIComponent(s.claimant_side || "unknown")}/${encodeURIComponent(s.claimant || "")}` }),
        el("span", { class: "chip " + sideClass(s.claimant_side), text: s.claimant_side || "unknown" })),
      el("dl", { class: "facts" },
        el("dt", {}, "Says"), el("dd", {},
          el("span", { class: "stance stance-" + (s.stance || "asserted"), text: s.stance || "asserted" }),
          s.attribution_cue ? ` · cue “${s.attribution_cue}”` : null),
        el("dt", {}, "Kind"), el("dd", { text: `${s.type || "statement"} in the same article` })),
      evidenceBlock(s),
      el("footer", {},
        el("a", { href: `#/article/${encodeURIComponent(s.article_id)}?record=${encodeURIComponent(s.id)}`, text: "Read the article" }),
        el("span", { class: "quiet", text: ` · ${[art.outlet, art.date && fmtDate(art.date)].filter(Boolean).join(", ")}` })));
  }

  function claimCards(e) {
    // the event's claims, then the denials stated in the same articles: the sides side by side
    const denials = new Map();
    const shown = new Set(e.claims.filter((c) => c.stance === "denied").map((c) => `${c.claimant}|${c.claimant_side}`));
    for (const s of e.statements.filter((x) => x.stance === "denied")) {
      const key = `${s.claimant}|${s.claimant_side}`;
      if (shown.has(key)) continue;        // the denial is already there as a claim about the event
      if (!denials.has(key) || (s.type === "REJECT" && denials.get(key).type !== "REJECT")) denials.set(key, s);
    }
    const box = el("div", { class: "claims" }, ...e.claims.map(claimCard), ...[...denials.values()].map(statementCard));
    requestAnimationFrame(() => {
      // long excerpts scroll inside their box: bring the highlighted evidence into view
      for (const q of box.querySelectorAll("blockquote.evidence")) {
        const m = q.querySelector("mark.ev-hl");
        if (m && m.offsetTop - q.offsetTop > q.clientHeight - 40) q.scrollTop = m.offsetTop - q.offsetTop - 24;
      }
    });
    return box;
  }

  function statementList(stmts) {
    if (!stmts.length) return null;
    return el("section", { class: "statements" },
      el("h3", { text: "Other statements in the same articles" }),
      el("ul", {}, ...stmts.map((s) => el("li", { class: s.stance === "denied" ? "denied" : "" },
        el("span", { class: "stmt-type", text: s.type || "statement" }), " ",
        el("strong", { text: s.claimant || "unknown" }), " ",
        el("span", { class: "chip " + sideClass(s.claimant_side), text: s.claimant_side || "unknown" }),
        s.stance === "denied" ? el("span", { class: "stance stance-denied", text: " denied" }) : null,
        el("q", { text: s.evidence || "" })))));
  }

  function eventHeader(e, onClose) {
    return el("div", { class: "event-head" },
      el("div", { class: "title-row" },
        el("span", { class: "dot big", style: `background:${typeColor(e.event_type)}` }),
        el("h2", { text: e.sub_event_type || e.event_type || "Event" }),
        onClose ? el("button", { type: "button", class: "close", "aria-label": "Close", on: { click: onClose } }, "×") : null),
      el("p", { class: "where", text: `${e.location.name || "place unknown"}${e.location.country ? ", " + e.location.country : ""} · ${fmtDate(e.date)}` }),
      el("div", { class: "badges" },
        e.disputed ? el("span", { class: "badge disputed", text: "disputed",
                                  title: "the sides disagree: see the reasons below" }) : null,
        e.corroborated ? el("span", { class: "badge corroborated", text: "corroborated",
                                      title: "reported by more than one side, or by a neutral source" }) : null,
        el("span", { class: "badge", text: `${plural(e.n_claims, "claim")} · ${plural(e.n_articles, "article")}` })),
      e.dispute_reasons.length ? el("ul", { class: "reasons" }, ...e.dispute_reasons.map((r) => el("li", { text: r }))) : null,
      el("p", { class: "toll", text: [tollText(e, false), e.injured ? `${e.injured} injured` : null,
        e.civilian_targeting ? "civilians targeted" : null].filter(Boolean).join(" · ") }));
  }

  async function showEvent(id) {
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
    put(body, 
      el("div", { class: "event-detail", dataset: { eventId: e.id } },
        eventHeader(e, () => { location.hash = "#/"; }),
        el("h3", { text: e.claims.length + e.statements.filter((s) => s.stance === "denied").length > 1
          ? "The claims, side by side" : "The claim" }),
        claimCards(e),
        statementList(e.statements.filter((s) => s.stance !== "denied"))));
    body.scrollTop = 0;
    if (e.location.lat !== null && state.map) {
      const ll = L.latLng(e.location.lat, e.location.lon);
      if (!state.map.getBounds().pad(-0.1).contains(ll)) state.map.panTo(ll);
    }
  }

  // ---------------------------------------------------------------------------------------- disputes
  async function showDisputes(offset = 0) {
    const box = $("#disputes");
    if (!offset) put(box, el("p", { class: "hint", text: "Loading…" }));
    let data;
    try {
      data = await api("/api/disputes", { limit: 20, offset });
    } catch (e) {
      put(box, el("p", { class: "hint", text: "Could not load disputes: " + e.message }));
      return;
    }
    if (!offset) put(box, el("p", { class: "hint", text: data.total ? plural(data.total, "disputed event") : "No disputed events yet." }));
    $("#more-disputes")?.remove();
    for (const e of data.items) {
      box.append(el("section", { class: "dispute" },
        eventHeader(e, null),
        claimCards(e),
        el("a", { class: "small-link", href: "#/event/" + encodeURIComponent(e.id), text: "Show on the map" })));
    }
    if (offset + data.items.length < data.total) {
      box.append(el("button", { id: "more-disputes", type: "button", class: "small more",
                                on: { click: () => showDisputes(offset + data.items.length) } }, "More disputes"));
    }
  }

  // ---------------------------------------------------------------------------------------- claimants
  async function showClaimants() {
    const box = $("#claimants");
    const search = el("input", { type: "search", placeholder: "Find a claimant", "aria-label": "Find a claimant", maxlength: 200 });
    const table = el("table", { class: "profiles" });
    put(box, el("h1", { text: "Claimants" }),
      el("p", { class: "lead", text: "Who claims what. A claim is corroborated when another side or a neutral source reports the same event, contradicted when another claimant denies it or blames another side." }),
      search, table);
    const load = async () => {
      let data;
      try {
        data = await api("/api/claimants", { q: search.value.trim(), limit: 500 });
      } catch (e) {
        toast("Could not load claimants: " + e.message);
        return;
      }
      put(table, 
        el("thead", {}, el("tr", {}, ...["Claimant", "Side", "Event claims", "Corroborated", "Contradicted", "Statements", "Active"].map((h) => el("th", { text: h })))),
        el("tbody", {}, ...data.items.map((p) => el("tr", {},
          el("td", {}, el("a", { href: `#/claimant/${encodeURIComponent(p.claimant_side)}/${encodeURIComponent(p.claimant)}`, text: p.claimant })),
          el("td", {}, el("span", { class: "chip " + sideClass(p.claimant_side), text: p.claimant_side })),
          el("td", { class: "num", text: p.claims }), el("td", { class: "num", text: p.corroborated }),
          el("td", { class: "num", text: p.contradicted }), el("td", { class: "num", text: p.statements }),
          el("td", { class: "quiet", text: p.first ? (p.first === p.last ? fmtDate(p.first) : `${fmtDate(p.first)} – ${fmtDate(p.last)}`) : "" })))));
    };
    search.addEventListener("input", debounce(load, 250));
    await load();
  }

  async function showClaimant(side, name) {
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
      el("p", {}, el("a", { href: "#/claimants", text: "← All claimants" })),
      el("h1", {}, p.claimant, " ", el("span", { class: "chip " + sideClass(p.claimant_side), text: p.claimant_side })),
      p.names && p.names.length > 1 ? el("p", { class: "quiet spellings", text: "Also written: " + p.names.filter((n) => n !== p.claimant).join(" · ") }) : null,
      el("div", { class: "stats" }, stat(p.claims, "event claims"), stat(p.corroborated, "corroborated"),
        stat(p.contradicted, "contradicted"), stat(p.statements, "statements")),
      el("h2", { text: "Events they claim" }),
      d.events.length ? el("ul", { class: "event-list wide" }, ...d.events.map(eventItem)) : el("p", { class: "hint", text: "None." }),
      el("h2", { text: "Statements" }),
      d.statements.length ? el("ul", { class: "stmt-list" }, ...d.statements.map((s) => el("li", {},
        el("span", { class: "stmt-type", text: s.type || "statement" }), " ",
        s.stance === "denied" ? el("span", { class: "stance stance-denied", text: "denied " }) : null,
        el("q", { text: s.evidence || "" }), " ",
        el("a", { href: `#/article/${encodeURIComponent(s.article_id)}?record=${encodeURIComponent(s.id)}`, text: "article" }))))
        : el("p", { class: "hint", text: "None." }));
  }

  // ---------------------------------------------------------------------------------------- article
  async function showArticle(id, record) {
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

  // ---------------------------------------------------------------------------------------- ingest
  function showIngest() {
    const box = $("#ingest");
    if (!state.info.writable) {
      put(box, el("p", { class: "lead", text: "This server does not take new articles: writes are off. Start it with a token (polemos serve --token T) to add articles from this page." }));
      return;
    }
    const token = el("input", { type: "password", name: "token", autocomplete: "off", required: true,
                                value: sessionStorage.getItem("polemos-token") || "" });
    const date = el("input", { type: "date", name: "date", required: true });
    const text = el("textarea", { name: "text", rows: 10, placeholder: "Paste the article text" });
    const file = el("input", { type: "file", accept: ".jsonl,.ndjson,.txt" });
    const outlet = el("input", { name: "outlet", placeholder: "optional" });
    const title = el("input", { name: "title", placeholder: "optional" });
    const progress = el("div", { class: "progress", hidden: true });
    const form = el("form", { class: "ingest-form" },
      el("label", {}, "Token", token),
      el("div", { class: "row" }, el("label", {}, "Publication date", date), el("label", {}, "Outlet", outlet)),
      el("label", {}, "Title", title),
      el("label", {}, "Text", text),
      el("label", {}, "…or a JSON lines file (one {\"date\", \"text\", …} per line)", file),
      el("button", { type: "submit" }, "Run the pipeline"));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      let articles;
      try {
        articles = file.files.length ? await readJsonl(file.files[0])
          : [{ date: date.value, text: text.value, outlet: outlet.value || null, title: title.value || null }];
      } catch (e) {
        toast(e.message);
        return;
      }
      if (!articles.length || articles.some((a) => !a.text || !a.date)) {
        toast("Each article needs a date and a text.");
        return;
      }
      sessionStorage.setItem("polemos-token", token.value);
      runJob(articles, token.value, progress);
    });
    put(box, el("p", { class: "lead", text: "Articles run through the pipeline on the server; their events join the map when done." }), form, progress);
  }

  async function readJsonl(f) {
    const lines = (await f.text()).split(/\r?\n/).filter((l) => l.trim());
    if (lines.length > 100) throw new Error("At most 100 articles at a time.");
    return lines.map((l, i) => {
      try {
        const o = JSON.parse(l);
        return { id: o.id != null ? String(o.id) : null, date: o.date, text: o.text, url: o.url || null,
                 outlet: o.outlet || null, title: o.title || null, language: o.language || null, side: o.side || null };
      } catch (e) {
        throw new Error(`Line ${i + 1} is not JSON.`);
      }
    });
  }

  async function runJob(articles, token, box) {
    const auth = { Authorization: "Bearer " + token, "Content-Type": "application/json", Accept: "application/json" };
    const bar = el("progress", { max: articles.length, value: 0 });
    const label = el("span", { text: "Sending…" });
    box.hidden = false;
    put(box, el("h2", { text: "Progress" }), bar, label);
    let job;
    try {
      job = await api("/api/articles", null, { method: "POST", headers: auth, body: JSON.stringify({ articles }) });
    } catch (e) {
      label.textContent = e.status === 401 ? "The token was refused." : "Failed: " + e.message;
      return;
    }
    const words = { queued: "Waiting", loading: "Loading the language model", running: "Reading articles",
                    fusing: "Fusing with stored events", done: "Done", failed: "Failed" };
    while (true) {
      bar.value = job.done;
      label.textContent = ` ${words[job.state] || job.state}: ${job.done} of ${job.total} articles`;
      if (job.state === "done" || job.state === "failed") break;
      await new Promise((r) => setTimeout(r, 600));
      try {
        job = await api("/api/jobs/" + encodeURIComponent(job.id), null, { headers: auth });
      } catch (e) {
        label.textContent = "Lost track of the job: " + e.message;
        return;
      }
    }
    if (job.state === "failed") {
      box.append(el("p", { class: "hint", text: job.error || "failed" }));
      return;
    }
    box.append(el("p", { text: `${plural(job.events, "event record")} found.` }),
      job.skipped.length ? el("ul", {}, ...job.skipped.map((s) => el("li", { text: s }))) : null,
      el("ul", {}, ...job.article_ids.map((id) => el("li", {}, el("a", { href: "#/article/" + encodeURIComponent(id), text: id })))));
    state.info = await api("/api/info");
    await loadFacets();
    refreshAll(true);
  }

  // ---------------------------------------------------------------------------------------- routing
  function showView(name) {
    for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== "view-" + name;
    for (const a of document.querySelectorAll(".tabs a")) a.classList.toggle("active", a.dataset.view === name);
    if (name === "map" && state.map) setTimeout(() => { state.map.invalidateSize(); drawTimeline(); }, 0);
  }

  function route() {
    const hash = location.hash || "#/";
    const [path, query] = hash.slice(1).split("?");
    const parts = path.split("/").filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch (e) { return p; } });
    const params = new URLSearchParams(query || "");
    const page = parts[0] || "map";
    state.eventId = null;
    if (page === "event" && parts[1]) {
      state.view = "map";
      showView("map");
      state.eventId = parts[1];
      showEvent(parts[1]);
    } else if (page === "disputes") {
      state.view = "disputes"; showView("disputes"); showDisputes();
    } else if (page === "claimants") {
      state.view = "claimants"; showView("claimants"); showClaimants();
    } else if (page === "claimant" && parts.length >= 3) {
      state.view = "claimants"; showView("claimants"); showClaimant(parts[1], parts.slice(2).join("/"));
    } else if (page === "article" && parts[1]) {
      state.view = "article"; showView("article"); showArticle(parts.slice(1).join("/"), params.get("record"));
    } else if (page === "ingest") {
      state.view = "ingest"; showView("ingest"); showIngest();
    } else {
      state.view = "map"; showView("map");
      document.body.classList.remove("panel-open");
      showList();
    }
    if (state.view !== "map") window.scrollTo(0, 0);
  }

  async function loadFacets() {
    state.facets = await api("/api/facets");
    const fc = state.facets;
    state.domain = fc.date_min && fc.date_max ? [dayOf(fc.date_min), dayOf(fc.date_max)] : null;
    const keep = filterParams(true);
    buildFilters();
    for (const box of document.querySelectorAll("#type-boxes input")) box.checked = keep.event_type.includes(box.value);
  }

  // the exports hold the events the filters show, as the map and the list do
  function exportLinks() {
    put($("#export-menu"), ...FORMATS.map(([fmt, label]) =>
      el("a", { href: urlWith("/api/export/" + fmt, filterParams(true)).href, download: "", text: label })));
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
    initMap();
    initBrush();
    const form = $("#filter-form");
    const later = debounce(() => onFiltersChanged(false), 300);
    form.addEventListener("input", (ev) => {
      if (ev.target.type === "date") return;
      if (ev.target.type === "search" || ev.target.name === "claimant") later(); else onFiltersChanged(false);
    });
    form.addEventListener("change", (ev) => { if (ev.target.type === "date") onFiltersChanged(true); });
    form.addEventListener("submit", (ev) => ev.preventDefault());
    form.addEventListener("reset", () => setTimeout(() => {
      state.brush = null;
      $("#brush-label").textContent = "Drag across the timeline to pick dates";
      refreshAll(true);
    }, 0));
    $("#filters-toggle").addEventListener("click", (ev) => {
      const open = document.body.classList.toggle("filters-open");
      ev.target.setAttribute("aria-expanded", String(open));
    });
    $("#list-toggle").addEventListener("click", () => document.body.classList.toggle("panel-open"));
    window.addEventListener("hashchange", route);
    window.addEventListener("resize", debounce(drawTimeline, 150));
    route();
    refreshAll(true);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
