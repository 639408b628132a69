"""Train the event-type text classifier: one spaCy pipeline, two heads (ACLED sub-type, PLOVER type).

  python training/train.py                       # train on training/data/train.jsonl, write the model
  python training/train.py --arch ensemble       # compare architectures (bow, ensemble)
  python training/train.py --out /tmp/m          # write elsewhere

Only the invented sentences of training/data are read; 10 % of their frames are kept aside to pick the
number of epochs. The benchmarks (CASE 2021, PLOVER) are never read here. Reproducible for a given --seed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from polemos.textcat import model_input

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "training" / "data"
OUT = ROOT / "src" / "polemos" / "data" / "models" / "textcat"
NONE = "none"
# At most this many training sentences per label: the commonest labels (ASSAULT, no event) would
# otherwise drown the rare ones.
CAP = {"acled": 400, "plover": 320}


def bow(length: int, ngrams: int) -> dict:
    return {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": ngrams,
            "no_output_layer": False, "length": length}


def arch(name: str) -> dict:
    if name == "bow":
        return bow(2 ** 15, 2)
    if name == "bow16":
        return bow(2 ** 16, 2)
    if name == "bow1":
        return bow(2 ** 15, 1)
    if name == "bow3":
        return bow(2 ** 15, 3)
    if name == "ensemble":
        t2v = {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 64, "depth": 2,
               "embed_size": 2000, "window_size": 1, "maxout_pieces": 3, "subword_features": True}
        return {"@architectures": "spacy.TextCatEnsemble.v2", "tok2vec": t2v, "linear_model": bow(2 ** 17, 2)}
    raise ValueError(f"unknown architecture {name!r}")


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def held(frame: str, seed: int, share: float = 0.1) -> bool:
    h = int(hashlib.sha1(f"val:{seed}:{frame}".encode()).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < share


def pairs(rows: list[dict], field: str, cap: int | None, rng: random.Random, inputs: str) -> list[tuple[str, str]]:
    """(text, label) for one head; rows without a label for it ("-" or null) are left out."""
    by_label: dict[str, list[str]] = {}
    for r in rows:
        lab = r[field]
        if lab in (None, "-") or (field == "plover" and r.get("para")):
            continue  # PLOVER types one sentence's event: paragraphs train the ACLED head only
        text = r["text"] if inputs == "raw" else model_input(r["text"], field, inputs)
        by_label.setdefault(lab, []).append(text)
    out = []
    for lab, texts in sorted(by_label.items()):
        rng.shuffle(texts)
        out += [(t, lab) for t in (texts[:cap] if cap else texts)]
    rng.shuffle(out)
    return out


def examples(nlp, data: list[tuple[str, str]], labels: list[str]) -> list[Example]:
    out = []
    for text, lab in data:
        doc = nlp.make_doc(text)
        out.append(Example.from_dict(doc, {"cats": {x: float(x == lab) for x in labels}}))
    return out


def accuracy(nlp, data: list[tuple[str, str]]) -> float:
    if not data:
        return 0.0
    docs = nlp.pipe([t for t, _ in data], batch_size=256)
    hits = sum(max(d.cats, key=d.cats.get) == lab for d, (_, lab) in zip(docs, data))
    return hits / len(data)


def train_head(train: list, val: list, arch_name: str, epochs: int, seed: int) -> tuple:
    """One textcat head; the epoch with the best accuracy on the held-aside frames is kept."""
    fix_random_seed(seed)
    labels = sorted({lab for _, lab in train})
    nlp = spacy.blank("en")
    tc = nlp.add_pipe("textcat", config={"model": arch(arch_name), "threshold": 0.0})
    for lab in labels:
        tc.add_label(lab)
    exs = examples(nlp, train, labels)
    opt = nlp.initialize(lambda: exs)
    best, best_bytes, log = -1.0, None, []
    rng = random.Random(seed)
    for ep in range(epochs):
        rng.shuffle(exs)
        losses = {}
        for batch in minibatch(exs, size=32):
            nlp.update(batch, sgd=opt, drop=0.2, losses=losses)
        acc = accuracy(nlp, val)
        log.append((ep + 1, round(losses.get("textcat", 0.0), 2), round(acc, 4)))
        if acc > best:
            best, best_bytes = acc, nlp.get_pipe("textcat").to_bytes()
    tc.from_bytes(best_bytes)
    return nlp, best, log


def build(rows: list[dict], arch_name: str, epochs: int, seed: int, inputs: str) -> tuple:
    rng = random.Random(seed)
    fit = [r for r in rows if not held(r["frame"], seed)]
    val = [r for r in rows if held(r["frame"], seed)]
    final = spacy.blank("en")
    report = {}
    for head in ("acled", "plover"):
        tr = pairs(fit, head, CAP[head], rng, inputs)
        va = pairs(val, head, None, rng, inputs)
        nlp, acc, log = train_head(tr, va, arch_name, epochs, seed)
        final.add_pipe("textcat", name=head, source=nlp)
        report[head] = {"train": len(tr), "val": len(va), "val_acc": round(acc, 4), "epochs": log,
                        "labels": dict(Counter(lab for _, lab in tr))}
    return final, report


def textcat_cues() -> dict:
    from polemos import textcat
    return textcat.cue_names()


def weighted_f1(pred: list[str], gold: list[str]) -> float:
    total = 0.0
    for lab, n in Counter(gold).items():
        tp = sum(p == g == lab for p, g in zip(pred, gold))
        fp = sum(p == lab != g for p, g in zip(pred, gold))
        total += n * (2 * tp / (2 * tp + fp + n - tp) if tp else 0.0)
    return total / max(1, len(gold))


def choose_policy(rows: list[dict], out: Path, seed: int) -> tuple[dict, float]:
    """The ACLED combination policy (textcat.GRID) that does best on the frames held aside from training."""
    from dataclasses import asdict

    from polemos import textcat
    textcat.MODEL = out
    textcat.load.cache_clear()
    val = [r for r in rows if held(r["frame"], seed) and r["acled"] not in (None, "-", NONE)]
    texts, gold = [r["text"] for r in val], [r["acled"] for r in val]
    rules = textcat.rule_verdicts(texts, "acled")
    cands = [textcat.candidates(t, "acled") for t in texts]
    scores = textcat.scores(texts, "acled")

    def value(p) -> float:
        pred = [textcat.combine(lab, sc, precise=pr, candidates=c, head="acled", policy=p)
                for (lab, pr), sc, c in zip(rules, scores, cands)]
        return weighted_f1(pred, gold)

    best = max(textcat.GRID, key=lambda p: (value(p), -textcat.GRID.index(p)))
    return asdict(best), round(value(best), 4)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="bow", choices=["bow", "bow1", "bow16", "bow3", "ensemble"])
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--inputs", default="cues", choices=["cues", "lower", "raw"],
                    help="what the model reads: text and rule cues (default), lower-cased text, raw text")
    a = ap.parse_args()
    rows = read(DATA / "train.jsonl")
    t0 = time.perf_counter()
    nlp, report = build(rows, a.arch, a.epochs, a.seed, a.inputs)
    out = Path(a.out)
    nlp.meta.update({"name": "polemos_textcat", "version": "0.1.0", "license": "Apache-2.0",
                     "description": f"ACLED sub-type and PLOVER type heads ({a.arch}), trained on invented sentences",
                     "polemos": {"inputs": a.inputs, "arch": a.arch, "seed": a.seed}})
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    chosen, val_f1 = choose_policy(rows, out, a.seed)
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["polemos"]["policy"] = {"acled": chosen}
    meta["polemos"]["cues"] = textcat_cues()
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    report["acled"]["policy"], report["acled"]["policy_val_wf1"] = chosen, val_f1
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(json.dumps({"arch": a.arch, "inputs": a.inputs, "seed": a.seed, "seconds": round(time.perf_counter() - t0),
                      "size_mb": round(size / 1e6, 2), **report}, indent=1))


if __name__ == "__main__":
    main()
