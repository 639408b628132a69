import json
import time
from pathlib import Path

import pytest

from polemos import language
from polemos.types import Article

SHARED = Path(__file__).parents[1] / ".." / "shared"


@pytest.mark.parametrize("text, code", [
    ("Officials said artillery shelled the town overnight, damaging several houses.", "en"),
    ("Министерство обороны сообщило, что ночью артиллерия обстреляла город.", "ru"),
    ("Müdafiə Nazirliyi bildirib ki, gecə ərzində şəhər artilleriya atəşinə məruz qalıb.", "az"),
    ("Le ministère a déclaré que l'artillerie avait bombardé la ville pendant la nuit.", "fr"),
    ("Bakanlık, topçu birliklerinin gece boyunca kenti bombaladığını açıkladı.", "tr"),
    ("Das Ministerium teilte mit, die Artillerie habe die Stadt in der Nacht beschossen.", "de"),
    ("Պաշտպանության նախարարությունը հայտնել է, որ գիշերը հրետանին հարվածել է քաղաքին։", "hy"),
])
def test_detects_corpus_languages(text, code):
    assert language.detect(text) == code


def test_nothing_to_detect():
    assert language.detect("") is None
    assert language.detect("12:30 -- 45 %") is None


def test_given_language_wins():
    art = Article(id="a", date=None, text="Officials said artillery shelled the town.", language="fr")
    assert language.language_of(art) == "fr"
    art.language = None
    assert language.language_of(art) == "en"


def test_supported():
    assert language.supported("en") and language.supported("ru") and not language.supported("pt")
    assert not language.supported(None)


def test_detect_is_fast_once_built():
    language.detect("warm up the detector")
    text = "Officials said artillery shelled the town overnight, damaging houses and a school. " * 12
    t0 = time.perf_counter()
    for _ in range(50):
        language.detect(text)
    assert (time.perf_counter() - t0) / 50 < 0.05      # a few ms in practice; generous for a shared machine


@pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")
def test_agrees_with_corpus_labels():
    rows = [json.loads(x) for x in (SHARED / "data" / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    agree = sum(language.detect(r["text"]) == r["language"] for r in rows)
    assert agree / len(rows) > 0.97


def test_plain_english_needs_no_model():
    english = "Officials said that the shelling of the town was the worst in weeks, and that it has hit homes. " * 3
    french = "Les responsables ont déclaré que le bombardement de la ville était le pire depuis des semaines. " * 3
    assert language._plainly_english(english) and not language._plainly_english(french)
