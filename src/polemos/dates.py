"""Dates: event days from expressions in the text, resolved against the article's publication date.

Weekdays mean the most recent such day on or before the publication date; a date after it is never
an event date. English day-month phrases and the relative phrases war reports use are rules here: they must resolve
against the article's date and reject the future, which general parsers do not do.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

_DAY_MONTH = rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})\.?"
_MONTH_DAY = rf"({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
_NIGHT = re.compile(rf"night of (?:the )?(\d{{1,2}})\s*(?:-|–|to|and)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})"
                    rf"|night of ({MONTHS})\s+(\d{{1,2}})\s*(?:-|–|to|and)\s*(\d{{1,2}})", re.I)
_ABSOLUTE = re.compile(rf"\b(?:{_DAY_MONTH}|{_MONTH_DAY})(?:,?\s+(\d{{4}}))?", re.I)
_WEEKDAY = re.compile(r"\b(?:on |last |this |early |late )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                      r"(?:\s+(?:morning|afternoon|evening|night))?\b", re.I)
_RELATIVE = [
    (re.compile(r"\b(?:the day before yesterday)\b", re.I), -2, 1),
    (re.compile(r"\b(?:yesterday|last night|the previous day|the night before)\b", re.I), -1, 1),
    (re.compile(r"\b(?:today|overnight|this morning|this afternoon|this evening|tonight|during the day|earlier today)\b", re.I), 0, 1),
    (re.compile(r"\b(?:over|in|during) the (?:past|last) (?:24|twenty-four) hours\b", re.I), 0, 1),
    (re.compile(r"\b(?:earlier this week|this week|over the past (?:few|several) days|in recent days)\b", re.I), 0, 2),
]
_WEEKEND = re.compile(r"\b(?:over|at|during|on) the weekend\b|\b(?:this|last) weekend\b", re.I)
_SINCE = re.compile(rf"\bsince (?:{_DAY_MONTH}|{_MONTH_DAY})", re.I)


@dataclass
class DateMention:
    start: int                  # offsets within the text searched
    end: int
    date: dt.date
    precision: int              # 1 day, 2 week/range, 3 month
    since: bool = False         # "since September 27": a cumulative tally, not one day
    relative: bool = False      # a weekday or "yesterday": counted from the publication date, not named


_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                                   "oct", "nov", "dec"])}


def _month(name: str) -> int:
    return _MONTH_NUMBER[name[:3].lower()]


def _in_past(day: int, month: int, year: int | None, published: dt.date) -> dt.date | None:
    """A day-month without year: the latest such date not after publication."""
    try:
        d = dt.date(year or published.year, month, day)
    except ValueError:
        return None
    if year is None and (d - published).days > 180:   # "December 30" read in early January
        d = d.replace(year=d.year - 1)
    return d


def weekday_before(name: str, published: dt.date) -> dt.date:
    """The most recent `name` day on or before the publication date."""
    back = (published.weekday() - WEEKDAYS.index(name.lower())) % 7
    return published - dt.timedelta(days=back)


def find(text: str, published: dt.date) -> list[DateMention]:
    """Every date expression in `text` resolved against `published`, in text order; future dates dropped."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(m, d, precision, since=False, relative=False):
        if d is None or d > published or any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(DateMention(m.start(), m.end(), d, precision, since, relative))

    for m in _NIGHT.finditer(text):
        if m.group(1):   # "night of 27-28 October": the event starts on the first night's day
            add(m, _in_past(int(m.group(1)), _month(m.group(3)), None, published), 1)
        else:
            add(m, _in_past(int(m.group(5)), _month(m.group(4)), None, published), 1)
    for m in _SINCE.finditer(text):
        day, mon = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        add(m, _in_past(int(day), _month(mon), None, published), 2, since=True)
    for m in _ABSOLUTE.finditer(text):
        day, mon = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        year = int(m.group(5)) if m.group(5) else None
        add(m, _in_past(int(day), _month(mon), year, published), 1)
    for m in _WEEKDAY.finditer(text):
        add(m, weekday_before(m.group(1), published), 1, relative=True)
    for m in _WEEKEND.finditer(text):   # a two-day span: dated to its Saturday at week precision (ACLED)
        add(m, weekday_before("saturday", published), 2, relative=True)
    for rx, offset, precision in _RELATIVE:
        for m in rx.finditer(text):
            add(m, published + dt.timedelta(days=offset), precision, relative=True)
    found.sort(key=lambda d: d.start)
    return found


def event_date(text: str, published: dt.date) -> DateMention | None:
    """The date an event sentence speaks of: its first non-tally date expression, else None."""
    for d in find(text, published):
        if not d.since:
            return d
    return None
