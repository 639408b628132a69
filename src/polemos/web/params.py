"""The API's query parameters: the filters (closed vocabularies checked, any case accepted, a country by code or
English name, dates in order), the orders of the lists and their cursors.

A value outside a closed vocabulary is a 422 that names the allowed values; a cursor that is not one this server
made is a 400.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from typing import Annotated, Any, Literal, Optional, get_args

from fastapi import Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError

from polemos import filters as vocab
from polemos.errors import ApiMsg
from polemos.filters import Filters as FilterSet
from polemos.store import SORTS
from polemos.store.views import sort_values

NUMBER = r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*"
BBOX_PATTERN = f"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$"
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,600}$"    # longer than any cursor this server makes
CURSOR_CHARS = re.compile(CURSOR_PATTERN)
Sort = Literal["date", "-date", "fatalities", "claims"]
assert set(SORTS) == set(get_args(Sort)), "every order of the store is a value of the sort parameter"


def invalid(loc: tuple, msg: str) -> RequestValidationError:
    """A 422 shaped like FastAPI's own (detail: [{loc, msg, type}]); the input is not echoed."""
    return RequestValidationError([{"loc": loc, "msg": msg, "type": "value_error"}])


def _clean(values: list[str]) -> list[str]:
    return [v.replace("\x00", "") for v in values if v is not None and v.strip()]


def _bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    if bbox is None or not bbox.strip():
        return None
    try:
        return vocab.parse_bbox(bbox)
    except ValueError as e:
        raise invalid(("query", "bbox"), str(e)) from None


def _closed(name: str, values: list[str], parse: Any) -> list[str]:
    """Values of a closed vocabulary in the spelling the store holds; any case is accepted."""
    out = []
    for v in _clean(values):
        try:
            out.append(parse(v))
        except ValueError as e:
            raise invalid(("query", name), str(e)) from None
    return out


def _sides(request: Request, name: str, values: list[str], which: str) -> list[str]:
    """Sides the store knows (of claimants, or of blamed actors), any case."""
    values = _clean(values)
    if not values:
        return []
    known = request.app.state.polemos.sides()[which]
    lowered = {k.lower(): k for k in known}
    for v in values:
        if v.strip().lower() not in lowered:
            raise invalid(("query", name), ApiMsg.UNKNOWN_SIDE.format(value=v, known=", ".join(known) or "none"))
    return [lowered[v.strip().lower()] for v in values]


Many = Annotated[list[str], Query(max_length=50)]


def event_filters(
    request: Request,
    bbox: Annotated[Optional[str], Query(description="west,south,east,north in degrees (west > east "
                                                     "crosses the antimeridian)", max_length=200,
                                         pattern=BBOX_PATTERN)] = None,
    date_from: Annotated[Optional[dt.date], Query(description="first day, YYYY-MM-DD")] = None,
    date_to: Annotated[Optional[dt.date], Query(description="last day, YYYY-MM-DD (not before date_from)")] = None,
    event_type: Annotated[Optional[list[str]], Query(description="ACLED event type, any case (repeat for several)")
                          ] = None,
    sub_event_type: Annotated[Optional[list[str]], Query(description="ACLED sub-event type, any case")] = None,
    actor_side: Annotated[Optional[list[str]], Query(description="side blamed (actor 1): one of /api/facets "
                                                                 "actor_sides, any case")] = None,
    claimant: Annotated[Optional[list[str]], Query(description="who claims it, any spelling of the name")] = None,
    claimant_side: Annotated[Optional[list[str]], Query(description="the claimant's side: one of /api/facets "
                                                                    "claimant_sides, any case")] = None,
    disputed: Annotated[Optional[bool], Query(description="true: only events the sides disagree about")] = None,
    corroborated: Annotated[Optional[bool], Query(description="true: only events claimed by more than one side "
                                                              "or by a neutral source")] = None,
    place: Annotated[Optional[list[str]], Query(description="the event's place name, any case")] = None,
    country: Annotated[Optional[list[str]], Query(description="the event's country: ISO 3166-1 alpha-2 code (AZ) "
                                                              "or English name (France)")] = None,
) -> FilterSet:
    if date_from and date_to and date_from > date_to:
        raise invalid(("query", "date_from"), ApiMsg.DATES.format(date_from=date_from, date_to=date_to))
    return FilterSet(bbox=_bbox(bbox), date_from=date_from, date_to=date_to,
                     event_type=_closed("event_type", event_type or [], vocab.event_type),
                     sub_event_type=_closed("sub_event_type", sub_event_type or [], vocab.sub_event_type),
                     actor_side=_sides(request, "actor_side", actor_side or [], "actor_sides"),
                     claimant=_clean(claimant or []),
                     claimant_side=_sides(request, "claimant_side", claimant_side or [], "claimant_sides"),
                     disputed=disputed, corroborated=corroborated, place=_clean(place or []),
                     country=_closed("country", country or [], vocab.country_code))


SEARCH = ("words that must all occur in the evidence, place, claimant, actors, target or weapon; a place by any of "
          "its names in any script")


def filters(base: Annotated[FilterSet, Depends(event_filters)],
            q: Annotated[Optional[str], Query(description=SEARCH, max_length=500)] = None) -> FilterSet:
    base.q = q.replace("\x00", "") if q is not None else None
    return base


def searched(base: Annotated[FilterSet, Depends(event_filters)],
             search: Annotated[Optional[str], Query(description=SEARCH + " (the map's q)", max_length=500)] = None
             ) -> FilterSet:
    """The filters of a route whose own `q` searches something else (/api/claimants: names)."""
    base.q = search.replace("\x00", "") if search is not None else None
    return base


Filters = Annotated[FilterSet, Depends(filters)]
EventFilters = Annotated[FilterSet, Depends(searched)]
Limit = Annotated[int, Query(ge=1, le=1000, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
SortParam = Annotated[Sort, Query(description="date: earliest first; -date: latest first; fatalities: highest "
                                              "claimed toll first; claims: most claims first (ties by date)")]
Cursor = Annotated[Optional[str], Query(max_length=8000, description="the next_cursor of the previous page")]


# --- cursors: the order and the sort keys of the last event of a page ---------------------------------------

def encode_cursor(item: dict[str, Any], sort: str) -> str:
    raw = json.dumps([sort, *sort_values(item, sort)], ensure_ascii=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    """The sort keys a cursor holds; 400 for anything but a cursor of this order that this server made (its
    characters, length and shape are checked before it is parsed: no nesting reaches the JSON parser)."""
    values = _cursor_values(cursor)
    if values is None or values[0] != sort or not _shaped(values[1:], sort):
        raise HTTPException(400, ApiMsg.CURSOR)
    return values[1:]


def _cursor_values(cursor: str) -> list[Any] | None:
    if not CURSOR_CHARS.fullmatch(cursor or ""):
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith("[") or raw.count("[") != 1 or "{" in raw:
        return None
    try:
        values = json.loads(raw)
    except ValueError:
        return None
    return values if isinstance(values, list) and values else None


def _shaped(values: list[Any], sort: str) -> bool:
    """[date, id], with the negated toll or claim count in front for those orders."""
    numbers = 1 if sort in ("fatalities", "claims") else 0
    if len(values) != numbers + 2:
        return False
    head, (date, gid) = values[:numbers], values[numbers:]
    return (all(isinstance(n, int) and not isinstance(n, bool) for n in head) and isinstance(date, str)
            and isinstance(gid, str) and len(date) <= 40 and len(gid) <= 300)
