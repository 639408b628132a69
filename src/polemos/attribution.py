"""Attribution: who says each stretch of an article (claimant, cue, stance).

The source finder of the article's language gives raw cues (English: polemos.lang.en.cues reads the parse for
reporting verbs, "according to X", quotes, "X:" headlines...). This module builds one unit per sentence or quote
from them, has each source resolved to a canonical claimant with a side (claimants.py, data/speakers.csv and the
conflict profile) and sets stance and hedging (data/lang/en.toml [cues]).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from polemos import conflicts, nlp
from polemos.claimants import OUTLET, Who, lexicon, outlet_who, resolve
from polemos.errors import Errors, InputError
from polemos.lang.en.cues import Cue, find_cues
from polemos.lang.en.syntax import merge, overlap_len, overlaps, phrases, trim, within
from polemos.segment import find_quotes, sentences, text_of
from polemos.types import Article, Attribution, Span


def parse(text: str):
    """An English text parsed with a sentence start after every line break (one pass, no re-parse)."""
    return nlp.parse(text)


@dataclass
class Unit:
    """A stretch of text with one speaker: a cue's content, a quote, or an unattributed sentence."""
    content: list[tuple[int, int]]
    cue: Cue | None = None
    parent: "Unit | None" = None    # a quote or sentence that continues another unit's speaker
    who: Who | None = None
    stance: str = "asserted"
    hedged: bool = False
    extent: tuple | None = None     # content widened to the sentence edges: what Attribution.span shows

    @property
    def start(self):
        return min([s[0] for s in self.content] + ([self.cue.cue[0]] if self.cue and not self.parent else []))


def attribute(doc, article: Article) -> list[Attribution]:
    """One Attribution per sentence (or per quote/clause when a sentence holds two), in text order,
    covering every sentence; unattributed sentences belong to the outlet itself. A crash fails the article."""
    units = build_units(doc, prof=conflicts.of(article))
    resolve_units(units, doc, article)
    fill_gaps(units, doc)
    set_stance(units, doc, article)
    return [_to_attribution(u, doc, article) for u in units]


def build_units(doc, carve: bool = True, broad: bool = False, prof: conflicts.Profile | None = None) -> list[Unit]:
    text = text_of(doc)
    sents = sentences(doc)
    quotes = find_quotes(text)
    cues = [c for c in find_cues(doc, quotes, broad, prof) if not c.in_quote]
    units = []
    for c in cues:
        if c.prev or c.next:
            c.content = _neighbour(c, sents, quotes, text)
        if c.content:
            units.append(Unit(list(c.content), c))
    if carve:
        _carve(units)
    _attach_quotes(units, quotes, sents, text)
    units.sort(key=lambda u: u.start)
    for s in sents:
        span = trim(doc, s.start, s.end - 1)
        if span and not any(_covers(u, span) for u in units) and not _covered_together(span, units, text):
            units.append(Unit([_uncovered(span, units, text)]))
    units.sort(key=lambda u: u.start)
    _extend(units, sents)
    return units


def _carve(units):
    """A cue inside another cue's content ("X said ..., a claim Y denied") takes its own stretch out of
    the outer content, so each stretch has one speaker."""
    for u in units:
        for v in units:
            if u is v or not any(within(v.cue.cue, c) for c in u.content):
                continue
            hole = _reach(v)
            pieces = []
            for c in u.content:
                if overlaps(c, hole):
                    pieces += [p for p in ((c[0], hole[0]), (hole[1], c[1])) if p[1] - p[0] > 3]
                else:
                    pieces.append(c)
            if pieces:
                u.content = pieces


def _reach(u):
    """Everything a cue unit spans: content, cue and source."""
    spans = list(u.content) + ([u.cue.cue] if u.cue else []) + ([u.cue.source] if u.cue and u.cue.source else [])
    return (min(s[0] for s in spans), max(s[1] for s in spans))


