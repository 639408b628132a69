"""Actors of an event: the acting party a sentence names (the conflict profile's armed parties, the world's armed
groups of data/groups.csv, every state's forces and police in ACLED's naming, an unnamed group by the country of
the event, "the enemy" resolved by the speaker's side), or the one a party's report blames by default."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import casualties, conflicts, event_dates, lang, prefilter, resources, world
from polemos.conflicts import Profile
from polemos.event_words import rules
from polemos.roles import Roles
from polemos.types import Attribution, Span

ATTACKS = {"Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED", "Attack",
           "Disrupted weapons use", "Grenade", "Suicide bomb", "Chemical weapon", "Abduction/forced disappearance",
           "Sexual violence"}
HERE = "{here}"     # in an actor row: the country of the event ("Unidentified Armed Group ({here})")


@dataclass(frozen=True)
class Found:
    """A party named in a text: where, its ACLED actor and side."""
    start: int
    end: int
    actor: str
    side: str | None
    unnamed: bool = False       # a group the text does not name ("gunmen", "the assailants")
    forces: bool = False        # a state's forces by a bare word ("the army"): the event country's by default


def actor_in(text: str, claimant_side: str | None, prof: Profile | None = None,
             country: str | None = None, speakers: tuple[tuple[int, int], ...] = ()) -> tuple[str, str | None] | None:
    """The first named acting party in `text` (not civilians): an actor row, or 'the enemy' / 'our forces'; the
    one right after a passive's "by" first. `country` (ISO2) is where the event is: it names an unnamed group
    ("gunmen": Unidentified Armed Group (Mali)) and the local forces."""
    hits = [h for h in parties_in(text, claimant_side, prof, country)   # who tells it there ("The army said...")
            if not any(s <= h.start < e for s, e in speakers) and not _owns_target(text, h)]
    if not hits:
        return None
    agent = rules().agent.search(text)
    after_by = [h for h in hits if agent and h.start >= agent.end() and h.start - agent.end() < 4]
    h = (after_by or hits)[0]
    return h.actor, h.side or None


def acting(text: str, offset: int, found: Roles, claimant_side: str | None, prof: Profile | None = None,
           country: str | None = None, speaker: tuple[int, int] | None = None,
           speaks: bool = False) -> tuple[str, str | None] | None:
    """The party that acts in a sentence (its `text`, at `offset` in the document), by the trigger's roles: the
    agent the parse names; else the first party named that is neither acted upon nor the speaker, the one after
    a passive's "by" first."""
    hits = parties_in(text, claimant_side, prof, country)
    prof = prof or conflicts.load()
    agents = [h for h in hits if found.agent_at(offset + h.start, offset + h.end)]
    if agents:
        return _own_army(agents[0], claimant_side, prof, country)
    told_here = speaker is not None and offset <= speaker[0] < offset + len(text)
    own = speaks or any(rules().own_pronouns.fullmatch(text[s - offset:e - offset].lower()) for s, e in found.agents)
    if told_here and own and prof.fighting(claimant_side) and prof.side_actor(claimant_side):
        return prof.side_actor(claimant_side), claimant_side   # "the ministry said it intercepted 16 drones"
    agent = rules().agent.search(text)
    after_by = [h for h in hits if agent and h.start >= agent.end() and h.start - agent.end() < 4]
    rest = [h for h in hits if not found.patient_at(offset + h.start, offset + h.end) and not _owns_target(text, h)
            and not (speaker and speaker[0] <= offset + h.start < speaker[1])]
    if not rest and not after_by:   # "an attack claimed by X": X speaks and acts
        return None
    return _own_army((after_by or rest)[0], claimant_side, prof, country)


@lru_cache(maxsize=1)
def _military_targets() -> re.Pattern:
    words = "|".join(r["pattern"] for r in resources.rows("targets.csv") if r["civilian"] == "0")
    return re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?(?:" + words + r")\b", re.I)


def _owns_target(text: str, h: Found) -> bool:
    """"Strikes on Hezbollah rocket launchers", "a Taliban commander": a party named before a military target
    (data/targets.csv) is whose the target is, not who acted. "Killing 12 militants", "two soldiers died": an
    unnamed group or forces word after a count is a toll's victims."""
    return bool(_military_targets().match(text, h.end)) or \
        ((h.unnamed or h.forces) and bool(_counted().search(text, 0, h.start)))


@lru_cache(maxsize=1)
def _counted() -> re.Pattern:
    numbers = "|".join(re.escape(w) for w in casualties.rules().numbers if len(w) > 2)
    return re.compile(r"\b(?:\d[\d,]*|" + numbers + r")\s+$", re.I)


