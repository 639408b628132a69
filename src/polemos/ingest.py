"""Reading articles from files, folders and stdin, one record at a time.

read() streams: it never holds more than one record (or one Parquet batch) in memory, and a bad record
becomes an IngestError in the stream instead of stopping the batch. A record without a date is dated from HTML
metadata or its text, given a default date, stored as skipped or rejected, as the `Undated` policy says.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator

from polemos import dates, language
from polemos.errors import IngestError, Msg
from polemos.types import Article, Result

Item = Article | Result | IngestError           # a Result only for an undated article under --undated skip

MAX_RECORD = 20_000_000             # bytes; a larger line or file is reported, not loaded
FIELDS = ("url", "outlet", "title", "language", "side")
FOLDER_SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".ndjson", ".csv", ".parquet"}
SEED_HEADER = re.compile(r"\A\s*date\s+(\S+)\s*", re.IGNORECASE)
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
HTML_DATE = {"extensive_search": False, "original_date": True}  # metadata only, not dates in the body

UNDATED_MODES = ("infer", "skip", "reject")
# Error texts for undated records; they name the command-line options, so they stay here with their policy.
NO_DATE_INFER = "{why}; no full date in the text either: pass --default-date YYYY-MM-DD (or --undated skip)"
NO_DATE_REJECT = "{why} (--undated reject): pass --default-date YYYY-MM-DD, or --undated infer to read it from the text"
SKIPPED_UNDATED = "{why} (--undated skip)"
UNDATED_STORED = "{why}: stored undated (no date in the text either; --default-date YYYY-MM-DD dates it)"
NO_DAY = dt.date.min                # an article skipped for want of a date: its id hashes this day (as when stored so)
YEAR = re.compile(r"(?<![0-9])(?:1[89][0-9]{2}|2[0-9]{3})(?![0-9])")
NUMERIC_DATE = re.compile(r"(?<![0-9])[0-9]{1,2}([./-])[0-9]{1,2}\1(?:1[89]|2[0-9])[0-9]{2}(?![0-9])")  # 28.10.2020
INFER_CHARS = 20_000                # a text's dates are looked for in its first characters: keeps huge records fast
DATEPARSER = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
              "DATE_ORDER": "DMY"}  # 01/10/2020 is 1 October: the corpus's outlets, English ones too, write days first
MONTH_PARSER = {"REQUIRE_PARTS": ["month", "year"], "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False}
DATEPARSER_CODES = {"no": "nb"}     # dateparser knows Norwegian as Bokmål


@dataclass(frozen=True)
class Undated:
    """What to do with an article that has no date (HTML metadata always counts as a date): `infer` reads it
    from the text, `skip` stores the article unrun, `reject` reports it; `default` dates whatever is left."""
    mode: str = "infer"
    default: dt.date | None = None
    keep: bool = False              # infer: a text with no full date is dated to the month it names, else stored
                                    # undated (a Result), never rejected (polemos.run's default)

    def __post_init__(self):
        if self.mode not in UNDATED_MODES:
            raise ValueError(f"undated mode {self.mode!r}: expected one of {', '.join(UNDATED_MODES)}")


@dataclass
class NoDate:
    """An article read without a date (its `date` is None), before the Undated policy settles it."""
    article: Article
    why: str                        # what the reader missed: "no date", no seed header, no HTML metadata date


Raw = Article | NoDate | IngestError            # what the readers yield, before the policy settles NoDate


def read(paths: list[str], undated: Undated | None = None) -> Iterator[Item]:
    """Articles and errors from files, folders (recursively) and "-" (JSONL on stdin), in order; an article
    without a date is dated, skipped (a Result) or rejected as `undated` says (default: inferred)."""
    undated = undated or Undated()
    for item in _read(paths):
        yield settle(item, undated) if isinstance(item, NoDate) else item


def _read(paths: list[str]) -> Iterator[Raw]:
    for path in paths:
        if path == "-":
            yield from _jsonl(sys.stdin.buffer, "<stdin>")
        else:
            yield from _path(Path(path))


def content_hash(date: dt.date, text: str) -> str:
    """sha1 of date and text: the same article read twice gets the same hash."""
    return hashlib.sha1(f"{date.isoformat()}\n{text}".encode("utf-8")).hexdigest()


def article_id(date: dt.date, text: str) -> str:
    return "sha1:" + content_hash(date, text)[:16]


def parse_date(value: Any) -> dt.date:
    """A date from YYYY-MM-DD, an ISO timestamp (its own calendar day, no time-zone shift) or a date object."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    s = value.strip()
    if len(s) == 10 and DAY.fullmatch(s):
        return dt.date.fromisoformat(s)
    if not DAY.match(s):
        raise ValueError(value)
    return dt.datetime.fromisoformat(s).date()