def _extend(units, sents):
    """Attribution spans reach the sentence edges: the part of a sentence outside every content (the
    cue, the source, "On Wednesday,") goes to the first or last unit of the sentence."""
    for u in units:
        u.extent = (min(c[0] for c in u.content), max(c[1] for c in u.content))
    for s in sents:
        mine = sorted((u for u in units if s.start_char <= u.start < s.end_char), key=lambda u: u.start)
        if not mine:
            continue
        first, last = mine[0], mine[-1]
        first.extent = (min(s.start_char, first.extent[0]), first.extent[1])
        if last.parent is None:
            last.extent = (last.extent[0], max(last.extent[1], _reach(last)[1], s.end_char))


def _uncovered(span, units, text):
    """The longest stretch of a sentence outside every cue unit: the outlet's own part of it."""
    holes = sorted(_reach(u) for u in units if overlaps(_reach(u), span))
    pieces, at = [], span[0]
    for h in holes:
        if h[0] > at:
            pieces.append((at, h[0]))
        at = max(at, h[1])
    if at < span[1]:
        pieces.append((at, span[1]))
    pieces = [p for p in pieces if text[p[0]:p[1]].strip(" ,.;:—–-\"“”")]
    return max(pieces, key=lambda p: p[1] - p[0]) if pieces else span


def _covered_together(span, units, text):
    """The cue units of a sentence leave no stretch of it in the outlet's voice ("X stated A, claiming B")."""
    holes = sorted(_reach(u) for u in units if u.cue and not u.parent and overlaps(_reach(u), span))
    at = span[0]
    for h in holes:
        if text[at:max(at, h[0])].strip(" ,.;:—–-\"“”‘’'\n"):
            return False
        at = max(at, h[1])
    return bool(holes) and not text[at:span[1]].strip(" ,.;:—–-\"“”‘’'\n")


def _covers(u, span):
    got = sum(overlap_len(c, span) for c in u.content)
    if u.cue and not u.parent:
        got += overlap_len(u.cue.cue, span) + (overlap_len(u.cue.source, span) if u.cue.source else 0)
    return got >= 0.5 * (span[1] - span[0])


def _neighbour(c, sents, quotes, text):
    """Content of "…," the ministry said. (the quote before) or of "He said:" (the quote after)."""
    si = c.sent
    if c.prev:
        lead = c.source[0] if c.source and c.source[0] < c.cue[0] else c.cue[0]
        q = next((q for q in reversed(quotes) if q[1] <= lead and not text[q[1]:lead].strip(" ,.;:—–-\n")), None)
        if q:
            return [q]
        if si > 0 and text[sents[si].start_char:lead].strip(" ,.;:—–-\"”") == "":
            return [x for x in [trim(sents[si - 1].doc, sents[si - 1].start, sents[si - 1].end - 1)] if x]
        return []
    end = sents[si].end_char
    q = next((q for q in quotes if q[0] >= c.cue[1] and not text[c.cue[1]:q[0]].strip(" :\n")
              or (q[0] >= end and not text[end:q[0]].strip())), None)
    if q:
        return [q]
    if si + 1 < len(sents):
        s = sents[si + 1]
        return [x for x in [trim(s.doc, s.start, s.end - 1)] if x]
    return []


def _attach_quotes(units, quotes, sents, text):
    """Each quote goes to the cue whose content touches it (extended over the whole quote); a quote
    no cue touches continues the speaker of the unit just before it (same or previous paragraph)."""
    for q in quotes:
        if len(text[q[0]:q[1]].split()) < 4:
            continue  # scare quotes: "calmer", "under fire", "blatant lie"
        owner = next((u for u in units if u.cue and any(overlaps(c, q) for c in u.content)), None)
        if owner:
            owner.content = merge(owner.content + [q])
            continue
        before = [u for u in units if u.start < q[0] and u.cue]
        prev_unit = max(before, key=lambda u: u.start, default=None)
        if prev_unit and _near(prev_unit, q, text):
            units.append(Unit([q], prev_unit.cue, parent=prev_unit))


