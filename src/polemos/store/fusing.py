"""Fusion in the store: polemos.fusion's events written to fused_events, kept whole at every write, and brought up
to date incrementally.

Every event claim belongs to exactly one fused event. A save makes a fused event of one claim for each new claim
and sums up again the fused events that lost claims, marking them pending; fuse() then clusters again only what the
pending claims can reach through compatible pairs (fusion.linked): the fused events nothing new touches keep their
rows and ids. Every event row (fused or not) comes from fusion's own rules: nothing here decides what is disputed.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from polemos import fusion
from polemos.standing import standing
from polemos.store.connect import reading, writing
from polemos.store.readmodel import event_row, fts_paused
from polemos.store.schema import articles, events, fill_claimant_keys, fused_events, fusion_record, meta

CHUNK = 500                         # ids per IN (...) list
BULK = 5000                         # fused events written at once above which the search index is built anew
# What fusion.linked compares, read for every stored claim (the texts are read only for what is fused again).
LIGHT = ("id", "article_id", "date", "time_precision", "location_name", "location_lat", "location_lon",
         "location_geo_precision", "sub_event_type", "event_type", "claimant", "claimant_side", "stance",
         "actor1", "actor1_side", "fatalities", "tally", "fused_id")


@dataclass
class FuseSummary:
    claims: int = 0                 # event claims clustered again
    events: int = 0                 # fused events written
    changed: int = 0                # claims now in another fused event than before
    total: int = 0                  # fused events in the store
    seconds: float = 0.0
    full: bool = False


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(ids))
    for at in range(0, len(items), CHUNK):
        yield items[at:at + CHUNK]


def touch(conn: sa.Connection) -> None:
    """Count one more write: readers key their caches on it."""
    found = conn.execute(sa.select(meta.c.value).where(meta.c.key == "generation")).scalar()
    if found is None:
        conn.execute(meta.insert().values(key="generation", value="1"))
    else:
        conn.execute(meta.update().where(meta.c.key == "generation").values(value=str(int(found) + 1)))


def generation(conn: sa.Connection) -> int:
    return int(conn.execute(sa.select(meta.c.value).where(meta.c.key == "generation")).scalar() or 0)


# --- reading claims as fusion records ------------------------------------------------------------------

def _dates(conn: sa.Connection, article_ids: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in _chunks(article_ids):
        q = sa.select(articles.c.id, articles.c.date).where(articles.c.id.in_(part))
        out.update((aid, day) for aid, day in conn.execute(q))
    return out


def records(conn: sa.Connection, where: Any = None) -> list[dict[str, Any]]:
    """The event claims (all, or those `where` picks) as fusion records, earliest first."""
    q = sa.select(events)
    rows = [dict(r._mapping) for r in conn.execute(q if where is None else q.where(where))]
    dates = _dates(conn, {r["article_id"] for r in rows})
    return [fusion_record(r, dates.get(r["article_id"])) for r in rows]


def _records_of(conn: sa.Connection, ids: Iterable[str]) -> list[dict[str, Any]]:
    out = []
    for part in _chunks(ids):
        out += records(conn, events.c.id.in_(part))
    return out


def _members(conn: sa.Connection, gids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for part in _chunks(gids):
        for rec in records(conn, events.c.fused_id.in_(part)):
            out[rec["fused_id"]].append(rec)
    return out


def _light(row: Any) -> dict[str, Any]:
    r = row._mapping
    return {"record_id": r["id"], "article_id": r["article_id"], "date": r["date"],
            "time_precision": r["time_precision"], "sub_event_type": r["sub_event_type"],
            "event_type": r["event_type"], "claimant": r["claimant"], "claimant_side": r["claimant_side"],
            "stance": r["stance"], "actor1": r["actor1"], "actor1_side": r["actor1_side"],
            "fatalities": r["fatalities"], "tally": r["tally"], "fused_id": r["fused_id"],
            "location": {"name": r["location_name"], "lat": r["location_lat"], "lon": r["location_lon"],
                         "geo_precision": r["location_geo_precision"]}}


# --- writing fused events ------------------------------------------------------------------------------

def write_events(conn: sa.Connection, old_gids: Iterable[str], fused: list[dict], pending: bool = False) -> int:
    """Replace the fused events `old_gids` by `fused` (fusion's events) and point their claims at them; an event
    whose stored row is already what fusion gives is left as it is (only no longer pending). Returns how many
    claims changed fused event."""
    rows = {ev["event_id"]: event_row(ev, pending) for ev in fused}
    old_gids = set(old_gids)
    kept = _unchanged(conn, old_gids & set(rows), rows)
    with fts_paused(conn, bulk=len(old_gids) + len(rows) - 2 * len(kept) > BULK):
        for part in _chunks(old_gids - kept):
            conn.execute(fused_events.delete().where(fused_events.c.id.in_(part)))
        if len(rows) > len(kept):
            conn.execute(fused_events.insert(), [row for gid, row in rows.items() if gid not in kept])
    for part in _chunks(kept):
        conn.execute(fused_events.update().where(fused_events.c.id.in_(part)).values(pending=int(pending)))
    changes = []
    for ev in fused:
        for claim, (backers, against) in zip(ev["claims"], standing(ev["claims"]), strict=True):
            new = {"rid": claim["record_id"], "fid": ev["event_id"], "backed": bool(backers),
                   "contra": bool(against)}
            if (claim.get("fused_id"), claim.get("backed"), claim.get("contradicted")) != \
                    (new["fid"], new["backed"], new["contra"]):
                changes.append(new)
    if changes:
        conn.execute(events.update().where(events.c.id == sa.bindparam("rid"))
                     .values(fused_id=sa.bindparam("fid"), backed=sa.bindparam("backed"),
                             contradicted=sa.bindparam("contra")), changes)
    return sum(1 for ev in fused for c in ev["claims"] if c.get("fused_id") != ev["event_id"])


def _unchanged(conn: sa.Connection, gids: set[str], rows: dict[str, dict]) -> set[str]:
    """The fused events among `gids` whose stored row is `rows` gives (its row id and pending flag aside)."""
    same = set()
    for part in _chunks(gids):
        for have in conn.execute(sa.select(fused_events).where(fused_events.c.id.in_(part))).mappings():
            want = rows[have["id"]]
            if all(have[k] == v for k, v in want.items() if k != "pending"):
                same.add(have["id"])
    return same


def _summed_up(groups: dict[str, list[dict[str, Any]]]) -> list[dict]:
    """Each group as the fused event it is (not clustered again), under its id."""
    return [fusion.event_of(recs, event_id=gid) for gid, recs in groups.items() if recs]


def after_save(conn: sa.Connection, new: list[dict[str, Any]], touched: set[str], article_date: Any) -> None:
    """After one article's claims were written: a fused event for each new claim (`new`: their rows; the event
    under the claim's id), and the fused events that lost or changed claims of the article (`touched`) summed up
    again; all pending for the next fuse."""
    singles = {row["id"]: [fusion_record(row, article_date)] for row in new}
    write_events(conn, touched, _summed_up(_members(conn, touched)) + _summed_up(singles), pending=True)


def regroup(conn: sa.Connection, mapping: dict[str, str]) -> None:
    """Put claims in the fused events `mapping` names (claim id -> fused id), each event summed up again."""
    before = set()
    for part in _chunks(mapping):
        before |= set(conn.execute(sa.select(events.c.fused_id).where(events.c.id.in_(part))).scalars())
    conn.execute(events.update().where(events.c.id == sa.bindparam("rid")).values(fused_id=sa.bindparam("fid")),
                 [{"rid": r, "fid": f} for r, f in mapping.items()])
    touched = (before | set(mapping.values())) - {None}
    write_events(conn, touched, _summed_up(_members(conn, touched)))


def adopt(conn: sa.Connection) -> int:
    """Fused events for the claims that have none: written by plain SQL or stored before v4. Claims that share a
    fused id make one event under it; a claim without one is an event alone under its own id, pending. Returns the
    claims adopted."""
    with gc_paused():
        return _adopt(conn)


def _adopt(conn: sa.Connection) -> int:
    fill_claimant_keys(conn)            # rows written by plain SQL carry no name key: the readers group by it
    have = sa.select(fused_events.c.id)
    orphan = sa.or_(events.c.fused_id.is_(None), events.c.fused_id.not_in(have))
    recs = records(conn, orphan)
    if not recs:
        return 0
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    singles = []
    for rec in recs:
        if rec["fused_id"]:
            groups[rec["fused_id"]].append(rec)
        else:
            singles.append(fusion.event_of([rec], event_id=rec["record_id"]))
    write_events(conn, groups, _summed_up(groups))
    write_events(conn, (), singles, pending=True)
    return len(recs)


# --- fusing --------------------------------------------------------------------------------------------

def fuse(engine: sa.Engine, full: bool = False) -> FuseSummary:
    """Cluster again what the claims of pending fused events reach (every claim when `full`), keeping the ids of
    earlier events (fusion.merge_ids). Computed on a snapshot, written in one transaction if nothing was written
    meanwhile (else computed again)."""
    start = time.monotonic()
    with gc_paused():
        return _fuse(engine, full, start)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Fusing builds hundreds of thousands of small objects that all live to the end: the cyclic collector would
    walk them again and again (time growing faster than the store), and finds nothing to free."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _fuse(engine: sa.Engine, full: bool, start: float) -> FuseSummary:
    for attempt in range(3):
        with reading(engine) as conn:
            seen = generation(conn)
            plan = _plan(conn, full)
        with writing(engine) as conn:
            if generation(conn) != seen and attempt < 2:
                continue
            if generation(conn) != seen:
                plan = _plan(conn, full)        # the last try holds the write lock while it plans
            summary = _apply(conn, plan)
            summary.full, summary.seconds = full, time.monotonic() - start
            return summary
    raise AssertionError("unreachable")


@dataclass
class _Plan:
    old_gids: set[str]
    fused: list[dict]


def _plan(conn: sa.Connection, full: bool) -> _Plan | None:
    if full:
        recs = records(conn)
    else:
        seeds = conn.execute(sa.select(events.c.id, events.c.date).join(fused_events, fused_events.c.id ==
                                                                         events.c.fused_id)
                             .where(fused_events.c.pending == 1)).all()
        if not seeds:
            return None
        recs = _records_of(conn, _reach(conn, {i for i, _ in seeds}, [d for _, d in seeds]))
    old_gids = {r["fused_id"] for r in recs if r["fused_id"]}
    groups: dict[str, list[dict]] = defaultdict(list)
    for rec in recs:
        if rec["fused_id"]:
            groups[rec["fused_id"]].append(rec)
    previous = [{"event_id": gid, "claims": claims} for gid, claims in groups.items()]
    return _Plan(old_gids=old_gids, fused=fusion.fuse(recs, previous=previous or None))


def _reach(conn: sa.Connection, seeds: set[str], days: list[str]) -> set[str]:
    """The claims the seeds reach through compatible pairs (fusion.linked), with the whole fused events they
    belong to. Only the claims within reach of the seeds' days are read, more when the chain goes further."""
    lo, hi = _day(min(days)), _day(max(days))
    reach = dt.timedelta(days=fusion.max_reach())
    while True:
        q = sa.select(*(events.c[n] for n in LIGHT)).where(events.c.date.between(
            (lo - 2 * reach).isoformat(), (hi + 2 * reach).isoformat()))
        light = [_light(r) for r in conn.execute(q)]
        part = fusion.linked(light, seeds)
        found = [_day(r["date"]) for r in light if r["record_id"] in part]
        if min(found, default=lo) - reach >= lo - 2 * reach and max(found, default=hi) + reach <= hi + 2 * reach:
            break
        lo, hi = min(lo, *found) - reach, max(hi, *found) + reach      # the chain goes on: read further
    gids = {r["fused_id"] for r in light if r["record_id"] in part and r["fused_id"]}
    for chunk in _chunks(gids):         # whole groups, wherever their other claims lie
        part |= set(conn.execute(sa.select(events.c.id).where(events.c.fused_id.in_(chunk))).scalars())
    return part


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def _apply(conn: sa.Connection, plan: _Plan | None) -> FuseSummary:
    if plan is None:
        return FuseSummary(total=_count(conn))
    changed = write_events(conn, plan.old_gids, plan.fused)
    touch(conn)
    return FuseSummary(claims=sum(len(ev["claims"]) for ev in plan.fused), events=len(plan.fused),
                       changed=changed, total=_count(conn))


def _count(conn: sa.Connection) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(fused_events)).scalar_one()
