"""Which regexes of a table can match a text, told without running them.

A data table holds hundreds of regexes (actors, speakers, triggers) and most sentences match none of them. Each
regex is read once (Python's own regex parser) for a set of plain strings of which every match must hold one
("shell" for `shell(?:ed|ing)`, "armed forces" or "army" for `armed forces|army`); a regex runs on a text only when
one of its strings is in the text, lower-cased. A regex with no such string (`\\w+ forces?`) always runs. So the
rows a scan keeps, and every match, are those of running every regex: only the regexes that cannot match are not
run.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

VERSION = 2         # of what a cache file holds: bumped when `required` changes
LIMIT = 64          # most strings an exact set holds before it is given up
SHORTEST = 3        # a required string shorter than this is in nearly every sentence: no filter
UNIONS = 3          # most required sets an alternation gives
CHARSET = 8         # most characters of a class ([ -]) spelt out as strings
# Characters that Python's case-insensitive matching takes for an ASCII letter and that str.lower() does not turn
# into that letter (the Turkish dotted and dotless i, the long s); the Kelvin sign lowers to "k" by itself.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
Strings = frozenset[str]
Info = tuple[Strings | None, tuple[Strings, ...]]   # (the exact strings it matches, sets each of which a match meets)


def required(pattern: re.Pattern | str, flags: int = 0) -> tuple[Strings, ...]:
    """Sets of lower-case strings such that every match of `pattern` holds a string of each set; () when none is
    known (the pattern must run on every text)."""
    try:
        parsed = _parser.parse(pattern, flags) if isinstance(pattern, str) else \
            _parser.parse(pattern.pattern, pattern.flags)
    except RecursionError:
        return ()
    exact, needs = _seq(list(parsed))
    needs += (exact,) if exact else ()
    return tuple(frozenset(s for s in n if not any(o != s and o in s for o in n))   # "force" covers "forces"
                 for n in set(needs) if "" not in n and min(map(len, n)) >= SHORTEST)


def _seq(items: list) -> Info:
    """A sequence: each run of exact items gives a required set (its strings), and so does each item."""
    exact: Strings | None = frozenset({""})
    needs: tuple[Strings, ...] = ()
    whole = True
    for op, av in items:
        e, n = _node(op, av)
        needs += n
        if e is not None and exact is not None and len(exact) * len(e) <= LIMIT:
            exact = frozenset(a + b for a in exact for b in e)
            continue
        whole = False
        needs += (exact,) if exact else ()
        exact = e
    if whole:
        return exact, needs
    return None, needs + ((exact,) if exact else ())


def _node(op, av) -> Info:
    if op is sre.LITERAL:
        c = chr(av)
        return (frozenset({c.lower()}), ()) if c.isascii() else (None, ())
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset({""}), ()            # zero width: nothing consumed
    if op is sre.IN:
        chars = [chr(v) for o, v in av if o is sre.LITERAL]
        ok = len(chars) == len(av) <= CHARSET and all(c.isascii() for c in chars)
        return (frozenset(c.lower() for c in chars), ()) if ok else (None, ())
    if op is sre.SUBPATTERN:
        return _seq(list(av[-1]))
    if op is sre.ATOMIC_GROUP:
        return _seq(list(av))
    if op is sre.BRANCH:
        return _branch([_seq(list(b)) for b in av[1]])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat(*av)
    return None, ()


def _branch(infos: list[Info]) -> Info:
    """Alternatives: their exact strings together. A match meets one alternative, so the union of one set of each
    is required; the k-th sets of each alternative make the k-th union ("mali|bamako" and "forces|army" for
    "(?:mali|bamako) (?:forces|army)|armed forces of mali")."""
    exacts = [e for e, _ in infos]
    exact = None
    if all(e is not None for e in exacts) and sum(map(len, exacts)) <= LIMIT:    # type: ignore[arg-type]
        exact = frozenset().union(*exacts)                                       # type: ignore[arg-type]
    each = [[n for n in (*needs, e) if n and min(map(len, n)) >= SHORTEST] for e, needs in infos]
    if not all(each):
        return exact, ()
    return exact, tuple(frozenset().union(*(sets[min(k, len(sets) - 1)] for sets in each))
                        for k in range(min(UNIONS, max(map(len, each)))))


def _repeat(low: int, high, body) -> Info:
    e, n = _seq(list(body))
    if low == 0:
        return ((e | {""}) if e is not None and high == 1 else None), ()
    return (e if low == high == 1 else None), n + ((e,) if e and low != high else ())


class Table:
    """A table of regexes (their sources, compiled on first use) with what each needs: `which(text)` is the indices,
    in table order, of those that may match `text`. The needs of a named table are kept in the cache folder, so a
    fresh process reads them instead of parsing every regex again."""

    def __init__(self, sources: Sequence[str], flags: int = re.I, name: str = ""):
        self.sources, self.flags = tuple(sources), flags
        self._compiled: dict[int, re.Pattern] = {}
        self.needs = _needs(self.sources, flags, name)
        self.always = frozenset(i for i, n in enumerate(self.needs) if not n)
        # A row is looked up by its one set of fewest strings ("mali|bamako", not "forces|army|troops|..."); its
        # other sets are checked for the rows found.
        self.rest: dict[int, tuple[_Set, ...]] = {}
        rows: dict[str, set[int]] = {}
        sets: dict[Strings, _Set] = {}        # one record of a set many rows share ("forces|army|troops|...")
        for i, needs in enumerate(self.needs):
            if not needs:
                continue
            key = min(needs, key=lambda n: (len(n), -min(map(len, n))))
            for s in key:
                rows.setdefault(s, set()).add(i)
            if len(needs) > 1:
                self.rest[i] = tuple(sets.setdefault(n, _Set(n)) for n in needs if n is not key)
        self.by_start: dict[str, list[tuple[str, frozenset[int]]]] = {}
        for s, found in rows.items():
            self.by_start.setdefault(s[:SHORTEST], []).append((s, frozenset(found)))
        self.starts = frozenset(self.by_start)

    def which(self, text: str) -> list[int]:
        low, starts = _lowered(text)
        rows: set[int] = set()
        for start in starts & self.starts:
            for s, found in self.by_start[start]:
                if s in low:
                    rows |= found
        held: dict[int, bool] = {}
        rows -= {i for i in rows & self.rest.keys() if not all(n.held(low, starts, held) for n in self.rest[i])}
        return sorted(rows | self.always)

    def pattern(self, i: int) -> re.Pattern:
        if i not in self._compiled:
            self._compiled[i] = re.compile(self.sources[i], self.flags)
        return self._compiled[i]


class _Set:
    """One required set, its strings by their first three characters."""

    def __init__(self, strings: Strings):
        by: dict[str, list[str]] = {}
        for s in strings:
            by.setdefault(s[:SHORTEST], []).append(s)
        self.by_start = {k: tuple(v) for k, v in by.items()}
        self.starts = frozenset(by)

    def held(self, low: str, starts: AbstractSet[str], known: dict[int, bool]) -> bool:
        """Whether the text holds one of the strings (`known`: the answers for this text so far)."""
        if id(self) not in known:
            known[id(self)] = any(s in low for k in starts & self.starts for s in self.by_start[k])
        return known[id(self)]


@lru_cache(maxsize=16)
def _lowered(text: str) -> tuple[str, AbstractSet[str]]:
    """The text lower-cased and its three-letter pieces: a sentence is asked about by several tables in a row."""
    low = text.translate(_FOLD).lower()
    return low, {low[i:i + SHORTEST] for i in range(len(low) - SHORTEST + 1)}


def _needs(sources: tuple[str, ...], flags: int, name: str) -> list[tuple[Strings, ...]]:
    """Each source's required sets: from the cache file of the table `name` when it was written for these very
    sources, else worked out (each source compiled first, so a bad one raises re.error) and the file written."""
    kept = _kept(sources, flags, name) if name else None
    if kept is not None:
        return kept
    for s in sources:
        re.compile(s, flags)
    needs = [required(s, flags) for s in sources]
    if name:
        _write(_cache_file(name), {"digest": _digest(sources, flags),
                                   "needs": [[sorted(n) for n in row] for row in needs]})
    return needs


def cached(sources: Sequence[str], flags: int, name: str) -> bool:
    """Whether the cache file of table `name` was written for these sources (every one of them compiled then)."""
    return _kept(tuple(sources), flags, name) is not None


def _kept(sources: tuple[str, ...], flags: int, name: str) -> list[tuple[Strings, ...]] | None:
    try:
        kept = json.loads(_cache_file(name).read_text(encoding="utf-8"))
        if kept["digest"] == _digest(sources, flags):
            return [tuple(frozenset(n) for n in needs) for needs in kept["needs"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _digest(sources: tuple[str, ...], flags: int) -> str:
    return hashlib.sha1(repr((VERSION, flags, sources)).encode()).hexdigest()


def _cache_file(name: str) -> Path:
    return _cache_dir() / f"prefilter-v{VERSION}-{name}.json"


def _write(path: Path, data: dict) -> None:
    """Written whole or not at all (workers may write it at once); a folder that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(f.name, path)
    except OSError:
        pass


def _cache_dir() -> Path:
    """The cache folder of the gazetteer index (polemos.gazetteer.cache_dir)."""
    return Path(os.environ.get("POLEMOS_CACHE") or Path.home() / ".cache" / "polemos")
