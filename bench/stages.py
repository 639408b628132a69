"""Time of each pipeline stage against the spaCy parse, on the English articles of the corpus (or the dev set).
Issue 5 asks that typing and casualty extraction (the events stage) add at most 20% to the parse. --repeat N
parses and runs the stages N times (fresh docs each time: a stage may keep what it read on the Doc) and prints
the median of each figure, as a shared machine's load drifts between runs."""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from polemos import attribution, claims, events, ingest
from polemos.errors import IngestError
from polemos.pipeline import Pipeline


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--repeat", type=int, default=1, help="runs; each figure is their median")
    args = ap.parse_args()
    src = Path(args.shared) / "data" / "corpus" / "articles.jsonl"
    if not src.exists():
        src = Path("examples")
    articles = [a for a in ingest.read([str(src)]) if not isinstance(a, IngestError)
                and (a.language or "en") == "en"][:args.limit]
    pipe = Pipeline.default()
    runs = [_run(pipe, articles) for _ in range(args.repeat)]
    cost = {k: statistics.median(r[0][k] for r in runs) for k in runs[0][0]}
    cpu = {k: statistics.median(r[1][k] for r in runs) for k in runs[0][1]}
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words" + (f", median of {args.repeat} runs" if args.repeat > 1 else ""))
    print("| stage | seconds | share of the parse | CPU seconds | CPU share of the parse |")
    print("|---|---|---|---|---|")
    for name, secs in cost.items():
        print(f"| {name} | {secs:.2f} | {secs / cost['parse']:.0%} | {cpu[name]:.2f} | "
              f"{cpu[name] / cpu['parse']:.0%} |")
    stages = [k for k in cost if k != "parse"]
    print(f"| all stages | {sum(cost[k] for k in stages):.2f} | {sum(cost[k] for k in stages) / cost['parse']:.0%} | "
          f"{sum(cpu[k] for k in stages):.2f} | {sum(cpu[k] for k in stages) / cpu['parse']:.0%} |")
    return 0


def _run(pipe, articles) -> tuple[dict, dict]:
    """Seconds and CPU seconds of the parse and of each stage over the articles."""
    nlp = pipe.nlp      # the model loads here, not in the parse's time
    cost = dict.fromkeys(["parse", "attribution", "places", "events", "claims"], 0.0)
    cpu = dict.fromkeys(cost, 0.0)      # CPU time too: on a shared machine wall time drifts with the load
    t, c = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=16))
    cost["parse"], cpu["parse"] = time.perf_counter() - t, time.process_time() - c
    for doc, art in zip(docs, articles):
        atts = _timed(cost, cpu, "attribution", attribution.attribute, doc, art)
        places = _timed(cost, cpu, "places", pipe.geocoder.toponyms, doc, art)
        _timed(cost, cpu, "events", events.extract, doc, art, atts, places)
        _timed(cost, cpu, "claims", claims.extract_claims, doc, art, atts)
    return cost, cpu


def _timed(cost: dict, cpu: dict, name: str, fn, *args):
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args)
    cost[name] += time.perf_counter() - t
    cpu[name] += time.process_time() - c
    return out


if __name__ == "__main__":
    sys.exit(main())
