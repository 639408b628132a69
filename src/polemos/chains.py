"""What the words around a place name say about it: the unit it lies in ("Labutta town (Labutta township, Ayeyarwady
region)", "X village of Y district", "in Petaquillas, Guerrero", "the town of X in Y region"), the town it lies near
("the Zeitoun neighbourhood, southeast of Gaza City"), a distance and bearing from it ("25 km west of Kirkuk"), a
part of a country ("southern Lebanon", "Israel's north"), and what makes a name no place at all ("the USS Carney",
"Iran-backed"). The words are a language's (data/lang/<code>.toml [places]); the geometry is here.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from polemos import lang
from polemos.gazetteer import Entry, Gazetteer, norm

EARTH_KM = 6371.0
# containment radii (km): a unit's trimmed centre lies within this of its places; a neighbour within reach
UNIT_KM = {"admin2": 70.0, "district": 70.0, "region": 150.0, "city": 30.0, "village": 20.0}
NEAR_KM = 40.0          # "Lesno, near Valdor": within this of Valdor ranks first
NAMESAKE_KM = 150.0     # ... and beyond this, a place of that name is a namesake, not the one near Valdor
UNIT_KINDS = ("admin1", "admin2", "district", "region")
KIND_PRIOR = {"continent": 5.0, "macro": 5.0, "sea": 5.0, "country": 5.0, "admin1": 3.0, "region": 5.0, "district": 2.0,
              "admin2": 0.5, "city": 0.0, "village": 0.0}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    how: str = "ner"                  # ner, zone, phrase, capital
    precision: int | None = None      # forced precision (near X -> 2)
    unit: bool = False                # "X district": wants an administrative unit
    parent: "Mention | None" = None   # "X, Y": Y
    link: str = "in"                  # how the parent holds it: "in", "comma" (a unit, a country), "near" (a town)
    offset: tuple[float, float] | None = None   # "25 km west of X": (km, bearing) away from X
    part: str | None = None           # "southern Lebanon", "Israel's north": the bearing word of a country's part
    district: str | None = None       # "X village of Y district": Y, the fallback
    candidates: tuple[Entry, ...] = ()
    chosen: Entry | None = None
    scores: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    """A language's words around a place name (data/lang/<code>.toml [places]), compiled once."""
    link_in: re.Pattern | None      # between a name and the unit it lies in (", ", " (", " in the north of ")
    link_near: re.Pattern | None    # between a name and a town it lies near (", southeast of ", " near ")
    owner: re.Pattern | None        # between an owner and what it owns ("Niger's Tahoua region")
    reverse: re.Pattern | None      # between a unit and a settlement named after it ("Tigray village of")
    list_joint: re.Pattern | None   # between two names of one list (", ", " and ")
    offset: re.Pattern | None       # before a name: "25 km west of (the city of)", groups number, unit, bearing
    lengths: tuple                  # (regex, km per unit)
    bearings: tuple                 # (regex, degrees clockwise from north; "central" has none)
    part_before: re.Pattern | None  # before a country: "southern", "the north of"; group 1 the bearing word
    part_after: re.Pattern | None   # after a country: "'s north"; group 1 the bearing word
    part_name: re.Pattern | None    # a name that opens with a bearing word: "South Lebanon", "Northern Israel"
    vessel: re.Pattern | None       # before a name: a ship's prefix ("the USS")
    attributive: re.Pattern | None  # after a name: "-backed", "-based": the name qualifies, it is no place
    fine_unit: re.Pattern | None    # a unit word of the second level or below ("district", "township")
    particle: re.Pattern | None     # a lower-case particle that opens a name ("al Hudaydah", "el-Fasher")
    common_before: re.Pattern | None   # before a name that is an English word too: what makes it a place
    dateline: re.Pattern | None     # a line that opens with where the report was filed
    meeting: re.Pattern | None      # before a name: where people met ("talks in")
    tail: re.Pattern | None         # after a name: the next name of its chain (", Guerrero"), group 1
    seat_before: re.Pattern | None  # before a capital where a speaker spoke: a clause's opening "in"
    seat_link: re.Pattern | None    # between that capital and the speaker (", the ")


