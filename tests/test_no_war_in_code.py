"""No war in code: no Python file of polemos names a place, side or party of any war that a conflict profile
(data/conflicts/*.toml, its place table and its aliases) knows. A war's knowledge is data."""
import ast
import csv
import io
import re
import tokenize
import tomllib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "polemos"
PROFILES = SRC / "data" / "conflicts"
PLAIN = re.compile(r"^[^\W\d_][\w' .-]*[^\W\d_]$")    # a name, not a regex


def _plain(value: str | None) -> set[str]:
    """The plain names in a value: itself, its literal regex alternatives, its part before " (" ."""
    if not value:
        return set()
    parts = [value] + _alternatives(value) + [value.split(" (")[0]]
    return {p.strip() for p in parts if PLAIN.match(p.strip()) and len(p.strip()) > 3}


def _alternatives(pattern: str) -> list[str]:
    """A regex's alternatives at its top level: the words inside a group ("X (?:forces|fighters)") are no name."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(pattern):
        depth += (c == "(") - (c == ")")
        if c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    return out + [pattern[start:]]


def _countries() -> dict[str, str]:
    rows = csv.DictReader(line for line in (SRC / "data" / "gazetteer_countries.csv").open(encoding="utf-8")
                          if not line.startswith("#"))
    return {r["iso2"]: r["name"] for r in rows}


def war_names() -> set[str]:
    """Every name a conflict profile holds: its sides and their states, speakers, actors, region, detection words,
    places and their other names."""
    names: set[str] = set()
    for f in PROFILES.glob("*.toml"):
        raw = tomllib.loads(f.read_text(encoding="utf-8"))
        for key, side in raw.get("sides", {}).items():
            names |= {key, _countries().get(side.get("country"), "")} | _plain(side.get("names"))
        for row in raw.get("speakers", []):
            names |= _plain(row["canonical"]) | _plain(row["pattern"]) | _plain(row.get("organisation"))
        for row in raw.get("actors", []):     # "Military Forces of X (2018-)": X
            names.add(row["actor"].split(" (")[0].rsplit(" of ", 1)[-1])
        names |= _plain(raw.get("region")) | _plain(raw.get("detect"))
        for place, alts in raw.get("aliases", {}).items():
            names |= {place, *alts}
        table = raw.get("zone", {}).get("places")
        if table:
            rows = csv.DictReader(line for line in (PROFILES / table).open(encoding="utf-8")
                                  if not line.startswith("#"))
            names |= {n for r in rows for n in _plain(r["name"]) | _plain(r["alt_names"]) | _plain(r["capital"])}
    return {n for n in names if n and n.lower() not in GENERIC}


# Words a profile holds that name no war: the kinds of its speakers and groups.
GENERIC = {"both sides", "both countries", "both parties", "the two sides", "the sides", "the parties", "each side",
           "either side", "each country", "each other", "the warring parties", "mercenaries", "terrorist groups",
           "jihadists", "separatists", "self-proclaimed republic", "defense army", "defence army"}


# Modules other helpers are rewriting now; the integrator empties this list when their work is merged.
NOT_YET: set[str] = set()


def _code(source: str) -> str:
    """What a Python file does: its code and string literals, without comments and docstrings (an example in
    prose names a war without coding it)."""
    docs = {(n.body[0].value.lineno, n.body[0].value.col_offset)
            for n in ast.walk(ast.parse(source))
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)
            and isinstance(n.body[0].value.value, str)}
    kept = [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type != tokenize.COMMENT and not (t.type == tokenize.STRING and t.start in docs)]
    return " ".join(kept)


def test_a_docstring_or_comment_is_no_code():
    code = _code('"""Shelling of Valdor."""\nX = 1  # Valdor\n\ndef f():\n    """Valdor."""\n    return "Brenn"\n')
    assert "Valdor" not in code and "Brenn" in code


def test_the_profiles_name_a_war():
    names = {n.lower() for n in war_names()}
    assert {"armenian", "stepanakert", "nagorno-karabakh"} <= names


@pytest.mark.parametrize("path", [p for p in sorted(SRC.rglob("*.py")) if str(p.relative_to(SRC)) not in NOT_YET],
                         ids=lambda p: str(p.relative_to(SRC)))
def test_no_python_file_names_a_war(path):
    text = _code(path.read_text(encoding="utf-8"))
    names = sorted(war_names(), key=len, reverse=True)
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.I)
    hits = sorted({m.group(0) for m in rx.finditer(text)})
    assert not hits, f"{path.relative_to(SRC)} names {', '.join(hits)}: a war's names belong in data/conflicts"
