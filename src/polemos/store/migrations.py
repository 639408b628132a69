"""Bringing a store of any earlier schema version up to this one, in one transaction.

MIGRATIONS[i] brings a store from version i to i + 1. Append; a released step changes only when what it made is
gone again in a later step (v2 made the web view's tables, which v4 replaces with fused_events).
  v1: articles, events, claims, attributions.
  v2: claimant keys and their indexes (and, then, the web view's read model).
  v3: articles.date_source; articles.date may be NULL.
  v4: fused_events: fusion's results stored, one row per fused event, made from the groups the store had; the
      web view's read model (web_events, web_fts, web_dirty, web_state and their triggers) is gone.
  v5: an index of fused events' days and tolls (the timeline's tolls per day read from it alone).
"""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from polemos.errors import Msg, StoreTooNew
from polemos.ingest import NO_DAY
from polemos.store.connect import schema_change
from polemos.store.fusing import adopt
from polemos.store.readmodel import create_fts
from polemos.store.schema import (
    TABLES,
    articles,
    fill_claimant_keys,
    fused_meta,
    meta,
    metadata,
)

STORE_INDEXES = [
    "CREATE INDEX IF NOT EXISTS ix_events_claimant_key ON events (claimant_key, claimant_side)",
    "CREATE INDEX IF NOT EXISTS ix_claims_claimant_key ON claims (claimant_key, claimant_side)",
]
# What the web view made before v2, and v2's read model: v4 drops them.
OLD_INDEXES = ("ix_events_claimant", "ix_claims_claimant", "ix_events_gid")
OLD_TABLES = ("web_fts", "web_events", "web_dirty", "web_state")
OLD_SQLITE_TRIGGERS = ("web_ev_ins", "web_ev_del", "web_ev_upd", "web_cl_ins", "web_cl_del", "web_ev_fts_upd")
OLD_PG_TRIGGERS = {"events": ("web_touch_events", "web_mark_event"),
                   "claims": ("web_touch_claims", "web_mark_denial_ins", "web_mark_denial_del"),
                   "articles": ("web_touch_articles",)}
OLD_PG_FUNCTIONS = ("web_touch", "web_mark_event", "web_mark_denial")


def _v1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[articles, *(TABLES[n] for n in ("events", "claims", "attributions"))])


def _v2(conn: sa.Connection) -> None:
    """Claimant keys, and the indexes the claimant queries need."""
    add_new_fields(conn)
    fill_claimant_keys(conn)
    for ddl in STORE_INDEXES:
        conn.execute(sa.text(ddl))


def _v3(conn: sa.Connection) -> None:
    """articles.date_source, and articles.date nullable: an article stored unrun for want of a date had the
    placeholder 0001-01-01, now NULL with date_source "none"."""
    add_column(conn, articles, articles.c.date_source)
    if _not_null(conn, articles.c.date):
        if conn.dialect.name == "sqlite":
            _rebuild_sqlite(conn, articles)
        else:
            conn.execute(sa.text("ALTER TABLE articles ALTER COLUMN date DROP NOT NULL"))
    conn.execute(articles.update().where(articles.c.date == NO_DAY, articles.c.status == "skipped")
                 .values(date=None, date_source="none"))


def _v4(conn: sa.Connection) -> None:
    """fused_events from the groups of the stored claims (their fused ids kept), the old read model dropped."""
    _drop_old_read_model(conn)
    add_new_fields(conn)
    fill_claimant_keys(conn)
    fused_meta.create_all(conn)
    create_fts(conn)
    adopt(conn)


def _drop_old_read_model(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in OLD_SQLITE_TRIGGERS:
            conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
    else:
        for table, names in OLD_PG_TRIGGERS.items():
            for name in names:
                conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
        for name in OLD_PG_FUNCTIONS:
            conn.execute(sa.text(f"DROP FUNCTION IF EXISTS {name}()"))
    for name in OLD_INDEXES:
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
    for name in OLD_TABLES:
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))


def _v5(conn: sa.Connection) -> None:
    """The timeline's index: days and tolls."""
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_fused_events_tolls ON fused_events "
                         "(date, fatalities_low, fatalities_high)"))


MIGRATIONS: list[Callable[[sa.Connection], None]] = [_v1, _v2, _v3, _v4, _v5]
SCHEMA_VERSION = len(MIGRATIONS)


# --- running them --------------------------------------------------------------------------------------

def version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table("meta"):
        return 0
    value = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(value or 0)


def checked_version(conn: sa.Connection) -> int:
    found = version(conn)
    if found > SCHEMA_VERSION:
        raise StoreTooNew(Msg.NEWER_SCHEMA.format(found=found, known=SCHEMA_VERSION))
    return found


def migrate(engine: sa.Engine) -> None:
    """Bring the store up to SCHEMA_VERSION; a store already there is only read (no write lock taken)."""
    with engine.connect() as conn, conn.begin():
        if (sa.inspect(conn).has_table("meta") and checked_version(conn) == SCHEMA_VERSION
                and not _missing_fields(conn)):
            return
    with engine.connect() as conn, schema_change(conn):
        meta.create(conn, checkfirst=True)
        found = checked_version(conn)     # again, in the transaction: another process may have done it
        for step in MIGRATIONS[found:]:
            step(conn)
        if found < SCHEMA_VERSION:
            conn.execute(meta.delete().where(meta.c.key == "schema_version"))
            conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
        add_new_fields(conn)


def _missing_fields(conn: sa.Connection) -> bool:
    insp = sa.inspect(conn)
    return any(col.name not in {c["name"] for c in insp.get_columns(t.name)}
               for t in TABLES.values() for col in t.columns)


def add_new_fields(conn: sa.Connection) -> None:
    """Optional fields added to types.py after a store was made become nullable columns."""
    insp = sa.inspect(conn)
    for table in TABLES.values():
        have = {c["name"] for c in insp.get_columns(table.name)}
        for col in table.columns:
            if col.name not in have:
                add_column(conn, table, col)


def add_column(conn: sa.Connection, table: sa.Table, col: sa.Column) -> None:
    """A nullable column, unless the table has it already."""
    if col.name in {c["name"] for c in sa.inspect(conn).get_columns(table.name)}:
        return
    prep = conn.dialect.identifier_preparer
    kind = col.type.compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE {prep.quote(table.name)} ADD COLUMN {prep.quote(col.name)} {kind}"))


def _not_null(conn: sa.Connection, col: sa.Column) -> bool:
    found = {c["name"]: c for c in sa.inspect(conn).get_columns(col.table.name)}
    return not found[col.name]["nullable"]


def _rebuild_sqlite(conn: sa.Connection, table: sa.Table) -> None:
    """SQLite cannot drop a NOT NULL: the table made again from its definition here, its rows copied, and the
    indexes, triggers and views that name it made again (sqlite.org/lang_altertable.html#otheralter). Needs
    foreign keys off (see schema_change): dropping the old table must not cascade to its records."""
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
