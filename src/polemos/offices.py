"""Where an office is: the state a source speaks for when its words name no state.

A source phrase may name its state by a place ("the Valdor region governor", "Kessa's health ministry", "the mayor
of Brenn": the gazetteer gives the place's state) or not at all ("the interior ministry", "a military official",
"President Ivan Doe"): then the state named nearest before it speaks, else the one the article names most. A person
in a source phrase may stand beside a title the tagger did not read as a PERSON ("spokesperson Ann Roe", "Ann Roe, a
regional military official"). The words (titles, unit nouns, state offices, people of the place) are the language
file's (data/lang/en.toml [cues.phrases]).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache

from polemos import conflicts
from polemos.conflicts import Profile
from polemos.gazetteer import Gazetteer
from polemos.lang.en.syntax import memo
from polemos.lang.en.words import lexicon
from polemos.segment import ents, sentences, text_of
from polemos.speakers import Speaker, mentions, speakers

PLACE_KINDS = ("city", "admin1", "admin2", "region", "district", "village", "country")
PLACE_LABELS = ("GPE", "LOC", "FAC")
BIG_TOWN = 100_000       # people of a town that a one-word "person" is rather than a name
MAX_NAME = 4                # words of a person's name after a title


def state_row(iso: str | None, prof: Profile) -> Speaker | None:
    """The speaker table's row of a state (its side as the profile gives it)."""
    if not iso:
        return None
    return next((sp for sp in speakers(prof) if sp.kind == "country" and sp.country == iso), None)


def place_state(span, prof: Profile) -> Speaker | None:
    """The state of a place the source phrase names: an entity, a name before a unit noun ("Valdor region",
    "Kessa State"), or the object of "of" ("the governor of Brenn")."""
    if span is None or not len(span):
        return None
    named = _named_in(span.doc)
    for name in _place_names(span):
        row = state_row(_state_of(name, named), prof)
        if row is not None:
            return row
    return None


def _named_in(doc) -> frozenset[str]:
    """The states the article names, read once per article (each source phrase of it asks)."""
    table = memo(doc)
    if "countries" not in table:
        table["countries"] = conflicts.countries_named(text_of(doc))
    return table["countries"]


def _place_names(span) -> list[str]:
    lex = lexicon()
    found = [e.text for e in _ents(span) if e.label_ in PLACE_LABELS]
    for tok in span:
        nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
        if not tok.text[:1].isupper() or tok.lower_ in lex.person_titles:
            continue
        if nxt is not None and (nxt.lower_ in lex.unit_nouns or nxt.lower_ in lex.local_titles or
                                nxt.text in ("'s", "’s")):     # "Valdor region", "Valdor Mayor", "Valdor's"
            found.append(tok.text)
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in lex.person_titles:
            found.append(tok.text)
    return [re.sub(r"['’]s$", "", f).strip() for f in found]


def _state_of(name: str, named: frozenset[str], local: bool = False) -> str | None:
    """The state of the place called `name`: a state the article names first, a larger place first. `local`: a
    town or region only (a local office is of the place where it happened, not of a country named near it)."""
    best = _place(name, named)
    return best.country if best is not None and not (local and best.kind == "country") else None


@lru_cache(maxsize=4096)
def _place(name: str, named: frozenset[str]):
    entries = [e for e in Gazetteer.default().lookup(name) if e.kind in PLACE_KINDS and e.country and
               (e.population >= 1000 or e.kind != "village")]
    if not entries:
        return None
    return max(entries, key=lambda e: (e.country in named, e.kind != "village", e.population))


def context_state(span, prof: Profile, local: bool = False) -> Speaker | None:
    """The state of the place or country named as a noun nearest before a source, in its sentence or the one before
    ("Drones hit Valdor, the regional governor said": Valdor's state; "Norlandic drones" is no place), else the state
    the article names most (the first named of those named as often). `local`: a local office ("the regional
    governor") is of the town or region named before it, not of a country named near it."""
    if span is None:
        return None
    doc = span.doc
    sents = sentences(doc)
    i = bisect.bisect_right([x.start_char for x in sents], span.start_char) - 1
    start = sents[max(i - 1, 0)].start_char
    named = _named_in(doc)
    before = [e for e in ents(doc) if (e.label_ in PLACE_LABELS or _city_as_person(e, named)) and
              start <= e.start_char and e.end_char <= span.start_char]
    for e in reversed(before):
        row = state_row(_state_of(re.sub(r"['’]s$", "", e.text), named, local), prof)
        if row is not None:
            return row
    return article_state(text_of(doc), prof.name) or _first_place_state(doc, named, prof)


