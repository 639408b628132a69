"""The web view's read model, part of the store's schema: one row per fused event (web_events), full-text search
over it (web_fts, SQLite with FTS5), and the triggers that note which events changed (web_dirty).

An event here is a fused event: the event records (claims) that share a fused_id, or one record alone when
fusion has not grouped it. Its group id (gid) is coalesce(fused_id, id). web_events holds one row per gid with
the fields the list, the map and the filters need.

store.py's migrations make these tables (create), and every Store write brings them up to date in its own
transaction (refresh): triggers on events and claims (SQLite and PostgreSQL alike) note each changed gid in
web_dirty, refresh rebuilds those rows. A write that bypasses Store (plain SQL) leaves its groups in web_dirty;
the web view brings them in on its next request. web_state's generation counts refreshes: it keys the web caches.

To change these tables, append store._read_model to store.MIGRATIONS again: it drops and makes them afresh.
"""
from __future__ import annotations

import functools
import sqlite3
from typing import Any

import sqlalchemy as sa

from polemos import fusion
from polemos.store import claims, events, fill_claimant_keys

DENIED = "denied"
web_meta = sa.MetaData()

web_events = sa.Table(
    "web_events", web_meta,
    # an INTEGER PRIMARY KEY: SQLite's rowid itself, so VACUUM keeps it and web_fts stays pointed at its rows
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("gid", sa.Text, nullable=False, unique=True),
    sa.Column("date", sa.Text),
    sa.Column("time_precision", sa.Integer),
    sa.Column("event_type", sa.Text),
    sa.Column("sub_event_type", sa.Text),
    sa.Column("location_name", sa.Text),
    sa.Column("location_country", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("civilian_targeting", sa.Integer),
    sa.Column("fatalities_low", sa.Integer),
    sa.Column("fatalities_high", sa.Integer),
    sa.Column("injured_high", sa.Integer),
    sa.Column("n_claims", sa.Integer),
    sa.Column("n_articles", sa.Integer),
    sa.Column("denied", sa.Integer),            # 1 when a claim of the group denies it
    sa.Column("article_denial", sa.Integer),    # 1 when a statement in one of its articles denies it
    sa.Column("blame_sides", sa.Integer),       # distinct camps blamed (for the types where blame disputes)
    sa.Column("tolls", sa.Integer),             # distinct death tolls given
    sa.Column("voiced_sides", sa.Integer),      # distinct known camps (fusion.toml) asserting it
    sa.Column("neutral", sa.Integer),           # 1 when a neutral or international source asserts it
    sa.Column("disputed", sa.Integer),
    sa.Column("corroborated", sa.Integer),
    sa.Column("claimants", sa.Text),           # the set columns: each name between SEP, comma-joined
    sa.Column("claimant_sides", sa.Text),
    sa.Column("actor_sides", sa.Text),          # sides blamed by the claims that assert it
    sa.Column("body", sa.Text),                 # every record's text fields: what the search box searches
)
sa.Index("ix_web_events_date", web_events.c.date, web_events.c.gid, web_events.c.lat, web_events.c.lon)
sa.Index("ix_web_events_disputed", web_events.c.disputed, web_events.c.date, web_events.c.gid)
sa.Index("ix_web_events_type", web_events.c.event_type, web_events.c.date)
sa.Index("ix_web_events_lat", web_events.c.lat, web_events.c.lon)
SUMMARY_COLUMNS = [c for c in web_events.c.keys() if c != "rid"]
web_dirty = sa.Table("web_dirty", web_meta, sa.Column("gid", sa.Text, primary_key=True))
web_state = sa.Table("web_state", web_meta, sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text))

# Indexes on the store's own tables that the web queries need. Plain DDL, not sa.Index objects: those would
# attach to the store's tables and make them in _v1's create_all, before the columns of later fields exist.
STORE_INDEXES = [
    "CREATE INDEX IF NOT EXISTS ix_events_gid ON events ((coalesce(fused_id, id)))",
    "CREATE INDEX IF NOT EXISTS ix_events_claimant_key ON events (claimant_key, claimant_side)",
    "CREATE INDEX IF NOT EXISTS ix_claims_claimant_key ON claims (claimant_key, claimant_side)",
]
OLD_INDEXES = ("ix_events_claimant", "ix_claims_claimant")      # made by the web view before schema version 2
SQLITE_TRIGGERS = ("web_ev_ins", "web_ev_del", "web_ev_upd", "web_cl_ins", "web_cl_del", "web_ev_fts_upd")
PG_TRIGGERS = {"events": ("web_touch_events", "web_mark_event"),
               "claims": ("web_touch_claims", "web_mark_denial_ins", "web_mark_denial_del"),
               "articles": ("web_touch_articles",)}
