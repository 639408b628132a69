"""The results database: one schema on SQLite (the default file polemos.db) and PostgreSQL, via SQLAlchemy Core.

Columns of events, claims and attributions are the fields of the record types flattened
(location.name -> location_name, evidence_span -> evidence_start/evidence_end), so a field added to
types.py becomes a column the next time a store is opened. Events and claims also carry fused_id (set by fusion)
and claimant_key (the claimant's name as fusion compares names: one key for every spelling).

The schema includes the web view's read model (polemos.web.summary): the migrations make it and every write
here keeps it fresh, so a store made by `polemos extract` is complete and the web view only reads it.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import types
import typing
from typing import Any, Callable, Iterator

import sqlalchemy as sa

from polemos.errors import Msg
from polemos.fusion import norm_name as _name_key
from polemos.ingest import NO_DAY, content_hash
from polemos.types import Attribution, Claim, Event, Place, Result, Span

DEFAULT_PATH = "polemos.db"
LOCATION_JSON = ("mention", "name", "country", "lat", "lon", "geo_precision")
RECORDS = {"events": Event, "claims": Claim, "attributions": Attribution}

metadata = sa.MetaData()


# --- flattening records to columns ---------------------------------------------------------------------

def _plain(tp: Any) -> Any:
    """`int | None` -> int, `list[str]` -> list."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    return typing.get_origin(tp) or tp


def _span_base(name: str) -> str:
    return name[:-5] if name.endswith("_span") else name


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


@functools.lru_cache(maxsize=None)
def _span_fields(cls: type) -> frozenset[str]:
    """Resolving type hints is slow (it evaluates annotation strings): once per class."""
    return frozenset(n for n, tp in typing.get_type_hints(cls).items() if _plain(tp) is Span)


# --- schema --------------------------------------------------------------------------------------------

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("date", sa.Date),                              # NULL: none found (--undated skip)
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
    cols = [sa.Column("id", sa.Text, primary_key=True),
            sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                      nullable=False, index=True),
            sa.Column("idx", sa.Integer, nullable=False)]    # order within the article, not part of the id
    cols += [sa.Column(n, t) for n, t in _columns(cls)]
    if fused:
        cols.append(sa.Column("fused_id", sa.Text, index=True))
        cols.append(sa.Column("claimant_key", sa.Text))     # indexed by the read model (web/summary.py)
    return sa.Table(name, metadata, *cols)


events = _record_table("events", Event, fused=True)
claims = _record_table("claims", Claim, fused=True)
attributions = _record_table("attributions", Attribution, fused=False)
meta = sa.Table("meta", metadata, sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text))
sa.Index("ix_events_date", events.c.date)
TABLES = {"articles": articles, "events": events, "claims": claims, "attributions": attributions}


def claimant_key(name: str | None) -> str | None:
    """The claimant's name as fusion compares names ("Vagif Dargahlí" and "VAGIF DARGAHLI" are one)."""
    return None if name is None else _name_key(name)


def fill_claimant_keys(conn: sa.Connection) -> None:
    """claimant_key of the rows that lack one (stored before the column existed, or written by plain SQL)."""
    for table in (events, claims):
        names = conn.execute(_KEYLESS[table.name]).scalars().all()
        for at in range(0, len(names), 300):        # one pass over the table per 300 names (3 parameters each)
            keys = {n: claimant_key(n) for n in names[at:at + 300]}
            conn.execute(table.update().where(table.c.claimant.in_(list(keys)), table.c.claimant_key.is_(None))
                         .values(claimant_key=sa.case(keys, value=table.c.claimant)))


_KEYLESS = {t.name: sa.select(t.c.claimant).distinct().where(t.c.claimant_key.is_(None), t.c.claimant.is_not(None))
            for t in (events, claims)}


def _v1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[articles, events, claims, attributions])


def _read_model(conn: sa.Connection) -> None:
    """The web view's tables, triggers and indexes (polemos.web.summary), made afresh and filled."""
    from polemos.web import summary

    _add_new_fields(conn)           # the read model reads columns of fields added since the store was made
    summary.create(conn)


