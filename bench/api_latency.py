"""Events API latency over a large store: fills a SQLite file with synthetic events (rows inserted directly,
no pipeline), then times GET /api/events under typical filters and prints median and p95 per query.

Run: .venv/bin/python bench/api_latency.py [--events 100000] [--requests 40] [--db build/latency.db]
Goal: p95 <= 300 ms for every row of the table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from polemos.store import Store, articles, events

TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"),
         ("Battles", "Armed clash"), ("Battles", "Government regains territory"),
         ("Violence against civilians", "Attack"), ("Strategic developments", "Agreement")]
SIDES = ["armenian", "azerbaijani", "international", "neutral", "unknown"]
CLAIMANTS = [(f"Claimant {k:02d}", SIDES[k % len(SIDES)]) for k in range(40)]
ACTORS = [("Military Forces of Armenia (2018-)", "armenian"), ("Military Forces of Azerbaijan (2003-)", "azerbaijani"),
          (None, None)]
WORDS = "shelled village town artillery drone positions civilians killed wounded ministry reported fire night".split()
START = dt.date(2019, 1, 1)
DAYS = 730
PER_ARTICLE = 5


def fill(path: str, n_events: int, seed: int = 7) -> None:
    """n_events event rows in n_events / 5 articles; about a third of them fused in pairs across articles."""
    rng = random.Random(seed)
    Store(path).close()                 # creates the schema
    engine = sa.create_engine(f"sqlite:///{path}")
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as conn:
        arts, evs = [], []
        for a in range(n_events // PER_ARTICLE):
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            aid = f"syn-{a:06d}"
            arts.append({"id": aid, "date": day, "text": "synthetic", "status": "ok", "content_hash": aid,
                         "ingested_at": now, "outlet": "Synthetic Wire"})
            for i in range(PER_ARTICLE):
                evs.append(_event(rng, aid, i, day))
            if len(evs) >= 20000:
                _flush(conn, arts, evs)
        _flush(conn, arts, evs)
    engine.dispose()


def _event(rng: random.Random, aid: str, i: int, day: dt.date) -> dict:
    etype, sub = rng.choice(TYPES)
    claimant, side = rng.choice(CLAIMANTS)
    actor, actor_side = rng.choice(ACTORS)
    n = int(aid[4:]) * PER_ARTICLE + i
    fused = f"fu-{n // 2:06d}" if (n // 2) % 3 == 0 else None    # a third of the rows fused in pairs
    evidence = " ".join(rng.choice(WORDS) for _ in range(12))
    return {"id": f"ev-{n:07d}", "article_id": aid, "idx": i, "event_type": etype, "sub_event_type": sub,
            "date": (day - dt.timedelta(days=rng.randrange(3))).isoformat(),
            "location_mention": "Place", "location_name": f"Place {rng.randrange(2000)}", "location_country": "AZ",
            "location_lat": round(rng.uniform(38.5, 41.5), 5), "location_lon": round(rng.uniform(44.5, 49.5), 5),
            "location_geo_precision": rng.choice([1, 1, 2, 3]), "claimant": claimant, "claimant_side": side,
            "evidence": evidence, "evidence_start": 0, "evidence_end": len(evidence), "actor1": actor,
            "actor1_side": actor_side, "fatalities": rng.choice([None, None, 0, 1, 2, 3, 5, 12]),
            "stance": "denied" if rng.random() < 0.05 else "asserted", "time_precision": 1, "fused_id": fused}


def _flush(conn: sa.Connection, arts: list, evs: list) -> None:
    if arts:
        conn.execute(articles.insert(), arts)
    if evs:
        conn.execute(events.insert(), evs)
    arts.clear(), evs.clear()