PG_FUNCTIONS = ("web_touch", "web_mark_event", "web_mark_denial")
FTS_COLUMNS = ("evidence", "location_name", "claimant", "actor1", "actor2", "target", "weapon")
SEP = "\x1f"                        # around each name in the set columns: "\x1fA\x1f,\x1fB\x1f"


def gid_of(table: sa.Table | Any) -> sa.ColumnElement:
    return sa.func.coalesce(table.c.fused_id, table.c.id)


def sides() -> tuple[list[str], list[str]]:
    """(neutral sides, unknown sides) of fusion.toml."""
    s = fusion.conf()["sides"]
    return list(s["neutral"]), [x for x in s["unknown"] if x]


def _camps() -> list[list[str]]:
    return [list(g) for g in fusion.conf()["sides"].get("camps", [])]


def blame_types() -> list[str] | None:
    """Event types where blaming opposite sides is a dispute (fusion.toml [disputes]); None: every type."""
    return fusion.conf().get("disputes", {}).get("blame_types")


def camp_of(side: str | None) -> str | None:
    """The camp a side speaks for (fusion.toml [sides] camps): azerbaijani and turkish are one."""
    return next((g[0] for g in _camps() if side in g), side)


def camp_expr(col: Any) -> Any:
    groups = [(col.in_(g), g[0]) for g in _camps()]
    return sa.case(*groups, else_=col) if groups else col


def actor_side_expr(t: Any) -> sa.ColumnElement:
    """actor1_side, else the side named by a word of actor1 (fusion.toml [actor_sides]), else NULL."""
    words = [(sa.func.lower(t.c.actor1).like(f"%{word}%"), side) for word, side in fusion.conf()["actor_sides"].items()]
    return sa.case((t.c.actor1_side.is_not(None), t.c.actor1_side), *words, else_=sa.null())


# --- making the tables (a migration step) --------------------------------------------------------------

def create(conn: sa.Connection) -> None:
    """Drop the read model (as any earlier version made it, the web view's start-up included) and make it
    again, filled from the store's tables."""
    sqlite = conn.dialect.name == "sqlite"
    _drop(conn, sqlite)
    fill_claimant_keys(conn)        # before the triggers: filling every row would mark every group
    web_meta.create_all(conn)
    conn.execute(web_state.insert().values(key="generation", value="0"))
    for ddl in STORE_INDEXES:
        conn.execute(sa.text(ddl))
    if sqlite:
        if has_fts5():              # a SQLite built without FTS5: search falls back to LIKE
            conn.execute(sa.text("CREATE VIRTUAL TABLE web_fts USING fts5(body, content='web_events', "
                                 "content_rowid='rid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"))
        for sql in _sqlite_triggers():
            conn.execute(sa.text(sql))
    else:
        for sql in _postgres_triggers():
            conn.execute(sa.text(sql))
    rebuild(conn)


def _drop(conn: sa.Connection, sqlite: bool) -> None:
    if sqlite:
        for name in SQLITE_TRIGGERS:
            conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
    else:
        for table, names in PG_TRIGGERS.items():
            for name in names:
                conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
        for name in PG_FUNCTIONS:
            conn.execute(sa.text(f"DROP FUNCTION IF EXISTS {name}()"))
    for name in OLD_INDEXES:
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
    conn.execute(sa.text("DROP TABLE IF EXISTS web_fts"))
    web_meta.drop_all(conn, checkfirst=True)


def has_fts5() -> bool:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False


def _sqlite_triggers() -> list[str]:
    mark = "INSERT OR IGNORE INTO web_dirty(gid) VALUES (coalesce({who}.fused_id, {who}.id));"
    mark_new, mark_old = mark.format(who="new"), mark.format(who="old")
    articles_of = ("INSERT OR IGNORE INTO web_dirty(gid) SELECT coalesce(fused_id, id) FROM events "
                   "WHERE article_id = {who}.article_id;")
    return [
        f"CREATE TRIGGER web_ev_ins AFTER INSERT ON events BEGIN {mark_new} END",
        f"CREATE TRIGGER web_ev_del AFTER DELETE ON events BEGIN {mark_old} END",
        f"CREATE TRIGGER web_ev_upd AFTER UPDATE ON events BEGIN {mark_old} {mark_new} END",
        f"CREATE TRIGGER web_cl_ins AFTER INSERT ON claims WHEN new.stance = 'denied' "
        f"BEGIN {articles_of.format(who='new')} END",
        f"CREATE TRIGGER web_cl_del AFTER DELETE ON claims WHEN old.stance = 'denied' "
        f"BEGIN {articles_of.format(who='old')} END",
    ]