def _own_army(h: Found, claimant_side: str | None, prof: Profile, country: str | None) -> tuple[str, str | None]:
    """"The army said it struck...": a bare army word in a state's forces' report of an event abroad is the
    speaker's own army, not the forces of the country the event is in."""
    state = prof.sides[claimant_side].country if claimant_side in prof.sides else None
    if h.forces and state and state != country and prof.fighting(claimant_side) and prof.side_actor(claimant_side):
        return prof.side_actor(claimant_side) or h.actor, claimant_side
    return h.actor, h.side or None


def blamed(text: str, claimant_side: str | None, prof: Profile | None = None,
           country: str | None = None) -> tuple[str, str | None] | None:
    """The named party a text blames an attack on ("blamed on the Islamic State group", "claimed by al-Shabaab"):
    the one right after a passive's agent word, when it is no unnamed group."""
    agent = rules().agent.search(text)
    hits = [h for h in parties_in(text, claimant_side, prof, country)
            if agent and 0 <= h.start - agent.end() < 4 and not h.unnamed]
    return (hits[0].actor, hits[0].side or None) if hits else None


def unnamed(actor: tuple[str, str | None] | None, text: str, claimant_side: str | None, prof: Profile | None = None,
            country: str | None = None) -> bool:
    """Whether `actor` is the unnamed group ("gunmen") the text names."""
    return actor is not None and any(h.unnamed and h.actor == actor[0]
                                     for h in parties_in(text, claimant_side, prof, country))


def opponent_named(side: str | None, prof: Profile, text: str) -> str | None:
    """The side a speaker's unnamed attacker is: its one opponent; of several, the first one the article names."""
    one = opponent_of(side, prof)
    if one or side not in prof.sides:
        return one
    named = [(m.start(), k) for k in prof.sides[side].fights if k in prof.sides and prof.sides[k].names
             for m in [prof.sides[k].names.search(text)] if m]
    return min(named)[1] if named else None


def acted_upon(text: str, offset: int, found: Roles, claimant_side: str | None, prof: Profile | None = None,
               country: str | None = None) -> tuple[str, str | None] | None:
    """The first party the trigger's roles make the one acted upon ("shelled Ukrainian positions", "liberated
    from X", "clashed with Y")."""
    hits = [h for h in parties_in(text, claimant_side, prof, country)
            if found.patient_at(offset + h.start, offset + h.end)
            and not found.agent_at(offset + h.start, offset + h.end)]
    return (hits[0].actor, hits[0].side) if hits else None


def names_party(text: str, prof: Profile | None = None) -> bool:
    """Whether the text names an acting party at all (an armed group, a state's forces, gunmen...), wherever."""
    prof = prof or conflicts.load()
    rows = _actor_specs(prof.name)
    return any(rows[i]["inter"] != "7" for i, _ in _found(prof.name, text)) or \
        any(_found(prof.name, text, enemy=True))


def parties_in(text: str, claimant_side: str | None, prof: Profile | None = None,
               country: str | None = None) -> list[Found]:
    """Every acting party the text names, in the order of the text (not civilians); where two rows name the same
    words, the row read first (the profile's, then the tables')."""
    prof = prof or conflicts.load()
    hits: list[Found] = []
    rows, enemy = _actor_specs(prof.name), _enemy_rows(prof.name)
    for i, found in _found(prof.name, text):
        row = rows[i]
        if row["inter"] == "7" or (row.get("local") and country not in row["countries"]):
            continue
        named = _named(row, country, prof)
        if named is None:
            continue
        generic = HERE in row["actor"]
        hits += [Found(m.start(), m.end(), *named, generic and not row.get("forces"), bool(row.get("forces")))
                 for m in found if not generic or not _in_name(text, m)]
    for i, found in _found(prof.name, text, enemy=True):
        row = enemy[i][1]
        for m in found:
            side = opponent_of(claimant_side, prof) if row["refers_to"] == "other" else claimant_side
            if side and prof.side_actor(side):
                hits.append(Found(m.start(), m.end(), prof.side_actor(side) or "", side))
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[Found] = []
    for h in hits:   # one party per span of words: the first row's
        if not any(o.start <= h.start < o.end for o in out):
            out.append(h)
    return out


