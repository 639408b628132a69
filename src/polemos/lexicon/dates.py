"""The lexicon's dates and tolls: date words read as English ones (polemos.dates), numbers next to toll words."""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from polemos import casualties, dates, lang, segment
from polemos.lexicon import Lexicon, _ends_with, _hits
from polemos.types import Article, Attribution, Span

COUNT_REACH = 7           # words between a toll word and its number


def _date_rx(lex: Lexicon) -> re.Pattern | None:
    if not lex.months:
        return None
    months = "|".join(f"(?:{rx.pattern})" for rx, _ in lex.months)
    first = r"(?:(\d{1,2})(?:er|\.)?\s*[-–]\s*)?"    # "10-11 октября": a range's first day
    return re.compile(rf"(?<![\d-]){first}(\d{{1,2}})(?:er|\.)?\s+({months})(?:\s+(\d{{4}}))?", re.I)


def _month_day_rx(lex: Lexicon) -> re.Pattern | None:
    """A language's month-first dates ("հոկտեմբերի 7-ին", "oktyabrın 10-da"): its dates.month_day, named groups
    month, day and year, {month_names} filled from its months."""
    if not lex.months or lang.lexicon(lex.code).get("dates", "month_day") is None:
        return None
    months = "|".join(f"(?:{rx.pattern})" for rx, _ in lex.months)
    return re.compile(lang.lexicon(lex.code).text("dates", "month_day", month_names=months), re.I)


def _absolute(stext: str, published, lex: Lexicon) -> list[dates.DateMention]:
    """Day-month dates ("27 сентября") and the language's month-first ones, read as English ones."""
    found: list[tuple[re.Match, str, str, str | None]] = []
    rx, first = _date_rx(lex), _month_day_rx(lex)
    # "10-11 октября": a range's first and last day
    found += [(m, m.group(3), f"{int(m.group(1))}-{int(m.group(2))}" if m.group(1) else m.group(2), m.group(4))
              for m in (rx.finditer(stext) if rx else ())]
    found += [(m, m.group("month"), m.group("day"), m.groupdict().get("year"))
              for m in (first.finditer(stext) if first else ())]
    out = []
    for m, month_word, day, year in found:
        month = next(v for r, v in lex.months if r.fullmatch(month_word))
        days = "-".join(str(int(d)) for d in day.split("-"))
        english = f"{days} {month}" + (f" {year}" if year else "")
        since = _ends_with(lex.date.get("since"), stext[max(0, m.start() - 30):m.start()], 2) or \
            (lex.date.get("since_after") is not None and lex.date["since_after"].match(stext, m.end()))
        since_word = lang.lexicon(lang.ENGLISH).get("dates", "since_word")
        out += _read(f"{since_word} {english}" if since else english, m, published)
    return out


def find_dates(stext: str, published, lex: Lexicon) -> list[dates.DateMention]:
    """Date expressions of the language, each read by dates.find in its English words, so the rules (the past only,
    the year from the publication date, "since" as a tally) are the English ones; offsets are the text's."""
    absolute, relative = _absolute(stext, published, lex), []
    on = lang.lexicon(lang.ENGLISH).get("dates", "on_word")
    for table, fmt in ((lex.weekdays, on + " {}"), (lex.relative, "{}")):
        for r, v in table:
            for m in r.finditer(stext):
                relative += _read(fmt.format(v), m, published)
    # "Утром 27 сентября", "в пятницу, 9 октября", "սեպտեմբերի 27-ի առավոտյան": the date itself, not "this morning"
    relative = [d for d in relative if not any(re.fullmatch(r"[\s,]*", stext[d.end:a.start] if a.start >= d.end
                                                            else stext[a.end:d.start]) for a in absolute)]
    taken: list[tuple[int, int]] = []
    unique: list[dates.DateMention] = []
    for d in sorted(absolute + relative, key=lambda d: (d.start, -(d.end - d.start))):
        if all(d.end <= s or d.start >= e for s, e in taken):
            taken.append((d.start, d.end))
            unique.append(d)
    return unique


def _read(english: str, m: re.Match, published) -> list[dates.DateMention]:
    found = dates.find(english, published)
    return [dataclasses.replace(found[0], start=m.start(), end=m.end())] if found else []


def _statement_day(d: dates.DateMention, offset: int, att: Attribution, lex: Lexicon) -> bool:
    """"сообщил в пятницу": the day of the statement, not of the event ("обстреляли в пятницу, по данным" is)."""
    cue = att.cue_span
    according = lex.cue.get("according")
    if cue is None or (according is not None and according.fullmatch(att.cue or "")):
        return False
    start, end = offset + d.start, offset + d.end
    return 0 <= start - cue.end <= 4 or 0 <= cue.start - end <= 2


