"""`make bench-scale` (issue 16): does the cost of a run grow linearly with the corpus, in bounded memory?

    .venv/bin/python bench/scale.py [--shared ../shared] [--small 2000] [--large 20000] [--new 1000]
                                    [--workers N] [--no-postgres]

Generates --large + --new articles (build/scale/), runs `polemos extract --no-fuse` on the first --small and on the
first --large of them into SQLite and into PostgreSQL (a throwaway server, as tests/conftest.py starts one), then
for each store: the full fusion (the library's fusion.fuse_store, timed in its own process) and an ACLED CSV export
(`polemos export --format acled-csv`). Last, the incremental run: the --new articles extracted into the fused large
store, and fusion again. Prints a table and writes build/scale.json (articles_small, articles_large, wps_small,
wps_large, peak_rss_mb_large, fuse_s_small, fuse_s_large, incremental_fuse_s, ...; the pg_ keys for PostgreSQL).

The articles are recombined from the sentences of the English articles of ../shared/data/corpus (articles.jsonl,
world.jsonl), with new ids and dates, 30 articles a day in id order, so that a larger corpus covers more days
rather than crowding the same ones; sentences that name a month or a year are left out, since a recombined one
would date its events to its source's days whatever the new article's date. Without ../shared, generated wire-style
articles. Nothing of it is committed: build/ is not.

Every step runs in its own process; peak RSS is the largest resident size of any one process of the step (the
`extract` parent or one of its workers), sampled every 0.25 s, and the step's PSS summed over its processes is kept
too. Words/s are over the wall time of `extract` (model load included) and, beside them, over its CPU time (less
moved by a busy host). Acceptance: words/s at --large >= 0.85 x at --small; peak RSS <= 1 GB; fuse time grows at
most 12x for 10x the articles; the incremental fuse takes <= 15 % of a full fuse.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build"
WORK = OUT / "scale"
POLEMOS = str(Path(sys.executable).with_name("polemos"))
PER_DAY = 30
FIRST_DAY = "2021-01-01"
DATED = re.compile(r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|March|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
                   r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b|\b(?:1[89]|20)\d\d\b")
SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[\"“A-Z])")
TARGETS = {"wps_ratio": (">=", 0.85), "peak_rss_mb_large": ("<=", 1024), "fuse_growth": ("<=", 12.0),
           "incremental_share": ("<=", 0.15)}


# --- the corpus ----------------------------------------------------------------------------------------

def sentence_pool(shared: Path) -> tuple[list[str], list[dict], str]:
    """Undated sentences of the English corpus articles, and the articles (for their length and outlet)."""
    arts = []
    for name in ("articles.jsonl", "world.jsonl"):
        src = shared / "data" / "corpus" / name
        if src.exists():
            arts += [r for r in map(json.loads, src.open(encoding="utf-8"))
                     if r.get("language") == "en" and r.get("text")]
    pool = [s for a in arts for p in a["text"].split("\n") for s in SENTENCE_END.split(p.strip())
            if len(s.split()) >= 4 and not DATED.search(s)]
    if pool:
        return pool, arts, f"{len(pool)} undated sentences of {len(arts)} English corpus articles in {shared}"
    sys.path.insert(0, str(ROOT / "bench"))
    from speed import _generated
    arts = _generated(300)
    pool = [s for a in arts for s in a["text"].split("\n")]
    return pool, arts, "generated wire-style sentences (no ../shared)"


def write_corpus(shared: Path, total: int, seed: int = 16) -> tuple[list[int], str]:
    """build/scale/articles.jsonl with `total` recombined articles; the words of each."""
    import datetime as dt
    pool, arts, origin = sentence_pool(shared)
    rnd, first = random.Random(seed), dt.date.fromisoformat(FIRST_DAY)
    words: list[int] = []
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / "articles.jsonl").open("w", encoding="utf-8") as out:
        for i in range(total):
            like = rnd.choice(arts)
            n = max(2, min(40, len(SENTENCE_END.split(like["text"]))))
            sents = rnd.sample(pool, min(n, len(pool)))
            paras, k = [], 0
            while k < len(sents):
                step = rnd.randint(1, 3)
                paras.append(" ".join(sents[k:k + step]))
                k += step
            text = "\n".join(paras)
            words.append(len(text.split()))
            out.write(json.dumps({"id": f"scale-{i:06d}", "date": (first + dt.timedelta(days=i // PER_DAY)).isoformat(),
                                  "outlet": like.get("outlet"), "language": "en", "text": text},
                                 ensure_ascii=False) + "\n")
    return words, origin


def slice_corpus(name: str, start: int, stop: int) -> Path:
    """Lines start..stop of articles.jsonl as their own file."""
    path = WORK / f"{name}.jsonl"
    with (WORK / "articles.jsonl").open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if start <= i < stop:
                out.write(line)
    return path


# --- one step in its own process, watched ----------------------------------------------------------------

def _tree(root: int) -> list[int]:
    """root and its descendants, from /proc."""
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += kids.get(pid, [])
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; zeros when it is gone."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
        return int(fields["Rss"].split()[0]), int(fields["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0


def watched(cmd: list[str], stdout=subprocess.DEVNULL) -> dict:
    """Run cmd; wall and CPU seconds (its whole tree), peak RSS of its largest process and peak PSS of the tree, the
    last line it wrote to stderr, and its stdout when piped."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load, t = os.getloadavg()[0], time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, text=True)
    peak = {"rss": 0, "pss": 0}

    def sample():
        pids, listed = [proc.pid], time.monotonic()
        while proc.poll() is None:
            if time.monotonic() - listed > 2:    # walking /proc costs more than sampling: the tree changes seldom
                pids, listed = _tree(proc.pid), time.monotonic()
            mem = [_memory(p) for p in pids]
            peak["rss"] = max([peak["rss"]] + [m[0] for m in mem])
            peak["pss"] = max(peak["pss"], sum(m[1] for m in mem))
            time.sleep(0.25)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    said = [line for line in err.splitlines() if line.strip()]
    return {"rc": proc.returncode, "wall_s": wall,
            "cpu_s": after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime,
            "peak_rss_mb": peak["rss"] / 1024, "peak_pss_mb": peak["pss"] / 1024, "load": load,
            "said": said[-1] if said else "", "out": out or ""}