def _postgres_triggers() -> list[str]:
    """The same marks as the SQLite triggers, as row triggers (plpgsql)."""
    mark = "INSERT INTO web_dirty(gid) VALUES (coalesce({who}.fused_id, {who}.id)) ON CONFLICT DO NOTHING;"
    articles_of = ("INSERT INTO web_dirty(gid) SELECT coalesce(fused_id, id) FROM events "
                   "WHERE article_id = {who}.article_id ON CONFLICT DO NOTHING;")
    return [
        "CREATE FUNCTION web_mark_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {mark.format(who='OLD')} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {mark.format(who='NEW')} END IF; RETURN NULL; END $$",
        "CREATE FUNCTION web_mark_denial() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'DELETE' THEN {articles_of.format(who='OLD')} "
        f"ELSE {articles_of.format(who='NEW')} END IF; RETURN NULL; END $$",
        "CREATE TRIGGER web_mark_event AFTER INSERT OR UPDATE OR DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION web_mark_event()",
        "CREATE TRIGGER web_mark_denial_ins AFTER INSERT ON claims FOR EACH ROW WHEN (NEW.stance = 'denied') "
        "EXECUTE FUNCTION web_mark_denial()",
        "CREATE TRIGGER web_mark_denial_del AFTER DELETE ON claims FOR EACH ROW WHEN (OLD.stance = 'denied') "
        "EXECUTE FUNCTION web_mark_denial()",
    ]


# --- keeping them fresh --------------------------------------------------------------------------------

def has_fts(conn: sa.Connection) -> bool:
    """Whether the store has its FTS5 index (SQLite with FTS5); elsewhere search falls back to LIKE."""
    if conn.dialect.name != "sqlite":
        return False
    return conn.execute(sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                "AND name = 'web_fts'")).scalar_one() > 0


def generation(conn: sa.Connection) -> int:
    value = conn.execute(sa.select(web_state.c.value).where(web_state.c.key == "generation")).scalar()
    return int(value or 0)


def pending(conn: sa.Connection) -> bool:
    """Whether some groups changed since the last refresh (a write that bypassed Store)."""
    return conn.execute(sa.select(web_dirty.c.gid).limit(1)).first() is not None


def refresh(conn: sa.Connection) -> None:
    """Rebuild the rows of the groups noted in web_dirty, in the caller's transaction."""
    # first: bumping the counter takes SQLite's write lock and PostgreSQL's row lock, so two refreshes of the
    # same groups never run at once and no writer slips in between reading web_dirty and clearing it
    conn.execute(_bump())
    dirty = conn.execute(_DIRTY).scalar_one()
    if not dirty:
        return
    fill_claimant_keys(conn)
    if dirty > BULK and _mostly_changed(conn):
        rebuild(conn)               # e.g. rows bulk-inserted by plain SQL: one pass beats a look-up per group
        return
    for stmt in _refresh_statements(conn.dialect.name, has_fts(conn)):
        conn.execute(stmt)


BULK = 5000
_DIRTY = sa.select(sa.func.count()).select_from(sa.select(web_dirty.c.gid).limit(BULK + 1).subquery())


def _mostly_changed(conn: sa.Connection) -> bool:
    count = lambda t: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
    return 2 * count(web_dirty) >= count(web_events)


@functools.lru_cache(maxsize=None)
def _bump() -> sa.Update:
    return (web_state.update().where(web_state.c.key == "generation")
            .values(value=sa.cast(sa.cast(web_state.c.value, sa.Integer) + 1, sa.Text)))


@functools.lru_cache(maxsize=None)
def _refresh_statements(dialect: str, fts: bool) -> list[Any]:
    """Built once: every Store write runs them, and building the summary query takes longer than running it."""
    dirty = web_events.c.gid.in_(sa.select(web_dirty.c.gid))
    out: list[Any] = []
    if fts:
        out.append(sa.text("INSERT INTO web_fts(web_fts, rowid, body) SELECT 'delete', rid, body "
                           "FROM web_events WHERE gid IN (SELECT gid FROM web_dirty)"))
    out.append(web_events.delete().where(dirty))
    out.append(web_events.insert().from_select(SUMMARY_COLUMNS, _summary(sa.select(web_dirty.c.gid),
                                                                         dialect == "sqlite")))
    if fts:
        out.append(sa.text("INSERT INTO web_fts(rowid, body) SELECT rid, body FROM web_events "
                           "WHERE gid IN (SELECT gid FROM web_dirty)"))
    out.append(web_dirty.delete())
    return out


def rebuild(conn: sa.Connection) -> None:
    """Every group again."""
    fill_claimant_keys(conn)
    conn.execute(web_dirty.delete())
    conn.execute(web_events.delete())
    conn.execute(web_events.insert().from_select(SUMMARY_COLUMNS, _summary(None, conn.dialect.name == "sqlite")))
    if has_fts(conn):
        conn.execute(sa.text("INSERT INTO web_fts(web_fts) VALUES ('rebuild')"))