@lru_cache(maxsize=256)
def _found(name: str, text: str, enemy: bool = False) -> tuple[tuple[int, tuple[re.Match, ...]], ...]:
    """(row index, its matches) of the profile's actor rows (or "enemy" rows) that the text names, in table order:
    only the rows the prefilter lets through are run. A sentence is asked about several times (its acting party,
    the one acted upon, whether it names one), so the answer is kept."""
    table = _table(name, enemy)
    found = ((i, tuple(table.pattern(i).finditer(text))) for i in table.which(text))
    return tuple((i, ms) for i, ms in found if ms)


@lru_cache(maxsize=None)
def _table(name: str, enemy: bool) -> prefilter.Table:
    if enemy:
        return prefilter.Table([rx.pattern for rx, _ in _enemy_rows(name)])
    return prefilter.Table([resources.word_source(r["pattern"]) for r in _actor_specs(name)], name=f"actors-{name}")


_NAME_BEFORE = re.compile(r"(?:^|[^.!?:;\n]\s)[A-Z][\w'’-]*\s+$")


def _in_name(text: str, m: re.Match) -> bool:
    """"The National Liberation Army", "the Arakan Army": a capitalised word after a capitalised one (not at a
    sentence's start) is part of a group's name, not a state's army."""
    return m.group(0)[:1].isupper() and bool(_NAME_BEFORE.search(text[max(0, m.start() - 40):m.start()]))


def _named(row: dict, country: str | None, prof: Profile) -> tuple[str, str | None] | None:
    """(actor, side) of a row; a row of the event's country needs one, and local forces are not named in a war
    between states, where "the army" may be either's."""
    if HERE not in row["actor"]:
        return row["actor"], row.get("side") or None
    if not country or (row.get("forces") and interstate(prof)):
        return None
    if row["actor"] == HERE + " military":
        return conflicts.state_actor(country), conflicts.demonym_side(country)
    if row["actor"] == HERE + " police":
        return world.state_actor(country, "police"), conflicts.demonym_side(country)
    name = (world.state(country) or {}).get("acled_country") or conflicts.country_name(country)
    return (row["actor"].replace(HERE, name), row.get("side")) if name else None


def interstate(prof: Profile) -> bool:
    """A war between states: two of its sides are states that fight each other."""
    states = {k for k, s in prof.sides.items() if s.country}
    return any(set(prof.sides[k].fights) & states for k in states)


def opponent_of(side: str | None, prof: Profile) -> str | None:
    """The side a speaker's "enemy" is: its one opponent in the profile; in the default profile, its one opponent
    in the one war profile where its side fights."""
    if not side:
        return None
    if prof.sides:
        return prof.opponent(side)
    found = {p.opponent(side) for p in conflicts.profiles() if side in p.sides and p.opponent(side)}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=None)
def _actor_specs(name: str) -> tuple[dict, ...]:
    """The profile's armed parties, then data/actors.csv's, then the world's armed groups, then every state's
    forces (a template row), then unnamed groups and forces by the event's country; each row's side its own, its
    side in the profile, or its state's."""
    prof = conflicts.load(name)
    generic = resources.rows("actors.csv")
    rows = list(prof.actors) + [r for r in generic if not conflicts.is_template(r) and HERE not in r["actor"]]
    rows += _group_rows(prof)
    have = {s.country for s in prof.sides.values() if s.country and s.actor in {r["actor"] for r in prof.actors}}
    for template in (r for r in generic if conflicts.is_template(r)):
        rows += conflicts.state_rows(template, have)
    rows = [r | {"side": r.get("side") or prof.side_of_country(r.get("country"))} if r.get("country") else r
            for r in rows]
    rows += [r | {"forces": r["actor"] in (HERE + " military", HERE + " police")}
             for r in generic if HERE in r["actor"]]
    return tuple(r for r in rows if r["pattern"])


def _group_rows(prof: Profile) -> list[dict]:
    """data/groups.csv as actor rows: a group that fights for one of the profile's sides takes that side."""
    member_of = {m: k for k, s in prof.sides.items() for m in s.members}
    return [{"pattern": acronyms(g["aliases"]), "actor": g["name"], "side": member_of.get(g["name"], g["side"]),
             "inter": g["inter"], "countries": g["countries"], "local": world.local(g)} for g in world.groups()]


def mask_groups(text: str) -> str:
    """The text with the world's armed groups' names blanked out (same length: offsets hold). The alternation of
    every group runs only where one of them can match on its own (polemos.prefilter; rows it cannot tell run
    alone), and masks there what it always did."""
    table = _group_table()
    if not any(i not in table.always or table.pattern(i).search(text) for i in table.which(text)):
        return text
    return _group_names().sub(lambda m: "x" * len(m.group(0)), text)


@lru_cache(maxsize=1)
def _group_aliases() -> tuple[str, ...]:
    return tuple(acronyms(g["aliases"]) for g in world.groups() if g["aliases"])


