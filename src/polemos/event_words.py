"""The words of the events stage of a language (data/lang/<code>.toml [events]), compiled once: what makes a
trigger irrealis, a sentence background, a place elsewhere, a day the statement's."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import dates, lang
from polemos.types import Span


@dataclass(frozen=True)
class Rules:
    """A language's phrases of the events stage (data/lang/<code>.toml [events]), compiled once."""
    irrealis: re.Pattern        # before a trigger: what may, should or will happen
    agent: re.Pattern           # before an actor: the agent of a passive
    in_country: re.Pattern      # before a country: the event is in it
    owner_after: re.Pattern     # after a country: whose the place is
    unit_named: re.Pattern
    list_joint: re.Pattern
    contained_in: re.Pattern
    elsewhere_before: re.Pattern
    elsewhere_after: re.Pattern
    might_reach: re.Pattern
    background: re.Pattern
    running: re.Pattern
    habitual: re.Pattern
    credit: re.Pattern
    link: re.Pattern
    the_town: re.Pattern
    channel_gap: re.Pattern
    next_day: re.Pattern
    denial: re.Pattern
    assertion: re.Pattern
    by_word: re.Pattern         # the roles of a trigger (polemos.roles): the agent's preposition,
    from_word: re.Pattern       # the origin of fire (or whom a place was taken from),
    target_words: re.Pattern    # the target's prepositions,
    of_word: re.Pattern         # a nominal trigger's object ("shelling of Y"),
    under_word: re.Pattern      # "came under fire from X",
    undergo: re.Pattern         # a trigger phrase whose subject is acted upon
    since_clause: re.Pattern    # before a trigger: it is told as what came before the news
    group_name: re.Pattern      # a group's proper name, whose words tell no event
    own_pronouns: re.Pattern    # a pronoun that acts for its speaker
    under_way: re.Pattern | None    # before a trigger: a work told as under way ("are establishing")
    toll_at: str                # a template: {names} of one place
    ended: re.Pattern | None    # after a trigger: the fighting it names has stopped


_AS_WRITTEN = {"agent", "owner_after", "list_joint", "might_reach", "credit", "group_name"}   # case matters in these


@lru_cache(maxsize=None)
def rules(code: str = lang.ENGLISH) -> Rules:
    lex = lang.lexicon(code)
    compiled = {f.name: lex.pattern("events", f.name, 0 if f.name in _AS_WRITTEN else re.I)
                for f in dataclasses.fields(Rules) if f.name not in ("next_day", "toll_at", "ended")}
    return Rules(**compiled, next_day=lex.pattern("dates", "next_day", re.I), toll_at=lex.get("events", "toll_at"),
                 ended=lex.rx("events", "ended"))


def ended(pattern: re.Pattern | None, stext: str, end: int) -> bool:
    """"The clashes ... stopped": the fighting a trigger ending at `end` names has stopped, said in its clause."""
    hit = pattern.search(stext[end:end + 100]) if pattern is not None else None
    return hit is not None and not re.search(r"[.;,]", stext[end:end + hit.start()])


def toll_at(names: str) -> str:
    return lang.lexicon(lang.ENGLISH).fill("events", rules().toll_at, "toll_at", names=names)


HISTORY_DAYS = 365     # ACLED codes what a report brings; a day stated over a year before it is history


def is_background(stext: str, found: list[dates.DateMention], published) -> bool:
    """The war's running count, a campaign told in sum, its start told again, or a month gone by ("in October
    2025, the rebels took the town"): context of the news, not the news."""
    r = rules()
    if r.running.search(stext) or (r.habitual.search(stext) and not any(not d.since for d in found)):
        return True
    if found and all(d.precision == 3 for d in found):
        return True
    stated = [d for d in found if not d.relative]
    if stated and len(stated) == len(found) and all((published - d.date).days > HISTORY_DAYS for d in stated):
        return True     # "the town, occupied on 8 May 1992, ...": history told as context
    return bool(r.background.search(stext)) and any((published - d.date).days > 2 for d in found)


def furniture(text: str, sent: Span) -> bool:
    """A headline or a photo caption: it sums up or pictures what the body tells, and is no report of its own."""
    start = text.rfind("\n", 0, sent.start) + 1
    end = text.find("\n", sent.start)
    end = end if end >= 0 else len(text)
    para = text[start:end].strip()
    if text[end:sent.end].strip():
        return False   # a sentence run on over the line break is body text
    if rules().credit.search(para) or rules().link.match(para):
        return True
    headline = not text[:start].strip() and para[-1:] not in ".!?\"”" and len(para.split()) <= 20
    return headline and bool(text[start + len(para):].strip())
