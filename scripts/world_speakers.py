"""Bring the speakers of the world tables (written from general knowledge, see the folder's README) into polemos's
data: data/speakers_world.csv, in the columns of data/speakers.csv, from the `[[institutions]]` and `[[speakers]]`
of every war profile (conflicts/*.toml) and the armed groups of groups.csv, which speak for themselves.

A speaker of a state (its side is a state's demonym in states.csv) gets that state's ISO code and no side, so the
conflict profile an article is read with gives its side (a third state is "international" in a two-party war); any
other speaker keeps its side (a group's key, "international", "neutral"). A name alternative that is a common word
("fighters", "who", "army") would make every such word a speaker and is left out.

    python scripts/world_speakers.py /path/to/worlddata [--skip nagorno-karabakh]

Run once when the tables change; the output is reviewed and committed like any data file.
"""
from __future__ import annotations

import argparse
import csv
import re
import tomllib
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

DATA = Path(__file__).resolve().parents[1] / "src" / "polemos" / "data"
OUT = DATA / "speakers_world.csv"
SKIP = ("nagorno-karabakh",)         # the project's own karabakh.toml holds that war's speakers
SKIP_SIDES = ("armenian", "azerbaijani")   # ... and its armed parties
COLUMNS = ["kind", "pattern", "canonical", "organisation", "side", "source_type", "country", "person"]
# Words and phrases that name no one in particular: an alternative matching one of them is dropped.
GENERIC = {
    "army", "forces", "force", "troops", "fighters", "militia", "militias", "militants", "rebels", "insurgents",
    "gunmen", "herdsmen", "group", "groups", "movement", "coalition", "factions", "volunteers", "international",
    "government", "military", "police", "authorities", "officials", "ministry", "the army", "the group",
    "the movement", "the government", "the military", "the coalition", "ousted", "karabakh", "state", "state media",
    "the militants", "the rebels", "pmc", "agency", "council", "media", "press", "office", "command", "mission",
    "plc", "junta",
}
# Words of offices and common nouns: an alternative made of these alone names no one ("federal forces").
OFFICE_WORDS = GENERIC | {
    "ministry", "minister", "defence", "defense", "defen", "interior", "prime", "office", "federal", "provincial",
    "civil", "society", "ombudsman", "spokesman", "spokesperson", "spokeswoman", "spokes", "man", "person", "woman",
    "communication", "communications", "security", "cell", "joint", "operations", "command", "national", "armed",
    "council", "presidential", "presidency", "transitional", "human", "rights", "commission", "network", "agency",
    "news", "service", "services", "general", "staff", "air", "regional", "administration", "state", "emergency",
    "health", "foreign", "affairs", "directorate", "intelligence", "main", "border", "guard", "guards", "said",
    "statement", "leaders", "leader", "local", "counter", "terrorism", "department", "public", "relations", "inter",
    "information", "bureau", "external", "central", "committee", "government", "governor", "military", "army",
    "forces", "police", "hospital", "doctors", "union", "lawyers", "volunteers", "rooms", "response", "media",
    "head", "chief", "commander", "deputy", "president", "republic", "popular", "resistance", "committees",
    "city", "oblast", "district", "municipal", "authorities", "installed", "officials", "official", "group",
    "experts", "coalition", "naval", "navy", "coast", "maritime", "operation", "task", "force", "special",
    "unit", "units", "brigade", "brigades", "battalion", "division", "corps", "high", "supreme", "mission",
    "monitoring", "observatory", "center", "centre", "cent", "ministries", "spokespeople", "s", "e", "er", "re",
    "prosecutor", "prosecutors", "attorney", "investigative", "junta", "parallel", "internationally", "recognized",
    "recognised", "headquarters", "officer", "officers", "firm", "firms",
}
# A state's forces or government in general words ("nigerian army", "government of rwanda"): the generic rows read
# them.
FORCE_WORDS = {"army", "military", "armed", "forces", "troops", "government", "authorities", "junta", "security",
               "federal", "soldiers", "said", "statement", "s"}
