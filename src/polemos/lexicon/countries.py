"""Every state's name in a language, from the Unicode CLDR (babel): a text in that language names its countries as
an English text does, whatever the war. A language file lists the few country words its speakers need; CLDR has
the name of every state in every language of the project.

A name is found with the case endings of the language's [places] suffixes ("Украина" -> "Украине", "Украиной";
"Ուկրաինա" -> "Ուկրաինայում"), capitalised as written, and stands for the gazetteer's English name of the state.
"""
from __future__ import annotations

import re
from functools import lru_cache

from polemos import resources

MIN_NAME = 4        # shorter names ("Чад", "Mali") are found as written only: their endings make common words


@lru_cache(maxsize=None)
def states(code: str) -> dict[str, str]:
    """A language's name of every state the gazetteer knows -> the state's English name (gazetteer_countries.csv)."""
    from babel import Locale, UnknownLocaleError
    try:
        names = Locale.parse(code).territories
    except (UnknownLocaleError, ValueError):
        return {}
    english = {r["iso2"]: r["name"] for r in resources.rows("gazetteer_countries.csv")}
    return {names[iso]: english[iso] for iso in english if iso in names}


def forms(name: str, suffixes: tuple) -> list[str]:
    """A name and its inflected forms: each [ending, replacement] rule of the language read backwards."""
    head, _, last = name.rpartition(" ")
    out = [last]
    if len(last) >= MIN_NAME:
        for ending, repl in suffixes:
            if last.lower().endswith(repl) and len(last) - len(repl) >= 3:
                out.append(last[:len(last) - len(repl)] + ending)
    return [f"{head} {f}" if head else f for f in dict.fromkeys(out)]


@lru_cache(maxsize=None)
def patterns(code: str, suffixes: tuple) -> tuple[tuple[re.Pattern, str], ...]:
    """(whole-word regex of a state's name in all its forms, as written, -> its English name)."""
    out = []
    for name, english in states(code).items():
        alt = "|".join(re.escape(f) for f in sorted(forms(name, suffixes), key=len, reverse=True))
        out.append((re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])"), english))
    return tuple(out)
