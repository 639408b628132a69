"""The read routes of the API: fused events, disputes, the map, the timeline, facets, claimants, articles.

Every route reads through one Reader: one read transaction, so one request sees one database state.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Optional, get_args

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from polemos.errors import ApiMsg
from polemos.store import ProfileQuery, Reader, voices
from polemos.web import models
from polemos.web.params import (
    Cursor,
    EventFilters,
    Filters,
    Limit,
    Offset,
    SortParam,
    decode_cursor,
    encode_cursor,
)

MAP_CAP = 20000
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no such record", "model": models.Problem}}
BAD: dict[int | str, dict[str, Any]] = {
    400: {"description": "a cursor this server did not make", "model": models.Problem},
    422: {"description": "a value outside its vocabulary, dates out of order (the allowed values named)"}}
router = APIRouter(tags=["read"])


def state(request: Request) -> Any:
    return request.app.state.polemos


def reader(request: Request) -> Iterator[Reader]:
    with state(request).store.read() as r:      # one read transaction: the request sees one database state
        yield r


Conn = Annotated[Reader, Depends(reader)]
ProfileSort = Literal["claims", "corroborated", "contradicted", "statements", "claimant", "claimant_side", "first",
                      "last"]
assert set(voices.SORTS) == set(get_args(ProfileSort))


@router.get("/api/info", response_model=models.Info)
def info(request: Request, c: Conn) -> dict[str, Any]:
    """What the server holds and whether it takes writes."""
    s = state(request)
    return {**c.info(), "writable": s.token is not None, "formats": list(models.FORMATS),
            "database": s.store.engine.dialect.name, "max_body": s.max_body}


@router.get("/api/events", response_model=models.EventPage, responses=BAD)
def list_events(c: Conn, f: Filters, limit: Limit = 100, offset: Offset = 0, sort: SortParam = "date",
                cursor: Cursor = None) -> JSONResponse:
    """Fused events that match the filters, in the order `sort` names. Page with limit/offset, or with the cursor
    of the previous page (it carries the order and its keys: stable while events are added)."""
    after = decode_cursor(cursor, sort) if cursor else None
    items = c.page(f, limit, offset, after, sort)
    last = items[-1] if len(items) == limit else None
    # built as the model says (tests check it): returned as is, a 1000-item page skips a slow re-validation
    return JSONResponse({"total": c.count(f), "limit": limit, "offset": None if after else offset, "sort": sort,
                         "next_cursor": encode_cursor(last, sort) if last else None, "items": items})


@router.get("/api/events/{event_id}", response_model=models.EventDetail, responses=NOT_FOUND)
def one_event(c: Conn, event_id: Annotated[str, PathParam(max_length=500)]) -> dict[str, Any]:
    """One fused event with every claim about it, the evidence in its article, and the other statements of those
    articles."""
    found = c.event(event_id)
    if found is None:
        raise HTTPException(404, ApiMsg.NO_EVENT.format(id=event_id[:100]))
    return found


@router.get("/api/disputes", response_model=models.DisputePage, responses=BAD)
def disputes(c: Conn, f: Filters, limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0,
             sort: SortParam = "date") -> dict[str, Any]:
    """Disputed events under the filters, sorted and paged, each with its claims and its disputes: which claims
    disagree, and on what (whether it happened, who did it, the toll)."""
    total, items = c.disputes(f, limit, offset, sort)
    return {"total": total, "limit": limit, "offset": offset, "sort": sort, "items": items}


@router.get("/api/map", response_model=models.MapPoints, responses=BAD)
def map_points(c: Conn, f: Filters, cap: Annotated[int, Query(ge=1, le=MAP_CAP)] = MAP_CAP) -> JSONResponse:
    """Compact points for the map: [id, lat, lon, event_type, fatalities (highest claimed), disputed, date, place,
    sub-type, fatalities_low], earliest first, at most `cap`."""
    pts = c.points(f, cap)
    return JSONResponse({"total": c.count(f), "shown": len(pts), "cap": cap, "points": pts,
                         "fields": ["id", "lat", "lon", "event_type", "fatalities", "disputed", "date", "place",
                                    "sub_event_type", "fatalities_low"]})


@router.get("/api/timeline", response_model=models.Timeline, responses=BAD)
def timeline(c: Conn, f: Filters) -> dict[str, Any]:
    """Per day: events, and the lowest and highest claimed tolls summed, under every filter but the dates (the
    timeline's brush sets those)."""
    return {"fields": ["date", "events", "fatalities_low", "fatalities_high"], "days": c.timeline(f)}


@router.get("/api/facets", response_model=models.Facets)
def facets(request: Request, c: Conn) -> dict[str, Any]:
    """The values the filters can take, and the dates covered."""
    return state(request).cached("facets", c, c.facets)


@router.get("/api/claimants", response_model=models.ProfilePage, responses=BAD)
def claimants(request: Request, c: Conn, f: EventFilters,
              q: Annotated[Optional[str], Query(max_length=200, description="part of a name, any spelling or "
                                                                            "script")] = None,
              side: Annotated[Optional[str], Query(max_length=100)] = None,
              sort: Annotated[ProfileSort, Query()] = "claims",
              order: Annotated[Optional[Literal["asc", "desc"]],
                               Query(description="default: counts and dates from the top, names from A")] = None,
              limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Who claims what among the events the filters keep (the map's search words as `search`): per claimant and
    side, claims made, corroborated and contradicted, statements. Spellings of one name make one claimant, as in
    fusion; an outlet speaking in its own voice is named. `q` finds part of a name in any spelling or script
    ("Dupont", "Дюпон")."""
    pq = ProfileQuery(filters=f, side=side, q=(q or "").replace("\x00", ""), sort=sort,
                      desc=None if order is None else order == "desc", limit=limit, offset=offset)
    if f == type(f)():
        every = state(request).cached("profiles", c, c.claimant_profiles)
        every = [p for p in every if side is None or p["claimant_side"] == side]
    else:
        every = c.claimant_profiles(f, side)
    chosen = voices.choose(every, pq)
    return {"total": len(chosen), "limit": limit, "offset": offset, "sort": sort,
            "items": chosen[offset:offset + limit]}


@router.get("/api/claimant", response_model=models.ClaimantDetail, responses=NOT_FOUND)
def claimant(c: Conn, name: Annotated[str, Query(max_length=500)],
             side: Annotated[Optional[str], Query(max_length=100)] = None, limit: Limit = 200) -> dict[str, Any]:
    """One claimant (the name in any spelling; an outlet with its own voice): profile, the events they claim,
    their statements with the date and outlet of each."""
    found = c.claimant(name.replace("\x00", ""), side, limit)
    if found is None:
        raise HTTPException(404, ApiMsg.NO_CLAIMANT.format(name=name[:100]))
    return found


@router.get("/api/articles", response_model=models.ArticlePage)
def list_articles(c: Conn, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Stored articles (without their text), by date then id."""
    total, rows = c.articles(limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/api/articles/{article_id:path}", response_model=models.ArticleOut, responses=NOT_FOUND)
def one_article(c: Conn, article_id: str) -> dict[str, Any]:
    """One article: its text, and the spans of its event evidence, statements and attributions."""
    found = c.article(article_id)
    if found is None:
        raise HTTPException(404, ApiMsg.NO_ARTICLE.format(id=article_id[:100]))
    return found
