"""Fusion in the store: stored results, incremental re-fusion that leaves untouched events alone, one database
state per read, and a store that cannot be opened said in one line."""
import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa

from polemos import fusion
from polemos.errors import StoreCorrupt, StoreMissing, StorePathError, StoreUnreachable
from polemos.store import Store
from polemos.types import Article, Event, Place, Result, Span

TOWNS = {"Varosh": (40.10, 46.50), "Kelta": (40.11, 46.51), "Dobrin": (40.60, 46.90), "Mirak": (41.30, 47.50),
         "Zorle": (39.70, 45.90)}


def report(aid: str, town: str, day: str, who: str = "North Ministry", side: str = "azerbaijani",
           killed: int | None = None, stance: str = "asserted") -> Result:
    """One invented wire report of shelling in one town."""
    text = f"{who} said artillery shelled {town} on {day}, killing {killed or 'no'} people."
    ev = f"artillery shelled {town} on {day}"
    at = text.index(ev)
    lat, lon = TOWNS[town]
    event = Event(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                  date=day, location=Place(mention=town, name=town, country="AZ", lat=lat, lon=lon), claimant=who,
                  claimant_side=side, evidence=ev, evidence_span=Span(at, at + len(ev)),
                  actor1="Military Forces of Armenia", fatalities=killed, stance=stance)
    art = Article(id=aid, date=dt.date.fromisoformat(day) + dt.timedelta(days=1), text=text, outlet="Wire",
                  language="en")
    return Result(article=art, events=[event])


def groups(store: Store) -> dict[frozenset, str]:
    """Each fused event as the set of its claims, with its id."""
    return {frozenset(c["record_id"] for c in ev["claims"]): ev["event_id"] for ev in store.fused_events()}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "f.db"))
    for aid, town, day, who, side in [("a1", "Varosh", "2020-10-05", "North Ministry", "azerbaijani"),
                                      ("a2", "Varosh", "2020-10-05", "Observers", "international"),
                                      ("a3", "Dobrin", "2020-10-05", "North Ministry", "azerbaijani"),
                                      ("a4", "Mirak", "2020-10-20", "North Ministry", "azerbaijani"),
                                      ("a5", "Zorle", "2020-11-02", "South Ministry", "armenian")]:
        s.save(report(aid, town, day, who, side))
    return s


def test_fusion_is_stored_and_read_back_as_fusion_made_it(store):
    done = store.fuse()
    assert (done.claims, done.events, done.total) == (5, 4, 4)
    stored = list(store.fused_events())
    made = fusion.fuse([c for ev in stored for c in ev["claims"]])
    strip = lambda evs: sorted((sorted(c["record_id"] for c in e["claims"]), e["disputed"], e["corroborated"],
                                e["fatalities_best"], e["dispute_reasons"]) for e in evs)
    assert strip(stored) == strip(made)
    [varosh] = [e for e in stored if e["location"]["name"] == "Varosh"]
    assert varosh["corroborated"] and varosh["n_articles"] == 2
    assert {e["backed"] for e in store.events(article_id=["a1", "a2"])} == {True}
    assert store.fuse().claims == 0                     # nothing new: nothing clustered, nothing written


def test_new_claims_refuse_only_what_they_reach(store):
    store.fuse()
    before = groups(store)
    store.save(report("b1", "Kelta", "2020-10-05", "South Ministry", "armenian", stance="denied"))   # joins Varosh
    store.save(report("b2", "Zorle", "2020-11-02", "Locals", "international", killed=3))           # joins Zorle
    with store.read() as r:
        assert r.pending() == 2
    done = store.fuse()
    assert done.claims == 5                             # Varosh's two, Kelta's denial, Zorle's two
    after = groups(store)
    untouched = {m: g for m, g in before.items() if not {r["article_id"] for r in store.events(id=list(m))}
                 & {"a1", "a2", "a5"}}
    assert untouched and all(after.get(m) == g for m, g in untouched.items())     # same claims, same ids
    [varosh] = [e for e in store.fused_events() if len(e["claims"]) == 3]
    assert varosh["event_id"] == before[frozenset(r["id"] for r in store.events(article_id=["a1", "a2"]))]
    assert varosh["dispute_kinds"] == ["occurrence"]
    full = Store(store.location)
    full.fuse(full=True)
    assert set(groups(full)) == set(after)              # the same events as fusing every claim again


