"""Dates: event days from expressions in the text, resolved against the article's publication date.

Weekdays mean the most recent such day on or before the publication date; a date after it is never
an event date. Day-month phrases and the relative phrases war reports use are rules (their words: data/lang, the
[dates] section): they must resolve against the article's date and reject the future, which general parsers do not
do. Other languages' date words are read as English ones (polemos.lexicon), so these are the rules of them all.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import lang


@dataclass(frozen=True)
class Rules:
    """A language's date phrases (data/lang/<code>.toml [dates]), compiled once."""
    weekdays: tuple[str, ...]                   # Monday first
    months: dict[str, int]                      # a month's first three letters -> its number
    night: re.Pattern
    absolute: re.Pattern
    weekday: re.Pattern
    weekend: re.Pattern
    since: re.Pattern
    offsets: tuple[tuple[re.Pattern, int, int], ...]
    range: re.Pattern | None = None             # "10-11 October": its last day, week precision
    approximate: re.Pattern | None = None       # "around 2 June": week precision
    month_only: re.Pattern | None = None        # "in early June 2022": month precision
    month_parts: dict[str, tuple[str, ...]] | None = None   # the words of a month's early, middle and late part
    span: re.Pattern | None = None              # "between 29 May and 2 June": its last day, week precision
    month_past: re.Pattern | None = None        # "last month" (group last), "earlier this month": month precision


@lru_cache(maxsize=None)
def rules(code: str = lang.ENGLISH) -> Rules:
    lex = lang.lexicon(code)
    rx = lambda key: lex.pattern("dates", key, re.I)     # noqa: E731
    return Rules(lex.words("dates", "weekday_names"),
                 {m: i + 1 for i, m in enumerate(lex.words("dates", "month_numbers"))},
                 rx("night"), rx("absolute"), rx("weekday"), rx("weekend"), rx("since_date"),
                 tuple((re.compile(p, re.I), days, precision) for p, days, precision in lex.get("dates", "offsets")),
                 _optional(lex, "range"), _optional(lex, "approximate"), _optional(lex, "month_only"),
                 {k: tuple(v) for k, v in lex.get("dates", "month_parts", {}).items()}, _optional(lex, "span"),
                 _optional(lex, "month_past"))


def _optional(lex, key: str) -> re.Pattern | None:
    """A date phrase a language file may leave out."""
    return lex.pattern("dates", key, re.I) if lex.get("dates", key) else None


@dataclass
class DateMention:
    start: int                  # offsets within the text searched
    end: int
    date: dt.date
    precision: int              # 1 day, 2 week/range, 3 month
    since: bool = False         # "since September 27": a cumulative tally, not one day
    relative: bool = False      # a weekday or "yesterday": counted from the publication date, not named


def _month(name: str) -> int:
    return rules().months[name[:3].lower()]


def _in_past(day: int, month: int, year: int | None, published: dt.date) -> dt.date | None:
    """A day-month without year: the latest such date not after publication."""
    try:
        d = dt.date(year or published.year, month, day)
    except ValueError:
        return None
    if year is None and (d - published).days > 180:   # "December 30" read in early January
        d = d.replace(year=d.year - 1)
    return d


PART_DAYS = {"early": 5, "mid": 15, "late": 25}   # the day a month's part is dated to


def _month_part(part: str | None, month: int, year: int, published: dt.date) -> dt.date | None:
    """A month known only by its part (or not even that: its middle), not after publication."""
    parts = rules().month_parts or {}
    days = next((PART_DAYS[k] for k, words in parts.items() if part and part.lower() in words and k in PART_DAYS), 15)
    try:
        return min(dt.date(year, month, days), published)
    except ValueError:
        return None


def _month_back(published: dt.date, last: bool) -> dt.date | None:
    """"Last month": the middle of the month before publication; "earlier this month": this month's middle, or the
    day before publication when that is earlier (ACLED dates a month known without its day to its middle)."""
    if not last:
        return min(published.replace(day=PART_DAYS["mid"]), published - dt.timedelta(days=1))
    before = published.replace(day=1) - dt.timedelta(days=1)
    return _month_part(None, before.month, before.year, published)


def weekday_before(name: str, published: dt.date) -> dt.date:
    """The most recent `name` day on or before the publication date."""
    back = (published.weekday() - rules().weekdays.index(name.lower())) % 7
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

    r = rules()
    for m in r.night.finditer(text):
        if m.group(1):   # "night of 27-28 October": the event starts on the first night's day
            add(m, _in_past(int(m.group(1)), _month(m.group(3)), None, published), 1)
        else:
            add(m, _in_past(int(m.group(5)), _month(m.group(4)), None, published), 1)
    for m in r.since.finditer(text):
        day, mon = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        add(m, _in_past(int(day), _month(mon), None, published), 2, since=True)
    for m in r.span.finditer(text) if r.span is not None else ():
        year = int(m.group("year")) if m.group("year") else None
        add(m, _in_past(int(m.group("day")), _month(m.group("month")), year, published), 2)
    for m in r.range.finditer(text) if r.range is not None else ():
        last, mon = (m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(4))
        add(m, _in_past(int(last), _month(mon), int(m.group(7)) if m.group(7) else None, published), 2)
    for m in r.absolute.finditer(text):
        day, mon = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        year = int(m.group(5)) if m.group(5) else None
        near = r.approximate is not None and r.approximate.search(text[max(0, m.start() - 20):m.start()])
        add(m, _in_past(int(day), _month(mon), year, published), 2 if near else 1)
    for m in r.month_only.finditer(text) if r.month_only is not None else ():
        add(m, _month_part(m.group(1), _month(m.group(2)), int(m.group(3)), published), 3)
    for m in r.month_past.finditer(text) if r.month_past is not None else ():
        add(m, _month_back(published, bool(m.group("last"))), 3, relative=True)
    for m in r.weekday.finditer(text):
        add(m, weekday_before(m.group(1), published), 1, relative=True)
    for m in r.weekend.finditer(text):   # a two-day span: dated to its Saturday at week precision (ACLED)
        add(m, weekday_before("saturday", published), 2, relative=True)
    for rx, offset, precision in r.offsets:
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
