"""ACLED event snippets as articles: how often a short real report of one event yields an event at all, and
whether the event's sub-type is the snippet's.

The CASE 2021 task 2 dev file (../shared/data/bench/case2021_task2/dev.jsonl, evaluation only) holds news snippets
ACLED coded, each with its sub-type. Each snippet is run through the whole pipeline as an article (the snippets
carry no publication date: the latest full date a snippet states stands in, else a fixed late date), and the table
gives: snippets yielding any event, the sub-type of the snippet among the events' sub-types, the first event's
sub-type, and the same by sub-type. It is the pipeline's view of the task `bench/classify.py` measures with the
snippet classifier alone; no rule was tuned on it.

    .venv/bin/python bench/case_events.py [--shared ../shared] [--by-type]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter, defaultdict
from pathlib import Path

from polemos import ingest
from polemos.pipeline import Pipeline
from polemos.types import Article

DATE = dt.date(2022, 12, 31)


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def score(snippets: list[dict]) -> tuple[dict[str, float], dict[str, Counter]]:
    arts = [Article(id=s["id"], date=ingest.infer_date(s["text"], "en", today=DATE) or DATE, text=s["text"],
                    language="en") for s in snippets]
    by_type: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    for s, result in zip(snippets, Pipeline.default().run(arts)):
        kinds = [e.sub_event_type for e in result.events]
        hit = Counter(n=1, any=bool(kinds), among=s["label"] in kinds, first=bool(kinds) and kinds[0] == s["label"])
        total.update(hit)
        by_type[s["label"]].update(hit)
    n = total["n"] or 1
    return {"snippets": total["n"], "yielding any event": total["any"] / n,
            "sub-type among the events": total["among"] / n, "first event's sub-type": total["first"] / n}, by_type


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--by-type", action="store_true")
    args = ap.parse_args()
    path = Path(args.shared) / "data" / "bench" / "case2021_task2" / "dev.jsonl"
    if not path.exists():
        raise SystemExit(f"no {path}: pass --shared")
    table, by_type = score(rows(path))
    print("## CASE 2021 dev snippets as articles")
    for k, v in table.items():
        print(f"{k:<32}{v:>8.3f}" if isinstance(v, float) else f"{k:<32}{v:>8}")
    if args.by_type:
        print(f"\n{'sub-type':<45}{'n':>4}{'any':>7}{'among':>7}")
        for label, c in sorted(by_type.items(), key=lambda kv: -kv[1]["n"]):
            print(f"{label:<45}{c['n']:>4}{c['any'] / c['n']:>7.2f}{c['among'] / c['n']:>7.2f}")


if __name__ == "__main__":
    main()
