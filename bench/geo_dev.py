"""Do the gold event places of the dev sets resolve where the annotators put them?

For each gold event of ../shared/data/dev (Karabakh, other wars, multilingual), the places the pipeline's place
stage found in the article (Doc._.places) that overlap the gold mention's text (searched inside the evidence first,
then anywhere) are compared with the gold point. Prints, per dev set and part (the fixed split of make eval), how
many gold places were recognised and how many resolve within 5 km and 25 km (the event matcher's radius).
`--misses` lists the TUNING part's misses only (read errors of the tuning part, judge on the check part).

    .venv/bin/python bench/geo_dev.py [--sets karabakh,world,multilingual] [--misses]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from dev_split import SETS, part_of

ROOT = Path(__file__).resolve().parents[1]


def occurrences(text: str, mention: str, evidence: str | None) -> list[tuple[int, int]]:
    """Where the gold mention (or its pieces around '...', '(' and '/') stands, inside the evidence when it can."""
    parts = [p.strip(" ,)") for p in re.split(r"\.\.\.|…|\(|/", mention) if p.strip(" ,)")]
    out = []
    for scope_start in ([text.find(evidence)] if evidence and evidence in text else []) + [0]:
        scope = text[scope_start:scope_start + len(evidence)] if scope_start and evidence else text
        for p in parts:
            for m in re.finditer(re.escape(p), scope):
                out.append((scope_start + m.start(), scope_start + m.end()))
        if out:
            return out
    return out


def article_places(gold_path: Path):
    """(gold record, places the pipeline's place stage found) for every article of a dev set."""
    from polemos import conflicts, ingest, language
    from polemos.errors import IngestError
    from polemos.pipeline import Pipeline
    pipe = Pipeline.default()
    gold = {g["id"]: g for g in map(json.loads, gold_path.open(encoding="utf-8"))}
    for a in ingest.read([str(gold_path)]):
        if isinstance(a, IngestError):
            continue
        a.language = a.language or language.detect(a.text)
        if not language.supported(a.language):
            continue
        a.conflict = a.conflict or conflicts.choose(a.text, a.side)
        model = pipe.model(a.language)
        doc = model(pipe._doc(model, a))
        yield gold[a.id], doc._.places or []


def score(name: str, gold_path: Path) -> tuple[dict, list]:
    from polemos.places import km
    stats: dict = defaultdict(lambda: {"n": 0, "seen": 0, "5": 0, "25": 0})
    misses = []
    for g, places in article_places(gold_path):
        part = part_of(name, g)
        for ev in g.get("events") or []:
            loc = ev.get("location") or {}
            if loc.get("lat") is None or not loc.get("mention"):
                continue
            s = stats[part]
            s["n"] += 1
            spans = occurrences(g["text"], loc["mention"], ev.get("evidence"))
            hit = [p for p in places if p.lat is not None and p.span and
                   any(p.span.start < e and st < p.span.end for st, e in spans)]
            if not hit:
                misses.append((part, g["id"], loc["mention"], "not recognised"))
                continue
            s["seen"] += 1
            best = min(hit, key=lambda p: km((p.lat, p.lon), (loc["lat"], loc["lon"])))
            d = km((best.lat, best.lon), (loc["lat"], loc["lon"]))
            s["5"] += d <= 5
            s["25"] += d <= 25
            if d > 5:
                misses.append((part, g["id"], loc["mention"], f"-> {best.name} {best.country} {d:.0f} km "
                               f"(gold {loc.get('name')} p{loc.get('geo_precision')}; {best.source})"))
    return stats, misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--misses", action="store_true", help="list the tuning part's gold places missed beyond 5 km")
    a = ap.parse_args()
    print("| dev set | part | gold places | recognised | within 5 km | within 25 km |")
    print("|---|---|---|---|---|---|")
    all_misses = []
    for name in a.sets.split(","):
        path = Path(a.shared) / "data" / "dev" / SETS[name]
        if not path.exists():
            print(f"no {path}", file=sys.stderr)
            continue
        stats, misses = score(name, path)
        all_misses += [(name, *m) for m in misses if m[0] == "tune"]
        for part in ("tune", "check"):
            s = stats[part]
            print(f"| {name} | {part} | {s['n']} | {s['seen']} | {s['5']} | {s['25']} |")
    if a.misses:
        for m in all_misses:
            print("  ", *m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