def _near(unit, q, text):
    """The quote follows the unit in the same paragraph or the next one, with no other sentence
    in outlet voice between (approximated: at most one paragraph break and 300 chars)."""
    end = max(c[1] for c in unit.content)
    if unit.cue:
        end = max(end, unit.cue.cue[1], unit.cue.source[1] if unit.cue.source else 0)
    gap = text[end:q[0]]
    return len(gap) < 300 and gap.count("\n\n") + (gap.count("\n") if "\n\n" not in gap else 0) <= 1 \
        and not re.search(r"[.!?][”\"]?\s+[A-Z]", gap)


def resolve_units(units, doc, article):
    memory: list[Who] = []
    for u in units:
        if u.parent is not None:
            u.who = u.parent.who
            continue
        if u.cue is None:
            u.who = outlet_who(article)
            continue
        c = u.cue
        if c.source is None:
            u.who = outlet_who(article)
            continue
        span = doc.char_span(c.source[0], c.source[1], alignment_mode="expand")
        u.who = resolve(text_of(doc)[c.source[0]:c.source[1]], memory, article, span)
        if u.who.side == "unknown" and _no_speaker(span):
            u.who = outlet_who(article)     # "the clashes left ...", "initial results show ...": no one speaks
            continue
        if u.who.name != OUTLET and not u.who.unnamed:
            u.who = replace(u.who, at=c.source[0])
            memory.append(u.who)
    _relayed_inside(units)


def _no_speaker(span) -> bool:
    """A source that is no person, body, group or medium: an event or a figure ("the attack", "initial results"),
    or no noun at all (a misparse)."""
    if span is None or not len(span):
        return False
    root = span.root
    return root.pos_ not in ("NOUN", "PROPN", "PRON") or root.lemma_.lower() in lexicon().not_speakers


def _relayed_inside(units):
    """ "A merchant vessel reported it had been hit, the UKMTO said": a cue inside another's content whose source
    is no known party (side unknown) or no named one ("Villagers reported ..., police said") is told by the outer
    speaker, who vouches for it to the outlet."""
    for v in units:
        if v.parent is not None or v.cue is None or v.who is None or \
                v.who.side != "unknown" and not v.who.unnamed:
            continue
        outer = next((u for u in units if u is not v and u.cue is not None and u.parent is None and u.who and
                      u.who.side != "unknown" and u.who.name != OUTLET and within(v.cue.cue, _reach(u))), None)
        if outer is not None:
            v.who = outer.who


def fill_gaps(units, doc):
    """Outlet-voice sentences between two units of one speaker, the later one named by an anaphor
    ("the ministry said", "the message said"), paraphrase that speaker's statement."""
    text = text_of(doc)
    named = [i for i, u in enumerate(units) if u.cue and u.who and u.who.name != OUTLET and not u.who.unnamed]
    for a, b in zip(named, named[1:]):
        ua, ub = units[a], units[b]
        if ua.who.name != ub.who.name or b - a < 2 or b - a > 8:
            continue
        source = text[ub.cue.source[0]:ub.cue.source[1]].lower() if ub.cue.source else ""
        if not (source.startswith("the ") and ub.who.anaphor or _same_paragraph(text, ua.start, ub.start)):
            continue   # a pronoun ("they") is too weak a tie across paragraphs
        for u in units[a + 1:b]:
            if u.cue is None:
                u.cue, u.parent, u.who = ua.cue, ua, ua.who
    lex = lexicon()
    for prev, u in zip(units, units[1:]):
        if u.cue is None and prev.who and prev.who.name != OUTLET and prev.cue is not None and \
                _same_paragraph(text, prev.start, u.start) and \
                any(text[u.start:u.start + 30].lower().startswith(w) for w in lex.continuation):
            u.cue, u.parent, u.who = prev.cue, prev, prev.who


def _same_paragraph(text, a, b):
    return "\n" not in text[a:b]


