import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from polemos.store import (
    SCHEMA_VERSION,
    TABLES,
    Store,
    article_row,
    engine_url,
    fused_events,
    result_rows,
)
from polemos.store.readmodel import has_fts
from polemos.types import Article, Attribution, Claim, Event, Place, Result, Span

OLD_SCHEMA = Path(__file__).with_name("store_v1.sql")

TEXT = ("Officials said artillery shelled Dovlan on Monday, killing two people. "
        "The ministry accused Korvat of lying about the strike.")


def span_of(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part))


def shelling(place: str = "Dovlan", killed: int | None = 2) -> Event:
    ev = "artillery shelled Dovlan on Monday"
    return Event(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                 date="2020-10-05", location=Place(mention="Dovlan", name=place, country="AZ", lat=40.1, lon=46.9,
                                                   alt_names=["Dowlan"], span=span_of("Dovlan")),
                 claimant="Officials", claimant_side="neutral", evidence=ev, evidence_span=span_of(ev),
                 actor1="Military Forces of Armenia", fatalities=killed, attribution_cue="said",
                 cue_span=span_of("said"))


def make_result(aid: str = "t-1", places: tuple[str, ...] = ("Dovlan",), skipped: str | None = None) -> Result:
    art = Article(id=aid, date=dt.date(2020, 10, 6), text=TEXT, outlet="Test Wire", language="en",
                  origin="test.jsonl:1")
    accuse = "The ministry accused Korvat of lying about the strike."
    return Result(article=art, events=[shelling(p) for p in places],
                  claims=[Claim(type="ACCUSE", claimant="the ministry", claimant_side="neutral", evidence=accuse,
                                evidence_span=span_of(accuse), target="Korvat")],
                  attributions=[Attribution(span=span_of("artillery shelled Dovlan on Monday"),
                                            claimant="Officials", claimant_side="neutral", cue="said",
                                            cue_span=span_of("said"))],
                  skipped=skipped)


def check_round_trip(store: Store) -> None:
    r = make_result(places=("Dovlan", "Mirzal"))
    store.save(r)
    store.save(r)
    assert store.counts() == {"articles": 1, "events": 2, "claims": 1, "attributions": 1}
    assert store.has("t-1") and not store.has("nope")
    out = store.result_json("t-1")
    assert set(out) == {"id", "date_source", "events", "tallies", "claims"}
    assert out["date_source"] == "given" and out["events"][0]["article_date_source"] == "given"
    ev = out["events"][0]
    assert ev["location"] == {"mention": "Dovlan", "name": "Dovlan", "country": "AZ", "lat": 40.1, "lon": 46.9,
                              "geo_precision": 1}
    assert TEXT[ev["evidence_span"]["start"]:ev["evidence_span"]["end"]] == ev["evidence"]
    assert [e["location"]["name"] for e in out["events"]] == ["Dovlan", "Mirzal"]
    assert out["claims"][0]["type"] == "ACCUSE"
    assert store.events(location_name="Mirzal")[0]["location_alt_names"] == ["Dowlan"]
    assert len(store.events(date_from="2020-10-05", date_to="2020-10-05")) == 2
    assert store.articles(date="2020-10-06", with_text=False)[0]["status"] == "ok"


def test_sqlite_round_trip_and_idempotent_save(tmp_path):
    with Store(str(tmp_path / "p.db")) as store:
        check_round_trip(store)
        assert store.schema_version() == SCHEMA_VERSION


