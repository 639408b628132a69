"""Geoparsing benchmark: polemos geoparse on GeoWebNews / LGL / GeoVirus dev, scored by evaluate.py geo,
plus the gazetteer's cost: RSS once loaded, look-ups per second, index build time.

    .venv/bin/python bench/geo.py [--sets geowebnews,lgl,geovirus] [--limit N] [--build]

--build also times a fresh index build (into a temp dir; ~30-60 s on 2 cores).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
BENCH = SHARED / "data" / "bench" / "geoparsing"
EVALUATE = SHARED / "tools" / "evaluate.py"
COLUMNS = [("acc_at_161km", "acc@161"), ("recognition_precision", "P"), ("recognition_recall", "R"),
           ("recognition_f1", "F1"), ("mean_error_km", "mean km"), ("median_error_km", "median km"),
           ("auc", "AUC"), ("resolved", "resolved")]


def run_set(name: str, limit: int | None, tmp: Path) -> tuple[dict, float]:
    gold = BENCH / f"{name}_dev.jsonl"
    rows = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    if limit:
        rows = rows[:limit]
    inp, pred, gold_cut = tmp / f"{name}.in.jsonl", tmp / f"{name}.pred.jsonl", tmp / f"{name}.gold.jsonl"
    inp.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows), encoding="utf-8")
    gold_cut.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    from polemos import places
    t0 = time.perf_counter()
    with pred.open("w", encoding="utf-8") as out:
        rc = places.geoparse_file(str(inp), out)
    secs = time.perf_counter() - t0
    if rc:
        sys.exit(f"geoparse failed on {name} (exit {rc})")
    res = subprocess.run([sys.executable, str(EVALUATE), "geo", str(pred), str(gold_cut), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout), secs / max(1, len(rows))


def gazetteer_cost() -> dict:
    """Loaded RSS and look-up rate, measured in a fresh process so the NLP model does not count."""
    code = r"""
import json, random, time
from polemos.gazetteer import Gazetteer
g = Gazetteer.default()
keys = [r[0] for r in g.db.execute("SELECT name FROM place WHERE id % 11 = 0 LIMIT 20000")]
random.seed(1); random.shuffle(keys)
t = time.perf_counter(); [g.lookup(k) for k in keys]; cold = len(keys) / (time.perf_counter() - t)
mixed = [random.choice(keys[:2000]) for _ in range(200000)]
t = time.perf_counter(); [g.lookup(k) for k in mixed]; warm = len(mixed) / (time.perf_counter() - t)
# VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"rss_mb": hwm / 1024,
                  "lookups_cold": cold, "lookups_warm": warm, "build_s": g.build_seconds}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def build_time() -> float:
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, POLEMOS_CACHE=d)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from polemos.gazetteer import build; build()"], env=env,
                       check=True, cwd=ROOT)
        return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="geowebnews,lgl,geovirus")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each set")
    ap.add_argument("--build", action="store_true", help="also time a fresh index build")
    ap.add_argument("--keep", default=None, help="write the prediction files into this folder")
    a = ap.parse_args()
    if not BENCH.exists():
        print(f"no benchmark data at {BENCH}", file=sys.stderr)
        return 1
    print("| set | " + " | ".join(c for _, c in COLUMNS) + " | s/doc |")
    print("|---" * (len(COLUMNS) + 2) + "|")
    with tempfile.TemporaryDirectory() as d:
        work = Path(a.keep) if a.keep else Path(d)
        work.mkdir(parents=True, exist_ok=True)
        for name in a.sets.split(","):
            scores, per_doc = run_set(name, a.limit, work)
            cells = [f"{scores[k]:.3f}" if isinstance(scores[k], float) and k not in ("mean_error_km",
                     "median_error_km") else f"{scores[k]:.0f}" for k, _ in COLUMNS]
            print(f"| {name} | " + " | ".join(cells) + f" | {per_doc:.3f} |", flush=True)
    cost = gazetteer_cost()
    print(f"\ngazetteer: RSS {cost['rss_mb']:.0f} MB loaded; {cost['lookups_cold']:,.0f} look-ups/s uncached, "
          f"{cost['lookups_warm']:,.0f}/s with the LRU cache; index built in {cost['build_s']:.1f} s "
          f"(when it was built)")
    if a.build:
        print(f"fresh index build: {build_time():.1f} s")
    print(f"this process max RSS (with spaCy): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
