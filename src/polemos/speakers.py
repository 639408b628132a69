"""Who speaks in conflict news: the speaker table and a language's words for reading sources.

The table is the conflict profile's own speakers (data/conflicts/<name>.toml), then the generic rows of
data/speakers.csv, then the speakers of the world's wars (data/speakers_world.csv: institutions, office-holders and
armed groups, written from the world tables by scripts/world_speakers.py), then one row for every other state.
A row with a country and no side takes its side from the profile the article is read with. polemos.claimants
resolves a source phrase against this table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import conflicts, lang, prefilter, resources
from polemos.conflicts import Profile
from polemos.errors import DataError, Errors

WORLD = "speakers_world.csv"
ACRONYM = 3         # letters of an acronym a table names in lower case ("us", "un"): written so, it is a word
TABLES = ("speakers.csv", WORLD)     # generic rows, read after a profile's own


@dataclass(frozen=True)
class Words:
    """A language's words for resolving sources (data/lang/<code>.toml [claimants]), compiled once."""
    determiner: re.Pattern
    maker: re.Pattern
    quantity: re.Pattern
    countrys: re.Pattern
    channel_nouns: frozenset[str]
    plural: tuple[str, ...]
    title_skip: frozenset[str]
    personal: frozenset[str]
    group: frozenset[str]
    impersonal: frozenset[str]
    office: tuple[str, ...]
    organisation: tuple[str, ...]
    possessive: tuple[str, ...]


@lru_cache(maxsize=None)
def words(code: str = lang.ENGLISH) -> Words:
    lex = lang.lexicon(code)
    rx = lambda key, flags=re.I: lex.pattern("claimants", key, flags)   # noqa: E731
    w = lambda key: lex.words("claimants", key)   # noqa: E731
    return Words(rx("determiner"), rx("maker", 0), rx("quantity"), rx("countrys", 0), frozenset(w("channel_nouns")),
                 w("plural"), frozenset(w("title_skip")), frozenset(w("personal")), frozenset(w("group")),
                 frozenset(w("impersonal")), w("office"), w("organisation"), w("possessive"))


@dataclass(frozen=True)
class Speaker:
    kind: str
    source: str                     # its regex, compiled when first used (`pattern`)
    canonical: str
    organisation: str
    side: str
    source_type: str
    surnames: tuple = ()            # plain surnames of 6+ letters, for misspelt names ("Hajivev")
    government: str = ""            # a country row's government name when not "Government of {country}"
    person: bool = False            # a person ("Name (title)"), not a body
    country: str = ""               # ISO 3166-1 alpha-2 of the state it speaks for, when it has one

    @property
    def pattern(self) -> re.Pattern:
        return _compiled(self.source)


@lru_cache(maxsize=None)
def _compiled(source: str) -> re.Pattern:
    return re.compile(source, re.I)


def speakers(profile: Profile | None = None) -> tuple[Speaker, ...]:
    """The speakers of a conflict profile's articles: its own rows, then the generic rows of data/speakers.csv and
    data/speakers_world.csv (a row of a state taking its side from the profile), then one row for every other
    state."""
    return by_profile((profile or conflicts.load()).name)


@lru_cache(maxsize=None)
def by_profile(name: str) -> tuple[Speaker, ...]:
    profile = conflicts.load(name)
    rows = [(f"conflicts/{name}.toml", n, r) for n, r in enumerate(profile.speakers, 1)]
    for table in TABLES:
        rows += [(table, n, r) for n, r in enumerate(resources.rows(table), 2) if not conflicts.is_template(r)]
    generic = resources.rows("speakers.csv")
    have = {r.get("country") for _, _, r in rows if r.get("kind") == "country"}
    for r in (r for r in generic if conflicts.is_template(r)):
        rows += [("speakers.csv", 0, x) for x in conflicts.state_rows(r, have)]
    found = tuple(_speaker(where, r, profile) for where, _, r in rows)
    if not prefilter.cached([sp.source for sp in found], re.I, _table_name(name)):
        for (where, n, r), sp in zip(rows, found):   # rows read before were compiled then (polemos.prefilter)
            try:
                _compiled(sp.source)
            except re.error as e:
                raise DataError(Errors.E103.format(file=where, row=n, pattern=r["pattern"], error=e)) from e
    return found


def _speaker(where: str, r: dict, profile: Profile) -> Speaker:
    source = r"(?<![\w.])(?:" + r["pattern"].replace("'", "['’]") + r")(?![\w])"
    person = r["person"] == "1" if r.get("person") else "(" in r["canonical"]
    last = r["canonical"].split(" (")[0].split()[-1].lower()
    # A surname misspelt by a letter is found for a war's own few speakers; among the world table's hundreds a slip
    # would find them in common names (Ahmed for Ahmad).
    fuzzy = person and where != WORLD and len(last) >= 6 and last.isalpha()
    surname = (last,) if fuzzy else ()
    side = r.get("side") or (profile.side_of_country(r["country"]) if r.get("country") else "")
    return Speaker(r["kind"], source, r["canonical"], r.get("organisation") or "", side, r.get("source_type") or "",
                   surname, r.get("government") or "", person, r.get("country") or "")


def state_sides(profile: Profile | None = None) -> frozenset[str]:
    """The sides the profile's states speak for (an armed group's side is none of them)."""
    return _state_sides((profile or conflicts.load()).name)


@lru_cache(maxsize=None)
def _state_sides(name: str) -> frozenset[str]:
    return frozenset(sp.side for sp in by_profile(name) if sp.kind == "country")


def candidates(text: str, profile: Profile | None = None) -> list[Speaker]:
    """The speaker rows that may be named in `text`, in table order: the others match nowhere in it (their words
    are not in it, polemos.prefilter), so a scan of these finds what a scan of every row does."""
    name = (profile or conflicts.load()).name
    rows = by_profile(name)
    return [rows[i] for i in _table(name).which(text)]


@lru_cache(maxsize=None)
def _table(name: str) -> prefilter.Table:
    return prefilter.Table([sp.source for sp in by_profile(name)], name=_table_name(name))


def _table_name(name: str) -> str:
    return f"speakers-{name}"


def mentions(sp: Speaker, text: str) -> list[re.Match]:
    """Where a row is named in a text as written (its case kept): an acronym of the table written in lower case
    ("us", "un") is a word, not the name."""
    return [m for m in sp.pattern.finditer(text) if m.end() - m.start() > ACRONYM or not m.group(0).islower()]
