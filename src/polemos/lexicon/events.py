"""The lexicon's events: triggers, actors, tolls and days of each sentence (polemos.events writes them)."""
from __future__ import annotations

import dataclasses
import re

from polemos import (
    actors,
    conflicts,
    dates,
    event_words,
    events,
    places,
    resources,
    segment,
)
from polemos.claimants import OUTLET
from polemos.conflicts import Profile
from polemos.lexicon import Lexicon, _find, _hits
from polemos.lexicon.dates import _background, _day_of, count, find_dates
from polemos.lexicon.places import _event_places
from polemos.types import Article, Attribution, Place, Span

AGREEMENT_REACH = 80      # chars after an agreement's trigger where a clash word is what the agreement ends


def triggers(stext: str, lex: Lexicon) -> list[tuple[re.Match, dict]]:
    """Every row's first real match, in precedence order; a word read by a row is not read again by a later one.
    Not real: what may, should or will happen, a summary of weeks of war ("après six semaines de combats"), or
    fighting the sentence says has stopped."""
    out: list[tuple[re.Match, dict]] = []
    taken: list[tuple[int, int]] = []
    irrealis, ended = lex.cue.get("irrealis"), lex.cue.get("ended")
    for rx, row in lex.triggers:
        real = [m for m in rx.finditer(stext)
                if not event_words.ended(ended, stext, m.end())
                and not (irrealis and re.search(rf"(?:{irrealis.pattern})\s+(?:\S+\s+){{0,2}}(?:\S*['’])?$",
                                               stext[max(0, m.start() - 40):m.start()], re.I))
                and not any(m.start() < e and s < m.end() for s, e in taken)]
        if real:
            out.append((real[0], row))
            taken += [m.span() for m in real]
    return out


def _negated(stext: str, m: re.Match, lex: Lexicon) -> bool:
    neg, form = lex.cue.get("negation"), lex.cue.get("negated_form")
    if form is not None and form.fullmatch(m.group(0)):
        return True
    return neg is not None and re.search(rf"(?:{neg.pattern})\s+(?:\S+\s+)?$", stext[max(0, m.start() - 30):m.start()],
                                         re.I) is not None


def _country_actor(stext: str, trigger: int | None, lex: Lexicon, prof: Profile) -> tuple[str, str | None] | None:
    """"Россия обстреляла Харьков": a belligerent country right before the trigger acts with its forces."""
    if trigger is None:
        return None
    for m, english in _hits(lex.countries, stext[max(0, trigger - 40):trigger]):
        rest = stext[max(0, trigger - 40) + m.end():trigger]
        if any(lex.cue.get(k) is not None and lex.cue[k].search(rest) for k in ("speech", "denial_verb")):
            continue   # "Минобороны Армении сообщило об обстреле": the country speaks of the attack
        _, side = prof.party_to_agreement(english)
        if prof.side_actor(side) and len(rest.split()) <= 2 and not re.search(r"[,;.]", rest):
            return prof.side_actor(side), side
    return None


def _actor(stext: str, side: str | None, lex: Lexicon, prof: Profile,
           trigger: int | None = None, speaker: tuple[int, int] = (0, 0)) -> tuple[str, str | None] | None:
    """The first acting party the sentence names, the one after an agent marker ("со стороны") first; not words of
    the `speaker` ("selon les autorités séparatistes")."""
    hits = []
    for m, english in _hits(lex.actors, stext):
        if m.start() < speaker[1] and speaker[0] < m.end():
            continue
        found = actors.actor_in(english, side, prof)
        if found:
            hits.append((m.start(), m.end(), found))
    if not hits:
        return _country_actor(stext, trigger, lex, prof)
    agent, after = lex.cue.get("agent"), lex.cue.get("agent_after")
    marked = [h for h in hits if agent is not None and
              re.search(rf"(?:{agent.pattern})\s+(?:\S+\s+)?$", stext[max(0, h[0] - 30):h[0]], re.I)
              or after is not None and after.match(stext[h[1]:].lstrip())]   # "հակառակորդի կողմից": by the enemy
    return (marked or hits)[0][2]


def _english(table: tuple, stext: str) -> str:
    return " ".join(v for _, v in _hits(table, stext))


