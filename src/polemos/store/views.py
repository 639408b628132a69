"""What the readers ask of a store, in one read transaction: fused events (a page, one, their count, map points,
a timeline, the facets), claimant profiles, articles, and fused events with their claims for the exports.

A Reader wraps one connection in one transaction (polemos.store.connect.reading), so every answer it gives for one
request comes from one database state. The fused events and their flags are fusion's, as stored: nothing here
decides what is disputed or corroborated.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from polemos import fusion
from polemos.filters import Filters
from polemos.store.readmodel import conditions, event_json, has_fts, kinds
from polemos.store.schema import (
    articles,
    attributions,
    claimant_key,
    claims,
    events,
    fused_events,
    meta,
    record_json,
)

LIST_COLUMNS = [c for c in fused_events.c if c.name not in ("body", "rid")]
CONTEXT = 200
SENTENCE_END = re.compile(r"[.!?\n][\"'”’)]*\s+")
HEAD = ("id", "date", "outlet", "title", "url", "side")


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


class Reader:
    """The store as one request sees it."""

    def __init__(self, conn: sa.Connection):
        self.conn = conn
        self.fts = has_fts(conn)

    def generation(self) -> int:
        return int(self.conn.execute(sa.select(meta.c.value).where(meta.c.key == "generation")).scalar() or 0)

    def info(self) -> dict[str, int]:
        count = lambda t: self.conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        return {"articles": count(articles), "events": count(fused_events), "event_records": count(events)}

    def pending(self) -> int:
        """Fused events that hold claims saved since the last fusion."""
        return self.conn.execute(sa.select(sa.func.count()).select_from(fused_events)
                                 .where(fused_events.c.pending == 1)).scalar_one()

    # --- fused events

    def count(self, f: Filters) -> int:
        return self.conn.execute(sa.select(sa.func.count()).select_from(fused_events)
                                 .where(*conditions(f, self.fts))).scalar_one()

    def page(self, f: Filters, limit: int, offset: int = 0,
             after: tuple[str, str] | None = None) -> list[dict[str, Any]]:
        """One page of fused events, ordered by date then id; `after` (date, id) continues from a cursor."""
        w = fused_events
        q = sa.select(*LIST_COLUMNS).where(*conditions(f, self.fts, by_date=True)).order_by(w.c.date, w.c.id)
        if after is not None:
            q = q.where(sa.tuple_(w.c.date, w.c.id) > sa.tuple_(sa.literal(after[0]), sa.literal(after[1])))
        else:
            q = q.offset(offset)
        groups = [dict(r._mapping) for r in self.conn.execute(q.limit(limit))]
        rows = self.claim_rows([g["id"] for g in groups])
        return [summary_json(g, rows.get(g["id"], [])) for g in groups]

    def claim_rows(self, gids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The event claims of each fused event, earliest first (as fusion orders them: by day, then article)."""
        out: dict[str, list[dict[str, Any]]] = {g: [] for g in gids}
        if gids:
            q = (sa.select(events).where(events.c.fused_id.in_(gids))
                 .order_by(events.c.date, events.c.article_id, events.c.idx))
            for r in self.conn.execute(q):
                out[r.fused_id].append(dict(r._mapping))
        return out

    def event(self, gid: str) -> dict[str, Any] | None:
        """One fused event, every claim with its evidence in context, and the statements of its articles."""
        g = self.conn.execute(sa.select(*LIST_COLUMNS).where(fused_events.c.id == gid)).first()
        if g is None:
            return None
        rows = self.claim_rows([gid])[gid]
        art_ids = sorted({r["article_id"] for r in rows})
        arts = {a["id"]: a for a in self.article_heads(art_ids, with_text=True)}
        out = summary_json(dict(g._mapping), rows)
        out["claims"] = [claim_json(r, arts.get(r["article_id"], {})) for r in rows]
        stmts = sa.select(claims).where(claims.c.article_id.in_(art_ids)).order_by(claims.c.article_id, claims.c.idx)
        out["statements"] = [statement_json(dict(r._mapping), arts.get(r.article_id, {}))
                             for r in self.conn.execute(stmts)]
        return out

    def article_heads(self, ids: list[str], with_text: bool = False) -> list[dict[str, Any]]:
        q = sa.select(*(c for c in articles.c if with_text or c.name != "text")).where(articles.c.id.in_(ids))
        return [dict(r._mapping) for r in self.conn.execute(q)] if ids else []

    def points(self, f: Filters, cap: int) -> list[list[Any]]:
        w = fused_events
        q = (sa.select(w.c.id, w.c.lat, w.c.lon, w.c.event_type, w.c.fatalities_high, w.c.disputed, w.c.date,
                       w.c.location_name, w.c.sub_event_type, w.c.fatalities_low)
             .where(*conditions(f, self.fts, by_date=True), w.c.lat.is_not(None), w.c.lon.is_not(None))
             .order_by(w.c.date, w.c.id).limit(cap))
        return [list(r) for r in self.conn.execute(q)]

    def timeline(self, f: Filters) -> list[list[Any]]:
        w = fused_events
        q = (sa.select(w.c.date, sa.func.count()).where(*conditions(f.without_dates(), self.fts),
                                                         w.c.date.is_not(None))
             .group_by(w.c.date).order_by(w.c.date))
        return [[d, n] for d, n in self.conn.execute(q)]

    def facets(self) -> dict[str, Any]:
        w = fused_events
        types: dict[str, list[str]] = {}
        for t, s in self.conn.execute(sa.select(w.c.event_type, w.c.sub_event_type).distinct()
                                      .order_by(w.c.event_type, w.c.sub_event_type)):
            if t:
                types.setdefault(t, [])
                if s:
                    types[t].append(s)
        lo, hi, n = self.conn.execute(sa.select(sa.func.min(w.c.date), sa.func.max(w.c.date),
                                                sa.func.count())).one()
        sides = self.conn.execute(sa.select(events.c.claimant_side).distinct().order_by(events.c.claimant_side))
        blamed = sorted({s for v in self.conn.execute(sa.select(w.c.actor_sides).distinct()).scalars()
                         for s in kinds(v)})
        return {"event_types": [{"event_type": t, "sub_event_types": s} for t, s in types.items()],
                "claimant_sides": [s for s in sides.scalars() if s], "actor_sides": blamed,
                "claimants": self.top_claimants(200), "date_min": lo, "date_max": hi, "events": n}

    def top_claimants(self, limit: int) -> list[dict[str, Any]]:
        """The claimants of most event claims, each under its most used spelling."""
        q = (sa.select(events.c.claimant_key, events.c.claimant, sa.func.count())
             .where(events.c.claimant.is_not(None)).group_by(events.c.claimant_key, events.c.claimant))
        claims_of: Counter = Counter()
        names: dict[str, tuple[int, str]] = {}
        for key, who, n in self.conn.execute(q):
            claims_of[key] += n
            names[key] = min(names.get(key, (0, who)), (-n, who))
        top = sorted(claims_of.items(), key=lambda kv: (-kv[1], names[kv[0]][1]))[:limit]
        return [{"claimant": names[key][1], "claims": n} for key, n in top]

    # --- exports: fused events with their claims

    def fused(self, f: Filters | None = None, batch: int = 500) -> Iterator[dict[str, Any]]:
        """Fusion's fused events that match `f` (all when None), by date then id, each with its claims (as fusion
        records, with their article's outlet, date source and ingestion time)."""
        q = sa.select(fused_events).order_by(fused_events.c.date, fused_events.c.id)
        if f is not None:
            q = q.where(*conditions(f, self.fts))
        rows = self.conn.execute(q).mappings()
        while chunk := rows.fetchmany(batch):
            members = self.claim_rows([r["id"] for r in chunk])
            heads = {a["id"]: a for a in self.article_heads(sorted({m["article_id"] for ms in members.values()
                                                                   for m in ms}))}
            for r in chunk:
                yield dict(event_json(r), claims=[export_claim(m, heads.get(m["article_id"], {}))
                                                  for m in members[r["id"]]])

    def article_ids(self, f: Filters) -> list[str]:
        """The articles that hold a claim of a fused event that matches `f`."""
        chosen = sa.select(fused_events.c.id).where(*conditions(f, self.fts))
        q = sa.select(events.c.article_id).where(events.c.fused_id.in_(chosen)).distinct()
        return sorted(self.conn.execute(q).scalars())

    # --- claimants: a name in every spelling (claimant_key) and a side

    def claimant_profiles(self, name: str | None = None, side: str | None = None) -> list[dict[str, Any]]:
        """Per claimant and side: event claims made, how many another camp or a neutral source backs and how
        many another claimant contradicts (as fusion stored them), and statements made."""
        e, e_side = events, _side(events)
        qry = (sa.select(e.c.claimant_key, e_side, sa.func.count(), sa.func.sum(sa.cast(e.c.backed, sa.Integer)),
                         sa.func.sum(sa.cast(e.c.contradicted, sa.Integer)), sa.func.min(e.c.date),
                         sa.func.max(e.c.date))
               .where(e.c.claimant.is_not(None)).group_by(e.c.claimant_key, e_side))
        names = self.spellings(name, side)

        def profile(key: str, s: str) -> dict[str, Any]:
            return {"claimant": names[(key, s)][0], "claimant_side": s, "names": names[(key, s)], "claims": 0,
                    "corroborated": 0, "contradicted": 0, "first": None, "last": None, "statements": 0}
        prof = {}
        for key, s, n, backed, against, first, last in self.conn.execute(_who(qry, e, e_side, name, side)):
            prof[(key, s)] = dict(profile(key, s), claims=n, corroborated=backed or 0, contradicted=against or 0,
                                  first=first, last=last)
        c_side = _side(claims)
        sq = (sa.select(claims.c.claimant_key, c_side, sa.func.count()).where(claims.c.claimant.is_not(None))
              .group_by(claims.c.claimant_key, c_side))
        for key, s, n in self.conn.execute(_who(sq, claims, c_side, name, side)):
            prof.setdefault((key, s), profile(key, s))["statements"] = n
        return sorted(prof.values(), key=lambda p: (-p["claims"], -p["statements"], p["claimant"],
                                                    p["claimant_side"]))

    def spellings(self, name: str | None = None, side: str | None = None) -> dict[tuple[str, str], list[str]]:
        """(claimant_key, side) -> the names written for it in event claims and statements, the most used first."""
        used: Counter = Counter()
        for t in (events, claims):
            t_side = _side(t)
            q = (sa.select(t.c.claimant_key, t_side, t.c.claimant, sa.func.count())
                 .where(t.c.claimant.is_not(None)).group_by(t.c.claimant_key, t_side, t.c.claimant))
            for key, s, who, n in self.conn.execute(_who(q, t, t_side, name, side)):
                used[(key, s, who)] += n
        out: dict[tuple[str, str], list[str]] = defaultdict(list)
        for (key, s, who), _ in sorted(used.items(), key=lambda kv: (-kv[1], kv[0][2])):
            out[(key, s)].append(who)
        return out

    def claimant(self, name: str, side: str | None, limit: int) -> dict[str, Any] | None:
        """One claimant: profiles, the fused events they claim, their statements."""
        profiles = self.claimant_profiles(name=name, side=side)
        if not profiles:
            return None
        gids = _who(sa.select(events.c.fused_id), events, _side(events), name, side)
        w = fused_events
        groups = [dict(r._mapping) for r in self.conn.execute(
            sa.select(*LIST_COLUMNS).where(w.c.id.in_(gids)).order_by(w.c.date, w.c.id).limit(limit))]
        rows = self.claim_rows([g["id"] for g in groups])
        stmts = _who(sa.select(claims), claims, _side(claims), name, side)
        stmts = self.conn.execute(stmts.order_by(claims.c.article_id, claims.c.idx).limit(limit))
        return {"profiles": profiles, "events": [summary_json(g, rows[g["id"]]) for g in groups],
                "statements": [statement_json(dict(r._mapping)) for r in stmts]}

    # --- articles

    def article(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            return None
        a = {k: _plain(v) for k, v in row._mapping.items() if k != "content_hash"}
        by = lambda t: [dict(r._mapping) for r in self.conn.execute(
            sa.select(t).where(t.c.article_id == article_id).order_by(t.c.idx))]
        evs, cls, ats = by(events), by(claims), by(attributions)
        spans = [_span("event", r, "evidence", r["fused_id"]) for r in evs] + \
                [_span("statement", r, "evidence", None) for r in cls] + \
                [_span("attribution", r, "span", None) for r in ats]
        a["spans"] = sorted((s for s in spans if s), key=lambda s: (s["start"], -s["end"], s["kind"]))
        a["events"] = [dict(record_json(r, "events"), id=r["id"], event_id=r["fused_id"]) for r in evs]
        a["statements"] = [statement_json(r) for r in cls]
        return a

    def articles(self, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        cols = [c for c in articles.c if c.name not in ("text", "content_hash")]
        total = self.conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
        rows = self.conn.execute(sa.select(*cols).order_by(articles.c.date, articles.c.id).limit(limit)
                                 .offset(offset))
        return total, [{k: _plain(v) for k, v in r._mapping.items()} for r in rows]


# --- JSON shapes ---------------------------------------------------------------------------------------

def summary_json(g: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A fused event as the list shows it: its stored fields and who claims it."""
    return {
        "id": g["id"], "date": g["date"], "time_precision": g["time_precision"],
        "event_type": g["event_type"], "sub_event_type": g["sub_event_type"],
        "location": {"name": g["location_name"], "country": g["location_country"], "lat": g["lat"],
                     "lon": g["lon"], "geo_precision": g["geo_precision"]},
        "actor1": g["actor1"], "actor2": g["actor2"], "civilian_targeting": bool(g["civilian_targeting"]),
        "fatalities_best": g["fatalities_best"], "fatalities_low": g["fatalities_low"],
        "fatalities_high": g["fatalities_high"], "injured": g["injured"], "n_claims": g["n_claims"],
        "n_articles": g["n_articles"], "disputed": bool(g["disputed"]), "corroborated": bool(g["corroborated"]),
        "dispute_kinds": kinds(g["dispute_kinds"]), "dispute_reasons": list(g["dispute_reasons"] or []),
        "claimants": [{"claimant": r["claimant"], "claimant_side": r["claimant_side"], "stance": r["stance"]}
                      for r in rows],
    }


def export_claim(row: dict[str, Any], art: dict[str, Any]) -> dict[str, Any]:
    """An event claim as the exports write it: fusion's record, with its article's outlet and date source."""
    rec = record_json(row, "events")
    rec["location"]["admin1"] = row.get("location_admin1")
    return dict(rec, article_id=row["article_id"], record_id=row["id"], backed=bool(row.get("backed")),
                contradicted=bool(row.get("contradicted")), article_outlet=art.get("outlet"),
                article_date_source=art.get("date_source"),
                article_ingested_at=_plain(art.get("ingested_at")))


def claim_json(row: dict[str, Any], art: dict[str, Any]) -> dict[str, Any]:
    """One event claim, with its article's head and the text around its evidence (for highlighting)."""
    out = record_json(row, "events")
    out["id"] = row["id"]
    out["article_id"] = row["article_id"]
    out["actor1_side_guess"] = fusion.actor_side(row) or None
    out["article"] = {k: _plain(art.get(k)) for k in HEAD}
    out["context"] = context(art.get("text") or "", row)
    return out


def statement_json(row: dict[str, Any], art: dict[str, Any] | None = None) -> dict[str, Any]:
    """One statement (types.Claim); with its article, the text around its evidence too."""
    out = record_json(row, "claims")
    out["id"], out["article_id"] = row["id"], row["article_id"]
    if art is not None:
        out["article"] = {k: _plain(art.get(k)) for k in HEAD}
        out["context"] = context(art.get("text") or "", row)
    return out


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


def _side(t: Any) -> Any:
    """The claimant's side, "unknown" for none. One object per query: PostgreSQL's GROUP BY must see the same
    bound parameter as the SELECT."""
    return sa.func.coalesce(t.c.claimant_side, "unknown")


def _who(qry: sa.Select, t: Any, side_col: Any, name: str | None, side: str | None) -> sa.Select:
    """A claimant query narrowed to one name, in any spelling, and one side (bound parameters)."""
    if name is not None:
        qry = qry.where(t.c.claimant_key == claimant_key(name))
    if side is not None:
        qry = qry.where(side_col == side)
    return qry


def find_profiles(profiles: list[dict[str, Any]], q: str | None, side: str | None) -> list[dict[str, Any]]:
    """Profiles of one side whose name, in some spelling, contains q (as typed, or as fusion's name key)."""
    low, key = (q or "").lower(), claimant_key(q or "")

    def found(p: dict[str, Any]) -> bool:
        return not low or any(low in n.lower() for n in p["names"]) or bool(key and key in claimant_key(p["claimant"]))
    return [p for p in profiles if found(p) and (side is None or p["claimant_side"] == side)]
