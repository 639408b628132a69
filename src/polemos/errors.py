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
