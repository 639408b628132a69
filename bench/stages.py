"""Time of each pipeline stage against the spaCy parse, on the English articles of the corpus (or the dev set).
Issue 5 asks that typing and casualty extraction (the events stage) add at most 20% to the parse."""
from __future__ import annotations

import argparse
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
    args = ap.parse_args()
    src = Path(args.shared) / "data" / "corpus" / "articles.jsonl"
    if not src.exists():
        src = Path("examples")
    articles = [a for a in ingest.read([str(src)]) if not isinstance(a, IngestError)
                and (a.language or "en") == "en"][:args.limit]
    pipe = Pipeline.default()
    cost = dict.fromkeys(["parse", "attribution", "places", "events", "claims"], 0.0)
    t = time.perf_counter()
    docs = list(pipe.nlp.pipe([a.text for a in articles], batch_size=16))
    cost["parse"] = time.perf_counter() - t
    for doc, art in zip(docs, articles):
        t = time.perf_counter()
        atts = attribution.attribute(doc, art)
        cost["attribution"] += time.perf_counter() - t
        t = time.perf_counter()
        places = pipe.geocoder.toponyms(doc, art)
        cost["places"] += time.perf_counter() - t
        t = time.perf_counter()
        events.extract(doc, art, atts, places)
        cost["events"] += time.perf_counter() - t
        t = time.perf_counter()
        claims.extract_claims(doc, art, atts)
        cost["claims"] += time.perf_counter() - t
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words")
    print("| stage | seconds | share of the parse |")
    print("|---|---|---|")
    for name, secs in cost.items():
        print(f"| {name} | {secs:.2f} | {secs / cost['parse']:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
