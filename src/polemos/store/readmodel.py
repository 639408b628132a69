"""fused_events as the readers see it: a fused event (polemos.fusion's dict) as a row and back, its full-text
index (SQLite with FTS5), and the filters (polemos.filters.Filters) as conditions on it.

The list, the map, the API, the command line and every export select fused events with these conditions: one
filter gives the same events everywhere.
"""
from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

import sqlalchemy as sa

from polemos import fusion
from polemos.filters import Filters
from polemos.store.schema import FTS_COLUMNS, SEP, claimant_key, events, fused_events
from polemos.store.search import place_names

FTS_TRIGGERS = (
    ("CREATE TRIGGER fused_fts_ins AFTER INSERT ON fused_events BEGIN "
    "INSERT INTO fused_fts(rowid, body) VALUES (new.rid, new.body); END"),
    ("CREATE TRIGGER fused_fts_del AFTER DELETE ON fused_events BEGIN "
    "INSERT INTO fused_fts(fused_fts, rowid, body) VALUES ('delete', old.rid, old.body); END"),
    ("CREATE TRIGGER fused_fts_upd AFTER UPDATE OF body ON fused_events BEGIN "
    "INSERT INTO fused_fts(fused_fts, rowid, body) VALUES ('delete', old.rid, old.body); "
    "INSERT INTO fused_fts(rowid, body) VALUES (new.rid, new.body); END"),
)
TOKEN = re.compile(r"\w+", re.UNICODE)


# --- a fused event as a row ----------------------------------------------------------------------------

def _set(values: Any) -> str | None:
    """The set column of these values: "\x1fA\x1f,\x1fB\x1f" (NULL when none)."""
    found = sorted({str(v) for v in values if v not in (None, "")})
    return ",".join(SEP + v + SEP for v in found) or None


def _body(claims: list[dict]) -> str:
    def value(c: dict, field: str) -> Any:
        return (c.get("location") or {}).get("name") if field == "location_name" else c.get(field)
    return " ".join(str(v) for c in claims for f in FTS_COLUMNS if (v := value(c, f)))


