"""Claims: statements that are not physical events (accusations, threats, appeals, denials...), typed with
PLOVER from trigger phrases in data/cues.toml, attached to the claimant of the attribution they sit in."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from polemos.attribution import OUTLET, any_speaker, doc_text, lexicon, resolve, sentences, speakers, with_paragraphs
from polemos.types import Article, Attribution, Claim, Span

CLAUSE_DEPS = {"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "parataxis", "pcomp", "acl"}
MAX_EVIDENCE = 220


@dataclass(frozen=True)
class Trigger:
    type: str
    priority: int
    phrases: tuple[re.Pattern, ...]
    cues: frozenset
    suppresses: frozenset
    actor: bool                     # in the outlet's voice, the clause subject is the claimant
    outlet: tuple[re.Pattern, ...]  # outlet-voice phrases (partisan outlets)


@lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    out = []
    for name, t in lexicon().claims.items():
        try:
            pats = tuple(re.compile(r"(?<![\w-])" + re.escape(p.lower()).replace("'", "['’]"))
                         for p in t.get("phrases", []))
        except re.error as e:
            raise ValueError(f"cues.toml [claims.{name}]: bad phrase: {e}") from e
        outlet = tuple(re.compile(r"(?<![\w-])" + re.escape(p.lower())) for p in t.get("outlet", []))
        out.append(Trigger(name, int(t.get("priority", 0)), pats, frozenset(t.get("cues", [])),
                           frozenset(t.get("suppresses", [])), bool(t.get("actor", False)), outlet))
    return tuple(sorted(out, key=lambda t: -t.priority))


@lru_cache(maxsize=1)
def any_phrase() -> re.Pattern:
    """Every trigger phrase in one alternation: most sentences hold none, and one scan says so
    (182 separate searches per sentence were the claims stage's main cost)."""
    left, shared, alone = r"(?<![\w-])", [], []
    for p in (p for t in triggers() for p in t.phrases):
        if p.pattern.startswith(left):
            shared.append(p.pattern[len(left):])
        else:
            alone.append(f"(?:{p.pattern})")
    return re.compile("|".join(([left + "(?:" + "|".join(shared) + ")"] if shared else []) + alone) or "(?!)")


def extract_claims(doc, article: Article, attributions: list[Attribution]) -> list[Claim]:
    """Non-event claims in the attributed stretches, one per (attribution sentence, PLOVER type) at most,
    evidence being the clause that holds the trigger. Never raises: a failure gives no claims."""
    try:
        doc = with_paragraphs(doc)
        found = [c for a in attributions for c in _claims_of(doc, article, a)]
        found += _outlet_claims(doc, article, attributions)
        return _dedupe(sorted(found, key=lambda c: c.evidence_span.start))
    except Exception as e:
        import warnings
        warnings.warn(f"claim extraction failed for article {article.id!r}: {e!r}")
        return []


def _claims_of(doc, article, att):
    if att.claimant == OUTLET:
        return _actor_claims(doc, article, att)
    if att.claimant_side == "unknown" and att.cue is None:
        return []
    text = doc_text(doc)
    out = []
    for sent, a, b, low in _windows(doc, att):
        hits = {}
        for trig in triggers() if any_phrase().search(low) else ():
            for pat in trig.phrases:
                m = pat.search(low)
                if m:
                    hits.setdefault(trig.type, (trig, a + m.start()))
                    break
        if att.cue_span and sent.start_char <= att.cue_span.start < sent.end_char or \
                att.cue_span and not out and a == att.span.start:
            lemma = _cue_lemma(doc, att)
            for trig in triggers():
                if lemma in trig.cues and trig.type not in hits:
                    hits[trig.type] = (trig, a)
        for t in {s for trig, _ in hits.values() for s in trig.suppresses}:
            hits.pop(t, None)
        for trig, at in hits.values():
            ev = _evidence(doc, at, (a, b))
            if ev:
                out.append(_claim(trig.type, att, text, ev))
    return out


def _actor_claims(doc, article, att):
    """Outlet-voice sentences where a named party acts: "Turkey expressed its support for Azerbaijan",
    "Pompeo held talks with ..." — the subject of the trigger's clause is the claimant."""
    text = doc_text(doc)
    out = []
    for _, a, b, low in _windows(doc, att):
        for trig in triggers() if any_phrase().search(low) else ():
            if not trig.actor:
                continue
            m = next((m for p in trig.phrases for m in [p.search(low)] if m), None)
            if not m:
                continue
            who = _subject_of(doc, a + m.start(), article)
            if who is None or who.source_type == "military" and "Armed Forces" in who.name:
                continue
            ev = _evidence(doc, a + m.start(), (a, b))
            if ev:
                actor = Attribution(att.span, who.name, who.side, None, stance="asserted",
                                    source_type=who.source_type)
                out.append(_claim(trig.type, actor, text, ev))
                break
    return out


def _windows(doc, att):
    """(sentence, start, end, lowercased text) of each sentence's part inside the attribution's span."""
    text = doc_text(doc)
    for sent in sentences(doc):
        a, b = max(att.span.start, sent.start_char), min(att.span.end, sent.end_char)
        if b - a >= 8:
            yield sent, a, b, text[a:b].lower()


def _subject_of(doc, at, article):
    """The named party whose clause holds char `at`, or None when it is unknown or the outlet."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    node = span[0]
    for _ in range(6):
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            s = doc[subj.left_edge.i:subj.i + 1]
            who = resolve(s.text, [], article, s)
            if who.name != OUTLET and who.side != "unknown" and not who.anaphor:
                return who
            return None
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _outlet_claims(doc, article, attributions):
    """One blaming claim in the voice of a partisan outlet (its background paragraph)."""
    if (article.side or "") not in ("armenian", "azerbaijani", "turkish", "russian"):
        return []
    text = doc_text(doc)
    for att in attributions:
        if att.claimant != OUTLET:
            continue
        low = text[att.span.start:att.span.end].lower()
        for trig in triggers():
            m = next((m for p in trig.outlet for m in [p.search(low)] if m), None)
            if m:
                at = att.span.start + m.start()
                ev = _evidence(doc, at, (att.span.start, att.span.end))
                if ev:
                    return [_claim(trig.type, att, text, ev)]
    return []


def _cue_lemma(doc, att):
    span = doc.char_span(att.cue_span.start, att.cue_span.end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    tok = span[0]
    return tok.lemma_.lower()


def _evidence(doc, at, bounds):
    """The clause around char `at`: the subtree of the nearest clause head, inside `bounds`,
    shortened to the trigger's own clause when longer than MAX_EVIDENCE."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    best = None
    node = tok
    speech = lexicon().speech | lexicon().cognition
    while True:
        if node.head.i != node.i and node.head.lemma_.lower() in speech and node.head.tag_.startswith("VB") \
                and best is not None:
            break  # the clause under "said": not the reporting sentence around it
        if node.dep_ in CLAUSE_DEPS or node.head.i == node.i:
            s = _clip(_subtree_chars(node), bounds)
            if s and (best is None or s[1] - s[0] <= MAX_EVIDENCE):
                best = s
            if s and s[1] - s[0] > MAX_EVIDENCE:
                break
        if node.head.i == node.i:
            break
        node = node.head
    return _tidy(doc_text(doc), best) if best else None


def _subtree_chars(tok):
    left, right = tok.left_edge, tok.right_edge
    return (left.idx, right.idx + len(right))


def _clip(s, bounds):
    a, b = max(s[0], bounds[0]), min(s[1], bounds[1])
    return (a, b) if b > a else None


def _tidy(text, s):
    a, b = s
    while a < b and (text[a].isspace() or text[a] in ",;:“”\"‘’—–-("):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:.“”\"‘’—–-)"):
        b -= 1
    return (a, b) if b - a >= 8 else None


