"""Who claims what, as the readers ask it: claimant profiles under the map's filters, sorted, searched by part of
a name in any spelling, and one claimant's events and statements.

A claimant is a name in every spelling (claimant_key, as fusion compares names) and a side. An outlet speaking in
its own voice ("the outlet itself" in the records) is that outlet: its rows name it, and they join the claims that
name the outlet as their source.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from polemos.filters import Filters
from polemos.store.readmodel import conditions
from polemos.store.schema import articles, claimant_key, claims, events, fused_events
from polemos.store.search import name_score

OUTLET_VOICE = "the outlet itself"      # the claimant of what an article says in its own voice (types.Attribution)
OUTLET_KEY = claimant_key(OUTLET_VOICE)
SORTS = ("claims", "corroborated", "contradicted", "statements", "claimant", "claimant_side", "first", "last")
TEXT_SORTS = ("claimant", "claimant_side")


@dataclass
class ProfileQuery:
    """Which profiles: the claims of the fused events the filters keep (all without filters), one side, a name
    typed in the search box, an order and a page."""
    filters: Filters | None = None
    side: str | None = None
    q: str | None = None
    sort: str = "claims"
    desc: bool | None = None            # default: counts and dates from the top, names from A
    limit: int = 100
    offset: int = 0


def side_of(t: Any) -> Any:
    """The claimant's side, "unknown" for none. One object per query: PostgreSQL's GROUP BY must see the same
    bound parameter as the SELECT."""
    return sa.func.coalesce(t.c.claimant_side, "unknown")


def _outlet(t: Any) -> Any:
    """The article's outlet on rows in the outlet's own voice, else NULL."""
    return sa.case((t.c.claimant_key == OUTLET_KEY, articles.c.outlet), else_=sa.null())


def _chosen(t: Any, f: Filters | None, fts: bool) -> list[Any]:
    """Conditions on a claim table (events or claims) for the fused events `f` keeps: an event claim belongs to one,
    a statement is kept when its article reports one."""
    if f is None or f == Filters():
        return []
    kept = sa.select(fused_events.c.id).where(*conditions(f, fts))
    if t is events:
        return [events.c.fused_id.in_(kept)]
    return [t.c.article_id.in_(sa.select(events.c.article_id).where(events.c.fused_id.in_(kept)))]


def _voice(key: str, outlet: str | None) -> str:
    """The profile key of a row: the claimant's name key, or the outlet's for the outlet's own voice."""
    return (claimant_key(outlet) or OUTLET_KEY) if key == OUTLET_KEY and outlet else key


def _new_profile() -> dict[str, Any]:
    return {"claims": 0, "corroborated": 0, "contradicted": 0, "statements": 0, "first": None, "last": None,
            "spellings": Counter(), "outlet_voice": False}


