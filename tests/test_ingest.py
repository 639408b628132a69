import datetime as dt
import importlib.util
import io
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

from polemos import ingest
from polemos.errors import IngestError
from polemos.types import Article, Result

SHARED = Path(__file__).parents[1] / ".." / "shared"
BENCH = Path(__file__).parents[1] / "bench" / "fuzz_ingest.py"


INFER = ingest.Undated()


def read(*paths, undated=INFER) -> tuple[list[Article], list[IngestError]]:
    items = list(ingest.read([str(p) for p in paths], undated))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


def line(**rec) -> str:
    return json.dumps(rec, ensure_ascii=False)


def test_jsonl_broken_line_in_the_middle(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join([
        line(id="a", date="2020-10-05", text="Shelling hit Dovlan overnight.", outlet="Test Wire", language="EN"),
        '{"id": "b", "date": "2020-10-05", "text": "cut off',
        line(id="c", date="2020-10-06T09:30:00+04:00", text="A drone struck a depot near Mirzal."),
    ]) + "\n", encoding="utf-8")
    arts, errs = read(f)
    assert [a.id for a in arts] == ["a", "c"]
    assert [a.origin for a in arts] == [f"{f}:1", f"{f}:3"]
    assert arts[0].outlet == "Test Wire" and arts[0].language == "en"
    assert arts[1].date == dt.date(2020, 10, 6)
    assert [e.origin for e in errs] == [f"{f}:2"] and errs[0].message.startswith("not JSON")


@pytest.mark.parametrize("rec, message", [
    ({"text": "Shelling hit Dovlan."}, "no date"),
    ({"date": "", "text": "Shelling hit Dovlan."}, "no date"),
    ({"date": "2020-10-32", "text": "Shelling hit Dovlan."}, "bad date '2020-10-32'"),
    ({"date": "last Tuesday", "text": "Shelling hit Dovlan."}, "bad date"),
    ({"date": "2020-10-05", "text": "  "}, "empty text"),
    ({"date": "2020-10-05"}, "no text field"),
    ({"date": "2020-10-05", "text": 7}, "field 'text' must be a string"),
    ({"date": "2020-10-05", "text": "x", "outlet": ["a"]}, "field 'outlet' must be a string"),
])
def test_bad_records_are_named(tmp_path, rec, message):
    f = tmp_path / "b.jsonl"
    f.write_text(line(**rec) + "\n" + line(date="2020-10-05", text="Fine record.") + "\n", encoding="utf-8")
    arts, errs = read(f)
    assert len(arts) == 1
    assert len(errs) == 1 and errs[0].origin == f"{f}:1" and message in errs[0].message


