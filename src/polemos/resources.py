"""Data files under polemos/data: CSV tables (lines starting with # are comments) and TOML.

More data folders of the same layout (a language file in lang/, a conflict profile in conflicts/) may be named in
the environment variable POLEMOS_DATA (paths separated by the OS's path separator): a language or a war is added
by data files alone. A file of a given name is read from the first folder that has it, the package's last.
"""
from __future__ import annotations

import csv
import os
import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def folders() -> list[Traversable]:
    """The data folders: those of POLEMOS_DATA, then the package's own."""
    extra = [Path(p) for p in os.environ.get("POLEMOS_DATA", "").split(os.pathsep) if p]
    return [*extra, files("polemos") / "data"]


def path(name: str) -> Traversable:
    """A data file by its name under a data folder ("lang/en.toml"): the first folder's that has it."""
    for folder in folders():
        candidate = folder.joinpath(name)
        if candidate.is_file():
            return candidate
    return files("polemos") / "data" / name


def names(subfolder: str, suffix: str) -> list[str]:
    """The file names (without `suffix`) of every data folder's `subfolder`."""
    found: set[str] = set()
    for folder in folders():
        sub = folder.joinpath(subfolder)
        if sub.is_dir():
            found |= {f.name[:-len(suffix)] for f in sub.iterdir() if f.name.endswith(suffix)}
    return sorted(found)


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
    return re.compile(word_source(pattern), re.I)


def word_source(pattern: str) -> str:
    """The source of `word_pattern` (for a table compiled row by row when first used: polemos.prefilter)."""
    return rf"(?<![\w-])(?:{pattern})(?![\w-])"