@lru_cache(maxsize=1)
def _group_table() -> prefilter.Table:
    return prefilter.Table([resources.word_source(a) for a in _group_aliases()], name="groups")


@lru_cache(maxsize=1)
def _group_names() -> re.Pattern:
    return resources.word_pattern("|".join(_group_aliases()))


def acronyms(pattern: str) -> str:
    """A group's acronym of two or three letters is read as written in capitals ("TAK", not "Karin Tak")."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(pattern + "|"):
        depth += (c == "(") - (c == ")")
        if c == "|" and depth == 0:
            alt = pattern[start:i]
            out.append(f"(?-i:{alt.upper()})" if re.fullmatch(r"[a-z]{2,3}", alt) else alt)
            start = i + 1
    return "|".join(out)


@lru_cache(maxsize=None)
def _enemy_rows(name: str) -> tuple[tuple[re.Pattern, dict], ...]:
    """How a speaker names the other side or its own forces: data/enemy.csv, then the profile's own words."""
    prof = conflicts.load(name)
    own = ((resources.word_pattern(prof.own_forces), {"pattern": prof.own_forces, "refers_to": "own"}),) \
        if prof.own_forces else ()
    return resources.patterns("enemy.csv") + own


def default_actor(sub_type: str, attribution: Attribution, text: str = "", prof: Profile | None = None,
                  country: str | None = None, article: str = "") -> tuple[str | None, str | None]:
    """No actor named: a party's report of an attack blames the side it fights; a denial speaks for its own; a
    weapon stopped was stopped by the reporting party (else by the forces of the state where it was)."""
    prof = prof or conflicts.load()
    side = attribution.claimant_side
    if sub_type == "Disrupted weapons use":
        if prof.fighting(side) and prof.side_actor(side):
            return prof.side_actor(side), side
        return (conflicts.state_actor(country), conflicts.demonym_side(country)) if country else (None, None)
    if sub_type == "Agreement":
        return prof.party_to_agreement(text)
    if sub_type == "Government regains territory":
        return (prof.side_actor(prof.regains), prof.regains) if prof.regains else (None, None)
    if sub_type not in ATTACKS or side not in prof.parties:
        return None, None
    acting = side if attribution.stance == "denied" else opponent_named(side, prof, article)
    return prof.side_actor(acting), acting


def repelled(trigger: str, actor: tuple[str, str | None] | None, target: tuple[str, str | None] | None,
             claimant_side: str | None, prof: Profile,
             article: str = "") -> tuple[tuple[str, str | None], str | None] | None:
    """"The army repelled an attack on its camp" (the trigger's words, data/lang [events] repelled): (the attacker,
    the repeller's name). The attacker is the party named as acted upon, else the repeller's one opponent; the
    repeller is the actor, else the speaker's side. None when the trigger fights nothing off or nobody is known."""
    rx = lang.lexicon(lang.ENGLISH).pattern("events", "repelled", re.I)
    if rx is None or not rx.search(trigger):
        return None
    side = actor[1] if actor else claimant_side
    name = actor[0] if actor else prof.side_actor(side)
    opponent = opponent_named(side, prof, article)
    attacker = target if target and target != actor else \
        ((prof.side_actor(opponent) or opponent, opponent) if opponent else None)
    return (attacker, name) if attacker and name else None


def context_actor(actor: tuple[str, str | None] | None, sents: list[Span], i: int, text: str,
                  where: tuple[str | None, str | None], attributions: list[Attribution],
                  prof: Profile) -> tuple[str, str | None] | None:
    """No actor named in sentence `i`: the party the sentences before it in its paragraph name (not who speaks
    there); an unnamed group ("the assailants"): the named party an attack was blamed on, there or in the 3
    sentences before. `where`: (the claimant's side, the event's country)."""
    side, here = where
    stext = sents[i].of(text)
    para = event_dates.paragraph(text, sents[i].start)
    for j in range(i - 1, max(-1, i - 3), -1):
        if actor is None and event_dates.paragraph(text, sents[j].start) == para:
            speakers = tuple((a.source_span.start - sents[j].start, a.source_span.end - sents[j].start)
                             for a in attributions if a.source_span)
            actor = actor_in(sents[j].of(text), side, prof, here, speakers)
    if unnamed(actor, stext, side, prof, here):
        told = [stext] + [sents[j].of(text) for j in range(i - 1, max(-1, i - 4), -1)]
        actor = next(filter(None, (blamed(t, side, prof, here) for t in told)), actor)
    return actor
