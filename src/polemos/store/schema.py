"""The store's tables, and records as rows and back.

Columns of events, claims and attributions are the fields of the record types flattened
(location.name -> location_name, evidence_span -> evidence_start/evidence_end), so a field added to
types.py becomes a column the next time a store is opened. An event row is one event claim: one article's report
of an event. Fusion groups them: fused_id names the fused event (a row of fused_events) that holds the claim;
claimant_key is the claimant's name as fusion compares names (one key for every spelling); backed and
contradicted say whether another claimant of the same fused event backs or contradicts the claim.

fused_events holds fusion's result, one row per fused event, with what the list, map, filters and exports read:
place, day, sub-type, actors, tolls, flags and the set columns the filters match (SEP around each name). Every
event claim belongs to exactly one fused event; `pending` marks those a write made since the last fusion.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import types
import typing
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from polemos.fusion import norm_name
from polemos.ingest import NO_DAY, content_hash
from polemos.store.search import fold
from polemos.types import Attribution, Claim, Event, Place, Result, Span

LOCATION_JSON = ("mention", "name", "country", "lat", "lon", "geo_precision")
RECORDS = {"events": Event, "claims": Claim, "attributions": Attribution}
SEP = "\x1f"                        # around each name in the set columns: "\x1fA\x1f,\x1fB\x1f"

metadata = sa.MetaData()


# --- flattening records to columns ---------------------------------------------------------------------

def _plain(tp: Any) -> Any:
    """`int | None` -> int, `list[str]` -> list."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    return typing.get_origin(tp) or tp


def _span_base(name: str) -> str:
    return name.removesuffix("_span")


def _columns(cls: type, prefix: str = "") -> Iterator[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        tp = _plain(hints[f.name])
        if tp is Place:
            yield from _columns(Place, prefix + f.name + "_")
        elif tp is Span:
            base = prefix + _span_base(f.name)
            yield base + "_start", sa.Integer
            yield base + "_end", sa.Integer
        else:
            sql = {bool: sa.Boolean, int: sa.Integer, float: sa.Float, list: sa.JSON, dict: sa.JSON}.get(tp, sa.Text)
            yield prefix + f.name, sql


def flatten(rec: Any, prefix: str = "") -> dict[str, Any]:
    """A record as one flat row: nested Place and Span fields become prefixed columns."""
    row: dict[str, Any] = {}
    for f in dataclasses.fields(rec):
        value = getattr(rec, f.name)
        if isinstance(value, Place):
            row.update(flatten(value, prefix + f.name + "_"))
        elif isinstance(value, Span) or (value is None and _is_span(type(rec), f.name)):
            base = prefix + _span_base(f.name)
            row[base + "_start"] = value.start if value else None
            row[base + "_end"] = value.end if value else None
        else:
            row[prefix + f.name] = value
    return row


def _is_span(cls: type, name: str) -> bool:
    return name in _span_fields(cls)


@functools.cache
def _span_fields(cls: type) -> frozenset[str]:
    """Resolving type hints is slow (it evaluates annotation strings): once per class."""
    return frozenset(n for n, tp in typing.get_type_hints(cls).items() if _plain(tp) is Span)


# --- tables --------------------------------------------------------------------------------------------

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("date", sa.Date),                              # NULL: none found
    *(sa.Column(n, sa.Text) for n in ("url", "outlet", "title", "language", "side")),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("origin", sa.Text),
    sa.Column("status", sa.Text, nullable=False),            # ok | skipped | failed (run again next time)
    sa.Column("skip_reason", sa.Text),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("date_source", sa.Text),      # given | metadata | text | default | none (types.Article); NULL: before v3
)


def _record_table(name: str, cls: type, fused: bool) -> sa.Table:
    cols: list[Any] = [sa.Column("id", sa.Text, primary_key=True),
            sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                      nullable=False, index=True),
            sa.Column("idx", sa.Integer, nullable=False)]    # order within the article, not part of the id
    cols += [sa.Column(n, t) for n, t in _columns(cls)]
    if fused:
        cols.append(sa.Column("fused_id", sa.Text, index=True))
        cols.append(sa.Column("claimant_key", sa.Text))     # indexed by migration v2 (STORE_INDEXES)
    if name == "events":
        cols.append(sa.Column("backed", sa.Boolean))          # another camp or a neutral source says the same
        cols.append(sa.Column("contradicted", sa.Boolean))    # another claimant denies it or blames another side
    return sa.Table(name, metadata, *cols)


