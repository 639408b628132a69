"""Conflict profiles: what polemos knows of one war, as data (data/conflicts/<name>.toml).

A profile holds a war's sides (the state each speaks for, its ACLED actor and government, the side it fights),
its speakers and armed parties, its contested place names and its zone. The default profile (default.toml) holds
none of these: it reads any war, a state's side being its demonym and the zone the countries the article names.
An article is read with the profile its text points to (`choose`), or the one a caller forces (Article.conflict,
Pipeline(conflict=...)). Stages ask `of(article)` for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from polemos import resources, world
from polemos.errors import DataError, Errors
from polemos.types import Article

DEFAULT = "default"
NEUTRAL = frozenset({"international", "neutral", "unknown", "other", ""})   # sides that are no party to a war
MIN_POPULATION = 1_000_000      # states below this (Jersey, Reunion...) get no generated row: their names are words


@dataclass(frozen=True)
class Side:
    key: str                        # "ukrainian": how records name the side
    country: str | None = None      # ISO 3166-1 alpha-2 of the state it speaks for
    actor: str | None = None        # its ACLED military actor, "Military Forces of X (YYYY-)"
    government: str | None = None   # its ACLED government actor
    opponent: str | None = None     # the side it fights, where it fights one
    names: re.Pattern | None = None  # how a text names it as a party (an agreement's parties)
    fights: tuple[str, ...] = ()    # every side it fights
    members: tuple[str, ...] = ()   # the ACLED actors that fight for it
    strike: str | None = None       # the sub-type of its strikes when a report leaves the weapon unnamed


@dataclass(frozen=True)
class Profile:
    name: str
    title: str = ""
    sides: dict[str, Side] = field(default_factory=dict)
    parties: frozenset[str] = frozenset()       # the two warring sides
    others: str = "demonym"                     # side of any other state: "demonym" or a side name
    state_sides: dict[str, str] = field(default_factory=dict)   # ISO2 -> side name, where not the demonym
    region: str | None = None                   # the contested region ("the enclave's capital")
    regains: str | None = None                  # who regains territory when no actor is named
    zone: frozenset[str] = frozenset()          # countries of its places; empty: those the article names
    spillover: frozenset[str] = frozenset()     # countries where its fire also lands
    places: str | None = None                   # curated gazetteer table, under data/conflicts
    aliases: tuple[tuple[str, str], ...] = ()   # (curated place name, other name)
    speakers: tuple[dict, ...] = ()             # rows of speakers.csv's columns, read before the generic ones
    actors: tuple[dict, ...] = ()               # rows of actors.csv's columns, read before the generic ones
    own_forces: str | None = None               # regex: how its speakers name their own forces
    detect: re.Pattern | None = None
    detect_min: int = 2
    theatre: frozenset[str] = frozenset()       # the war's countries, where its places are if the text names none
    period: str = ""                            # "YYYY-MM-DD/YYYY-MM-DD" (open end "/"): for the reader

    def side_of_country(self, iso: str | None) -> str:
        """The side a state's officials speak for: one of the profile's sides, else by `others`."""
        if not iso:
            return "unknown"
        for side in self.sides.values():
            if side.country == iso:
                return side.key
        if self.others != "demonym":
            return self.others
        return self.state_sides.get(iso) or demonym_side(iso)

    def side_actor(self, side: str | None) -> str | None:
        """The military actor of a side: the profile's, or in the default profile a state's generic one."""
        if side in self.sides:
            return self.sides[side].actor
        if self.others == "demonym" and side:
            return state_actor(state_of_side(side, self))
        return None

    def opponent(self, side: str | None) -> str | None:
        found = self.sides.get(side or "")
        return found.opponent if found else None

    def state_of(self, iso: str | None) -> tuple[str, str] | None:
        """(military actor, side) of the side that holds the state `iso`: whose territory it is."""
        side = next((s for s in self.sides.values() if s.country == iso and s.actor), None)
        return (side.actor, side.key) if side else None

    def party_to_agreement(self, text: str) -> tuple[str | None, str | None]:
        """The government of the first side the text names as a party."""
        hits = [(m.start(), s) for s in self.sides.values() if s.names for m in [s.names.search(text)] if m]
        if not hits:
            return None, None
        side = min(hits, key=lambda h: h[0])[1]
        return side.government, side.key

    def fighting(self, side: str | None) -> bool:
        """A side that fights in this war (not a peacekeeper or mediator)."""
        if self.sides:
            return side in self.sides and bool(self.sides[side].fights)
        return (side or "") not in NEUTRAL

    def partisan(self, side: str | None) -> bool:
        """An outlet of one of the war's sides: its own voice blames."""
        return side in self.sides if self.sides else (side or "") not in NEUTRAL

    def home_country(self, side: str | None) -> str | None:
        """The name of the state an outlet of `side` writes from ("Kenya" for "kenyan")."""
        iso = state_of_side(side, self)
        return country_name(iso) if iso else None