# --- undated articles ----------------------------------------------------------------------------------

def settle(item: NoDate, undated: Undated | None) -> Item:
    """The article dated from its text or the default, or the Result that stores it undated, or the error that
    names it and says what to pass. No policy (None): the plain "no date" error. `infer` reads the full date the
    text states; with `keep`, else its month (date_source "month": the first of the month), else it stores the
    article undated: it never rejects one."""
    a = item.article
    if undated is None:
        return IngestError(a.origin or "", item.why)
    if undated.mode == "infer":
        a.language = a.language or language.detect(a.text)
        a.date, a.date_source = infer_date(a.text, a.language, a.title), "text"
        if a.date is None and undated.keep and not undated.default:
            a.date, a.date_source = infer_month(a.text, a.language, a.title), "month"
    if a.date is None and undated.default:
        a.date, a.date_source = undated.default, "default"
    if a.date is None and (undated.mode == "skip" or undated.keep):
        a.date_source = "none"                  # the date stays None: stored as NULL
        a.id = a.id or article_id(NO_DAY, a.text)
        why = SKIPPED_UNDATED if undated.mode == "skip" else UNDATED_STORED
        return Result(a, skipped=why.format(why=item.why))
    if a.date is None:
        hint = NO_DATE_INFER if undated.mode == "infer" else NO_DATE_REJECT
        return IngestError(a.origin or "", hint.format(why=item.why))
    a.id = a.id or article_id(a.date, a.text)
    return a


def infer_month(text: str, language: str | None = None, title: str | None = None,
                today: dt.date | None = None) -> dt.date | None:
    """The first day of the latest month (with its year) the title or text names, not after today; None if none."""
    code = DATEPARSER_CODES.get(language or "", language or "en")
    if code not in _dateparser_languages():
        return None
    from dateparser.search import search_dates  # type: ignore[import-untyped]
    today = today or dt.date.today()
    body = (f"{title}\n{text}" if title else text)[:INFER_CHARS]
    try:
        found = search_dates(body, languages=[code], settings=MONTH_PARSER) or []
    except Exception:               # third-party parser on arbitrary text: a month missed, never a batch stopped
        return None
    months = [d.date().replace(day=1) for s, d in found if (y := YEAR.search(s)) and int(y.group()) == d.year]
    return max((m for m in months if m <= today), default=None)


def infer_date(text: str, language: str | None = None, title: str | None = None,
               today: dt.date | None = None) -> dt.date | None:
    """The publication date a text implies: the latest full date (day, month and year) its title or text states
    that is not after today, typically a dated lede or dateline, or the latest day it tells of. None if none."""
    today = today or dt.date.today()
    body = (f"{title}\n{text}" if title else text)[:INFER_CHARS]
    found = [d for d in _rule_dates(body, today) + _dateparser_dates(body, language) + _numeric_dates(body)
             if d <= today]
    return max(found, default=None)


def _rule_dates(text: str, today: dt.date) -> list[dt.date]:
    """English dates with a year, by the rules of the dates module ("October 11, 2020", "27 September 2020")."""
    return [m.date for m in dates.find(text, today) if m.precision == 1 and YEAR.search(text, m.start, m.end)]


