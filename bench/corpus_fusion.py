"""Fusion over the real corpus (../shared/data/corpus/articles.jsonl): how many event mentions became how many
events, and the most corroborated and most disputed events with their claimants."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from polemos import fusion, ingest
from polemos.errors import IngestError
from polemos.pipeline import Pipeline
from polemos.store import Store


def _sides(ev: dict) -> set[str]:
    return {c.get("claimant_side") or "unknown" for c in ev["claims"]}


def _line(ev: dict) -> str:
    loc = ev.get("location") or {}
    who = "; ".join(sorted({f"{c.get('claimant')} [{c.get('claimant_side')}, {c.get('stance')}]"
                            for c in ev["claims"]}))
    why = f" ({', '.join(ev.get('dispute_reasons') or [])})" if ev.get("disputed") else ""
    return (f"{ev['date']} {ev['sub_event_type']} @ {loc.get('name')}: {len(ev['claims'])} claims, "
            f"{len({c['article_id'] for c in ev['claims']})} articles{why}\n      {who}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--db", default="build/corpus.db")
    args = ap.parse_args()
    corpus = Path(args.shared) / "data" / "corpus" / "articles.jsonl"
    if not corpus.exists():
        print(f"no {corpus}: nothing to do")
        return 0
    Path(args.db).parent.mkdir(exist_ok=True)
    store, t, rejected = Store(args.db), time.time(), 0
    items = list(ingest.read([str(corpus)]))
    articles = [a for a in items if not isinstance(a, IngestError) and not store.has(a.id)]
    rejected = sum(isinstance(a, IngestError) for a in items)
    skipped = 0
    for result in Pipeline.default().run(articles):
        store.save(result)
        skipped += bool(result.skipped)
    fused = fusion.fuse_store(store)
    mentions = sum(len(ev["claims"]) for ev in fused)
    print(f"{len(items)} records: {rejected} rejected (mostly no date), {skipped} skipped (language), "
          f"run in {time.time() - t:.0f} s")
    print(f"{mentions} event mentions became {len(fused)} events "
          f"({sum(len(ev['claims']) > 1 for ev in fused)} with more than one claim)\n")
    corroborated = sorted((ev for ev in fused if ev.get("corroborated")),
                          key=lambda ev: (-len(_sides(ev)), -len(ev["claims"]), ev["date"]))
    disputed = sorted((ev for ev in fused if ev.get("disputed")),
                      key=lambda ev: (-len(ev.get("dispute_reasons") or []), -len(ev["claims"]), ev["date"]))
    for title, rows in (("most corroborated", corroborated), ("most disputed", disputed)):
        print(f"## 10 {title} ({len(rows)} in all)")
        for ev in rows[:10]:
            print("  ", _line(ev))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