def _city_as_person(ent, named: frozenset[str]) -> bool:
    """A one-word "person" that is a large town the gazetteer knows ("the city of Valdor" tagged PERSON): the
    tagger often reads an unfamiliar town so; a person's name is rarely a town of 100,000."""
    if ent.label_ != "PERSON" or len(ent) != 1:
        return False
    best = _place(ent.text, named)
    return best is not None and best.kind != "country" and best.population >= BIG_TOWN


def _first_place_state(doc, named: frozenset[str], prof: Profile) -> Speaker | None:
    """An article that names no state ("The army said it killed 11 militants in North Waziristan"): the state of
    the first place it names, anywhere."""
    for e in ents(doc):
        if e.label_ in PLACE_LABELS:
            row = state_row(_state_of(re.sub(r"['’]s$", "", e.text), named), prof)
            if row is not None:
                return row
    return None


@lru_cache(maxsize=256)
def states_named(text: str, profile_name: str) -> dict[str, int]:
    """How often the article names each state (its name, demonym or capital) or one of its bodies and officials
    ("the army", "the president"), by ISO code."""
    written = text.replace("’", "'")
    counts: Counter = Counter()
    for sp in speakers(conflicts.load(profile_name)):
        if sp.country and sp.kind in ("country", "speaker"):
            counts[sp.country] += len(mentions(sp, written))
    return {iso: n for iso, n in counts.items() if n}


@lru_cache(maxsize=256)
def article_state(text: str, profile_name: str) -> Speaker | None:
    """The state the article names most (the first named of those named as often)."""
    prof = conflicts.load(profile_name)
    written = text.replace("’", "'")
    counts: Counter = Counter()
    first: dict[str, int] = {}
    rows = {}
    for sp in speakers(prof):
        if sp.kind != "country":
            continue
        for m in mentions(sp, written):
            counts[sp.canonical] += 1
            first[sp.canonical] = min(first.get(sp.canonical, m.start()), m.start())
            rows[sp.canonical] = sp
    if not counts:
        return None
    return rows[max(counts, key=lambda k: (counts[k], -first[k]))]


def is_state_office(low: str) -> bool:
    """A source phrase holding a state's office ("the interior ministry", "a military official")."""
    return _any(lexicon().state_offices).search(low) is not None


def is_local_office(low: str) -> bool:
    """A source holding a local office ("the regional governor", "the mayor", "district officials")."""
    return _any(lexicon().local_offices).search(low) is not None


def non_state(low: str) -> str | None:
    """The word that makes a source a non-state party ("separatist", "rebel"), or None."""
    m = _any(lexicon().non_state).search(low)
    return m.group(0) if m else None


def of_the_place(low: str) -> bool:
    """Residents, witnesses, medics...: people of the place, alone or in a list."""
    return _any(lexicon().people_of_place).search(low) is not None


@lru_cache(maxsize=None)
def _any(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def titled_name(span) -> str | None:
    """A person named beside a title: "Governor Jan Doe", "spokesperson Ann Roe", "Ann Roe, a regional military
    official"."""
    if span is None or not len(span):
        return None
    titles = lexicon().person_titles
    toks = list(span)
    for k, tok in enumerate(toks):
        if tok.lower_ not in titles:
            continue
        run = []
        for t in toks[k + 1:k + 1 + MAX_NAME]:
            if not (t.text[:1].isupper() and t.is_alpha) or t.lower_ in titles:
                break
            run.append(t.text)
        if run and (len(run) > 1 or k + 1 + len(run) == len(toks)):
            return " ".join(run)
    comma = next((k for k, t in enumerate(toks) if t.text == ","), None)
    if comma and all(t.text[:1].isupper() and t.is_alpha for t in toks[:comma]) and comma <= MAX_NAME and \
            any(t.lower_ in titles for t in toks[comma + 1:]):
        return " ".join(t.text for t in toks[:comma])
    return None


def _ents(span):
    found = ents(span.doc)
    return [e for e in found if e.start >= span.start and e.end <= span.end]
