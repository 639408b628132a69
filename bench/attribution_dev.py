"""Who claims it, on the dev sets (run on demand): claimant, side and stance of the evidence of every gold record.

For each gold event and claim of ../shared/data/dev, the Attribution covering its evidence is compared with the
gold claimant (scoring.same_claimant, as tools/evaluate.py compares them) and stance, whether or not the event
stage found the event; the pipeline's claims are scored as evaluate.py `events` scores them. Every dev set is
shown in its tuning part and check part (bench/dev_split.json): judge on the check part, read the mismatches
of the tuning part only (`--errors`).

    .venv/bin/python bench/attribution_dev.py [--sets karabakh,world,multilingual] [--errors] [--claims]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dev_split import SETS, part_of
from polemos import ingest, scoring
from polemos.errors import IngestError
from polemos.pipeline import Pipeline
from polemos.types import record_json

ROWS = ("records", "claimant", "side", "stance", "claims g/p", "claim P", "claim R", "claim F1")


def covering(atts, text, evidence):
    """The attribution that holds most of the evidence, None when none touches it."""
    at = text.find(evidence)
    if at < 0:
        return None
    span = (at, at + len(evidence))
    best = max(atts, key=lambda a: min(a.span.end, span[1]) - max(a.span.start, span[0]), default=None)
    if best is None or min(best.span.end, span[1]) - max(best.span.start, span[0]) <= 0:
        return None
    return best


def run(gold_path: Path) -> dict[str, object]:
    articles = [a for a in ingest.read([str(gold_path)]) if not isinstance(a, IngestError)]
    return {r.article.id: r for r in Pipeline.default().run(articles)}


def score_part(golds: list[dict], results: dict, misses: list | None) -> dict:
    n = ok_c = ok_side = ok_s = 0
    preds = {}
    for g in golds:
        res = results.get(g["id"])
        atts = res.attributions if res else []
        words = scoring.name_tokens(g.get("outlet"))
        for kind, rec in [("E", e) for e in g["events"]] + [("C", c) for c in g["claims"]]:
            a = covering(atts, g["text"], rec["evidence"])
            p = {"claimant": a.claimant, "claimant_side": a.claimant_side} if a else {}
            stance = a.stance if a else None
            c_ok = scoring.same_claimant(scoring._own_voice(p, words), scoring._own_voice(rec, words))
            side_ok = scoring.side_key(p.get("claimant_side")) == scoring.side_key(rec.get("claimant_side"))
            s_ok = kind == "C" or stance == (rec.get("stance") or "asserted")
            n, ok_c, ok_side, ok_s = n + 1, ok_c + c_ok, ok_side + side_ok, ok_s + s_ok
            if misses is not None and not (c_ok and s_ok):
                misses.append(f"{g['id']} {kind} | {rec.get('claimant')} [{rec.get('claimant_side')}] "
                              f"{rec.get('stance', '')} | {p.get('claimant')} [{p.get('claimant_side')}] {stance} "
                              f"({a.cue if a else None}) | {rec['evidence'][:80]!r}")
        preds[g["id"]] = {"id": g["id"], "events": [],
                          "claims": [record_json(c) for c in (res.claims if res else [])]}
    s = scoring.score_events(preds, {g["id"]: g for g in golds})
    return {"records": str(n), "claimant": f"{ok_c / n:.3f}" if n else "-",
            "side": f"{ok_side / n:.3f}" if n else "-", "stance": f"{ok_s / n:.3f}" if n else "-",
            "claims g/p": f"{s['claims_gold']}/{s['claims_pred']}", "claim P": f"{s['claim_precision']:.3f}",
            "claim R": f"{s['claim_recall']:.3f}", "claim F1": f"{s['claim_f1']:.3f}"}


def claim_lines(golds: list[dict], results: dict) -> list[str]:
    out = []
    for g in golds:
        res = results.get(g["id"])
        out.append(f"== {g['id']} {g.get('outlet')} [{g.get('side')}]")
        out += [f"  G {c['type']:8} {c['claimant']} [{c['claimant_side']}] | {c['evidence'][:90]!r}"
                for c in g["claims"]]
        out += [f"  P {c.type:8} {c.claimant} [{c.claimant_side}] -> {c.target} | {c.evidence[:90]!r}"
                for c in (res.claims if res else [])]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--errors", action="store_true", help="mismatches of the tuning parts")
    ap.add_argument("--claims", action="store_true", help="gold and predicted claims of the tuning parts")
    args = ap.parse_args()
    columns, notes = {}, []
    for name in args.sets.split(","):
        path = Path(args.shared) / "data" / "dev" / SETS[name]
        if not path.exists():
            print(f"## {name}: no {path}, skipped")
            continue
        golds = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        results = run(path)
        for part in ("tune", "check"):
            mine = [g for g in golds if part_of(name, g) == part]
            misses = [] if args.errors and part == "tune" else None
            columns[f"{name} {part}"] = score_part(mine, results, misses)
            notes += misses or []
            if args.claims and part == "tune":
                notes += claim_lines(mine, results)
    width = max(14, *(len(c) + 2 for c in columns))
    print("".ljust(14) + "".join(c.rjust(width) for c in columns))
    for row in ROWS:
        print(row.ljust(14) + "".join(col[row].rjust(width) for col in columns.values()))
    if notes:
        print("\n## tuning part: gold claimant [side] stance | predicted claimant [side] stance (cue) | evidence")
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
