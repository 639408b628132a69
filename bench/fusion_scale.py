"""Fusion at scale: the time of `polemos fuse` on stores of synthetic event claims of growing size, and of an
incremental fuse after new articles, with how many candidate pairs blocking leaves to compare.

Each size is a SQLite store of generated articles (one to four reports of the events of their last three days,
from thirty claimants of three sides, some denials and differing tolls), written straight into the store's
tables. A larger corpus covers more of the world: one theatre of 430 places for every 2,000 articles over two
years (--dense keeps one theatre, so that claims crowd ten times as densely into its days and places). "full" is
the first fuse of every claim (Store.fuse(full=True)); "incremental" adds --add articles of the next days' news
through Store.save to the largest store, then Store.fuse() clusters again only what the new claims reach.
Wall and CPU seconds are both given: the CPU time is what a busy shared host does not distort. Writes
build/fusion_scale.json.

    .venv/bin/python bench/fusion_scale.py [--sizes 2000,20000] [--add 1000] [--dense] [--out build]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from polemos import fusion
from polemos.store import TABLES, Store, article_row, result_rows
from polemos.types import Article, Event, Place, Result, Span

START = dt.date(2019, 1, 1)
DAYS = 730                          # the stored articles' days; the added ones come after
NEXT = 30                           # days of news the added articles cover
PER_THEATRE = 2000
KINDS = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
         ("Battles", "Government regains territory")]
SIDES = ["north", "south", "international"]
ACTORS = {"north": "Military Forces of North", "south": "Military Forces of South"}


def _places(rng: random.Random, theatres: int) -> list[list[tuple[str, float, float, int]]]:
    """Per theatre: 400 towns and 30 districts in a box of 3 by 5 degrees, theatres side by side."""
    def spot(t: int) -> tuple[float, float]:
        south, west = -30.0 + 8.0 * (t // 30), -170.0 + 11.0 * (t % 30)
        return rng.uniform(south, south + 3.0), rng.uniform(west, west + 5.0)
    return [[(f"Town {t}-{i}", *spot(t), 1) for i in range(400)] +
            [(f"District {t}-{i}", *spot(t), 3) for i in range(30)] for t in range(theatres)]


def _events(rng: random.Random, n: int, theatres: list) -> list[dict]:
    """The real events the articles report: a day, a place, a kind, who did it, a toll."""
    out = []
    for _ in range(n):
        attacker = rng.choice(["north", "south"])
        out.append({"day": rng.randrange(DAYS + NEXT), "place": rng.choice(rng.choice(theatres)),
                    "kind": rng.choice(KINDS), "actor": ACTORS[attacker],
                    "toll": rng.choice([None, None, 0, 1, 2, 3, 5, 12])})
    return sorted(out, key=lambda e: e["day"])


def _report(rng: random.Random, aid: str, ev: dict, idx: int) -> tuple[Event, str]:
    side = rng.choice(SIDES)
    who = f"Claimant {rng.randrange(10)} of {side}"
    name, lat, lon, precision = ev["place"]
    toll = ev["toll"] if rng.random() < 0.8 else (ev["toll"] or 0) + rng.randrange(1, 4)
    text = f"{who} said {name} was hit on day {ev['day']} ({aid}, report {idx})."
    event = Event(event_type=ev["kind"][0], sub_event_type=ev["kind"][1],
                  date=(START + dt.timedelta(days=ev["day"])).isoformat(),
                  location=Place(mention=name, name=name, country="AZ", lat=round(lat, 5), lon=round(lon, 5),
                                 geo_precision=precision),
                  claimant=who, claimant_side=side, evidence=text, evidence_span=Span(0, len(text)),
                  actor1=ev["actor"], fatalities=toll, stance="denied" if rng.random() < 0.05 else "asserted")
    return event, text


def articles(rng: random.Random, n: int, first: int, events: list[dict], days: range = range(DAYS)) -> list[Result]:
    """n articles of these days, each reporting one to four events of its day and the two before."""
    out = []
    for a in range(first, first + n):
        day = rng.choice(days)
        recent = [e for e in events[max(0, _at(events, day - 2)):_at(events, day + 1)]] or events[:1]
        chosen = rng.sample(recent, min(len(recent), rng.choice([1, 1, 2, 3, 4])))
        aid = f"syn-{a:07d}"
        reports = [_report(rng, aid, ev, i) for i, ev in enumerate(chosen)]
        art = Article(id=aid, date=START + dt.timedelta(days=day), text=" ".join(t for _, t in reports),
                      outlet="Synthetic Wire", language="en")
        offset, evs = 0, []
        for ev, text in reports:
            ev.evidence_span = Span(offset, offset + len(text))
            offset += len(text) + 1
            evs.append(ev)
        out.append(Result(article=art, events=evs))
    return out


def _at(events: list[dict], day: int) -> int:
    lo, hi = 0, len(events)
    while lo < hi:
        mid = (lo + hi) // 2
        if events[mid]["day"] < day:
            lo = mid + 1
        else:
            hi = mid
    return lo


def fill(store: Store, results: list[Result]) -> None:
    """Articles and their claims written straight into the tables; adopt() gives each claim its fused event."""
    with store.engine.begin() as conn:
        for at in range(0, len(results), 2000):
            part = results[at:at + 2000]
            conn.execute(TABLES["articles"].insert(), [article_row(r) for r in part])
            rows = [row for r in part for row in result_rows(r)["events"]]
            if rows:
                conn.execute(TABLES["events"].insert(), rows)
    store.adopt()


def pairs(store: Store) -> tuple[int, int]:
    """(pairs blocking compares, pairs there are) over every stored claim."""
    claims = fusion.claims_of(c for ev in store.fused_events() for c in ev["claims"])
    compared = 0
    blocks = fusion._Blocks(claims)
    for i, c in enumerate(claims):
        compared += len(blocks.candidates(i, fusion._reach(c)))
    return compared // 2, len(claims) * (len(claims) - 1) // 2


def one_size(n: int, folder: Path, dense: bool, repeat: int, seed: int = 7) -> dict:
    """A store of n articles' claims, fused in full: the best of `repeat` fresh stores (a busy host only ever
    makes a run slower)."""
    best: dict = {}
    for k in range(repeat):
        rng = random.Random(seed)
        places = _places(rng, 1 if dense else max(1, round(n / PER_THEATRE)))
        events = _events(rng, int(n * 0.8), places)
        store = Store(str(folder / f"fusion_{n}_{k}.db"))
        fill(store, articles(rng, n, 0, events))
        t, cpu = time.perf_counter(), time.process_time()
        done = store.fuse(full=True)
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        if best:
            best["store"].close()
        best = {"articles": n, "claims": done.claims, "events": done.total,
                "fuse_s": round(min(seconds, best.get("fuse_s", seconds)), 2),
                "fuse_cpu_s": round(min(cpu, best.get("fuse_cpu_s", cpu)), 2), "store": store, "rng": rng,
                "events_list": events}
    best["pairs_compared"], best["pairs_all"] = pairs(best["store"])
    return best


def incremental(big: dict, add: int) -> dict:
    store, rng = big["store"], big["rng"]
    new = articles(rng, add, big["articles"], big["events_list"], range(DAYS, DAYS + NEXT))
    t = time.perf_counter()
    for r in new:
        store.save(r)
    save_s = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    done = store.fuse()
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"articles_added": add, "claims_added": sum(len(r.events) for r in new), "save_s": round(save_s, 2),
            "claims_fused_again": done.claims, "incremental_fuse_s": round(seconds, 2),
            "incremental_fuse_cpu_s": round(cpu, 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2000,20000", help="articles per store, comma-separated (default 2000,20000)")
    ap.add_argument("--add", type=int, default=1000, help="articles added to the largest store (default 1000)")
    ap.add_argument("--dense", action="store_true", help="one theatre at every size: claims crowd together")
    ap.add_argument("--repeat", type=int, default=3, help="fresh stores per size below 10,000 articles, the best "
                                                          "taken (default 3; larger sizes run once)")
    ap.add_argument("--out", default="build", help="folder for fusion_scale.json (default build)")
    args = ap.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="polemos-fusion-scale-") as tmp:
        runs = [one_size(n, Path(tmp), args.dense, args.repeat if n < 10_000 else 1) for n in sizes]
        inc = incremental(runs[-1], args.add)
        for r in runs:
            r["store"].close()
    print(f"{'articles':>9} {'claims':>8} {'events':>8} {'fuse s':>8} {'cpu s':>8} {'pairs compared':>15} "
          f"{'all pairs':>14}")
    for r in runs:
        print(f"{r['articles']:>9} {r['claims']:>8} {r['events']:>8} {r['fuse_s']:>8.2f} {r['fuse_cpu_s']:>8.2f} "
              f"{r['pairs_compared']:>15} {r['pairs_all']:>14}")
    small, large = runs[0], runs[-1]
    ratio = lambda a, b: round(a / b, 3) if b else 0.0
    share, share_cpu = (ratio(inc["incremental_fuse_s"], large["fuse_s"]),
                        ratio(inc["incremental_fuse_cpu_s"], large["fuse_cpu_s"]))
    growth, growth_cpu = ratio(large["fuse_s"], small["fuse_s"]), ratio(large["fuse_cpu_s"], small["fuse_cpu_s"])
    print(f"\nfull fuse grows {growth:.1f}x (CPU {growth_cpu:.1f}x) for {sizes[-1] / sizes[0]:.0f}x the articles")
    print(f"+{inc['articles_added']} articles ({inc['claims_added']} claims) to {sizes[-1]}: saved in "
          f"{inc['save_s']:.1f} s; incremental fuse {inc['incremental_fuse_s']:.2f} s (CPU "
          f"{inc['incremental_fuse_cpu_s']:.2f} s; {inc['claims_fused_again']} claims clustered again), "
          f"{share:.0%} of a full fuse (CPU {share_cpu:.0%})")
    report = {"dense": args.dense, "articles_small": sizes[0], "articles_large": sizes[-1],
              "claims_small": small["claims"], "claims_large": large["claims"],
              "fuse_s_small": small["fuse_s"], "fuse_s_large": large["fuse_s"], "fuse_growth": growth,
              "fuse_cpu_s_small": small["fuse_cpu_s"], "fuse_cpu_s_large": large["fuse_cpu_s"],
              "fuse_growth_cpu": growth_cpu, "pairs_compared_large": large["pairs_compared"],
              "pairs_all_large": large["pairs_all"], **inc, "incremental_share": share,
              "incremental_share_cpu": share_cpu,
              "sizes": [{k: v for k, v in r.items() if k not in ("store", "rng", "events_list")} for r in runs]}
    (out / "fusion_scale.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {out / 'fusion_scale.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