def _v3(conn: sa.Connection) -> None:
    """articles.date_source, and articles.date nullable: an article stored unrun for want of a date (--undated
    skip) had the placeholder 0001-01-01, now NULL with date_source "none"."""
    _add_column(conn, articles, articles.c.date_source)
    if _not_null(conn, articles.c.date):
        if conn.dialect.name == "sqlite":
            _rebuild_sqlite(conn, articles)
        else:
            conn.execute(sa.text("ALTER TABLE articles ALTER COLUMN date DROP NOT NULL"))
    conn.execute(articles.update().where(articles.c.date == NO_DAY, articles.c.status == "skipped")
                 .values(date=None, date_source="none"))


def _not_null(conn: sa.Connection, col: sa.Column) -> bool:
    found = {c["name"]: c for c in sa.inspect(conn).get_columns(col.table.name)}
    return not found[col.name]["nullable"]


def _rebuild_sqlite(conn: sa.Connection, table: sa.Table) -> None:
    """SQLite cannot drop a NOT NULL: the table made again from its definition here, its rows copied, and the
    indexes, triggers and views that name it made again (sqlite.org/lang_altertable.html#otheralter). Needs
    foreign keys off (see _schema_change): dropping the old table must not cascade to its records."""
    if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(f"rebuilding {table.name}: foreign keys are on, the drop would delete its records")
    name, tmp = table.name, table.name + "_rebuilt"
    dependants = conn.execute(sa.text(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL "
        "AND (tbl_name = :t OR (type <> 'index' AND sql LIKE :like)) ORDER BY type = 'view' DESC"),
        {"t": name, "like": f"%{name}%"}).all()
    for kind, dep, _ in dependants:             # a trigger or view naming a missing table would stop the rename
        conn.exec_driver_sql(f'DROP {kind.upper()} IF EXISTS "{dep}"')
    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    have = [c["name"] for c in sa.inspect(conn).get_columns(name)]
    new = table.to_metadata(sa.MetaData(), name=tmp)
    for extra in (c for c in have if c not in table.c):    # a column unknown here is kept, as text
        new.append_column(sa.Column(extra, sa.Text))
    conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{tmp}"')
    new.create(conn)
    cols = ", ".join(f'"{c}"' for c in have)
    conn.exec_driver_sql(f'INSERT INTO "{tmp}" ({cols}) SELECT {cols} FROM "{name}"')
    conn.exec_driver_sql(f'DROP TABLE "{name}"')
    conn.exec_driver_sql(f'ALTER TABLE "{tmp}" RENAME TO "{name}"')
    for _, _, sql in reversed(dependants):      # views last: they may read what the others make
        conn.exec_driver_sql(sql)
    if conn.exec_driver_sql("PRAGMA foreign_key_check").all() != problems:
        raise RuntimeError(f"rebuilding {name} broke references to it")


# Ordered: MIGRATIONS[i] brings a store from version i to i + 1. Append, never edit a released one.
# v2: claimant keys and the read model, which the web view made at its start-up before. A later change to the
# read model appends _read_model again.
# v3: articles.date_source; articles.date may be NULL.
MIGRATIONS: list[Callable[[sa.Connection], None]] = [_v1, _read_model, _v3]
SCHEMA_VERSION = len(MIGRATIONS)


# --- record ids ----------------------------------------------------------------------------------------

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
                row["fused_id"] = None          # set by fusion later; save() keeps earlier fusion results
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
            "ingested_at": now or dt.datetime.now(dt.timezone.utc), "date_source": a.date_source}


# --- rows back to the JSON of SCHEMA.md ----------------------------------------------------------------

def record_json(row: dict[str, Any], table: str) -> dict[str, Any]:
    """One event/claim row as the nested JSON of SCHEMA.md (location dict, evidence text, spans {start,end})."""
    cls = RECORDS[table]
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name == "location":
            out["location"] = {k: row.get("location_" + k) for k in LOCATION_JSON}
        elif _is_span(cls, f.name):
            base = _span_base(f.name)
            start, end = row.get(base + "_start"), row.get(base + "_end")
            out[f.name] = None if start is None else {"start": start, "end": end}
        else:
            out[f.name] = row.get(f.name)
    if "fused_id" in row:
        out["fused_id"] = row["fused_id"]
    return out


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


