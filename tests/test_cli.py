"""The command line over real files: bad input is reported and the good records stored; re-runs add nothing."""
import csv
import io
import json
import random
import re
import sqlite3
import subprocess
import sys

import pytest

from polemos import cli
from polemos.store import Store

GOOD = [{"id": "w-1", "date": "2020-10-14", "text": "Rockets hit Martuni on Wednesday, the ministry said."},
        {"id": "w-2", "date": "2020-10-15", "text": "Artillery struck Tartar overnight, officials said."}]


def _write(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_broken_jsonl_line_is_reported_and_every_good_record_stored(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", [json.dumps(GOOD[0]), '{"id": "w-bad", "date": ', json.dumps(GOOD[1])])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--format", "jsonl"]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2" in err and "not JSON" in err
    with sqlite3.connect(db) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT id FROM articles")) == ["w-1", "w-2"]


def test_rerun_changes_nothing(tmp_path):
    src = _write(tmp_path / "in.jsonl", [json.dumps(g) for g in GOOD])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1"]) == 0
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT id, fused_id FROM events ORDER BY id").fetchall()
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--redo"]) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, fused_id FROM events ORDER BY id").fetchall() == before
    assert len(before) == 2


def test_every_command_has_help():
    for command in ["extract", "events", "export", "fuse", "serve", "eval", "attribute", "geoparse", "classify"]:
        done = subprocess.run([sys.executable, "-m", "polemos.cli", command, "--help"], capture_output=True,
                              check=False, text=True, timeout=60)
        assert done.returncode == 0 and "usage:" in done.stdout, command


UNDATED = [{"id": "u-1", "text": "On October 28, 2020 rockets struck Barda, the ministry said."},
           {"id": "u-2", "text": "Shelling hit Martuni overnight, officials said."}]
MONTH_ONLY = {"id": "m-1", "text": "Throughout October 2020 artillery shelled Tartar, the ministry said in a review."}


def _articles(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, date, status, skip_reason FROM articles ORDER BY id").fetchall()


def test_undated_articles_are_inferred_or_stored_undated(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", [json.dumps(r) for r in UNDATED + GOOD + [MONTH_ONLY]])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--format", "jsonl"]) == 0
    err = capsys.readouterr().err
    assert "error" not in err and "rejected" not in err
    assert "undated           1  stored without a date" in err
    assert "dates       1 read from the text, 1 known to the month only" in err
    assert [r[:3] for r in _articles(db)] == [("m-1", "2020-10-01", "ok"), ("u-1", "2020-10-28", "ok"),
                                              ("u-2", None, "skipped"), ("w-1", "2020-10-14", "ok"),
                                              ("w-2", "2020-10-15", "ok")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT date FROM events WHERE article_id = 'u-1'").fetchall() == [("2020-10-28",)]
        assert {p for (p,) in conn.execute("SELECT time_precision FROM events WHERE article_id = 'm-1'")} == {3}
        assert conn.execute("SELECT date_source FROM articles WHERE id = 'm-1'").fetchone() == ("month",)


def test_default_date(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", [json.dumps(r) for r in UNDATED])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--default-date", "2020-11-01"]) == 0
    assert "dates       1 read from the text, 1 given --default-date" in capsys.readouterr().err
    assert [r[:2] for r in _articles(db)] == [("u-1", "2020-10-28"), ("u-2", "2020-11-01")]


def test_undated_reject_reports_them_and_stores_the_rest(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", [json.dumps(r) for r in UNDATED + GOOD])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--undated", "reject"]) == 1
    err = capsys.readouterr().err
    assert f"error: {src}:1: no date (--undated reject): pass --default-date" in err and f"{src}:2: no date" in err
    assert [r[0] for r in _articles(db)] == ["w-1", "w-2"]


def test_undated_skip_stores_them_unrun_with_the_reason(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", [json.dumps(r) for r in UNDATED + GOOD[:1]])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--undated", "skip"]) == 0
    assert "undated           2  stored without a date" in capsys.readouterr().err
    assert [(r[0], r[2], r[3]) for r in _articles(db)] == [
        ("u-1", "skipped", "no date (--undated skip)"), ("u-2", "skipped", "no date (--undated skip)"),
        ("w-1", "ok", None)]
    assert [r[1] for r in _articles(db)] == [None, None, "2020-10-14"]       # no placeholder day: NULL
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--undated", "skip"]) == 0
    assert len(_articles(db)) == 3


