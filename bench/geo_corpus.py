"""How many events of a corpus run sit outside the war's countries (issue #17 point 5)?

Runs the pipeline on the unlabelled corpora of ../shared/data/corpus (articles.jsonl: the Karabakh war;
world.jsonl: 25 other wars, each article naming its conflict) and counts the events whose place lies outside the
countries of the article's war, with the commonest such places. The countries of each war are this script's
table (a reader's judgement of where each war is fought, including states whose territory is struck), not
project data: no rule reads it.

    .venv/bin/python bench/geo_corpus.py [--sets articles,world] [--pred-dir build] [--top 15]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KARABAKH = frozenset({"AZ", "AM"})
# conflict field of world.jsonl -> the countries its events can sit in
WARS = {
    "Russia-Ukraine": {"UA", "RU"}, "Sudan SAF-RSF": {"SD"}, "Sudan (Darfur 2017)": {"SD"},
    "Israel-Hezbollah": {"IL", "LB", "SY"}, "Israel-Gaza": {"IL", "PS"}, "Israel-Palestine (West Bank)": {"IL", "PS"},
    "Yemen/Red Sea": {"YE", "IL", "SA", "ER", "DJ"}, "Afghanistan (Taliban insurgency)": {"AF"},
    "Myanmar": {"MM"}, "Cameroon (Anglophone crisis)": {"CM"}, "DRC (M23)": {"CD", "RW"}, "DRC (ADF)": {"CD", "UG"},
    "Nigeria (banditry)": {"NG"}, "Nigeria (ISWAP)": {"NG", "NE", "TD", "CM"}, "Haiti gangs": {"HT"},
    "Sahel (Mali)": {"ML", "BF", "NE"}, "Sahel (Niger)": {"NE", "ML", "BF"}, "Sahel (Burkina Faso)": {"BF", "ML", "NE"},
    "Somalia (al-Shabaab)": {"SO", "KE"}, "Ethiopia (Tigray)": {"ET", "ER"}, "Iraq (Islamic State)": {"IQ", "SY"},
    "Iraq (militias-US)": {"IQ", "SY", "JO"}, "Libya": {"LY"}, "Pakistan (militancy)": {"PK", "AF"},
    "Pakistan-Afghanistan": {"PK", "AF"}, "India-Pakistan": {"IN", "PK"}, "Syria": {"SY"},
    "Colombia (ELN)": {"CO", "VE"}, "Colombia (FARC dissidents)": {"CO", "VE"}, "Mexico cartels": {"MX"},
    "Mozambique (Cabo Delgado)": {"MZ"},
}


def predict(corpus: Path, out: Path) -> Path:
    from polemos import ingest
    from polemos.errors import IngestError
    from polemos.pipeline import Pipeline
    articles = [a for a in ingest.read([str(corpus)]) if not isinstance(a, IngestError)]
    with out.open("w", encoding="utf-8") as f:
        for r in Pipeline.default().run(articles):
            f.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    return out


def count(corpus: Path, pred: Path) -> tuple[int, int, Counter]:
    war = {}
    for line in corpus.open(encoding="utf-8"):
        r = json.loads(line)
        war[r["id"]] = WARS.get(r.get("conflict"), KARABAKH) if r.get("conflict") else KARABAKH
    n = outside = 0
    where: Counter = Counter()
    for line in pred.open(encoding="utf-8"):
        r = json.loads(line)
        for e in r.get("events") or []:
            loc = e.get("location") or {}
            n += 1
            if loc.get("country") not in war.get(r["id"], KARABAKH):
                outside += 1
                where[f"{loc.get('name')} ({loc.get('country')})"] += 1
    return n, outside, where


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    ap.add_argument("--sets", default="articles,world")
    ap.add_argument("--pred-dir", default=str(ROOT / "build"))
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    print("| corpus | events | outside the war's countries | share |")
    print("|---|---|---|---|")
    tops = []
    for name in a.sets.split(","):
        corpus = Path(a.shared) / "data" / "corpus" / f"{name}.jsonl"
        if not corpus.exists():
            print(f"no {corpus}", file=sys.stderr)
            continue
        pred = predict(corpus, Path(a.pred_dir) / f"corpus_{name}_pred.jsonl")
        n, outside, where = count(corpus, pred)
        print(f"| {name} | {n} | {outside} | {outside / max(n, 1):.3f} |")
        tops.append((name, where))
    for name, where in tops:
        print(f"\n{name}: " + ", ".join(f"{k} {v}" for k, v in where.most_common(a.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
