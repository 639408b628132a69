"""polemos: conflict news to a geocoded, dated, source-attributed event dataset."""
from polemos.types import Article, Attribution, Claim, Event, Place, Result, Span

__version__ = "0.1.0"


def extract(text: str, date, **meta) -> Result:
    """Run the whole pipeline on one article text published on `date` (a date or 'YYYY-MM-DD')."""
    from polemos.pipeline import Pipeline
    return Pipeline.default().extract(text, date, **meta)


__all__ = ["Article", "Attribution", "Claim", "Event", "Place", "Result", "Span", "extract"]
