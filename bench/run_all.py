"""`make bench`: every benchmark under bench/, each in its own process; one that fails does not stop the others.

    .venv/bin/python bench/run_all.py [--shared ../shared] [--only speed,classify,...] [--list]

speed (corpus-scale throughput, RSS, cold start, Ray; writes build/bench.json) runs first, then the task
benchmarks. Each prints its own table; a summary of exit codes and times ends the run. The scale benchmark
(bench/scale.py, `make bench-scale`: 20,000 articles, about an hour) is not among them.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# name -> (script, takes --shared, what it measures)
BENCHES = {
    "speed": ("speed.py", True, "words/s vs bare spaCy, peak RSS, cold start, Ray vs local engine, 2-node Ray cluster"),
    "classify": ("classify.py", False, "ACLED sub-type / PLOVER typing (CASE 2021, PLOVER)"),
    "geo": ("geo.py", False, "geoparsing on GeoWebNews / LGL / GeoVirus, gazetteer cost"),
    "attribution": ("attribution.py", False, "PolNeAR attribution"),
    "fusion": ("fusion.py", True, "fusion pair P/R/F1 on the dev clusters"),
    "api_latency": ("api_latency.py", False, "events API latency over a large store"),
    "stages": ("stages.py", True, "time of each pipeline stage against the spaCy parse"),
    "notes": ("notes.py", False, "event notes: invented ACLED-style notes, and a blind set in tuning/check halves"),
    "case_events": ("case_events.py", True, "ACLED snippets as articles: snippets yielding an event, their sub-type"),
    "corpus": ("corpus_fusion.py", True, "fusion over the real corpus: mentions, events, most disputed"),
    "fuzz_ingest": ("fuzz_ingest.py", False, "hostile input files read, and run whole with giant texts"),
    "api_fuzz": ("api_fuzz.py", False, "schemathesis, generated cursors and body sizes against a live server"),
    "languages": ("languages.py", True, "peak RSS added by the language tools (fr model, natasha), their load time"),
}


def run(name: str, shared: str) -> tuple[int, float]:
    script, takes_shared, _ = BENCHES[name]
    cmd = [sys.executable, str(ROOT / "bench" / script)] + (["--shared", shared] if takes_shared else [])
    print(f"\n##### {name}: {' '.join(cmd[1:])}", flush=True)
    t = time.perf_counter()
    try:
        code = subprocess.run(cmd, cwd=ROOT, check=False).returncode
    except OSError as e:
        print(f"could not run {script}: {e}")
        code = 127
    return code, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--only", help="comma-separated benchmarks to run (default: all): " + ",".join(BENCHES))
    ap.add_argument("--list", action="store_true", help="print the benchmarks and how to run each, then stop")
    args = ap.parse_args()
    if args.list:
        for name, (script, takes_shared, what) in BENCHES.items():
            cmd = f".venv/bin/python bench/{script}" + (" --shared ../shared" if takes_shared else "")
            print(f"{name:<12} {cmd:<52} {what}")
        return 0
    names = [n.strip() for n in args.only.split(",")] if args.only else list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        ap.error(f"unknown benchmark {', '.join(unknown)}: choose from {', '.join(BENCHES)}")
    done = {name: run(name, args.shared) for name in names}
    print("\n##### summary")
    for name, (code, secs) in done.items():
        print(f"{name:<12} {'ok' if code == 0 else f'FAILED (exit {code})':<18} {secs:7.1f} s")
    return 0 if all(code == 0 for code, _ in done.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
