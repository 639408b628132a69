import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from polemos.store import SCHEMA_VERSION, Store, engine_url
from polemos.types import Article, Attribution, Claim, Event, Place, Result, Span

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
    assert set(out) == {"id", "events", "tallies", "claims"}
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
    with pytest.raises(Exception):
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
    with pytest.raises(Exception):
        store.save(bad)
    assert store.counts()["events"] == 2
    store.close()
