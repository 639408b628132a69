"""The day of an event told in a sentence: its own date (the one nearest the trigger), the day after the last day
told ("the next day"), the date of the sentence that reports it, the paragraph's, the day of the statement, else
the last day told a few sentences before it."""
from __future__ import annotations

import datetime as dt

from polemos import dates
from polemos.event_words import rules
from polemos.segment import paragraph
from polemos.types import Article, Span


def context(sents: list[Span], i: int, text: str, back: int) -> list[str]:
    """Up to `back` earlier sentences of the same paragraph, nearest first."""
    para = paragraph(text, sents[i].start)
    return [sents[j].of(text) for j in range(i - 1, max(-1, i - 1 - back), -1)
            if paragraph(text, sents[j].start) == para]


def _statement_day(d: dates.DateMention, offset: int, cue: Span | None, text: str) -> bool:
    """"said on Friday", "reported on Wednesday that": the day of the statement, not of the event."""
    if cue is None:
        return False
    start, end = offset + d.start, offset + d.end
    return (0 <= start - cue.end <= 45 and bool(rules().channel_gap.fullmatch(text[cue.end:start]))) or \
        (0 <= cue.start - end <= 2)


def _own_date(stext: str, offset: int, cue: Span | None, article: Article, text: str, trigger: Span | None = None):
    """A sentence's event date and its statement date (either may be None); of several, the one nearest the
    trigger governs the event ("shelling on Monday followed a drone strike on Sunday")."""
    event = statement = None
    found = dates.find(stext, article.date)
    if trigger is not None and trigger.end > trigger.start:
        found.sort(key=lambda d: max(offset + d.start - trigger.end, trigger.start - offset - d.end, 0))
    for d in found:
        if d.since:
            continue
        if _statement_day(d, offset, cue, text):
            statement = statement or d
        else:
            event = event or d
    return event, statement


def _day_after(stext: str, sents: list[Span], i: int, text: str, article: Article) -> dates.DateMention | None:
    """"Rockets hit Valdor on October 10. The next day, a missile struck Brenn": the day after the last day told."""
    m = rules().next_day.search(stext)
    if not m:
        return None
    for j in range(i - 1, max(-1, i - 4), -1):
        told = [d for d in dates.find(sents[j].of(text), article.date) if not d.since]
        if told:
            day = told[-1].date + dt.timedelta(days=1)
            return dates.DateMention(m.start(), m.end(), day, told[-1].precision) if day <= article.date else None
    return None


def date_of(mention, sents: list[Span], i: int, text: str, article: Article) -> dates.DateMention | None:
    """The sentence's own date, else the paragraph's, else the day of the statement that reports it."""
    cue = mention.attribution.cue_span
    d, said = _own_date(mention.sentence.of(text), mention.sentence.start, cue, article, text, mention.trigger)
    d = d or _day_after(mention.sentence.of(text), sents, i, text, article)
    cue_sent = next((s for s in sents if cue and s.start <= cue.start < s.end), None)
    if d is None and cue_sent is not None and cue_sent != mention.sentence:
        d, said_there = _own_date(cue_sent.of(text), cue_sent.start, cue, article, text)
        said = said or said_there
    for prev in context(sents, i, text, 2):
        d = d or dates.event_date(prev, article.date)
    if d is None and said is not None:
        mention.extra["statement_day"] = True   # a day the event may not be of: see _date_denial
    return d or said or _told_before(sents, i, text, article)


CARRY_BACK = 6   # sentences before an undated one, across paragraphs, whose day it may take
CARRY_DAYS = 1   # the most days before publication a carried day may be: the night before, not a past week


def _told_before(sents: list[Span], i: int, text: str, article: Article) -> dates.DateMention | None:
    """"Russia shelled Kupiansk late on Thursday. [...] A separate attack on Chuhuiv injured seven": a sentence with
    no day of its own, nor its paragraph's, nor its statement's, goes on with the last day told before it; a day
    before the night before publication is background ("on Tuesday, a house was hit"), not the news of the day, and
    a month or a week told ("earlier this month") gives no day to go on with."""
    for j in range(i - 1, max(-1, i - 1 - CARRY_BACK), -1):
        d = dates.event_date(sents[j].of(text), article.date)
        if d is not None:
            return d if d.precision == 1 and (article.date - d.date).days <= CARRY_DAYS else None
    return None
