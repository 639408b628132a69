"""No input stops a run. Killing an ingest at any point loses only the article in flight; a re-run completes the
batch with no duplicates (the real CLI on 5,000 generated one-sentence articles, killed with SIGKILL midway). A
text of a million characters is read in pieces; one over the cap, an error outside the stages or a failing fusion
fails one article (or leaves the claims pending), and the batch goes on."""
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polemos import pieces
from polemos.types import Article

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


# --- no article stops a run (issue #18 point 1) ---------------------------------------------------------------

WIRE = [    # invented wire sentences from many wars
    "Government forces shelled the town of Kreminna on Monday, killing three civilians, the regional governor said.",
    "Rebels said they attacked an army post near the town of Gao on Tuesday, killing five soldiers.",
    "An air strike hit a market in Marib on Wednesday, killing seven people, medics said.",
    "Militants fired rockets at the town of Sderot on Thursday, the army said, and no one was hurt.",
    "Soldiers clashed with insurgents near Bunia on Friday, leaving four dead, a local official said.",
    "Artillery struck the outskirts of Martuni overnight, the ministry said.",
    "A drone strike killed two fighters near Idlib on Saturday, a monitoring group said.",
    "Troops and rebels fought near Kidal on Sunday, officials said, with six killed.",
    "Police fired tear gas at protesters in Khartoum on Monday, witnesses said.",
    "Gunmen attacked a village near Maiduguri on Tuesday, killing nine people, residents said.",
]


def _wire_file(path: Path, giant: str | None = None, at: int = 20, n: int = 41) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = giant if giant is not None and i == at else WIRE[i % len(WIRE)]
            f.write(json.dumps({"id": f"a-{i:02d}", "date": "2022-05-02", "text": text, "language": "en"}) + "\n")
    return path


