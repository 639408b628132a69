"""Data files under polemos/data: CSV tables (lines starting with # are comments) and TOML."""
from __future__ import annotations

import csv
import re
import tomllib
from functools import lru_cache
from importlib.resources import files


def path(name: str):
    return files("polemos") / "data" / name


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[dict, ...]:
    """A CSV data file as dicts, comment lines skipped."""
    with path(name).open(encoding="utf-8") as f:
        return tuple(csv.DictReader(line for line in f if not line.startswith("#")))


@lru_cache(maxsize=None)
def toml(name: str) -> dict:
    with path(name).open("rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=None)
def patterns(name: str, column: str = "pattern") -> tuple[tuple[re.Pattern, dict], ...]:
    """A CSV whose `column` holds regexes: each compiled once, whole words, case-insensitive."""
    return tuple((word_pattern(r[column]), r) for r in rows(name))


def word_pattern(pattern: str) -> re.Pattern:
    """A table's regex as whole words, case-insensitive."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I)