def test_a_resaved_article_with_other_claims_is_fused_again(store):
    store.fuse()
    store.save(report("a3", "Varosh", "2020-10-05"))    # a3 now reports Varosh, not Dobrin
    store.fuse()
    towns = sorted((e["location"]["name"], len(e["claims"])) for e in store.fused_events())
    assert towns == [("Mirak", 1), ("Varosh", 3), ("Zorle", 1)]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_reader_sees_one_database_state(tmp_path, request, backend):
    url = str(tmp_path / "r.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    one, other = Store(url), Store(url)
    one.save(report("a1", "Varosh", "2020-10-05"))
    with one.read() as r:
        first = (r.info()["articles"], len(r.claimant_profiles()))
        other.save(report("a2", "Mirak", "2020-10-20", "Other Ministry"))   # a write between two queries
        assert (r.info()["articles"], len(r.claimant_profiles())) == first == (1, 1)
    with one.read() as r:
        assert r.info()["articles"] == 2
    one.close(), other.close()


# --- opening a store ----------------------------------------------------------------------------------------

def test_where_a_store_cannot_be_is_a_usage_error(tmp_path):
    for where, words in (("", "--db is empty"), (str(tmp_path), "is a folder"),
                         (str(tmp_path / "no" / "x.db"), "does not exist"), ("mongodb://h/db", "unknown scheme")):
        with pytest.raises(StorePathError, match=words) as e:
            Store(where)
        assert e.value.exit_code == 2
    with pytest.raises(StoreMissing, match="no store at") as e:
        Store(str(tmp_path / "typo.db"), create=False)
    assert e.value.exit_code == 2 and not (tmp_path / "typo.db").exists()


def test_a_damaged_store_is_a_data_error(tmp_path):
    (tmp_path / "junk.db").write_bytes(b"PK\x03\x04 not sqlite" * 200)
    with pytest.raises(StoreCorrupt, match="damaged or not a SQLite database") as e:
        Store(str(tmp_path / "junk.db"))
    assert e.value.exit_code == 1
    good = tmp_path / "good.db"
    with Store(str(good)) as s:
        for i in range(30):
            s.save(report(f"a{i}", "Varosh", "2020-10-05"))
    data = bytearray(good.read_bytes())
    for page in range(2, len(data) // 4096):        # a garbled page in the middle of the file
        data[page * 4096 + 8: page * 4096 + 4000] = b"\xff" * 3992
    (tmp_path / "garbled.db").write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt, match="damaged") as e:
        Store(str(tmp_path / "garbled.db"))
    assert "\n" not in str(e.value)
    con = sqlite3.connect(tmp_path / "other.db")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    with pytest.raises(StoreCorrupt, match="not a polemos store"):
        Store(str(tmp_path / "other.db"), create=False)


def test_an_unreachable_server_is_one_line():
    with pytest.raises(StoreUnreachable, match="cannot reach the database server") as e:
        Store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(e.value) and "\n" not in str(e.value)


def test_a_bad_write_leaves_nothing_of_the_article(tmp_path):
    store = Store(str(tmp_path / "w.db"))
    bad = report("a1", "Varosh", "2020-10-05")
    bad.events[0].location.alt_names = [object()]           # cannot be stored
    with pytest.raises((sa.exc.StatementError, TypeError)):
        store.save(bad)
    assert store.counts() == {"articles": 0, "events": 0, "claims": 0, "attributions": 0}
    assert list(store.fused_events()) == []


def test_a_denial_elsewhere_in_the_article_does_not_dispute_an_unrelated_event(tmp_path):
    from fastapi.testclient import TestClient

    from polemos.types import Claim
    from polemos.web.app import create_app

    r = report("a1", "Varosh", "2020-10-05")
    said = "South Spokesman called the claim of 550 dead a lie."
    r.article.text += " " + said
    at = r.article.text.index(said)
    r.claims = [Claim(type="REJECT", claimant="South Spokesman", claimant_side="armenian", evidence=said,
                      evidence_span=Span(at, at + len(said)), stance="denied")]
    db = str(tmp_path / "d.db")
    with Store(db) as store:
        store.save(r)
        store.save(report("a2", "Varosh", "2020-10-05", "South Ministry", "armenian", stance="denied"))
        store.save(report("a3", "Mirak", "2020-10-05", "North Ministry"))
        store.fuse()
    with TestClient(create_app(db)) as client:
        items = {e["location"]["name"]: e for e in client.get("/api/events").json()["items"]}
        assert not items["Mirak"]["disputed"] and items["Mirak"]["dispute_kinds"] == []
        assert items["Varosh"]["disputed"] and items["Varosh"]["dispute_kinds"] == ["occurrence"]
        detail = client.get(f"/api/events/{items['Varosh']['id']}").json()
        assert detail["dispute_reasons"] == ["denied by South Ministry (armenian)"]
        assert detail["dispute_kinds"] == ["occurrence"] and detail["fatalities_best"] is None
        assert client.get("/api/disputes").json()["total"] == 1
