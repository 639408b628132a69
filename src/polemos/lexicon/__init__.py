"""The lexicon finders: a language read without a parser, by the words of its language file (data/lang/<code>.toml):
trigger, cue, speaker, actor, place, date and toll words as regexes.

What they find is what the parse finders find, for the same components (polemos.components): the lexicon maps its
words to the English names the project's tables know, and the project's own rules do the rest (claimants through
speakers.csv, actors through actors.csv, dates through polemos.dates, vague tolls through casualties.to_number,
places through the gazetteer and the Geocoder's ranking, events through events.write and events.dedupe).
This module loads a language's lexicon; sources, places, dates, events and claims read it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from polemos import conflicts, lang
from polemos.claims import triggers as claim_triggers
from polemos.errors import DataError, Errors
from polemos.lexicon import countries
from polemos.types import Article


def _rx(pattern: str | None) -> re.Pattern | None:
    """A lexicon regex as a whole-word, case-insensitive pattern; None for an empty entry."""
    if not pattern:
        return None
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I)


def _table(raw: dict | None) -> tuple[tuple[re.Pattern, Any], ...]:
    return tuple((_rx(k), v) for k, v in (raw or {}).items())


@dataclass(frozen=True)
class Lexicon:
    code: str
    spacy: str                       # spaCy blank language ("xx" where spaCy has none)
    speaker_first: bool              # verb-final languages: the sentence's first speaker says it
    triggers: tuple                  # (regex, {"sub_event_type", "plover"}), in precedence order
    cue: dict                        # name -> regex: speech, according, backref, denial, reported, hedge...
    speakers: tuple                  # (regex, English name of speakers.csv)
    countries: tuple                 # (regex, English country name)
    organisations: tuple             # (regex, English organisation word of speakers.csv)
    actors: tuple                    # (regex, English actor phrase of actors.csv / enemy.csv)
    weapons: tuple                   # (regex, English word of weapons.csv)
    targets: tuple                   # (regex, English word of targets.csv)
    place_names: tuple               # (regex, gazetteer name): inflected and adjectival forms
    suffixes: tuple                  # (ending, replacement): case endings to undo before a gazetteer lookup
    place: dict                      # name -> regex: locative, origin, capital, stop; locative_suffix,
                                     # origin_suffix (on the written name), origin_after (right after it)
    months: tuple                    # (regex, English month)
    weekdays: tuple                  # (regex, English weekday)
    relative: tuple                  # (regex, English phrase of dates.py)
    date: dict                       # name -> regex: since (before a date), since_after (after it)
    toll: dict                       # name -> regex: killed, injured, civilians, none, not_count
    numbers: tuple                   # (regex, int or English vague word)
    claim_verbs: tuple = ()          # (regex, PLOVER type): says who claims what; an attribution cue
    claim_words: tuple = ()          # (regex, PLOVER type): words in what a speaker says that make it a claim
    claim_outlet: tuple = ()         # (regex, PLOVER type): a partisan outlet's own blame
    elision: re.Pattern | None = None  # an elided article before a name ("l’", "d'")
    lemmas: Callable[[str], tuple[str, ...]] | None = None   # a word's dictionary forms (the language's tools)
    spellings: tuple = ()            # (regex of every letter group, {group: English spelling}): a transcription


def _check_claims(raw: dict | None, code: str) -> tuple:
    known = {t.type for t in claim_triggers()}
    for kind in (raw or {}).values():
        if kind not in known:
            raise DataError(Errors.E110.format(code=code, kind=kind))
    return _table(raw)


@lru_cache(maxsize=None)
def lexicon(code: str) -> Lexicon:
    raw = lang.lexicon(code).raw
    places_raw, dates_raw, toll_raw = raw.get("places", {}), raw.get("dates", {}), raw.get("casualties", {})
    claims_raw = raw.get("claims", {})
    return Lexicon(
        code=code, spacy=raw.get("spacy", code), speaker_first=bool(raw.get("speaker_first")),
        triggers=lang.lexicon(code).triggers(),
        cue={k: _rx(v) for k, v in raw.get("attribution", {}).items()},
        speakers=_table(raw.get("speakers")), countries=_countries(raw, code),
        organisations=_table(raw.get("organisations")), actors=_table(raw.get("actors")),
        weapons=_table(raw.get("weapons")), targets=_table(raw.get("targets")),
        place_names=_table(places_raw.get("names")) + countries.patterns(code, _suffixes(places_raw)),
        suffixes=_suffixes(places_raw),
        place={k: _rx(v) if not k.endswith(("_suffix", "_after")) else re.compile(v, re.I)
               for k, v in places_raw.items() if isinstance(v, str)},
        months=_table(dates_raw.get("months")), weekdays=_table(dates_raw.get("weekdays")),
        relative=_table(dates_raw.get("relative")),
        date={k: _rx(v) if k != "since_after" else re.compile(v, re.I)   # a suffix: not a whole word
              for k, v in dates_raw.items() if isinstance(v, str)},
        toll={k: _rx(v) for k, v in toll_raw.items() if isinstance(v, str)},
        numbers=_table(toll_raw.get("numbers")),
        claim_verbs=_check_claims(claims_raw.get("verbs"), code),
        claim_words=_check_claims(claims_raw.get("words"), code),
        claim_outlet=_check_claims(claims_raw.get("outlet"), code),
        elision=re.compile(places_raw["elision"] + _BEFORE_WORD, re.I) if places_raw.get("elision") else None,
        lemmas=_lemmas(code), spellings=_spellings(places_raw))


def _countries(raw: dict, code: str) -> tuple:
    """The language file's country words, then the name of every other state in the language (CLDR)."""
    own = _table(raw.get("countries"))
    listed = {v for _, v in own}
    return own + tuple((rx, v) for rx, v in countries.patterns(code, _suffixes(raw.get("places", {})))
                       if v not in listed)


