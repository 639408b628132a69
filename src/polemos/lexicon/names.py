"""Persons named in a language that has no NER of its own: a run of two or three capitalised words that the
language file and the gazetteer do not know ("Վադիմ Դանիելյանը", "Rəşad Məmmədov"), the last word's case ending
undone by the language's suffix rules (only the last word of a name takes it), romanised (polemos.lang.ud).

They become Doc._.hints persons, as a tool's NER gives them, so the source finder can name a speaker the
language file does not list.
"""
from __future__ import annotations

import re

from polemos.lang import ud
from polemos.lexicon import Lexicon, _hits
from polemos.lexicon.places import _forms
from polemos.places import Geocoder

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
MIN_WORD = 2
PLACE_MIN = 20_000   # a capitalised word that is a town this big is a place, not a name


def _capitalised(word: str) -> bool:
    """A capitalised word, not an acronym with its case ending ("APA-ya", "ՊՆ-ն")."""
    stem = re.split(r"[-'’]", word)[0]
    return word[:1].isupper() and not stem.isupper() and len(word) >= MIN_WORD


def _known(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in taken)


def _base(word: str, lex: Lexicon) -> str:
    """A name's last word without its case ending: the part before an apostrophe, else the first suffix rule's."""
    for sep in ("'", "’"):
        if sep in word:
            return word.split(sep)[0]
    low = word.lower()
    rule = next(((e, r) for e, r in lex.suffixes if low.endswith(e) and len(word) - len(e) >= 3), None)
    return word[:len(word) - len(rule[0])] + rule[1] if rule else word


def persons(text: str, lex: Lexicon, geocoder: Geocoder) -> ud.Hints:
    """The persons of a text: capitalised runs that are no word of the language file and no known place."""
    taken = [m.span() for table in (lex.speakers, lex.organisations, lex.countries, lex.actors, lex.place_names)
             for m, _ in _hits(table, text)]
    words = [m for m in _WORD.finditer(text) if _capitalised(m.group(0)) and not _known(*m.span(), taken)]
    out = ud.Hints()
    i = 0
    while i < len(words):
        run = [words[i]]
        while i + len(run) < len(words) and re.fullmatch(r" ", text[run[-1].end():words[i + len(run)].start()]):
            run.append(words[i + len(run)])
        i += len(run)
        if any(re.fullmatch(r" ", text[run[-1].end():a]) for a, _ in taken):
            continue   # "Respublika Baş Prokurorluğu": the words before an organisation's name are part of it
        run = run[-2:]   # "Belediye Başkanı Ahmet Yılmaz'ın": titles are capitalised too, the name ends the run
        if len(run) < 2 or any(_place(m.group(0), lex, geocoder) for m in run):
            continue
        name = [m.group(0) for m in run[:-1]] + [_base(run[-1].group(0), lex)]
        out.persons.append((run[0].start(), run[-1].end(), ud.romanised(" ".join(name))))
    return out


def _place(word: str, lex: Lexicon, geocoder: Geocoder) -> bool:
    """A word the gazetteer knows as a country, a region, a curated place or a town of some size, in any of its
    forms (not a hamlet that shares a first name)."""
    return any(e.kind in ("country", "region", "admin1") or e.source.startswith("curated") or
               e.population >= PLACE_MIN for f in _forms(word, lex) for e in geocoder.gz.lookup(f))
