"""Matched dev events whose fields disagree with gold (build/dev_pred.jsonl from `make eval`): a tuning aid.
`python bench/dev_errors.py [FIELD...]` with fields among fatalities, actor1_side, sub_event_type, date,
claimant, stance, civilian_targeting."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from polemos import scoring

SHARED = Path("../shared")


def main(fields: list[str]) -> None:
    gold = {json.loads(l)["id"]: json.loads(l) for l in (SHARED / "data/dev/gold.jsonl").open()}
    pred = {json.loads(l)["id"]: json.loads(l) for l in Path("build/dev_pred.jsonl").open()}
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
    pred = {json.loads(l)["id"]: json.loads(l) for l in Path("build/dev_pred.jsonl").open()}
    for gid, g in gold.items():
        words = scoring.name_tokens(g.get("outlet"))
        pe = scoring._reports(pred.get(gid, {}), "events", words)
        ge = scoring._reports(g, "events", words)
        hit = [id(q) for _, q in scoring._matched(pe, ge, scoring.event_cost)]
        for q in ge:
            if id(q) not in hit:
                print(f"{gid} MISSED {q['date']} {q['sub_event_type'][:20]} @{q['location'].get('name')} "
                      f"| {q['claimant']} | {q['evidence'][:140]!r}")


if __name__ == "__main__":
    unmatched() if sys.argv[1:] == ["missed"] else main(sys.argv[1:])