def _suffixes(places_raw: dict) -> tuple:
    return tuple(tuple(p) for p in places_raw.get("suffixes", []))


def _spellings(places_raw: dict) -> tuple:
    """"ch" -> "sh", "ou" -> "u": the language's transcription of foreign names undone in one pass, longest group
    first ("tch" is "ch", never "tsh")."""
    pairs = dict(places_raw.get("spellings", []))
    if not pairs:
        return ()
    groups = sorted(pairs, key=len, reverse=True)
    return (re.compile("|".join(re.escape(g) for g in groups)), pairs)


def theatre(article: Article, lex: Lexicon) -> conflicts.Theatre:
    """The war an article in the language is read in: its profile, and the profile's zone or, for a profile with
    none (the default), the countries the text names in English words, in the language's own country words and
    by the state names of the language (lexicon.countries)."""
    war = conflicts.theatre(article, article.text)
    if war.profile.zone:
        return war
    named = {v for _, v in _hits(lex.countries, article.text)}
    return conflicts.Theatre(war.profile, war.zone | conflicts.countries_named("; ".join(sorted(named))))


def _lemmas(code: str) -> Callable[[str], tuple[str, ...]] | None:
    """The lemmatiser of a language's tools, when its file asks for one ([tools] lemmas)."""
    if not lang.lexicon(code).get("tools", "lemmas"):
        return None
    try:
        module = lang.tools(code)
    except ImportError as e:
        raise DataError(Errors.E151.format(code=code, tools="lemmas", error=e)) from e
    return getattr(module, "lemmas", None)


def _hits(table: tuple, text: str) -> list[tuple[re.Match, Any]]:
    return sorted(((m, v) for rx, v in table for m in rx.finditer(text)), key=lambda h: h[0].start())


def _find(group: dict, name: str, text: str) -> re.Match | None:
    rx = group.get(name)
    return rx.search(text) if rx is not None else None


_BEFORE_WORD = r"(?=\w)"


def _ends_with(rx: re.Pattern | None, before: str, words: int = 1) -> bool:
    return rx is not None and re.search(rf"(?:{rx.pattern})\s+(?:\S+\s+){{0,{words}}}$", before, re.I) is not None
