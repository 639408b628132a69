"""The words of the events stage of a language (data/lang/<code>.toml [events]), compiled once: what makes a
trigger irrealis, a sentence background, a place elsewhere, a day the statement's."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import lang


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