def _describe(mention: events.Mention, stext: str, sents, i, atts, article, lex, actor=None) -> None:
    side = mention.attribution.claimant_side
    prof = conflicts.of(article)
    at = mention.trigger.start - mention.sentence.start
    src = mention.attribution.source_span
    speaker = (src.start - mention.sentence.start, src.end - mention.sentence.start) if src else (0, 0)
    if actor is None and mention.sub_event_type != "Agreement":
        actor = _actor(stext, side, lex, prof, at, speaker)
    if actor is None and mention.sub_event_type != "Agreement":
        for j in range(i - 1, max(-1, i - 3), -1):
            actor = actor or _actor(sents[j].of(article.text), side, lex, prof)
    if mention.sub_event_type == "Government regains territory":
        if actor and not prof.fighting(actor[1]):
            mention.extra["not_belligerent"] = True   # peacekeepers "took control of the corridor"
        owner = prof.state_of(mention.places[0].country)
        if owner and actor and actor[1] != owner[1]:
            mention.actor2 = actor[0]
        actor = owner or actor
    countries = _english(lex.countries, stext)
    mention.actor1, mention.actor1_side = actor or actors.default_actor(mention.sub_event_type, mention.attribution,
                                                                        countries, prof)
    large = mention.sub_event_type == "Armed clash"
    mention.killed = count("killed", stext, lex, large)
    mention.injured = count("injured", stext, lex, large)
    weapon = events.first_match("weapons.csv", _english(lex.weapons, stext))
    mention.weapon = weapon[1]["weapon"] if weapon else None
    target = events.first_match("targets.csv", _english(lex.targets, stext))
    mention.target = target[1]["target"] if target else None
    _civilian(mention, prof)
    mention.date = _day_of(i, sents, atts, article, lex, mention.trigger)


def _civilian(mention: events.Mention, prof: Profile) -> None:
    hit = bool(mention.killed and mention.killed.civilians) or bool(mention.injured and mention.injured.civilians)
    civilian_target = mention.target is not None and any(
        r["target"] == mention.target and r["civilian"] == "1" for r in resources.rows("targets.csv"))
    mention.civilian = mention.sub_event_type in actors.ATTACKS and (civilian_target or hit)
    if mention.civilian:
        mention.actor2 = "Civilians"
    elif mention.sub_event_type == "Armed clash" and mention.actor1_side:
        mention.actor2 = prof.side_actor(prof.opponent(mention.actor1_side))


