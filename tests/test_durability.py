"""Killing an ingest at any point loses only the article in flight; a re-run completes the batch with no
duplicates. Runs the real CLI on 5,000 generated one-sentence articles and kills it with SIGKILL midway."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PLACES = ["Martuni", "Tartar", "Ganja", "Hadrut", "Barda", "Shushi", "Stepanakert", "Goranboy"]
N = 5000


def _corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(N):
            place = PLACES[i % len(PLACES)]
            text = f"Rockets hit {place} on Monday, officials said in report number {i}."
            f.write(json.dumps({"id": f"gen-{i}", "date": "2020-10-14", "text": text, "language": "en"}) + "\n")


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _extract(corpus: Path, db: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "polemos.cli", "extract", str(corpus), "--db", str(db), "--format", "jsonl"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _no_process_left(db: Path, wait: float) -> bool:
    """No process but this one names the database on its command line (within `wait` seconds)."""
    deadline = time.time() + wait
    while time.time() < deadline:
        left = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if str(db).encode() in cmd and int(pid) != os.getpid():
                left.append(pid)
        if not left:
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_sigkill_midway_then_rerun_stores_every_article_once(tmp_path):
    corpus, db = tmp_path / "gen.jsonl", tmp_path / "kill.db"
    _corpus(corpus)
    proc = _extract(corpus, db)
    deadline = time.time() + 600
    while _count(db, "articles") < 300 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.5)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _no_process_left(db, wait=15), "workers of the killed run are still alive"
    stored_at_kill = _count(db, "articles")
    assert 0 < stored_at_kill < N
    assert subprocess.run(_extract(corpus, db).args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          timeout=1800, check=False).returncode == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (N, N)
        events, distinct = conn.execute("SELECT count(*), count(DISTINCT article_id || '|' || evidence_start || '|'"
                                        " || location_name || '|' || sub_event_type) FROM events").fetchone()
    assert events == distinct and events >= N