def _dateparser_dates(text: str, language: str | None) -> list[dt.date]:
    """Dates with a year written out, in the text's language ("28 octobre 2020", "28/10/2020")."""
    code = DATEPARSER_CODES.get(language or "", language)
    if code not in _dateparser_languages():
        return []
    from dateparser.search import search_dates  # type: ignore[import-untyped]
    try:
        found = search_dates(text, languages=[code], settings=DATEPARSER) or []
    except Exception:               # third-party parser on arbitrary text: a date missed, never a batch stopped
        return []
    # it also reads "in 1990s" or "25 years" as days: keep the dates whose year stands written in the match
    return [d.date() for s, d in found if (y := YEAR.search(s)) and int(y.group()) == d.year]


def _numeric_dates(text: str) -> list[dt.date]:
    """All-digit dates, which dateparser's search passes over when dotted ("28.10.2020"), read by dateparser."""
    import dateparser  # type: ignore[import-untyped]
    found = (dateparser.parse(m.group(), settings=DATEPARSER) for m in NUMERIC_DATE.finditer(text))
    return [d.date() for d in found if d]


@functools.lru_cache(maxsize=1)
def _dateparser_languages() -> set[str]:
    from dateparser.languages.loader import default_loader  # type: ignore[import-untyped]
    return set(default_loader.get_locale_map())


# --- records -------------------------------------------------------------------------------------------

def make_article(rec: dict[str, Any], origin: str, undated: Undated | None = None) -> Item:
    """An Article from one JSON/CSV/Parquet record, or the error that says what is wrong with it; a record
    without a date is settled by the `undated` policy (None: the error "no date")."""
    item = _record(rec, origin)
    return settle(item, undated) if isinstance(item, NoDate) else item


def _record(rec: dict[str, Any], origin: str) -> Raw:
    if "text" not in rec:
        return IngestError(origin, Msg.NO_TEXT)
    for name in ("text", *FIELDS):
        value = rec.get(name)
        if value is not None and not isinstance(value, str):
            return IngestError(origin, Msg.BAD_FIELD.format(name=name, kind=type(value).__name__))
        if isinstance(value, str) and not _valid_unicode(value):
            return IngestError(origin, Msg.BAD_UNICODE.format(name=name))
    text = _no_nul(rec["text"] or "")
    if not text.strip():
        return IngestError(origin, Msg.EMPTY_TEXT)
    raw_date = rec.get("date")
    date = None
    if not (raw_date is None or (isinstance(raw_date, str) and not raw_date.strip())):
        try:
            date = parse_date(raw_date)
        except (ValueError, TypeError):
            return IngestError(origin, Msg.BAD_DATE.format(value=_short(raw_date)))
    precision = rec.get("date_precision")
    if precision not in (None, "", "day", "month"):
        return IngestError(origin, Msg.BAD_PRECISION.format(value=_short(precision)))
    given = rec.get("id")
    if isinstance(given, bool) or not isinstance(given, (str, int, type(None))):
        return IngestError(origin, Msg.BAD_FIELD.format(name="id", kind=type(given).__name__))
    if isinstance(given, str) and not _valid_unicode(given):
        return IngestError(origin, Msg.BAD_UNICODE.format(name="id"))
    rid = _no_nul(str(given)).strip() if given is not None else ""
    extra = {k: (_no_nul(rec[k]).strip() or None) if rec.get(k) else None for k in FIELDS}
    if extra["language"]:
        extra["language"] = extra["language"].lower()
    if date is None:
        undated = Article(id=rid, date=None, text=text, origin=origin, **extra)  # type: ignore[arg-type]
        return NoDate(undated, Msg.NO_DATE)
    # a date known to its month only ("date_precision": "month"): days counted from it are month-precise
    return Article(id=rid or article_id(date, text), date=date, text=text, origin=origin,
                   date_source="month" if precision == "month" else "given", **extra)


