"""What the web view reads, over the store's tables: one row per fused event (web_events), kept fresh from the
events table, full-text search over event evidence, and the queries behind every API endpoint.

An event here is a fused event: the event records (claims) that share a fused_id, or one record alone when
fusion has not grouped it. Its group id (gid) is coalesce(fused_id, id). web_events holds one row per gid with
the fields the list, the map and the filters need; it is rebuilt for the groups that changed:
  SQLite      triggers on events/claims note each changed gid in web_dirty, so a write by any process (the
              CLI too) shows up on the next request; FTS5 (web_fts) indexes each group's text;
  PostgreSQL  a statement trigger counts writes to the store's tables; when the count (or the row counts)
              moved since the last look, every group is rebuilt.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable

import sqlalchemy as sa

from polemos import fusion
from polemos.store import Store, articles, attributions, claims, events, record_json

DENIED = "denied"
WEB_VERSION = 5                     # bump when the web tables change: they are made again from the store
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

# Indexes on the store's own tables that the queries here need (tell the store's owner: they belong in its
# migrations). CREATE INDEX IF NOT EXISTS at start-up is harmless once they are there.
# Plain DDL, not sa.Index objects: those would attach to the store's tables and its create_all.
STORE_INDEXES = [
    "CREATE INDEX IF NOT EXISTS ix_events_gid ON events ((coalesce(fused_id, id)))",
    "CREATE INDEX IF NOT EXISTS ix_events_claimant ON events (claimant, claimant_side)",
    "CREATE INDEX IF NOT EXISTS ix_claims_claimant ON claims (claimant, claimant_side)",
]

FTS_COLUMNS = ("evidence", "location_name", "claimant", "actor1", "actor2", "target", "weapon")
WEB_TRIGGERS = ("web_ev_ins", "web_ev_del", "web_ev_upd", "web_cl_ins", "web_cl_del")
OLD_TRIGGERS = ("web_ev_fts_upd",)
SEP = "\x1f"                        # around each name in the set columns: "\x1fA\x1f,\x1fB\x1f"
TOKEN = re.compile(r"\w+", re.UNICODE)


def gid_of(table: sa.Table | Any) -> sa.ColumnElement:
    return sa.func.coalesce(table.c.fused_id, table.c.id)


def _sides() -> tuple[list[str], list[str]]:
    s = fusion.conf()["sides"]
    return list(s["neutral"]), [x for x in s["unknown"] if x]


def _camps() -> list[list[str]]:
    return [list(g) for g in fusion.conf()["sides"].get("camps", [])]


def _blame_types() -> list[str] | None:
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


# --- schema and freshness ------------------------------------------------------------------------------

class Index:
    """The web tables of one store, and the lock that keeps two requests from rebuilding them at once."""

    def __init__(self, store: Store):
        self.store = store
        self.engine = store.engine
        self.sqlite = self.engine.dialect.name == "sqlite"
        self.fts = self.sqlite              # FTS5 search; LIKE on PostgreSQL or a SQLite built without FTS5
        self.version = 0                    # bumped whenever web_events changes: keys the caches
        self._lock = threading.Lock()
        self._fingerprint: tuple | None = None
        self._cache: dict[str, tuple[int, Any]] = {}
        self.setup()

    def setup(self) -> None:
        """Make the web tables where missing (again, when made by another WEB_VERSION); rebuild web_events
        unless it is known to be in step."""
        with self.engine.begin() as conn:
            insp = sa.inspect(conn)
            made = insp.has_table("web_state") and conn.execute(
                sa.select(web_state.c.value).where(web_state.c.key == "version")).scalar()
            stale = made != str(WEB_VERSION)
            if stale:
                for name in WEB_TRIGGERS + OLD_TRIGGERS if self.sqlite else ():
                    conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
                conn.execute(sa.text("DROP TABLE IF EXISTS web_fts"))
                web_meta.drop_all(conn, checkfirst=True)
            web_meta.create_all(conn)
            for ddl in STORE_INDEXES:
                conn.execute(sa.text(ddl))
            if self.sqlite and (stale or self._triggers(conn) < len(WEB_TRIGGERS)):
                self._sqlite_setup(conn)
                stale = True
            if self.sqlite:
                self.fts = conn.execute(sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                                "AND name = 'web_fts'")).scalar_one() > 0
            if not self.sqlite:
                _postgres_setup(conn)
            saved = conn.execute(sa.select(web_state.c.value).where(web_state.c.key == "fingerprint")).scalar()
            stale |= not self.sqlite and saved != json.dumps(_fingerprint(conn), default=str)
            conn.execute(web_state.delete().where(web_state.c.key == "version"))
            conn.execute(web_state.insert().values(key="version", value=str(WEB_VERSION)))
        if stale:
            self.rebuild()

    def _triggers(self, conn: sa.Connection) -> int:
        names = ", ".join(f"'{t}'" for t in WEB_TRIGGERS)
        return conn.execute(sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                    f"AND name IN ({names})")).scalar_one()

    def _sqlite_setup(self, conn: sa.Connection) -> None:
        """The triggers that note changed groups in web_dirty, and FTS5 over web_events.body."""
        for name in WEB_TRIGGERS + OLD_TRIGGERS:
            conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(sa.text("DROP TABLE IF EXISTS web_fts"))
        self._make_fts(conn)
        for sql in _trigger_sql():
            conn.execute(sa.text(sql))

    def _make_fts(self, conn: sa.Connection) -> None:
        if not _has_fts5():                 # a SQLite built without FTS5: search falls back to LIKE
            return
        conn.execute(sa.text("CREATE VIRTUAL TABLE web_fts USING fts5(body, content='web_events', "
                             "content_rowid='rid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"))

    def fresh(self) -> None:
        """Bring web_events up to date with the store before a read."""
        with self._lock:
            if self.sqlite:
                self._refresh_sqlite()
            else:
                self._refresh_by_fingerprint()

    def _refresh_sqlite(self) -> None:
        with self.engine.connect() as conn:
            triggers = self._triggers(conn)
            dirty = conn.execute(sa.select(web_dirty.c.gid).limit(1)).first()
        if triggers < len(WEB_TRIGGERS):    # a migration remade a table: start again
            self.setup()
            return
        if dirty is None:
            return
        chosen = web_events.c.gid.in_(sa.select(web_dirty.c.gid))
        with self.engine.begin() as conn:
            # the first statement takes the write lock: no writer slips in between reading and clearing
            conn.execute(web_state.update().where(web_state.c.key == "version").values(value=str(WEB_VERSION)))
            if self.fts:
                conn.execute(sa.text("INSERT INTO web_fts(web_fts, rowid, body) SELECT 'delete', rid, body "
                                     "FROM web_events WHERE gid IN (SELECT gid FROM web_dirty)"))
            conn.execute(web_events.delete().where(chosen))
            conn.execute(web_events.insert().from_select(SUMMARY_COLUMNS,
                                                         _summary(sa.select(web_dirty.c.gid), True)))
            if self.fts:
                conn.execute(sa.text("INSERT INTO web_fts(rowid, body) SELECT rid, body FROM web_events "
                                     "WHERE gid IN (SELECT gid FROM web_dirty)"))
            conn.execute(web_dirty.delete())
        self.version += 1

    def _refresh_by_fingerprint(self) -> None:
        with self.engine.connect() as conn:
            now = json.loads(json.dumps(_fingerprint(conn), default=str))
        if now != json.loads(json.dumps(self._fingerprint, default=str)):
            self.rebuild()

    def rebuild(self) -> None:
        """Every group again (start-up, or PostgreSQL after a change)."""
        with self.engine.begin() as conn:
            conn.execute(web_dirty.delete())        # first: takes the write lock on SQLite
            conn.execute(web_events.delete())
            conn.execute(web_events.insert().from_select(SUMMARY_COLUMNS, _summary(None, self.sqlite)))
            if self.fts:
                conn.execute(sa.text("INSERT INTO web_fts(web_fts) VALUES ('rebuild')"))
            self._fingerprint = _fingerprint(conn)
            conn.execute(web_state.delete().where(web_state.c.key == "fingerprint"))
            conn.execute(web_state.insert().values(key="fingerprint",
                                                   value=json.dumps(self._fingerprint, default=str)))
        self.version += 1

    def cached(self, key: str, make: Any) -> Any:
        hit = self._cache.get(key)
        if hit is None or hit[0] != self.version:
            hit = (self.version, make())
            self._cache[key] = hit
        return hit[1]


def _postgres_setup(conn: sa.Connection) -> None:
    """A statement trigger on the store's tables counts writes in web_state: the fingerprint reads it."""
    if conn.execute(sa.select(web_state.c.key).where(web_state.c.key == "changes")).first() is None:
        conn.execute(web_state.insert().values(key="changes", value="0"))
    conn.execute(sa.text(
        "CREATE OR REPLACE FUNCTION web_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "UPDATE web_state SET value = (value::bigint + 1)::text WHERE key = 'changes'; RETURN NULL; END $$"))
    for table in ("articles", "events", "claims"):
        conn.execute(sa.text(f"DROP TRIGGER IF EXISTS web_touch_{table} ON {table}"))
        conn.execute(sa.text(f"CREATE TRIGGER web_touch_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                             f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION web_touch()"))


def _has_fts5() -> bool:
    import sqlite3

    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False


def _fingerprint(conn: sa.Connection) -> tuple:
    changes = conn.execute(sa.select(web_state.c.value).where(web_state.c.key == "changes")).scalar()
    ev = conn.execute(sa.select(sa.func.count(), sa.func.count(events.c.fused_id))).one()
    art = conn.execute(sa.select(sa.func.count(), sa.func.max(articles.c.ingested_at))).one()
    cl = conn.execute(sa.select(sa.func.count()).select_from(claims)).scalar_one()
    return (changes,) + tuple(ev) + tuple(art) + (cl,)


def _trigger_sql() -> list[str]:
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


def _set_of(col: Any, sqlite: bool) -> Any:
    """The distinct non-null values of a group as "\x1fA\x1f,\x1fB\x1f" (NULL when none)."""
    item = sa.literal(SEP) + col + sa.literal(SEP)
    return sa.func.group_concat(sa.distinct(item)) if sqlite else sa.func.string_agg(sa.distinct(item), ",")


def _joined(col: Any, sqlite: bool) -> Any:
    return sa.func.group_concat(col, " ") if sqlite else sa.func.string_agg(col, " ")


def _summary(gids: sa.Select | None, sqlite: bool) -> sa.Select:
    """One web_events row per group (all groups, or those whose gid `gids` selects)."""
    neutral, unknown = _sides()
    e = events
    gid = gid_of(e)
    denied = sa.func.coalesce(e.c.stance, "") == DENIED
    c = claims.alias("c")
    art_denial = sa.exists().where(c.c.article_id == e.c.article_id, c.c.stance == DENIED,
                                   c.c.claimant_side.not_in(unknown),
                                   camp_expr(c.c.claimant_side) != camp_expr(sa.func.coalesce(e.c.claimant_side,
                                                                                             "unknown")))
    blame_types = _blame_types()
    blamable = e.c.event_type.in_(blame_types) if blame_types is not None else sa.true()
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
    sides = sa.func.count(sa.distinct(when(known_side, x.c.camp)))      # camps, in fact
    neutral_any = sa.func.max(sa.case((voiced & x.c.claimant_side.in_(neutral), 1), else_=0))
    disputed = sa.case(((denied_any + art_any > 0) | (blame > 1) | (tolls > 1), 1), else_=0)
    corroborated = sa.case(((sides > 1) | (neutral_any > 0), 1), else_=0)
    return sa.select(
        x.c.gid, sa.func.min(x.c.date), sa.func.min(x.c.time_precision), rep(x.c.event_type),
        rep(x.c.sub_event_type), rep(x.c.location_name), rep(x.c.location_country), rep(x.c.location_lat),
        rep(x.c.location_lon), rep(x.c.location_geo_precision), rep(x.c.actor1), rep(x.c.actor2), rep(x.c.civ),
        sa.func.min(when(voiced, x.c.fatalities)), sa.func.max(when(voiced, x.c.fatalities)),
        sa.func.max(when(voiced, x.c.injured)), sa.func.count(), sa.func.count(sa.distinct(x.c.article_id)),
        denied_any, art_any, blame, tolls, sides, neutral_any, disputed, corroborated,
        _set_of(x.c.claimant, sqlite), _set_of(sa.func.coalesce(x.c.claimant_side, "unknown"), sqlite),
        _set_of(when(voiced, x.c.aside), sqlite), _joined(x.c.text, sqlite),
    ).group_by(x.c.gid)


# --- filters -------------------------------------------------------------------------------------------

@dataclass
class Filters:
    bbox: tuple[float, float, float, float] | None = None     # west, south, east, north (degrees)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_type: list[str] = field(default_factory=list)
    sub_event_type: list[str] = field(default_factory=list)
    actor_side: list[str] = field(default_factory=list)
    claimant: list[str] = field(default_factory=list)
    claimant_side: list[str] = field(default_factory=list)
    disputed: bool | None = None
    q: str | None = None

    def without_dates(self) -> "Filters":
        return Filters(**{**self.__dict__, "date_from": None, "date_to": None})


def search_terms(q: str) -> list[str]:
    """Words of a search box, at most 16: every one must occur (quotes and operators are dropped)."""
    return TOKEN.findall(q)[:16]


def fts_query(terms: list[str]) -> str:
    """An FTS5 query that is always valid: each word a quoted phrase, the last one a prefix."""
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _in_set(col: Any, values: list[str]) -> Any:
    """The group's set column holds one of `values`."""
    return sa.or_(*(col.contains(SEP + v + SEP, autoescape=True) for v in values))


def conditions(f: Filters, fts: bool, by_date: bool = False) -> list[Any]:
    """WHERE clauses on web_events. by_date: for a query read in date order with a LIMIT, where walking the
    (date, gid, lat, lon) index beats fetching every event in the box and sorting them."""
    w, conds = web_events, []
    if f.bbox:
        west, south, east, north = f.bbox
        lat, lon = (w.c.lat + 0, w.c.lon + 0) if by_date else (w.c.lat, w.c.lon)   # "+ 0": not the lat index
        conds.append(lat.between(south, north))
        conds.append(lon.between(west, east) if west <= east else (lon >= west) | (lon <= east))
    if f.date_from:
        conds.append(w.c.date >= f.date_from.isoformat())
    if f.date_to:
        conds.append(w.c.date <= f.date_to.isoformat())
    if f.event_type:
        conds.append(w.c.event_type.in_(f.event_type))
    if f.sub_event_type:
        conds.append(w.c.sub_event_type.in_(f.sub_event_type))
    if f.disputed is not None:
        conds.append(w.c.disputed == (1 if f.disputed else 0))
    if f.claimant:                      # through ix_events_claimant: quicker than scanning the name sets
        conds.append(w.c.gid.in_(sa.select(gid_of(events)).where(events.c.claimant.in_(f.claimant))))
    for col, values in ((w.c.claimant_sides, f.claimant_side), (w.c.actor_sides, f.actor_side)):
        if values:
            conds.append(_in_set(col, values))
    if f.q is not None:
        terms = search_terms(f.q)
        if not terms:
            conds.append(sa.false())
        elif fts:
            conds.append(sa.text("web_events.rid IN (SELECT rowid FROM web_fts WHERE web_fts MATCH :fts)")
                         .bindparams(fts=fts_query(terms)))
        else:
            conds += [w.c.body.icontains(t, autoescape=True) for t in terms]
    return conds


# --- events --------------------------------------------------------------------------------------------

def count(conn: sa.Connection, f: Filters, fts: bool) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(web_events)
                        .where(*conditions(f, fts))).scalar_one()


LIST_COLUMNS = [c for c in web_events.c if c.name != "body"]


def page(conn: sa.Connection, f: Filters, fts: bool, limit: int, offset: int = 0,
         after: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """One page of groups, ordered by date then gid; `after` (date, gid) continues from a cursor."""
    w = web_events
    q = sa.select(*LIST_COLUMNS).where(*conditions(f, fts, by_date=True)).order_by(w.c.date, w.c.gid).limit(limit)
    if after is not None:
        q = q.where(sa.tuple_(w.c.date, w.c.gid) > sa.tuple_(sa.literal(after[0]), sa.literal(after[1])))
    else:
        q = q.offset(offset)
    groups = [dict(r._mapping) for r in conn.execute(q)]
    rows = claim_rows(conn, [g["gid"] for g in groups])
    denials = article_denials(conn, {r["article_id"] for rs in rows.values() for r in rs})
    return [group_json(g, rows.get(g["gid"], []), denials) for g in groups]


def claim_rows(conn: sa.Connection, gids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The event records of each group, earliest first."""
    out: dict[str, list[dict[str, Any]]] = {g: [] for g in gids}
    if not gids:
        return out
    gid = gid_of(events)
    q = sa.select(events, gid.label("gid")).where(gid.in_(gids)).order_by(events.c.date, events.c.id)
    for r in conn.execute(q):
        out[r.gid].append(dict(r._mapping))
    return out


def article_denials(conn: sa.Connection, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Denials stated in these articles (claims with stance denied), by article."""
    ids = sorted(set(article_ids))
    out: dict[str, list[dict[str, Any]]] = {}
    if not ids:
        return out
    q = sa.select(claims).where(claims.c.article_id.in_(ids), claims.c.stance == DENIED).order_by(
        claims.c.article_id, claims.c.idx)
    for r in conn.execute(q):
        out.setdefault(r.article_id, []).append(dict(r._mapping))
    return out


def dispute_reasons(rows: list[dict[str, Any]], denials: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Why the sides disagree about one event, in words (fusion's rules, plus denials in the same articles)."""
    neutral, unknown = _sides()
    reasons = [f"denied by {r['claimant']} ({r['claimant_side']})" for r in rows if r.get("stance") == DENIED]
    seen = {(r["claimant"], r.get("claimant_side") or "unknown") for r in rows if r.get("stance") == DENIED}
    for r in rows:
        for d in denials.get(r["article_id"], []):
            side = d.get("claimant_side") or "unknown"
            key = (d.get("claimant"), side)
            if side not in unknown and camp_of(side) != camp_of(r.get("claimant_side") or "unknown") \
                    and key not in seen:
                seen.add(key)
                reasons.append(f"denied by {d.get('claimant')} ({side}) in the same article")
    voiced = [r for r in rows if r.get("stance") != DENIED]
    types = _blame_types()
    blamed = sorted({camp_of(s) for r in voiced if (s := fusion.actor_side(r))
                     and (types is None or r.get("event_type") in types)})
    if len(blamed) > 1:
        reasons.append("opposite blame: " + " vs ".join(blamed))
    tolls = sorted({r["fatalities"] for r in voiced if r.get("fatalities") is not None})
    if len(tolls) > 1:
        reasons.append(f"fatalities differ: {tolls[0]} to {tolls[-1]}")
    return reasons


def group_json(g: dict[str, Any], rows: list[dict[str, Any]], denials: dict[str, list[dict]]) -> dict[str, Any]:
    return {
        "id": g["gid"], "date": g["date"], "time_precision": g["time_precision"],
        "event_type": g["event_type"], "sub_event_type": g["sub_event_type"],
        "location": {"name": g["location_name"], "country": g["location_country"], "lat": g["lat"],
                     "lon": g["lon"], "geo_precision": g["geo_precision"]},
        "actor1": g["actor1"], "actor2": g["actor2"], "civilian_targeting": bool(g["civilian_targeting"]),
        "fatalities_low": g["fatalities_low"], "fatalities_high": g["fatalities_high"],
        "injured": g["injured_high"], "n_claims": g["n_claims"], "n_articles": g["n_articles"],
        "disputed": bool(g["disputed"]), "corroborated": bool(g["corroborated"]),
        "dispute_reasons": dispute_reasons(rows, denials) if g["disputed"] else [],
        "claimants": [{"claimant": r["claimant"], "claimant_side": r["claimant_side"], "stance": r["stance"]}
                      for r in rows],
    }


def one_event(conn: sa.Connection, gid: str) -> dict[str, Any] | None:
    g = conn.execute(sa.select(*LIST_COLUMNS).where(web_events.c.gid == gid)).first()
    if g is None:
        return None
    rows = claim_rows(conn, [gid])[gid]
    art_ids = sorted({r["article_id"] for r in rows})
    denials = article_denials(conn, art_ids)
    arts = {a["id"]: a for a in article_heads(conn, art_ids)}
    out = group_json(dict(g._mapping), rows, denials)
    out["claims"] = [claim_json(r, arts.get(r["article_id"], {})) for r in rows]
    stmts = sa.select(claims).where(claims.c.article_id.in_(art_ids)).order_by(claims.c.article_id, claims.c.idx)
    out["statements"] = [statement_json(dict(r._mapping), arts.get(r.article_id, {})) for r in conn.execute(stmts)]
    return out


def article_heads(conn: sa.Connection, ids: list[str]) -> list[dict[str, Any]]:
    q = sa.select(articles).where(articles.c.id.in_(ids))
    return [dict(r._mapping) for r in conn.execute(q)] if ids else []


def claim_json(row: dict[str, Any], art: dict[str, Any]) -> dict[str, Any]:
    """One event record, with its article's head and the text around its evidence (for highlighting)."""
    out = record_json(row, "events")
    out["id"] = row["id"]
    out["article_id"] = row["article_id"]
    out["actor1_side_guess"] = fusion.actor_side(row) or None
    out["article"] = {k: _plain(art.get(k)) for k in ("id", "date", "outlet", "title", "url", "side")}
    out["context"] = context(art.get("text") or "", row)
    return out


def statement_json(row: dict[str, Any], art: dict[str, Any] | None = None) -> dict[str, Any]:
    """One statement (types.Claim); with its article, the text around its evidence too."""
    out = record_json(row, "claims")
    out["id"], out["article_id"] = row["id"], row["article_id"]
    if art is not None:
        out["article"] = {k: _plain(art.get(k)) for k in ("id", "date", "outlet", "title", "url", "side")}
        out["context"] = context(art.get("text") or "", row)
    return out


CONTEXT = 200
SENTENCE_END = re.compile(r"[.!?\n][\"'”’)]*\s+")


def context(text: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The evidence with whole sentences around it, up to CONTEXT characters either side; spans relative to
    the cut."""
    start, end = row.get("evidence_start"), row.get("evidence_end")
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return None
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    if lo > 0:                                  # start after the first sentence end in the window
        m = SENTENCE_END.search(text, lo, start)
        lo = m.end() if m else lo
    if hi < len(text):                          # stop at the last sentence end in the window
        ends = [m.end() for m in SENTENCE_END.finditer(text, end, hi)]
        hi = ends[-1] if ends else hi
    out = {"text": text[lo:hi].rstrip(), "offset": lo, "cut_before": lo > 0, "cut_after": hi < len(text),
           "evidence": {"start": start - lo, "end": min(end, hi) - lo}, "cue": None}
    cs, ce = row.get("cue_start"), row.get("cue_end")
    if cs is not None and ce is not None and lo <= cs <= ce <= hi:
        out["cue"] = {"start": cs - lo, "end": ce - lo}
    return out


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


# --- map, timeline, facets -----------------------------------------------------------------------------

def points(conn: sa.Connection, f: Filters, fts: bool, cap: int) -> list[list[Any]]:
    w = web_events
    q = (sa.select(w.c.gid, w.c.lat, w.c.lon, w.c.event_type, w.c.fatalities_high, w.c.disputed, w.c.date,
                   w.c.location_name, w.c.sub_event_type, w.c.fatalities_low)
         .where(*conditions(f, fts, by_date=True), w.c.lat.is_not(None), w.c.lon.is_not(None))
         .order_by(w.c.date, w.c.gid).limit(cap))
    return [list(r) for r in conn.execute(q)]


def timeline(conn: sa.Connection, f: Filters, fts: bool) -> list[list[Any]]:
    w = web_events
    q = (sa.select(w.c.date, sa.func.count()).where(*conditions(f.without_dates(), fts), w.c.date.is_not(None))
         .group_by(w.c.date).order_by(w.c.date))
    return [[d, n] for d, n in conn.execute(q)]


def facets(conn: sa.Connection) -> dict[str, Any]:
    w = web_events
    types: dict[str, list[str]] = {}
    for t, s in conn.execute(sa.select(w.c.event_type, w.c.sub_event_type).distinct()
                             .order_by(w.c.event_type, w.c.sub_event_type)):
        if t:
            types.setdefault(t, [])
            if s:
                types[t].append(s)
    lo, hi, n = conn.execute(sa.select(sa.func.min(w.c.date), sa.func.max(w.c.date), sa.func.count())).one()
    sides = conn.execute(sa.select(events.c.claimant_side).distinct().order_by(events.c.claimant_side)).scalars()
    actor = actor_side_expr(events)
    actor_sides = conn.execute(sa.select(actor).where(actor.is_not(None)).distinct().order_by(actor)).scalars()
    top = (sa.select(events.c.claimant, sa.func.count().label("n")).where(events.c.claimant.is_not(None))
           .group_by(events.c.claimant).order_by(sa.desc("n"), events.c.claimant).limit(200))
    return {"event_types": [{"event_type": t, "sub_event_types": s} for t, s in types.items()],
            "claimant_sides": [s for s in sides if s], "actor_sides": list(actor_sides),
            "claimants": [{"claimant": c, "claims": k} for c, k in conn.execute(top)],
            "date_min": lo, "date_max": hi, "events": n}


# --- claimants -----------------------------------------------------------------------------------------


def _who(qry, claimant, side_col, name, side, q):
    """A claimant query narrowed to one name, one side, or names containing `q` (all bound parameters)."""
    if name is not None:
        qry = qry.where(claimant == name)
    if side is not None:
        qry = qry.where(side_col == side)
    if q:
        qry = qry.where(claimant.icontains(q, autoescape=True))
    return qry

def claimant_profiles(conn: sa.Connection, name: str | None = None, side: str | None = None,
                      q: str | None = None) -> list[dict[str, Any]]:
    """Per (claimant, side): event claims made, how many another camp or a neutral source backs, how many
    another claimant contradicts (a denial either way, opposite blame, or a denial by another camp in the same
    article), and statements (accusations, denials...) made. fusion.claimant_profiles' rules, in SQL."""
    neutral, unknown = _sides()
    a, b, c = events.alias("a"), events.alias("b"), claims.alias("c")
    a_den = sa.func.coalesce(a.c.stance, "") == DENIED
    b_den = sa.func.coalesce(b.c.stance, "") == DENIED
    b_side = sa.func.coalesce(b.c.claimant_side, "unknown")
    a_side = sa.func.coalesce(a.c.claimant_side, "unknown")
    other = (b.c.fused_id == a.c.fused_id) & (b.c.claimant != a.c.claimant)
    backs = sa.exists().where(other, a_den == b_den, b_side.not_in(unknown),
                              (camp_expr(b_side) != camp_expr(a_side)) | b_side.in_(neutral))
    ba, aa = actor_side_expr(b), actor_side_expr(a)
    blame_types = _blame_types()
    blamable = a.c.event_type.in_(blame_types) if blame_types is not None else sa.true()
    contra_event = sa.exists().where(other, (a_den != b_den) | (~a_den & blamable & (ba != aa)))
    contra_article = sa.exists().where(c.c.article_id == a.c.article_id, c.c.stance == DENIED,
                                       c.c.claimant != a.c.claimant, c.c.claimant_side.not_in(unknown),
                                       camp_expr(c.c.claimant_side) != camp_expr(a_side))
    fused = a.c.fused_id.is_not(None)
    corroborated = sa.func.sum(sa.case((fused & backs, 1), else_=0))
    contradicted = sa.func.sum(sa.case(((fused & contra_event) | contra_article, 1), else_=0))
    side_col = sa.func.coalesce(a.c.claimant_side, "unknown")
    qry = (sa.select(a.c.claimant, side_col.label("side"), sa.func.count().label("n"), corroborated, contradicted,
                     sa.func.min(a.c.date), sa.func.max(a.c.date))
           .where(a.c.claimant.is_not(None)).group_by(a.c.claimant, side_col))
    qry = _who(qry, a.c.claimant, side_col, name, side, q)
    prof = {(r[0], r[1]): {"claimant": r[0], "claimant_side": r[1], "claims": r[2], "corroborated": r[3] or 0,
                           "contradicted": r[4] or 0, "first": r[5], "last": r[6], "statements": 0}
            for r in conn.execute(qry)}
    cside = sa.func.coalesce(claims.c.claimant_side, "unknown")
    sq = sa.select(claims.c.claimant, cside, sa.func.count()).where(claims.c.claimant.is_not(None)).group_by(
        claims.c.claimant, cside)
    sq = _who(sq, claims.c.claimant, cside, name, side, q)
    for who, s, n in conn.execute(sq):
        p = prof.setdefault((who, s), {"claimant": who, "claimant_side": s, "claims": 0, "corroborated": 0,
                                       "contradicted": 0, "first": None, "last": None, "statements": 0})
        p["statements"] = n
    return sorted(prof.values(), key=lambda p: (-p["claims"], -p["statements"], p["claimant"], p["claimant_side"]))


def claimant_detail(conn: sa.Connection, name: str, side: str | None, limit: int) -> dict[str, Any] | None:
    profiles = claimant_profiles(conn, name=name, side=side)
    if not profiles:
        return None
    cond = [events.c.claimant == name]
    scond = [claims.c.claimant == name]
    if side is not None:
        cond.append(sa.func.coalesce(events.c.claimant_side, "unknown") == side)
        scond.append(sa.func.coalesce(claims.c.claimant_side, "unknown") == side)
    gids = sa.select(gid_of(events)).where(*cond)
    w = web_events
    groups = [dict(r._mapping) for r in conn.execute(
        sa.select(*LIST_COLUMNS).where(w.c.gid.in_(gids)).order_by(w.c.date, w.c.gid).limit(limit))]
    rows = claim_rows(conn, [g["gid"] for g in groups])
    denials = article_denials(conn, {r["article_id"] for rs in rows.values() for r in rs})
    stmts = conn.execute(sa.select(claims).where(*scond).order_by(claims.c.article_id, claims.c.idx).limit(limit))
    return {"profiles": profiles, "events": [group_json(g, rows[g["gid"]], denials) for g in groups],
            "statements": [statement_json(dict(r._mapping)) for r in stmts]}


# --- articles ------------------------------------------------------------------------------------------

def article(conn: sa.Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
    if row is None:
        return None
    a = {k: _plain(v) for k, v in row._mapping.items() if k != "content_hash"}
    gid = gid_of(events)
    evs = [dict(r._mapping) for r in conn.execute(
        sa.select(events, gid.label("gid")).where(events.c.article_id == article_id).order_by(events.c.idx))]
    cls = [dict(r._mapping) for r in conn.execute(
        sa.select(claims).where(claims.c.article_id == article_id).order_by(claims.c.idx))]
    ats = [dict(r._mapping) for r in conn.execute(
        sa.select(attributions).where(attributions.c.article_id == article_id).order_by(attributions.c.idx))]
    spans = [_span("event", r, "evidence", r["gid"]) for r in evs] + \
            [_span("statement", r, "evidence", None) for r in cls] + \
            [_span("attribution", r, "span", None) for r in ats]
    a["spans"] = sorted((s for s in spans if s), key=lambda s: (s["start"], -s["end"], s["kind"]))
    a["events"] = [dict(record_json(r, "events"), id=r["id"], event_id=r["gid"]) for r in evs]
    a["statements"] = [statement_json(r) for r in cls]
    return a


def _span(kind: str, row: dict[str, Any], base: str, gid: str | None) -> dict[str, Any] | None:
    start, end = row.get(base + "_start"), row.get(base + "_end")
    if start is None or end is None:
        return None
    out = {"kind": kind, "start": start, "end": end, "claimant": row.get("claimant"),
           "claimant_side": row.get("claimant_side"), "stance": row.get("stance"), "record_id": row["id"],
           "event_id": gid}
    if row.get("cue_start") is not None:
        out["cue"] = {"start": row["cue_start"], "end": row["cue_end"]}
    return out


def article_list(conn: sa.Connection, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    cols = [c for c in articles.c if c.name not in ("text", "content_hash")]
    total = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    rows = conn.execute(sa.select(*cols).order_by(articles.c.date, articles.c.id).limit(limit).offset(offset))
    return total, [{k: _plain(v) for k, v in r._mapping.items()} for r in rows]
