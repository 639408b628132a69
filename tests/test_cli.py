"""The command line over real files: bad input is reported and the good records stored; re-runs add nothing."""
import csv
import io
import json
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
                              text=True, timeout=60)
        assert done.returncode == 0 and "usage:" in done.stdout, command


UNDATED = [{"id": "u-1", "text": "On October 28, 2020 rockets struck Barda, the ministry said."},
           {"id": "u-2", "text": "Shelling hit Martuni overnight, officials said."}]


def _articles(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, date, status, skip_reason FROM articles ORDER BY id").fetchall()


def test_undated_articles_are_inferred_or_named_with_what_to_pass(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", [json.dumps(r) for r in UNDATED + GOOD])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--format", "jsonl"]) == 1
    err = capsys.readouterr().err
    assert f"error: {src}:2: no date; no full date in the text either: pass --default-date YYYY-MM-DD" in err
    assert "0 rejected" not in err and "1 rejected (publication dates: 1 read from the text)" in err
    assert [r[:2] for r in _articles(db)] == [("u-1", "2020-10-28"), ("w-1", "2020-10-14"), ("w-2", "2020-10-15")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT date FROM events WHERE article_id = 'u-1'").fetchall() == [("2020-10-28",)]


def test_default_date(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", [json.dumps(r) for r in UNDATED])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--default-date", "2020-11-01"]) == 0
    assert "(publication dates: 1 read from the text, 1 given --default-date)" in capsys.readouterr().err
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
    assert "2 without a date stored unrun (--undated skip)" in capsys.readouterr().err
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
    ("f-1", "2020-10-05", "Azerbaijani forces shelled Martuni on Monday, killing two civilians, the Armenian Defence "
                          "Ministry said."),
    ("f-2", "2020-10-13", "An Azerbaijani drone struck a convoy near Stepanakert on Tuesday, the Artsakh Defence "
                          "Ministry said."),
    ("f-3", "2020-10-21", "Armenian forces fired rockets at Tartar on Tuesday, killing one civilian, Azerbaijan's "
                          "Defense Ministry said."),
    ("f-4", "2020-10-21", "Armenia's Defence Ministry denied that its forces fired rockets at Tartar on Tuesday."),
    ("f-5", "2020-11-03", "The International Committee of the Red Cross said on Monday that shells hit Barda, killing "
                          "three civilians."),
    ("f-6", "2020-10-28", "Azerbaijani drones struck Vardenis in Armenia on Tuesday, the Armenian Defence Ministry "
                          "said."),
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
    assert cli.main(["extract", str(dated), "--db", db, "--workers", "1", "--format", "acled-csv"]) == 0
    assert cli.main(["extract", str(undated), "--db", db, "--workers", "1", "--undated", "skip"]) == 0
    rows = {r["id"]: dict(r, gid=r["fused_id"] or r["id"]) for r in Store(db).events()}
    return db, rows


def export_out(tmp_path, db, fmt, args):
    """What `polemos export` writes: the record ids in it (a count for the table, fused ids for articles-jsonl)."""
    import pandas as pd

    out = tmp_path / f"out.{fmt}"
    assert cli.main(["export", "--db", db, "--format", fmt, "-o", str(out), *args]) == 0
    if fmt == "parquet":
        return set(pd.read_parquet(out)["event_id_cnty"])
    text = out.read_text(encoding="utf-8")
    if fmt == "acled-csv":
        return {r["event_id_cnty"] for r in csv.DictReader(io.StringIO(text))}
    if fmt == "geojson":
        return {f["id"] for f in json.loads(text)["features"]}
    if fmt == "plover-json":
        return {r["id"] for r in json.loads(text)}
    if fmt == "table":
        return int(re.search(r"\((\d+) events\)", text).group(1))
    lines = [json.loads(x) for x in text.splitlines()]
    if fmt == "jsonl":
        return {c["record_id"] for ev in lines for c in ev["claims"]}
    return {e["fused_id"] for x in lines for e in x["events"] + x["tallies"]}


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
    """Every record of each fused event one of whose records passes `check`."""
    gids = {r["gid"] for r in rows.values() if check(dict(r, place=r["location_name"]))}
    return {rid for rid, r in rows.items() if r["gid"] in gids}


@pytest.mark.parametrize("fmt", FORMATS_OUT)
@pytest.mark.parametrize("name", list(FILTERS))
def test_each_export_filter_narrows_every_format(filled, tmp_path, name, fmt):
    db, rows = filled
    args, check = FILTERS[name]
    want = expected(rows, check)
    assert 0 < len(want) < len(rows), name               # the invented articles make every filter narrow
    got = export_out(tmp_path, db, fmt, args)
    if fmt == "table":
        assert got == len(want)
    elif fmt == "articles-jsonl":
        assert got == {rows[r]["gid"] for r in want}
    else:
        assert got == want


def test_no_filter_exports_everything(filled, tmp_path):
    db, rows = filled
    assert export_out(tmp_path, db, "acled-csv", []) == set(rows)
    assert export_out(tmp_path, db, "table", []) == len(rows)


def test_fuse_and_events_take_the_filters(filled, tmp_path, capsys):
    db, rows = filled
    out = tmp_path / "fused.jsonl"
    assert cli.main(["fuse", "--db", db, "-o", str(out), "--disputed"]) == 0
    assert "1 match the filters" in capsys.readouterr().err
    fused = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [ev["location"]["name"] for ev in fused] == ["Tartar"] and fused[0]["disputed"]
    assert {c["record_id"] for c in fused[0]["claims"]} == expected(rows, FILTERS["disputed"][1])
    assert cli.main(["events", "--db", db, "--disputed", "--format", "table"]) == 0
    assert "(2 events)" in capsys.readouterr().out
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