def test_default_date_must_be_a_day(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["extract", "x.jsonl", "--default-date", "28/10/2020"])
    assert e.value.code == 2
    assert "expected YYYY-MM-DD" in capsys.readouterr().err


def test_a_stage_failing_on_one_article_fails_that_article_only(tmp_path, monkeypatch, capsys):
    from polemos import events
    real = events.extract

    def brittle(doc, article, *a, **kw):
        if "Hadrut" in article.text:
            raise ValueError("odd article")
        return real(doc, article, *a, **kw)

    monkeypatch.setattr(events, "extract", brittle)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "date": "2020-10-08", "text": t}) + "\n" for i, t in [
        ("a", "Armenian forces shelled Tartar on Monday, the ministry said."),
        ("b", "Azerbaijani forces shelled Hadrut on Monday, the ministry said."),
        ("c", "Armenian forces shelled Barda on Monday, the ministry said.")]))
    db = tmp_path / "x.db"
    assert cli.main(["extract", str(src), "--db", str(db), "--workers", "1"]) == 1
    assert "odd article" in capsys.readouterr().err
    store = Store(str(db))
    assert {a["id"]: a["status"] for a in store.articles(with_text=False)} == {"a": "ok", "b": "failed", "c": "ok"}
    assert not store.has("b") and store.has("a")
    monkeypatch.setattr(events, "extract", real)
    assert cli.main(["extract", str(src), "--db", str(db), "--workers", "1"]) == 0
    assert {a["id"]: a["status"] for a in store.articles(with_text=False)}["b"] == "ok"


# --- export filters: the web API's, on a store filled by `polemos extract` --------------------------------

# invented wire sentences: a denial makes Tartar disputed, the ICRC corroborates Barda, Vardenis is in Armenia
WIRE = [
    ("f-1", "2020-10-05", ("Azerbaijani forces shelled Martuni on Monday, killing two civilians, the Armenian Defence "
                          "Ministry said.")),
    ("f-2", "2020-10-13", ("An Azerbaijani drone struck a convoy near Stepanakert on Tuesday, the Artsakh Defence "
                          "Ministry said.")),
    ("f-3", "2020-10-21", ("Armenian forces fired rockets at Tartar on Tuesday, killing one civilian, Azerbaijan's "
                          "Defense Ministry said.")),
    ("f-4", "2020-10-21", "Armenia's Defence Ministry denied that its forces fired rockets at Tartar on Tuesday."),
    ("f-5", "2020-11-03", ("The International Committee of the Red Cross said on Monday that shells hit Barda, killing "
                          "three civilians.")),
    ("f-6", "2020-10-28", ("Azerbaijani drones struck Vardenis in Armenia on Tuesday, the Armenian Defence Ministry "
                          "said.")),
]
INFERRED = {"id": "f-7", "text": "On October 30, 2020 Armenian and Azerbaijani troops clashed near Hadrut, the "
                                 "Armenian Defence Ministry said."}
SKIPPED = {"id": "f-8", "text": "Shelling hit Martuni overnight, officials said."}
FORMATS_OUT = ["acled-csv", "geojson", "parquet", "plover-json", "table", "jsonl", "articles-jsonl"]


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """(database, its event rows by record id with a `gid`, the unfiltered acled rows)."""
    folder = tmp_path_factory.mktemp("filters")
    db = str(folder / "x.db")
    dated = _write(folder / "dated.jsonl", [json.dumps({"id": i, "date": d, "text": t, "outlet": "Invented Wire"})
                                            for i, d, t in WIRE] + [json.dumps(INFERRED)])
    undated = _write(folder / "undated.jsonl", [json.dumps(SKIPPED)])
    assert cli.main(["extract", str(dated), "--db", db, "--workers", "1"]) == 0
    assert cli.main(["extract", str(undated), "--db", db, "--workers", "1", "--undated", "skip"]) == 0
    rows = {r["id"]: dict(r, gid=r["fused_id"] or r["id"]) for r in Store(db).events()}
    return db, rows


