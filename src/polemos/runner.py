"""One way to run: articles in, results stored and fused, a RunSummary out. `polemos extract`, the web view's ingest
jobs and the demo all call run().

    summary = polemos.run(["corpus.jsonl"], "polemos.db", workers=2, progress=print)

Inputs are paths (files, folders, "-" for stdin) or Article records. Articles already stored are not run again
(redo=True runs them). Every article is one store transaction: a stage that fails on one article stores it as
failed, a write that fails leaves nothing of it, and the batch goes on; the next run tries both again. Articles
without a date are dated from their text (its month when no full date), else stored undated (undated="infer").
"""
from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike

from polemos import engine as engines
from polemos import ingest
from polemos.errors import IngestError, RunMsg, StoreError, UsageError
from polemos.store import FuseSummary, Store
from polemos.types import FAILED, Article, Result

STORE_FAILURES = 50                 # writes failing one after the other: the store itself is broken
MAX_CHARS = 2_000_000               # a longer text is stored as failed, unread (read in pieces up to it)


@dataclass
class RunSummary:
    """What a run did. Every article read is in exactly one of stored, failed, not_stored, skipped, already."""
    read: int = 0                   # articles read from the inputs
    stored: int = 0                 # run and stored
    failed: int = 0                 # a stage failed on it: stored as failed, run again next time
    not_stored: int = 0             # the store write failed: nothing of it stored, run again next time
    skipped: Counter = field(default_factory=Counter)      # stored unrun, by reason (undated, language...)
    already: int = 0                # stored by an earlier run, not run again
    rejected: int = 0               # input records that could not be read
    events: int = 0                 # event claims stored
    claims: int = 0                 # statements stored
    dates: Counter = field(default_factory=Counter)        # where the dates of the articles run came from
    fused: FuseSummary | None = None
    fuse_error: str | None = None   # fusion failed: the articles are stored, their claims wait as pending events
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.rejected or self.failed or self.not_stored or self.fuse_error)


@dataclass
class Step:
    """What the progress callback gets: once per article read ("article" with its result, "already" when an
    earlier run stored it), once per input record that could not be read ("rejected", error set), at each error
    about an article ("error": a stage failed, result set; or its write failed, result None), at "fusing" and
    at "done"."""
    kind: str
    summary: RunSummary
    result: Result | None = None
    error: str | None = None
    article_id: str | None = None


Progress = Callable[[Step], None]


def skip_kind(reason: str) -> str:
    """The reason an article was stored unrun, as the summary counts it."""
    if reason.startswith("no date") or "(--undated skip)" in reason:
        return "undated"
    return "language" if reason.startswith("language") else reason.split(":")[0][:20]


def run(inputs: Iterable[str | PathLike | Article], store: Store | str, *, engine: str = "local",
        workers: int | None = None, conflict: str | None = None, undated: str = "infer",
        default_date: dt.date | None = None, redo: bool = False, fuse: bool = True,
        max_chars: int | None = None, progress: Progress | None = None) -> RunSummary:
    """Run the pipeline over the inputs and store every result, then fuse what is new (fuse=False leaves it to a
    later Store.fuse). engine: "local" or "ray"; workers: processes (default one per core); conflict: the conflict
    profile (data/conflicts/<name>.toml) every article is read with, instead of the one its text points to;
    undated: infer | skip | reject; max_chars: a longer text is stored as failed, unread (default
    POLEMOS_MAX_CHARS or MAX_CHARS)."""
    start = time.monotonic()
    summary = RunSummary()
    tell = progress or (lambda step: None)
    _check_conflict(conflict)
    runner = engines.make(engine, workers)
    own = not isinstance(store, Store)
    db = store if isinstance(store, Store) else Store(store)
    try:
        policy = ingest.Undated(undated, default_date, keep=undated == "infer")
        writer = _Writer(db, summary, tell)
        todo = _Todo(policy, db, redo, summary, writer, tell, conflict, max_chars or max_chars_default())
        for result in runner.run(todo.articles(inputs)):
            writer.save(result)
        if fuse and (summary.stored or summary.failed or summary.skipped):
            _fuse(db, summary, tell)
    finally:
        if own:
            db.close()
    summary.seconds = time.monotonic() - start
    tell(Step("done", summary))
    return summary