# An issue of a role's text that is no part of a title: its period ("(2019-)", "(May 2025-)").
PERIOD = re.compile(r"\s*\((?:[A-Z][a-z]+\.? )?\d{4}[^)]*\)|\s+from \d{4}|\s+since \d{4}")


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (a "|" inside parentheses or a class does not split)."""
    out, depth, cls, cur = [], 0, False, ""
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur += pattern[i:i + 2]
            i += 2
            continue
        if ch == "[" and not cls:
            cls = True
        elif ch == "]" and cls:
            cls = False
        elif not cls and ch == "(":
            depth += 1
        elif not cls and ch == ")":
            depth -= 1
        if ch == "|" and depth == 0 and not cls:
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    return out + [cur]


def words_of(alt: str) -> list[str]:
    """The words an alternative spells ("defen[cs]e ministry" -> defence, ministry), roughly."""
    plain = re.sub(r"\[(.)[^\]]*\]", r"\1", alt)
    plain = re.sub(r"\(\?:|[()?*+|\\]", " ", plain)
    return re.findall(r"[a-z0-9]+", plain.lower())


def required(alt: str) -> str:
    """An alternative without its optional groups: "(?:gaza )?civil defence" can match "civil defence" alone."""
    prev = None
    while prev != alt:
        prev, alt = alt, re.sub(r"\((?:\?:)?[^()]*\)\?", "", alt)
    return alt


def safe(pattern: str, state_words: frozenset[str] = frozenset()) -> str:
    """The pattern without the alternatives that match a common word, that say no name (every word of them an
    office's or a common word: "ministry of defence", "prime minister's office" name no state), or that are a
    state's word and office words only ("nigerian army", "israeli military"): the project's generic rows name
    those as the text does ("Nigerian Armed Forces"), where a table's institution ("Defence Headquarters") would
    share no word with what the article wrote."""
    keep = []
    for alt in alternatives(pattern):
        rx = re.compile(alt, re.I)
        if any(rx.fullmatch(w) for w in GENERIC | set(STOP_WORDS)) or len(alt.strip()) < 3:
            continue
        words = words_of(required(alt))
        if all(w in OFFICE_WORDS or w in STOP_WORDS for w in words):
            continue
        if any(w in state_words for w in words) and any(w in FORCE_WORDS for w in words) and \
                all(w in state_words or w in FORCE_WORDS or w in STOP_WORDS for w in words):
            continue
        keep.append(alt)
    return "|".join(keep)


def state_words(states: list[dict]) -> frozenset[str]:
    """Every word of a state's names and demonym ("nigerian", "nigeria", "abuja")."""
    out: set[str] = set()
    for r in states:
        out |= set(words_of(r["names"])) | {r["demonym"].lower()}
    return frozenset(out)


def split_role(role: str) -> tuple[str, str]:
    """ "military: SAF spokesman (2023-)" -> ("military", "SAF spokesman")."""
    kind, _, title = role.partition(":")
    return kind.strip(), PERIOD.sub("", title).strip().rstrip(",;")


# Sides the world tables give otherwise than the dev data's documented vocabulary (dev/WORLD.md: "UKMTO" is an
# international body; Gaza's ministries are the Palestinian side's institutions, "israeli / palestinian").
OVERRIDES = {"UK Maritime Trade Operations": "international", "Gaza Health Ministry": "palestinian",
             "Gaza Government Media Office": "palestinian", "Gaza Civil Defence": "palestinian"}


def side_cols(side: str, states: dict[str, str]) -> tuple[str, str]:
    """(side, country): a state's speaker gets its ISO code and leaves the side to the profile."""
    iso = states.get(side)
    return ("", iso) if iso else (side, "")


# Spellings the tables miss that wire copy uses (transliterations), added to a person's pattern.
SPELLINGS = {"Volodymyr Zelensky": "zelenskiy|volodymyr zelenskiy"}


def profile_rows(path: Path, states: dict[str, str]) -> list[dict]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in raw.get("institutions", []):
        side, iso = side_cols(OVERRIDES.get(r["name"], r["side"]), states)
        out.append({"kind": "speaker", "pattern": r["pattern"], "canonical": r["name"], "organisation": r["name"],
                    "side": side, "source_type": split_role(r["role"])[0], "country": iso,
                    "person": "0"})
    for r in raw.get("speakers", []):
        side, iso = side_cols(r["side"], states)
        kind, title = split_role(r["role"])
        pattern = "|".join(filter(None, (r["pattern"], SPELLINGS.get(r["name"]))))
        out.append({"kind": "speaker", "pattern": pattern, "canonical": f"{r['name']} ({title})" if title
                    else r["name"], "organisation": "", "side": side, "source_type": kind, "country": iso,
                    "person": "1"})
    return out


def speaking_name(group: str) -> str:
    """A group's ACLED name as a claimant: a de facto state's forces by the movement's name
    ("Military Forces of Yemen (2017-) Houthi" -> "Houthi Movement (Yemen)")."""
    m = re.match(r"Military Forces of (.+?) \(\d{4}-\d*\) (.+)$", group)
    return f"{m.group(2)} Movement ({m.group(1)})" if m else group


def group_rows(groups: list[dict], states: dict[str, str], skip_sides: set[str]) -> list[dict]:
    out = []
    for g in groups:
        if g["side"] in skip_sides:
            continue
        side, iso = side_cols(g["side"], states)
        name = speaking_name(g["name"])
        out.append({"kind": "speaker", "pattern": g["aliases"], "canonical": name, "organisation": name,
                    "side": side, "source_type": "military", "country": iso, "person": "0"})
    return out


def known_names() -> set[str]:
    """Persons and bodies the project's own tables already hold (their first name-part, lower case)."""
    names = {r["canonical"].split(" (")[0].lower() for r in rows(DATA / "speakers.csv") if r["kind"] == "speaker"}
    raw = tomllib.loads((DATA / "conflicts" / "karabakh.toml").read_text(encoding="utf-8"))
    return names | {r["canonical"].split(" (")[0].lower() for r in raw.get("speakers", [])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("worlddata", type=Path)
    ap.add_argument("--skip", default=",".join(SKIP))
    ap.add_argument("--skip-sides", default=",".join(SKIP_SIDES), help="groups of these sides are the profiles'")
    args = ap.parse_args()
    table = rows(args.worlddata / "states.csv")
    states = {r["demonym"]: r["iso2"] for r in table}
    known = state_words(table)
    found = []
    for path in sorted((args.worlddata / "conflicts").glob("*.toml")):
        if path.stem not in args.skip.split(","):
            found += profile_rows(path, states)
    found += group_rows(rows(args.worlddata / "groups.csv"), states, set(args.skip_sides.split(",")))
    seen, out = known_names(), []
    for r in found:
        # a person is known by the name before the title; a body by its whole name ("Islamic State (Sahel)" and
        # "Islamic State (West Africa)" are two groups)
        name = r["canonical"].split(" (")[0].lower() if r["person"] == "1" else r["canonical"].lower()
        r["pattern"] = safe(r["pattern"], known if r["country"] else frozenset())
        if name in seen or not r["pattern"]:
            continue
        seen.add(name)
        out.append(r)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# Speakers of the world's wars (institutions, office-holders, armed groups), in the columns of\n"
                "# speakers.csv. Written by scripts/world_speakers.py from world tables of general knowledge (never\n"
                "# from evaluation data). A state's speaker has its ISO code and no side: the conflict profile\n"
                "# gives it.\n"
                "# person: 1 for a person (\"Name (title)\"), 0 for a body (whose name may hold brackets).\n"
                "# Office-holders change: a person's title is the one the tables knew (early 2026).\n")
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        w.writerows(out)
    print(f"{len(out)} rows -> {OUT}")


if __name__ == "__main__":
    main()
