"""The fixed split of every dev set into a tuning part and a check part, by article (bench/dev_split.json).

Within each dev set and language, articles are ordered by the SHA-1 of their id and dealt alternately to the
tuning part and the check part, so both parts hold every language. The split is written once and then read:
an article added to a dev set later goes to the part its hash gives, and no article ever changes part.

    .venv/bin/python bench/dev_split.py [--shared ../shared]   # prints the split; --write records new ids
"""
from __future__ import annotations

import argparse
import hashlib
import json
from functools import lru_cache
from pathlib import Path

SETS = {"karabakh": "gold.jsonl", "world": "gold_world.jsonl", "multilingual": "gold_multilingual.jsonl"}
PARTS = ("tune", "check")
SPLIT = Path(__file__).with_name("dev_split.json")


def _hash(article_id: str) -> str:
    return hashlib.sha1(article_id.encode()).hexdigest()


@lru_cache(maxsize=1)
def recorded() -> dict[str, dict[str, str]]:
    return json.loads(SPLIT.read_text(encoding="utf-8")) if SPLIT.exists() else {}


def part_of(name: str, record: dict) -> str:
    """"tune" or "check" for one gold article of the dev set `name`."""
    known = recorded().get(name, {})
    if record["id"] in known:
        return known[record["id"]]
    return PARTS[int(_hash(record["id"]), 16) % 2]


def deal(records: list[dict]) -> dict[str, str]:
    """Alternate parts within each language, in hash order."""
    out: dict[str, str] = {}
    by_lang: dict[str, list[dict]] = {}
    for r in records:
        by_lang.setdefault(r.get("language") or "en", []).append(r)
    for group in by_lang.values():
        for i, r in enumerate(sorted(group, key=lambda r: _hash(r["id"]))):
            out[r["id"]] = PARTS[i % 2]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--write", action="store_true", help="record the parts of articles not yet in dev_split.json")
    args = ap.parse_args()
    split = {k: dict(v) for k, v in recorded().items()}
    for name, file in SETS.items():
        path = Path(args.shared) / "data" / "dev" / file
        if not path.exists():
            continue
        records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        fresh = deal(records)
        known = split.setdefault(name, {})
        for rid, p in fresh.items():
            known.setdefault(rid, p)
        counts = {p: sum(v == p for v in known.values()) for p in PARTS}
        print(f"{name:<13} {counts}")
    if args.write:
        SPLIT.write_text(json.dumps(split, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {SPLIT}")


if __name__ == "__main__":
    main()
