"""Ingest jobs posted to the API: one worker thread runs the pipeline over each job's articles, saves every
result, then fuses the new event records with the stored ones around their dates. Jobs are kept in memory."""
from __future__ import annotations

import datetime as dt
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import sqlalchemy as sa

from polemos import fusion
from polemos.store import Store, articles, events
from polemos.types import Article

KEEP = 200                          # finished jobs remembered
WINDOW = 16                         # days either side of new events that fusion looks at (fusion.toml: 15 max)


@dataclass
class Job:
    id: str
    total: int
    state: str = "queued"           # queued | loading | running | fusing | done | failed
    done: int = 0
    article_ids: list[str] = field(default_factory=list)
    events: int = 0
    skipped: list[str] = field(default_factory=list)
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "total": self.total, "done": self.done,
                "article_ids": self.article_ids, "events": self.events, "skipped": self.skipped,
                "error": self.error, "created": self.created, "finished": self.finished}


class Jobs:
    """A queue of ingest jobs and the one thread that runs them (the pipeline is not shared across threads)."""

    def __init__(self, store: Store, after: Callable[[], None]):
        self.store = store
        self.after = after              # called once a job's results are saved: refreshes the web tables
        self.jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple[Job, list[Article]]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, arts: list[Article]) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], total=len(arts))
        with self._lock:
            self.jobs[job.id] = job
            self._forget_old()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="polemos-ingest", daemon=True)
                self._thread.start()
        self._queue.put((job, arts))
        return job

    def wait(self, job: Job, timeout: float) -> None:
        end = time.time() + timeout
        while job.state not in ("done", "failed") and time.time() < end:
            time.sleep(0.05)

    def _forget_old(self) -> None:
        finished = sorted((j for j in self.jobs.values() if j.finished), key=lambda j: j.finished or 0)
        for j in finished[:max(0, len(finished) - KEEP)]:
            del self.jobs[j.id]

    def _work(self) -> None:
        while True:
            job, arts = self._queue.get()
            try:
                self._run(job, arts)
                job.state = "done"
            except Exception as e:      # the job reports it; the worker lives on for the next one
                job.state, job.error = "failed", f"{type(e).__name__}: {e}"
            finally:
                job.finished = time.time()
                self.after()

    def _run(self, job: Job, arts: list[Article]) -> None:
        from polemos.pipeline import Pipeline     # loading spaCy takes seconds: only when a job comes

        job.state = "loading"
        pipeline = Pipeline.default()
        job.state = "running"
        for result in pipeline.run(arts):
            self.store.save(result)
            job.done += 1
            job.article_ids.append(result.article.id)
            job.events += len(result.events)
            if result.skipped:
                job.skipped.append(f"{result.article.id}: {result.skipped}")
        job.state = "fusing"
        fuse_around(self.store, job.article_ids)


def fuse_around(store: Store, article_ids: list[str] | None = None) -> int:
    """Fuse the event records of these articles with the stored ones near their dates (every record when
    article_ids is None, as fusion.fuse_store does); earlier fused ids are kept where fusion.merge_ids allows.
    Returns how many records changed group."""
    with store.engine.connect() as conn:
        rows = _rows_near(conn, article_ids)
        ids = sorted({r["article_id"] for r in rows})
        dates = dict(conn.execute(sa.select(articles.c.id, articles.c.date).where(articles.c.id.in_(ids))).all())
    if not rows:
        return 0
    records, previous = fusion.rows_to_records(rows, dates)
    fused = fusion.fuse(records, previous or None)
    now = {r["id"]: r["fused_id"] for r in rows}
    new = {c["record_id"]: ev["event_id"] for ev in fused for c in ev["claims"]}
    changed = {rid: fid for rid, fid in new.items() if now.get(rid) != fid}
    if changed:
        store.set_fused(changed)
    return len(changed)


def _rows_near(conn: sa.Connection, article_ids: list[str] | None) -> list[dict[str, Any]]:
    if article_ids is None:
        return [dict(r._mapping) for r in conn.execute(sa.select(events).order_by(events.c.id))]
    days = [d for d in conn.execute(sa.select(events.c.date).where(events.c.article_id.in_(article_ids))
                                    .distinct()).scalars() if d]
    if not days:
        return []
    ranges = []
    for d in days:
        try:
            day = dt.date.fromisoformat(d[:10])
        except ValueError:
            continue
        lo, hi = day - dt.timedelta(days=WINDOW), day + dt.timedelta(days=WINDOW)
        ranges.append(events.c.date.between(lo.isoformat(), hi.isoformat()))
    near = sa.or_(events.c.article_id.in_(article_ids), *ranges)
    # whole groups: a fused event with one record in the window comes in with all its records
    groups = sa.select(events.c.fused_id).where(near, events.c.fused_id.is_not(None))
    q = sa.select(events).where(near | events.c.fused_id.in_(groups)).order_by(events.c.id)
    return [dict(r._mapping) for r in conn.execute(q)]