def _giant(length: int = 1_000_001) -> str:
    """An article with a pasted data dump: a report at the head, hex lines, a report at the tail."""
    head, tail = WIRE[2] + "\n\n", "\n\n" + WIRE[0]
    lines = (hashlib.sha256(str(i).encode()).hexdigest() * 2 for i in itertools.count())
    body = "\n".join(itertools.islice(lines, length // 129 + 1))[:length - len(head) - len(tail)]
    return head + body + tail


def _status(db: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(db) as conn:
        return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, status, skip_reason FROM articles")}


def test_pieces_are_cut_at_paragraphs_then_sentences_then_words():
    text = "One two three. Four five six.\n\nSeven eight nine ten. Eleven twelve.\n\nThirteen."
    starts = pieces.cuts(text, 40)
    assert starts == [0, text.index("Seven"), text.index("Thirteen")]
    assert pieces.cuts("Alpha beta gamma. Delta epsilon zeta. Eta theta. Iota kappa.", 25) == [0, 18, 38]
    assert pieces.cuts("a" * 25, 10) == [0, 10, 20]                # no boundary at all: cut at the size
    art = Article(id="p", date=dt.date(2022, 5, 2), text=text)
    assert "".join(p.text for _, p in pieces.split(art, 40)) == text
    assert pieces.split(art, len(text)) == [(0, art)]


def test_a_long_text_is_read_in_pieces_with_offsets_into_the_whole_text(monkeypatch):
    from polemos.pipeline import Pipeline
    monkeypatch.setattr(pieces, "PIECE", 400)
    text = "\n\n".join([WIRE[1], WIRE[7]] * 5)     # one war's reports: a text naming no state takes its towns' zone
    art = Article(id="long-1", date=dt.date(2022, 5, 2), text=text, language="en")
    result = next(Pipeline.default().run([art]))
    assert result.article is art and not result.skipped and len(pieces.cuts(text)) > 2
    starts = pieces.cuts(text)
    piece_of = lambda at: sum(s <= at for s in starts)
    assert {piece_of(e.evidence_span.start) for e in result.events} == set(range(1, len(starts) + 1))
    assert {e.location.mention for e in result.events} == {"Gao", "Kidal"}
    for rec in (*result.events, *result.claims):
        assert text[rec.evidence_span.start:rec.evidence_span.end] == rec.evidence
    for e in result.events:
        span = e.location.span
        assert span is None or text[span.start:span.end] == e.location.mention
    assert all(0 <= a.span.start < a.span.end <= len(text) for a in result.attributions)


def test_an_error_outside_the_stages_fails_that_article_only(monkeypatch):
    from polemos.pipeline import Pipeline
    real = Pipeline._doc

    def tokenizer_trouble(model, article):
        if "Marib" in article.text:
            raise MemoryError("the tokenizer ran out of memory")
        return real(model, article)

    monkeypatch.setattr(Pipeline, "_doc", staticmethod(tokenizer_trouble))
    arts = [Article(id=f"e-{i}", date=dt.date(2022, 5, 2), text=t, language="en") for i, t in enumerate(WIRE[:5])]
    results = list(Pipeline.default().run(arts))
    assert [r.article.id for r in results] == [a.id for a in arts]
    assert [r.failed for r in results] == [False, False, True, False, False]
    assert "MemoryError: the tokenizer ran out of memory" in results[2].skipped
    assert sum(bool(r.events) for r in results if not r.skipped) >= 3


def test_a_failing_fusion_keeps_every_article_and_the_next_fuse_tries_again(tmp_path, monkeypatch, capsys):
    from polemos import cli
    from polemos.store import Store
    src, db = _wire_file(tmp_path / "in.jsonl", n=3), tmp_path / "f.db"
    real = Store.fuse
    monkeypatch.setattr(Store, "fuse", lambda self, full=False: 1 / 0)
    assert cli.main(["extract", str(src), "--db", str(db), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "fusion failed: ZeroDivisionError" in err and "Traceback" not in err
    assert {s for s, _ in _status(db).values()} == {"ok"} and len(_status(db)) == 3
    monkeypatch.setattr(Store, "fuse", real)
    assert cli.main(["fuse", "--db", str(db), "-o", str(tmp_path / "ev.jsonl")]) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM fused_events WHERE pending = 1").fetchone()[0] == 0


def test_a_text_over_the_cap_fails_alone_and_a_rerun_retries_only_it(tmp_path, capsys):
    from polemos import cli
    src, db = _wire_file(tmp_path / "in.jsonl", giant=_giant()), tmp_path / "cap.db"
    assert cli.main(["extract", str(src), "--db", str(db), "--workers", "1", "--max-chars", "500000"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and re.search(r"stored +40 ", err) and re.search(r"failed +1 ", err)
    status = _status(db)
    assert len(status) == 41 and status["a-20"][0] == "failed"
    assert "1,000,001 characters is over the limit of 500,000" in status["a-20"][1]
    assert cli.main(["extract", str(src), "--db", str(db), "--workers", "1", "--max-chars", "500000"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"already +40 ", err) and re.search(r"failed +1 ", err) and re.search(r"stored +0 ", err)


@pytest.mark.slow
def test_a_million_character_article_in_a_batch_of_41_is_read_in_pieces(tmp_path, capsys):
    from polemos import cli
    giant = _giant()
    src, db = _wire_file(tmp_path / "in.jsonl", giant=giant), tmp_path / "giant.db"
    assert cli.main(["extract", str(src), "--db", str(db), "--workers", "1"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    status = _status(db)
    assert len(status) == 41 and {s for s, _ in status.values()} == {"ok"}
    with sqlite3.connect(db) as conn:
        spans = conn.execute("SELECT evidence_start, evidence_end, evidence FROM events WHERE article_id = 'a-20'"
                             ).fetchall()
    assert any(start > 999_000 for start, _, _ in spans)           # the report at the tail, in the last piece
    assert all(giant[start:end] == text for start, end, text in spans)


def test_a_store_that_takes_no_write_stops_the_run_in_one_line(tmp_path, monkeypatch, capsys):
    from polemos import cli, runner
    from polemos.store import Store

    def full(self, result):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "save", full)
    monkeypatch.setattr(runner, "STORE_FAILURES", 3)
    src = _wire_file(tmp_path / "in.jsonl", n=6)
    assert cli.main(["extract", str(src), "--db", str(tmp_path / "full.db"), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith("error: 3 writes in a row failed, the last with OperationalError: "
                                           "database or disk is full")