def test_bad_utf8_is_reported_not_raised(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_bytes(line(date="2020-10-05", text="Good one.").encode() + b"\n"
                  + b'{"date": "2020-10-05", "text": "caf\xe9"}\n')
    arts, errs = read(f)
    assert len(arts) == 1
    assert errs[0].origin == f"{f}:2" and "not UTF-8" in errs[0].message


def test_missing_id_gets_a_stable_content_hash(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text(line(date="2020-10-05", text="Shelling hit Dovlan.") + "\n", encoding="utf-8")
    first, _ = read(f)
    again, _ = read(f)
    assert first[0].id == again[0].id == ingest.article_id(dt.date(2020, 10, 5), "Shelling hit Dovlan.")
    assert first[0].id.startswith("sha1:") and len(first[0].id) == 21


@pytest.mark.parametrize("name", ["e.jsonl", "e.csv"])
def test_empty_file(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    arts, errs = read(tmp_path / name)
    assert arts == [] and [e.message for e in errs] == ["empty file: no records"]


def test_csv_rows_and_errors(tmp_path):
    f = tmp_path / "f.csv"
    f.write_bytes(b'id,date,text,outlet\n'
                  b'1,2020-10-05,"Shelling hit Dovlan, officials said.",Test Wire\n'
                  b'2,2020-10-05,"Two\nlines"\n'
                  b'3,,No date here,\n'
                  b'4,2020-10-05,"caf\xe9",\n'
                  b'5,2020-10-07,"Two\nlines",\n')
    arts, errs = read(f)
    assert [(a.id, a.origin) for a in arts] == [("1", f"{f}:2"), ("5", f"{f}:7")]
    assert arts[1].text == "Two\nlines"
    assert [(e.origin, e.message.split(" (")[0].split(";")[0]) for e in errs] == [
        (f"{f}:3", "expected 4 fields, found 3"), (f"{f}:5", "no date"), (f"{f}:6", "not UTF-8")]


def test_csv_without_text_column(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("id,date,body\n1,2020-10-05,x\n", encoding="utf-8")
    arts, errs = read(f)
    assert arts == [] and errs[0].origin == str(f) and "missing column 'text'" in errs[0].message


def test_parquet(tmp_path):
    f = tmp_path / "h.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "date": [dt.date(2020, 10, 5), None],
                             "text": ["Shelling hit Dovlan.", "No date."]}), f)
    arts, errs = read(f)
    assert [(a.id, a.date, a.origin) for a in arts] == [("a", dt.date(2020, 10, 5), f"{f}:1")]
    assert [str(e) for e in errs] == [f"{f}:2: " + ingest.NO_DATE_INFER.format(why="no date")]


def test_not_parquet(tmp_path):
    f = tmp_path / "i.parquet"
    f.write_bytes(b"not parquet at all")
    _, errs = read(f)
    assert errs[0].origin == str(f) and errs[0].message.startswith("not a Parquet file")


def test_seed_format_and_plain_text_in_a_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(" date 2020-10-28 Shelling hit Dovlan.\n\nMore.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Just some text without a date.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    arts, errs = read(tmp_path)
    assert [(a.date, a.text) for a in arts] == [(dt.date(2020, 10, 28), "Shelling hit Dovlan.\n\nMore.")]
    assert [e.origin for e in errs] == [f"{tmp_path / 'b.txt'}:1"] and "--default-date" in errs[0].message


def test_html_with_and_without_date(tmp_path):
    body = "".join(f"<p>Paragraph {i}: officials said artillery shelled Dovlan overnight and damaged homes.</p>"
                   for i in range(4))
    (tmp_path / "a.html").write_text(
        '<html><head><meta property="article:published_time" content="2020-10-29T10:00:00+04:00">'
        f"<title>Dovlan shelled</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
    (tmp_path / "b.htm").write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    arts, errs = read(tmp_path)
    assert [(a.date, a.title) for a in arts] == [(dt.date(2020, 10, 29), "Dovlan shelled")]
    assert "shelled Dovlan" in arts[0].text
    assert arts[0].date_source == "metadata"
    assert [str(e) for e in errs] == [f"{tmp_path / 'b.htm'}:1: " + ingest.NO_DATE_INFER.format(
        why="HTML page without a publication date in its metadata")]


def test_stdin_jsonl(monkeypatch):
    data = (line(id="s1", date="2020-10-05", text="Shelling hit Dovlan.") + "\nnot json\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    arts, errs = read("-")
    assert [a.origin for a in arts] == ["<stdin>:1"] and [e.origin for e in errs] == ["<stdin>:2"]


def test_missing_path_and_unknown_type(tmp_path):
    (tmp_path / "x.docx").write_bytes(b"PK")
    _, errs = read(tmp_path / "nope.jsonl", tmp_path / "x.docx")
    assert [e.message.split(" (")[0] for e in errs] == ["no such file or folder", "unsupported file type '.docx'"]


def test_dates():
    assert ingest.parse_date("2020-10-05") == dt.date(2020, 10, 5)
    assert ingest.parse_date("2020-10-05T23:30:00-05:00") == dt.date(2020, 10, 5)   # the day as written
    assert ingest.parse_date("2020-10-05T08:00:00Z") == dt.date(2020, 10, 5)
    for bad in ("05/10/2020", "2020-10", "Oct 5 2020", ""):
        with pytest.raises(ValueError):
            ingest.parse_date(bad)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")
def test_seed_example_header():
    arts, errs = read(SHARED / "examples" / "seed-article.txt")
    assert not errs and arts[0].date == dt.date(2020, 10, 28)
    assert arts[0].text.startswith("According to")


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("fuzz_ingest", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod        # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


fuzz = _fuzz_module()


@pytest.mark.parametrize("fmt, n", [("jsonl", 60), ("csv", 50), ("parquet", 15), ("txt", 45), ("html", 30)])
def test_fuzz_short(fmt, n):
    """The bench/fuzz_ingest.py invariants on ~200 generated files: no crash, one error per bad record,
    no good record lost."""
    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzz.STRATEGIES[fmt])
    def run(recs):
        fuzz.check(fmt, recs)
    run()


def test_fuzz_whole_runs_short():
    """bench/fuzz_ingest.py's whole runs (ingest, pipeline, store, fusion) on a few generated files, giant texts
    among them: no exception, every good record stored, a re-run stores nothing new."""
    @settings(max_examples=4, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzz.run_records)
    def run(recs):
        fuzz.check_run(recs)
    run()
    fuzz.check_run([("good", giant) for giant in fuzz.GIANTS] + [("bad", fuzz.Bad("truncated", 9))])


# --- articles without a date ---------------------------------------------------------------------------

UNDATED = [
    line(id="u-1", text="BARDA, Azerbaijan - Rockets struck a market in Barda on Wednesday.\n"
                        "On October 28, 2020 the ministry said two civilians were killed. "
                        "Shelling on October 27, 2020 had damaged a school."),
    line(id="u-2", text="Shelling hit Martuni overnight, officials said."),
    line(id="d-1", date="2020-10-14", text="Rockets hit Martuni on Wednesday, the ministry said."),
]


def test_undated_text_gets_the_latest_full_date_it_states(tmp_path):
    f = tmp_path / "u.jsonl"
    f.write_text("\n".join(UNDATED) + "\n", encoding="utf-8")
    arts, errs = read(f)
    assert [(a.id, a.date, a.date_source) for a in arts] == [
        ("u-1", dt.date(2020, 10, 28), "text"), ("d-1", dt.date(2020, 10, 14), "given")]
    assert arts[0].language == "en"             # detected to read its dates; the pipeline keeps it
    assert [e.origin for e in errs] == [f"{f}:2"]
    assert errs[0].message == ("no date; no full date in the text either: "
                               "pass --default-date YYYY-MM-DD (or --undated skip)")


def test_undated_without_an_id_gets_its_hash_from_the_inferred_date(tmp_path):
    f = tmp_path / "h.jsonl"
    text = "Officials said on 5 October 2020 that a drone hit a depot near Mirzal."
    f.write_text(line(text=text) + "\n", encoding="utf-8")
    arts, _ = read(f)
    assert arts[0].id == ingest.article_id(dt.date(2020, 10, 5), text)


def test_infer_date():
    today = dt.date(2020, 11, 2)
    assert ingest.infer_date("Talks are set for 3 November 2020. Fighting went on near Fizuli on 1 November 2020.",
                             "en", today=today) == dt.date(2020, 11, 1)          # the future one is left out
    assert ingest.infer_date("Le 24 octobre 2020, des roquettes ont frappé Barda.", "fr") == dt.date(2020, 10, 24)
    assert ingest.infer_date("Ракеты попали в Барду 28.10.2020 утром.", "ru") == dt.date(2020, 10, 28)
    assert ingest.infer_date("A drone hit a depot, 01/10/2020 13:58.", "en") == dt.date(2020, 10, 1)  # day first
    assert ingest.infer_date("A drone hit a depot.", "en", title="Update - October 10, 2020") == dt.date(2020, 10, 10)
    for vague in ("Shelling hit Martuni on October 28, officials said.",             # no year: no guess
                  "The region has been disputed since the 1990s; 25 years of talks failed.",
                  "Rockets hit Barda yesterday and on Monday."):
        assert ingest.infer_date(vague, "en") is None, vague


def test_undated_html_takes_the_date_from_its_text(tmp_path):
    body = ("<p>STEPANAKERT, 27 October 2020 - Officials said artillery shelled Martuni overnight.</p>"
            + "<p>Residents spent the night in basements as shelling went on near the town.</p>" * 3)
    (tmp_path / "a.html").write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    arts, errs = read(tmp_path)
    assert not errs and [(a.date, a.date_source) for a in arts] == [(dt.date(2020, 10, 27), "text")]


def test_seed_text_without_header_is_dated_from_its_text(tmp_path):
    (tmp_path / "a.txt").write_text("YEREVAN, Oct. 9, 2020 - Shelling hit Stepanakert, officials said.",
                                    encoding="utf-8")
    arts, errs = read(tmp_path)
    assert not errs and [(a.date, a.date_source, a.origin) for a in arts] == [
        (dt.date(2020, 10, 9), "text", f"{tmp_path / 'a.txt'}:1")]


def test_default_date_for_what_cannot_be_inferred(tmp_path):
    f = tmp_path / "u.jsonl"
    f.write_text("\n".join(UNDATED) + "\n", encoding="utf-8")
    arts, errs = read(f, undated=ingest.Undated("infer", dt.date(2020, 11, 1)))
    assert not errs
    assert [(a.id, a.date, a.date_source) for a in arts] == [
        ("u-1", dt.date(2020, 10, 28), "text"), ("u-2", dt.date(2020, 11, 1), "default"),
        ("d-1", dt.date(2020, 10, 14), "given")]


def test_reject_names_each_undated_record_and_reads_the_rest(tmp_path):
    f = tmp_path / "u.jsonl"
    f.write_text("\n".join(UNDATED) + "\n", encoding="utf-8")
    arts, errs = read(f, undated=ingest.Undated("reject"))
    assert [a.id for a in arts] == ["d-1"]
    assert [e.origin for e in errs] == [f"{f}:1", f"{f}:2"]
    assert errs[0].message.startswith("no date (--undated reject): pass --default-date YYYY-MM-DD")
    arts, errs = read(f, undated=ingest.Undated("reject", dt.date(2020, 11, 1)))
    assert not errs and [a.date_source for a in arts] == ["default", "default", "given"]


def test_skip_yields_the_undated_article_as_skipped(tmp_path):
    f = tmp_path / "u.jsonl"
    f.write_text("\n".join(UNDATED) + "\n", encoding="utf-8")
    items = list(ingest.read([str(f)], ingest.Undated("skip")))
    skipped = [i for i in items if isinstance(i, Result)]
    assert [(r.article.id, r.article.origin, r.skipped) for r in skipped] == [
        ("u-1", f"{f}:1", "no date (--undated skip)"), ("u-2", f"{f}:2", "no date (--undated skip)")]
    assert all(r.article.date is None and r.article.date_source == "none" for r in skipped)
    assert [i.id for i in items if isinstance(i, Article)] == ["d-1"]


def test_make_article_without_a_policy_keeps_the_plain_error():
    assert ingest.make_article({"text": "On October 28, 2020 rockets hit Barda."}, "articles[0]") == \
        IngestError("articles[0]", "no date")
    a = ingest.make_article({"text": "On October 28, 2020 rockets hit Barda."}, "articles[0]", ingest.Undated())
    assert (a.date, a.date_source) == (dt.date(2020, 10, 28), "text")


@pytest.mark.skipif(not (SHARED / "data" / "corpus" / "articles.jsonl").exists(), reason="../shared not present")
def test_corpus_dates_are_inferred_as_given():
    """On the corpus articles that do carry a date, the date read from their text is that date or up to 3 days
    before it (the latest day a report tells of) for at least 9 in 10 of those that state a full date."""
    recs = [json.loads(x) for x in (SHARED / "data" / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    dated = [r for r in recs if r.get("date") and r.get("date_precision") == "day"][:120]
    near = found = 0
    for r in dated:
        d = ingest.infer_date(r["text"], r.get("language"), r.get("title"))
        if d:
            found += 1
            near += 0 <= (dt.date.fromisoformat(r["date"]) - d).days <= 3
    assert found >= 20 and near / found >= 0.9, (near, found)


def test_keep_dates_a_text_to_its_month_or_stores_it_undated(tmp_path):
    f = tmp_path / "m.jsonl"
    f.write_text("\n".join(UNDATED[1:] + [line(id="m-1", text="Throughout October 2020 shelling hit Tartar.")])
                 + "\n", encoding="utf-8")
    items = list(ingest.read([str(f)], ingest.Undated("infer", keep=True)))
    assert [type(i).__name__ for i in items] == ["Result", "Article", "Article"]
    assert (items[0].article.id, items[0].article.date, items[0].article.date_source) == ("u-2", None, "none")
    assert items[0].skipped.startswith("no date: stored undated")
    assert (items[2].date, items[2].date_source) == (dt.date(2020, 10, 1), "month")
    assert ingest.infer_month("The talks of 1994 failed; 25 years on, nothing.", "en") is None
    assert ingest.infer_month("Les combats ont repris en octobre 2020.", "fr") == dt.date(2020, 10, 1)


def test_a_date_known_to_its_month_dates_relative_days_to_the_month(tmp_path):
    f = tmp_path / "p.jsonl"
    rows = [{"id": "p-1", "date": "2023-06-01", "date_precision": "month", "language": "en",
             "text": "Militants attacked an army post near Gao on Friday, killing four soldiers, officials said."},
            {"id": "p-2", "date": "2023-06-01", "date_precision": "month", "language": "en",
             "text": "On 14 June 2023, militants attacked an army post near Gao, killing four soldiers, police said"},
            {"id": "p-3", "date": "2023-06-01", "date_precision": "week", "text": "Shelling hit Kidal."}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    items = list(ingest.read([str(f)]))
    assert [a.date_source for a in items[:2]] == ["month", "month"]
    assert "date_precision" in str(items[2]) and "'week'" in str(items[2])
    from polemos.pipeline import Pipeline
    relative, stated = Pipeline.default().run(items[:2])
    assert relative.events and all(e.time_precision == 3 for e in relative.events)
    assert stated.events and all(e.time_precision == 1 and e.date == "2023-06-14" for e in stated.events)
