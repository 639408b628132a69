"""Do the gold event places of ../shared/data/dev/gold.jsonl resolve where the annotators put them?

For each gold event, the Geocoder's places of the article that overlap the gold mention's text (searched
inside the evidence first, then anywhere) are compared with the gold point. Prints how many resolve within
5 km and 25 km (the event matcher's radius), by whether the gold point is certain, and the misses.

    .venv/bin/python bench/geo_dev.py [--misses]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / ".." / "shared" / "data" / "dev" / "gold.jsonl"


def occurrences(text: str, mention: str, evidence: str | None) -> list[tuple[int, int]]:
    """Where the gold mention (or its pieces around '...') stands, inside the evidence when it can."""
    parts = [p.strip(" ,") for p in re.split(r"\.\.\.|…", mention) if p.strip(" ,")]
    out = []
    for scope_start in ([text.find(evidence)] if evidence and evidence in text else []) + [0]:
        scope = text[scope_start:scope_start + len(evidence)] if scope_start and evidence else text
        for p in parts:
            for m in re.finditer(re.escape(p), scope):
                out.append((scope_start + m.start(), scope_start + m.end()))
        if out:
            return out
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true",
                    help="list the gold places not resolved within 25 km (5 km for certain ones)")
    a = ap.parse_args()
    if not GOLD.exists():
        print(f"no gold file at {GOLD}", file=sys.stderr)
        return 1
    from polemos import components
    from polemos.places import Geocoder, km
    from polemos.types import Article
    geo, pipe = Geocoder.default(), components.english()
    stats = {k: {"n": 0, "seen": 0, "5": 0, "25": 0} for k in ("certain", "uncertain")}
    misses = []
    for line in GOLD.open(encoding="utf-8"):
        g = json.loads(line)
        art = Article(id=g["id"], date=dt.date.fromisoformat(g["date"]), text=g["text"], side=g.get("side"))
        places = geo.toponyms(pipe(art.text), art)
        for ev in g.get("events") or []:
            loc = ev.get("location") or {}
            if loc.get("lat") is None or not loc.get("mention"):
                continue
            s = stats["uncertain" if loc.get("geo_uncertain") else "certain"]
            s["n"] += 1
            spans = occurrences(art.text, loc["mention"], ev.get("evidence"))
            hit = [p for p in places if any(p.span.start < e and st < p.span.end for st, e in spans)]
            if not hit:
                misses.append((g["id"], loc["mention"], "not recognised", None))
                continue
            s["seen"] += 1
            d = min(km((p.lat, p.lon), (loc["lat"], loc["lon"])) for p in hit)
            s["5"] += d <= 5
            s["25"] += d <= 25
            if d > 25 or d > 5 and not loc.get("geo_uncertain"):
                best = min(hit, key=lambda p: km((p.lat, p.lon), (loc["lat"], loc["lon"])))
                misses.append((g["id"], loc["mention"], f"-> {best.name} {best.country} {d:.0f} km "
                               f"(gold {loc.get('name')} p{loc.get('geo_precision')})", best.source))
    print("| gold places | n | recognised | within 5 km | within 25 km |")
    print("|---|---|---|---|---|")
    for k, s in stats.items():
        print(f"| {k} | {s['n']} | {s['seen']} | {s['5']} | {s['25']} |")
    tot = {f: sum(s[f] for s in stats.values()) for f in ("n", "seen", "5", "25")}
    print(f"| all | {tot['n']} | {tot['seen']} | {tot['5']} | {tot['25']} |")
    if a.misses:
        for m in misses:
            print("  ", *m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