@lru_cache(maxsize=None)
def rules(code: str = lang.ENGLISH) -> Rules:
    lex = lang.lexicon(code)

    def p(key, flags=re.I):
        return lex.pattern("places", key, flags)
    return Rules(p("link_in"), p("link_near"), p("owner_link", 0), p("link_rev"), p("list_joint"), p("offset"),
                 lex.table("places", "lengths"),
                 lex.table("places", "bearings"), p("part_before"), p("part_after"), p("part_name", 0),
                 p("vessel", 0), p("attributive"), p("fine_units"), p("particle", 0), p("common_before"),
                 p("dateline", 0), p("meeting"), p("chain_tail", 0), p("seat_before", 0), p("seat_link"))


@dataclass(frozen=True)
class Phrases:
    """A language's place phrases (data/lang/<code>.toml [places]), compiled once."""
    unit_words: str             # the alternation, for the patterns built on it
    unit_after: re.Pattern      # " district" after a name
    unit_end: re.Pattern        # a name that ends with its unit word
    village_list: re.Pattern
    bare_list: re.Pattern
    not_names: frozenset[str]
    name_run: re.Pattern
    village_of: re.Pattern
    named_village: re.Pattern
    and_tail: re.Pattern
    located_in: re.Pattern
    near: re.Pattern
    possessive: re.Pattern
    article: re.Pattern
    village_tail: re.Pattern
    district_of: re.Pattern
    capital_phrase: re.Pattern
    capital_of: re.Pattern
    enclave: re.Pattern


@lru_cache(maxsize=None)
def phrases(code: str = lang.ENGLISH) -> Phrases:
    lex = lang.lexicon(code)
    units = lex.text("places", "unit_words")
    written = {k: lex.pattern("places", k) for k in (
        "village_list", "bare_list", "name_run", "village_of", "named_village", "and_tail", "located_in", "possessive",
        "article", "village_tail", "district_of", "capital_phrase", "capital_of", "enclave")}
    return Phrases(units, re.compile(r"\s+(" + units + r")\b", re.I), re.compile(units + r"\s*$", re.I),
                 not_names=frozenset(lex.words("places", "not_names")), near=lex.pattern("places", "near", re.I),
                 **written)


def _value(table: tuple, word: str):
    return next((v for rx, v in table if rx.fullmatch(word.strip())), None)


def bearing(word: str, code: str = lang.ENGLISH) -> float | None:
    """Degrees clockwise from north of a bearing word ("southwest", "north-east", "southern"); None for
    "central" and words that name none."""
    v = _value(rules(code).bearings, word.lower())
    return None if v in (None, "") else float(v)


def offset_before(text: str, start: int, code: str = lang.ENGLISH) -> tuple[float, float] | None:
    """"76 nautical miles west of Yemen's al Hudaydah": (km, bearing) of the point the words before a name put
    away from it, or None."""
    r = rules(code)
    m = r.offset.search(text[max(0, start - 90):start]) if r.offset else None
    if not m:
        return None
    per = _value(r.lengths, m.group(2).lower())
    b = bearing(m.group(3), code)
    if per is None or b is None:
        return None
    return float(m.group(1).replace(",", "")) * float(per), b


def project(lat: float, lon: float, km: float, degrees: float) -> tuple[float, float]:
    """The point `km` away from (lat, lon) on the bearing `degrees` (great circle)."""
    d, b = km / EARTH_KM, math.radians(degrees)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


def link(between: str, code: str = lang.ENGLISH) -> str | None:
    """How a name relates to the next one, by the words between them: "in" (the next is where it lies), "near"
    (the next is a town it lies near), "held" (the next lies in this one: "the Tigray village of Togoga"), or
    None."""
    r = rules(code)
    if r.reverse is not None and r.reverse.fullmatch(between):
        return "held"
    if r.link_near is not None and r.link_near.fullmatch(between):
        return "near"
    if r.link_in is not None and r.link_in.fullmatch(between):
        return "in"
    return None