def test_ids_are_deterministic_and_fusion_survives_resave(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    store.save(make_result())
    first = store.events()[0]["id"]
    store.set_fused({first: "f-1"})
    store.save(make_result())
    assert store.events()[0]["id"] == first
    assert store.events()[0]["fused_id"] == "f-1"


def test_resave_replaces_the_articles_records(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    store.save(make_result(places=("Dovlan", "Mirzal")))
    store.save(make_result(places=("Dovlan",)))
    assert store.counts()["events"] == 1


def test_twin_records_are_kept_with_distinct_ids(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    store.save(make_result(places=("Dovlan", "Dovlan")))
    ids = [e["id"] for e in store.events()]
    assert len(set(ids)) == 2


def test_skipped_article_is_stored_with_its_reason(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    r = make_result(skipped="language fr not supported")
    r.events, r.claims, r.attributions = [], [], []
    store.save(r)
    row = store.articles()[0]
    assert (row["status"], row["skip_reason"]) == ("skipped", "language fr not supported")


def test_failed_save_leaves_previous_state(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    store.save(make_result(places=("Dovlan", "Mirzal")))
    before = store.result_json("t-1")
    bad = make_result(places=("Dovlan",))
    bad.events[0].location.alt_names = [object()]       # not JSON: fails after the deletes, inside the transaction
    with pytest.raises((sa.exc.StatementError, TypeError)):      # SQLite wraps it, psycopg does not
        store.save(bad)
    assert store.result_json("t-1") == before
    assert store.counts()["events"] == 2


def test_unknown_filter_names_the_columns(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    with pytest.raises(ValueError, match="unknown filter 'colour' for events"):
        store.events(colour="red")


def test_missing_article_is_a_key_error(tmp_path):
    with pytest.raises(KeyError, match="no article 'x'"):
        Store(str(tmp_path / "p.db")).result_json("x")


def test_sqlite_file_uses_wal(tmp_path):
    Store(str(tmp_path / "p.db")).save(make_result())
    con = sqlite3.connect(tmp_path / "p.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_killed_writer_leaves_a_readable_file(tmp_path):
    db = tmp_path / "p.db"
    Store(str(db)).save(make_result("keep"))
    code = ("import os, sys, sqlalchemy as sa\n"
            "sys.path[:0] = sys.argv[2:]\n"
            "from polemos.store import Store, articles\n"
            "s = Store(sys.argv[1])\n"
            "with s.engine.begin() as c:\n"
            "    c.execute(articles.delete())\n"
            "    os._exit(9)\n")
    subprocess.run([sys.executable, "-c", code, str(db), *sys.path], check=False)
    store = Store(str(db))
    assert store.has("keep")
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_newer_schema_is_refused(tmp_path):
    db = str(tmp_path / "p.db")
    Store(db)
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    with pytest.raises(RuntimeError, match="schema version 99 is newer"):
        Store(db)


def test_new_type_fields_become_columns(tmp_path):
    db = str(tmp_path / "p.db")
    Store(db)
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE events DROP COLUMN tally")     # a store made before the field existed
    con.commit()
    store = Store(db)
    store.save(make_result())
    assert store.events()[0]["tally"] is False


def test_engine_urls():
    assert engine_url("x.db") == "sqlite:///x.db"
    assert engine_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"




def test_postgres_round_trip(pg_db):
    with Store(pg_db) as store:
        assert store.engine.dialect.name == "postgresql"
        check_round_trip(store)


def test_postgres_failed_save_leaves_previous_state(pg_db):
    store = Store(pg_db)
    store.save(make_result(places=("Dovlan", "Mirzal")))
    bad = make_result(places=("Dovlan",))
    bad.events[0].location.alt_names = [object()]
    with pytest.raises((sa.exc.StatementError, TypeError)):      # SQLite wraps it, psycopg does not
        store.save(bad)
    assert store.counts()["events"] == 2
    store.close()


# --- fused events and claimant keys ------------------------------------------------------------------------

def fused_rows(store: Store) -> dict[str, dict]:
    with store.engine.connect() as c:
        return {r.id: dict(r._mapping) for r in c.execute(sa.select(fused_events))}


def test_every_claim_belongs_to_one_fused_event_at_every_write(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    store.save(make_result(places=("Dovlan", "Mirzal")))
    rows = fused_rows(store)
    assert len(rows) == 2 and all(r["pending"] == 1 and r["n_claims"] == 1 for r in rows.values())
    assert {e["fused_id"] for e in store.events()} == set(rows)
    ids = [e["id"] for e in store.events()]
    store.set_fused({i: "f-1" for i in ids})
    assert list(fused_rows(store)) == ["f-1"] and fused_rows(store)["f-1"]["n_claims"] == 2
    with store.engine.connect() as c:
        hits = c.execute(sa.text("SELECT count(*) FROM fused_fts WHERE fused_fts MATCH 'mirzal'")).scalar_one()
    assert hits == 1
    assert {e["claimant_key"] for e in store.events()} == {"officials"}
    assert store.claims()[0]["claimant_key"] == "the ministry"


def test_resaving_with_other_records_sums_their_fused_event_up_again(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    store.save(make_result(places=("Dovlan", "Mirzal")))
    store.set_fused({e["id"]: "f-1" for e in store.events()})
    store.save(make_result(places=("Dovlan",)))
    rows = fused_rows(store)
    assert list(rows) == ["f-1"] and rows["f-1"]["n_claims"] == 1 and rows["f-1"]["pending"] == 1
    assert rows["f-1"]["location_name"] == "Dovlan"


def old_store(path: str, with_web: bool) -> None:
    """A SQLite store as the code of schema version 1 left it (tests/store_v1.sql): its tables, and with_web the
    tables, triggers and indexes the web view made at its start-up, with a row of a group long gone. One article
    saved, as that code saved it (no claimant_key)."""
    statements = OLD_SCHEMA.read_text().split(";\n\n")
    old = [x for x in statements if with_web or not any(w in x for w in ("web_", "ix_events_gid", "_claimant "))]
    con = sqlite3.connect(path)
    con.executescript(";\n\n".join(old))
    assert con.execute("SELECT value FROM meta").fetchall() == [("1",)]
    con.close()
    engine = sa.create_engine(engine_url(path))
    result = make_result(places=("Dovlan", "Mirzal"))
    with engine.begin() as conn:
        old_row = {k: v for k, v in article_row(result).items() if k != "date_source"}      # no such column in v1
        conn.execute(TABLES["articles"].insert(), [old_row])
        for name, rows in result_rows(result).items():
            conn.execute(TABLES[name].insert(), [{k: v for k, v in r.items() if k != "claimant_key"} for r in rows])
        if with_web:
            conn.execute(sa.text("INSERT INTO web_events(gid, body) VALUES ('gone', 'stale words')"))
            conn.execute(sa.text("INSERT INTO web_fts(rowid, body) SELECT rid, body FROM web_events"))
    engine.dispose()


@pytest.mark.parametrize("with_web", [True, False], ids=["after-web-view", "cli-only"])
def test_old_store_is_upgraded(tmp_path, with_web):
    db = str(tmp_path / "old.db")
    old_store(db, with_web)
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        rows = fused_rows(store)
        assert set(rows) == {e["fused_id"] for e in store.events()} == {e["id"] for e in store.events()}
        assert all(r["pending"] == 1 for r in rows.values())            # never fused: the next fuse looks at them
        assert {e["claimant_key"] for e in store.events()} == {"officials"}
        with store.engine.connect() as c:
            assert has_fts(c)
            assert c.execute(sa.text("SELECT count(*) FROM fused_fts WHERE fused_fts MATCH 'stale'")).scalar_one() == 0
            names = set(c.execute(sa.text("SELECT name FROM sqlite_master")).scalars())
        assert {"ix_events_claimant_key", "fused_events", "fused_fts", "fused_fts_ins"} <= names
        assert not {n for n in names if n.startswith("web_")} and "ix_events_gid" not in names
        assert not names & {"ix_events_claimant", "ix_claims_claimant"}
        store.save(make_result("t-2", places=("Korvat",)))                       # writes go on as before
        assert "Korvat" in {r["location_name"] for r in fused_rows(store).values()}
        assert store.result_json("t-1")["events"][0]["location"]["name"] == "Dovlan"
    with Store(db) as again:                                                   # opening again changes nothing
        assert again.schema_version() == SCHEMA_VERSION and len(fused_rows(again)) == 3


def test_old_store_serves_the_web_view(tmp_path):
    from fastapi.testclient import TestClient

    from polemos.web.app import create_app

    db = str(tmp_path / "old.db")
    old_store(db, with_web=True)
    with TestClient(create_app(db)) as client:
        items = client.get("/api/events").json()["items"]
        assert sorted(e["location"]["name"] for e in items) == ["Dovlan", "Mirzal"]
        assert client.get("/api/events", params={"q": "mirzal"}).json()["total"] == 1
        assert client.get("/api/claimants").json()["items"][0]["claimant"] == "Officials"


def test_old_store_keeps_its_fused_groups(tmp_path):
    db = str(tmp_path / "old.db")
    old_store(db, with_web=True)
    con = sqlite3.connect(db)
    con.execute("UPDATE events SET fused_id = 'ev-kept'")      # fused by the code of version 1
    con.commit()
    with Store(db) as store:
        rows = fused_rows(store)
        assert list(rows) == ["ev-kept"] and rows["ev-kept"]["n_claims"] == 2 and rows["ev-kept"]["pending"] == 0


def test_postgres_old_store_is_upgraded(pg_db):
    """A PostgreSQL store of version 1 with what the old web view added: statement triggers counting writes."""
    with Store(pg_db) as store:
        store.save(make_result(places=("Dovlan", "Mirzal")))
        with store.engine.begin() as c:
            for table in ("events", "claims"):
                c.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN claimant_key"))
            c.execute(sa.text("DROP TABLE fused_events"))
            c.execute(sa.text("CREATE TABLE web_state (key TEXT PRIMARY KEY, value TEXT)"))
            c.execute(sa.text("INSERT INTO web_state VALUES ('version', '5'), ('changes', '0')"))
            c.execute(sa.text("CREATE OR REPLACE FUNCTION web_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                              "UPDATE web_state SET value = (value::bigint + 1)::text WHERE key = 'changes'; "
                              "RETURN NULL; END $$"))
            for table in ("articles", "events", "claims"):
                c.execute(sa.text(f"CREATE TRIGGER web_touch_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                                  f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION web_touch()"))
            c.execute(sa.text("UPDATE events SET fused_id = NULL"))
            c.execute(sa.text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))
    with Store(pg_db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert {e["claimant_key"] for e in store.events()} == {"officials"}
        with store.engine.connect() as c:
            triggers = set(c.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
            assert not sa.inspect(c).has_table("web_state")
        assert triggers == set()
        ids = [e["id"] for e in store.events()]
        assert set(fused_rows(store)) == set(ids)
        store.set_fused({i: "f-1" for i in ids})
        assert list(fused_rows(store)) == ["f-1"]


def test_claims_written_around_the_store_are_adopted(tmp_path):
    from polemos.store import events

    store = Store(str(tmp_path / "p.db"))
    store.save(make_result())
    row = dict(store.events()[0], id="ev-plain", claimant="OFFICIALS", claimant_key=None, location_name="Korvat",
               fused_id=None)
    with store.engine.begin() as c:
        c.execute(events.insert(), [row])
    assert store.adopt() == 1 and store.adopt() == 0
    assert fused_rows(store)[store.events(id="ev-plain")[0]["fused_id"]]["location_name"] == "Korvat"


# --- schema version 3: articles.date_source, articles.date nullable ----------------------------------------

def undated_result(aid: str = "u-1") -> Result:
    """An article stored unrun for want of a date (--undated skip)."""
    art = Article(id=aid, date=None, text="Shelling hit Dovlan overnight, officials said.", date_source="none")
    return Result(article=art, skipped="no date (--undated skip)")


def test_undated_article_is_stored_without_a_date(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    store.save(undated_result())
    store.save(make_result())
    rows = {a["id"]: a for a in store.articles()}
    assert (rows["u-1"]["date"], rows["u-1"]["date_source"], rows["u-1"]["status"]) == (None, "none", "skipped")
    assert (rows["t-1"]["date"], rows["t-1"]["date_source"]) == (dt.date(2020, 10, 6), "given")
    assert store.result_json("u-1") == {"id": "u-1", "date_source": "none", "events": [], "tallies": [],
                                        "claims": []}
    assert store.has("u-1", article_row(undated_result())["content_hash"])
    store.save(undated_result())                        # saved again: still one row
    assert store.counts()["articles"] == 2


def add_undated_v1_row(path: str) -> None:
    """An undated article as the code before version 3 stored it: the placeholder day 0001-01-01."""
    con = sqlite3.connect(path)
    con.execute("INSERT INTO articles (id, date, text, status, skip_reason, content_hash, ingested_at) VALUES "
                "('u-1', '0001-01-01', 'Shelling hit Dovlan overnight.', 'skipped', 'no date (--undated skip)', "
                "'h', '2020-11-01 10:00:00')")
    con.commit()
    con.close()


def test_v3_upgrade_rebuilds_sqlite_articles_keeping_what_names_them(tmp_path):
    db = str(tmp_path / "old.db")
    old_store(db, with_web=True)
    add_undated_v1_row(db)
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE gone_log (article_id TEXT);
        CREATE INDEX ix_articles_outlet ON articles (outlet);
        CREATE TRIGGER log_gone AFTER DELETE ON articles BEGIN INSERT INTO gone_log VALUES (old.id); END;
        CREATE TRIGGER event_outlet AFTER INSERT ON events WHEN new.claimant = 'probe'
            BEGIN UPDATE articles SET outlet = 'probed' WHERE id = new.article_id; END;
        CREATE VIEW article_days AS SELECT id, date FROM articles;
    """)
    con.close()
    with Store(db) as store:
        with store.engine.connect() as c:
            info = {r[1]: r for r in c.exec_driver_sql("PRAGMA table_info(articles)")}
            names = set(c.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1           # back on after the rebuild
            assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert "REFERENCES articles" in c.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'events'").scalar()
        assert info["date"][3] == 0 and "date_source" in info                      # notnull flag off
        assert {"ix_articles_outlet", "log_gone", "event_outlet", "article_days", "ix_events_claimant_key"} <= names
        rows = {a["id"]: a for a in store.articles()}
        assert (rows["u-1"]["date"], rows["u-1"]["date_source"]) == (None, "none")
        assert (rows["t-1"]["date"], rows["t-1"]["date_source"]) == (dt.date(2020, 10, 6), None)
        assert store.counts() == {"articles": 2, "events": 2, "claims": 1, "attributions": 1}
        probe = dict(store.events()[0], id="ev-probe", claimant="probe")
        with store.engine.begin() as c:
            c.execute(TABLES["events"].insert(), [probe])                           # the trigger on events fires
            assert c.exec_driver_sql("SELECT outlet FROM articles WHERE id = 't-1'").scalar() == "probed"
            assert c.exec_driver_sql("SELECT count(*) FROM article_days").scalar() == 2
            c.execute(TABLES["articles"].delete().where(TABLES["articles"].c.id == "t-1"))
            assert c.exec_driver_sql("SELECT article_id FROM gone_log").scalars().all() == ["t-1"]
        assert store.counts()["events"] == 0                                      # the delete cascades, as before
        store.save(undated_result("u-2"))
        assert store.articles(id="u-2")[0]["date"] is None


def test_a_failed_migration_leaves_the_old_store(tmp_path, monkeypatch):
    from polemos.store import migrations as store_mod

    db = str(tmp_path / "old.db")
    old_store(db, with_web=True)
    add_undated_v1_row(db)
    before = sqlite3.connect(db).execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()

    def broken(conn):
        store_mod._v3(conn)
        raise RuntimeError("stopped after the rebuild")
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS[:-1], broken])
    with pytest.raises(RuntimeError, match="stopped after the rebuild"):
        Store(db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == before      # DDL undone too
    assert con.execute("SELECT value FROM meta").fetchall() == [("1",)]
    assert con.execute("SELECT date FROM articles WHERE id = 'u-1'").fetchall() == [("0001-01-01",)]
    assert con.execute("SELECT count(*) FROM events").fetchone() == (2,)
    monkeypatch.undo()
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.articles(id="u-1")[0]["date"] is None


def test_postgres_v2_store_is_upgraded(pg_db):
    with Store(pg_db) as store:
        store.save(make_result())
        with store.engine.begin() as c:            # as version 2 left it, with an undated article in it
            c.execute(sa.text("ALTER TABLE articles DROP COLUMN date_source"))
            c.execute(sa.text("INSERT INTO articles (id, date, text, status, content_hash, ingested_at) VALUES "
                              "('u-1', '0001-01-01', 'Shelling hit Dovlan.', 'skipped', 'h', now())"))
            c.execute(sa.text("ALTER TABLE articles ALTER COLUMN date SET NOT NULL"))
            c.execute(sa.text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
    with Store(pg_db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        with store.engine.connect() as c:
            cols = {col["name"]: col for col in sa.inspect(c).get_columns("articles")}
        assert cols["date"]["nullable"] and "date_source" in cols
        rows = {a["id"]: a for a in store.articles()}
        assert (rows["u-1"]["date"], rows["u-1"]["date_source"]) == (None, "none")
        assert rows["t-1"]["date"] == dt.date(2020, 10, 6)
        store.save(undated_result("u-2"))
        assert store.result_json("u-2")["date_source"] == "none"
        assert store.counts()["events"] == 1


def test_web_view_serves_an_undated_article(tmp_path):
    from fastapi.testclient import TestClient

    from polemos.web.app import create_app

    db = str(tmp_path / "p.db")
    with Store(db) as store:
        store.save(make_result())
        store.save(undated_result())
    with TestClient(create_app(db)) as client:
        assert client.get("/api/events").json()["total"] == 1
        assert {a["id"]: a["date"] for a in client.get("/api/articles").json()["items"]} == {"t-1": "2020-10-06",
                                                                                             "u-1": None}
        one = client.get("/api/articles/u-1").json()
        assert (one["date"], one["date_source"], one["events"]) == (None, "none", [])
        assert len(client.get("/api/export/articles-jsonl").text.splitlines()) == 2
        assert len(client.get("/api/export/jsonl").text.splitlines()) == 1