def _day_of(i: int, sents: list[Span], atts: list[Attribution], article: Article, lex: Lexicon, trigger: Span):
    """The sentence's own date (in the trigger's clause), else one of the two sentences before it in the
    paragraph, else the day of the statement that reports it."""
    text, said = article.text, None
    off = sents[i].start
    # the date nearest the trigger: "arrêtés le 10 novembre conformément à un accord signé le 9 novembre"
    for d in sorted(find_dates(sents[i].of(text), article.date, lex),
                    key=lambda d: max(off + d.start - trigger.end, trigger.start - off - d.end, 0)):
        a, b = sorted((off + d.start, trigger.start))
        if d.since or re.search(r"[;—–]|\s-\s", text[a:b]):
            continue
        if _statement_day(d, sents[i].start, atts[i], lex):
            said = said or d
        else:
            return d
    para = segment.paragraph(text, sents[i].start)
    for j in range(i - 1, max(-1, i - 3), -1):
        if segment.paragraph(text, sents[j].start) != para:
            break
        if atts[j].claimant != atts[i].claimant:
            continue   # another speaker's day is of another report
        found = [d for d in find_dates(sents[j].of(text), article.date, lex) if not d.since]
        if _background(sents[j].of(text), found, article.date, lex):
            continue
        d = next((d for d in found if not _statement_day(d, sents[j].start, atts[j], lex)), None)
        if d is not None:
            return d
    cue = atts[i].cue_span
    if said is None and cue is not None and not sents[i].start <= cue.start < sents[i].end:
        cue_sent = next((s for s in sents if s.start <= cue.start < s.end), None)
        if cue_sent is not None:
            said = next((d for d in find_dates(cue_sent.of(text), article.date, lex) if not d.since), None)
    return said


_DIGITS = re.compile(r"(?<![\d.,:/-])\d{1,4}(?![\d-])(?![.,:/]\d)")   # not "23-летняя", "12:00", "1.5"


def _numbers(stext: str, lex: Lexicon) -> list[tuple[int, int, Any]]:
    out = [(m.start(), m.end(), int(m.group(0))) for m in _DIGITS.finditer(stext)]
    suffix = lang.lexicon(lex.code).pattern("casualties", "number_suffix")
    if suffix is not None:   # "3-ը", "3-ü": a count with its case ending
        out += [(m.start(), m.end(), int(m.group(1))) for m in re.finditer(r"(?<![\d.,:/-])(\d{1,4})", stext)
                if suffix.match(stext, m.end())]
    words = sorted(((m.start(), m.end(), v) for m, v in _hits(lex.numbers, stext)), key=lambda h: h[0] - h[1])
    for s, e, v in words:   # "une dizaine" over "une"
        if all(e <= a or s >= b for a, b, _ in out):
            out.append((s, e, v))
    not_count = lex.toll.get("not_count")
    month = _date_rx(lex)
    first = _month_day_rx(lex)
    days = [m.span("day") for m in first.finditer(stext)] if first is not None else []
    keep = []
    for s, e, v in out:
        after = stext[e:e + 25]
        if not_count is not None and not_count.match(after.lstrip()):
            continue
        if month is not None and re.match(r"\s*(?:er|\.)?\s*(?:" + "|".join(r.pattern for r, _ in lex.months) + ")",
                                          after, re.I):
            continue
        if any(a <= s < b for a, b in days):
            continue   # the day of a month-first date
        keep.append((s, e, v))
    return keep


def count(kind: str, stext: str, lex: Lexicon, large: bool = False) -> casualties.Count | None:
    """The toll next to a killed/injured word: the nearest number within a few words, the vague ones by ACLED's
    rule (casualties.to_number); "без жертв" is 0 killed."""
    rx = lex.toll.get(kind)
    other = lex.toll.get("injured" if kind == "killed" else "killed")
    if rx is None:
        return None
    nums = _numbers(stext, lex)
    best = None
    for m in rx.finditer(stext):
        for s, e, v in nums:
            before = e <= m.start()
            a, b = (e, m.start()) if before else (m.end(), s)
            gap = stext[a:b]
            if b < a or len(gap.split()) > COUNT_REACH or re.search(r"[.;:!?(),]", gap) or \
                    (other is not None and other.search(gap)):
                continue
            rank = (not before, len(gap.split()))   # "Trois civils ont été tués et cinq blessés": 3 killed
            if best is None or rank < best[0]:
                best = (rank, min(s, m.start()), max(e, m.end()), v)
    if best is None:
        none = lex.toll.get("none")
        hit = none.search(stext) if none is not None and kind == "killed" else None
        return casualties.Count(0, hit.group(0)) if hit else None
    _, s, e, v = best
    n, vague = (v, False) if isinstance(v, int) else casualties.to_number(str(v), large)
    if n is None:
        return None
    near = stext[max(0, s - 40):e + 40]
    civ = lex.toll.get("civilians")
    return casualties.Count(n, stext[s:e], vague, bool(civ and civ.search(near)))


def _background(stext: str, found: list[dates.DateMention], published, lex: Lexicon) -> bool:
    """"Ситуация обострилась 27 сентября": the war's start told again, not the day's news."""
    rx = lex.cue.get("background")
    return bool(rx and rx.search(stext)) and any((published - d.date).days > 2 for d in found)
