"""Bring the world tables (states, armed groups, war profiles written from general knowledge, see the folder's
README) into polemos's data: data/states.csv, data/groups.csv and one data/conflicts/<name>.toml per war in the
profile schema of polemos.conflicts (sides with their state, ACLED actor, government, the sides they fight; the
words that point to the war). Speakers and institutions of the source profiles are left to the speakers' tables.

    python scripts/world_profiles.py /path/to/worlddata [--skip nagorno-karabakh,sahel] [--tables]

Run once when the tables change; the output is reviewed and committed like any data file.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "polemos" / "data"
# Profiles the project keeps in its own form (karabakh.toml) or that repeat the country profiles (a region).
SKIP = ("nagorno-karabakh", "sahel")
DETECT_MIN = 2
NEUTRAL = {"international", "neutral", ""}
# Sides whose strikes, when a report leaves the weapon unnamed ("an Israeli strike on"), are air or drone strikes:
# their wars are fought from the air (general knowledge of how they fight, the way ACLED codes their strikes).
AIR_STRIKES = {"israeli", "us", "british", "saudi", "emirati", "myanmar", "turkish", "ethiopian", "global coalition",
               "pakistani", "nigerian"}


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def q(value: str) -> str:
    """A TOML basic string."""
    return json.dumps(value, ensure_ascii=False)


def qlist(values) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def state_of(member: str, states: list[dict]) -> dict | None:
    """The state whose ACLED forces or government `member` names (an older regime span counts)."""
    def base(actor: str) -> str:
        return re.sub(r"\s*\(\d{4}-(?:\d{4})?\)", "", actor)
    for s in states:
        for col in ("military_actor", "police_actor", "government_actor"):
            if base(s[col]) == base(member):
                return s
    return None


def side_table(party: dict, states: list[dict], groups: dict[str, dict]) -> tuple[str, dict]:
    """(side key, its table) of one party: a state party speaks for its state; a non-state party is its first
    member group's actor."""
    key = party["side"]
    members = party.get("members", [])
    state = state_of(members[0], states) if members else None
    table: dict = {}
    if state is not None:
        table["country"] = state["iso2"]
        table["actor"] = state["military_actor"]
        table["government"] = state["government_actor"]
        table["names"] = state["names"]
    else:
        group = next((groups[m] for m in members if m in groups), None)
        if group is not None:
            table["actor"] = group["name"]
            table["names"] = "|".join(groups[m]["aliases"] for m in members if m in groups)
        elif members:
            table["actor"] = members[0]
    table["fights"] = [f for f in party.get("fights", []) if f not in NEUTRAL]
    if party.get("allies"):
        table["allies"] = party["allies"]
    table["members"] = members
    if key in AIR_STRIKES:
        table["strike"] = "Air/drone strike"
    return key, table


def top_level(pattern: str) -> list[str]:
    """The alternatives of a regex at its top level (not those inside a group)."""
    out, depth, start, escaped = [], 0, 0, False
    for i, c in enumerate(pattern):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    return out + [pattern[start:]]


def _literal(name: str) -> str:
    """A place name as a regex: its metacharacters escaped, its spaces and hyphens as written."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", name)


def detect_words(src: dict, states: list[dict], groups: dict[str, dict]) -> str:
    """The words that point to the war: its countries' names, its armed groups' names, its places."""
    words: list[str] = []
    by_iso = {s["iso2"]: s for s in states}
    for iso in src.get("zone", []):
        if iso in by_iso:
            words.append(by_iso[iso]["names"])
    for party in src.get("parties", []):
        words += [groups[m]["aliases"] for m in party.get("members", []) if m in groups]
    for place in src.get("places", []):
        names = [place["name"], *place.get("variants", [])]
        words += [_literal(n.lower()) for n in names if len(n) > 3]
    seen: list[str] = []
    for alt in (a for w in words for a in top_level(w)):
        if alt and alt not in seen:
            seen.append(alt)
    return "|".join(seen)


def renamed(src: dict, states: list[dict]) -> dict:
    """The source profile with a state's side keys as the project's schema names them (conflicts/default.toml
    [state_sides]: "us", not "american")."""
    words = tomllib.loads((DATA / "conflicts" / "default.toml").read_text(encoding="utf-8")).get("state_sides", {})
    by_demonym = {s["demonym"]: words[s["iso2"]] for s in states if s["iso2"] in words}
    for party in src.get("parties", []):
        party["side"] = by_demonym.get(party["side"], party["side"])
        for field in ("fights", "allies"):
            party[field] = [by_demonym.get(f, f) for f in party.get(field, [])]
    return src


def profile(name: str, src: dict, states: list[dict], groups: dict[str, dict]) -> str:
    sides = {}
    src = renamed(src, states)
    for party in src.get("parties", []):
        key, table = side_table(party, states, groups)
        if key in NEUTRAL:
            continue
        sides[key] = table
    for table in sides.values():   # a side fought that is no side of the profile is left out; one left is the opponent
        table["fights"] = [f for f in table["fights"] if f in sides]
        if len(table["fights"]) == 1:
            table["opponent"] = table["fights"][0]
    fighting = [k for k, t in sides.items() if t.get("fights")]
    out = [f"# {src['name']}: what polemos knows of this war, as data (read by polemos.conflicts). Converted from the",
           "# world tables by scripts/world_profiles.py; facts from general knowledge, never from evaluation data.",
           f"name = {q(name)}", f"title = {q(src['name'])}", f"period = {q(src.get('period', ''))}",
           f"detect = {q(detect_words(src, states, groups))}", f"detect_min = {DETECT_MIN}",
           "# The sides that fight: a party's report of an attack with no actor named blames its one opponent.",
           f"parties = {qlist(fighting)}", 'others = "demonym"',
           "# The war's countries: where its places are when the text names none.",
           f"theatre = {qlist(src.get('zone', []))}"]
    for key, table in sides.items():
        out += ["", f"[sides.{q(key)}]"]
        for field in ("country", "actor", "government", "opponent", "names", "strike"):
            if table.get(field):
                out.append(f"{field} = {q(table[field])}")
        for field in ("fights", "allies", "members"):
            if table.get(field):
                out.append(f"{field} = {qlist(table[field])}")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("world", type=Path)
    ap.add_argument("--skip", default=",".join(SKIP))
    ap.add_argument("--tables", action="store_true", help="copy states.csv and groups.csv too (overwrites edits)")
    args = ap.parse_args()
    for table in ("states.csv", "groups.csv") if args.tables else ():
        shutil.copyfile(args.world / table, DATA / table)
    states = rows(args.world / "states.csv")
    groups = {g["name"]: g for g in rows(args.world / "groups.csv")}
    skip = set(args.skip.split(","))
    for path in sorted((args.world / "conflicts").glob("*.toml")):
        if path.stem in skip:
            continue
        src = tomllib.loads(path.read_text(encoding="utf-8"))
        text = profile(path.stem, src, states, groups)
        tomllib.loads(text)   # what is written must read back
        (DATA / "conflicts" / f"{path.stem}.toml").write_text(text, encoding="utf-8")
        print(path.stem, len(text))


if __name__ == "__main__":
    main()
