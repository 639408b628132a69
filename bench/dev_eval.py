"""`make eval`: dev-set scores. Runs the pipeline on ../shared/data/dev/gold.jsonl and the seed article and
prints the scores of `polemos eval events` (the same numbers as ../shared/tools/evaluate.py)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from polemos import fusion, ingest, scoring
from polemos.errors import IngestError
from polemos.pipeline import Pipeline

OUT = Path("build")


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


def seed_gold(shared: Path, out: Path) -> None:
    """seed-expected.json is one pretty-printed object: as a one-line gold file with the seed's id."""
    gold = json.loads((shared / "examples" / "seed-expected.json").read_text(encoding="utf-8"))
    out.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default=str(OUT), help="folder for the prediction files (default build)")
    args = ap.parse_args()
    shared, out = Path(args.shared), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t = time.time()
    gold = shared / "data" / "dev" / "gold.jsonl"
    n = predict([str(gold)], out / "dev_pred.jsonl")
    print(f"## dev events: {n} articles of {gold} ({time.time() - t:.1f} s)")
    print(scoring.render(scoring.score("events", str(out / "dev_pred.jsonl"), str(gold))))
    fused = fuse_predictions(out / "dev_pred.jsonl", out / "dev_fused.jsonl")
    print(f"\n## dev fusion: {fused} fused events")
    print(scoring.render(scoring.score("fusion", str(out / "dev_fused.jsonl"), str(gold),
                                       clusters=str(shared / "data" / "dev" / "clusters.jsonl"))))
    seed = shared / "examples" / "seed-article.txt"
    if seed.exists():
        predict([str(seed)], out / "seed_pred.jsonl")
        pred = [json.loads(l) for l in (out / "seed_pred.jsonl").open()]
        for p in pred:
            p["id"] = "seed"
        (out / "seed_pred.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pred))
        seed_gold(shared, out / "seed_gold.jsonl")
        s = scoring.score("events", str(out / "seed_pred.jsonl"), str(out / "seed_gold.jsonl"))
        print("\n## seed article")
        print(scoring.render({k: s[k] for k in ("event_precision", "event_recall", "event_f1", "claim_recall",
                                                 "claim_f1") if k in s}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
