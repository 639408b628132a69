"""The lexicon's claims: claim verbs and words in what a speaker says, typed under claims.py's rules."""
from __future__ import annotations

import re

from polemos import claims, conflicts, events, lang
from polemos.claimants import OUTLET
from polemos.conflicts import Profile
from polemos.lexicon import Lexicon, _find, _hits
from polemos.lexicon.dates import count, find_dates
from polemos.lexicon.events import triggers
from polemos.lexicon.sources import _cues, _sources, _speaker_for
from polemos.types import Article, Attribution, Claim, Span


def find_claims(sents: list[Span], atts: list[Attribution], mentions: list[events.Mention], article: Article,
                lex: Lexicon) -> list[Claim]:
    """The claims of each attributed sentence, typed by the lexicon's claim verbs and words under claims.py's
    priorities and suppressions; a denial (of an event told or of a report) is a REJECT; a partisan outlet's own
    blame is one claim of the article. The claimant is the sentence's speaker."""
    text = article.text
    prof = conflicts.of(article)
    denied = {m.sentence.start for m in mentions if m.attribution.stance == "denied"}
    found = []
    for sent, att in zip(sents, atts):
        for kind, at in _claim_types(sent, att, sent.start in denied, article, lex):
            found.append(_claim(kind, sent, at, att, text, lex, prof))
    found += _outlet_claims(sents, atts, article, lex)
    return claims.dedupe(sorted(found, key=lambda c: c.evidence_span.start), prof)


def _claim_types(sent: Span, att: Attribution, denied: bool, article: Article, lex: Lexicon) -> list[tuple[str, int]]:
    """(PLOVER type, where in the sentence it is said) of one sentence's claims, the stronger type first."""
    if att.claimant == OUTLET or (att.claimant_side == "unknown" and att.cue is None):
        return []
    stext = sent.of(article.text)
    found: dict[str, int] = {}
    verbs = [(m, kind) for m, kind in _hits(lex.claim_verbs, stext) if not _other_subject(m, sent, att, lex, stext)]
    for m, kind in sorted(verbs + _hits(lex.claim_words, stext), key=lambda h: h[0].start()):
        found.setdefault(kind, m.start())
    if att.stance == "denied" or denied:
        at = att.cue_span.start - att.span.start if att.cue_span else 0
        found.setdefault("REJECT", at if 0 <= at < len(stext) else 0)
    tally = any(d.since for d in find_dates(stext, article.date, lex)) or _find(lex.date, "tally", stext)
    if tally and att.cue is not None and (count("killed", stext, lex) or count("injured", stext, lex)):
        found.setdefault("ACCUSE", 0)   # a party's count of losses over the war so far, as claims.py reads it
    if "AGREE" in found and any(row["sub_event_type"] == "Agreement" for _, row in triggers(stext, lex)):
        del found["AGREE"]   # an agreement reached is an event; AGREE is a stated readiness or promise
    return _unsuppressed(found)


def _other_subject(verb: re.Match, sent: Span, att: Attribution, lex: Lexicon, stext: str) -> bool:
    """The claim verb has a speaker of its own who is not the sentence's: "[Çavuşoğlu:] «Fransa açıkça Ermenistan'a
    destek veriyor»" is no SUPPORT of Çavuşoğlu's."""
    own = _speaker_for(verb, "claim", _sources(stext, lex, _cues(stext, lex)), stext, lex)
    src = att.source_span
    return own is not None and not (src and (src.start, src.end) == (sent.start + own.start, sent.start + own.end))


def _unsuppressed(found: dict[str, int]) -> list[tuple[str, int]]:
    """claims.py's rules within a sentence: a threat outweighs the appeal and blame it carries, a denial the
    blame, a demand the request; a meeting or call yields to what is said in it."""
    rule = {t.type: t for t in claims.triggers()}

    def beaten(c: str, k: str) -> bool:
        return k != c and (c in rule[k].suppresses or rule[c].channel and not rule[k].channel)
    kept = [c for c in found if not any(beaten(c, k) for k in found)]
    return [(c, found[c]) for c in sorted(kept, key=lambda c: -rule[c].priority)]


def _outlet_claims(sents: list[Span], atts: list[Attribution], article: Article, lex: Lexicon) -> list[Claim]:
    """A partisan outlet's blame in its own voice ("в результате провокации армянских вооруженных сил"): one
    claim of the article, as claims.py gives it."""
    prof = conflicts.of(article)
    if not prof.partisan(article.side):
        return []
    for sent, att in zip(sents, atts):
        if att.claimant != OUTLET:
            continue
        hit = next(iter(_hits(lex.claim_outlet, sent.of(article.text))), None)
        if hit is not None:
            return [_claim(hit[1], sent, hit[0].start(), att, article.text, lex, prof)]
    return []


_CLAUSE_END = re.compile(r";|(?<!\d):(?!\d)|\s[—–]\s")   # not the colon of "12:00"


def _evidence(sent: Span, at: int, text: str) -> Span:
    """The sentence, or in a long one the clause holding the claim's word; without the quote marks and dashes
    around it."""
    a, b = sent.start, sent.end
    if b - a > claims.MAX_EVIDENCE:
        stext = sent.of(text)
        cuts = [0] + [m.end() for m in _CLAUSE_END.finditer(stext)] + [len(stext)]
        i = max(j for j in range(len(cuts) - 1) if cuts[j] <= at)
        if cuts[i + 1] - cuts[i] >= 20:
            a, b = sent.start + cuts[i], sent.start + cuts[i + 1]
    while a < b and (text[a].isspace() or text[a] in "—–-,;:(»"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in "—–-,;:)«„"):   # "... Степанакерта. «" cut off
        b -= 1
    if b - a > 2 and text[a] in "«“„\"" and text[b - 1] in "»“”\"" and not re.search(r"[«»“”„\"]", text[a + 1:b - 1]):
        a, b = a + 1, b - 1   # a quote and nothing else
    return Span(a, b)


def _target(stext: str, att: Attribution, offset: int, lex: Lexicon, prof: Profile) -> str | None:
    """Whom a claim is aimed at: the first party the sentence names outside its speaker that is not of the
    claimant's side (claims.target_of on the parties' English names); "противник" is the speaker's enemy."""
    src = att.source_span
    named = _hits(lex.actors, stext) + _hits(lex.speakers, stext)
    countries = [(m, v) for m, v in _hits(lex.countries, stext)     # not "армянские" of "армянские войска"
                 if not any(a.start() <= m.start() < a.end() for a, _ in named)]
    words = []
    for m, v in sorted(named + countries, key=lambda h: h[0].start()):
        if src and src.start <= offset + m.start() < src.end:
            continue
        if v == lang.lexicon(lang.ENGLISH).get("claimants", "enemy"):
            v = prof.home_country(prof.opponent(att.claimant_side)) or v
        words.append(v)
    return claims.target_of("; ".join(words), att.claimant_side, prof)


def _claim(kind: str, sent: Span, at: int, att: Attribution, text: str, lex: Lexicon, prof: Profile) -> Claim:
    ev = _evidence(sent, at, text)
    return Claim(type=kind, claimant=att.claimant, claimant_side=att.claimant_side, evidence=ev.of(text),
                 evidence_span=ev, target=_target(sent.of(text), att, sent.start, lex, prof),
                 attribution_cue=att.cue, cue_span=att.cue_span,
                 stance="denied" if kind == "REJECT" else att.stance, hedged=att.hedged, relayed_by=att.relayed_by)