def max_chars_default() -> int:
    """The longest text read: POLEMOS_MAX_CHARS when set, else MAX_CHARS."""
    given = os.environ.get("POLEMOS_MAX_CHARS", "").replace("_", "").replace(",", "")
    return int(given) if given.isdigit() and int(given) > 0 else MAX_CHARS


def _check_conflict(conflict: str | None) -> None:
    from polemos import conflicts
    if conflict is not None and conflict not in conflicts.names():
        raise UsageError(RunMsg.UNKNOWN_CONFLICT.format(name=conflict, known=", ".join(conflicts.names())))


def _fuse(db: Store, summary: RunSummary, tell: Progress) -> None:
    """Fuse what is new; a fusion that fails leaves every article stored and its claims pending."""
    tell(Step("fusing", summary))
    try:
        summary.fused = db.fuse()
    except StoreError:
        raise
    except Exception as e:          # noqa: BLE001 - the stored articles stay; the next fuse tries again
        summary.fuse_error = f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"
        tell(Step("error", summary, error=RunMsg.FUSE_FAILED.format(error=summary.fuse_error)))


@dataclass
class _Todo:
    """The articles to run, in input order; errors, undated, too long and already stored articles are dealt
    with here."""
    policy: ingest.Undated
    db: Store
    redo: bool
    summary: RunSummary
    writer: _Writer
    tell: Progress
    conflict: str | None
    max_chars: int

    def articles(self, inputs: Iterable[str | PathLike | Article]) -> Iterator[Article]:
        summary = self.summary
        for item in _items(inputs, self.policy):
            if isinstance(item, IngestError):
                summary.rejected += 1
                self.tell(Step("rejected", summary, error=str(item)))
                continue
            summary.read += 1
            aid = item.article.id if isinstance(item, Result) else item.id
            if not self.redo and self.db.has(aid):
                summary.already += 1
                self.tell(Step("already", summary, article_id=aid))
            elif isinstance(item, Result):      # stored unrun (no date)
                self.writer.save(item)
            elif len(item.text) > self.max_chars:
                why = RunMsg.TOO_LONG.format(length=len(item.text), limit=self.max_chars)
                self.writer.save(Result(item, skipped=f"{FAILED} {why}"))
            else:
                if self.conflict:
                    item.conflict = self.conflict
                yield item


def _items(inputs: Iterable[str | PathLike | Article], policy: ingest.Undated) -> Iterator[ingest.Item]:
    if isinstance(inputs, (str, PathLike, Article)):
        inputs = [inputs]                   # one path or one article, not its characters
    for x in inputs:
        if isinstance(x, Article):
            yield x
        else:
            yield from ingest.read([str(x)], policy)



class _Writer:
    """Saves results one transaction each; a failed write is counted and told, and the run goes on."""

    def __init__(self, db: Store, summary: RunSummary, tell: Progress):
        self.db, self.summary, self.tell = db, summary, tell
        self.failures = 0

    def save(self, result: Result) -> None:
        s = self.summary
        try:
            self.db.save(result)
        except Exception as e:      # noqa: BLE001 - one article's bad write must not stop the batch
            self._failed(result, e)
            return
        self.failures = 0
        if result.failed:
            s.failed += 1
        elif result.skipped:
            s.skipped[skip_kind(result.skipped)] += 1
        else:
            s.stored += 1
            s.events += len(result.events)
            s.claims += len(result.claims)
        if not result.skipped or result.failed:
            s.dates[result.article.date_source] += 1
        self.tell(Step("article", s, result=result, article_id=result.article.id))
        if result.failed:
            why = (result.skipped or "").removeprefix(FAILED).strip()
            self.tell(Step("error", s, result=result, article_id=result.article.id,
                           error=RunMsg.STAGE_FAILED.format(origin=result.article.origin or result.article.id,
                                                            error=why)))

    def _failed(self, result: Result, e: Exception) -> None:
        self.failures += 1
        self.summary.not_stored += 1
        origin = result.article.origin or result.article.id
        error = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        self.tell(Step("error", self.summary, error=RunMsg.WRITE_FAILED.format(origin=origin, error=error),
                       article_id=result.article.id))
        try:        # the article as failed, with the reason, when the store takes that much
            self.db.save(Result(result.article, skipped=f"{FAILED} store: {error}"))
        except Exception:       # noqa: BLE001, S110 - nothing stored at all: the next run tries it as new
            pass
        if self.failures >= STORE_FAILURES:
            raise StoreError(RunMsg.STORE_BROKEN.format(n=self.failures, error=error)) from None