def export_out(tmp_path, db, fmt, args):
    """What `polemos export` writes: the fused event ids in it (a count for the table, article ids for
    articles-jsonl)."""
    import pandas as pd

    out = tmp_path / f"out.{fmt}"
    assert cli.main(["export", "--db", db, "--format", fmt, "-o", str(out), *args]) == 0
    if fmt == "parquet":
        return set(pd.read_parquet(out)["event_id_cnty"])
    text = out.read_text(encoding="utf-8")
    if fmt == "acled-csv":
        ids = [r["event_id_cnty"] for r in csv.DictReader(io.StringIO(text))]
        assert len(ids) == len(set(ids))               # one row per fused event
        return set(ids)
    if fmt == "geojson":
        return {f["id"] for f in json.loads(text)["features"]}
    if fmt == "plover-json":
        return {r["id"] for r in json.loads(text)}
    if fmt == "table":
        return int(re.search(r"\((\d+) events\)", text).group(1))
    lines = [json.loads(x) for x in text.splitlines()]
    if fmt == "jsonl":
        return {ev["event_id"] for ev in lines}
    return {x["id"] for x in lines}


NEUTRAL = {"international", "neutral"}
FILTERS = {     # options -> what a record of a kept event holds (an event is kept when one of its records does)
    "dates": (["--since", "2020-10-10", "--until", "2020-10-31"], lambda r: "2020-10-10" <= r["date"] <= "2020-10-31"),
    "sub-type": (["--sub-type", "air/drone strike"], lambda r: r["sub_event_type"] == "Air/drone strike"),
    "event-type": (["--event-type", "Battles"], lambda r: r["event_type"] == "Battles"),
    "side": (["--side", "international"], lambda r: r["claimant_side"] == "international"),
    "claimant": (["--claimant", "icrc"], lambda r: r["claimant"] == "ICRC"),
    "actor-side": (["--actor-side", "armenian"], lambda r: r["actor1_side"] == "armenian" and r["stance"] != "denied"),
    "disputed": (["--disputed"], lambda r: r["stance"] == "denied"),
    "undisputed": (["--undisputed"], lambda r: r["place"] != "Tartar"),
    "corroborated": (["--corroborated"], lambda r: r["claimant_side"] in NEUTRAL),
    "country": (["--country", "Armenia"], lambda r: r["location_country"] == "AM"),
    "place": (["--place", "TARTAR"], lambda r: r["place"] == "Tartar"),
    "bbox": (["--bbox", "46.5,39.5,47.5,40.5"], lambda r: 46.5 <= r["location_lon"] <= 47.5
             and 39.5 <= r["location_lat"] <= 40.5),
    "search": (["--search", "convoy"], lambda r: "convoy" in r["evidence"]),
    "combined": (["--since", "2020-10-01", "--until", "2020-10-31", "--sub-type", "Shelling/artillery/missile attack",
                  "--side", "armenian"], lambda r: r["date"] <= "2020-10-31" and r["sub_event_type"].startswith(
                      "Shelling") and r["claimant_side"] == "armenian"),
}


def expected(rows, check) -> set[str]:
    """The fused events one of whose claims passes `check`."""
    return {r["gid"] for r in rows.values() if check(dict(r, place=r["location_name"]))}


@pytest.mark.parametrize("fmt", FORMATS_OUT)
@pytest.mark.parametrize("name", list(FILTERS))
def test_each_export_filter_narrows_every_format(filled, tmp_path, name, fmt):
    db, rows = filled
    args, check = FILTERS[name]
    want = expected(rows, check)
    assert 0 < len(want) < len({r["gid"] for r in rows.values()}), name   # every filter narrows
    got = export_out(tmp_path, db, fmt, args)
    if fmt == "table":
        assert got == len(want)
    elif fmt == "articles-jsonl":
        assert got == {r["article_id"] for r in rows.values() if r["gid"] in want}
    else:
        assert got == want


