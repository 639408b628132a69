"""Dev check of attribution and claims on ../shared/data/dev/gold.jsonl (run on demand).

For each gold event and claim, the Attribution covering its evidence is compared with the gold claimant
(same_claimant from tools/evaluate.py) and stance; claims are scored as evaluate.py `events` scores them.
  python bench/attribution_dev.py [--quiet]
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

from polemos.attribution import attribute
from polemos.nlp import parser
from polemos.claims import extract_claims
from polemos.types import Article

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def evaluator():
    spec = importlib.util.spec_from_file_location("evaluate", SHARED / "tools" / "evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def covering(atts, text, evidence):
    at = text.find(evidence)
    if at < 0:
        return None
    span = (at, at + len(evidence))
    best = max(atts, key=lambda a: min(a.span.end, span[1]) - max(a.span.start, span[0]), default=None)
    if best is None or min(best.span.end, span[1]) - max(best.span.start, span[0]) <= 0:
        return None
    return best


def main(argv):
    ev = evaluator()
    quiet = "--quiet" in argv
    gold = [json.loads(l) for l in open(SHARED / "data" / "dev" / "gold.jsonl", encoding="utf-8") if l.strip()]
    n = ok_c = ok_s = 0
    misses = []
    preds = {}
    for g in gold:
        art = Article(g["id"], dt.date.fromisoformat(g["date"]), g["text"], outlet=g.get("outlet"),
                      side=g.get("side"))
        doc = parser()(g["text"])
        atts = attribute(doc, art)
        own = ev._outlet_voice(g.get("outlet"))
        for kind, rec in [("E", e) for e in g["events"]] + [("C", c) for c in g["claims"]]:
            a = covering(atts, g["text"], rec["evidence"])
            p = {"claimant": a.claimant, "claimant_side": a.claimant_side} if a else {}
            stance = a.stance if a else None
            n += 1
            c_ok = ev.same_claimant(own(p), own(rec))
            s_ok = stance == (rec.get("stance") or "asserted") or kind == "C"
            ok_c += c_ok
            ok_s += s_ok
            if not (c_ok and s_ok):
                misses.append((g["id"], kind, rec.get("claimant"), rec.get("claimant_side"), rec.get("stance"),
                               p.get("claimant"), p.get("claimant_side"), stance, a.cue if a else None,
                               rec["evidence"][:70]))
        claims = extract_claims(doc, art, atts)
        preds[g["id"]] = {"id": g["id"], "events": [], "claims": [c.__dict__ | {"evidence_span": None} for c in claims]}
    scores = ev.eval_events(preds, {g["id"]: g for g in gold})
    print(f"records {n}  claimant_acc {ok_c / n:.3f}  stance_acc {ok_s / n:.3f}")
    print(f"claims gold {scores['claims_gold']} pred {scores['claims_pred']}  P {scores['claim_precision']:.3f} "
          f"R {scores['claim_recall']:.3f} F1 {scores['claim_f1']:.3f}")
    if not quiet:
        print("\nmismatches: article kind | gold claimant/side/stance | predicted claimant/side/stance cue | evidence")
        for m in misses:
            print(f"{m[0]} {m[1]} | {m[2]} / {m[3]} / {m[4]} | {m[5]} / {m[6]} / {m[7]} [{m[8]}] | {m[9]}")
    if "--claims" in argv:
        for gid, p in preds.items():
            g = next(x for x in gold if x["id"] == gid)
            print("==", gid)
            for c in g["claims"]:
                print("  G", c["type"], "|", c["claimant"], "|", c["evidence"][:80])
            for c in p["claims"]:
                print("  P", c["type"], "|", c["claimant"], "|", c["evidence"][:80])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
