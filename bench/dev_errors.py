"""Matched dev events whose fields disagree with gold (build/dev_pred.jsonl from `make eval`): a tuning aid.
`python bench/dev_errors.py [FIELD...]` with fields among fatalities, actor1_side, sub_event_type, date,
claimant, stance, civilian_targeting; `missed` lists unmatched gold events, `claims` the false-positive and
missed claims. `--pred FILE` reads another prediction file (dev_eval.py --out DIR writes DIR/dev_pred.jsonl)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from polemos import scoring

SHARED = Path("../shared")
PRED = Path("build/dev_pred.jsonl")


def main(fields: list[str]) -> None:
    gold = {json.loads(l)["id"]: json.loads(l) for l in (SHARED / "data/dev/gold.jsonl").open()}
    pred = {json.loads(l)["id"]: json.loads(l) for l in PRED.open()}
    fields = fields or ["fatalities", "actor1_side", "sub_event_type", "date", "claimant", "stance"]
    for gid, g in gold.items():
        words = scoring.name_tokens(g.get("outlet"))
        pe = scoring._reports(pred.get(gid, {}), "events", words)
        ge = scoring._reports(g, "events", words)
        for p, q in scoring._matched(pe, ge, scoring.event_cost):
            ok = scoring._agreement(p, q)
            for f in fields:
                key = {"date": "date_exact", "fatalities": "fatalities_exact"}.get(f, f)
                if key in ok and not ok[key]:
                    pv = p.get(f) if f != "actor1_side" else scoring._actor1_side(p)
                    gv = q.get(f) if f != "actor1_side" else scoring._actor1_side(q)
                    print(f"{gid} {f}: pred={pv!r} gold={gv!r} | {q['location'].get('name')} "
                          f"| {p['claimant']} | {p['evidence'][:150]!r}")




def unmatched() -> None:
    """Gold events no prediction matched, with their evidence."""
    gold = {json.loads(l)["id"]: json.loads(l) for l in (SHARED / "data/dev/gold.jsonl").open()}
    pred = {json.loads(l)["id"]: json.loads(l) for l in PRED.open()}
    for gid, g in gold.items():
        words = scoring.name_tokens(g.get("outlet"))
        pe = scoring._reports(pred.get(gid, {}), "events", words)
        ge = scoring._reports(g, "events", words)
        hit = [id(q) for _, q in scoring._matched(pe, ge, scoring.event_cost)]
        for q in ge:
            if id(q) not in hit:
                print(f"{gid} MISSED {q['date']} {q['sub_event_type'][:20]} @{q['location'].get('name')} "
                      f"| {q['claimant']} | {q['evidence'][:140]!r}")


def claims() -> None:
    """Claims no gold claim matched (FP) and gold claims no prediction matched (MISS), per article."""
    gold = {json.loads(l)["id"]: json.loads(l) for l in (SHARED / "data/dev/gold.jsonl").open()}
    pred = {json.loads(l)["id"]: json.loads(l) for l in PRED.open()}
    for gid, g in gold.items():
        words = scoring.name_tokens(g.get("outlet"))
        pc = scoring._reports(pred.get(gid, {}), "claims", words)
        gc = scoring._reports(g, "claims", words)
        pairs = scoring._greedy(pc, gc, scoring._claim_cost)
        hit_p, hit_g = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, c in enumerate(pc):
            if i not in hit_p:
                print(f"{gid} FP   {c['type']:8} {c['claimant'][:40]} [{c['claimant_side']}] | {c['evidence'][:150]!r}")
        for j, c in enumerate(gc):
            if j not in hit_g:
                print(f"{gid} MISS {c['type']:8} {c['claimant'][:40]} [{c['claimant_side']}] | {c['evidence'][:150]!r}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--pred"]:
        PRED, args = Path(args[1]), args[2:]
    unmatched() if args == ["missed"] else claims() if args == ["claims"] else main(args)
