"""The pipeline: ingest → language → nlp → attribution → places → events → claims, one Result per article."""
from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from typing import Iterable, Iterator

from polemos import attribution, claims, events, language, nlp
from polemos.places import Geocoder
from polemos.types import Article, Result


def article_id(text: str, date: dt.date) -> str:
    return "sha1:" + hashlib.sha1(f"{date.isoformat()}\n{text}".encode()).hexdigest()[:16]


class Pipeline:
    def __init__(self, nlp_model, geocoder: Geocoder):
        self.nlp = nlp_model
        self.geocoder = geocoder

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Pipeline":
        return cls(nlp.load(), Geocoder.default())

    def process(self, doc, article: Article) -> Result:
        """Every stage over one parsed article."""
        attributions = attribution.attribute(doc, article)
        places = self.geocoder.toponyms(doc, article)
        found = events.extract(doc, article, attributions, places)
        said = claims.extract_claims(doc, article, attributions)
        return Result(article, events=found, claims=said, attributions=attributions)

    def run(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Result]:
        """Results of the readable articles in input order; an article in a language the pipeline cannot read
        comes back skipped, as soon as the parse of the articles read before it is through."""
        def readable():
            for a in articles:
                a.language = a.language or language.detect(a.text)
                if a.language in language.SUPPORTED:
                    yield a
                else:
                    pending.append(Result(a, skipped=f"language {a.language or 'unknown'} is not supported yet"))

        pending: list[Result] = []
        stream = ((a.text, a) for a in readable())
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            while pending:
                yield pending.pop(0)
            yield self.process(doc, article)
        yield from pending

    def extract(self, text: str, date, **meta) -> Result:
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date)[:10])
        meta.setdefault("id", article_id(text, day))
        meta.setdefault("language", "en")
        return next(self.run([Article(date=day, text=text, **meta)]))
