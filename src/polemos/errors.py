"""Every user-facing error message of ingest, store and export in one place, so the wording stays consistent."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IngestError:
    """One input record (or whole file) that could not be read. Yielded by ingest.read, never raised."""
    origin: str                     # "file:line", or "file" for a problem with the whole file
    message: str                    # what is wrong, in words: "no date", "not UTF-8 at byte 12"...

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class Msg:
    """Message templates; `.format(**fields)` them."""
    NO_DATE = "no date"
    BAD_DATE = "bad date {value!r}: expected YYYY-MM-DD or an ISO timestamp"
    EMPTY_TEXT = "empty text"
    NO_TEXT = "no text field"
    NOT_JSON = "not JSON: {error}"
    NOT_OBJECT = "not a JSON object but {kind}"
    NOT_UTF8 = "not UTF-8 (bad byte at offset {offset})"
    NOT_UTF8_FIELD = "not UTF-8 (bad bytes in column {name!r})"
    BAD_UNICODE = "field {name!r} holds an invalid character (a lone surrogate escape)"
    EMPTY_FILE = "empty file: no records"
    CSV_WIDTH = "expected {expected} fields, found {found} (unquoted comma or newline?)"
    BAD_FIELD = "field {name!r} must be a string, got {kind}"
    UNREADABLE = "unreadable file: {error}"
    MISSING_COLUMN = "missing column {name!r} (columns: {columns})"
    NO_HEADER = "plain text without a ' date YYYY-MM-DD ' header: its publication date is unknown"
    HTML_NO_DATE = "HTML page without a publication date in its metadata"
    HTML_NO_TEXT = "HTML page without extractable article text"
    HTML_FAILED = "HTML could not be parsed: {error}"
    NOT_PARQUET = "not a Parquet file: {error}"
    BAD_CSV = "broken CSV: {error}"
    TOO_LARGE = "record larger than {limit} bytes"
    UNSUPPORTED = "unsupported file type {suffix!r} (expected .jsonl, .csv, .parquet, .txt, .html or a folder)"
    NOT_FOUND = "no such file or folder"

    UNKNOWN_FILTER = "unknown filter {name!r} for {table}; columns: {columns}"
    NEWER_SCHEMA = "database schema version {found} is newer than this polemos ({known}); upgrade polemos"
    NO_ARTICLE = "no article {id!r} in the store"

    UNKNOWN_FORMAT = "unknown export format {fmt!r}; expected one of {formats}"


# --- the store, runs and exports: exceptions the command line turns into one line and an exit code ----------

class PolemosError(Exception):
    """A known failure, said in one line. exit_code: 2 a usage error (fix the command), 1 a data error."""
    exit_code = 1


class UsageError(PolemosError):
    exit_code = 2


class StoreError(PolemosError):
    """The store cannot be opened or read."""


class StorePathError(StoreError, UsageError):
    """--db names no place a store can be: empty, a folder, a missing folder, an unknown scheme."""


class StoreMissing(StoreError, UsageError):
    """A command that only reads was given a store that does not exist (it is not created)."""


class StoreCorrupt(StoreError):
    """The file is not a polemos store, or is damaged."""


class StoreUnreachable(StoreError):
    """The database server does not answer."""


class StoreTooNew(StoreError, RuntimeError):
    """The store was made by a newer polemos."""


class OutputError(UsageError):
    """An export cannot be written where it was asked to go."""


class StoreMsg:
    EMPTY_PATH = "--db is empty: name a SQLite file (polemos.db) or a postgresql:// URL"
    IS_FOLDER = "store {path!r} is a folder: name a file inside it, e.g. {path}/polemos.db"
    NO_FOLDER = "store {path!r}: the folder {folder!r} does not exist; create it first"
    SCHEME = "store {url!r}: unknown scheme {scheme!r}; use a file path, sqlite:///FILE or postgresql://..."
    MISSING = "no store at {path!r}: run `polemos extract ... --db {path}` first (nothing was created)"
    CORRUPT = "store {path!r} is damaged or not a SQLite database ({error}); restore it or extract again into a new file"
    NOT_POLEMOS = "{path!r} is a database but not a polemos store (no meta table)"
    UNREACHABLE = "cannot reach the database server of {url!r}: {error}"
    DATABASE = "store {path!r}: {error}"
    OUTPUT_FOLDER = "cannot write {path!r}: the folder {folder!r} does not exist"
    OUTPUT_IS_FOLDER = "cannot write {path!r}: it is a folder; name a file"
    OUTPUT = "cannot write {path!r}: {error}"
    FILTERS_NEED_STORE = "export: filters need a store (a list of results is written whole)"


class RunMsg:
    WRITE_FAILED = "{origin}: not stored, {error} (the next run tries it again)"
    STAGE_FAILED = "{origin}: {error} (stored as failed; the next run tries it again)"
    NO_CONFLICT = "--conflict {name!r}: conflict profiles are not available in this version of the pipeline"


class FusionMsg:
    NO_FIELD = "fusion: record {name!r} has no {field!r}"
    BAD_DATE = "fusion: record {name!r} has a bad date {date!r}: expected YYYY-MM-DD"


class FilterMsg:
    BBOX = "expected four numbers west,south,east,north (degrees), not {text!r}"
    BBOX_RANGE = "{text!r} is out of range: west and east in [-180, 180], south <= north in [-90, 90]"
    UNKNOWN = "unknown {what} {value!r}; expected one of: {known}"
    COUNTRY = "unknown country {value!r}: give an ISO 3166-1 code (AZ) or an English name (Azerbaijan)"
