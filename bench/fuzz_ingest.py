"""Fuzzing of polemos.ingest with hypothesis: hostile files must give one clear error per bad record,
lose no good record, and never crash the batch.

    python bench/fuzz_ingest.py            # 10,000+ generated files, 200 whole runs; prints a table
    python bench/fuzz_ingest.py --quick    # 200 files, 10 runs

Each generated case is a list of good and bad records written as one file (JSONL, CSV, Parquet) or a folder
(seed-format .txt, .html). The "run" cases go through polemos.run (ingest, pipeline, store, fusion) with giant
texts among them (read in pieces, or over --max-chars): no exception, every good record stored, a re-run stores
nothing new. tests/test_ingest.py and tests/test_durability.py run the same checks with fewer examples.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from polemos import ingest  # noqa: E402
from polemos.errors import IngestError  # noqa: E402
from polemos.types import Article  # noqa: E402


@dataclass
class Good:
    date: dt.date
    date_text: str
    text: str
    id: str | None


@dataclass
class Bad:
    kind: str
    payload: Any = None


@dataclass
class Tally:
    cases: int = 0
    good: int = 0
    bad: int = 0
    errors: int = 0
    seconds: float = 0.0
    kinds: set[str] = field(default_factory=set)


TALLY: dict[str, Tally] = {}

# --- strategies -----------------------------------------------------------------------------------------

# Any character but NUL (stripped on reading) and lone surrogates (not encodable).
chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
texts = st.one_of(
    st.text(chars, min_size=1, max_size=200),
    st.sampled_from(["Shelling hit Dovlan overnight, officials said.", "Обстрел продолжался всю ночь.",
                     "قصف مدفعي على البلدة", "x" * 300_000]),   # the last one: a huge but valid record
).filter(lambda t: t.strip() != "")
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
web_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2024, 12, 31))  # htmldate's plausible range


@st.composite
def goods(draw: Any, with_id: bool = True, within: Any = dates) -> Good:
    d = draw(within)
    form = draw(st.sampled_from(["{d}", "{d}T10:20:30", "{d}T23:59:00Z", "{d}T01:00:00+04:00", "{d} 08:00"]))
    gid = draw(st.one_of(st.none(), st.from_regex(r"[a-z]{1,6}-[0-9]{1,6}", fullmatch=True))) if with_id else None
    return Good(date=d, date_text=form.format(d=d.isoformat()), text=draw(texts), id=gid)


bad_dates = st.sampled_from(["2020-13-01", "2020-02-30", "yesterday", "28/10/2020", "0000-00-00", "2020-10-28T25:00",
                             "20xx-10-28", "2020-10-28garbage"])
binary = st.binary(min_size=1, max_size=200).map(lambda b: b.replace(b"\n", b"") + b"\xff\xfe")
jsonl_bad = st.one_of(
    st.tuples(st.just("binary"), binary),
    st.tuples(st.just("truncated"), st.integers(1, 40)),
    st.tuples(st.just("no-date"), st.none()),
    st.tuples(st.just("bad-date"), bad_dates),
    st.tuples(st.just("empty-text"), st.sampled_from(["", "   ", "\n\t"])),
    st.tuples(st.just("no-text"), st.none()),
    st.tuples(st.just("not-object"), st.sampled_from(["[1, 2]", "42", '"text"', "null", "true"])),
    st.tuples(st.just("text-not-string"), st.sampled_from(["12", "[]", '{"a": 1}'])),
    st.tuples(st.just("surrogate"), st.none()),
    st.tuples(st.just("deep"), st.integers(2000, 50_000)),
    st.tuples(st.just("huge-int"), st.integers(5000, 20_000)),
).map(lambda t: Bad(*t))
csv_bad = st.one_of(
    st.tuples(st.just("bad-bytes"), binary),
    st.tuples(st.just("width"), st.integers(1, 2)),
    st.tuples(st.just("no-date"), st.none()),
    st.tuples(st.just("bad-date"), bad_dates),
    st.tuples(st.just("empty-text"), st.sampled_from(["   ", "\t"])),
).map(lambda t: Bad(*t))
txt_bad = st.one_of(
    st.tuples(st.just("plain"), st.text(chars, min_size=1, max_size=80)
              .filter(lambda t: t.strip() != "" and not t.strip().lower().startswith("date"))),
    st.tuples(st.just("bad-bytes"), binary),
    st.tuples(st.just("empty"), st.sampled_from(["", " \n "])),
    st.tuples(st.just("bad-date"), bad_dates.filter(lambda d: " " not in d)),
    st.tuples(st.just("header-only"), st.none()),
).map(lambda t: Bad(*t))
html_bad = st.one_of(
    st.tuples(st.just("no-date"), texts.filter(lambda t: len(t) < 1000)),
    st.tuples(st.just("deep"), st.integers(100, 5000)),
    st.tuples(st.just("binary"), binary),
    st.tuples(st.just("script-only"), st.none()),
    st.tuples(st.just("unclosed"), st.none()),
    st.tuples(st.just("empty"), st.none()),
).map(lambda t: Bad(*t))


def records(bad: Any, good: Any = None) -> Any:
    good = goods() if good is None else good
    # good and bad records equally likely (one_of would weigh each of the many bad kinds like good)
    return st.lists(st.booleans().flatmap(lambda ok: good if ok else bad), max_size=8)


# --- writing cases --------------------------------------------------------------------------------------

def good_json(g: Good) -> dict[str, Any]:
    rec = {"date": g.date_text, "text": g.text}
    if g.id is not None:
        rec["id"] = g.id
    return rec


def jsonl_line(r: Good | Bad) -> bytes:
    if isinstance(r, Good):
        return json.dumps(good_json(r), ensure_ascii=False).encode("utf-8")
    k, p = r.kind, r.payload
    base = {"date": "2020-10-28", "text": "Drone strike reported."}
    if k == "binary":
        return p
    if k == "truncated":
        s = json.dumps(base).encode()
        return s[:min(p, len(s) - 1)]
    if k == "no-date":
        return json.dumps({"text": "Drone strike reported."}).encode()
    if k == "bad-date":
        return json.dumps({**base, "date": p}).encode()
    if k == "empty-text":
        return json.dumps({**base, "text": p}).encode()
    if k == "no-text":
        return json.dumps({"date": "2020-10-28"}).encode()
    if k == "not-object":
        return p.encode()
    if k == "text-not-string":
        return b'{"date": "2020-10-28", "text": ' + p.encode() + b"}"
    if k == "surrogate":
        return b'{"date": "2020-10-28", "text": "bad \\ud800 char"}'
    if k == "deep":
        return b"[" * p + b"]" * p
    if k == "huge-int":
        return b'{"date": "2020-10-28", "text": "x", "id": ' + b"9" * p + b"}"
    raise ValueError(k)


def write_jsonl(recs: list[Good | Bad], folder: Path) -> Case:
    path = folder / "in.jsonl"
    lines = [jsonl_line(r) for r in recs]
    path.write_bytes(b"\n".join(lines) + (b"\n" if lines else b""))
    return [path], _by_origin(recs, [f"{path}:{n}" for n in range(1, len(recs) + 1)])


def write_csv(recs: list[Good | Bad], folder: Path) -> Case:
    path = folder / "in.csv"
    out = io.BytesIO()
    out.write(b"id,date,text\r\n")
    origins = []
    for r in recs:
        # the csv module counts \r, \n and \r\n alike as line ends, inside quoted fields too
        origins.append(f"{path}:{len(LINE_END.findall(out.getvalue())) + 1}")
        buf = io.StringIO()
        w = csv.writer(buf)
        if isinstance(r, Good):
            w.writerow([r.id or "", r.date_text, r.text])
            out.write(buf.getvalue().encode("utf-8"))
        elif r.kind == "bad-bytes":
            out.write(b'x,2020-10-28,"' + r.payload.replace(b'"', b"") + b'"\r\n')
        elif r.kind == "width":
            out.write(b",".join([b"x"] * r.payload) + b"\r\n")
        else:
            date = {"no-date": "", "bad-date": r.payload}.get(r.kind, "2020-10-28")
            w.writerow(["x", date, r.payload if r.kind == "empty-text" else "Drone strike reported."])
            out.write(buf.getvalue().encode("utf-8"))
    path.write_bytes(out.getvalue())
    return [path], _by_origin(recs, origins)


def write_parquet(recs: list[Good | Bad], folder: Path) -> Case:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "in.parquet"
    rows = []
    for r in recs:
        if isinstance(r, Good):
            rows.append({"id": r.id, "date": r.date_text, "text": r.text})
        else:
            rows.append({"id": "x", "date": {"no-date": None, "bad-date": r.payload}.get(r.kind, "2020-10-28"),
                         "text": r.payload if r.kind == "empty-text" else "Drone strike reported."})
    schema = pa.schema([("id", pa.string()), ("date", pa.string()), ("text", pa.string())])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return [path], _by_origin(recs, [f"{path}:{n}" for n in range(1, len(recs) + 1)])


def write_txt(recs: list[Good | Bad], folder: Path) -> Case:
    out = []
    for n, r in enumerate(recs):
        path = folder / f"a{n:03d}.txt"
        if isinstance(r, Good):
            # a body starting with spaces would lose them to the header's trailing whitespace
            r = Good(r.date, r.date_text, r.text.lstrip(), None)
            path.write_text(f" date {r.date_text.replace(' ', 'T')} {r.text}", encoding="utf-8")
        elif r.kind == "plain":
            path.write_text(r.payload, encoding="utf-8")
        elif r.kind == "bad-bytes":
            path.write_bytes(b" date 2020-10-28 " + r.payload)
        elif r.kind == "empty":
            path.write_text(r.payload, encoding="utf-8")
        elif r.kind == "bad-date":
            path.write_text(f" date {r.payload} Drone strike reported.", encoding="utf-8")
        elif r.kind == "header-only":
            path.write_text(" date 2020-10-28 ", encoding="utf-8")
        out.append(r)
    return [folder], _by_origin(out, [str(folder / f"a{n:03d}.txt") for n in range(len(recs))])


PARAGRAPH = "<p>{t}</p>"


def write_html(recs: list[Good | Bad], folder: Path) -> Case:
    for n, r in enumerate(recs):
        path = folder / f"p{n:03d}.html"
        if isinstance(r, Good):
            body = "".join(PARAGRAPH.format(t=f"Paragraph {i}: officials said shelling hit the town of "
                                            f"Dovlan overnight and damaged several houses near the market.")
                           for i in range(4))
            path.write_text(f'<html><head><meta property="article:published_time" content="{r.date.isoformat()}">'
                            f"<title>Report</title></head><body><article>{body}</article></body></html>",
                            encoding="utf-8")
        elif r.kind == "no-date":
            body = PARAGRAPH.format(t=_html_escape(r.payload)) * 3
            path.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
        elif r.kind == "deep":
            path.write_text("<div>" * r.payload + "text" + "</div>" * r.payload, encoding="utf-8")
        elif r.kind == "binary":
            path.write_bytes(r.payload)
        elif r.kind == "script-only":
            path.write_text("<html><script>alert(1)</script><style>p{}</style></html>", encoding="utf-8")
        elif r.kind == "unclosed":
            path.write_text("<html><head><title>x<body><p>unclosed <b><i><table><tr><td>", encoding="utf-8")
        elif r.kind == "empty":
            path.write_text("", encoding="utf-8")
    return [folder], _by_origin(recs, [str(folder / f"p{n:03d}.html") for n in range(len(recs))])


def _html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _by_origin(recs: list[Good | Bad], origins: list[str]) -> tuple[dict[str, Good], dict[str, Bad]]:
    return ({o: r for o, r in zip(origins, recs) if isinstance(r, Good)},
            {o: r for o, r in zip(origins, recs) if isinstance(r, Bad)})


# --- the check ------------------------------------------------------------------------------------------

def check(fmt: str, recs: list[Good | Bad]) -> None:
    """Read the written case back; assert the invariants."""
    with tempfile.TemporaryDirectory(prefix="polemos-fuzz-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths, (goods_at, bads_at) = WRITERS[fmt](recs, folder)
        items = list(ingest.read([str(p) for p in paths]))      # must not raise
        seconds = time.perf_counter() - t0
    arts = {i.origin: i for i in items if isinstance(i, Article)}
    errs = [i for i in items if isinstance(i, IngestError)]
    assert len(arts) + len(errs) == len(items), "only Articles and IngestErrors"
    if not goods_at and not bads_at and fmt in ONE_FILE:
        assert [e.message for e in errs] == ["empty file: no records"], errs
        errs = []
    # one error per bad record, at its origin, saying what is wrong
    got = {_file_key(e.origin, fmt): e for e in errs}
    assert len(got) == len(errs) and set(got) == set(bads_at), ([str(e) for e in errs], sorted(bads_at))
    for origin, bad in bads_at.items():
        want = EXPECT.get(fmt, {}).get(bad.kind, "")
        assert want in got[origin].message, (bad.kind, str(got[origin]))
    # every good record, intact
    assert set(arts) == {o if fmt in ONE_FILE else o + ":1" for o in goods_at}, (sorted(arts), sorted(goods_at))
    for origin, g in goods_at.items():
        art = arts[origin if fmt in ONE_FILE else origin + ":1"]
        assert art.date == g.date, (art.date, g.date_text)
        if fmt == "html":
            continue                # trafilatura rewrites whitespace; the date and presence are what count
        assert art.text == g.text
        assert art.id == (g.id or ingest.article_id(g.date, g.text))
    t = TALLY.setdefault(fmt, Tally())
    t.cases += 1
    t.good += len(goods_at)
    t.bad += len(bads_at)
    t.errors += len(errs)
    t.seconds += seconds
    t.kinds.update(r.kind for r in bads_at.values())


def _file_key(origin: str, fmt: str) -> str:
    """Per-file formats report "file" or "file:line": key their errors by file."""
    if fmt in ONE_FILE:
        return origin
    head, _, tail = origin.rpartition(":")
    return head if tail.isdigit() else origin


ONE_FILE = {"jsonl", "csv", "parquet"}     # many records in one file; txt and html are one file per record
LINE_END = re.compile(rb"\r\n|\r|\n")
EXPECT = {
    "jsonl": {"binary": "not UTF-8", "truncated": "not JSON", "no-date": "no date", "bad-date": "bad date",
              "empty-text": "empty text", "no-text": "no text", "not-object": "not a JSON object",
              "text-not-string": "must be a string", "surrogate": "invalid character", "deep": "nested too deeply",
              "huge-int": "not JSON"},
    "csv": {"bad-bytes": "not UTF-8", "width": "expected 3 fields", "no-date": "no date", "bad-date": "bad date",
            "empty-text": "empty text"},
    "parquet": {"no-date": "no date", "bad-date": "bad date", "empty-text": "empty text"},
    "txt": {"plain": "without a ' date", "bad-bytes": "not UTF-8", "empty": "empty file", "bad-date": "bad date",
            "header-only": "empty text"},
}
Case = tuple[list[Path], tuple[dict[str, Good], dict[str, Bad]]]


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet, "txt": write_txt, "html": write_html}
STRATEGIES = {"jsonl": records(jsonl_bad), "csv": records(csv_bad),
              "parquet": records(csv_bad.filter(lambda b: b.kind in ("no-date", "bad-date", "empty-text"))),
              "txt": records(txt_bad), "html": records(html_bad, goods(with_id=False, within=web_dates))}


def run(fmt: str, n: int) -> None:
    @settings(max_examples=n, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(STRATEGIES[fmt])
    def fuzz(recs: list[Good | Bad]) -> None:
        check(fmt, recs)
    fuzz()


SHARE = {"jsonl": 0.3, "csv": 0.25, "parquet": 0.1, "txt": 0.2, "html": 0.15}


# --- the whole run: ingest, pipeline, store, fusion (issue #18: no input stops a run) ----------------------------

CAP = 120_000                       # --max-chars of the run: the longest giant texts are over it
HEX = "".join(f"{i:08x}" for i in range(20_000))
GIANTS = [
    "Shelling hit the town of Kramatorsk on Monday, officials said.\n\n" + "\n".join(
        HEX[i:i + 120] for i in range(0, 30_000, 120)),                               # a pasted data dump
    "a" * 45_000,                                                                     # one word, no boundary
    "Rebels attacked Gao. " + " " * 30_000 + "\n" * 5_000 + "Troops repelled them.",   # mostly blank
    "Militants fired rockets at Sderot. " * 800,                                       # one long paragraph
    "x " * 65_000,                                                                    # over the cap
]
giants = st.sampled_from(GIANTS)
run_texts = st.one_of(st.text(chars, min_size=1, max_size=300), giants,
                      st.sampled_from(["Artillery struck Marib overnight, the ministry said.",
                                       "Обстрел Гянджи продолжался всю ночь, заявили в министерстве.",
                                       "Des tirs ont visé Bunia lundi, selon un responsable."]))
run_records = st.lists(st.one_of(
    st.tuples(st.just("good"), run_texts.filter(lambda t: t.strip() != "")),
    st.tuples(st.just("bad"), jsonl_bad.filter(lambda b: b.kind not in ("deep", "no-date")))), min_size=1, max_size=6)
RUNS = Tally()


def check_run(recs: list[tuple[str, Any]]) -> None:
    """Every good record stored (run, failed with a reason, or skipped with one), every bad one rejected, a
    re-run stores nothing new."""
    from polemos.runner import run as polemos_run
    with tempfile.TemporaryDirectory(prefix="polemos-fuzz-run-") as tmp:
        path, db = Path(tmp) / "in.jsonl", str(Path(tmp) / "fuzz.db")
        lines = [json.dumps({"id": f"r-{n}", "date": "2022-05-02", "text": r}, ensure_ascii=False).encode()
                 if kind == "good" else jsonl_line(r) for n, (kind, r) in enumerate(recs)]
        path.write_bytes(b"\n".join(lines) + b"\n")
        t0 = time.perf_counter()
        first = polemos_run([str(path)], db, workers=1, max_chars=CAP)               # must not raise
        RUNS.seconds += time.perf_counter() - t0
        goods = sum(kind == "good" for kind, _ in recs)
        assert first.read == goods and first.rejected == len(recs) - goods, (first, recs)
        assert first.stored + first.failed + sum(first.skipped.values()) == goods, first
        assert first.fuse_error is None and first.not_stored == 0, first
        again = polemos_run([str(path)], db, workers=1, max_chars=CAP)
        assert again.already == goods - first.failed and again.failed == first.failed, (first, again)
    RUNS.cases += 1
    RUNS.good += goods
    RUNS.bad += len(recs) - goods
    RUNS.errors += first.failed
    RUNS.kinds.update("giant" if len(r) > 20_000 else "text" for kind, r in recs if kind == "good")


def run_whole(n: int) -> None:
    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(run_records)
    def fuzz(recs: list[tuple[str, Any]]) -> None:
        check_run(recs)
    fuzz()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=10_000, help="generated files in all (default 10,000)")
    ap.add_argument("--runs", type=int, default=200, help="generated files through the whole run (default 200)")
    ap.add_argument("--quick", action="store_true", help="200 examples, 10 runs")
    args = ap.parse_args()
    total = 200 if args.quick else args.examples
    for fmt, share in SHARE.items():
        run(fmt, max(1, round(total * share)))
    run_whole(10 if args.quick else args.runs)
    print(f"{'format':8} {'cases':>7} {'good':>7} {'bad':>7} {'errors':>7} {'ms/case':>8}  bad kinds seen")
    for fmt, t in [*TALLY.items(), ("run", RUNS)]:
        print(f"{fmt:8} {t.cases:7d} {t.good:7d} {t.bad:7d} {t.errors:7d} {1000 * t.seconds / max(t.cases, 1):8.1f}"
              f"  {', '.join(sorted(t.kinds))}")
    print(f"{'all':8} {sum(t.cases for t in TALLY.values()) + RUNS.cases:7d}  no crash, no good record lost, one "
          f"error per bad one; every run stored every article (run: errors = articles failed with a reason)")


if __name__ == "__main__":
    main()