events = _record_table("events", Event, fused=True)
claims = _record_table("claims", Claim, fused=True)
attributions = _record_table("attributions", Attribution, fused=False)
meta = sa.Table("meta", metadata, sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text))
sa.Index("ix_events_date", events.c.date)
TABLES = {"articles": articles, "events": events, "claims": claims, "attributions": attributions}

# Made by migration v4 (never by v1's create_all): a fused event per row, one per group of event claims.
fused_meta = sa.MetaData()
fused_events = sa.Table(
    "fused_events", fused_meta,
    # an INTEGER PRIMARY KEY: SQLite's rowid itself, so VACUUM keeps it and fused_fts stays pointed at its rows
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.Text, nullable=False, unique=True),
    sa.Column("date", sa.Text),
    sa.Column("time_precision", sa.Integer),
    sa.Column("event_type", sa.Text),
    sa.Column("sub_event_type", sa.Text),
    *(sa.Column("location_" + n, sa.Text) for n in ("mention", "name", "country", "admin1")),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    *(sa.Column(n, sa.Text) for n in ("actor1", "actor1_side", "actor2")),
    sa.Column("civilian_targeting", sa.Integer),
    *(sa.Column("fatalities_" + n, sa.Integer) for n in ("best", "low", "high")),
    sa.Column("injured", sa.Integer),
    sa.Column("corroborated", sa.Integer),
    sa.Column("disputed", sa.Integer),
    sa.Column("dispute_kinds", sa.Text),        # a set column: occurrence, perpetrator, toll
    sa.Column("dispute_reasons", sa.JSON),
    sa.Column("tally", sa.Integer),
    sa.Column("n_claims", sa.Integer),
    sa.Column("n_articles", sa.Integer),
    sa.Column("merged_from", sa.JSON),
    sa.Column("pending", sa.Integer, nullable=False),      # 1: made or changed by a write; the next fuse looks at it
    sa.Column("claimants", sa.Text),            # the set columns: each name between SEP, comma-joined
    sa.Column("claimant_sides", sa.Text),
    sa.Column("actor_sides", sa.Text),          # sides blamed by the claims that assert it
    sa.Column("body", sa.Text),                 # every claim's text fields: what the search box searches
)
sa.Index("ix_fused_events_date", fused_events.c.date, fused_events.c.id, fused_events.c.lat, fused_events.c.lon)
sa.Index("ix_fused_events_disputed", fused_events.c.disputed, fused_events.c.date, fused_events.c.id)
sa.Index("ix_fused_events_type", fused_events.c.event_type, fused_events.c.date)
sa.Index("ix_fused_events_lat", fused_events.c.lat, fused_events.c.lon)
sa.Index("ix_fused_events_pending", fused_events.c.pending)
sa.Index("ix_fused_events_tolls", fused_events.c.date, fused_events.c.fatalities_low, fused_events.c.fatalities_high)
FTS_COLUMNS = ("evidence", "location_name", "claimant", "actor1", "actor2", "target", "weapon")


def claimant_key(name: str | None) -> str | None:
    """The claimant's name as fusion compares names ("Jean Dupré" and "JEAN DUPRE" are one); a name in another
    script, which fusion's key leaves empty, transliterated ("Минобороны" -> "minoborony")."""
    if name is None:
        return None
    return norm_name(name) or fold(name)


def fill_claimant_keys(conn: sa.Connection) -> None:
    """claimant_key of the rows that lack one (stored before the column existed, or written by plain SQL)."""
    for table in (events, claims):
        keyless = sa.select(table.c.claimant).distinct().where(table.c.claimant_key.is_(None),
                                                                table.c.claimant.is_not(None))
        names = conn.execute(keyless).scalars().all()
        for at in range(0, len(names), 300):        # one pass over the table per 300 names (3 parameters each)
            keys = {n: claimant_key(n) for n in names[at:at + 300]}
            conn.execute(table.update().where(table.c.claimant.in_(list(keys)), table.c.claimant_key.is_(None))
                         .values(claimant_key=sa.case(keys, value=table.c.claimant)))


# --- record ids and rows -------------------------------------------------------------------------------

