"""Dev errors of the TUNING part (predictions from `make eval`): a tuning aid that never shows the check part.

    .venv/bin/python bench/dev_errors.py [--set karabakh|world|multilingual] [--lang ru] [WHAT...]

WHAT: field names among fatalities, actor1_side, sub_event_type, date, claimant, stance, civilian_targeting
(matched events whose field disagrees with gold; default all of them), `missed` (gold events no prediction
matched), `extra` (predictions matching no gold event), `claims` (false-positive and missed claims), `diff`
(gold and predicted events side by side). `--part check` exists for final reports only: never tune on it.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from dev_split import SETS, part_of

from polemos import scoring

FIELDS = ["fatalities", "actor1_side", "sub_event_type", "date", "claimant", "stance", "civilian_targeting"]


def load(shared: Path, name: str, part: str, lang: str | None) -> tuple[dict, dict]:
    gold = [json.loads(line) for line in (shared / "data/dev" / SETS[name]).open(encoding="utf-8") if line.strip()]
    gold = {g["id"]: g for g in gold if part_of(name, g) == part and (lang is None or g.get("language") == lang)}
    pred = {json.loads(line)["id"]: json.loads(line) for line in Path(f"build/{name}_pred.jsonl").open()}
    return gold, pred


def line(e: dict) -> str:
    loc = e.get("location") or {}
    return (f"{e.get('date')} {e.get('sub_event_type', '')[:22]:22} @{(loc.get('name') or '')[:18]:18} "
            f"p{loc.get('geo_precision')} a1={(e.get('actor1_side') or e.get('actor1') or '-')[:14]:14} "
            f"fat={e.get('fatalities')} civ={int(bool(e.get('civilian_targeting')))} "
            f"| {(e.get('claimant') or '')[:40]} [{e.get('claimant_side')}] {e.get('stance')}")


def pairs(g: dict, p: dict, key: str = "events"):
    words = scoring.name_tokens(g.get("outlet"))
    pe, ge = scoring._reports(p, key, words), scoring._reports(g, key, words)
    return pe, ge, scoring._matched(pe, ge, scoring.event_cost) if key == "events" else None


def fields(gold: dict, pred: dict, wanted: list[str]) -> None:
    for gid, g in gold.items():
        for p, q in pairs(g, pred.get(gid, {}))[2]:
            ok = scoring._agreement(p, q)
            for f in wanted:
                key = {"date": "date_exact", "fatalities": "fatalities_exact"}.get(f, f)
                if key in ok and not ok[key]:
                    pv = scoring._actor1_side(p) if f == "actor1_side" else p.get(f)
                    gv = scoring._actor1_side(q) if f == "actor1_side" else q.get(f)
                    print(f"{gid} {f}: pred={pv!r} gold={gv!r} | {q['location'].get('name')} "
                          f"| {p['claimant']} | {p['evidence'][:150]!r}")


def unmatched(gold: dict, pred: dict, extra: bool) -> None:
    for gid, g in gold.items():
        pe, ge, matched = pairs(g, pred.get(gid, {}))
        hit = {id(x) for m in matched for x in m}
        for e in (pe if extra else ge):
            if id(e) not in hit:
                print(f"{gid} {'EXTRA' if extra else 'MISSED'} {line(e)} | {e['evidence'][:140]!r}")


def claims(gold: dict, pred: dict) -> None:
    for gid, g in gold.items():
        words = scoring.name_tokens(g.get("outlet"))
        pc = scoring._reports(pred.get(gid, {}), "claims", words)
        gc = scoring._reports(g, "claims", words)
        got = scoring._greedy(pc, gc, scoring._claim_cost)
        hit_p, hit_g = {i for i, _ in got}, {j for _, j in got}
        for tag, items, hit in (("FP  ", pc, hit_p), ("MISS", gc, hit_g)):
            for i, c in enumerate(items):
                if i not in hit:
                    print(f"{gid} {tag} {c['type']:8} {c['claimant'][:40]} [{c['claimant_side']}] "
                          f"| {c['evidence'][:150]!r}")


def diff(gold: dict, pred: dict) -> None:
    for gid, g in gold.items():
        print(f"=== {gid} {g['date']} {g['outlet']} [{g.get('side')}] {g.get('language', '')}")
        for e in g["events"]:
            print("  G", line(e))
        for e in pred.get(gid, {}).get("events", []):
            print("  P", line(e), "|", e["evidence"][:90].replace("\n", " "))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", nargs="*")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--set", default="karabakh", choices=list(SETS))
    ap.add_argument("--part", default="tune", choices=["tune", "check"])
    ap.add_argument("--lang")
    args = ap.parse_args()
    gold, pred = load(Path(args.shared), args.set, args.part, args.lang)
    what = args.what
    if what == ["missed"] or what == ["extra"]:
        unmatched(gold, pred, extra=what == ["extra"])
    elif what == ["claims"]:
        claims(gold, pred)
    elif what == ["diff"]:
        diff(gold, pred)
    else:
        fields(gold, pred, what or FIELDS)


if __name__ == "__main__":
    main()
