"""Engines: chunking, input counts, the progress line, 1 worker = N workers = Ray, and resuming `polemos extract`."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import time

import pytest

from polemos import cli, engine
from polemos.types import Article

TEXTS = [
    ("en", ("Azerbaijani forces shelled the town of Martuni on Tuesday, killing two civilians, the Armenian "
           "defence ministry said.")),
    ("en", ("Armenian troops fired on Tartar overnight, Azerbaijan's defence ministry said in a statement.\n"
           "One soldier was wounded, it said.")),
    ("pt", "As forças bombardearam a cidade no sábado, disse o ministério da Defesa."),   # no reader: skipped
    ("en", ("The Turkish foreign minister accused Armenia of attacking civilian areas and demanded an immediate "
           "withdrawal.")),
    ("en", "A drone strike hit a military convoy near Fuzuli on Sunday, according to the Azerbaijani army."),
]


def articles() -> list[Article]:
    return [Article(id=f"t{i}", date=dt.date(2020, 10, 8), text=text, language=lang)
            for i, (lang, text) in enumerate(TEXTS)]


def plain(results) -> list[dict]:
    return [dataclasses.asdict(r) for r in results]


def test_chunks_cut_the_stream_in_order():
    assert list(engine.chunks(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(engine.chunks([], 2)) == []


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown engine"):
        engine.make("spark")


def test_count_articles_of_files_and_folders(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"date": "2020-10-01", "text": "x"}\n' * 3, encoding="utf-8")
    (tmp_path / "b.csv").write_text("date,text\n2020-10-01,x\n2020-10-02,y\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("date 2020-10-01\nx", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("date 2020-10-01\nx", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    assert engine.count_articles([str(tmp_path)]) == 6
    assert engine.count_articles([str(tmp_path / "a.jsonl"), str(tmp_path / "c.txt")]) == 4
    assert engine.count_articles(["-"]) is None


def test_progress_line_has_rate_and_eta():
    p = engine.Progress(io.StringIO(), total=100)
    p.advance()                         # the rate counts from the first article done, not from start-up
    p.done = 26
    line = p.line(p.first[0] + 5.0)
    assert "26/100 articles" in line and "5.0/s" in line and "ETA 0m14s" in line
    assert "?/s" in engine.Progress(io.StringIO()).line(time.monotonic())


def test_progress_is_silent_off_a_terminal():
    out = io.StringIO()
    p = engine.Progress(out, total=3, every=0)
    for _ in range(3):
        p.advance()
    p.close()
    assert out.getvalue() == ""


def test_one_worker_in_input_order():
    results = list(engine.LocalEngine(workers=1, chunk_size=2).run(articles()))
    assert [r.article.id for r in results] == ["t0", "t1", "t2", "t3", "t4"]
    assert results[2].skipped and not results[0].skipped


@pytest.mark.slow
def test_two_workers_give_the_results_of_one():
    one = list(engine.LocalEngine(workers=1, chunk_size=2).run(articles()))
    two = list(engine.LocalEngine(workers=2, chunk_size=2).run(articles()))
    assert plain(two) == plain(one)
    assert any(r.events for r in one)


@pytest.mark.slow
def test_spawned_workers_give_the_results_of_one():
    one = list(engine.LocalEngine(workers=1, chunk_size=2).run(articles()))
    two = list(engine.LocalEngine(workers=2, chunk_size=2, start_method="spawn").run(articles()))
    assert plain(two) == plain(one)


@pytest.mark.slow
def test_ray_gives_the_results_of_local(tmp_path):
    pytest.importorskip("ray.data", reason="the ray extra is not installed (pip install 'polemos[ray]')")
    local = list(engine.LocalEngine(workers=1, chunk_size=2).run(articles()))
    ray = list(engine.RayEngine(workers=2, chunk_size=2, tmp=str(tmp_path)).run(articles()))
    assert plain(ray) == plain(local)


def _jsonl(path, arts) -> None:
    path.write_text("".join(json.dumps({"id": a.id, "date": a.date.isoformat(), "text": a.text,
                                        "language": a.language}) + "\n" for a in arts), encoding="utf-8")


@pytest.mark.slow
def test_extract_resumes_where_it_stopped(tmp_path, capsys):
    arts, db = articles(), str(tmp_path / "p.db")
    _jsonl(tmp_path / "first.jsonl", arts[:2])
    _jsonl(tmp_path / "all.jsonl", arts)
    assert cli.main(["extract", str(tmp_path / "first.jsonl"), "--db", db, "--workers", "1"]) == 0
    capsys.readouterr()
    assert cli.main(["extract", str(tmp_path / "all.jsonl"), "--db", db, "--workers", "2",
                     "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert "5 articles read" in err and "already           2" in err and "language          1" in err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["t0", "t1", "t2", "t3", "t4"]


def test_workers_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        cli.main(["extract", "x.jsonl", "--workers", "0"])
    assert "must be 1 or more" in capsys.readouterr().err


def test_pipeline_keeps_input_order_across_languages():
    from polemos.pipeline import Pipeline
    texts = [("ru", "Минобороны Армении заявило, что Степанакерт обстреляли в среду."), *TEXTS[:2], ("pt", "Nada."),
             ("fr", "Le ministère a déclaré que Barda avait été bombardée mercredi.")]
    arts = [Article(id=f"o{i}", date=dt.date(2020, 10, 8), text=t, language=lang) for i, (lang, t) in enumerate(texts)]
    results = list(Pipeline.default().run(arts, batch_size=16))
    assert [r.article.id for r in results] == [a.id for a in arts]
    assert [bool(r.skipped) for r in results] == [False, False, False, True, False]


def test_ray_timing_counts_the_steady_state_from_the_last_actor_ready():
    row = lambda w, start, end, words: {"worker": w, "node": w[0], "started": start, "ended": end, "words": words,
                                        "cpu": end - start}
    rows = [row("a1", 10.0, 12.0, 100), row("a1", 12.0, 14.0, 100), row("b1", 13.0, 15.0, 300),
            row("a1", 14.0, 16.0, 100)]
    t = engine._timing(rows, begun=4.0)
    assert t["start_s"] == 6.0 and t["ready_s"] == 9.0 and t["work_s"] == 6.0
    assert t["steady_wps"] == 400 / 3.0          # the chunks begun at or after 13.0, over 13.0 to 16.0
    assert t["steady_cpu_wps"] == 100.0
    assert t["nodes"] == ["a", "b"] and t["workers"] == 2 and t["words"] == 600
    assert engine._timing([], begun=0.0) == {}