def link_mentions(ms: list, text: str, code: str = lang.ENGLISH) -> None:
    """"Valdor, Kessa", "Valdor (Tamsin district)", "Valdor in Norland's Kessa region", "Lesno, north of Valdor": the
    name after another says where it lies (a unit, a country, a town it is in or near)."""
    owner = rules(code).owner
    for i, (a, b) in enumerate(zip(ms, ms[1:])):
        how = link(text[a.end:b.start], code) or _held_by_tail(a, b, text, code)
        if how == "held" and a.candidates:
            b.parent, b.link = a, "in"

            continue
        if how is None or how == "held" or a.parent is not None or not b.candidates and not b.unit:
            continue
        if how == "in" and _listed(ms, i, text, code) and not b.unit:
            continue   # "Valdor, Brenn, Lesno and Tamsin districts": peers of one list, not a chain
        c = ms[i + 2] if i + 2 < len(ms) else None
        if c is not None and owner is not None and owner.fullmatch(text[b.end:c.start]):
            b = c   # "in Niger's Tahoua region": the region, which lies in Niger
        if text[a.end:b.start].strip() == ",":
            how = "comma"   # "Valdor, Kessa": Kessa must be a unit or a country ("Valdor, Brenn" are two towns)
        kinds = UNIT_KINDS + (("country", "city", "village") if how == "in" else ("city", "village", "admin2")
                              if how == "near" else ("country",))
        if not any(e.kind in kinds for e in b.candidates):
            continue
        a.parent, a.link = b, how


def _held_by_tail(a, b, text: str, code: str) -> str | None:
    """A unit read with its own case-marked unit word ("Tovuz rayonunun"): that word still links it to the
    settlement after it."""
    for k, ch in enumerate(a.text):
        if ch.isspace() and link(text[a.start + k:b.start], code) == "held":
            return "held"
    return None


def _listed(ms: list, i: int, text: str, code: str) -> bool:
    """The i-th and next names stand in one list of peers: a comma or "and" joins a third name to them ("Valdor,
    Kessa and Brenn"), whether or not that name was read as a place."""
    joint = rules(code).list_joint
    if joint is None:
        return False
    before = i > 0 and joint.fullmatch(text[ms[i - 1].end:ms[i].start]) is not None
    nxt = joint.match(text, ms[i + 1].end)
    return before or nxt is not None and text[nxt.end():nxt.end() + 1].isupper()


def point_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return EARTH_KM * 2 * math.asin(min(1.0, math.sqrt(h)))


def km(a: Entry, b: Entry) -> float:
    return point_km((a.lat, a.lon), (b.lat, b.lon))


RANK = {"village": 0, "city": 1, "admin2": 2, "district": 2, "admin1": 3, "region": 3, "country": 4, "sea": 5,
        "macro": 5, "continent": 6}


def coarser(parent: Entry, e: Entry) -> bool:
    """`parent` can hold `e`: a unit can hold a town, a town cannot hold a unit ("Tamsin District of
    Kessa": the region, not the town)."""
    return RANK.get(parent.kind, 1) > RANK.get(e.kind, 1) or parent.kind == e.kind == "city"


def elsewhere(parent: Entry, e: Entry, how: str) -> bool:
    """`e` cannot be the place its chain puts in (or near) `parent`: a namesake elsewhere."""
    if how == "near":
        return km(parent, e) > NAMESAKE_KM
    return not inside(parent, e, how)


def inside(parent: Entry, e: Entry, how: str = "in") -> bool:
    """`e` lies in (or, for "near", near) the place `parent`: same country, same first-level unit, or within the
    reach of the parent's kind."""
    if parent.country and e.country and parent.country != e.country:
        return False
    if norm(parent.name) == norm(e.name) and km(parent, e) < UNIT_KM["district"]:
        return True   # "Kasese (Kasese)": a unit and the town it is named after
    if how == "near":
        return km(parent, e) <= NEAR_KM
    if not coarser(parent, e):
        return km(parent, e) < 5   # no unit lies in its peer: the same place named twice ("Valdor (Valdoria)")
    if parent.kind == "country" or how == "comma" and parent.kind in ("city", "village"):
        return e.country == parent.country
    if parent.kind == "admin1":
        return e.admin1 == parent.admin1 if e.admin1 and e.kind != "admin1" else km(parent, e) < 150
    return km(parent, e) <= UNIT_KM.get(parent.kind, 100.0)


