"""Event notes as input: how reliably short single-event reports in the style of ACLED's notes are read.

Reads tests/data/notes_invented.jsonl (invented notes of many sub-types and countries, each with its expected
sub-type, day and place; written alongside the rules, so its figures are optimistic) and
tests/data/notes_blind.jsonl (200 invented notes written by someone who never saw the rules; odd ids are its
tuning half, even ids its check half: read errors of the odd half only), runs each note through the pipeline as
an article, and prints a table: notes that yield any event, event recall (an event within 25 km of the expected
place and a day of the expected date), and on the events found: sub-type accuracy, exact date, time precision. The
expected place's position is the gazetteer's most populous entry of that name in that country, so a miss is the
reading's, not the geocoder's; a note whose place the gazetteer lacks counts as missed.

    .venv/bin/python bench/notes.py [--notes FILE ...] [--errors]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from pathlib import Path

from polemos.gazetteer import Gazetteer
from polemos.pipeline import Pipeline
from polemos.types import Article

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
NOTES = [DATA / "notes_invented.jsonl", DATA / "notes_blind.jsonl"]
REACH_KM = 25


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (map(math.radians, a)), (map(math.radians, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def expected_at(gz: Gazetteer, name: str, country: str) -> tuple[float, float] | None:
    found = [e for e in gz._lookup(name) if e.country == country]
    best = max(found, key=lambda e: e.population, default=None)
    return (best.lat, best.lon) if best else None


def matched(note: dict, events: list, where: tuple[float, float] | None):
    """The predicted event of the note: within reach of its place and a day of its date, the right sub-type first."""
    day = dt.date.fromisoformat(note["event_date"])
    near = [e for e in events if where and e.location.lat is not None
            and km(where, (e.location.lat, e.location.lon)) <= REACH_KM
            and abs((dt.date.fromisoformat(e.date) - day).days) <= 1]
    return sorted(near, key=lambda e: e.sub_event_type != note["sub_event_type"])[0] if near else None


def halves(path: Path) -> dict[str, list[dict]]:
    """The file's notes, and for the blind set its tuning (odd ids) and check (even ids) halves."""
    notes = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if not all(n["id"][-1:].isdigit() and n["id"].startswith("b") for n in notes):
        return {path.stem: notes}
    odd = [n for n in notes if int(n["id"][1:]) % 2]
    return {f"{path.stem} tune (odd)": odd, f"{path.stem} check (even)": [n for n in notes if n not in odd]}


def run(notes: list[dict], show_errors: bool) -> dict[str, float]:
    pipe, gz = Pipeline.default(), Gazetteer.default()
    articles = [Article(id=n["id"], date=dt.date.fromisoformat(n["date"]), text=n["text"], language="en")
                for n in notes]
    any_event = found = sub_type = date = precision = 0
    for note, result in zip(notes, pipe.run(articles)):
        any_event += bool(result.events)
        e = matched(note, result.events, expected_at(gz, note["place"], note["country"]))
        if e is None:
            if show_errors:
                print(f"MISSED {note['id']} {note['sub_event_type']} @{note['place']} | got "
                      f"{[(x.sub_event_type, x.location.name, x.date) for x in result.events]}")
            continue
        found += 1
        sub_type += e.sub_event_type == note["sub_event_type"]
        date += e.date == note["event_date"]
        precision += e.time_precision == note["time_precision"]
        if show_errors and e.sub_event_type != note["sub_event_type"]:
            print(f"SUBTYPE {note['id']} gold={note['sub_event_type']} pred={e.sub_event_type} | {note['text'][:90]}")
    n = len(notes)
    return {"notes": n, "notes yielding any event": any_event / n, "event recall": found / n,
            "sub-type accuracy (found)": sub_type / max(found, 1), "date exact (found)": date / max(found, 1),
            "time precision (found)": precision / max(found, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=Path, nargs="+", default=NOTES)
    ap.add_argument("--errors", action="store_true", help="list the notes missed or mistyped")
    args = ap.parse_args()
    parts = {name: notes for path in args.notes for name, notes in halves(path).items()}
    scores = {name: run(notes, args.errors) for name, notes in parts.items()}
    print("\n## event notes" + "".join(f"{name:>26}" for name in scores))
    for key in next(iter(scores.values())):
        cells = (s[key] for s in scores.values())
        print(f"{key:<32}" + "".join(f"{v:>26.3f}" if isinstance(v, float) else f"{v:>26}" for v in cells))


if __name__ == "__main__":
    main()