def _claim(kind, att, text, ev):
    evidence = text[ev[0]:ev[1]]
    return Claim(type=kind, claimant=att.claimant, claimant_side=att.claimant_side, evidence=evidence,
                 evidence_span=Span(*ev), target=target_of(evidence, att.claimant_side),
                 attribution_cue=att.cue, cue_span=att.cue_span, stance=att.stance, hedged=att.hedged,
                 relayed_by=att.relayed_by)


def target_of(evidence: str, claimant_side: str) -> str | None:
    """Who a claim is aimed at: the first party named in the evidence that is not the claimant's side."""
    low = evidence.lower()
    best = None
    for sp in speakers() if any_speaker().search(low) else ():
        if sp.kind not in ("country", "speaker") or sp.side in ("", claimant_side):
            continue
        m = sp.pattern.search(low)
        if m and (best is None or m.start() < best[0]):
            forces = re.match(r"\s*(?:armed forces|forces|army|military|troops|units)", low[m.end():])
            name = f"Military Forces of {sp.canonical}" if sp.kind == "country" and forces else sp.canonical
            best = (m.start(), name)
    return best[1] if best else None


def _dedupe(claims):
    """One claim per type and claimant for near-identical evidence (a paraphrase then its quote)."""
    out = []
    for c in claims:
        words = set(re.findall(r"\w+", c.evidence.lower()))
        dup = False
        for k in out:
            if k.type == c.type and k.claimant == c.claimant:
                kw = set(re.findall(r"\w+", k.evidence.lower()))
                if len(words & kw) >= 0.5 * min(len(words), len(kw)):
                    dup = True
                    break
        if not dup:
            out.append(c)
    return out


def link_denials(claims: list[Claim], events) -> list[tuple[int, int]]:
    """Hook for the fusion step: (claim index, event index) pairs where a REJECT claim shares the place or
    most content words with an event's evidence — the event it denies."""
    pairs = []
    for i, c in enumerate(claims):
        if c.type != "REJECT":
            continue
        cw = set(re.findall(r"[a-z]{4,}", c.evidence.lower()))
        for j, e in enumerate(events):
            ew = set(re.findall(r"[a-z]{4,}", (e.evidence or "").lower()))
            place = (getattr(e.location, "mention", "") or "").lower()
            if (place and place in c.evidence.lower()) or (cw and len(cw & ew) >= 0.5 * len(cw)):
                pairs.append((i, j))
    return pairs
