// Two small SVG charts without a library: the timeline under the map (events per day, week or month; drag to
// pick dates) and the fatalities over time of the selection (lowest and highest claimed tolls).
import { state } from "./state.js";
import { $, dayOf, DAY, el, fmtDate, isoOf, plural, put, svg } from "./util.js";

export function binning(domain) {
  const span = domain[1] - domain[0] + 1;
  if (span <= 120) return { unit: "day", start: (d) => d, next: (d) => d + 1 };
  if (span <= 3 * 365) return { unit: "week", start: (d) => d - ((d + 3) % 7), next: (d) => d + 7 };   // Mondays
  const start = (d) => { const t = new Date(d * DAY); return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1) / DAY; };
  const next = (d) => { const t = new Date(d * DAY); return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) / DAY; };
  return { unit: "month", start, next };
}

function axis(x, lo, hi, W, H, pad) {
  const g = svg("g", { class: "axis" });
  const ticks = Math.max(2, Math.floor(W / 110));
  for (let i = 0; i <= ticks; i++) {
    const d = Math.round(lo + ((hi - 1 - lo) * i) / ticks);
    const tx = Math.min(W - 4, Math.max(4, x(d)));
    g.append(svg("line", { x1: x(d), x2: x(d), y1: H - pad, y2: H - pad + 4 }));
    g.append(svg("text", { x: tx, y: H - 3, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle",
                           text: fmtDate(isoOf(d)) }));
  }
  g.append(svg("line", { x1: 0, x2: W, y1: H - pad, y2: H - pad }));
  return g;
}

export function drawTimeline() {
  const box = $("#histogram");
  put(box);
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
  box.append(bars, axis(x, lo, hi, W, H, pad));
  const sel = svg("rect", { class: "brush", y: 0, height: H - pad, x: 0, width: 0 });
  if (state.brush) {
    sel.setAttribute("x", x(state.brush[0]));
    sel.setAttribute("width", Math.max(2, x(state.brush[1] + 1) - x(state.brush[0])));
  }
  box.append(sel);
  state.timelineScale = { x, lo, hi, W, b };
}

export function initBrush(setBrush) {
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
  box.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const range = snap(start, dayAt(ev));
    start = null;
    setBrush(range);
  });
  box.addEventListener("pointercancel", () => { start = null; drawTimeline(); });
  $("#brush-clear").addEventListener("click", () => setBrush(null));
}

// --- fatalities over time -------------------------------------------------------------------------------

// [binStart, lowest, highest] per bin of the selection's points; a point's lowest toll is its highest when the
// claims agree
export function fatalityBins(points) {
  const dated = points.filter((p) => p[6]);
  if (!dated.length) return { bins: [], b: null, lo: 0, hi: 0 };
  const days = dated.map((p) => dayOf(p[6]));
  const b = binning([Math.min(...days), Math.max(...days)]);
  const lo = b.start(Math.min(...days)), hi = b.next(b.start(Math.max(...days)));
  const bins = new Map();
  dated.forEach((p, i) => {
    const s = b.start(days[i]), high = p[4] || 0, low = p[9] ?? high;
    const cur = bins.get(s) || [s, 0, 0];
    bins.set(s, [s, cur[1] + low, cur[2] + high]);
  });
  return { bins: [...bins.values()].sort((a, z) => a[0] - z[0]), b, lo, hi };
}

export function fatalityChart(points) {
  const { bins, b, lo, hi } = fatalityBins(points);
  const low = bins.reduce((n, x) => n + x[1], 0), high = bins.reduce((n, x) => n + x[2], 0);
  const caption = high === 0 ? "No deaths claimed for the events on the map"
    : low === high ? `${high.toLocaleString("en")} killed` : `${low.toLocaleString("en")} to ${high.toLocaleString("en")} killed (the claims differ)`;
  const fig = el("figure", { class: "fat-chart", dataset: { low: String(low), high: String(high) } },
    el("figcaption", {}, el("strong", { text: "Fatalities over time" }), " · ", caption));
  if (!high) return fig;
  const W = 420, H = 96, pad = 18, top = 12;
  const x = (d) => ((d - lo) / Math.max(1, hi - lo)) * W;
  const max = Math.max(...bins.map((v) => v[2]));
  const y = (n) => (n / max) * (H - pad - top);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img",
                             "aria-label": `Fatalities per ${b.unit} for the events on the map` });
  const bars = svg("g", { class: "bars" });
  for (const [s, l, h] of bins) {
    const w = Math.max(1.5, x(b.next(s)) - x(s) - 1);
    const title = `${fmtDate(isoOf(s))}${b.unit === "day" ? "" : " (" + b.unit + ")"}: ${l === h ? h : `${l}–${h}`} killed`;
    const g = svg("g", {}, svg("title", { text: title }));
    if (h > l) g.append(svg("rect", { class: "high", x: x(s) + 0.5, y: H - pad - y(h), width: w, height: y(h) - y(l) }));
    if (l > 0) g.append(svg("rect", { class: "low", x: x(s) + 0.5, y: H - pad - y(l), width: w, height: y(l) }));
    bars.append(g);
  }
  chart.append(bars, axis(x, lo, hi, W, H, pad),
    svg("text", { class: "axis", x: 2, y: top - 2, text: `${max.toLocaleString("en")} per ${b.unit}` }));
  fig.append(chart, el("div", { class: "chart-legend" },
    el("span", { class: "key low" }), "lowest claim ", el("span", { class: "key high" }), "highest claim"));
  return fig;
}
