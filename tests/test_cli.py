"""The command line over real files: bad input is reported and the good records stored; re-runs add nothing."""
import json
import sqlite3
import subprocess
import sys

from polemos import cli

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
