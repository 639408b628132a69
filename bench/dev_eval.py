"""`make eval`: dev-set scores, each dev set in a tuning part and a check part.

Runs the pipeline on every dev set of ../shared/data/dev (Karabakh, other wars, multilingual) and the seed
article, and prints the scores of `polemos eval events` (the numbers of ../shared/tools/evaluate.py) for the
tuning part and the check part of each set, the multilingual set also per language, then fusion on the
Karabakh clusters. The split is fixed, by article (bench/dev_split.json): read errors of the tuning part only,
and keep a change when the check part improves.

    .venv/bin/python bench/dev_eval.py [--shared ../shared] [--out build] [--sets karabakh,world,multilingual]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dev_split import PARTS, SETS, part_of

from polemos import fusion, ingest, scoring
from polemos.errors import IngestError
from polemos.pipeline import Pipeline

OUT = Path("build")
# The rows of the summary table: (label, key of scoring.score_events).
ROWS = (("articles", "articles"), ("gold / pred events", None), ("event P", "event_precision"),
        ("event R", "event_recall"), ("event F1", "event_f1"), ("claim P", "claim_precision"),
        ("claim R", "claim_recall"), ("claim F1", "claim_f1"), ("sub-type", "sub_event_type_acc_on_matched"),
        ("claimant", "claimant_acc_on_matched"), ("stance", "stance_acc_on_matched"),
        ("date exact", "date_exact_acc_on_matched"), ("fatalities", "fatalities_exact_acc_on_matched"),
        ("actor1 side", "actor1_side_acc_on_matched"), ("civilian", "civilian_targeting_acc_on_matched"),
        ("within 5 km", "within_5km_acc_on_matched"))
LANG_ROWS = ("articles", "gold / pred events", "event P", "event R", "event F1", "claim F1", "claimant")


def predict(paths: list[str], out: Path) -> int:
    pipe = Pipeline.default()
    articles = [a for a in ingest.read(paths) if not isinstance(a, IngestError)]
    with out.open("w", encoding="utf-8") as f:
        for result in pipe.run(articles):
            f.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    return len(articles)


def fuse_predictions(pred: Path, out: Path) -> int:
    """Fusion as `polemos export --format jsonl` does it, over the predictions of every dev article."""
    lines = [json.loads(line) for line in pred.open(encoding="utf-8")]
    fused = fusion.fuse(fusion.records_from_predictions(lines))
    with out.open("w", encoding="utf-8") as f:
        for ev in fused:
            f.write(json.dumps(ev, ensure_ascii=False, default=str) + "\n")
    return len(fused)


def write_gold(records: list[dict], out: Path) -> Path:
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return out


def score_parts(name: str, gold_path: Path, pred: Path, out: Path) -> dict[str, dict]:
    """Scores of each part of one dev set, keyed "tune" / "check" (and "<lang> tune" / "<lang> check")."""
    gold = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    groups: dict[str, list[dict]] = {}
    for g in gold:
        p = part_of(name, g)
        groups.setdefault(p, []).append(g)
        if name == "multilingual":
            groups.setdefault(f"{g.get('language')} {p}", []).append(g)
    return {key: scoring.score("events", str(pred), str(write_gold(recs, out / f"{name}_{key.replace(' ', '_')}"
                                                                       "_gold.jsonl")))
            for key, recs in sorted(groups.items())}


def cell(scores: dict, label: str, key: str | None) -> str:
    if key is None:
        return f"{scores.get('gold_events', 0)}/{scores.get('pred_events', 0)}"
    v = scores.get(key)
    return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def table(columns: dict[str, dict], rows=ROWS) -> str:
    width = max(12, *(len(c) + 2 for c in columns))
    lines = ["".ljust(20) + "".join(c.rjust(width) for c in columns)]
    for label, key in rows:
        lines.append(label.ljust(20) + "".join(cell(s, label, key).rjust(width) for s in columns.values()))
    return "\n".join(lines)


def seed_scores(shared: Path, out: Path) -> dict | None:
    seed = shared / "examples" / "seed-article.txt"
    if not seed.exists():
        return None
    predict([str(seed)], out / "seed_pred.jsonl")
    pred = [json.loads(line) for line in (out / "seed_pred.jsonl").open()]
    (out / "seed_pred.jsonl").write_text("".join(json.dumps(p | {"id": "seed"}) + "\n" for p in pred))
    gold = json.loads((shared / "examples" / "seed-expected.json").read_text(encoding="utf-8"))
    write_gold([gold], out / "seed_gold.jsonl")
    s = scoring.score("events", str(out / "seed_pred.jsonl"), str(out / "seed_gold.jsonl"))
    return {k: s[k] for k in ("event_precision", "event_recall", "event_f1", "claim_recall", "claim_f1") if k in s}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default=str(OUT), help="folder for the prediction files (default build)")
    ap.add_argument("--sets", default=",".join(SETS), help="dev sets to run (default: all)")
    args = ap.parse_args()
    shared, out = Path(args.shared), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    columns, per_lang = {}, {}
    for name in args.sets.split(","):
        gold = shared / "data" / "dev" / SETS[name]
        if not gold.exists():
            print(f"## {name}: no {gold}, skipped")
            continue
        t = time.time()
        pred = out / f"{name}_pred.jsonl"
        n = predict([str(gold)], pred)
        print(f"## {name}: {n} articles of {gold} ({time.time() - t:.1f} s) -> {pred}")
        for key, scores in score_parts(name, gold, pred, out).items():
            (per_lang if " " in key else columns)[f"{name} {key}" if " " not in key else key] = scores
    print("\n## dev events, by part (judge changes on the check parts; read errors of the tuning parts only)")
    print(table(columns))
    if per_lang:
        print("\n## multilingual, by language")
        print(table(per_lang, [r for r in ROWS if r[0] in LANG_ROWS]))
    if "karabakh" in args.sets.split(","):
        fused = fuse_predictions(out / "karabakh_pred.jsonl", out / "karabakh_fused.jsonl")
        clusters = shared / "data" / "dev" / "clusters.jsonl"
        s = scoring.score("fusion", str(out / "karabakh_fused.jsonl"), str(shared / "data" / "dev" / SETS["karabakh"]),
                          clusters=str(clusters))
        print(f"\n## fusion, Karabakh dev clusters ({fused} fused events; both parts)")
        print(scoring.render({k: s[k] for k in ("record_recall", "pair_precision", "pair_recall", "pair_f1")}))
    seed = seed_scores(shared, out)
    if seed:
        print("\n## seed article")
        print(scoring.render(seed))
    return 0


if __name__ == "__main__":
    assert PARTS
    sys.exit(main())
