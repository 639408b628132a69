"""Actors of an event: the acting party a sentence names (the conflict profile's armed parties, every state's
forces, "the enemy" resolved by the speaker's side), or the one a party's report blames by default."""
from __future__ import annotations

import re
from functools import lru_cache

from polemos import conflicts, resources
from polemos.conflicts import Profile
from polemos.event_words import rules
from polemos.types import Attribution

ATTACKS = {"Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED", "Attack",
           "Disrupted weapons use"}


def actor_in(text: str, claimant_side: str | None, prof: Profile | None = None) -> tuple[str, str | None] | None:
    """The first named acting party in `text` (not civilians): an actor table row, or 'the enemy' / 'our forces'."""
    prof = prof or conflicts.load()
    hits = []
    for rx, row in _actor_rows(prof.name):
        for m in rx.finditer(text):
            if row["inter"] != "7":
                hits.append((m.start(), row["actor"], row["side"]))
    for rx, row in _enemy_rows(prof.name):
        for m in rx.finditer(text):
            side = prof.opponent(claimant_side) if row["refers_to"] == "other" else claimant_side
            if side:
                hits.append((m.start(), prof.side_actor(side), side))
    if not hits:
        return None
    agent = rules().agent.search(text)
    after_by = [h for h in hits if agent and h[0] >= agent.end() and h[0] - agent.end() < 4]
    _, actor, side = (after_by or sorted(hits))[0]
    return actor, side or None


@lru_cache(maxsize=None)
def _actor_rows(name: str) -> tuple[tuple[re.Pattern, dict], ...]:
    """The profile's armed parties, then data/actors.csv's, then every other state's forces (a template row),
    each row's side its own or its state's in the profile."""
    prof = conflicts.load(name)
    generic = resources.rows("actors.csv")
    rows = list(prof.actors) + [r for r in generic if not conflicts.is_template(r)]
    have = {s.country for s in prof.sides.values() if s.country}
    for template in (r for r in generic if conflicts.is_template(r)):
        rows += conflicts.state_rows(template, have)
    rows = [r | {"side": r.get("side") or prof.side_of_country(r.get("country"))} if r.get("country") else r
            for r in rows]
    return tuple((resources.word_pattern(r["pattern"]), r) for r in rows)


@lru_cache(maxsize=None)
def _enemy_rows(name: str) -> tuple[tuple[re.Pattern, dict], ...]:
    """How a speaker names the other side or its own forces: data/enemy.csv, then the profile's own words."""
    prof = conflicts.load(name)
    own = ((resources.word_pattern(prof.own_forces), {"pattern": prof.own_forces, "refers_to": "own"}),) \
        if prof.own_forces else ()
    return resources.patterns("enemy.csv") + own


def default_actor(sub_type: str, attribution: Attribution, text: str = "",
                  prof: Profile | None = None) -> tuple[str | None, str | None]:
    """No actor named: a party's report of an attack blames the other side; a denial speaks for its own."""
    prof = prof or conflicts.load()
    side = attribution.claimant_side
    if sub_type == "Agreement":
        return prof.party_to_agreement(text)
    if sub_type == "Government regains territory":
        return (prof.side_actor(prof.regains), prof.regains) if prof.regains else (None, None)
    if sub_type not in ATTACKS or side not in prof.parties:
        return None, None
    acting = side if attribution.stance == "denied" else prof.opponent(side)
    return prof.side_actor(acting), acting