def measure_fuse(url: str) -> dict:
    """fusion.fuse_store over the whole store, timed in this process (`--measure fuse URL`)."""
    from polemos import fusion
    from polemos.store import Store
    store = Store(url)
    t = time.perf_counter()
    fused = fusion.fuse_store(store)
    out = {"fuse_s": time.perf_counter() - t}
    if isinstance(fused, list):
        out.update(events=len(fused), claims=sum(len(e.get("claims") or []) for e in fused))
    return out


def measure_write(url: str, path: str, n: str = "200") -> dict:
    """The single writer's ceiling: articles/s of Store.save alone, for the first n articles of a file run
    beforehand (`--measure write URL FILE [N]`)."""
    import itertools

    from polemos import engine, ingest
    from polemos.store import Store
    from polemos.types import Article
    arts = list(itertools.islice((a for a in ingest.read([path]) if isinstance(a, Article)), int(n)))
    results = list(engine.LocalEngine(workers=1).run(arts))
    store = Store(url)
    t = time.perf_counter()
    for r in results:
        store.save(r)
    return {"write_aps": len(results) / (time.perf_counter() - t), "write_articles": len(results)}


def in_process(kind: str, *args: str) -> dict:
    """One of the measures above in its own watched process; its JSON merged into the step."""
    step = watched([sys.executable, __file__, "--measure", kind, *args], stdout=subprocess.PIPE)
    lines = step.pop("out").strip().splitlines()
    return {**step, **(json.loads(lines[-1]) if step["rc"] == 0 and lines else {})}


def fuse(url: str) -> dict:
    return in_process("fuse", url)


def extract(corpus: Path, url: str, workers: int | None) -> dict:
    more = ["--workers", str(workers)] if workers else []
    step = watched([POLEMOS, "extract", str(corpus), "--db", url, "--no-fuse", *more])
    step.pop("out")
    return step


def export(url: str, name: str) -> dict:
    path = WORK / f"{name}.csv"
    step = watched([POLEMOS, "export", "--db", url, "--format", "acled-csv", "-o", str(path)])
    step.pop("out")
    with path.open(encoding="utf-8", newline="") as f:
        step["rows"] = max(0, sum(1 for _ in csv.reader(f)) - 1)
    path.unlink()
    return {"export_s": step["wall_s"], **step}


def store_mb(url: str) -> float:
    if not url.startswith("postgresql://"):
        return sum(f.stat().st_size for f in Path(url).parent.glob(Path(url).name + "*")) / 2**20
    import sqlalchemy as sa

    from polemos.store import engine_url
    eng = sa.create_engine(engine_url(url))
    with eng.connect() as c:
        size = c.execute(sa.text("SELECT pg_database_size(current_database())")).scalar()
    eng.dispose()
    return size / 2**20


# --- PostgreSQL: a throwaway server, as tests/conftest.py starts one ---------------------------------------

