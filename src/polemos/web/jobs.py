"""Ingest jobs posted to the API: one worker thread runs each job's articles through polemos.run (the pipeline in
this process, every result stored, then fused with the stored events). Jobs are kept in memory."""
from __future__ import annotations

import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from polemos.runner import run
from polemos.store import Store
from polemos.types import Article

KEEP = 200                          # finished jobs remembered


@dataclass
class Job:
    id: str
    total: int
    state: str = "queued"           # queued | running | fusing | done | failed
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

    def step(self, step: Any) -> None:
        """polemos.run's progress callback: how far the job has got."""
        if step.kind == "fusing":
            self.state = "fusing"
        elif step.result is not None or step.kind == "already":
            self.done += 1
            self.article_ids.append(step.article_id)
            result = step.result
            if result is not None:
                self.events += len(result.events)
                if result.skipped:
                    self.skipped.append(f"{step.article_id}: {result.skipped}")
        elif step.kind in ("rejected", "error") and step.result is None:
            self.skipped.append(step.error or "")


class Jobs:
    """A queue of ingest jobs and the one thread that runs them (the pipeline is not shared across threads)."""

    def __init__(self, store: Store):
        self.store = store
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
                job.state = "running"
                run(arts, self.store, workers=1, redo=True, progress=job.step)
                job.state = "done"
            except Exception as e:      # noqa: BLE001 - the job reports it; the worker lives on for the next one
                job.state, job.error = "failed", f"{type(e).__name__}: {e}"
            finally:
                job.finished = time.time()