def set_stance(units, doc, article):
    lex = lexicon()
    text = text_of(doc)
    for u in units:
        body = " ".join(text[a:b] for a, b in u.content).lower().replace("’", "'")
        sent = _sentence_text(doc, u).lower()
        u.hedged = _has(sent if u.who.name == OUTLET else body, lex.hedge)
        if u.cue and u.cue.lemma in lex.deny:
            u.stance = "denied"
        elif u.who.name != OUTLET and _has(body, lex.denial) and not u.who.unnamed:
            u.stance = "denied"
        elif u.who.report or (u.who.name == OUTLET and (_has(sent, lex.reported) or
                                                          (u.cue is not None and u.cue.source is None))):
            u.stance = "reported"


def _sentence_text(doc, u):
    a = u.start
    for s in sentences(doc):
        if s.start_char <= a < s.end_char:
            return text_of(doc)[s.start_char:s.end_char]
    return ""


def _has(text, phrases):
    return bool(phrases) and _any_of(phrases).search(text) is not None


@lru_cache(maxsize=None)
def _any_of(phrases: tuple) -> re.Pattern:
    """A phrase list as one alternation: one scan of the text instead of one per phrase."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + ")")


def _to_attribution(u, doc, article) -> Attribution:
    who = u.who or outlet_who(article)
    a, b = u.extent or (min(c[0] for c in u.content), max(c[1] for c in u.content))
    cue = u.cue
    relay = None
    if cue and cue.relay:
        relay = resolve(text_of(doc)[cue.relay[0]:cue.relay[1]], [], article).name
    return Attribution(
        span=Span(a, b), claimant=who.name, claimant_side=who.side or "unknown",
        cue=_cue_label(cue, doc) if cue else None,
        cue_span=Span(*cue.cue) if cue else None,
        source_span=Span(*cue.source) if cue and cue.source else None,
        stance=u.stance, hedged=u.hedged, relayed_by=relay, source_type=who.source_type)


def _cue_label(cue, doc):
    if cue.channel and (cue.lemma in ("say", "tell", "write", "post", "state", "announce", "note", "report") or
                        cue.lemma in lexicon().issue and cue.next):
        return cue.channel
    return text_of(doc)[cue.cue[0]:cue.cue[1]]


def attribute_file(inp, out) -> int:
    """`polemos attribute`: read {"id","text"} JSONL (path or file), write {"id","attributions":[{"source",
    "cue","content"}]} lines with char offsets, as tools/evaluate.py attribution reads them.
    Only attributions with a real cue are written: the outlet's own voice is not an attribution."""
    src = open(inp, encoding="utf-8") if isinstance(inp, str) else inp
    dst = open(out, "w", encoding="utf-8") if isinstance(out, str) else out
    try:
        rows = [json.loads(line) for line in src if line.strip()]
        for n, row in enumerate(rows, 1):
            if "text" not in row:
                raise InputError(Errors.E201.format(record=row.get("id", n)))
        for row, doc in zip(rows, nlp.parse_all(r["text"] for r in rows)):
            dst.write(json.dumps({"id": row.get("id"), "attributions": news_attributions(doc)}) + "\n")
    finally:
        if isinstance(inp, str):
            src.close()
        if isinstance(out, str):
            dst.close()
    return 0


def news_attributions(doc) -> list[dict]:
    """Cue-bearing attributions of any news text (nested ones inside quotes included)."""
    units = build_units(doc, carve=False, broad=True)
    out = []
    span = lambda s: {"start": s[0], "end": s[1]}
    outer = [u.cue for u in units if u.cue is not None and u.parent is None]
    for u in units:
        if u.cue is None or u.parent is not None:
            continue
        c = u.cue
        if any(o is not c and any(within(c.cue, x) for x in o.content) for o in outer):
            continue  # "X said Y claimed Z": general news annotation keeps the outer one only
        source = c.pronoun or c.source
        if source and text_of(doc)[source[0]:source[1]].lower() in phrases()["first_person"]:
            continue  # transcripts: "I think", "you want" are talk, not reported speech
        rec = {"cue": span(c.cue), "content": [span(s) for s in u.content]}
        if source:
            rec["source"] = span(source)
        out.append(rec)
    return out
