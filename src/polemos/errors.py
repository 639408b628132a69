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


# --- extraction: data files, conflict profiles, languages, stages --------------------------------------------

class DataError(ValueError):
    """A data file of polemos (a conflict profile, a language file, a table) that does not fit its schema, or a
    name of one that does not exist. The message names the file and the key at fault."""


class Errors:
    """Messages of the extraction side, by code (like spaCy's Errors.E###); `.format(**fields)` them."""
    E101 = "unknown conflict profile {name!r}; known: {known}"
    E102 = "{file}: {error}"
    E103 = "{file} row {row}: bad pattern {pattern!r}: {error}"
    E104 = "{file}: unknown code {code!r} for the alias {alias!r} (an ISO country code, a region code or a curated place)"
    E105 = "no language file for {code!r} (data/lang/<code>.toml); known: {known}"
    E106 = "{file}: {key}: a {{piece}} of the pattern is missing or malformed: {error}"
    E107 = "{file}: {key}: {error}"
