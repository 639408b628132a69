"""Fusion benchmark: how well claims of one real event end up in one fused event (pair P/R/F1 over the gold
clusters of ../shared/data/dev/clusters.jsonl, scored by ../shared/tools/evaluate.py fusion).

  gold-fed  the gold event records themselves are the claims: measures fusion alone
  baseline  the same records under the plain rule (same sub-type, same day, within 5 km): the published anchor
  pipeline  the events of build/karabakh_pred.jsonl (written by `make eval`), when that file exists

Run: .venv/bin/python bench/fusion.py [--shared ../shared] [--pred build/karabakh_pred.jsonl]
Writes the fused events it scores to build/fusion_<mode>.jsonl.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

from polemos import fusion

OUT = Path("build")


def evaluator(shared: Path):
    spec = importlib.util.spec_from_file_location("evaluate", shared / "tools" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_records(gold: dict) -> list[dict]:
    return fusion.records_from_predictions(gold.values())


def baseline(records: list[dict]) -> list[dict]:
    """Same sub-type, same day, within 5 km, chained (union-find)."""
    parent = list(range(len(records)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    pts = [fusion._point(r.get("location") or {}) for r in records]
    for i, a in enumerate(records):
        for j in range(i + 1, len(records)):
            b = records[j]
            if a["sub_event_type"] == b["sub_event_type"] and a["date"] == b["date"] and pts[i] and pts[j] \
                    and fusion.km(pts[i], pts[j]) <= 5:
                parent[root(j)] = root(i)
    groups: dict[int, list] = {}
    for i, r in enumerate(records):
        groups.setdefault(root(i), []).append(r)
    return [{"event_id": f"b{k}", "claims": g} for k, g in groups.items()]


def score(ev, events: list[dict], out: Path, gold: dict, clusters: dict) -> dict:
    out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    return ev.eval_fusion(ev.load_events(str(out)), gold, clusters)


def row(name: str, s: dict, n_events: int, secs: float) -> str:
    return (f"{name:<10} {s['pair_precision']:>6.3f} {s['pair_recall']:>6.3f} {s['pair_f1']:>6.3f} "
            f"{s['record_recall']:>8.3f} {s['gold_same_event_pairs']:>6} {n_events:>7} {secs:>7.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--pred", default=str(OUT / "dev_pred.jsonl"), help="pipeline output to fuse")
    args = ap.parse_args()
    shared = Path(args.shared)
    dev = shared / "data" / "dev"
    if not (dev / "gold.jsonl").exists():
        print(f"no {dev}/gold.jsonl: nothing to score")
        return 0
    ev = evaluator(shared)
    gold, clusters = ev.load(str(dev / "gold.jsonl")), ev.load_clusters(str(dev / "clusters.jsonl"))
    OUT.mkdir(exist_ok=True)
    print(f"{'mode':<10} {'P':>6} {'R':>6} {'F1':>6} {'rec_rec':>8} {'pairs':>6} {'events':>7} {'secs':>7}")
    runs = [("gold-fed", gold_records(gold), fusion.fuse, "fusion_gold_fed.jsonl"),
            ("baseline", gold_records(gold), baseline, "fusion_baseline.jsonl")]
    pred = Path(args.pred)
    if pred.exists():
        lines = [json.loads(x) for x in pred.open(encoding="utf-8") if x.strip()]
        runs.append(("pipeline", fusion.records_from_predictions(lines), fusion.fuse, "fusion_pipeline.jsonl"))
    for name, records, fuse, file in runs:
        t = time.time()
        events = fuse(records)
        secs = time.time() - t
        print(row(name, score(ev, events, OUT / file, gold, clusters), len(events), secs))
    if not pred.exists():
        print(f"pipeline: no {pred} (run `make eval` first)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
