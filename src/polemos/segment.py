"""Segmentation: one notion of a sentence, a paragraph and a quote, for every stage and every language.

A sentence is a sentence of the parser (or of the sentencizer, for a language without a parser), cut at every
line break and trimmed of white space: a headline or a paragraph without a final stop never runs into the next.
A paragraph is the text between two line breaks; a quote is a stretch between quote marks (a quote left open at a
paragraph's end runs on when the next paragraph opens or closes one, the wire convention). The segment component
(polemos.components) writes them to the Doc once: Doc._.sentences, Doc._.quotes; these functions read them.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

QUOTE_OPEN, QUOTE_CLOSE = "“«„", "”»"

for _name in ("text", "sentences", "quotes", "ents"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def text_of(doc: Doc) -> str:
    """The doc's text, joined once (Doc.text rebuilds the string from every token on each call)."""
    if doc._.text is None:
        doc._.text = doc.text
    return doc._.text


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences: cut at line breaks, trimmed of white space, none empty."""
    if doc._.sentences is None:
        doc._.sentences = _cut(doc)
    return doc._.sentences


def _cut(doc: Doc) -> list[Span]:
    out = []
    for s in _joined(doc):
        start = s.start
        for t in s:
            if "\n" in t.text and t.is_space:
                if t.i > start:
                    out.append(doc[start:t.i])
                start = t.i + 1
        if start < s.end:
            out.append(doc[start:s.end])
    return [_trim(s) for s in out if s.text.strip()]


def _joined(doc: Doc) -> list[Span]:
    """The parser's sentences, one that opens with a comma or a semicolon, or with a small letter after no stop,
    joined to the one before: "Des obus ont touché X, a indiqué le ministère", "X, Y et Z | ont été bombardées" are
    one sentence each, whatever a small parser cut (line breaks still cut them, in _cut)."""
    out: list[Span] = []
    for s in doc.sents:
        if out and (s[0].text in (",", ";") or s[0].is_lower and s[0].is_alpha and
                    out[-1][-1].text not in (".", "!", "?", "…", ":", "»", '"', "”")):
            out[-1] = doc[out[-1].start:s.end]
        else:
            out.append(s)
    return out


def _trim(s: Span) -> Span:
    a, b = s.start, s.end
    while a < b and s.doc[a].is_space:
        a += 1
    while b > a and s.doc[b - 1].is_space:
        b -= 1
    return s.doc[a:b]


def quotes(doc: Doc) -> list[tuple[int, int]]:
    """The doc's quotes (char spans, marks included)."""
    if doc._.quotes is None:
        doc._.quotes = find_quotes(text_of(doc))
    return doc._.quotes


def ents(doc: Doc) -> tuple:
    """The doc's entities, taken once (Doc.ents builds every entity on each call)."""
    if doc._.ents is None:
        doc._.ents = tuple(doc.ents)
    return doc._.ents


def paragraph(text: str, pos: int) -> int:
    """The number of the paragraph holding char `pos`."""
    return text.count("\n", 0, pos)


def _guillemet_opens(text: str, i: int) -> bool:
    """ "»Wet fantasies.»" (Nordic and German style): a "»" before a word, after a space, a colon or a line start,
    opens a quote; a French closing "»" follows a space or a word and comes before a space or a mark."""
    return text[i] == "»" and i + 1 < len(text) and text[i + 1].isalnum() and \
        (i == 0 or text[i - 1].isspace() or text[i - 1] in ":(")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted stretches (marks included). A quote left open at a paragraph end runs on when the next
    paragraph opens a quote again or closes one (the wire convention for multi-paragraph quotes)."""
    out, start, straight = [], None, False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and start is not None:
            if _quote_runs_on(text, i, straight):
                nxt = len(text[:i]) + (len(text[i:]) - len(text[i:].lstrip()))
                if nxt < n and (text[nxt] in QUOTE_OPEN or text[nxt] == '"'):
                    i = nxt  # skip the mark that re-opens the running quote
            else:
                out.append((start, _rstrip(text, start, i)))
                start = None
        elif start is None:
            if ch in QUOTE_OPEN or (ch == '"' and _opens(text, i)) or _guillemet_opens(text, i):
                start, straight = i, ch == '"'
            elif ch == "‘" and (i == 0 or not text[i - 1].isalnum()):
                j = _single_close(text, i)
                if j:
                    out.append((i, j + 1))
                    i = j
        elif ch in QUOTE_CLOSE or (ch == '"' and (straight or not _opens(text, i))):
            out.append((start, i + 1))
            start = None
        i += 1
    if start is not None:
        out.append((start, _rstrip(text, start, n)))
    return out


def _rstrip(text, start, end):
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _opens(text, i):
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([—–-:"


def _quote_runs_on(text, i, straight=False):
    rest = text[i:].lstrip()
    if not rest:
        return False
    if straight:
        return rest[0] == '"'
    if rest[0] in QUOTE_OPEN:
        return True
    para = rest.split("\n", 1)[0]
    close = min((para.find(c) for c in QUOTE_CLOSE if c in para), default=-1)
    opn = min((para.find(c) for c in QUOTE_OPEN if c in para), default=-1)
    return close >= 0 and (opn < 0 or close < opn)


def _single_close(text, i):
    """Matching ’ of a ‘ quote: one not followed by a letter (not an apostrophe), within 400 chars."""
    for m in re.finditer("’", text[i + 1:i + 400]):
        j = i + 1 + m.start()
        if j + 1 >= len(text) or not text[j + 1].isalpha():
            if "\n" in text[i:j]:
                return None
            return j
    return None
