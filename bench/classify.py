"""Benchmark event typing on CASE 2021 task 2 (ACLED sub-types) and the PLOVER sentences.

  python bench/classify.py                      # CASE dev, ACLED sub-types
  python bench/classify.py --scheme plover      # PLOVER plv_train, label field plover_event
  python bench/classify.py --errors FILE        # also write the misclassified snippets to FILE
  python bench/classify.py --with textcat       # the rules constrained-combined with the learned model
  python bench/classify.py --with model         # the learned model alone (polemos.textcat)

Scores come from ../shared/tools/evaluate.py (eval_labels), so they match `evaluate.py labels`.
The benchmark data is evaluation only: nothing here trains on it.
"""
import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "src"))

from polemos import classify as C

BENCH = {
    "acled": (SHARED / "data/bench/case2021_task2/dev.jsonl", "label"),
    "plover": (SHARED / "data/bench/plover/plv_train.jsonl", "plover_event"),
}


def evaluator():
    spec = importlib.util.spec_from_file_location("evaluate", SHARED / "tools/evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def labeller(how: str, scheme: str):
    """texts -> labels for the rules, the learned model, or both combined (polemos.textcat)."""
    if how == "rules":
        return lambda texts: C.classify(texts, scheme)
    from polemos import textcat
    if how == "textcat":
        return lambda texts: textcat.classify(texts, scheme)
    return lambda texts: [lab for lab, _ in textcat.predict(texts, scheme, event_only=True)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scheme", choices=C.SCHEMES, default="acled")
    ap.add_argument("--data", help="JSONL with id, text and the label field (default: the benchmark)")
    ap.add_argument("--errors", help="write misclassified rows here (JSONL)")
    ap.add_argument("--with", dest="how", choices=["rules", "textcat", "model"], default="rules",
                    help="rules alone (default), rules combined with the learned model, or the model alone")
    a = ap.parse_args()
    path, field = BENCH[a.scheme]
    path = Path(a.data) if a.data else path
    if not path.exists():
        sys.exit(f"no benchmark file at {path}")
    gold = evaluator().load(path)
    ids = list(gold)
    texts = [gold[i]["text"] for i in ids]
    run = labeller(a.how, a.scheme)
    run(texts[:2])  # load tables and models outside the timing
    t0 = time.perf_counter()
    labels = run(texts)
    secs = time.perf_counter() - t0
    pred = {i: {"label": lab} for i, lab in zip(ids, labels)}
    scores = evaluator().eval_labels(pred, gold, field)

    print(f"{a.scheme} ({a.how})  {path.name}  n={scores['n']}")
    for k in ("accuracy", "macro_f1", "weighted_f1"):
        print(k.ljust(48), f"{scores[k]:.3f}")
    print("throughput (snippets/s)".ljust(48), f"{len(texts) / secs:.0f}")
    print("\nfive worst labels: F1, support, most frequent wrong predictions")
    support = Counter(gold[i][field] for i in ids)
    worst = sorted(scores["per_label_f1"].items(), key=lambda kv: (kv[1], -support[kv[0]]))[:5]
    for lab, f1 in worst:
        wrong = Counter(pred[i]["label"] for i in ids if gold[i][field] == lab and pred[i]["label"] != lab)
        conf = ", ".join(f"{p} x{n}" for p, n in wrong.most_common(3))
        print(f"  {lab[:40]:40s} {f1:.3f}  n={support[lab]:3d}  -> {conf}")
    if a.errors:
        with open(a.errors, "w", encoding="utf-8") as f:
            for i in ids:
                if pred[i]["label"] != gold[i][field]:
                    f.write(json.dumps({"id": i, "gold": gold[i][field], "pred": pred[i]["label"],
                                        "text": gold[i]["text"]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
