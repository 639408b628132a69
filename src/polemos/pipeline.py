"""The pipeline: articles in, one Result per article out, in input order.

Each article's language picks its spaCy pipeline (polemos.components.build: the language's tokenizer and parser or
sentencizer, then the stages as components, polemos.components), and its text picks its conflict profile
(polemos.conflicts) unless one is forced. Articles of one language are parsed in batches; a language with no
language file comes back skipped, and an article a stage fails on comes back failed (stored as such and run again
next time) without stopping the others.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import itertools
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from polemos import components, conflicts, lang, language, outlets, pieces
from polemos.places import Geocoder
from polemos.types import FAILED, Article, Result


def article_id(text: str, date: dt.date) -> str:
    return "sha1:" + hashlib.sha1(f"{date.isoformat()}\n{text}".encode()).hexdigest()[:16]


class Pipeline:
    def __init__(self, nlp_model: Language | None = None, geocoder: Geocoder | None = None,
                 conflict: str | None = None):
        self._english = nlp_model           # built on first use when not given
        self.geocoder = geocoder or Geocoder.default()
        self.conflict = conflict and conflicts.load(conflict).name   # every article read as this war (--conflict)

    @classmethod
    @lru_cache(maxsize=None)
    def default(cls, conflict: str | None = None) -> "Pipeline":
        """The pipeline with the default models and gazetteer; `conflict`: a profile of data/conflicts to read
        every article with, instead of the one its text points to."""
        return cls(None, Geocoder.default(), conflict)

    @property
    def nlp(self) -> Language:
        """English's pipeline (kept for callers that parse with it)."""
        return self.model(lang.ENGLISH)

    def model(self, code: str) -> Language:
        """The pipeline of a language, built on first use."""
        if code == lang.ENGLISH and self._english is not None:
            return self._english
        return components.build(code)

    def run(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Result]:
        """Results in input order: each run of `batch_size` articles is read language by language, then given
        back in the order it came."""
        it = iter(articles)
        while chunk := list(itertools.islice(it, batch_size)):
            yield from self._chunk(chunk, batch_size)

    def _chunk(self, chunk: list[Article], batch_size: int) -> list[Result]:
        results: list[Result | None] = [None] * len(chunk)
        by_language: dict[str, list[int]] = {}
        for i, a in enumerate(chunk):
            try:
                a.language = a.language or language.detect(a.text)
                outlets.fill_side(a)        # an outlet's side when the input gives none, marked inferred
                a.conflict = self.conflict or a.conflict or conflicts.choose(a.text, a.side)
            except Exception as e:      # noqa: BLE001 - this article fails, the others go on
                results[i] = _failed(a, "reading", e)
                continue
            if language.supported(a.language):
                by_language.setdefault(a.language, []).append(i)
            else:
                results[i] = Result(a, skipped=f"language {a.language or 'unknown'} is not supported yet")
        for code, where in by_language.items():
            for i, result in zip(where, self._parse(code, [chunk[i] for i in where], batch_size)):
                results[i] = result
        return [r for r in results if r is not None]

    def _parse(self, code: str, articles: list[Article], batch_size: int) -> list[Result]:
        """The results of articles of one language, in order. A long text is read in pieces and joined
        (polemos.pieces); an error outside the stages (the tokenizer, the parser, memory) fails the one article
        it hits: after it, the rest are read one by one."""
        try:
            model = self.model(code)
        except Exception as e:      # noqa: BLE001 - a language that cannot load fails its articles, not the run
            return [_failed(a, f"loading the {code} pipeline", e) for a in articles]
        known_to_month = _to_month_end(articles)
        try:
            return self._read(model, articles, batch_size)
        finally:
            for a, first in known_to_month:
                a.date = first

    def _read(self, model: Language, articles: list[Article], batch_size: int) -> list[Result]:
        parts = [(n, offset, piece) for n, a in enumerate(articles) for offset, piece in pieces.split(a)]
        done: list[Result] = []
        try:
            for doc in model.pipe((self._doc(model, p) for _, _, p in parts), batch_size=batch_size):
                done.append(_result(doc))
        except Exception:           # noqa: BLE001 - found again below, piece by piece
            for _, _, piece in parts[len(done):]:
                done.append(_alone(model, self._doc, piece))
        joined: list[list[tuple[int, Result]]] = [[] for _ in articles]
        for (n, offset, _), result in zip(parts, done):
            joined[n].append((offset, result))
        return [pieces.join(a, got) for a, got in zip(articles, joined)]

    @staticmethod
    def _doc(model: Language, article: Article) -> Doc:
        doc = model.make_doc(article.text)
        doc._.article = article
        return doc

    def extract(self, text: str, date, **meta) -> Result:
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date)[:10])
        meta.setdefault("id", article_id(text, day))
        meta.setdefault("language", "en")
        return next(self.run([Article(date=day, text=text, **meta)]))


def _to_month_end(articles: list[Article]) -> list[tuple[Article, dt.date]]:
    """An article dated to its month only is read as of the month's last day, so that the days its text states
    in that month are not taken for days to come (its relative days are month-precise: events.write); the
    first of the month is put back after."""
    out = []
    for a in articles:
        if a.date_source == "month" and a.date is not None:
            out.append((a, a.date))
            a.date = a.date.replace(day=calendar.monthrange(a.date.year, a.date.month)[1])
    return out


def _failed(article: Article, where: str, e: Exception) -> Result:
    return Result(article, skipped=f"{FAILED} {where}: {type(e).__name__}: {' '.join(str(e).split())[:300]}")


def _alone(model: Language, make_doc, article: Article) -> Result:
    """One article (or piece) through the pipeline by itself: an error fails it alone."""
    try:
        return _result(next(model.pipe([make_doc(model, article)])))
    except Exception as e:          # noqa: BLE001 - this article fails, the others go on
        return _failed(article, "parsing", e)


def _result(doc: Doc) -> Result:
    """What the stages wrote on a Doc; a Doc a stage failed on is a failed article."""
    article = doc._.article
    if doc._.error:
        return Result(article, skipped=f"{FAILED} {doc._.error}")
    result = Result(article, events=doc._.events or [], claims=doc._.claims or [],
                    attributions=doc._.attributions or [])
    outlets.name_own_voice([*result.events, *result.claims, *result.attributions], article)
    return result