def _digest(*parts: Any) -> str:
    return hashlib.sha1("|".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def record_id(article_id: str, rec: Any) -> str:
    """Deterministic from the article and the record's content, so a re-run gives the same ids."""
    if isinstance(rec, Event):
        return "ev-" + _digest(article_id, rec.sub_event_type, rec.date, rec.location.name, rec.claimant,
                               rec.evidence_span.start)
    if isinstance(rec, Claim):
        return "cl-" + _digest(article_id, rec.type, rec.claimant, rec.evidence_span.start)
    return "at-" + _digest(article_id, rec.span.start, rec.span.end, rec.claimant)


def result_rows(result: Result) -> dict[str, list[dict[str, Any]]]:
    """The rows one Result puts in each record table (articles excluded)."""
    out: dict[str, list[dict[str, Any]]] = {}
    aid = result.article.id
    for table, recs in (("events", result.events), ("claims", result.claims),
                        ("attributions", result.attributions)):
        rows, seen = [], set()
        for idx, rec in enumerate(recs):
            rid = record_id(aid, rec)
            k = 2
            while rid in seen:      # two records alike in every id field: keep both, deterministically
                rid, k = f"{record_id(aid, rec)}-{k}", k + 1
            seen.add(rid)
            row = {"id": rid, "article_id": aid, "idx": idx, **flatten(rec)}
            if table != "attributions":
                row["fused_id"] = None          # set by fusion; a re-save keeps it for the records it keeps
                row["claimant_key"] = claimant_key(row["claimant"])
            rows.append(row)
        out[table] = rows
    return out


def _status(result: Result) -> str:
    if not result.skipped:
        return "ok"
    return "failed" if result.failed else "skipped"


def article_row(result: Result, now: dt.datetime | None = None) -> dict[str, Any]:
    a = result.article
    undated = a.date is None or a.date_source == "none"        # no date found: NULL, never a placeholder day
    return {"id": a.id, "date": None if undated else a.date, "url": a.url, "outlet": a.outlet, "title": a.title,
            "language": a.language, "side": a.side, "text": a.text, "origin": a.origin,
            "status": _status(result), "skip_reason": result.skipped,
            "content_hash": content_hash(a.date or NO_DAY, a.text),     # undated: the day its id was hashed with
            "ingested_at": now or dt.datetime.now(dt.UTC), "date_source": a.date_source}


# --- rows back to the JSON of SCHEMA.md ----------------------------------------------------------------

def record_json(row: dict[str, Any], table: str) -> dict[str, Any]:
    """One event/claim row as the nested JSON of SCHEMA.md (location dict, evidence text, spans {start,end})."""
    out: dict[str, Any] = {}
    for name, kind in _json_plan(table):
        if kind == "location":
            out["location"] = {k: row.get("location_" + k) for k in LOCATION_JSON}
        elif kind == "span":
            base = _span_base(name)
            start, end = row.get(base + "_start"), row.get(base + "_end")
            out[name] = None if start is None else {"start": start, "end": end}
        else:
            out[name] = row.get(name)
    if "fused_id" in row:
        out["fused_id"] = row["fused_id"]
    return out


@functools.cache
def _json_plan(table: str) -> tuple[tuple[str, str], ...]:
    """(field, how it is read back) for each field of a record type, worked out once."""
    cls = RECORDS[table]
    return tuple((f.name, "location" if f.name == "location" else "span" if _is_span(cls, f.name) else "plain")
                 for f in dataclasses.fields(cls))


def fusion_record(row: dict[str, Any], article_date: Any = None) -> dict[str, Any]:
    """An event row as fusion reads a claim: the JSON record, its article, its id and standing."""
    rec = record_json(row, "events")
    rec["location"]["admin1"] = row.get("location_admin1")
    return dict(rec, article_id=row["article_id"], record_id=row["id"], article_date=str(article_date or ""),
                backed=row.get("backed"), contradicted=row.get("contradicted"))


def article_json(article_id: str, event_rows: list[dict], claim_rows: list[dict],
                 date_source: str | None = None) -> dict[str, Any]:
    """One article's records; cumulative tallies apart from the day's events. date_source: where the article's
    date came from (types.Article), on the article and on each event (whose day was read against that date)."""
    def event(row: dict) -> dict[str, Any]:
        return dict(record_json(row, "events"), article_date_source=date_source)

    return {"id": article_id, "date_source": date_source,
            "events": [event(r) for r in event_rows if not r.get("tally")],
            "tallies": [event(r) for r in event_rows if r.get("tally")],
            "claims": [record_json(r, "claims") for r in claim_rows]}
