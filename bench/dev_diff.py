"""Side by side, per dev article: gold events and predicted events (build/dev_pred.jsonl from `make eval`).
A tuning aid: `python bench/dev_diff.py [ARTICLE_ID...]`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

SHARED = Path("../shared")


def line(e: dict) -> str:
    loc = e.get("location") or {}
    return (f"{e.get('date')} {e.get('sub_event_type', '')[:22]:22} @{(loc.get('name') or '')[:18]:18} "
            f"p{loc.get('geo_precision')} a1={(e.get('actor1_side') or e.get('actor1') or '-')[:12]:12} "
            f"fat={e.get('fatalities')} civ={int(bool(e.get('civilian_targeting')))} "
            f"| {(e.get('claimant') or '')[:40]} [{e.get('claimant_side')}] {e.get('stance')}")


def main(ids: list[str]) -> None:
    gold = {json.loads(l)["id"]: json.loads(l) for l in (SHARED / "data/dev/gold.jsonl").open()}
    pred = {json.loads(l)["id"]: json.loads(l) for l in Path("build/dev_pred.jsonl").open()}
    for gid, g in gold.items():
        if ids and gid not in ids:
            continue
        print(f"=== {gid} {g['date']} {g['outlet']} [{g.get('side')}]")
        for e in g["events"]:
            print("  G", line(e))
        for e in pred.get(gid, {}).get("events", []):
            print("  P", line(e), "|", e["evidence"][:90].replace("\n", " "))


if __name__ == "__main__":
    main(sys.argv[1:])
