"""Language identification of article texts, restricted to the languages the corpus holds."""
from __future__ import annotations

import re
from functools import lru_cache

from polemos import lang, resources
from polemos.types import Article

EXPECTED = tuple(resources.toml("languages.toml")["detect"])    # the candidates of detection (data/languages.toml)
LINGUA_CODE: dict[str, str] = dict(resources.toml("languages.toml")["lingua"])
SAMPLE = 2000                       # characters looked at: a lede decides the language, and keeps detect() fast


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text gives too little to tell."""
    sample = (text or "")[:SAMPLE]
    if not any(c.isalpha() for c in sample):
        return None
    if _plainly_english(sample):
        return "en"   # most input: no need to build lingua's models (0.2 s on a cold start)
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    code = found.iso_code_639_1.name.lower()
    return {v: k for k, v in LINGUA_CODE.items()}.get(code, code)


# Words that make up a tenth of any English news text and next to none of the other expected languages' texts.
_ENGLISH = frozenset(lang.lexicon(lang.ENGLISH).words("detect", "common"))


def _plainly_english(sample: str) -> bool:
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) < 30 or sum(not w.isascii() for w in words) > len(words) / 50:   # "Şəki" and "déclaré" say no
        return False
    return sum(w in _ENGLISH for w in words) / len(words) >= 0.12


def language_of(article: Article) -> str | None:
    """The article's given language when it has one, else the detected one."""
    return article.language or detect(article.text)


def parsed_codes() -> frozenset[str]:
    """Languages whose stages read a parse of their own (their file's finder is "parse"): English."""
    return frozenset(c for c in lang.codes() if _finder(c) == "parse")


def lexical_codes() -> frozenset[str]:
    """Languages read by the words of their language file (data/lang/<code>.toml), some with what their tools add
    (fr's spaCy model, ru's natasha: finder "ud")."""
    return lang.codes() - parsed_codes()


def _finder(code: str) -> str:
    raw = lang.lexicon(code).raw
    return raw.get("finder") or ("parse" if raw.get("parser") else "lexicon")


def supported(code: str | None) -> bool:
    """Whether the pipeline reads the language (it has a language file); the others are stored as skipped."""
    return code in lang.codes()


@lru_cache(maxsize=1)
def _detector():
    """Built once per process. Low-accuracy mode (trigrams only) builds in 0.03 s instead of 3-5 s and scored
    the same on the corpus (362/364 agree with the given language); it is weaker only on texts under ~120 chars.
    Its models load as a text needs them (0.1 s for the first, not 0.2 s for all at once); the same models
    decide."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, LINGUA_CODE.get(c, c).upper()) for c in EXPECTED]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()
