"""What the web view reads: the queries behind every API endpoint, over the store's tables and its read model
(polemos.web.summary: one row per fused event, full-text search). The store makes the read model and keeps it
fresh; the web view only reads it, except that it brings in groups changed by a write that bypassed Store.
"""
from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter, defaultdict
from typing import Any, Iterable

import sqlalchemy as sa

from polemos import fusion
from polemos.filters import Filters, conditions, matching  # noqa: F401 (shared with the command line)
from polemos.store import Store, articles, attributions, claimant_key, claims, events, record_json
from polemos.web import summary
from polemos.web.summary import (DENIED, actor_side_expr, blame_types, camp_expr, camp_of, gid_of, sides,
                                 web_events)


class Index:
    """The read model of one store, as the web view sees it: whether it has FTS5, and a generation that keys
    the caches (it moves with every write)."""

    def __init__(self, store: Store):
        self.engine = store.engine
        with self.engine.connect() as conn:
            self.fts = summary.has_fts(conn)   # FTS5 search; LIKE on PostgreSQL or a SQLite built without FTS5
        self.version = -1
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[int, Any]] = {}
        self.fresh()

    def fresh(self) -> None:
        """Before a read: note the generation; bring in groups that a write bypassing Store left behind."""
        with self.engine.connect() as conn:
            stale = summary.pending(conn)
            self.version = summary.generation(conn)
        if stale:
            with self._lock, self.engine.begin() as conn:
                summary.refresh(conn)
                self.version = summary.generation(conn)

    def cached(self, key: str, make: Any) -> Any:
        hit = self._cache.get(key)
        if hit is None or hit[0] != self.version:
            hit = (self.version, make())
            self._cache[key] = hit
        return hit[1]


# --- events --------------------------------------------------------------------------------------------

def count(conn: sa.Connection, f: Filters, fts: bool) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(web_events)
                        .where(*conditions(f, fts))).scalar_one()


LIST_COLUMNS = [c for c in web_events.c if c.name != "body"]