def _valid_unicode(s: str) -> bool:
    try:
        s.encode("utf-8")
        return True
    except UnicodeEncodeError:      # lone surrogates: "\ud800" in JSON, or bytes kept by surrogateescape
        return False


def _no_nul(s: str) -> str:
    return s.replace("\x00", "")    # PostgreSQL text cannot hold NUL; offsets are taken after this


def _short(value: Any) -> str:
    s = str(value)
    return s if len(s) <= 40 else s[:37] + "..."


# --- files and folders ---------------------------------------------------------------------------------

def _path(p: Path) -> Iterator[Raw]:
    if p.is_dir():
        unreadable: list[OSError] = []
        for f in _walk(p, unreadable.append):
            yield from _file(f)
        for e in unreadable:
            yield IngestError(str(e.filename or p), Msg.UNREADABLE.format(error=e.strerror or e))
    elif p.exists():
        yield from _file(p)
    else:
        yield IngestError(str(p), Msg.NOT_FOUND)


def _walk(folder: Path, onerror: Any) -> Iterator[Path]:
    """Files of a folder tree in a stable order, hidden ones and unknown types left out."""
    for root, dirs, files in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in FOLDER_SUFFIXES:
                yield Path(root) / name


def _file(p: Path) -> Iterator[Raw]:
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        yield IngestError(str(p), Msg.UNSUPPORTED.format(suffix=p.suffix))
        return
    try:
        yield from reader(p)
    except OSError as e:            # permissions, a file vanishing mid-read, a folder named x.txt...
        yield IngestError(str(p), Msg.UNREADABLE.format(error=e.strerror or e))


def _read_jsonl(p: Path) -> Iterator[Raw]:
    with open(p, "rb") as f:
        yield from _jsonl(f, str(p))


def _jsonl(f: IO[bytes], name: str) -> Iterator[Raw]:
    seen = False
    for n, line in _lines(f):
        origin = f"{name}:{n}"
        if line is None:
            yield IngestError(origin, Msg.TOO_LARGE.format(limit=MAX_RECORD))
            seen = True
            continue
        if n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        seen = True
        try:
            rec = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as e:
            yield IngestError(origin, Msg.NOT_UTF8.format(offset=e.start))
            continue
        except (ValueError, RecursionError) as e:
            yield IngestError(origin, Msg.NOT_JSON.format(error=_json_error(e)))
            continue
        if not isinstance(rec, dict):
            yield IngestError(origin, Msg.NOT_OBJECT.format(kind=type(rec).__name__))
            continue
        yield _record(rec, origin)
    if not seen:
        yield IngestError(name, Msg.EMPTY_FILE)


