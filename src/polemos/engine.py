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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO, Iterable, Iterator

from polemos import ingest
from polemos.types import Article, Result

CHUNK = 16                  # articles per task: one nlp.pipe batch
SHARD_CHUNKS = 32           # chunks per Parquet input shard of the Ray engine
ENGINES = ("local", "ray")


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


def make(name: str = "local", workers: int | None = None, chunk_size: int = CHUNK) -> "LocalEngine | RayEngine":
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
    """A Ray Data actor: loads the pipeline once, then runs the chunks of each batch."""

    def __init__(self):
        from polemos.pipeline import Pipeline
        Pipeline.default()

    def __call__(self, batch):
        import pyarrow as pa
        start = time.time()
        ids = batch.column("chunk").to_pylist()
        blobs = [pickle.dumps(run_chunk(pickle.loads(b)), protocol=5) for b in batch.column("articles").to_pylist()]
        n = len(ids)    # when the chunk ran: the engine's timing leaves out Ray's and the actors' start-up
        return pa.table({"chunk": pa.array(ids, pa.int64()), "results": pa.array(blobs, pa.binary()),
                         "started": pa.array([start] * n, pa.float64()), "ended": pa.array([time.time()] * n,
                                                                                            pa.float64())})


class RayEngine:
    """Ray Data on a local Ray (num_cpus=workers + 1) or on the cluster RAY_ADDRESS names. Articles are written to
    Parquet shards (one row per chunk), run in `workers` map_batches actors, written back as Parquet shards and
    read in input order. On a multi-node cluster, POLEMOS_RAY_TMP must name a folder every node can read and write
    (a shared file system), and polemos must be installed on the nodes."""

    def __init__(self, workers: int | None = None, chunk_size: int = CHUNK, tmp: str | None = None):
        try:
            import ray.data  # noqa: F401
        except ImportError:
            raise RuntimeError("the ray engine needs Ray Data: pip install 'polemos[ray]'") from None
        self.workers = max(1, workers or default_workers())
        self.chunk_size = chunk_size
        self.tmp = tmp or os.environ.get("POLEMOS_RAY_TMP")
        self.timing: dict[str, float] = {}

    def run(self, articles: Iterable[Article]) -> Iterator[Result]:
        import ray
        with tempfile.TemporaryDirectory(prefix="polemos-ray-", dir=self.tmp) as tmp:
            shards, outdir = Path(tmp) / "in", Path(tmp) / "out"
            n = _write_shards(chunks(articles, self.chunk_size), shards)
            if not n:
                return
            begun = time.time()
            started = self._init(ray)
            try:
                ds = _read(ray, shards, n)
                ds = _map(ds, self.workers)
                ds.write_parquet(str(outdir), ray_remote_args={"num_cpus": 0})
            finally:
                if started:
                    ray.shutdown()
            self.timing = _timing(outdir, begun)
            yield from _read_results(outdir)

    def _init(self, ray) -> bool:
        """Connect to RAY_ADDRESS, or start a local Ray; True when this call started it."""
        started = not ray.is_initialized()
        for name in ("ray", "ray.data"):    # Ray's INFO lines would bury polemos's own output
            logging.getLogger(name).setLevel(logging.ERROR)
        if started:
            address = os.environ.get("RAY_ADDRESS")
            # one CPU more than the actors hold: Ray Data's file listing task needs one, or nothing starts
            local = {} if address else {"num_cpus": self.workers + 1, "include_dashboard": False}
            ray.init(address=address, log_to_driver=False, configure_logging=False, **local)
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        return started


def _read(ray, shards: Path, n: int):
    """The input shards, one block per chunk so that every actor gets work."""
    try:
        ds = ray.data.read_parquet(str(shards), override_num_blocks=n, num_cpus=0)
    except TypeError:       # Ray before 2.10: other argument names
        ds = ray.data.read_parquet(str(shards), parallelism=n, ray_remote_args={"num_cpus": 0})
    try:
        return ds.repartition(target_num_rows_per_block=1)     # streaming, Ray 2.4x on
    except TypeError:
        return ds


def _map(ds, workers: int):
    """One chunk per batch, in `workers` actors of one CPU each."""
    from ray.data import ActorPoolStrategy
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # "fewer inputs than actors" on small runs
        return ds.map_batches(_RayRunner, compute=ActorPoolStrategy(size=workers), batch_size=1,
                              batch_format="pyarrow", num_cpus=1, zero_copy_batch=True)


def _write_shards(stream: Iterator[list[Article]], folder: Path) -> int:
    """Chunks as Parquet rows (chunk number, pickled articles), SHARD_CHUNKS per file; the number of chunks."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    folder.mkdir(parents=True)
    n = 0
    for shard in chunks(stream, SHARD_CHUNKS):
        table = pa.table({"chunk": pa.array(range(n, n + len(shard)), pa.int64()),
                          "articles": pa.array([pickle.dumps(c, protocol=5) for c in shard], pa.binary())})
        pq.write_table(table, folder / f"shard-{n:09d}.parquet")
        n += len(shard)
    return n


def _timing(folder: Path, begun: float) -> dict[str, float]:
    """start_s: from the call to the first chunk begun (Ray and actors starting); work_s: first chunk begun to
    last chunk done."""
    import pyarrow.parquet as pq
    first, last = [], []
    for f in folder.rglob("*.parquet"):
        t = pq.read_table(f, columns=["started", "ended"])
        first.append(min(t.column("started").to_pylist(), default=begun))
        last.append(max(t.column("ended").to_pylist(), default=begun))
    if not first:
        return {}
    return {"start_s": min(first) - begun, "work_s": max(last) - min(first)}


def _read_results(folder: Path) -> Iterator[Result]:
    """The results of every chunk in chunk order, one output file in memory at a time when files hold runs of
    consecutive chunks (as with preserve_order)."""
    import pyarrow.parquet as pq
    where: dict[int, Path] = {}
    for f in sorted(folder.rglob("*.parquet")):
        for c in pq.read_table(f, columns=["chunk"]).column("chunk").to_pylist():
            where[c] = f
    loaded: tuple[Path | None, dict[int, bytes]] = (None, {})
    for c in sorted(where):
        if loaded[0] != where[c]:
            t = pq.read_table(where[c])
            loaded = (where[c], dict(zip(t.column("chunk").to_pylist(), t.column("results").to_pylist())))
        yield from pickle.loads(loaded[1][c])


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
    except Exception:       # unreadable or not what its name says: ingest reports it; the count just skips it
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