def event_row(ev: dict[str, Any], pending: bool = False) -> dict[str, Any]:
    """The fused_events row of one of fusion's fused events."""
    loc = ev.get("location") or {}
    claims = ev.get("claims") or []
    voiced = [c for c in claims if c.get("stance") != fusion.DENIED]
    return {
        "id": ev["event_id"], "date": ev.get("date"), "time_precision": ev.get("time_precision"),
        "event_type": ev.get("event_type"), "sub_event_type": ev.get("sub_event_type"),
        "location_mention": loc.get("mention"), "location_name": loc.get("name"),
        "location_country": loc.get("country"), "location_admin1": loc.get("admin1"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "geo_precision": loc.get("geo_precision"),
        "actor1": ev.get("actor1"), "actor1_side": ev.get("actor1_side"), "actor2": ev.get("actor2"),
        "civilian_targeting": int(bool(ev.get("civilian_targeting"))),
        **{f"fatalities_{k}": ev.get(f"fatalities_{k}") for k in ("best", "low", "high")},
        "injured": ev.get("injured"), "corroborated": int(bool(ev.get("corroborated"))),
        "disputed": int(bool(ev.get("disputed"))), "dispute_kinds": _set(ev.get("dispute_kinds") or []),
        "dispute_reasons": list(ev.get("disputes") or ev.get("dispute_reasons") or []),
        "tally": int(bool(ev.get("tally"))),
        "n_claims": len(claims), "n_articles": len({c.get("article_id") for c in claims}),
        "merged_from": list(ev.get("merged_from") or []), "pending": int(pending),
        "claimants": _set(c.get("claimant") for c in claims),
        "claimant_sides": _set(c.get("claimant_side") or "unknown" for c in claims),
        "actor_sides": _set(fusion.actor_side(c) for c in voiced), "body": _body(claims),
    }


def kinds(value: str | None) -> list[str]:
    """The values of a set column."""
    return [v.strip(SEP) for v in value.split(",")] if value else []


def disputes_of(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The stored disputes of a fused_events row: [{kind, claim_ids, detail}]. A store written before disputes
    named their claims holds the reasons in words only: their kind is the event's when it has one kind."""
    found = kinds(row.get("dispute_kinds"))
    out = []
    for d in row.get("dispute_reasons") or []:
        if isinstance(d, dict):
            out.append({"kind": d.get("kind"), "claim_ids": list(d.get("claim_ids") or []),
                        "detail": str(d.get("detail") or "")})
        else:
            out.append({"kind": found[0] if len(found) == 1 else None, "claim_ids": [], "detail": str(d)})
    return out


def event_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """A fused_events row as fusion's fused event, without its claims."""
    return {
        "event_id": row["id"], "event_type": row["event_type"], "sub_event_type": row["sub_event_type"],
        "date": row["date"], "time_precision": row["time_precision"],
        "location": {"mention": row["location_mention"], "name": row["location_name"],
                     "country": row["location_country"], "admin1": row["location_admin1"], "lat": row["lat"],
                     "lon": row["lon"], "geo_precision": row["geo_precision"]},
        "actor1": row["actor1"], "actor1_side": row["actor1_side"], "actor2": row["actor2"],
        "civilian_targeting": bool(row["civilian_targeting"]), "corroborated": bool(row["corroborated"]),
        "disputed": bool(row["disputed"]), "dispute_kinds": kinds(row["dispute_kinds"]),
        "dispute_reasons": [d["detail"] for d in disputes_of(row)], "disputes": disputes_of(row),
        **{f"fatalities_{k}": row[f"fatalities_{k}"] for k in ("best", "low", "high")},
        "injured": row["injured"], "tally": bool(row["tally"]), "n_claims": row["n_claims"],
        "n_articles": row["n_articles"], "merged_from": list(row["merged_from"] or [])}


# --- full-text search ----------------------------------------------------------------------------------

def has_fts5() -> bool:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False


def create_fts(conn: sa.Connection) -> None:
    """The FTS5 index over fused_events.body and the triggers that keep it in step (SQLite built with FTS5)."""
    if conn.dialect.name != "sqlite" or not has_fts5():
        return
    conn.exec_driver_sql("CREATE VIRTUAL TABLE fused_fts USING fts5(body, content='fused_events', "
                         "content_rowid='rid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')")
    for sql in FTS_TRIGGERS:
        conn.exec_driver_sql(sql)


@contextlib.contextmanager
def fts_paused(conn: sa.Connection, bulk: bool) -> Iterator[None]:
    """For a bulk change of fused_events: the index is built again once at the end instead of row by row."""
    if not bulk or not has_fts(conn):
        yield
        return
    for name in ("fused_fts_ins", "fused_fts_del", "fused_fts_upd"):
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    yield
    conn.exec_driver_sql("INSERT INTO fused_fts(fused_fts) VALUES ('rebuild')")
    for sql in FTS_TRIGGERS:
        conn.exec_driver_sql(sql)


def has_fts(conn: sa.Connection) -> bool:
    """Whether the store has its FTS5 index; elsewhere search falls back to LIKE."""
    if conn.dialect.name != "sqlite":
        return False
    return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                "AND name = 'fused_fts'").scalar_one() > 0


def search_terms(q: str) -> list[str]:
    """Words of a search box, at most 16: every one must occur (quotes and operators are dropped)."""
    return TOKEN.findall(q)[:16]


def search_groups(q: str) -> list[list[str]]:
    """What must occur for a search to match: one group per word, any phrase of a group will do; a word (or the
    whole box) that names a place brings the place's names in every script (polemos.store.search)."""
    terms = search_terms(q)
    if len(terms) > 1 and (names := place_names(" ".join(terms))):
        return [[" ".join(terms), *names]]
    return [[t, *place_names(t)] for t in terms]


def fts_query(groups: list[list[str]]) -> str:
    """An FTS5 query that is always valid: each phrase quoted, a typed word also a prefix; groups joined by AND."""
    def phrase(text: str, typed: bool) -> str:
        quoted = '"' + " ".join(TOKEN.findall(text)) + '"'
        return quoted + "*" if typed else quoted
    return " AND ".join("(" + " OR ".join(phrase(p, i == 0) for i, p in enumerate(g) if TOKEN.search(p)) + ")"
                        for g in groups)


# --- filters -------------------------------------------------------------------------------------------

def _in_set(col: Any, values: list[str]) -> Any:
    """The set column holds one of `values`."""
    return sa.or_(*(col.contains(SEP + v + SEP, autoescape=True) for v in values))


def conditions(f: Filters, fts: bool, by_date: bool = False) -> list[Any]:
    """WHERE clauses on fused_events. by_date: for a query read in date order with a LIMIT, where walking the
    (date, id, lat, lon) index beats fetching every event in the box and sorting them."""
    w, conds = fused_events, list[Any]()
    if f.bbox:
        west, south, east, north = f.bbox
        lat, lon = (w.c.lat + 0, w.c.lon + 0) if by_date else (w.c.lat, w.c.lon)   # "+ 0": not the lat index
        conds.append(lat.between(south, north))
        conds.append(lon.between(west, east) if west <= east else (lon >= west) | (lon <= east))
    if f.date_from:
        conds.append(w.c.date >= f.date_from.isoformat())
    if f.date_to:
        conds.append(w.c.date <= f.date_to.isoformat())
    for col, values in ((w.c.event_type, f.event_type), (w.c.sub_event_type, f.sub_event_type)):
        if values:
            conds.append(col.in_(values))
    for col, flag in ((w.c.disputed, f.disputed), (w.c.corroborated, f.corroborated)):
        if flag is not None:
            conds.append(col == (1 if flag else 0))
    if f.place:
        conds.append(sa.func.lower(w.c.location_name).in_([p.lower() for p in f.place]))
    if f.country:
        conds.append(sa.func.upper(w.c.location_country).in_([c.upper() for c in f.country]))
    if f.claimant:                      # any spelling, through ix_events_claimant_key
        keys = [k for k in map(claimant_key, f.claimant) if k]
        conds.append(w.c.id.in_(sa.select(events.c.fused_id).where(events.c.claimant_key.in_(keys)))
                     if keys else sa.false())
    for col, values in ((w.c.claimant_sides, f.claimant_side), (w.c.actor_sides, f.actor_side)):
        if values:
            conds.append(_in_set(col, values))
    if f.q is not None:
        conds += _search(f.q, fts)
    return conds


def _search(q: str, fts: bool) -> list[Any]:
    groups = search_groups(q)
    if not groups:
        return [sa.false()]
    if fts:
        return [sa.text("fused_events.rid IN (SELECT rowid FROM fused_fts WHERE fused_fts MATCH :fts)")
                .bindparams(fts=fts_query(groups))]
    return [sa.or_(*(fused_events.c.body.icontains(p, autoescape=True) for p in g)) for g in groups]