def page(conn: sa.Connection, f: Filters, fts: bool, limit: int, offset: int = 0,
         after: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """One page of groups, ordered by date then gid; `after` (date, gid) continues from a cursor."""
    w = web_events
    q = sa.select(*LIST_COLUMNS).where(*conditions(f, fts, by_date=True)).order_by(w.c.date, w.c.gid).limit(limit)
    if after is not None:
        q = q.where(sa.tuple_(w.c.date, w.c.gid) > sa.tuple_(sa.literal(after[0]), sa.literal(after[1])))
    else:
        q = q.offset(offset)
    groups = [dict(r._mapping) for r in conn.execute(q)]
    rows = claim_rows(conn, [g["gid"] for g in groups])
    denials = article_denials(conn, {r["article_id"] for rs in rows.values() for r in rs})
    return [group_json(g, rows.get(g["gid"], []), denials) for g in groups]


def claim_rows(conn: sa.Connection, gids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The event records of each group, earliest first."""
    out: dict[str, list[dict[str, Any]]] = {g: [] for g in gids}
    if not gids:
        return out
    gid = gid_of(events)
    q = sa.select(events, gid.label("gid")).where(gid.in_(gids)).order_by(events.c.date, events.c.id)
    for r in conn.execute(q):
        out[r.gid].append(dict(r._mapping))
    return out


def article_denials(conn: sa.Connection, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Denials stated in these articles (claims with stance denied), by article."""
    ids = sorted(set(article_ids))
    out: dict[str, list[dict[str, Any]]] = {}
    if not ids:
        return out
    q = sa.select(claims).where(claims.c.article_id.in_(ids), claims.c.stance == DENIED).order_by(
        claims.c.article_id, claims.c.idx)
    for r in conn.execute(q):
        out.setdefault(r.article_id, []).append(dict(r._mapping))
    return out


def dispute_reasons(rows: list[dict[str, Any]], denials: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Why the sides disagree about one event, in words (fusion's rules, plus denials in the same articles)."""
    neutral, unknown = sides()
    reasons = [f"denied by {r['claimant']} ({r['claimant_side']})" for r in rows if r.get("stance") == DENIED]
    seen = {(r["claimant"], r.get("claimant_side") or "unknown") for r in rows if r.get("stance") == DENIED}
    for r in rows:
        for d in denials.get(r["article_id"], []):
            side = d.get("claimant_side") or "unknown"
            key = (d.get("claimant"), side)
            if side not in unknown and camp_of(side) != camp_of(r.get("claimant_side") or "unknown") \
                    and key not in seen:
                seen.add(key)
                reasons.append(f"denied by {d.get('claimant')} ({side}) in the same article")
    voiced = [r for r in rows if r.get("stance") != DENIED]
    types = blame_types()
    blamed = sorted({camp_of(s) for r in voiced if (s := fusion.actor_side(r))
                     and (types is None or r.get("event_type") in types)})
    if len(blamed) > 1:
        reasons.append("opposite blame: " + " vs ".join(blamed))
    tolls = sorted({r["fatalities"] for r in voiced if r.get("fatalities") is not None})
    if len(tolls) > 1:
        reasons.append(f"fatalities differ: {tolls[0]} to {tolls[-1]}")
    return reasons


def group_json(g: dict[str, Any], rows: list[dict[str, Any]], denials: dict[str, list[dict]]) -> dict[str, Any]:
    return {
        "id": g["gid"], "date": g["date"], "time_precision": g["time_precision"],
        "event_type": g["event_type"], "sub_event_type": g["sub_event_type"],
        "location": {"name": g["location_name"], "country": g["location_country"], "lat": g["lat"],
                     "lon": g["lon"], "geo_precision": g["geo_precision"]},
        "actor1": g["actor1"], "actor2": g["actor2"], "civilian_targeting": bool(g["civilian_targeting"]),
        "fatalities_low": g["fatalities_low"], "fatalities_high": g["fatalities_high"],
        "injured": g["injured_high"], "n_claims": g["n_claims"], "n_articles": g["n_articles"],
        "disputed": bool(g["disputed"]), "corroborated": bool(g["corroborated"]),
        "dispute_reasons": dispute_reasons(rows, denials) if g["disputed"] else [],
        "claimants": [{"claimant": r["claimant"], "claimant_side": r["claimant_side"], "stance": r["stance"]}
                      for r in rows],
    }


def one_event(conn: sa.Connection, gid: str) -> dict[str, Any] | None:
    g = conn.execute(sa.select(*LIST_COLUMNS).where(web_events.c.gid == gid)).first()
    if g is None:
        return None
    rows = claim_rows(conn, [gid])[gid]
    art_ids = sorted({r["article_id"] for r in rows})
    denials = article_denials(conn, art_ids)
    arts = {a["id"]: a for a in article_heads(conn, art_ids)}
    out = group_json(dict(g._mapping), rows, denials)
    out["claims"] = [claim_json(r, arts.get(r["article_id"], {})) for r in rows]
    stmts = sa.select(claims).where(claims.c.article_id.in_(art_ids)).order_by(claims.c.article_id, claims.c.idx)
    out["statements"] = [statement_json(dict(r._mapping), arts.get(r.article_id, {})) for r in conn.execute(stmts)]
    return out


def article_heads(conn: sa.Connection, ids: list[str]) -> list[dict[str, Any]]:
    q = sa.select(articles).where(articles.c.id.in_(ids))
    return [dict(r._mapping) for r in conn.execute(q)] if ids else []


def claim_json(row: dict[str, Any], art: dict[str, Any]) -> dict[str, Any]:
    """One event record, with its article's head and the text around its evidence (for highlighting)."""
    out = record_json(row, "events")
    out["id"] = row["id"]
    out["article_id"] = row["article_id"]
    out["actor1_side_guess"] = fusion.actor_side(row) or None
    out["article"] = {k: _plain(art.get(k)) for k in ("id", "date", "outlet", "title", "url", "side")}
    out["context"] = context(art.get("text") or "", row)
    return out


def statement_json(row: dict[str, Any], art: dict[str, Any] | None = None) -> dict[str, Any]:
    """One statement (types.Claim); with its article, the text around its evidence too."""
    out = record_json(row, "claims")
    out["id"], out["article_id"] = row["id"], row["article_id"]
    if art is not None:
        out["article"] = {k: _plain(art.get(k)) for k in ("id", "date", "outlet", "title", "url", "side")}
        out["context"] = context(art.get("text") or "", row)
    return out


CONTEXT = 200
SENTENCE_END = re.compile(r"[.!?\n][\"'”’)]*\s+")


def context(text: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The evidence with whole sentences around it, up to CONTEXT characters either side; spans relative to
    the cut."""
    start, end = row.get("evidence_start"), row.get("evidence_end")
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return None
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    if lo > 0:                                  # start after the first sentence end in the window
        m = SENTENCE_END.search(text, lo, start)
        lo = m.end() if m else lo
    if hi < len(text):                          # stop at the last sentence end in the window
        ends = [m.end() for m in SENTENCE_END.finditer(text, end, hi)]
        hi = ends[-1] if ends else hi
    out = {"text": text[lo:hi].rstrip(), "offset": lo, "cut_before": lo > 0, "cut_after": hi < len(text),
           "evidence": {"start": start - lo, "end": min(end, hi) - lo}, "cue": None}
    cs, ce = row.get("cue_start"), row.get("cue_end")
    if cs is not None and ce is not None and lo <= cs <= ce <= hi:
        out["cue"] = {"start": cs - lo, "end": ce - lo}
    return out


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


# --- map, timeline, facets -----------------------------------------------------------------------------

def points(conn: sa.Connection, f: Filters, fts: bool, cap: int) -> list[list[Any]]:
    w = web_events
    q = (sa.select(w.c.gid, w.c.lat, w.c.lon, w.c.event_type, w.c.fatalities_high, w.c.disputed, w.c.date,
                   w.c.location_name, w.c.sub_event_type, w.c.fatalities_low)
         .where(*conditions(f, fts, by_date=True), w.c.lat.is_not(None), w.c.lon.is_not(None))
         .order_by(w.c.date, w.c.gid).limit(cap))
    return [list(r) for r in conn.execute(q)]


def timeline(conn: sa.Connection, f: Filters, fts: bool) -> list[list[Any]]:
    w = web_events
    q = (sa.select(w.c.date, sa.func.count()).where(*conditions(f.without_dates(), fts), w.c.date.is_not(None))
         .group_by(w.c.date).order_by(w.c.date))
    return [[d, n] for d, n in conn.execute(q)]


def facets(conn: sa.Connection) -> dict[str, Any]:
    w = web_events
    types: dict[str, list[str]] = {}
    for t, s in conn.execute(sa.select(w.c.event_type, w.c.sub_event_type).distinct()
                             .order_by(w.c.event_type, w.c.sub_event_type)):
        if t:
            types.setdefault(t, [])
            if s:
                types[t].append(s)
    lo, hi, n = conn.execute(sa.select(sa.func.min(w.c.date), sa.func.max(w.c.date), sa.func.count())).one()
    claimant_sides = conn.execute(sa.select(events.c.claimant_side).distinct()
                                  .order_by(events.c.claimant_side)).scalars()
    actor = actor_side_expr(events)
    actor_sides = conn.execute(sa.select(actor).where(actor.is_not(None)).distinct().order_by(actor)).scalars()
    return {"event_types": [{"event_type": t, "sub_event_types": s} for t, s in types.items()],
            "claimant_sides": [s for s in claimant_sides if s], "actor_sides": list(actor_sides),
            "claimants": top_claimants(conn, 200), "date_min": lo, "date_max": hi, "events": n}


def top_claimants(conn: sa.Connection, limit: int) -> list[dict[str, Any]]:
    """The claimants of most event claims, each under its most used spelling."""
    q = (sa.select(events.c.claimant_key, events.c.claimant, sa.func.count()).where(events.c.claimant.is_not(None))
         .group_by(events.c.claimant_key, events.c.claimant))
    claims_of: Counter = Counter()
    names: dict[str, tuple[int, str]] = {}
    for key, who, n in conn.execute(q):
        claims_of[key] += n
        names[key] = min(names.get(key, (0, who)), (-n, who))
    top = sorted(claims_of.items(), key=lambda kv: (-kv[1], names[kv[0]][1]))[:limit]
    return [{"claimant": names[key][1], "claims": n} for key, n in top]


# --- claimants -----------------------------------------------------------------------------------------
# A claimant is a name as fusion compares names (claimant_key: every spelling of it) and a side.

def _who(qry: sa.Select, key_col: Any, side_col: Any, name: str | None, side: str | None) -> sa.Select:
    """A claimant query narrowed to one name, in any spelling, and one side (bound parameters)."""
    if name is not None:
        qry = qry.where(key_col == claimant_key(name))
    if side is not None:
        qry = qry.where(side_col == side)
    return qry


def _side(t: Any) -> Any:
    """The claimant's side, "unknown" for none. One object per query: PostgreSQL's GROUP BY must see the same
    bound parameter as the SELECT."""
    return sa.func.coalesce(t.c.claimant_side, "unknown")


def spellings(conn: sa.Connection, name: str | None = None, side: str | None = None
              ) -> dict[tuple[str, str], list[str]]:
    """(claimant_key, side) -> the names written for it in event claims and statements, the most used first."""
    used: Counter = Counter()
    for t in (events, claims):
        t_side = _side(t)
        q = (sa.select(t.c.claimant_key, t_side, t.c.claimant, sa.func.count()).where(t.c.claimant.is_not(None))
             .group_by(t.c.claimant_key, t_side, t.c.claimant))
        for key, s, who, n in conn.execute(_who(q, t.c.claimant_key, t_side, name, side)):
            used[(key, s, who)] += n
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (key, s, who), _ in sorted(used.items(), key=lambda kv: (-kv[1], kv[0][2])):
        out[(key, s)].append(who)
    return out


def claimant_profiles(conn: sa.Connection, name: str | None = None, side: str | None = None) -> list[dict[str, Any]]:
    """Per claimant and side: event claims made, how many another camp or a neutral source backs, how many
    another claimant contradicts (a denial either way, opposite blame, or a denial by another camp in the same
    article), and statements (accusations, denials...) made. fusion.claimant_profiles' rules, in SQL, with its
    notion of one claimant: spellings fusion's name key makes one (claimant_key) count as one."""
    neutral, unknown = sides()
    a, b, c = events.alias("a"), events.alias("b"), claims.alias("c")
    a_den = sa.func.coalesce(a.c.stance, "") == DENIED
    b_den = sa.func.coalesce(b.c.stance, "") == DENIED
    b_side, a_side = _side(b), _side(a)
    other = (b.c.fused_id == a.c.fused_id) & (sa.func.coalesce(b.c.claimant_key, "") != a.c.claimant_key)
    backs = sa.exists().where(other, a_den == b_den, b_side.not_in(unknown),
                              (camp_expr(b_side) != camp_expr(a_side)) | b_side.in_(neutral))
    ba, aa = actor_side_expr(b), actor_side_expr(a)
    types = blame_types()
    blamable = a.c.event_type.in_(types) if types is not None else sa.true()
    contra_event = sa.exists().where(other, (a_den != b_den) | (~a_den & blamable & (ba != aa)))
    contra_article = sa.exists().where(c.c.article_id == a.c.article_id, c.c.stance == DENIED,
                                       sa.func.coalesce(c.c.claimant_key, "") != a.c.claimant_key,
                                       c.c.claimant_side.not_in(unknown),
                                       camp_expr(c.c.claimant_side) != camp_expr(a_side))
    fused = a.c.fused_id.is_not(None)
    corroborated = sa.func.sum(sa.case((fused & backs, 1), else_=0))
    contradicted = sa.func.sum(sa.case(((fused & contra_event) | contra_article, 1), else_=0))
    qry = (sa.select(a.c.claimant_key, a_side, sa.func.count(), corroborated, contradicted,
                     sa.func.min(a.c.date), sa.func.max(a.c.date))
           .where(a.c.claimant.is_not(None)).group_by(a.c.claimant_key, a_side))
    names = spellings(conn, name, side)

    def profile(key: str, s: str) -> dict[str, Any]:
        return {"claimant": names[(key, s)][0], "claimant_side": s, "names": names[(key, s)], "claims": 0,
                "corroborated": 0, "contradicted": 0, "first": None, "last": None, "statements": 0}

    prof = {}
    for key, s, n, backed, against, first, last in conn.execute(_who(qry, a.c.claimant_key, a_side, name, side)):
        prof[(key, s)] = dict(profile(key, s), claims=n, corroborated=backed or 0, contradicted=against or 0,
                              first=first, last=last)
    c_side = _side(claims)
    sq = (sa.select(claims.c.claimant_key, c_side, sa.func.count()).where(claims.c.claimant.is_not(None))
          .group_by(claims.c.claimant_key, c_side))
    for key, s, n in conn.execute(_who(sq, claims.c.claimant_key, c_side, name, side)):
        prof.setdefault((key, s), profile(key, s))["statements"] = n
    return sorted(prof.values(), key=lambda p: (-p["claims"], -p["statements"], p["claimant"], p["claimant_side"]))


def find_profiles(profiles: list[dict[str, Any]], q: str | None, side: str | None) -> list[dict[str, Any]]:
    """Profiles of one side whose name, in some spelling, contains q (as typed, or as fusion's name key)."""
    low, key = (q or "").lower(), claimant_key(q or "")

    def found(p: dict[str, Any]) -> bool:
        return not low or any(low in n.lower() for n in p["names"]) or bool(key and key in claimant_key(p["claimant"]))
    return [p for p in profiles if found(p) and (side is None or p["claimant_side"] == side)]


def claimant_detail(conn: sa.Connection, name: str, side: str | None, limit: int) -> dict[str, Any] | None:
    profiles = claimant_profiles(conn, name=name, side=side)
    if not profiles:
        return None
    gids = _who(sa.select(gid_of(events)), events.c.claimant_key, _side(events), name, side)
    w = web_events
    groups = [dict(r._mapping) for r in conn.execute(
        sa.select(*LIST_COLUMNS).where(w.c.gid.in_(gids)).order_by(w.c.date, w.c.gid).limit(limit))]
    rows = claim_rows(conn, [g["gid"] for g in groups])
    denials = article_denials(conn, {r["article_id"] for rs in rows.values() for r in rs})
    stmts = _who(sa.select(claims), claims.c.claimant_key, _side(claims), name, side)
    stmts = conn.execute(stmts.order_by(claims.c.article_id, claims.c.idx).limit(limit))
    return {"profiles": profiles, "events": [group_json(g, rows[g["gid"]], denials) for g in groups],
            "statements": [statement_json(dict(r._mapping)) for r in stmts]}


# --- articles ------------------------------------------------------------------------------------------

def article(conn: sa.Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
    if row is None:
        return None
    a = {k: _plain(v) for k, v in row._mapping.items() if k != "content_hash"}
    gid = gid_of(events)
    evs = [dict(r._mapping) for r in conn.execute(
        sa.select(events, gid.label("gid")).where(events.c.article_id == article_id).order_by(events.c.idx))]
    cls = [dict(r._mapping) for r in conn.execute(
        sa.select(claims).where(claims.c.article_id == article_id).order_by(claims.c.idx))]
    ats = [dict(r._mapping) for r in conn.execute(
        sa.select(attributions).where(attributions.c.article_id == article_id).order_by(attributions.c.idx))]
    spans = [_span("event", r, "evidence", r["gid"]) for r in evs] + \
            [_span("statement", r, "evidence", None) for r in cls] + \
            [_span("attribution", r, "span", None) for r in ats]
    a["spans"] = sorted((s for s in spans if s), key=lambda s: (s["start"], -s["end"], s["kind"]))
    a["events"] = [dict(record_json(r, "events"), id=r["id"], event_id=r["gid"]) for r in evs]
    a["statements"] = [statement_json(r) for r in cls]
    return a


def _span(kind: str, row: dict[str, Any], base: str, gid: str | None) -> dict[str, Any] | None:
    start, end = row.get(base + "_start"), row.get(base + "_end")
    if start is None or end is None:
        return None
    out = {"kind": kind, "start": start, "end": end, "claimant": row.get("claimant"),
           "claimant_side": row.get("claimant_side"), "stance": row.get("stance"), "record_id": row["id"],
           "event_id": gid}
    if row.get("cue_start") is not None:
        out["cue"] = {"start": row["cue_start"], "end": row["cue_end"]}
    return out


def article_list(conn: sa.Connection, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    cols = [c for c in articles.c if c.name not in ("text", "content_hash")]
    total = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    rows = conn.execute(sa.select(*cols).order_by(articles.c.date, articles.c.id).limit(limit).offset(offset))
    return total, [{k: _plain(v) for k, v in r._mapping.items()} for r in rows]
