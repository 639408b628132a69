"""PolNeAR attribution benchmark (run on demand): `polemos attribute` on
../shared/data/bench/attribution/polnear_dev.jsonl, scored by ../shared/tools/evaluate.py attribution.
  python bench/attribution.py [--errors N]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from polemos.attribution import attribute_file

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
GOLD = SHARED / "data" / "bench" / "attribution" / "polnear_dev.jsonl"


def main(argv):
    with tempfile.TemporaryDirectory() as tmp:
        src, pred = Path(tmp) / "in.jsonl", Path(tmp) / "pred.jsonl"
        rows = [json.loads(l) for l in GOLD.open(encoding="utf-8") if l.strip()]
        src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows), encoding="utf-8")
        t0 = time.time()
        attribute_file(str(src), str(pred))
        took = time.time() - t0
        out = subprocess.run([sys.executable, str(SHARED / "tools" / "evaluate.py"), "attribution", str(pred),
                              str(GOLD), "--json"], capture_output=True, text=True, check=True)
        scores = json.loads(out.stdout)
        print(f"{'PolNeAR dev':<28}{len(rows)} docs, {took:.1f} s")
        for k, v in scores.items():
            print(f"  {k:<34}{v:.3f}" if isinstance(v, float) else f"  {k:<34}{v}")
        if "--errors" in argv:
            show_errors(rows, [json.loads(l) for l in pred.open(encoding="utf-8")], int(argv[argv.index("--errors") + 1]))
    return 0


def show_errors(rows, preds, n):
    """Unmatched gold and predicted contents, for reading."""
    by_id = {p["id"]: p for p in preds}
    shown = 0
    for r in rows:
        t = r["text"]
        spans = lambda a, k: [(x["start"], x["end"]) for x in (a.get(k) or [])] if isinstance(a.get(k), list) \
            else ([(a[k]["start"], a[k]["end"])] if a.get(k) else [])
        got = by_id.get(r["id"], {}).get("attributions", [])
        for g in r["attributions"]:
            gc = spans(g, "content")
            hit = any(sum(max(0, min(b1, b2) - max(a1, a2)) for a1, b1 in gc for a2, b2 in spans(p, "content"))
                      >= 0.5 * min(sum(b - a for a, b in gc), sum(b - a for a, b in spans(p, "content")) or 1)
                      for p in got)
            if not hit and shown < n:
                shown += 1
                cue = " ".join(t[a:b] for a, b in spans(g, "cue"))
                src = " ".join(t[a:b] for a, b in spans(g, "source"))
                print(f"MISS [{src}] [{cue}] {' | '.join(t[a:b] for a, b in gc)[:150]!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
