"""Opening a store: its URL checked, the engine made, SQLite's file checked, and transactions that see one
database state.

Every SQLAlchemy transaction on SQLite is a real one here (pysqlite would otherwise begin it only at the first
write), so a reader's queries in one transaction see one snapshot of the file (WAL); a writer takes the write lock
at its BEGIN (BEGIN IMMEDIATE) instead of failing to upgrade a read lock later. On PostgreSQL a read runs in one
REPEATABLE READ transaction.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from polemos.errors import (
    StoreCorrupt,
    StoreMissing,
    StoreMsg,
    StorePathError,
    StoreUnreachable,
)

DEFAULT_PATH = "polemos.db"
SCHEMES = ("sqlite", "postgresql", "postgres", "postgresql+psycopg")
WRITE = "polemos_write"             # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)


def engine_url(url_or_path: str) -> str:
    """A SQLAlchemy URL: paths become SQLite files, postgresql:// gets the psycopg 3 driver."""
    s = str(url_or_path)
    for plain in ("postgresql://", "postgres://"):
        if s.startswith(plain):
            return "postgresql+psycopg://" + s[len(plain):]
    if "://" in s:
        return s
    return "sqlite://" if s == ":memory:" else f"sqlite:///{s}"


def sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL (None for another database or memory)."""
    u = sa.engine.make_url(url)
    return u.database if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:") else None


def check_location(url_or_path: str, create: bool) -> str:
    """The engine URL of a store location, or a StoreError naming what is wrong with it."""
    given = str(url_or_path)
    if not given.strip():
        raise StorePathError(StoreMsg.EMPTY_PATH)
    url = engine_url(given)
    scheme = url.split("://", 1)[0]
    if scheme not in SCHEMES:
        raise StorePathError(StoreMsg.SCHEME.format(url=given, scheme=scheme))
    path = sqlite_file(url)
    if path is None:
        return url
    p = Path(path)
    if p.is_dir():
        raise StorePathError(StoreMsg.IS_FOLDER.format(path=path))
    if not p.parent.is_dir():
        raise StorePathError(StoreMsg.NO_FOLDER.format(path=path, folder=str(p.parent)))
    if not create and not p.exists():
        raise StoreMissing(StoreMsg.MISSING.format(path=path))
    return url


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None       # no implicit transactions: _begin starts each one
    cur = dbapi_conn.cursor()
    # WAL: a killed writer leaves the file intact (the unfinished transaction is simply not there)
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def make_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _begin)
    return engine


def check_open(engine: sa.Engine, url: str, existed: bool) -> None:
    """Connect once: an unreachable server or a damaged SQLite file (PRAGMA quick_check on a file that was there
    before) is a StoreError, not a traceback later."""
    path = sqlite_file(url)
    try:
        with engine.connect() as conn:
            if path and existed:
                found = conn.exec_driver_sql("PRAGMA quick_check").scalars().all()
                if found != ["ok"]:
                    said = "; ".join(" ".join(line.split()) for line in found[:3])     # one line
                    raise StoreCorrupt(StoreMsg.CORRUPT.format(path=path, error=said))
            conn.rollback()
    except sa.exc.OperationalError as e:
        if path is None:
            raise StoreUnreachable(StoreMsg.UNREACHABLE.format(url=_safe(url), error=_first_line(e))) from None
        raise StoreCorrupt(StoreMsg.CORRUPT.format(path=path, error=_first_line(e))) from None
    except sa.exc.DatabaseError as e:
        raise StoreCorrupt(StoreMsg.CORRUPT.format(path=path or _safe(url), error=_first_line(e))) from None


def existed(url: str) -> bool:
    path = sqlite_file(url)
    return path is not None and os.path.exists(path) and os.path.getsize(path) > 0


def _first_line(e: Exception) -> str:
    text = str(getattr(e, "orig", None) or e).strip()
    return " ".join(text.splitlines()[0].split()) if text else type(e).__name__


def _safe(url: str) -> str:
    """A URL without its password."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


@contextlib.contextmanager
def reading(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One read transaction: every query sees the same database state."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


@contextlib.contextmanager
def writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One write transaction, holding SQLite's write lock from its start."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


@contextlib.contextmanager
def schema_change(conn: sa.Connection) -> Iterator[None]:
    """One transaction around a migration, with SQLite's foreign keys off meanwhile, as a table rebuild needs (the
    pragma does nothing inside a transaction)."""
    if conn.dialect.name != "sqlite":
        with conn.begin():
            yield
        return
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