def part_of_country(gz: Gazetteer, country: Entry, degrees: float | None, word: str) -> Entry | None:
    """The first-level unit of `country` a bearing names ("southern Lebanon"): one whose own names say it
    ("South Governorate", "Northern District"), else the one lying farthest that way from the country's
    centre ("central": the nearest to it)."""
    units = [e for e in gz.by_kind("admin1") if e.country == country.country]
    if not units:
        return None
    stem = norm(word)[:4]
    names = gz.names_by_place(u.id for u in units)
    named = [u for u in units if any(n.split()[0].startswith(stem) for n in map(norm, names[u.id]) if n)]
    if named:
        return max(named, key=lambda u: u.population)
    if degrees is None:
        return min(units, key=lambda u: km(country, u))
    b = math.radians(degrees)

    def reach(u: Entry) -> float:
        dy = u.lat - country.lat
        dx = (u.lon - country.lon) * math.cos(math.radians(country.lat))
        return dx * math.sin(b) + dy * math.cos(b)
    return max(units, key=reach)


def compound_candidates(gz: Gazetteer, name: str, code: str = lang.ENGLISH) -> tuple[Entry, ...]:
    """"Northwest": the places named with its two bearing words apart ("North-West Region")."""
    if " " in name or bearing(name, code) is None:
        return ()
    cut = next((i for i in range(2, len(name) - 1) if bearing(name[:i], code) is not None and
                bearing(name[i:], code) is not None), None)
    return gz.lookup(f"{name[:cut]} {name[cut:]}") if cut else ()


def part_candidates(gz: Gazetteer, name: str) -> tuple[Entry, ...]:
    """"South Lebanon", "Northern Israel": the country's part a bearing names, beside any namesake town (none when
    the whole name is a country or a region's own: "South Sudan", "North Darfur")."""
    split = split_part(name)
    if split is None or any(e.kind in ("country", "admin1", "region") and not e.alt for e in gz.lookup(name)):
        return ()
    word, rest = split
    country = next((e for e in gz.lookup(rest) if e.kind == "country"), None)
    part = part_of_country(gz, country, bearing(word), word) if country else None
    return (part,) if part else ()


def part_word(text: str, start: int, end: int, code: str = lang.ENGLISH) -> str | None:
    """The bearing word that makes a country name a part of it: "in southern Lebanon", "Israel's north"."""
    r = rules(code)
    before = r.part_before.search(text[max(0, start - 40):start]) if r.part_before else None
    if before:
        return next(g for g in before.groups() if g)
    after = r.part_after.match(text, end) if r.part_after else None
    return after.group(1) if after else None


def split_part(name: str, code: str = lang.ENGLISH) -> tuple[str, str] | None:
    """"South Lebanon" -> ("South", "Lebanon"): a name opening with a bearing word, and the rest."""
    r = rules(code)
    m = r.part_name.match(name) if r.part_name else None
    return (m.group(1), name[m.end():].strip()) if m and name[m.end():].strip() else None


def tail(text: str, end: int, code: str = lang.ENGLISH) -> tuple[int, int] | None:
    """The span of the name that follows a name in its chain: "Petaquillas, Guerrero", "Labutta (Ayeyarwady"."""
    rx = rules(code).tail
    m = rx.match(text, end) if rx is not None else None
    return (m.start(1), m.end(1)) if m else None


def particle_led(name: str, code: str = lang.ENGLISH) -> bool:
    """"al Hudaydah", "el-Fasher": a name opened by a lower-case particle."""
    m = rules(code).particle.match(name) if rules(code).particle else None
    return bool(m) and name[m.end():m.end() + 1].isupper()


def fine_unit(mention: str, code: str = lang.ENGLISH) -> bool:
    """"Tamsin district", "Labutta township": a unit below the first level, whatever GeoNames files it as."""
    r = rules(code)
    return r.fine_unit is not None and r.fine_unit.search(mention) is not None


def not_a_place(text: str, start: int, end: int, code: str = lang.ENGLISH) -> bool:
    """"the USS Carney", "Iran-backed": a ship's name, a name that only qualifies the next word."""
    r = rules(code)
    if r.vessel is not None and (r.vessel.search(text[max(0, start - 8):start] + " ")
                                 or r.vessel.match(text[start:end])):
        return True   # "the USS Carney", or the prefix inside the name spaCy found
    return r.attributive is not None and r.attributive.match(text, end) is not None