def profiles(conn: sa.Connection, fts: bool, f: Filters | None = None, side: str | None = None,
             keys: set[str] | None = None) -> list[dict[str, Any]]:
    """Per claimant and side: event claims made, how many another camp or a neutral source backs and how many
    another claimant contradicts (as fusion stored them), statements made, first and last day. `keys`: only these
    profile keys (a name in every spelling, an outlet)."""
    found: dict[tuple[str, str], dict[str, Any]] = defaultdict(_new_profile)
    e, e_side, e_outlet = events, side_of(events), _outlet(events)
    q = (sa.select(e.c.claimant_key, e.c.claimant, e_side, e_outlet, sa.func.count(),
                   sa.func.sum(sa.cast(e.c.backed, sa.Integer)), sa.func.sum(sa.cast(e.c.contradicted, sa.Integer)),
                   sa.func.min(e.c.date), sa.func.max(e.c.date))
         .select_from(e.outerjoin(articles, articles.c.id == e.c.article_id))
         .where(e.c.claimant.is_not(None), *_chosen(e, f, fts), *([e_side == side] if side else []))
         .group_by(e.c.claimant_key, e.c.claimant, e_side, e_outlet))
    for key, who, s, outlet, n, backed, against, first, last in conn.execute(q):
        p = found[(_voice(key, outlet), s)]
        p["claims"] += n
        p["corroborated"] += backed or 0
        p["contradicted"] += against or 0
        p["first"] = min(filter(None, (p["first"], _day(first))), default=None)
        p["last"] = max(filter(None, (p["last"], _day(last))), default=None)
        _spelled(p, who, outlet, key, n)
    c, c_side, c_outlet = claims, side_of(claims), _outlet(claims)
    q = (sa.select(c.c.claimant_key, c.c.claimant, c_side, c_outlet, sa.func.count())
         .select_from(c.outerjoin(articles, articles.c.id == c.c.article_id))
         .where(c.c.claimant.is_not(None), *_chosen(c, f, fts), *([c_side == side] if side else []))
         .group_by(c.c.claimant_key, c.c.claimant, c_side, c_outlet))
    for key, who, s, outlet, n in conn.execute(q):
        p = found[(_voice(key, outlet), s)]
        p["statements"] += n
        _spelled(p, who, outlet, key, n)
    return [_profile(k, s, p) for (k, s), p in found.items() if keys is None or k in keys]


def _day(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _spelled(p: dict[str, Any], who: str, outlet: str | None, key: str, n: int) -> None:
    if key == OUTLET_KEY and outlet:
        p["outlet_voice"] = True
        p["spellings"][outlet] += n
    else:
        p["spellings"][who] += n


def _profile(key: str, side: str, p: dict[str, Any]) -> dict[str, Any]:
    names = [n for n, _ in sorted(p["spellings"].items(), key=lambda kv: (-kv[1], kv[0]))]
    if p["outlet_voice"]:
        names.append(OUTLET_VOICE)
    return {"claimant": names[0], "claimant_side": side, "names": names, "key": key,
            "outlet_voice": p["outlet_voice"], **{k: p[k] for k in ("claims", "corroborated", "contradicted",
                                                                  "statements", "first", "last")}}


def choose(every: list[dict[str, Any]], pq: ProfileQuery) -> list[dict[str, Any]]:
    """The profiles a query asks for, in its order (not paged): a name typed matches any spelling, part of a
    name, a transliteration or a near spelling; the best matches first when there is no other order."""
    found = every
    if pq.q and pq.q.strip():
        scored = [(name_score(pq.q, p["names"]), p) for p in every]
        found = [p for score, p in scored if score]
    desc = pq.desc if pq.desc is not None else pq.sort not in TEXT_SORTS
    if pq.sort in TEXT_SORTS:
        key = lambda p: (p[pq.sort] or "").casefold()
    else:
        key = lambda p: p[pq.sort] if p[pq.sort] is not None else ("" if pq.sort in ("first", "last") else -1)
    tie = sorted(found, key=lambda p: (-p["claims"], -p["statements"], p["claimant"].casefold(), p["claimant_side"]))
    return sorted(tie, key=key, reverse=desc)


def outlets_named(conn: sa.Connection, key: str) -> list[str]:
    """The outlets (as written) whose name is this key: their own voice is that claimant."""
    written = conn.execute(sa.select(articles.c.outlet).distinct().where(articles.c.outlet.is_not(None))).scalars()
    return [o for o in written if claimant_key(o) == key]


def who(conn: sa.Connection, t: Any, name: str, side: str | None) -> list[Any]:
    """Conditions on a claim table for one claimant (any spelling; an outlet's name takes in its own voice) and
    side."""
    key = claimant_key(name) or ""
    named: Any = t.c.claimant_key == key
    outlets = outlets_named(conn, key)
    if outlets:
        own = sa.select(articles.c.id).where(articles.c.outlet.in_(outlets))
        named = sa.or_(named, sa.and_(t.c.claimant_key == OUTLET_KEY, t.c.article_id.in_(own)))
    return [named, *([side_of(t) == side] if side else [])]
