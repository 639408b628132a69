// The pieces that show events and claims: list items, the claims side by side with their evidence, headers.
import { state } from "./state.js";
import { el, fmtDate, plural, sideClass, typeColor } from "./util.js";

export function eventItem(e) {
  const claimants = [...new Set(e.claimants.map((c) => c.claimant))];
  return el("li", { class: e.id === state.eventId ? "selected" : null, dataset: { eventId: e.id } },
    el("a", { class: "ev-item", href: "#/event/" + encodeURIComponent(e.id) },
      el("span", { class: "dot", style: `background:${typeColor(e.event_type)}` }),
      el("span", { class: "ev-main" },
        el("span", { class: "ev-title", text: e.sub_event_type || e.event_type || "event" }),
        el("span", { class: "ev-meta",
                     text: `${e.location.name || "place unknown"} · ${fmtDate(e.date)} · ${plural(e.n_claims, "claim")}` }),
        el("span", { class: "ev-claimants", text: claimants.join(" · ") })),
      el("span", { class: "ev-badges" },
        e.disputed ? el("span", { class: "badge disputed", text: "disputed" }) : null,
        e.fatalities_high ? el("span", { class: "badge toll", text: tollText(e, true) }) : null)));
}

export function tollText(e, short) {
  const lo = e.fatalities_low, hi = e.fatalities_high;
  if (hi === null || hi === undefined) return short ? "" : "No death toll given";
  if (lo === hi) return `${lo} killed`;
  return short ? `${lo}–${hi} killed` : `${lo} to ${hi} killed: the claims differ`;
}

export function segments(text, spans) {
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

export function trimEnd(text, start, end) {
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

function claimCard(c, i) {
  const killed = c.fatalities !== null && c.fatalities !== undefined;
  const injured = c.injured !== null && c.injured !== undefined;
  const blamed = c.actor1 ? `${c.actor1}${(c.actor1_side || c.actor1_side_guess) ? " (" + (c.actor1_side || c.actor1_side_guess) + ")" : ""}` : null;
  const art = c.article || {};
  return el("article", { class: "claim " + sideClass(c.claimant_side) + (c.stance === "denied" ? " denied" : ""),
                         dataset: { claimId: c.id } },
    el("header", {},
      el("span", { class: "claim-no", text: `${i + 1}.` }), " ",
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

export function claimCards(e) {
  // the event's claims, then the denials stated in the same articles: the sides side by side
  const denials = new Map();
  const shown = new Set(e.claims.filter((c) => c.stance === "denied").map((c) => `${c.claimant}|${c.claimant_side}`));
  for (const s of e.statements.filter((x) => x.stance === "denied")) {
    const key = `${s.claimant}|${s.claimant_side}`;
    if (shown.has(key)) continue;        // the denial is already there as a claim about the event
    if (!denials.has(key) || (s.type === "REJECT" && denials.get(key).type !== "REJECT")) denials.set(key, s);
  }
  const box = el("div", { class: "claims" }, ...e.claims.map((c, i) => claimCard(c, i)),
    ...[...denials.values()].map(statementCard));
  requestAnimationFrame(() => {
    // long excerpts scroll inside their box: bring the highlighted evidence into view
    for (const q of box.querySelectorAll("blockquote.evidence")) {
      const m = q.querySelector("mark.ev-hl");
      if (m && m.offsetTop - q.offsetTop > q.clientHeight - 40) q.scrollTop = m.offsetTop - q.offsetTop - 24;
    }
  });
  return box;
}

export function statementList(stmts) {
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

const KINDS = { occurrence: "whether it happened", perpetrator: "who did it", toll: "the toll" };

// what the claims disagree on, and which claims: the claimants named, their cards marked
function disputeList(e) {
  const disputes = e.disputes && e.disputes.length ? e.disputes
    : (e.dispute_reasons || []).map((detail) => ({ kind: null, claim_ids: [], detail }));
  if (!disputes.length) return null;
  const byId = new Map((e.claims || []).map((c, i) => [c.id, [i + 1, c]]));
  return el("ul", { class: "reasons" }, ...disputes.map((d) => {
    const who = d.claim_ids.map((id) => byId.get(id)).filter(Boolean)
      .map(([n, c]) => `${n}. ${c.claimant || "unknown"}${c.stance === "denied" ? " (denies)" : ""}`);
    return el("li", { dataset: { kind: d.kind || "", claims: d.claim_ids.join(" ") } },
      d.kind ? el("strong", { text: `${KINDS[d.kind] || d.kind}: ` }) : null, d.detail,
      who.length ? el("span", { class: "quiet", text: ` · claims ${who.join(", ")}` }) : null);
  }));
}

export function eventHeader(e, onClose) {
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
    disputeList(e),
    el("p", { class: "toll", text: [tollText(e, false), e.injured ? `${e.injured} injured` : null,
      e.civilian_targeting ? "civilians targeted" : null].filter(Boolean).join(" · ") }));
}

