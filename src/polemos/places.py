"""Places: toponym recognition and resolution to coordinates (GeoNames cities500 + curated names)."""
from __future__ import annotations

from polemos.types import Article, Place


class Geocoder:
    """Finds and resolves the places of one document. Helper-owned: see tests/test_places.py."""

    @classmethod
    def default(cls) -> "Geocoder":
        raise NotImplementedError

    def toponyms(self, doc, article: Article) -> list[Place]:
        """Every place mention in a parsed spaCy doc, resolved in the article's context, with spans."""
        raise NotImplementedError


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns ({"label": "GPE", "pattern": ...}) for names spaCy's NER misses."""
    raise NotImplementedError


def geoparse_file(inp: str, out) -> int:
    """`polemos geoparse`: read {"id","text"} JSONL, write {"id","toponyms":[...]} lines. Returns exit code."""
    raise NotImplementedError
