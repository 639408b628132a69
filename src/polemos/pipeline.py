"""The pipeline: ingest → language → nlp → attribution → places → events → claims, one Result per article."""
from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from typing import Iterable, Iterator

from polemos import attribution, claims, conflicts, events, language, lexical, nlp
from polemos.places import Geocoder
from polemos.types import FAILED, Article, Result


def article_id(text: str, date: dt.date) -> str:
    return "sha1:" + hashlib.sha1(f"{date.isoformat()}\n{text}".encode()).hexdigest()[:16]


class Pipeline:
    def __init__(self, nlp_model, geocoder: Geocoder, conflict: str | None = None):
        self.nlp = nlp_model
        self.geocoder = geocoder
        self.conflict = conflict and conflicts.load(conflict).name   # every article read as this war (--conflict)

    @classmethod
    @lru_cache(maxsize=None)
    def default(cls, conflict: str | None = None) -> "Pipeline":
        """The pipeline with the default model and gazetteer; `conflict`: a profile of data/conflicts to read every
        article with, instead of the one its text points to."""
        return cls(nlp.load(), Geocoder.default(), conflict)

    def process(self, doc, article: Article) -> Result:
        """Every stage over one parsed article."""
        attributions = attribution.attribute(doc, article)
        places = self.geocoder.toponyms(doc, article)
        found = events.extract(doc, article, attributions, places)
        said = claims.extract_claims(doc, article, attributions)
        return Result(article, events=found, claims=said, attributions=attributions)

    def run(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Result]:
        """Results in input order. English is parsed in batches; a language with a lexicon file goes through the
        lexical path; any other comes back skipped. Non-English articles ride through the batches as empty texts,
        so that no result overtakes the articles read before it."""
        def tagged():
            for a in articles:
                a.language = a.language or language.detect(a.text)
                a.conflict = self.conflict or a.conflict or conflicts.choose(a.text, a.side)
                yield (a.text if a.language in language.PARSED else ""), a

        for doc, article in self.nlp.pipe(tagged(), as_tuples=True, batch_size=batch_size):
            yield self._one(doc, article)

    def _one(self, doc, article: Article) -> Result:
        """One article's result; a stage that fails on it fails this article only (stored as failed, retried by
        the next run), never the batch."""
        try:
            if article.language in language.PARSED:
                return self.process(doc, article)
            if article.language in language.lexical_codes():
                return lexical.process(article, self.geocoder)
        except Exception as e:   # noqa: BLE001 - any stage's bug on one odd article
            return Result(article, skipped=f"{FAILED} {type(e).__name__}: {e}")
        return Result(article, skipped=f"language {article.language or 'unknown'} is not supported yet")

    def extract(self, text: str, date, **meta) -> Result:
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date)[:10])
        meta.setdefault("id", article_id(text, day))
        meta.setdefault("language", "en")
        return next(self.run([Article(date=day, text=text, **meta)]))
