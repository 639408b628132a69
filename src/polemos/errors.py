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
    BAD_PRECISION = "bad date_precision {value!r}: expected 'day' or 'month' (a date known to its month only)"
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

    NO_TEXTCAT = "no text classifier at {path}: run `make train` to build it"
    UNKNOWN_HEAD = "unknown classifier head {head!r}: use one of {heads}"

# --- extraction: data files, conflict profiles, languages, stages, the commands that read texts ---------------

class DataError(ValueError):
    """A data file of polemos (a conflict profile, a language file, a table) that does not fit its schema, or a
    name of one that does not exist. The message names the file and the key at fault."""


class InputError(ValueError):
    """A record given to a command that reads texts or scores predictions (`polemos attribute`, `classify`,
    `geoparse`, `eval`) that it cannot read. The message names the file and line, or the record."""


class _Coded(type):
    """Messages are read with their code in front, as spaCy's: "[E101] unknown conflict profile ..."."""

    def __getattribute__(cls, name: str):
        value = super().__getattribute__(name)
        if len(name) == 4 and name[0] in "EW" and name[1:].isdigit():
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_Coded):
    """Messages of the extraction side by code; `.format(**fields)` them. E1xx data files, E2xx commands' input,
    E3xx scored files."""
    E101 = "unknown conflict profile {name!r}; known: {known}"
    E102 = "{file}: {error}"
    E103 = "{file} row {row}: bad pattern {pattern!r}: {error}"
    E104 = ("{file}: unknown code {code!r} for the alias {alias!r} (an ISO country code, a region code or a curated "
            "place)")
    E105 = "no language file for {code!r} (data/lang/<code>.toml); known: {known}"
    E106 = "{file}: {key}: a {{piece}} of the pattern is missing or malformed: {error}"
    E107 = "{file}: {key}: {error}"
    E108 = "component {name!r}: unknown source finder {finder!r}; known: {known}"
    E109 = "sides.{side}.opponent: no side {opponent!r}"
    E110 = "data/lang/{code}.toml: claim type {kind!r} is not one of data/claim_types.toml"
    E111 = "{file}: {name!r} has no position and geonameid {geonameid} is not in the index"
    # languages (E150-E159)
    E150 = "component {name!r}: unknown parts {parts}; known: {known}"
    E151 = ("data/lang/{code}.toml: its tools {tools!r} are not installed ({error}); install the pinned packages "
            "(make) or remove [tools] from the file")
    E201 = "record {record!r} has no 'text'"
    E202 = "{origin}: need a JSON record with 'id' and 'text' ({error})"
    E203 = "unknown scheme {scheme!r}: use one of {schemes}"
    E204 = "unknown ACLED sub-type {sub_type!r}"
    E205 = "{origin}: not a {{\"id\",\"text\"}} record: {error}"
    E206 = "{error}"
    E301 = "unknown task {task!r}; expected one of {tasks}"
    E302 = "the fusion task needs a gold clusters file (--clusters)"
    E303 = "{path}: cannot read: {error}"
    E304 = "{origin}: not UTF-8 (bad byte at offset {offset})"
    E305 = "{origin}: not JSON: {error}"
    E306 = "{origin}: not a JSON object but {kind}"
    E307 = "{origin}: record has no 'id'"
    E308 = "{origin}: no {field!r} field"
    E309 = "{origin}: {field!r} must be a string, number or null, got {kind}"
    E310 = "{path}: the {field!r} labels mix kinds ({kinds}); use one kind"
    E311 = "{origin}: 'event_index' must be an integer, got {value!r}"
    E312 = "{origin}: 'cluster' must be a string, number or null"
    E313 = "{origin}: {key!r} must be a list of objects"
    E314 = "{origin}: {key!r} must be a string or null, got {kind}"
    E315 = "{origin}: lat/lon must be finite numbers"
    E316 = "{origin}: toponyms[{index}]: {key!r} must be a number, got {value!r}"
    E317 = "{origin}: a span must be an object with start and end, got {kind}"
    E318 = "{origin}: {key!r} must be an integer, got {value!r}"


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
    CORRUPT = ("store {path!r} is damaged or not a SQLite database ({error}); restore it or extract again into a new "
               "file")
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
    UNKNOWN_CONFLICT = "--conflict {name!r}: no such conflict profile; known: {known}"
    PIECE_FAILED = "piece {n} of {pieces} (characters {start}-{end}): {error}"
    TOO_LONG = ("text of {length:,} characters is over the limit of {limit:,} (--max-chars, POLEMOS_MAX_CHARS); "
                "raise the limit to read it")
    STORE_BROKEN = ("{n} writes in a row failed, the last with {error}: the store itself is at fault (disk full? "
                    "read-only?); the articles stored so far are kept, a re-run goes on from there")
    FUSE_FAILED = ("fusion failed: {error}; every article is stored and its claims wait as pending events "
                   "(`polemos fuse` tries again)")


class FusionMsg:
    NO_FIELD = "fusion: record {name!r} has no {field!r}"
    BAD_DATE = "fusion: record {name!r} has a bad date {date!r}: expected YYYY-MM-DD"


class FilterMsg:
    BBOX = "expected four numbers west,south,east,north (degrees), not {text!r}"
    BBOX_RANGE = "{text!r} is out of range: west and east in [-180, 180], south <= north in [-90, 90]"
    UNKNOWN = "unknown {what} {value!r}; expected one of: {known}"
    COUNTRY = "unknown country {value!r}: give an ISO 3166-1 code (FR) or an English name (France)"


class ApiMsg:
    """What the HTTP API answers when a request cannot be served (web/)."""
    UNKNOWN_SIDE = "unknown side {value!r}; the store's sides are: {known}"
    DATES = "date_from {date_from} is after date_to {date_to}"
    CURSOR = "bad cursor: pass back the next_cursor of an earlier page of the same order"
    TOO_LARGE = "request body over {limit:,} bytes (polemos serve --max-body)"
    NOT_JSON = "the body is not JSON: {error}"
    WRITES_OFF = "writes are off: start the server with a token (POLEMOS_TOKEN or --token-file)"
    TOKEN = "a valid token is needed: Authorization: Bearer <token>"
    NO_EVENT = "no event {id!r}"
    NO_CLAIMANT = "no claimant {name!r}"
    NO_ARTICLE = "no article {id!r}"
    NO_JOB = "no job {id!r}"
    STORE = "the store cannot be read: {error}"
    INTERNAL = "internal error ({kind}); the server log has the details"
    TOKEN_FILE = "--token-file {path!r}: {error}"
    EMPTY_TOKEN = "the token is empty ({where})"
    TOKEN_ARGV = ("--token puts the token on the command line, where any local user can read it (ps); use "
                  "POLEMOS_TOKEN or --token-file")
    WIDE_OPEN = "serving on {host}: anyone who can reach it can read the database"
    ADDRESS = "cannot serve on {host}:{port} ({error}): choose another --port or --host"