def _json_error(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"{e.msg} (column {e.colno})"
    if isinstance(e, RecursionError):
        return "nested too deeply"
    return str(e)


def _lines(f: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; None for a line over MAX_RECORD, which is skipped without being kept in memory."""
    n = 0
    while line := f.readline(MAX_RECORD + 1):
        n += 1
        if len(line) > MAX_RECORD and not line.endswith(b"\n"):
            while (rest := f.readline(MAX_RECORD)) and not rest.endswith(b"\n"):
                pass
            yield n, None
        else:
            yield n, line


def _read_csv(p: Path) -> Iterator[Raw]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD))
    with open(p, "rb") as raw:
        # surrogateescape keeps bad bytes as lone surrogates, so each bad row is reported, not the whole file
        f = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        rows = csv.reader(f)
        try:
            header = next(rows, None)
        except csv.Error as e:
            yield IngestError(f"{p}:1", Msg.BAD_CSV.format(error=e))
            return
        if header is None:
            yield IngestError(str(p), Msg.EMPTY_FILE)
            return
        header = [h.strip().lower() for h in header]
        for col in ("text", "date"):
            if col not in header:
                yield IngestError(str(p), Msg.MISSING_COLUMN.format(name=col, columns=", ".join(header)))
                return
        yield from _csv_rows(rows, header, str(p))


def _csv_rows(rows: Any, header: list[str], name: str) -> Iterator[Raw]:
    seen, last = False, rows.line_num
    while True:
        start = last + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as e:
            yield IngestError(f"{name}:{start}", Msg.BAD_CSV.format(error=e))
            seen, last = True, rows.line_num
            continue
        last = rows.line_num
        if not row or not any(c.strip() for c in row):
            continue
        seen = True
        origin = f"{name}:{start}"
        if len(row) != len(header):
            yield IngestError(origin, Msg.CSV_WIDTH.format(expected=len(header), found=len(row)))
            continue
        rec = {k: (v if v != "" else None) for k, v in zip(header, row)}
        bad = next((k for k, v in rec.items() if v is not None and not _valid_unicode(v)), None)
        if bad:
            yield IngestError(origin, Msg.NOT_UTF8_FIELD.format(name=bad))
            continue
        yield _record(rec, origin)
    if not seen:
        yield IngestError(name, Msg.EMPTY_FILE)


def _read_parquet(p: Path) -> Iterator[Raw]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(p)
    except Exception as e:          # pyarrow raises ArrowInvalid, OSError or ValueError for non-Parquet bytes
        yield IngestError(str(p), Msg.NOT_PARQUET.format(error=e))
        return
    names = set(pf.schema_arrow.names)
    for col in ("text", "date"):
        if col not in names:
            yield IngestError(str(p), Msg.MISSING_COLUMN.format(name=col, columns=", ".join(sorted(names))))
            return
    n = 0
    for batch in pf.iter_batches(batch_size=512):
        for rec in batch.to_pylist():
            n += 1
            yield _record(rec, f"{p}:{n}")
    if n == 0:
        yield IngestError(str(p), Msg.EMPTY_FILE)


def _whole(p: Path) -> bytes | IngestError:
    if p.stat().st_size > MAX_RECORD:
        return IngestError(str(p), Msg.TOO_LARGE.format(limit=MAX_RECORD))
    return p.read_bytes()


def _read_txt(p: Path) -> Iterator[Raw]:
    data = _whole(p)
    if isinstance(data, IngestError):
        yield data
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        yield IngestError(f"{p}:{line}", Msg.NOT_UTF8.format(offset=e.start))
        return
    if not text.strip():
        yield IngestError(str(p), Msg.EMPTY_FILE)
        return
    m = SEED_HEADER.match(text)
    if not m:
        yield _undated(_record({"text": text}, f"{p}:1"), Msg.NO_HEADER)
        return
    yield _record({"date": m.group(1), "text": text[m.end():]}, f"{p}:1")


def _read_html(p: Path) -> Iterator[Raw]:
    data = _whole(p)
    if isinstance(data, IngestError):
        yield data
        return
    if not data.strip():
        yield IngestError(str(p), Msg.EMPTY_FILE)
        return
    doc = _trafilatura(data, str(p))
    if isinstance(doc, IngestError):
        yield doc
    elif doc is None or not (doc.text or "").strip():
        yield IngestError(str(p), Msg.HTML_NO_TEXT)
    else:
        rec = {"date": doc.date, "text": doc.text, "title": doc.title, "url": doc.url, "outlet": doc.sitename}
        item = _record(rec, f"{p}:1")
        if isinstance(item, Article):
            item.date_source = "metadata"
        yield _undated(item, Msg.HTML_NO_DATE)


def _undated(item: Raw, why: str) -> Raw:
    """What a file reader missed when its record has no date (no seed header, no HTML metadata date)."""
    if isinstance(item, NoDate):
        item.why = why
    return item


def _trafilatura(data: bytes, name: str) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(data, with_metadata=True, date_extraction_params=HTML_DATE)
    except Exception as e:          # third-party parser on hostile markup: report, never stop the batch
        return IngestError(name, Msg.HTML_FAILED.format(error=_short(e)))


READERS = {".jsonl": _read_jsonl, ".ndjson": _read_jsonl, ".csv": _read_csv, ".parquet": _read_parquet,
           ".txt": _read_txt, ".html": _read_html, ".htm": _read_html}
