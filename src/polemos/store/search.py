"""What a search box means: a place by any of its names in any script (the gazetteer's alternate names: a town's
English, local and Cyrillic names find the same events), and a person or body by part of a name in any spelling or
script ("Dupont", "dupon" and "Дюпон" find "Jean Dupont").

Place names are read from the gazetteer's index (polemos.gazetteer) when it has been built; without it a search
is literal.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz

MAX_NAMES = 80                      # alternate names of one place added to a search
FUZZY = 80                          # rapidfuzz ratio (0-100) from which two words are one name in two spellings
SHORT = 4                           # words shorter than this must match the start of a word exactly
TOWN = 10_000                       # people: a smaller place named like a search word is taken for the word



def fold(text: str) -> str:
    """Lower-case ASCII letters and digits, words apart: every script transliterated ("Дюпон" -> "dyupon")."""
    return " ".join(re.findall(r"[a-z0-9]+", anyascii(text or "").lower()))


def name_score(query: str, names: list[str]) -> int:
    """How well a typed query names one of `names` (0-100; 0: not at all): every word of the query must be part
    of a word of the name, or the same word in another spelling (a transliteration, a letter left out)."""
    words = fold(query).split()
    if not words:
        return 100
    best = 0
    for name in names:
        folded = fold(name)
        if " ".join(words) in folded:
            return 100
        parts = folded.split()
        scores = [max((_word_score(w, p) for p in parts), default=0) for w in words]
        best = max(best, min(scores, default=0))
    return best


def _word_score(word: str, part: str) -> int:
    if part.startswith(word) or (len(word) >= SHORT and word in part):
        return 100
    if len(word) < SHORT:
        return 0
    score = int(fuzz.ratio(word, part))
    return score if score >= FUZZY else 0


@lru_cache(maxsize=4096)
def place_names(text: str) -> tuple[str, ...]:
    """Every name of the place `text` most likely names (its gazetteer names in every script, lower case), or ()
    when the gazetteer does not know it or has not been built. Only a conflict profile's place, a country or a
    town of TOWN people or more counts: "drone" or "village" also name hamlets somewhere."""
    try:
        from polemos.gazetteer import Gazetteer, index_path
        if not index_path().exists():
            return ()
        gaz = Gazetteer.default()
        found = [e for e in gaz.lookup(text) if _named(e)]
    except Exception:               # noqa: BLE001 - a search without alternate names is still a search
        return ()
    if not found:
        return ()
    top = max(found, key=lambda e: (e.source.startswith("curated"), e.kind == "country", e.population))
    names = [top.name.lower()] + [n for n in gaz.keys(top.id) if n != top.name.lower()]
    return tuple(dict.fromkeys(names))[:MAX_NAMES]


def _named(e: Any) -> bool:
    return e.source.startswith("curated") or e.kind == "country" or (e.kind == "city" and e.population >= TOWN)
