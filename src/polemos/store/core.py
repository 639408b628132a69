"""The Store: one results database (a SQLite file or PostgreSQL), its writes and its plain reads.

Each save() is one transaction that also keeps fused_events whole (a new claim is a fused event of its own until
the next fuse()); readers get one read transaction with read(). Opening checks where the store is and what it
is, and raises a polemos.errors.StoreError that says what is wrong in one line.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any, Self

import sqlalchemy as sa

from polemos.errors import Msg, StoreCorrupt, StoreMissing, StoreMsg
from polemos.filters import Filters
from polemos.store.connect import (
    DEFAULT_PATH,
    check_location,
    check_open,
    existed,
    make_engine,
    reading,
    sqlite_file,
    writing,
)
from polemos.store.fusing import FuseSummary, adopt, after_save, fuse, regroup, touch
from polemos.store.migrations import SCHEMA_VERSION, migrate, version
from polemos.store.schema import (
    TABLES,
    article_json,
    article_row,
    articles,
    attributions,
    claims,
    events,
    result_rows,
)
from polemos.store.views import Reader
from polemos.types import Result

STANDING = ("fused_id", "backed", "contradicted")      # set by fusion: a re-save compares the rest


def _bind(col: sa.Column, value: Any) -> Any:
    """Date columns take "YYYY-MM-DD" strings too (SQLite's Date type accepts only date objects)."""
    if isinstance(col.type, sa.Date) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


class Store:
    """Articles, their records and fusion's events. `create`: make the store when it is not there (a command
    that only reads passes False and gets StoreMissing instead)."""

    def __init__(self, url_or_path: str = DEFAULT_PATH, create: bool = True):
        self.location = str(url_or_path)
        self.url = check_location(self.location, create)
        was_there = existed(self.url)
        self.engine = make_engine(self.url)
        try:
            check_open(self.engine, self.url, was_there)
            if not create:
                self._require_store()
            migrate(self.engine)
        except sa.exc.DatabaseError as e:
            self.engine.dispose()
            raise StoreCorrupt(StoreMsg.DATABASE.format(path=self.location, error=str(e.orig or e).strip()
                                                        .splitlines()[0])) from None
        except BaseException:
            self.engine.dispose()
            raise

    def _require_store(self) -> None:
        with self.engine.connect() as conn, conn.begin():
            if sa.inspect(conn).has_table("meta"):
                return
        if sqlite_file(self.url):
            raise StoreCorrupt(StoreMsg.NOT_POLEMOS.format(path=self.location))
        raise StoreMissing(StoreMsg.MISSING.format(path=self.location))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def schema_version(self) -> int:
        with reading(self.engine) as conn:
            return version(conn)

    @contextlib.contextmanager
    def read(self) -> Iterator[Reader]:
        """The store as one database state: every query of the Reader sees the same one."""
        with reading(self.engine) as conn:
            yield Reader(conn)

    # --- writing

    def save(self, result: Result) -> None:
        """Replace one article and all its records, in one transaction; its fused events are summed up again
        (the next fuse() clusters them). Saving the same result twice changes nothing."""
        aid = result.article.id
        rows = result_rows(result)
        row = article_row(result)
        with writing(self.engine) as conn:
            old = conn.execute(sa.select(articles.c.content_hash, articles.c.ingested_at)
                               .where(articles.c.id == aid)).first()
            if old is not None and old.content_hash == row["content_hash"]:
                row["ingested_at"] = old.ingested_at    # same content: keep the first ingestion time
            before = {r["id"]: r for r in (dict(x._mapping) for x in conn.execute(
                sa.select(events).where(events.c.article_id == aid)))}
            for table in (events, claims, attributions):
                conn.execute(table.delete().where(table.c.article_id == aid))
            conn.execute(articles.delete().where(articles.c.id == aid))
            conn.execute(articles.insert(), [row])
            new, touched = self._keep_fusion(rows["events"], before)
            for name, recs in rows.items():
                if recs:
                    conn.execute(TABLES[name].insert(), recs)
            if new or touched:
                after_save(conn, new, touched, row["date"])
            touch(conn)

    @staticmethod
    def _keep_fusion(rows: list[dict], before: dict[str, dict]) -> tuple[list[dict], set[str]]:
        """Claims saved again unchanged stay in their fused event; returns the new claims and the fused events
        that lost or changed a claim."""
        new, touched = [], set()
        for r in rows:
            old = before.pop(r["id"], None)
            if old is None:
                new.append(r)
                continue
            r.update({k: old.get(k) for k in STANDING})
            if any(old.get(k) != v for k, v in r.items() if k not in STANDING):
                touched.add(old["fused_id"])
        touched |= {old["fused_id"] for old in before.values()}
        return new, touched - {None}

    def set_fused(self, fused_ids: dict[str, str]) -> None:
        """Group claims by hand: claim id -> fused event id; each fused event is summed up again by fusion."""
        with writing(self.engine) as conn:
            regroup(conn, fused_ids)
            touch(conn)

    def fuse(self, full: bool = False) -> FuseSummary:
        """Cluster the claims saved since the last fuse with what they can reach (`full`: every claim)."""
        return fuse(self.engine, full=full)

    def adopt(self) -> int:
        """Fused events for claims written around the Store (plain SQL); returns how many it found."""
        with writing(self.engine) as conn:
            n = adopt(conn)
            if n:
                touch(conn)
            return n

    # --- plain reads

    def has(self, article_id: str, text_hash: str | None = None) -> bool:
        """Whether the article is stored (with this content_hash, when one is given)."""
        q = sa.select(articles.c.content_hash, articles.c.status).where(articles.c.id == article_id)
        with reading(self.engine) as conn:
            found = conn.execute(q).first()
        if found is None or found.status == "failed":   # a failed article is run again
            return False
        return text_hash is None or found.content_hash == text_hash

    def articles(self, with_text: bool = True, **filters: Any) -> list[dict[str, Any]]:
        """Article rows; filters as for events(). with_text=False leaves the (long) texts out."""
        q = self._query(articles, filters)
        if not with_text:
            q = q.with_only_columns(*(c for c in articles.c if c.name != "text"))
        return self._rows(q)

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Event claim rows; filters: any column (a value, a list of values or a query giving them), date_from,
        date_to, limit."""
        return self._rows(self._query(events, filters))

    def claims(self, **filters: Any) -> list[dict[str, Any]]:
        return self._rows(self._query(claims, filters))

    def attributions(self, **filters: Any) -> list[dict[str, Any]]:
        return self._rows(self._query(attributions, filters))

    def counts(self) -> dict[str, int]:
        with reading(self.engine) as conn:
            return {name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for name, t in TABLES.items()}

    def fused_events(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        """Fusion's fused events as stored (those `filters` keep), each with its claims, in one read."""
        with self.read() as r:
            yield from r.fused(filters)

    def result_json(self, article_id: str) -> dict[str, Any]:
        """{"id", "date_source", "events", "tallies", "claims"} of one article (SCHEMA.md, and where its date came
        from)."""
        with reading(self.engine) as conn:
            return self._result_json(conn, article_id)

    def _result_json(self, conn: sa.Connection, article_id: str) -> dict[str, Any]:
        found = conn.execute(sa.select(articles.c.status, articles.c.date_source)
                             .where(articles.c.id == article_id)).first()
        if found is None or found.status == "failed":
            raise KeyError(Msg.NO_ARTICLE.format(id=article_id))
        rows = {t.name: [dict(r._mapping) for r in conn.execute(self._query(t, {"article_id": article_id}))]
                for t in (events, claims)}
        return article_json(article_id, rows["events"], rows["claims"], found.date_source)

    def iter_result_json(self, **article_filters: Any) -> Iterator[dict[str, Any]]:
        """result_json of every (filtered) article not failed, one at a time, in one read."""
        q = self._query(articles, article_filters).with_only_columns(articles.c.id)
        with reading(self.engine) as conn:
            for aid in conn.execute(q.where(articles.c.status != "failed")).scalars().all():
                yield self._result_json(conn, aid)

    def _rows(self, q: sa.Select) -> list[dict[str, Any]]:
        with reading(self.engine) as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def _query(self, table: sa.Table, filters: dict[str, Any]) -> sa.Select:
        q = sa.select(table)
        for name, value in filters.items():
            if name == "limit":
                q = q.limit(value)
            elif name in ("date_from", "date_to"):
                value = _bind(table.c.date, value)
                q = q.where(table.c.date >= value if name == "date_from" else table.c.date <= value)
            elif name in table.c:
                col = table.c[name]
                if isinstance(value, sa.Select):
                    q = q.where(col.in_(value))
                elif isinstance(value, (list, tuple, set)):
                    q = q.where(col.in_([_bind(col, v) for v in value]))
                else:
                    q = q.where(col == _bind(col, value))
            else:
                raise ValueError(Msg.UNKNOWN_FILTER.format(name=name, table=table.name,
                                                           columns=", ".join(table.c.keys())))
        order = [table.c.article_id, table.c.idx] if "idx" in table.c else [table.c.date, table.c.id]
        return q.order_by(*order)


__all__ = ["SCHEMA_VERSION", "Store"]