# ------------------------------------------------------------------ loading

@lru_cache(maxsize=1)
def names() -> list[str]:
    """Every profile's name, the default first (data/conflicts, or a POLEMOS_DATA folder's conflicts/)."""
    return [DEFAULT] + [n for n in resources.names("conflicts", ".toml") if n != DEFAULT]


@lru_cache(maxsize=None)
def load(name: str = DEFAULT) -> Profile:
    """The profile called `name` (data/conflicts/<name>.toml); DataError names the file and key at fault."""
    if name not in names():
        raise DataError(Errors.E101.format(name=name, known=", ".join(names())))
    where = f"conflicts/{name}.toml"
    raw = resources.toml(where)
    try:
        return _profile(name, raw)
    except (KeyError, TypeError, ValueError, re.error) as e:
        raise DataError(Errors.E102.format(file=where, error=e)) from e


def _profile(name: str, raw: dict) -> Profile:
    zone = raw.get("zone", {})
    sides = {k: Side(k, v.get("country"), v.get("actor"), v.get("government"), v.get("opponent"),
                     _rx(v.get("names")), tuple(v.get("fights", [v["opponent"]] if v.get("opponent") else [])),
                     tuple(v.get("members", [])), v.get("strike")) for k, v in raw.get("sides", {}).items()}
    for s in sides.values():
        for other in filter(None, (s.opponent, *s.fights)):
            if other not in sides:
                raise ValueError(Errors.E109.format(side=s.key, opponent=other))
    aliases = tuple((place, alt) for place, alts in raw.get("aliases", {}).items() for alt in alts)
    return Profile(name=name, title=raw.get("title", ""), sides=sides, parties=frozenset(raw.get("parties", [])),
                   others=raw.get("others", "demonym"), state_sides=dict(raw.get("state_sides", {})),
                   region=raw.get("region"), regains=raw.get("regains"),
                   zone=frozenset(zone.get("countries", [])), spillover=frozenset(zone.get("spillover", [])),
                   places=zone.get("places"), aliases=aliases, speakers=tuple(raw.get("speakers", [])),
                   actors=tuple(raw.get("actors", [])), own_forces=raw.get("own_forces"),
                   detect=_rx(raw.get("detect")), detect_min=int(raw.get("detect_min", 2)),
                   theatre=frozenset(raw.get("theatre", [])), period=raw.get("period", ""))


def _rx(pattern: str | None) -> re.Pattern | None:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I) if pattern else None


def profiles() -> list[Profile]:
    """Every profile of a war (the default left out)."""
    return [load(n) for n in names() if n != DEFAULT]


# ------------------------------------------------------------------ choosing

def of(article: Article | None) -> Profile:
    """The profile an article is read with: the one it names, else the one its text points to."""
    if article is None:
        return load(DEFAULT)
    return load(article.conflict or choose(article.text, article.side))


@lru_cache(maxsize=256)
def choose(text: str, side: str | None = None) -> str:
    """The profile whose words the text holds most (at least its `detect_min`; an outlet of one of its parties
    counts 2), else the default."""
    best, score = DEFAULT, 0
    for p, words in zip(profiles(), _detected(text)):
        n = words + (2 if side in p.parties else 0)
        if n >= p.detect_min and n > score:
            best, score = p.name, n
    return best


@lru_cache(maxsize=64)
def _detected(text: str) -> tuple[int, ...]:
    """How many of each profile's words the text holds (in profiles() order): one scan of a text for both of
    the calls that choose for it (without and with its outlet's side)."""
    return tuple(len(p.detect.findall(text)) if p.detect else 0 for p in profiles())


def zone(profile: Profile, text: str) -> frozenset[str]:
    """The countries of the war's places: the profile's zone, or the countries the text names and the war's own
    (its theatre: a note on "Afgooye (Lower Shabelle)" names no country)."""
    return profile.zone or countries_named(text) | profile.theatre