# --- the store -----------------------------------------------------------------------------------------

def engine_url(url_or_path: str) -> str:
    """A SQLAlchemy URL: paths become SQLite files, postgresql:// gets the psycopg 3 driver."""
    s = str(url_or_path)
    for plain in ("postgresql://", "postgres://"):
        if s.startswith(plain):
            return "postgresql+psycopg://" + s[len(plain):]
    if "://" in s:
        return s
    return "sqlite://" if s == ":memory:" else f"sqlite:///{s}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL: a killed writer leaves the file intact (the unfinished transaction is simply not there)
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _bind(col: sa.Column, value: Any) -> Any:
    """Date columns take "YYYY-MM-DD" strings too (SQLite's Date type accepts only date objects)."""
    if isinstance(col.type, sa.Date) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


class Store:
    """Articles and their records. Each save() is one transaction; saving the same result twice is a no-op."""

    def __init__(self, url_or_path: str = DEFAULT_PATH):
        self.url = engine_url(url_or_path)
        self.engine = sa.create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # schema

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return self._version(conn)

    def _version(self, conn: sa.Connection) -> int:
        if not sa.inspect(conn).has_table("meta"):
            return 0
        value = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
        return int(value or 0)

    def _migrate(self) -> None:
        with self.engine.begin() as conn:       # the usual case, a store up to date: no write lock taken
            meta.create(conn, checkfirst=True)
            if self._checked_version(conn) == SCHEMA_VERSION:
                _add_new_fields(conn)
                return
        with self.engine.connect() as conn, _schema_change(conn):
            found = self._checked_version(conn)     # again, in the transaction: another process may have done it
            for step in MIGRATIONS[found:]:
                step(conn)
            if found < SCHEMA_VERSION:
                conn.execute(meta.delete().where(meta.c.key == "schema_version"))
                conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            _add_new_fields(conn)

    def _checked_version(self, conn: sa.Connection) -> int:
        found = self._version(conn)
        if found > SCHEMA_VERSION:
            raise RuntimeError(Msg.NEWER_SCHEMA.format(found=found, known=SCHEMA_VERSION))
        return found

    # writing: each write brings the read model up to date in its own transaction

    def save(self, result: Result) -> None:
        """Replace one article and all its records, in one transaction."""
        aid = result.article.id
        rows = result_rows(result)
        row = article_row(result)
        with self.engine.begin() as conn:
            old = conn.execute(sa.select(articles.c.content_hash, articles.c.ingested_at)
                               .where(articles.c.id == aid)).first()
            if old is not None and old.content_hash == row["content_hash"]:
                row["ingested_at"] = old.ingested_at    # same content: keep the first ingestion time
            fused = self._fused_ids(conn, aid)
            for table in (events, claims, attributions):
                conn.execute(table.delete().where(table.c.article_id == aid))
            conn.execute(articles.delete().where(articles.c.id == aid))
            conn.execute(articles.insert(), [row])
            for name, recs in rows.items():
                for r in recs if name in fused else []:
                    r["fused_id"] = fused[name].get(r["id"])
                if recs:
                    conn.execute(TABLES[name].insert(), recs)
            _refresh(conn)

    def _fused_ids(self, conn: sa.Connection, aid: str) -> dict[str, dict[str, str]]:
        """Fusion results survive a re-save of the same records."""
        out = {}
        for table in (events, claims):
            q = sa.select(table.c.id, table.c.fused_id).where(table.c.article_id == aid,
                                                               table.c.fused_id.is_not(None))
            out[table.name] = {r.id: r.fused_id for r in conn.execute(q)}
        return out

    def set_fused(self, fused_ids: dict[str, str], table: str = "events") -> None:
        """Record fusion: record id -> fused id, for the events (or claims) table."""
        t = TABLES[table]
        with self.engine.begin() as conn:
            for rid, fid in fused_ids.items():
                conn.execute(t.update().where(t.c.id == rid).values(fused_id=fid))
            _refresh(conn)

    # reading

    def has(self, article_id: str, text_hash: str | None = None) -> bool:
        """Whether the article is stored (with this content_hash, when one is given)."""
        q = sa.select(articles.c.content_hash, articles.c.status).where(articles.c.id == article_id)
        with self.engine.connect() as conn:
            found = conn.execute(q).first()
        if found is None or found.status == "failed":   # a failed article is run again
            return False
        return text_hash is None or found.content_hash == text_hash

    def articles(self, with_text: bool = True, **filters: Any) -> list[dict[str, Any]]:
        """Article rows; filters as for events(). with_text=False leaves the (long) texts out."""
        q = self._query(articles, filters)
        if not with_text:
            q = q.with_only_columns(*(c for c in articles.c if c.name != "text"))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Event rows; filters: any column (a value, a list of values or a query giving them), date_from,
        date_to, limit, gid (group ids: coalesce(fused_id, id))."""
        return self._select(events, filters)

    def claims(self, **filters: Any) -> list[dict[str, Any]]:
        return self._select(claims, filters)

    def attributions(self, **filters: Any) -> list[dict[str, Any]]:
        return self._select(attributions, filters)

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for name, t in TABLES.items()}

    def result_json(self, article_id: str) -> dict[str, Any]:
        """{"id", "date_source", "events", "tallies", "claims"} of one article (SCHEMA.md, and where its date came
        from)."""
        q = sa.select(articles.c.status, articles.c.date_source).where(articles.c.id == article_id)
        with self.engine.connect() as conn:
            found = conn.execute(q).first()
        if found is None or found.status == "failed":
            raise KeyError(Msg.NO_ARTICLE.format(id=article_id))
        return article_json(article_id, self.events(article_id=article_id), self.claims(article_id=article_id),
                            found.date_source)

    def iter_result_json(self, **article_filters: Any) -> Iterator[dict[str, Any]]:
        """result_json of every (filtered) article, one at a time."""
        q = self._query(articles, article_filters).with_only_columns(articles.c.id)
        with self.engine.connect() as conn:
            ids = conn.execute(q).scalars().all()
        for aid in ids:
            yield self.result_json(aid)

    def _select(self, table: sa.Table, filters: dict[str, Any]) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(self._query(table, filters))]

    def _query(self, table: sa.Table, filters: dict[str, Any]) -> sa.Select:
        q = sa.select(table)
        for name, value in filters.items():
            if name == "limit":
                q = q.limit(value)
            elif name in ("date_from", "date_to"):
                value = _bind(table.c.date, value)
                q = q.where(table.c.date >= value if name == "date_from" else table.c.date <= value)
            elif name in table.c or (name == "gid" and "fused_id" in table.c):
                col = table.c[name] if name in table.c else sa.func.coalesce(table.c.fused_id, table.c.id)
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


def _add_new_fields(conn: sa.Connection) -> None:
    """Optional fields added to types.py after a store was made become nullable columns."""
    insp = sa.inspect(conn)
    for table in TABLES.values():
        have = {c["name"] for c in insp.get_columns(table.name)}
        for col in table.columns:
            if col.name not in have:
                _add_column(conn, table, col)


def _add_column(conn: sa.Connection, table: sa.Table, col: sa.Column) -> None:
    """A nullable column, unless the table has it already."""
    if col.name in {c["name"] for c in sa.inspect(conn).get_columns(table.name)}:
        return
    prep = conn.dialect.identifier_preparer
    kind = col.type.compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE {prep.quote(table.name)} ADD COLUMN {prep.quote(col.name)} {kind}"))


@contextlib.contextmanager
def _schema_change(conn: sa.Connection) -> Iterator[None]:
    """One transaction around a migration. On SQLite the driver would run DDL outside any transaction: BEGIN
    IMMEDIATE makes the whole migration one (and waits for another process migrating the same file); foreign
    keys are off meanwhile, as a table rebuild needs (the pragma does nothing inside a transaction)."""
    if conn.dialect.name != "sqlite":
        with conn.begin():
            yield
        return
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn.commit()
    try:
        with conn.begin():
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield
    finally:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def _refresh(conn: sa.Connection) -> None:
    from polemos.web import summary

    summary.refresh(conn)
