"""What polemos knows of the world's states and armed groups, as data: data/states.csv (every state: its side key,
names, ACLED military, police and government actors with the regime's start year) and data/groups.csv (non-state
armed groups, de facto forces and external forces: ACLED name, aliases, side, countries, inter code).

A state's side is its demonym in lower case ("ukrainian", "sudanese"), or the default profile's word for it where
the schema names it otherwise ([state_sides] of conflicts/default.toml); a group's side is its own short name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from polemos import resources

KINDS = ("military", "police", "government")


@lru_cache(maxsize=1)
def states() -> dict[str, dict]:
    """ISO2 -> the state's row of data/states.csv."""
    return {r["iso2"]: r for r in resources.rows("states.csv")}


def state(iso: str | None) -> dict | None:
    return states().get(iso or "")


def state_actor(iso: str | None, kind: str = "military") -> str | None:
    """ACLED's actor of a state's forces or government: "Military Forces of Sudan (2019-)"."""
    row = state(iso)
    return row[f"{kind}_actor"] or None if row else None


@lru_cache(maxsize=1)
def _side_words() -> dict[str, str]:
    """ISO2 -> side where the schema's word is not the demonym (the default profile's [state_sides])."""
    return dict(resources.toml("conflicts/default.toml").get("state_sides", {}))


def state_side(iso: str | None) -> str | None:
    """The side key of a state: the schema's word for it, else its demonym."""
    if not iso:
        return None
    row = state(iso)
    return _side_words().get(iso) or (row["demonym"] if row else None)


@lru_cache(maxsize=1)
def _state_by_side() -> dict[str, str]:
    out: dict[str, str] = {}
    for iso, row in states().items():
        out.setdefault(row["demonym"], iso)
    for iso, side in _side_words().items():
        out[side] = iso
    return out


def state_of(side: str | None) -> str | None:
    """The state whose side key `side` is."""
    return _state_by_side().get(side or "")


@lru_cache(maxsize=1)
def _state_by_actor() -> dict[str, str]:
    """An ACLED state actor's name without its regime years -> ISO2."""
    out = {}
    for iso, row in states().items():
        for kind in KINDS:
            if row[f"{kind}_actor"]:
                out[undated(row[f"{kind}_actor"])] = iso
    return out


def undated(actor: str) -> str:
    """"Military Forces of Sudan (2019-)" -> "Military Forces of Sudan": a regime's years dropped (a label after
    them, "(2017-) Houthi", is kept: it names another force)."""
    return re.sub(r"\s*\(\d{4}-(?:\d{4})?\)", "", actor).strip()


def state_of_actor(actor: str | None) -> str | None:
    """The state whose forces, police or government an ACLED actor name is (any regime)."""
    return _state_by_actor().get(undated(actor or ""))


# ------------------------------------------------------------------ armed groups

@lru_cache(maxsize=1)
def groups() -> tuple[dict, ...]:
    """The rows of data/groups.csv, each with its countries as a tuple."""
    return tuple(r | {"countries": tuple(c for c in r["countries"].split(",") if c)}
                 for r in resources.rows("groups.csv"))


@lru_cache(maxsize=1)
def _group_by_name() -> dict[str, dict]:
    return {g["name"]: g for g in groups()}


def group(name: str | None) -> dict | None:
    return _group_by_name().get(name or "")


def local(row: dict) -> bool:
    """A group ACLED names by its country ("Unidentified Armed Group (Nigeria)", "Fulani Ethnic Militia
    (Nigeria)"): its words ("bandits", "herdsmen") name it only in its countries."""
    return bool(re.search(r"\((?:[A-Z][a-z]+ ?)+\)$", row["name"])) and row["inter"] in ("3", "4") and \
        len(row["countries"]) == 1


CROWDS = {"Civilians": "7", "Protesters": "6", "Rioters": "5", "Unidentified Armed Group": "3"}


def inter(actor: str | None) -> str | None:
    """ACLED's inter code of an actor name: a state's forces, police or government 1, an armed group its own
    (data/groups.csv), civilians 7, protesters 6, rioters 5, an unidentified armed group 3."""
    if not actor:
        return None
    if state_of_actor(actor):
        return "1"
    found = group(actor)
    if found:
        return found["inter"]
    return next((code for kind, code in CROWDS.items() if actor.startswith(kind)), None)
