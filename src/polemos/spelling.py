"""Spelling variants of a place name the index lacks ("Niafounke" for GeoNames "Niafunke", "Chuguiv" for
"Chuhuiv"): the name's skeleton (the language's letter folds, doubled letters single, no spaces) is compared with
the skeletons of the places of the war's countries, and the one close match stands for it. Only when the exact
lookup fails, only for names of some length, only in the war's countries: a looser match would invent places.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from polemos import lang, zone
from polemos.gazetteer import Entry, Gazetteer, norm

MIN_LETTERS = 6     # a shorter name has too many neighbours one letter away
# edits a skeleton may differ by: none under SHORT letters ("Dioura" is no "Diourou"), two from LONG on
SHORT, LONG = 6, 9
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=None)
def _folds(code: str) -> tuple[tuple[re.Pattern, str], ...]:
    rows = lang.lexicon(code).get("places", "spelling_folds", [])
    return tuple((re.compile(a), b) for a, b in rows)


def skeleton(key: str, code: str = lang.ENGLISH) -> str:
    """A name key with the letters spellings differ by folded: "niafounke" -> "niafunke", "mir ali" -> "mirali"."""
    key = key.replace(" ", "")   # (also of many keys at once, one a line)
    for rx, sub in _folds(code):
        key = rx.sub(sub, key)
    return _DOUBLED.sub(r"\1", key)


@lru_cache(maxsize=256)
def _index(country: str, code: str) -> tuple[dict[str, list[str]], list[str]]:
    """One country's place keys by skeleton (per country, so that wars sharing a country share its index): the
    keys a war's zone is read with (own names, their English spellings, a unit's or a big town's other names),
    kept on disk beside the index."""
    keys = [k for k in zone.country_keys(country) if len(k) >= MIN_LETTERS - 1 and k.isascii()]
    by_skeleton: dict[str, list[str]] = {}
    # one pass of each fold over all the keys at once: a country has tens of thousands
    for key, sk in zip(keys, skeleton("\n".join(keys), code).split("\n")):
        by_skeleton.setdefault(sk, []).append(key)
    return by_skeleton, list(by_skeleton)


def candidates(gz: Gazetteer, name: str, countries: frozenset[str], code: str = lang.ENGLISH) -> tuple[Entry, ...]:
    """The places of the war's countries `name` is a spelling variant of (as alternate-name matches), or ()."""
    key = norm(name)
    if not countries or len(key.replace(" ", "")) < MIN_LETTERS or not key.isascii():
        return ()
    sk = skeleton(key, code)
    most = 2 if len(sk) >= LONG else 1 if len(sk) >= SHORT else 0
    close: dict[str, int] = {}
    for country in sorted(countries):
        keys = _index(country, code)[1]
        for k, d, _ in process.extract(sk, keys, scorer=Levenshtein.distance, score_cutoff=most, limit=8):
            if k[0] == sk[0]:
                close[k] = d
    ranked = sorted((d, k) for k, d in close.items())
    if not ranked or len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return ()   # none close enough, or two places as close: the name is neither
    named = {k for country in countries for k in _index(country, code)[0].get(ranked[0][1], ())}
    found = {e.id: e._replace(alt=True) for k in named for e in gz.lookup(k) if e.country in countries}
    return tuple(found.values())