def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int("0" + p.parts[-3]))
    return Path(os.environ["POLEMOS_PG_BIN"]) if os.environ.get("POLEMOS_PG_BIN") else (
        found[-1].parent if found else None)


@contextlib.contextmanager
def postgres():
    """A postgresql:// URL of a fresh server in a temp folder (as the postgres user when run as root), or None
    with the reason when none can start."""
    import tempfile
    pg = _pg_bin()
    if pg is None or (os.geteuid() == 0 and not shutil.which("runuser")):
        yield None, "no PostgreSQL server binaries (apt-get install postgresql)"
        return
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="polemos-scale-pg-"))
    if as_user:
        shutil.chown(root, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    user = "postgres" if as_user else os.environ.get("USER", "postgres")
    run = lambda *cmd: subprocess.run([*as_user, *map(str, cmd)], check=True, capture_output=True, text=True)
    try:
        run(pg / "initdb", "-D", root / "data", "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync")
        opts = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c fsync=off"
        run(pg / "pg_ctl", "-D", root / "data", "-l", root / "log", "-o", opts, "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as e:
        shutil.rmtree(root, ignore_errors=True)
        yield None, f"PostgreSQL did not start: {(e.stderr or e.stdout).strip()}"
        return
    try:
        yield f"postgresql://{user}@127.0.0.1:{port}", ""
    finally:
        subprocess.run([*as_user, str(pg / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


def pg_database(server: str, name: str) -> str:
    """A fresh database `name` on the server; its URL."""
    import sqlalchemy as sa

    from polemos.store import engine_url
    admin = sa.create_engine(engine_url(server + "/postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        c.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{server}/{name}"


# --- the runs ------------------------------------------------------------------------------------------

def run_store(urls: dict[str, str], files: dict[str, Path], words: dict[str, int], workers: int | None) -> dict:
    """extract, full fusion, export and store size at each size; then the new articles into the fused large store
    and fusion again; last, Store.save alone into a store of its own."""
    out = {}
    for size in ("small", "large"):
        ex = extract(files[size], urls[size], workers)
        out[size] = {"extract": ex, "fuse": fuse(urls[size]), "export": export(urls[size], size),
                     "store_mb": store_mb(urls[size]), "articles": _lines(files[size]), "words": words[size]}
        print(f"  {size}: extract {ex['wall_s']:.0f} s ({ex['said']}), fuse {out[size]['fuse'].get('fuse_s') or 0:.1f}"
              f" s, export {out[size]['export']['export_s']:.1f} s", flush=True)
    out["incremental"] = {"extract": extract(files["new"], urls["large"], workers), "fuse": fuse(urls["large"]),
                          "articles": _lines(files["new"])}
    out["write"] = in_process("write", urls["write"], str(files["new"]))
    print(f"  incremental: fuse {out['incremental']['fuse'].get('fuse_s') or 0:.1f} s", flush=True)
    return out


def _lines(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(1 for _ in f)


def summary(run: dict, prefix: str = "") -> dict:
    """The flat keys of build/scale.json for one store."""
    res = {}
    for size in ("small", "large"):
        r, ex = run[size], run[size]["extract"]
        steps = (ex, r["fuse"], r["export"])
        res.update({f"articles_{size}": r["articles"], f"words_{size}": r["words"],
                    f"wps_{size}": r["words"] / ex["wall_s"], f"cpu_wps_{size}": r["words"] / max(ex["cpu_s"], 1e-9),
                    f"aps_{size}": r["articles"] / ex["wall_s"], f"extract_s_{size}": ex["wall_s"],
                    f"peak_rss_mb_{size}": max(s["peak_rss_mb"] for s in steps),
                    f"peak_pss_mb_{size}": max(s["peak_pss_mb"] for s in steps),
                    f"store_mb_{size}": r["store_mb"], f"fuse_s_{size}": r["fuse"].get("fuse_s"),
                    f"fused_events_{size}": r["fuse"].get("events"), f"export_s_{size}": r["export"]["export_s"],
                    f"export_rows_{size}": r["export"]["rows"], f"extract_rc_{size}": ex["rc"]})
    inc = run["incremental"]
    res.update({"incremental_articles": inc["articles"], "incremental_extract_s": inc["extract"]["wall_s"],
                "incremental_fuse_s": inc["fuse"].get("fuse_s"), "write_aps": run["write"].get("write_aps")})
    res["wps_ratio"] = _div(res["wps_large"], res["wps_small"])
    res["cpu_wps_ratio"] = _div(res["cpu_wps_large"], res["cpu_wps_small"])
    res["fuse_growth"] = _div(res["fuse_s_large"], res["fuse_s_small"])
    res["incremental_share"] = _div(res["incremental_fuse_s"], res["fuse_s_large"])
    return {prefix + k: v for k, v in res.items()}


def _div(a, b):
    return a / b if a is not None and b else None


ROWS = [("articles", "articles_{}"), ("words/s (wall, extract)", "wps_{}"), ("words/s (CPU time)", "cpu_wps_{}"),
        ("articles/s", "aps_{}"), ("peak RSS MB, largest process", "peak_rss_mb_{}"),
        ("peak PSS MB, all processes", "peak_pss_mb_{}"), ("store MB", "store_mb_{}"), ("fuse s", "fuse_s_{}"),
        ("fused events", "fused_events_{}"), ("ACLED CSV export s", "export_s_{}"), ("export rows", "export_rows_{}")]
CHECKS = [("words/s large / small", "wps_ratio"), ("words/s (CPU) large / small", "cpu_wps_ratio"),
          ("peak RSS MB at large", "peak_rss_mb_large"), ("fuse time large / small", "fuse_growth"),
          ("incremental fuse s", "incremental_fuse_s"), ("incremental / full fuse", "incremental_share"),
          ("store writes alone, articles/s", "write_aps")]


def table(res: dict, stores: list[tuple[str, str]]) -> None:
    for label, p in stores:
        print(f"\n{label:<34}{'small':>12}{'large':>12}")
        for name, key in ROWS:
            cells = [_shown(res.get(p + key.format(size))) for size in ("small", "large")]
            print(f"{name:<34}" + "".join(f"{c:>12}" for c in cells))
    print(f"\n{'check':<34}" + "".join(f"{label:>12}" for label, _ in stores) + f"  {'target':<9}met")
    for name, key in CHECKS:
        op, goal = TARGETS.get(key, ("", None))
        values = [res.get(p + key) for _, p in stores]
        met = "" if goal is None or values[0] is None else (
            "yes" if (values[0] >= goal if op == ">=" else values[0] <= goal) else "NO")
        target = f"{op} {goal}" if goal else ""
        print(f"{name:<34}" + "".join(f"{_shown(v):>12}" for v in values) + f"  {target:<9}{met}")


def _shown(v) -> str:
    if v is None:
        return "-"
    return f"{v:.2f}" if isinstance(v, float) and abs(v) < 100 else f"{v:,.0f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--small", type=int, default=2000)
    ap.add_argument("--large", type=int, default=20000)
    ap.add_argument("--new", type=int, default=1000, help="articles added to the fused large store")
    ap.add_argument("--workers", type=int, default=None, help="extract --workers (default: one per core)")
    ap.add_argument("--no-postgres", action="store_true", help="SQLite only")
    ap.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)      # internal: one measure, JSON out
    args = ap.parse_args()
    if args.measure:
        kind, *rest = args.measure
        print(json.dumps({"fuse": measure_fuse, "write": measure_write}[kind](*rest)))
        return 0
    t = time.perf_counter()
    per, origin = write_corpus(Path(args.shared), args.large + args.new)
    files = {"small": slice_corpus("small", 0, args.small), "large": slice_corpus("large", 0, args.large),
             "new": slice_corpus("new", args.large, args.large + args.new)}
    words = {"small": sum(per[:args.small]), "large": sum(per[:args.large])}
    print(f"corpus: {len(per)} articles, {sum(per)} words ({origin}); {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
    res = {"corpus": origin, "cpus": os.cpu_count(), "workers": args.workers or os.cpu_count()}
    stores, runs = [("SQLite", "")], {}
    for f in WORK.glob("*.db*"):
        f.unlink()
    print("SQLite", flush=True)
    runs["sqlite"] = run_store({s: str(WORK / f"{s}.db") for s in ("small", "large", "write")}, files, words,
                               args.workers)
    res.update(summary(runs["sqlite"]))
    with postgres() as (server, why):
        if args.no_postgres or server is None:
            res["pg_skipped"] = "--no-postgres" if args.no_postgres else why
        else:
            print("PostgreSQL", flush=True)
            urls = {s: pg_database(server, f"scale_{s}") for s in ("small", "large", "write")}
            runs["postgres"] = run_store(urls, files, words, args.workers)
            res.update(summary(runs["postgres"], "pg_"))
            stores.append(("PostgreSQL", "pg_"))
    res["peak_rss_mb_large"] = max(res[p + "peak_rss_mb_large"] for _, p in stores)
    res.update(seconds=time.perf_counter() - t, runs=runs)
    table(res, stores)
    OUT.mkdir(exist_ok=True)
    (OUT / "scale.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {OUT / 'scale.json'} ({res['seconds'] / 60:.0f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