def test_the_same_filter_gives_the_same_events_in_the_api(filled):
    from fastapi.testclient import TestClient

    from polemos.web.app import create_app

    db, rows = filled
    with TestClient(create_app(db)) as client:
        for name, params in (("disputed", {"disputed": "true"}), ("side", {"claimant_side": "international"}),
                             ("place", {"place": "TARTAR"}), ("search", {"q": "convoy"})):
            listed = {e["id"] for e in client.get("/api/events", params={**params, "limit": 1000}).json()["items"]}
            assert listed == expected(rows, FILTERS[name][1]), name


def test_no_filter_exports_everything(filled, tmp_path):
    db, rows = filled
    gids = {r["gid"] for r in rows.values()}
    assert len(gids) < len(rows)                        # some claims were fused
    assert export_out(tmp_path, db, "acled-csv", []) == gids
    assert export_out(tmp_path, db, "table", []) == len(gids)


def test_fuse_and_events_take_the_filters(filled, tmp_path, capsys):
    db, rows = filled
    out = tmp_path / "fused.jsonl"
    assert cli.main(["fuse", "--db", db, "-o", str(out), "--disputed"]) == 0
    err = capsys.readouterr().err
    assert "0 event claims clustered again" in err and "1 match the filters" in err     # nothing new to fuse
    fused = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [ev["location"]["name"] for ev in fused] == ["Tartar"] and fused[0]["disputed"]
    assert fused[0]["dispute_kinds"] == ["occurrence"]
    assert {c["record_id"] for c in fused[0]["claims"]} == {i for i, r in rows.items() if r["gid"] in
                                                            expected(rows, FILTERS["disputed"][1])}
    assert cli.main(["events", "--db", db, "--disputed", "--format", "table"]) == 0
    assert "(1 events)" in capsys.readouterr().out
    assert cli.main(["events", "--db", db, "--place", "Nowhere"]) == 0
    assert "no stored event matches the filters" in capsys.readouterr().err


