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
import inspect
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from polemos import engine as engines
from polemos import ingest
from polemos.errors import IngestError, RunMsg, UsageError
from polemos.store import FuseSummary, Store
from polemos.types import FAILED, Article, Result

MONTH = 3                           # time_precision of events dated against a month read from the text
STORE_FAILURES = 50                 # writes failing one after the other: the store itself is broken


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
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.rejected or self.failed or self.not_stored)


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
        progress: Progress | None = None) -> RunSummary:
    """Run the pipeline over the inputs and store every result, then fuse what is new (fuse=False leaves it to a
    later Store.fuse). engine: "local" or "ray"; workers: processes (default one per core); conflict: the conflict
    profile the pipeline reads (when it offers them); undated: infer | skip | reject."""
    start = time.monotonic()
    summary = RunSummary()
    tell = progress or (lambda step: None)
    runner = _engine(engine, workers, conflict)
    own = not isinstance(store, Store)
    db = Store(store) if own else store
    try:
        policy = ingest.Undated(undated, default_date, keep=undated == "infer")
        writer = _Writer(db, summary, tell)
        for result in runner.run(_articles(inputs, policy, db, redo, summary, writer, tell)):
            writer.save(_coarsened(result))
        if fuse and (summary.stored or summary.failed or summary.skipped):
            tell(Step("fusing", summary))
            summary.fused = db.fuse()
    finally:
        if own:
            db.close()
    summary.seconds = time.monotonic() - start
    tell(Step("done", summary))
    return summary


def _engine(name: str, workers: int | None, conflict: str | None) -> Any:
    """The engine; a conflict profile goes to it when it takes one."""
    if conflict is None:
        return engines.make(name, workers)
    if "conflict" not in inspect.signature(engines.make).parameters:
        # TODO(conflict profiles): pass conflict once the pipeline takes one (engine.make(..., conflict=...)).
        raise UsageError(RunMsg.NO_CONFLICT.format(name=conflict))
    return engines.make(name, workers, conflict=conflict)


def _articles(inputs: Iterable[str | PathLike | Article], policy: ingest.Undated, db: Store, redo: bool,
              summary: RunSummary, writer: _Writer, tell: Progress) -> Iterator[Article]:
    """The articles to run, in input order; errors, undated and already stored articles are dealt with here."""
    for item in _items(inputs, policy):
        if isinstance(item, IngestError):
            summary.rejected += 1
            tell(Step("rejected", summary, error=str(item)))
            continue
        summary.read += 1
        aid = item.article.id if isinstance(item, Result) else item.id
        if not redo and db.has(aid):
            summary.already += 1
            tell(Step("already", summary, article_id=aid))
        elif isinstance(item, Result):      # stored unrun (no date)
            writer.save(item)
        else:
            yield item


def _items(inputs: Iterable[str | PathLike | Article], policy: ingest.Undated) -> Iterator[ingest.Item]:
    if isinstance(inputs, (str, PathLike, Article)):
        inputs = [inputs]                   # one path or one article, not its characters
    for x in inputs:
        if isinstance(x, Article):
            yield x
        else:
            yield from ingest.read([str(x)], policy)


def _coarsened(result: Result) -> Result:
    """Events of an article dated to a month only (read from its text) are month-precise at best."""
    if result.article.date_source == "month":
        for ev in result.events:
            ev.time_precision = max(ev.time_precision, MONTH)
    return result


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
            self.tell(Step("error", s, result=result, article_id=result.article.id,
                           error=RunMsg.STAGE_FAILED.format(origin=result.article.origin or result.article.id,
                                                            error=result.skipped)))

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
            raise e