def _past_years(stext: str, said: list[dates.DateMention], published, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans naming a year before the publication's: "в 1992 году", "8 mai 1992", "1992-ci ildə" (not "1969 года
    рождения" or "1949-cu il Cenevrə konvensiyaları": the lexicon's frames are those of a time)."""
    spans = [(d.start, d.end) for d in said if d.date.year < published.year]
    rx = lex.date.get("past_year")
    for m in rx.finditer(stext) if rx is not None else ():
        years = [int(g) for g in m.groups() if g and g.isdigit()]
        if years and min(years) < published.year:
            spans.append(m.span())
    return spans


def _history(stext: str, trigger: re.Match, said: list[dates.DateMention], published, lex: Lexicon) -> bool:
    """A trigger told of a past year: the year opens the sentence or stands in the trigger's clause, and no date of
    the publication's year is nearer the trigger."""
    def gap(a: int, b: int) -> int:
        return max(a - trigger.end(), trigger.start() - b, 0)

    now = min((gap(d.start, d.end) for d in said if d.date.year >= published.year), default=len(stext))
    for a, b in _past_years(stext, said, published, lex):
        between = stext[min(b, trigger.end()):max(a, trigger.start())]
        opens = not re.search(r"\w", stext[:a].strip(" «\"„“")) or len(stext[:a].split()) <= 1
        if gap(a, b) < now and (opens or not re.search(r"[,;:()—–]", between)):
            return True
    return False


def _add_toll(mention: events.Mention, stext: str, lex: Lexicon, prof: Profile) -> None:
    large = mention.sub_event_type == "Armed clash"
    mention.killed = mention.killed or count("killed", stext, lex, large)
    mention.injured = mention.injured or count("injured", stext, lex, large)
    _civilian(mention, prof)


def find_mentions(sents: list[Span], article: Article, atts: list[Attribution], found: list[Place],
                  lex: Lexicon, geocoder: places.Geocoder, zone: frozenset[str]) -> list[events.Mention]:
    text, out = article.text, []
    prof = conflicts.of(article)
    last: tuple[int, events.Mention] | None = None
    for i, sent in enumerate(sents):
        stext = sent.of(text)
        said = find_dates(stext, article.date, lex)
        if _background(stext, said, article.date, lex):
            continue
        since = any(d.since for d in said) or _find(lex.date, "tally", stext) is not None
        att = atts[i]
        recent = last[1] if last and i - last[0] <= 2 and \
            segment.paragraph(text, sents[last[0]].start) == segment.paragraph(text, sent.start) else None
        if since and count("killed", stext, lex):
            continue   # a cumulative tally ("с 27 сентября погибли 41 мирный житель"), not one day's event
        hits = triggers(stext, lex)
        told = [h for h in hits if not _history(stext, h[0], said, article.date, lex)]
        if hits and not told:
            continue   # "En 1991, les forces serbes ont pris Vukovar": history, not the day's news
        hits = told
        if not hits:
            follow = _follow_up(recent, sent, att, prof) if recent else None
            if follow is not None:
                out.append(follow)
                last = (i, follow)
            elif recent is not None and att.claimant in (recent.attribution.claimant, OUTLET):
                _add_toll(recent, stext, lex, prof)   # "Погибли два мирных жителя." after the attack
            continue
        violent = any(row["sub_event_type"] != "Agreement" for _, row in hits)
        where = _event_places(found, sent, att, text, lex, violent, geocoder, zone)
        if not where:
            if recent is not None:
                _add_toll(recent, stext, lex, prof)
            continue
        for m, row, group in _groups(hits, where, sent.start):
            a = dataclasses.replace(att, stance="denied") if _negated(stext, m, lex) and att.stance != "denied" \
                else att
            for actor, at in _by_actor(group, stext, sent.start, att.claimant_side, lex, prof):
                mention = events.Mention(row["sub_event_type"], row["plover"], sent,
                                         Span(sent.start + m.start(), sent.start + m.end()), at, a)
                _describe(mention, stext, sents, i, atts, article, lex, actor)
                if mention.extra.get("not_belligerent"):
                    continue   # nobody regained it
                out.append(mention)
                last = (i, mention)
    return out


def _groups(hits, where: list[Place], offset: int):
    """events.split_by_trigger, with two readings of agreements: "accord de cessation des combats" ends the
    fighting it names (no clash), and an agreement told beside attacks takes only the places no attack took."""
    agreements = [h[0].start() for h in hits if h[1]["sub_event_type"] == "Agreement"]
    hits = [h for h in hits if not (h[1]["sub_event_type"] == "Armed clash" and
                                    any(0 <= h[0].start() - a <= AGREEMENT_REACH for a in agreements))]
    groups = events.split_by_trigger(hits, where, offset)
    violent = [g for g in groups if g[1]["sub_event_type"] != "Agreement"]
    taken = {id(p) for g in violent for p in g[2]}
    out = list(violent)
    for m, row, at in groups:
        if row["sub_event_type"] == "Agreement":
            rest = [p for p in at if id(p) not in taken] if violent else at
            if rest:
                out.append((m, row, rest))
    return out


def _by_actor(group: list[Place], stext: str, offset: int, side: str | None, lex: Lexicon, prof: Profile):
    """"Norlandic forces struck Valdor and Sudlandic forces answered by striking Brenn": each place with the
    party named nearest before it. One (actor, places) pair when the sentence names one party or none."""
    named = [(m.start(), actors.actor_in(v, side, prof)) for m, v in _hits(lex.actors, stext)]
    named = [(at, a) for at, a in named if a]
    by: dict = {}
    for p in group:
        before = [a for at, a in named if at < p.span.start - offset]
        by.setdefault(before[-1] if before else None, []).append(p)
    if len([k for k in by if k]) <= 1:
        return [(None, group)]
    first = next(k for k in by if k)
    if None in by:
        by[first] = by.pop(None) + by[first]
    return list(by.items())


def _follow_up(recent: events.Mention, sent: Span, att: Attribution, prof: Profile) -> events.Mention | None:
    """The other side's denial of the event just told ("Это ложь", - заявили в Минобороны Азербайджана)."""
    if att.stance == "denied" and att.claimant != recent.attribution.claimant and att.claimant != OUTLET:
        return events.denial_of(recent, sent, att, prof)
    return None