def test_exports_say_where_each_article_date_came_from(filled, tmp_path):
    db, _ = filled
    out = tmp_path / "a.jsonl"
    assert cli.main(["export", "--db", db, "--format", "articles-jsonl", "-o", str(out)]) == 0
    lines = {x["id"]: x for x in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert {i: x["date_source"] for i, x in lines.items()} == {
        **{i: "given" for i, _, _ in WIRE}, "f-7": "text", "f-8": "none"}
    assert [e["article_date_source"] for e in lines["f-7"]["events"]] == ["text"]
    assert cli.main(["export", "--db", db, "--format", "jsonl", "-o", str(out)]) == 0
    claims = [c for x in map(json.loads, out.read_text(encoding="utf-8").splitlines()) for c in x["claims"]]
    assert {c["article_id"]: c["article_date_source"] for c in claims}["f-7"] == "text"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT date, date_source FROM articles WHERE id = 'f-8'").fetchall() == [(None, "none")]


@pytest.mark.parametrize("args, message", [
    (["--since", "2020-13-01"], "argument --since/--date-from: expected YYYY-MM-DD, not '2020-13-01'"),
    (["--until", "31/10/2020"], "argument --until/--date-to: expected YYYY-MM-DD, not '31/10/2020'"),
    (["--sub-type", "Airstrike"], "argument --sub-type/--sub-event-type: unknown sub-event type 'Airstrike'"),
    (["--event-type", "War"], "argument --event-type: unknown event type 'War'; expected one of: Battles"),
    (["--bbox", "46.5,39.5,47.5"], "argument --bbox: expected four numbers west,south,east,north"),
    (["--bbox", "46.5,41,47.5,40"], "argument --bbox: '46.5,41,47.5,40' is out of range"),
    (["--country", "Atlantis"], "argument --country: unknown country 'Atlantis'"),
    (["--disputed", "--undisputed"], "argument --undisputed: not allowed with argument --disputed"),
])
def test_bad_filter_values_name_the_option_and_value(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as e:
        cli.main(["export", "--db", str(tmp_path / "x.db"), *args])
    assert e.value.code == 2 and message in capsys.readouterr().err


def test_since_after_until_is_an_error(tmp_path, capsys):
    assert cli.main(["fuse", "--db", str(tmp_path / "x.db"), "--since", "2020-11-01", "--until", "2020-10-01"]) == 2
    assert "error: --since 2020-11-01 is after --until 2020-10-01" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


# --- failures are one line and an exit code -------------------------------------------------------------------

def _one_line_error(capsys, code, argv, words):
    assert cli.main(argv) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and words in err and "Traceback" not in err, err


@pytest.mark.parametrize("command", [["export"], ["events"], ["fuse"], ["serve", "--port", "8999"]])
def test_a_read_command_on_a_missing_store_creates_nothing(tmp_path, capsys, command):
    db = tmp_path / "typo.db"
    _one_line_error(capsys, 2, [*command, "--db", str(db)], "no store at")
    assert not db.exists()


@pytest.mark.parametrize("where, code, words", [
    ("", 2, "--db is empty"),
    ("{tmp}", 2, "is a folder"),
    ("{tmp}/no/such/x.db", 2, "does not exist"),
    ("mysql://u@h/db", 2, "unknown scheme 'mysql'"),
    ("{tmp}/garbled.db", 1, "damaged or not a SQLite database"),
    ("{tmp}/truncated.db", 1, "damaged or not a SQLite database"),
    ("postgresql://nobody@127.0.0.1:1/none", 1, "cannot reach the database server"),
])
def test_a_bad_store_is_one_line(tmp_path, capsys, where, code, words):
    (tmp_path / "garbled.db").write_bytes(b"this is not a database at all" * 100)
    full = tmp_path / "full.db"
    with Store(str(full)) as store:     # closed: every page is in the file, none in its write-ahead log
        store.save(_result("t-1"))
    data = full.read_bytes()
    (tmp_path / "truncated.db").write_bytes(data[:len(data) // 3])
    src = _write(tmp_path / "in.jsonl", [json.dumps(GOOD[0])])
    db = where.format(tmp=tmp_path)
    _one_line_error(capsys, code, ["extract", str(src), "--db", db, "--workers", "1"], words)
    if code == 1 and "reach" not in words:
        _one_line_error(capsys, code, ["export", "--db", db], words)


def test_bad_port_and_output_are_usage_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["serve", "--port", "99999"])
    assert e.value.code == 2 and "a port is a number from 1 to 65535" in capsys.readouterr().err
    db = str(tmp_path / "x.db")
    Store(db).save(_result("t-1"))
    _one_line_error(capsys, 2, ["export", "--db", db, "-o", str(tmp_path / "none" / "e.csv")], "does not exist")
    _one_line_error(capsys, 2, ["export", "--db", db, "-o", str(tmp_path)], "it is a folder")


def _result(aid):
    from test_store import make_result
    return make_result(aid)


def test_a_failed_write_fails_that_article_only(tmp_path, monkeypatch, capsys):
    real = Store.save

    def flaky(self, result):
        if result.article.id == "w-1" and not result.skipped:
            raise ValueError("disk trouble on this one")
        return real(self, result)

    monkeypatch.setattr(Store, "save", flaky)
    src = _write(tmp_path / "in.jsonl", [json.dumps(g) for g in GOOD])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{src}:1: not stored, ValueError: disk trouble on this one" in err and "not stored        1" in err
    assert [(r[0], r[2]) for r in _articles(db)] == [("w-1", "failed"), ("w-2", "ok")]
    monkeypatch.setattr(Store, "save", real)
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1"]) == 0     # the next run stores it
    assert [(r[0], r[2]) for r in _articles(db)] == [("w-1", "ok"), ("w-2", "ok")]


def test_the_summary_fits_one_screen_and_articles_print_only_when_asked(tmp_path, capsys, monkeypatch):
    src = _write(tmp_path / "in.jsonl", [json.dumps(r) for r in GOOD + UNDATED] + ["{broken"])
    db = str(tmp_path / "x.db")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)         # stdout is the terminal: no per-article output
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {src}:5: not JSON")
    assert lines[1].startswith("4 articles read in ") and len(lines) < 12
    assert {ln.split()[0] for ln in lines[2:]} >= {"stored", "undated", "rejected", "fused"}
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--verbose"]) == 1
    out = capsys.readouterr().out
    assert out.count("already stored in") == 4


# --- every failure one line (issue #18 points 4, 6, 7) ----------------------------------------------------------

def test_classify_exits_0_whatever_the_number_of_records(tmp_path, capsys):
    src = _write(tmp_path / "s.jsonl", [json.dumps({"id": "c1", "text": "Rebels shelled the town of Gao."}),
                                         json.dumps({"id": "c2", "text": "Police fired tear gas at protesters."})])
    assert cli.main(["classify", str(src)]) == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == ["c1", "c2"]


@pytest.mark.parametrize("command", ["classify", "attribute", "geoparse"])
def test_a_text_command_on_a_missing_file_or_a_bad_record_is_one_line(tmp_path, capsys, command):
    _one_line_error(capsys, 2, [command, str(tmp_path / "nope.jsonl")], "no such file")
    _one_line_error(capsys, 2, [command, str(tmp_path)], "a folder")
    no_text = _write(tmp_path / "n.jsonl", [json.dumps({"id": "x1", "body": "no text here"})])
    _one_line_error(capsys, 1, [command, str(no_text)], "x1" if command == "attribute" else "n.jsonl:1")
    broken = _write(tmp_path / "b.jsonl", ['{"id": "x2", "text": '])
    assert cli.main([command, str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err


def test_the_write_token_comes_from_a_file_or_the_environment_and_the_command_line_form_warns(tmp_path, capsys,
                                                                                              monkeypatch):
    monkeypatch.delenv("POLEMOS_TOKEN", raising=False)
    serve = lambda *extra: cli.parser().parse_args(["serve", *extra])
    assert cli._token(serve()) is None
    (tmp_path / "token").write_text("s3cret-from-file\n")
    assert cli._token(serve("--token-file", str(tmp_path / "token"))) == "s3cret-from-file"
    monkeypatch.setenv("POLEMOS_TOKEN", "s3cret-from-env")
    assert cli._token(serve()) == "s3cret-from-env"
    assert capsys.readouterr().err == ""
    assert cli._token(serve("--token", "on-the-line")) == "on-the-line"
    assert "any local user can read it" in capsys.readouterr().err
    (tmp_path / "empty").write_text("\n")
    _one_line_error(capsys, 2, ["serve", "--db", str(tmp_path / "x.db"), "--token-file", str(tmp_path / "empty")],
                    "the token is empty")
    _one_line_error(capsys, 2, ["serve", "--db", str(tmp_path / "x.db"), "--token-file", str(tmp_path / "none")],
                    "No such file")
    assert "--token " not in cli.parser().parse_args(["serve"]).__class__.__name__      # parsed, not listed
    help_text = subprocess.run([sys.executable, "-m", "polemos.cli", "serve", "--help"], capture_output=True,
                               text=True, timeout=60).stdout
    assert "--token-file" in help_text and "POLEMOS_TOKEN" in help_text and "--token TOKEN" not in help_text


def test_a_store_with_garbled_pages_is_noticed_before_anything_is_read(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", [json.dumps(dict(g, id=f"{g['id']}-{n}", text=g["text"] + " " + "x" * 3000))
                                         for n in range(20) for g in GOOD])
    db = tmp_path / "pages.db"
    assert cli.main(["extract", str(src), "--db", str(db), "--workers", "1"]) == 0
    capsys.readouterr()
    data = bytearray(db.read_bytes())
    page = 4096
    noise = random.Random(7)
    for at in range(3 * page, len(data) - page, 5 * page):      # every fifth page from the fourth on, garbled
        data[at:at + page] = bytes(noise.randrange(256) for _ in range(page))
    db.write_bytes(bytes(data))
    for argv in (["extract", str(src), "--db", str(db), "--workers", "1"], ["export", "--db", str(db)]):
        _one_line_error(capsys, 1, argv, "damaged or not a SQLite database")


def test_serve_on_a_port_in_use_is_one_line(tmp_path, capsys):
    import socket
    db = str(tmp_path / "x.db")
    Store(db).save(_result("t-1"))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        _one_line_error(capsys, 2, ["serve", "--db", db, "--port", str(port)], f"cannot serve on 127.0.0.1:{port}")
