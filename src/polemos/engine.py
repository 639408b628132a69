"""Engines: the pipeline over a stream of articles, in this process, in a pool of worker processes (local), or in
Ray Data actors (ray), with the progress shown on a terminal.

Every engine cuts the stream into the same chunks of CHUNK articles, runs each chunk as one Pipeline.run (one
nlp.pipe batch) and yields the results in input order: the results do not depend on the engine or the number of
workers. Workers load the model once each; the caller alone writes to the store.
"""
from __future__ import annotations

import itertools
import logging
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO

from polemos import ingest
from polemos.types import Article, Result

CHUNK = 16                  # articles per task: one nlp.pipe batch
ENGINES = ("local", "ray")
ACTOR_START_S = 600         # how long the Ray engine waits for its actors to start


def chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def run_chunk(articles: list[Article]) -> list[Result]:
    """One chunk through the pipeline, results in the chunk's order (Pipeline.run may yield a skipped article
    ahead of the parsed ones before it)."""
    from polemos.pipeline import Pipeline
    order = {id(a): i for i, a in enumerate(articles)}
    return sorted(Pipeline.default().run(articles), key=lambda r: order[id(r.article)])


def default_workers() -> int:
    return os.cpu_count() or 1


def make(name: str = "local", workers: int | None = None, chunk_size: int = CHUNK) -> LocalEngine | RayEngine:
    """The engine called `name` ("local" or "ray")."""
    if name == "local":
        return LocalEngine(workers, chunk_size)
    if name == "ray":
        return RayEngine(workers, chunk_size)
    raise ValueError(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")


# --- local: this process, or a pool of processes ------------------------------------------------------

def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the parent's to handle: it stops the pool
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    from polemos.pipeline import Pipeline
    Pipeline.default()


def _exit_with_parent(parent: int) -> None:
    """A parent killed with SIGKILL cannot stop its pool: a worker whose parent is gone ends itself."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _start_method() -> str:
    """fork when this process has one thread: workers inherit the imports (and a model already loaded) instead
    of redoing them. Forking beside other threads can deadlock a child: forkserver then, else spawn."""
    import multiprocessing as mp
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class LocalEngine:
    """`workers` processes on this machine; one worker (or one chunk of input) runs in this process."""

    def __init__(self, workers: int | None = None, chunk_size: int = CHUNK, start_method: str | None = None):
        self.workers = max(1, workers or default_workers())
        self.chunk_size = chunk_size
        self.start_method = start_method

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        stream = chunks(articles, self.chunk_size)
        head = list(itertools.islice(stream, 2))
        if self.workers == 1 or len(head) < 2:      # a pool for one chunk would only add its start-up
            for chunk in itertools.chain(head, stream):
                yield from run_chunk(chunk)
            return
        yield from self._pool(itertools.chain(head, stream))

    def _pool(self, stream: Iterator[list[Article]]) -> Iterator[Result]:
        import multiprocessing as mp
        pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context(self.start_method or _start_method()),
                                   initializer=_init_worker)
        pending: deque = deque()
        done = False
        try:
            for chunk in stream:
                pending.append(pool.submit(run_chunk, chunk))
                if len(pending) >= 2 * self.workers:   # bounded: input is read as fast as workers run
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
            done = True
        finally:
            if not done:    # interrupted or failed: do not wait for the chunks in flight
                for p in list((getattr(pool, "_processes", None) or {}).values()):
                    p.terminate()
            pool.shutdown(wait=done, cancel_futures=True)


# --- ray: Ray Data actors, Parquet shards in and out --------------------------------------------------

class _RayRunner:
    """A Ray Data actor: loads the pipeline once, then runs each chunk it is given: reads the chunk's input shard,
    writes its results shard (with when it ran, on which node and in which actor, and how many words it held), and
    passes on the chunk number."""

    def __init__(self, folder: str):
        import ray

        from polemos.pipeline import Pipeline
        Pipeline.default()
        self.folder = Path(folder)
        self.node = ray.get_runtime_context().get_node_id()
        self.worker = f"{self.node}:{os.getpid()}"

    def __call__(self, batch: dict) -> dict:
        for chunk in batch["chunk"].tolist():
            self.run(chunk)
        return batch

    def run(self, chunk: int) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq
        start, cpu = time.time(), time.process_time()
        blob = pq.read_table(_shard(self.folder, "in", chunk)).column("articles")[0].as_py()
        articles = pickle.loads(blob)
        results = pickle.dumps(run_chunk(articles), protocol=5)
        row = {"results": [results], "started": [start], "ended": [time.time()], "cpu": [time.process_time() - cpu],
               "words": [sum(len(a.text.split()) for a in articles)], "node": [self.node], "worker": [self.worker]}
        out = _shard(self.folder, "out", chunk)
        pq.write_table(pa.table(row), out.with_suffix(".tmp"))
        out.with_suffix(".tmp").rename(out)     # the driver never reads half a shard


def _shard(folder: Path, side: str, chunk: int) -> Path:
    return folder / side / f"chunk-{chunk:09d}.parquet"


class RayEngine:
    """Ray Data on a local Ray (num_cpus=workers) or on the cluster RAY_ADDRESS names (workers: default one per
    CPU of the cluster). Each chunk of articles is written to a Parquet shard, run in one of `workers` map_batches
    actors of one CPU each, which writes its results to a shard; this process reads them in input order as they
    come. The dataset Ray runs holds only chunk numbers, so no Ray task but the actors needs a CPU. On a multi-node
    cluster, POLEMOS_RAY_TMP must name a folder every node can read and write (a shared file system), and polemos
    must be installed on the nodes."""

    def __init__(self, workers: int | None = None, chunk_size: int = CHUNK, tmp: str | None = None):
        try:
            import ray.data  # noqa: F401
        except ImportError:
            raise RuntimeError("the ray engine needs Ray Data: pip install 'polemos[ray]'") from None
        self.workers = max(1, workers) if workers else None
        self.chunk_size = chunk_size
        self.tmp = tmp or os.environ.get("POLEMOS_RAY_TMP")
        self.timing: dict = {}

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        import ray
        with tempfile.TemporaryDirectory(prefix="polemos-ray-", dir=self.tmp) as tmp:
            folder = Path(tmp)
            n = _write_shards(chunks(articles, self.chunk_size), folder)
            if not n:
                return
            begun, rows = time.time(), []      # type: tuple[float, list[dict]]
            started = self._init(ray)
            try:
                workers = min(n, self.workers or max(1, int(ray.cluster_resources().get("CPU", 1))))
                for row in _dataset(ray, folder, n, workers).iter_rows():      # chunk numbers, in input order
                    yield from _read_results(folder, row["chunk"], rows)
            finally:
                if started:
                    ray.shutdown()
            self.timing = _timing(rows, begun)

    def _init(self, ray) -> bool:
        """Connect to RAY_ADDRESS, or start a local Ray; True when this call started it."""
        started = not ray.is_initialized()
        for name in ("ray", "ray.data"):    # Ray's INFO lines would bury polemos's own output
            logging.getLogger(name).setLevel(logging.ERROR)
        if started:
            address = os.environ.get("RAY_ADDRESS")
            local = {} if address else {"num_cpus": self.workers or default_workers(), "include_dashboard": False}
            ray.init(address=address, log_to_driver=False, configure_logging=False, **local)
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        # work goes out once every actor has loaded its model, so that all share it (and the rate is steady);
        # an actor that cannot be placed (more workers than the cluster's CPUs) fails the run after this long
        ctx.wait_for_min_actors_s = ACTOR_START_S
        return started


def _dataset(ray, folder: Path, n: int, workers: int):
    """One block per chunk number, so that every actor gets work; the chunks run in `workers` actors. An actor
    that dies is not restarted: the run stops, and `polemos extract` run again resumes after the stored results."""
    from ray.data import ActorPoolStrategy
    ds = ray.data.from_items([{"chunk": c} for c in range(n)], override_num_blocks=n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ds.map_batches(_RayRunner, fn_constructor_kwargs={"folder": str(folder)}, batch_size=1,
                              compute=ActorPoolStrategy(size=workers), num_cpus=1, batch_format="numpy",
                              max_restarts=0)


def _write_shards(stream: Iterator[list[Article]], folder: Path) -> int:
    """Each chunk as one Parquet shard of one row (the pickled articles) under folder/in; the number of chunks."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    for side in ("in", "out"):
        (folder / side).mkdir(parents=True)
    n = 0
    for chunk in stream:
        pq.write_table(pa.table({"articles": pa.array([pickle.dumps(chunk, protocol=5)], pa.binary())}),
                       _shard(folder, "in", n))
        n += 1
    return n


def _read_results(folder: Path, chunk: int, timing: list[dict]) -> list[Result]:
    """The results of one chunk, from its shard (which is then removed); its timing row goes to `timing`."""
    import pyarrow.parquet as pq
    path = _shard(folder, "out", chunk)
    row = {k: v[0] for k, v in pq.read_table(path).to_pydict().items()}
    path.unlink()
    timing.append({k: v for k, v in row.items() if k != "results"})
    return pickle.loads(row["results"])


def _timing(rows: list[dict], begun: float) -> dict:
    """From the chunks' own clocks: start_s, the call to the first chunk begun (Ray, actors and their model load);
    work_s, first chunk begun to last chunk done; steady_wps, words/s once every actor has begun its first chunk
    (the chunks begun from then on, over the time from then to the last done), steady_cpu_wps the same words over
    the CPU time the actors spent on them; nodes and workers that ran chunks."""
    if not rows:
        return {}
    first = min(r["started"] for r in rows)
    ready = max(min(r["started"] for r in rows if r["worker"] == w) for w in {r["worker"] for r in rows})
    last = max(r["ended"] for r in rows)
    steady = [r for r in rows if r["started"] >= ready]
    words = sum(r["words"] for r in steady)
    return {"start_s": first - begun, "work_s": last - first, "ready_s": ready - begun,
            "words": sum(r["words"] for r in rows), "steady_wps": words / (last - ready) if last > ready else None,
            "steady_cpu_wps": words / max(sum(r["cpu"] for r in steady), 1e-9),
            "nodes": sorted({r["node"] for r in rows}), "workers": len({r["worker"] for r in rows}),
            "chunks": len(rows)}


# --- progress -----------------------------------------------------------------------------------------

def count_articles(paths: list[str]) -> int | None:
    """How many records the inputs hold (lines of JSONL, rows of CSV and Parquet, one per .txt/.html file), or
    None when one is standard input. Lines are counted, not parsed: a CSV field holding line breaks overcounts."""
    total = 0
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        files = [path] if not path.is_dir() else [
            Path(root) / f for root, dirs, names in os.walk(path)
            if not any(part.startswith(".") for part in Path(root).relative_to(path).parts)
            for f in names if not f.startswith(".") and Path(f).suffix.lower() in ingest.FOLDER_SUFFIXES]
        total += sum(_records_in(f) for f in files)
    return total


def _records_in(f: Path) -> int:
    suffix = f.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return _lines(f)
        if suffix == ".csv":
            return max(0, _lines(f) - 1)
        if suffix == ".parquet":
            import pyarrow.parquet as pq
            return pq.ParquetFile(f).metadata.num_rows
    except (OSError, ValueError):   # unreadable or not what its name says: ingest reports it; the count just skips it
        return 0
    return 1


def _lines(f: Path) -> int:
    n, last = 0, b"\n"
    with open(f, "rb") as fh:
        while block := fh.read(1 << 20):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")


class Progress:
    """A one-line progress bar on a terminal: done/total, articles/s, ETA. Silent when `stream` is not a TTY."""

    def __init__(self, stream: IO[str] | None = None, total: int | None = None, every: float = 0.25):
        self.stream = stream or sys.stderr
        self.on = bool(getattr(self.stream, "isatty", lambda: False)())
        self.total, self.done, self.every = total, 0, every
        self.start = self.shown = time.monotonic()
        self.first: tuple[float, int] | None = None     # (when, done) at the first article done
        self.drawn = False

    def count_in_background(self, paths: list[str]) -> None:
        """Count the inputs in a thread, so that a long count does not hold up the run."""
        if self.on:
            threading.Thread(target=lambda: setattr(self, "total", count_articles(paths)), daemon=True).start()

    def advance(self, n: int = 1) -> None:
        now = time.monotonic()
        if self.first is None:      # the rate counts from the first article done: model loading is not a rate
            self.first = (now, self.done + n)
        self.done += n
        if self.on and now - self.shown >= self.every:
            self.shown = now
            self._draw(now)

    def rate(self, now: float) -> float | None:
        if self.first is None or now - self.first[0] < 0.5:
            return None
        return (self.done - self.first[1]) / (now - self.first[0])

    def line(self, now: float) -> str:
        rate, total = self.rate(now), self.total
        speed = f"{rate:.1f}/s" if rate is not None else "?/s"
        if not total or total < self.done:
            return f"{self.done} articles  {speed}  {_clock(now - self.start)}"
        eta = (total - self.done) / rate if rate else None
        bar = "#" * int(20 * self.done / total)
        return f"[{bar:<20}] {self.done}/{total} articles  {speed}  ETA {_clock(eta) if eta is not None else '?'}"

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        """Wipe the bar (before other output to the same terminal); the next advance draws it again."""
        if self.on and self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False
            self.shown = 0.0

    def close(self) -> None:
        if self.on and self.done:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}h{s // 60 % 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"