@dataclass(frozen=True)
class Theatre:
    """The war one document is read in: its profile and the countries of its places."""
    profile: Profile
    zone: frozenset[str]


def theatre(article: Article | None, text: str) -> Theatre:
    profile = of(article)
    return Theatre(profile, zone(profile, text))


def countries_named(text: str) -> frozenset[str]:
    """ISO codes of the states the text names (by name, alias or demonym)."""
    rx, by_name = _country_words()
    return frozenset(by_name[m.group(0).lower()] for m in rx.finditer(text) if m.group(0).lower() in by_name)


@lru_cache(maxsize=1)
def _country_words() -> tuple[re.Pattern, dict[str, str]]:
    words: dict[str, str] = {}
    for r in resources.rows("gazetteer_countries.csv"):
        if int(r["population"] or 0) >= MIN_POPULATION:
            words[r["name"].lower()] = r["iso2"]
    for r in resources.rows("gazetteer_aliases.csv"):
        if "." not in r["code"] and len(r["alias"]) > 3:
            words.setdefault(r["alias"].lower(), r["code"])
    for dem, iso in _demonyms().items():
        words.setdefault(dem.lower(), iso)
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I), words


# ------------------------------------------------------------------ states

@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Demonym -> ISO2, the first demonym of a state being its main one."""
    return {r["demonym"]: r["iso2"] for r in resources.rows("gazetteer_demonyms.csv") if r["iso2"]}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {r["iso2"]: r for r in resources.rows("gazetteer_countries.csv")}


def country_name(iso: str | None) -> str | None:
    row = _countries().get(iso or "")
    return row["name"] if row else None


def demonyms_of(iso: str) -> list[str]:
    return [d for d, i in _demonyms().items() if i == iso]


def demonym_side(iso: str) -> str:
    """A state's side by the schema's rule: its side key in data/states.csv (its demonym, or the schema's word),
    else its (first) demonym in lower case, else its name."""
    dems = demonyms_of(iso)
    return world.state_side(iso) or (dems[0] if dems else country_name(iso) or iso).lower()


def state_actor(iso: str | None) -> str | None:
    """The ACLED military actor of a state: data/states.csv's, else its plain name."""
    if not iso:
        return None
    name = country_name(iso)
    return world.state_actor(iso) or (f"Military Forces of {name}" if name else None)


def state_of_side(side: str | None, profile: Profile) -> str | None:
    """The state a side speaks for: the profile's, else the state whose demonym side it is."""
    if not side:
        return None
    if side in profile.sides:
        return profile.sides[side].country
    if profile.others != "demonym":
        return None
    for iso, name in profile.state_sides.items():
        if name == side:
            return iso
    return world.state_of(side) or next((iso for dem, iso in _demonyms().items() if dem.lower() == side), None)


def state_rows(template: dict, skip: set[str]) -> list[dict]:
    """A data row whose fields name {name}, {demonym}, {names} (data/states.csv's words for it), {capital}, {iso},
    {military} or {police} (its ACLED forces),
    once for every state of at least
    MIN_POPULATION not in `skip` (ISO codes of states that have rows of their own)."""
    out = []
    for iso, row in _countries().items():
        if iso in skip or int(row["population"] or 0) < MIN_POPULATION:
            continue
        dems = demonyms_of(iso)
        words = {"{name}": re.escape(row["name"].lower()), "{iso}": iso, "{capital}": re.escape(row["capital"].lower()),
                 "{demonym}": "|".join(re.escape(d.lower()) for d in dems) or re.escape(row["name"].lower()),
                 "{names}": (world.state(iso) or {}).get("names") or re.escape(row["name"].lower())}
        plain = {"{name}": row["name"], "{demonym}": dems[0] if dems else row["name"], "{iso}": iso,
                 "{capital}": row["capital"], "{military}": state_actor(iso) or "",
                 "{police}": world.state_actor(iso, "police") or f"Police Forces of {row['name']}"}
        out.append({k: _fill(v, words if k == "pattern" else plain) for k, v in template.items()})
    return out


def _fill(value, words: dict[str, str]):
    if not isinstance(value, str):
        return value
    for k, v in words.items():
        value = value.replace(k, v)
    return value


def is_template(row: dict) -> bool:
    return "{name}" in (row.get("pattern") or "") or "{demonym}" in (row.get("pattern") or "")
