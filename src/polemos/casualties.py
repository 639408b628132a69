"""Casualties: killed and injured counts from an event sentence, with ACLED's rules for vague words."""
from __future__ import annotations

import re
from dataclasses import dataclass

from polemos import resources

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100, "a dozen": 12, "an elderly": 1,
               "a": 1, "an": 1})
_NUM = r"(\d[\d,]*|" + "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True)) + \
       r"|a few|few|several|some|many|a number of|scores of|dozens of|dozens|hundreds of|hundreds)"
_WHO = r"(?:\s+(?:more\s+)?(?:of\s+(?:its|their|the|our)\s+)?(?:[a-z-]+\s+){0,3}?(?:civilians?|people|persons?|soldiers?|servicem[ae]n|troops|" \
       r"residents?|children|women|men|fighters|airmen|crew members|pilots?|militants|mercenaries|journalists?|members?|policem[ae]n|" \
       r"villagers|individuals|others|adults?|wom[ae]n|m[ae]n|child|boys?|girls?|teenagers?|elderly|servicemembers?))?"
# Who counts as a civilian in a toll: not soldiers, fighters or "people" of an army.
_CIVILIANS = re.compile(r"\b(?:civilians?|people|persons|residents?|children|child|women|woman|villagers|"
                        r"journalists?|reporters?|cameram[ae]n|elderly|teenagers?|boys?|girls?)\b", re.I)
# "three civilians (two women and a man) were killed", "nine civilians, including four women, were killed"
_ASIDE = r"(?:\s*\([^()]{1,60}\)|\s*,\s*(?:including|among them|most of them|all of them)\b[^,.;]{1,50},)?"
_KILLED = r"(?:killed|dead|died|perished|lost their lives|were martyred|martyred|fatalities|deaths)"
_INJURED = r"(?:injured|wounded|hurt|injuries)"


def _patterns(verb: str) -> list[re.Pattern]:
    return [re.compile(rf"\b{_NUM}{_WHO}{_ASIDE}\s+(?:(?:were|was|have been|has been|had been|are|is|have|has|had)\s+)?"
                       rf"(?:reportedly\s+|also\s+)?{verb}", re.I),
            re.compile(rf"\b(?:killing|killed|kills|injuring|wounding|leaving)\s+(?:at least\s+)?{_NUM}{_WHO}"
                       rf"(?:\s+{verb})?", re.I),
            re.compile(rf"\b(?:toll|number of (?:dead|killed|victims))\s+(?:\S+\s+){{0,15}}?(?:to|at|is|was|reached)\s+{_NUM}",
                       re.I)]


_KILLED_RX = _patterns(_KILLED)
_INJURED_RX = [re.compile(rf"\b{_NUM}{_WHO}\s+(?:(?:were|was|have been|has been|had been|are|is|have|has|had)\s+)?"
                          rf"(?:reportedly\s+|also\s+)?{_INJURED}", re.I),
               re.compile(rf"\b(?:injuring|wounding|wounded|injured)\s+(?:at least\s+)?{_NUM}{_WHO}", re.I)]


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
    if w in _WORDS:
        return _WORDS[w], False
    for row in resources.rows("vague_numbers.csv"):
        if row["word"] == w:
            return int(row["large" if large else "small"]), True
    return None, False


def _first(rxs: list[re.Pattern], text: str, large: bool) -> Count | None:
    hits = []
    for rx in rxs:
        for m in rx.finditer(text):
            word = next(g for g in m.groups() if g)
            n, vague = to_number(word, large)
            negated = re.search(r"\b(?:no|not)\s+$", text[max(0, m.start() - 4):m.start()], re.I)   # "No one was hurt"
            if n is not None and not negated and not (word.lower() in ("a", "an") and len(m.group(0).split()) < 3):
                hits.append((m.start(), Count(n, m.group(0), vague, bool(_CIVILIANS.search(m.group(0))))))
    return min(hits, key=lambda h: h[0])[1] if hits else None


# "No casualties occurred", "no deaths or injuries are reported", "civilians were not affected": a toll of 0.
_NONE = re.compile(r"\b(?:no (?:casualties|deaths|fatalities|victims|one was killed|loss of life)|"
                   r"(?:nobody|no one|no-one) was (?:killed|hurt|injured|harmed)|without (?:casualties|victims)|"
                   r"no (?:civilians?|people|one)(?: or [\w\s]{1,30}?)? (?:suffered|(?:was|were) (?:killed|harmed|hurt))|"
                   r"(?:population|civilians|residents) (?:was|were) not (?:affected|harmed|hurt))\b", re.I)
_NO_INJURED = re.compile(r"\b(?:no (?:injuries|wounded|one was (?:hurt|injured))|(?:nobody|no-one) was (?:hurt|injured)|"
                         r"no (?:casualties|victims))\b", re.I)


def killed(text: str, large: bool = False) -> Count | None:
    found = _first(_KILLED_RX, text, large)
    if found is None and (m := _NONE.search(text)):
        return Count(0, m.group(0))
    return found


def injured(text: str, large: bool = False) -> Count | None:
    found = _first(_INJURED_RX, text, large)
    if found is None and (m := _NO_INJURED.search(text)):
        return Count(0, m.group(0))
    return found


def split(total: int | None, parts: int) -> list[int | None]:
    """ACLED: a toll over several places or days is split evenly, the remainder to the first."""
    if total is None or parts <= 1:
        return [total] * max(parts, 1)
    share, rest = divmod(total, parts)
    return [share + rest] + [share] * (parts - 1)
