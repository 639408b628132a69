"""Long texts read in pieces: a text over PIECE characters is cut at paragraph, else line, else sentence, else
word boundaries into pieces of at most PIECE characters, each piece is read as an article of its own, and the
pieces' records are joined into one Result whose spans point into the whole text.

Why: spaCy refuses a text over its max_length (1,000,000 characters), the parser's memory grows with the text, and
the place stage compares every mention with every other (its cost grows with the square of the mentions). News
articles are far shorter than a piece, so they are read whole, as before.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from polemos.errors import RunMsg
from polemos.types import FAILED, Article, Result, Span

PIECE = 20_000                      # characters: ~3,000 words, a few seconds of the pipeline
# where a piece may end, best first: after a blank line, a line break, a sentence end, a space
BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?。！？][\"'”’»)]*\s"), re.compile(r"\s"))


def cuts(text: str, size: int | None = None) -> list[int]:
    """The offsets where the pieces of `text` start (0 first); every piece is at most `size` (PIECE) characters
    and the pieces put together are the text."""
    size = size or PIECE
    starts, at = [0], 0
    while len(text) - at > size:
        end = _cut(text, at, at + size)
        starts.append(end)
        at = end
    return starts


def _cut(text: str, start: int, limit: int) -> int:
    """The best place to end a piece that starts at `start` and may not pass `limit`: the last boundary of the
    best kind found in the second half of the window, else `limit` itself."""
    floor = start + (limit - start) // 2
    for pattern in BOUNDARIES:
        found = None
        for m in pattern.finditer(text, floor, limit):
            found = m.end()
        if found is not None and found > start:
            return found
    return limit


def split(article: Article, size: int | None = None) -> list[tuple[int, Article]]:
    """(offset, article) for each piece: the article itself when its text is short enough."""
    text, size = article.text or "", size or PIECE
    if len(text) <= size:
        return [(0, article)]
    starts = cuts(text, size)
    ends = starts[1:] + [len(text)]
    return [(a, dataclasses.replace(article, text=text[a:b])) for a, b in zip(starts, ends)]


def join(article: Article, parts: list[tuple[int, Result]]) -> Result:
    """One Result for the article from the Results of its pieces (offset, result), spans shifted into the whole
    text; a piece that failed fails the article, naming the piece."""
    if len(parts) == 1 and parts[0][0] == 0:
        return dataclasses.replace(parts[0][1], article=article)
    out = Result(article)
    for n, (offset, result) in enumerate(parts, 1):
        if result.skipped:
            reason = result.skipped.removeprefix(FAILED).strip()
            why = RunMsg.PIECE_FAILED.format(n=n, pieces=len(parts), start=offset,
                                             end=offset + len(result.article.text), error=reason)
            return Result(article, skipped=f"{FAILED} {why}")
        seen: set[int] = set()
        for record in (*result.events, *result.claims, *result.attributions):
            shift(record, offset, seen)
        out.events += result.events
        out.claims += result.claims
        out.attributions += result.attributions
    return out


def shift(record: Any, offset: int, seen: set[int]) -> None:
    """Move every Span inside a record (its place, evidence, cue...) by `offset` characters; an object shared by
    two records is moved once."""
    for obj in _walk(record, seen):
        if isinstance(obj, Span):
            obj.start += offset
            obj.end += offset


def _walk(obj: Any, seen: set[int]) -> Iterator[Any]:
    if id(obj) in seen:
        return
    if isinstance(obj, (list, tuple)):
        seen.add(id(obj))
        for item in obj:
            yield from _walk(item, seen)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        seen.add(id(obj))
        yield obj
        for f in dataclasses.fields(obj):
            yield from _walk(getattr(obj, f.name), seen)