# --- one row per group ---------------------------------------------------------------------------------

def _set_of(col: Any, sqlite: bool) -> Any:
    """The distinct non-null values of a group as "\x1fA\x1f,\x1fB\x1f" (NULL when none)."""
    item = sa.literal(SEP) + col + sa.literal(SEP)
    return sa.func.group_concat(sa.distinct(item)) if sqlite else sa.func.string_agg(sa.distinct(item), ",")


def _joined(col: Any, sqlite: bool) -> Any:
    return sa.func.group_concat(col, " ") if sqlite else sa.func.string_agg(col, " ")


def _summary(gids: sa.Select | None, sqlite: bool) -> sa.Select:
    """One web_events row per group (all groups, or those whose gid `gids` selects)."""
    neutral, unknown = sides()
    e = events
    gid = gid_of(e)
    denied = sa.func.coalesce(e.c.stance, "") == DENIED
    c = claims.alias("c")
    art_denial = sa.exists().where(c.c.article_id == e.c.article_id, c.c.stance == DENIED,
                                   c.c.claimant_side.not_in(unknown),
                                   camp_expr(c.c.claimant_side) != camp_expr(sa.func.coalesce(e.c.claimant_side,
                                                                                             "unknown")))
    types = blame_types()
    blamable = e.c.event_type.in_(types) if types is not None else sa.true()
    rank = sa.func.row_number().over(
        partition_by=gid, order_by=[sa.case((denied, 1), else_=0), sa.func.coalesce(e.c.location_geo_precision, 9),
                                    e.c.date, e.c.id])
    text = sa.literal("")
    for name in FTS_COLUMNS:
        text = text + sa.func.coalesce(e.c[name], "") + sa.literal(" ")
    rows = sa.select(
        gid.label("gid"), e.c.date, e.c.time_precision, e.c.event_type, e.c.sub_event_type, e.c.location_name,
        e.c.location_country, e.c.location_lat, e.c.location_lon, e.c.location_geo_precision, e.c.actor1,
        e.c.actor2, sa.cast(e.c.civilian_targeting, sa.Integer).label("civ"), e.c.fatalities, e.c.injured,
        e.c.article_id, e.c.claimant, e.c.claimant_side, sa.case((denied, 1), else_=0).label("den"),
        actor_side_expr(e).label("aside"), sa.case((blamable, camp_expr(actor_side_expr(e)))).label("blamed"),
        camp_expr(e.c.claimant_side).label("camp"), sa.case((art_denial, 1), else_=0).label("art_denial"),
        text.label("text"), rank.label("rk"))
    if gids is not None:
        rows = rows.where(gid.in_(gids))
    x = rows.subquery("x")
    voiced = x.c.den == 0
    known_side = voiced & x.c.claimant_side.is_not(None) & x.c.claimant_side.not_in(unknown)

    def rep(col: Any) -> Any:
        return sa.func.max(sa.case((x.c.rk == 1, col)))

    def when(cond: Any, col: Any) -> Any:
        return sa.case((cond, col))

    denied_any = sa.func.max(x.c.den)
    art_any = sa.func.max(x.c.art_denial)
    blame = sa.func.count(sa.distinct(when(voiced, x.c.blamed)))
    tolls = sa.func.count(sa.distinct(when(voiced, x.c.fatalities)))
    camps = sa.func.count(sa.distinct(when(known_side, x.c.camp)))
    neutral_any = sa.func.max(sa.case((voiced & x.c.claimant_side.in_(neutral), 1), else_=0))
    disputed = sa.case(((denied_any + art_any > 0) | (blame > 1) | (tolls > 1), 1), else_=0)
    corroborated = sa.case(((camps > 1) | (neutral_any > 0), 1), else_=0)
    return sa.select(
        x.c.gid, sa.func.min(x.c.date), sa.func.min(x.c.time_precision), rep(x.c.event_type),
        rep(x.c.sub_event_type), rep(x.c.location_name), rep(x.c.location_country), rep(x.c.location_lat),
        rep(x.c.location_lon), rep(x.c.location_geo_precision), rep(x.c.actor1), rep(x.c.actor2), rep(x.c.civ),
        sa.func.min(when(voiced, x.c.fatalities)), sa.func.max(when(voiced, x.c.fatalities)),
        sa.func.max(when(voiced, x.c.injured)), sa.func.count(), sa.func.count(sa.distinct(x.c.article_id)),
        denied_any, art_any, blame, tolls, camps, neutral_any, disputed, corroborated,
        _set_of(x.c.claimant, sqlite), _set_of(sa.func.coalesce(x.c.claimant_side, "unknown"), sqlite),
        _set_of(when(voiced, x.c.aside), sqlite), _joined(x.c.text, sqlite),
    ).group_by(x.c.gid)
