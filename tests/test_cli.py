"""The command line over real files: bad input is reported and the good records stored; re-runs add nothing."""
import json
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
    assert [r[:2] for r in _articles(db)] == [("u-1", "2020-10-28"), ("w-1", "2020-10-14"), ("w-2", "2020-10-15")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT date FROM events WHERE article_id = 'u-1'").fetchall() == [("2020-10-28",)]


def test_default_date(tmp_path):
    src = _write(tmp_path / "in.jsonl", [json.dumps(r) for r in UNDATED])
    db = str(tmp_path / "x.db")
    assert cli.main(["extract", str(src), "--db", db, "--workers", "1", "--default-date", "2020-11-01"]) == 0
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
