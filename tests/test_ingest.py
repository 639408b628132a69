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
from polemos.types import Article

SHARED = Path(__file__).parents[1] / ".." / "shared"
BENCH = Path(__file__).parents[1] / "bench" / "fuzz_ingest.py"


def read(*paths) -> tuple[list[Article], list[IngestError]]:
    items = list(ingest.read([str(p) for p in paths]))
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
    assert [(e.origin, e.message.split(" (")[0]) for e in errs] == [
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
    assert [str(e) for e in errs] == [f"{f}:2: no date"]


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
    assert [e.origin for e in errs] == [str(tmp_path / "b.txt")] and "date" in errs[0].message


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
    assert [str(e) for e in errs] == [f"{tmp_path / 'b.htm'}: HTML page without a publication date in its metadata"]


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
