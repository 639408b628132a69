"""Benchmark the learned event-type classifier (polemos.textcat) against the rules and their combination.

  python bench/textcat.py                 # CASE 2021 dev, PLOVER plv_train, the synthetic test split
  python bench/textcat.py --model DIR     # another trained model (training/train.py --out DIR)

Rows of the table:
  rules            polemos.classify alone (hand-tuned on these very dev files: not an independent score)
  model            the learned model alone (never trained on these files; "none" is skipped)
  combined         textcat.combine with the shipped policy (textcat.policy_for: chosen in training)
  combined, 5-fold the policy chosen on 4 folds of the dev file by grid search, scored on the 5th
  combined, synth  the policy chosen on the synthetic test split alone, scored on the dev file
Benchmark files are evaluation only; scores come from ../shared/tools/evaluate.py like bench/classify.py.
"""
import argparse
import functools
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "src"))

from polemos import textcat as T

BENCH = {
    "acled": (SHARED / "data/bench/case2021_task2/dev.jsonl", "label", "weighted_f1"),
    "plover": (SHARED / "data/bench/plover/plv_train.jsonl", "plover_event", "accuracy"),
}
SYNTH = ROOT / "training" / "data" / "test.jsonl"
@functools.lru_cache(maxsize=1)
def evaluator():
    import importlib.util
    spec = importlib.util.spec_from_file_location("evaluate", SHARED / "tools/evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score(pred: list[str], gold: list[str], metric: str) -> float:
    """weighted F1 or accuracy, by ../shared/tools/evaluate.py when it is there."""
    if (SHARED / "tools/evaluate.py").exists():
        p = {str(i): {"label": x} for i, x in enumerate(pred)}
        g = {str(i): {"label": x} for i, x in enumerate(gold)}
        return evaluator().eval_labels(p, g, "label")[metric]
    return sum(a == b for a, b in zip(pred, gold)) / max(1, len(gold))


class Case:
    """One data set with everything the policies need, computed once."""

    def __init__(self, texts: list[str], gold: list[str], head: str, metric: str, ids: list[str]):
        self.texts, self.gold, self.head, self.metric, self.ids = texts, gold, head, metric, ids
        self.rules = T.rule_verdicts(texts, head)
        self.cands = [T.candidates(t, head) for t in texts]
        self.scores = T.scores(texts, head)

    def run(self, policy: T.Policy, idx=None) -> list[str]:
        idx = range(len(self.texts)) if idx is None else idx
        return [T.combine(self.rules[i][0], self.scores[i], precise=self.rules[i][1],
                          candidates=self.cands[i], head=self.head, policy=policy) for i in idx]

    def value(self, pred: list[str], idx=None) -> float:
        gold = self.gold if idx is None else [self.gold[i] for i in idx]
        return score(pred, gold, self.metric)

    def best_policy(self, idx=None) -> T.Policy:
        return max(T.GRID, key=lambda p: (self.value(self.run(p, idx), idx), -T.GRID.index(p)))

    def cross_validated(self, folds: int = 5) -> float:
        """Choose the policy on folds-1 parts, predict the held part; score the pooled predictions."""
        fold = [int(hashlib.sha1(i.encode()).hexdigest()[:8], 16) % folds for i in self.ids]
        pred = [None] * len(self.texts)
        for k in range(folds):
            tune = [i for i, f in enumerate(fold) if f != k]
            held = [i for i, f in enumerate(fold) if f == k]
            for i, lab in zip(held, self.run(self.best_policy(tune), held)):
                pred[i] = lab
        return self.value(pred)


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def bench_case(head: str) -> Case | None:
    path, field, metric = BENCH[head]
    if not path.exists():
        return None
    rows = read(path)
    return Case([r["text"] for r in rows], [r[field] for r in rows], head, metric, [r["id"] for r in rows])


def synth_case(head: str, style: str | None = None) -> Case:
    rows = [r for r in read(SYNTH) if r[head] not in (None, "-", T.NONE) and not (head == "plover" and r.get("para"))
            and (style is None or r["style"] == style)]
    metric = BENCH[head][2]
    return Case([r["text"] for r in rows], [r[head] for r in rows], head, metric, [r["id"] for r in rows])


def table_for(head: str) -> list[tuple[str, str, float]]:
    synth = synth_case(head)
    model_only = [T._best(s, event_only=True)[0] for s in synth.scores]
    rows = [("synthetic test", "rules", synth.value([r for r, _ in synth.rules])),
            ("synthetic test", "model", synth.value(model_only)),
            ("synthetic test", "combined", synth.value(synth.run(T.policy_for(head))))]
    if head == "acled":
        notes = synth_case(head, "note")
        rows += [("synthetic, note style", "rules", notes.value([r for r, _ in notes.rules])),
                 ("synthetic, note style", "model", notes.value([T._best(s, True)[0] for s in notes.scores])),
                 ("synthetic, note style", "combined", notes.value(notes.run(T.policy_for(head))))]
    dev = bench_case(head)
    if dev is None:
        return rows
    name = BENCH[head][0].name
    dev_model = [T._best(s, event_only=True)[0] for s in dev.scores]
    rows += [(name, "rules", dev.value([r for r, _ in dev.rules])),
             (name, "model", dev.value(dev_model)),
             (name, "combined (shipped policy)", dev.value(dev.run(T.policy_for(head)))),
             (name, "combined, policy by 5-fold CV", dev.cross_validated()),
             (name, "combined, policy from synthetic", dev.value(dev.run(synth.best_policy())))]
    print(f"{head}: policy chosen on all of {name}: {dev.best_policy()}; on synthetic: {synth.best_policy()}")
    return rows


def event_or_not(head: str) -> str:
    """Does the model tell a sentence with an event from one without (its "none" label), on the synthetic test?"""
    rows = [r for r in read(SYNTH) if r[head] not in (None, "-") and not r.get("para")]
    pred = [T._best(s, False)[0] != T.NONE for s in T.scores([r["text"] for r in rows], head)]
    gold = [r[head] != T.NONE for r in rows]
    tp = sum(p and g for p, g in zip(pred, gold))
    prec, rec = tp / max(1, sum(pred)), tp / max(1, sum(gold))
    return f"event vs none on the synthetic test ({head}): precision {prec:.3f}, recall {rec:.3f}, n={len(rows)}"


def speed(n: int = 2000) -> list[tuple[str, float]]:
    t0 = time.perf_counter()
    import spacy  # noqa: F401
    t1 = time.perf_counter()
    T.load.cache_clear()
    T.load()
    t2 = time.perf_counter()
    texts = [r["text"] for r in read(SYNTH)]
    texts = (texts * (n // len(texts) + 1))[:n]
    t3 = time.perf_counter()
    T.scores_acled(texts)
    t4 = time.perf_counter()
    T.scores_plover(texts)
    t5 = time.perf_counter()
    for t in texts[:200]:
        T.scores_acled([t])
    t6 = time.perf_counter()
    size = sum(p.stat().st_size for p in T.MODEL.rglob("*") if p.is_file())
    return [("model size (MB)", size / 1e6), ("import spaCy (s)", t1 - t0), ("load model (s)", t2 - t1),
            ("acled head, batch (sentences/s)", n / (t4 - t3)), ("plover head, batch (sentences/s)", n / (t5 - t4)),
            ("acled head, one at a time (sentences/s)", 200 / (t6 - t5))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="a model folder (default: the shipped one)")
    ap.add_argument("--heads", default="acled,plover")
    a = ap.parse_args()
    if a.model:
        T.MODEL = Path(a.model)
    if T.stale():
        print(f"warning: the rules' cue lexicons changed since training ({T.stale()}): run `make train`")
    for name, value in speed():
        print(f"{name:48s} {value:8.2f}")
    for head in a.heads.split(","):
        print(f"\n{head}  ({BENCH[head][2]})")
        print(" ", event_or_not(head))
        for data, what, value in table_for(head):
            print(f"  {data:22s} {what:34s} {value:.3f}")


if __name__ == "__main__":
    main()
