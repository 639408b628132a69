"""Casualties: killed and injured counts from an event sentence, with ACLED's rules for vague words.

The toll phrases are a language's (data/lang/<code>.toml [casualties]): its number words, the words for who is
counted and for killed and injured, and the phrases that join them; numbers in digits are every language's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import lang, resources


@dataclass(frozen=True)
class Rules:
    """A language's toll phrases, compiled once."""
    numbers: dict[str, int]         # number word -> its value
    articles: re.Pattern            # number words that are an article: a count only in a longer phrase
    killed: tuple[re.Pattern, ...]
    injured: tuple[re.Pattern, ...]
    civilians: re.Pattern
    negated: re.Pattern
    no_killed: re.Pattern
    no_injured: re.Pattern


@lru_cache(maxsize=None)
def rules(code: str = lang.ENGLISH) -> Rules:
    lex = lang.lexicon(code)
    numbers = dict(lex.get("casualties", "numbers", {}))
    words = "|".join(sorted((re.escape(w) for w in numbers), key=len, reverse=True))
    number = r"(\d[\d,]*|" + lex.text("casualties", "vague") + "|" + words + ")"   # "a few" before "a"
    compiled = lambda key: tuple(re.compile(lex.fill("casualties", p, number=number), re.I)   # noqa: E731
                                 for p in lex.words("casualties", key))
    rx = lambda key: lex.pattern("casualties", key, re.I)   # noqa: E731
    return Rules(numbers, re.compile(lex.text("casualties", "articles"), re.I), compiled("killed_patterns"),
                 compiled("injured_patterns"), rx("civilian_words"), rx("negated"), rx("no_killed"),
                 rx("no_injured"))


@dataclass
class Count:
    number: int
    text: str
    vague: bool = False
    civilians: bool = False


def to_number(word: str, large: bool = False) -> tuple[int | None, bool]:
    """A number word or digits as an int; vague words by ACLED's table. Returns (number, vague)."""
    w = word.lower().strip()
    if w.replace(",", "").isdigit():
        return int(w.replace(",", "")), False
    if w in rules().numbers:
        return rules().numbers[w], False
    for row in resources.rows("vague_numbers.csv"):
        if row["word"] == w:
            value = row["large" if large else "small"]
            return (int(value) if value else None), True
    return None, False


def _first(rxs: tuple[re.Pattern, ...], text: str, large: bool) -> Count | None:
    r = rules()
    hits: list[tuple[int, Count]] = []
    for rx in rxs:
        for m in rx.finditer(text):
            words = [g for g in m.groups() if g]   # a pattern of victims one by one counts each
            word = words[0]
            counts = [to_number(w, large) for w in words]
            n = None if any(c[0] is None for c in counts) else sum(c[0] or 0 for c in counts)
            vague = any(c[1] for c in counts)
            negated = r.negated.search(text[max(0, m.start() - 4):m.start()])   # "No one was hurt"
            if n is not None and not negated and not (r.articles.fullmatch(word) and len(m.group(0).split()) < 3):
                hits.append((m.start(), Count(n, m.group(0), vague, bool(r.civilians.search(m.group(0))))))
    return min(hits, key=lambda h: h[0])[1] if hits else None


def killed(text: str, large: bool = False) -> Count | None:
    found = _first(rules().killed, text, large)
    if found is None and (m := rules().no_killed.search(text)):
        return Count(0, m.group(0))
    return found


def injured(text: str, large: bool = False) -> Count | None:
    found = _first(rules().injured, text, large)
    if found is None and (m := rules().no_injured.search(text)):
        return Count(0, m.group(0))
    return found


def split(total: int | None, parts: int) -> list[int | None]:
    """ACLED: a toll over several places or days is split evenly, the remainder to the first."""
    if total is None or parts <= 1:
        return [total] * max(parts, 1)
    share, rest = divmod(total, parts)
    return [share + rest] + [share] * (parts - 1)
