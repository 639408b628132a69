"""What the readers ask of a store, in one read transaction: fused events (a page in one of the orders, one, their
count, map points, a timeline with tolls, the facets), disputed events with their claims, claimant profiles,
articles, and fused events with their claims for the exports.

A Reader wraps one connection in one transaction (polemos.store.connect.reading), so every answer it gives for one
request comes from one database state. The fused events and their flags are fusion's, as stored: nothing here
decides what is disputed or corroborated.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from polemos.filters import Filters
from polemos.store import voices
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
from polemos.store.shapes import (
    claim_json,
    export_claim,
    plain,
    span_json,
    statement_json,
    summary_json,
)

LIST_COLUMNS = [c for c in fused_events.c if c.name not in ("body", "rid")]
# The orders of the event list: its keys (compared as one tuple, so a cursor continues where a page ended) and
# whether the tuple runs downwards. A key that runs the other way is negated.
SORTS = ("date", "-date", "fatalities", "claims")


def sort_keys(sort: str) -> tuple[list[Any], bool]:
    w = fused_events
    if sort == "-date":
        return [w.c.date, w.c.id], True
    if sort == "fatalities":        # the highest claimed toll first; none claimed last; then by date
        return [-sa.func.coalesce(w.c.fatalities_high, -1), w.c.date, w.c.id], False
    if sort == "claims":            # most claims first, then by date
        return [-w.c.n_claims, w.c.date, w.c.id], False
    return [w.c.date, w.c.id], False


def sort_values(item: dict[str, Any], sort: str) -> list[Any]:
    """The sort keys of an event of the list (summary_json), as a cursor holds them."""
    head = {"fatalities": [-(item["fatalities_high"] if item["fatalities_high"] is not None else -1)],
            "claims": [-item["n_claims"]]}.get(sort, [])
    return [*head, item["date"] or "", item["id"]]


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

    def page(self, f: Filters, limit: int, offset: int = 0, after: list[Any] | None = None,
             sort: str = "date") -> list[dict[str, Any]]:
        """One page of fused events in the order `sort` names (SORTS); `after` (the sort_values of the last event
        of the previous page) continues from a cursor."""
        keys, down = sort_keys(sort)
        q = sa.select(*LIST_COLUMNS).where(*conditions(f, self.fts, by_date=sort in ("date", "-date")))
        q = q.order_by(*(k.desc() for k in keys) if down else keys)
        if after is not None:
            here, there = sa.tuple_(*keys), sa.tuple_(*(sa.literal(v) for v in after))
            q = q.where(here < there if down else here > there)
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

    def disputes(self, f: Filters, limit: int, offset: int = 0, sort: str = "date") -> tuple[int, list[dict]]:
        """The disputed events the filters keep: how many, and one page of them with their claims."""
        f = Filters(**{**f.__dict__, "disputed": True})
        found = [self.event(e["id"]) for e in self.page(f, limit, offset, sort=sort)]
        return self.count(f), [e for e in found if e is not None]

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
        """[day, events, lowest and highest claimed tolls summed] per day with events, the date filters left out
        (the timeline's brush sets them)."""
        w = fused_events
        total = lambda col: sa.func.coalesce(sa.func.sum(col), 0)
        q = (sa.select(w.c.date, sa.func.count(), total(w.c.fatalities_low), total(w.c.fatalities_high))
             .where(*conditions(f.without_dates(), self.fts), w.c.date.is_not(None))
             .group_by(w.c.date).order_by(w.c.date))
        return [[d, n, int(low), int(high)] for d, n, low, high in self.conn.execute(q)]

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
        return {"event_types": [{"event_type": t, "sub_event_types": s} for t, s in types.items()],
                **self.sides(), "claimants": self.top_claimants(200), "date_min": lo, "date_max": hi,
                "events": n}

    def sides(self) -> dict[str, list[str]]:
        """The sides the store's claims give: of claimants, and of the actors they blame."""
        w = fused_events
        said = {s for v in self.conn.execute(sa.select(w.c.claimant_sides).distinct()).scalars() for s in kinds(v)}
        blamed = {s for v in self.conn.execute(sa.select(w.c.actor_sides).distinct()).scalars() for s in kinds(v)}
        return {"claimant_sides": sorted(said - {""}), "actor_sides": sorted(blamed - {""})}

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
                yield dict(event_json(dict(r)), claims=[export_claim(m, heads.get(m["article_id"], {}))
                                                  for m in members[r["id"]]])

    def article_ids(self, f: Filters) -> list[str]:
        """The articles that hold a claim of a fused event that matches `f`."""
        chosen = sa.select(fused_events.c.id).where(*conditions(f, self.fts))
        q = sa.select(events.c.article_id).where(events.c.fused_id.in_(chosen)).distinct()
        return sorted(self.conn.execute(q).scalars())

    # --- claimants (polemos.store.voices)

    def claimant_profiles(self, f: Filters | None = None, side: str | None = None) -> list[dict[str, Any]]:
        """Every claimant profile (of the fused events `f` keeps), most claims first."""
        return voices.choose(voices.profiles(self.conn, self.fts, f, side), voices.ProfileQuery())

    def claimant(self, name: str, side: str | None, limit: int) -> dict[str, Any] | None:
        """One claimant (any spelling of the name; an outlet with its own voice): profiles, the fused events they
        claim, their statements with the date and outlet of each."""
        key = claimant_key(name) or ""
        profiles = voices.choose(voices.profiles(self.conn, self.fts, None, side, keys={key}),
                                 voices.ProfileQuery())
        if not profiles:
            return None
        gids = sa.select(events.c.fused_id).where(*voices.who(self.conn, events, name, side))
        w = fused_events
        groups = [dict(r._mapping) for r in self.conn.execute(
            sa.select(*LIST_COLUMNS).where(w.c.id.in_(gids)).order_by(w.c.date, w.c.id).limit(limit))]
        rows = self.claim_rows([g["id"] for g in groups])
        stmts = [dict(r._mapping) for r in self.conn.execute(
            sa.select(claims).where(*voices.who(self.conn, claims, name, side))
            .order_by(claims.c.article_id, claims.c.idx).limit(limit))]
        heads = {a["id"]: a for a in self.article_heads(sorted({s["article_id"] for s in stmts}))}
        said = [statement_json(s, heads.get(s["article_id"], {}), text=False) for s in stmts]
        said.sort(key=lambda s: (s["article"]["date"] or "", s["article_id"]))
        return {"profiles": profiles, "events": [summary_json(g, rows[g["id"]]) for g in groups],
                "statements": said}

    # --- articles

    def article(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            return None
        a = {k: plain(v) for k, v in row._mapping.items() if k != "content_hash"}
        by = lambda t: [dict(r._mapping) for r in self.conn.execute(
            sa.select(t).where(t.c.article_id == article_id).order_by(t.c.idx))]
        evs, cls, ats = by(events), by(claims), by(attributions)
        spans = [span_json("event", r, "evidence", r["fused_id"]) for r in evs] + \
                [span_json("statement", r, "evidence", None) for r in cls] + \
                [span_json("attribution", r, "span", None) for r in ats]
        a["spans"] = sorted((s for s in spans if s), key=lambda s: (s["start"], -s["end"], s["kind"]))
        a["events"] = [dict(record_json(r, "events"), id=r["id"], event_id=r["fused_id"]) for r in evs]
        a["statements"] = [statement_json(r) for r in cls]
        return a

    def articles(self, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        cols = [c for c in articles.c if c.name not in ("text", "content_hash")]
        total = self.conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
        rows = self.conn.execute(sa.select(*cols).order_by(articles.c.date, articles.c.id).limit(limit)
                                 .offset(offset))
        return total, [{k: plain(v) for k, v in r._mapping.items()} for r in rows]
