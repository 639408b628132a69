"""Languages as data: every language file, English included, fits one schema; a broken file names its key."""
import re

import pytest

from polemos import lang
from polemos.errors import DataError
from polemos.lang import Lexicon


@pytest.mark.parametrize("code", sorted(lang.codes()))
def test_every_language_file_fits_the_schema(code):
    lex = lang.lexicon(code)
    assert lex.code == code and lex.triggers()


def test_english_is_a_language_file_like_the_others():
    assert "en" in lang.codes()
    en = lang.lexicon("en")
    assert en.get("dates", "weekday_names")[0] == "monday"
    assert en.pattern("dates", "absolute", re.I).search("on 27 September 2020")


def _check(raw):
    Lexicon("xx", "data/lang/xx.toml", {"language": "xx", **raw}).check()


def test_an_unknown_key_is_named_with_its_file():
    with pytest.raises(DataError, match=r"data/lang/xx.toml: casualties.kiled: unknown key"):
        _check({"casualties": {"kiled": "mort"}})


def test_a_bad_regex_is_named_with_its_key():
    with pytest.raises(DataError, match=r"attribution.speech: bad regex"):
        _check({"attribution": {"speech": "dit(("}})


def test_a_trigger_of_no_acled_sub_type_is_refused():
    with pytest.raises(DataError, match=r"triggers\[1\]: sub_event_type 'Skirmish'"):
        _check({"triggers": [{"pattern": "combat", "sub_event_type": "Skirmish", "plover": "ASSAULT"}]})


def test_a_file_must_name_its_own_language():
    with pytest.raises(DataError, match="language"):
        Lexicon("xx", "data/lang/xx.toml", {"language": "yy"}).check()


def test_a_pattern_fills_its_pieces_from_its_section():
    lex = Lexicon("xx", "x", {"language": "xx", "dates": {"month_names": "jan|feb",
                                                          "day_month": r"(\d{{1,2}}) ({month_names})"}})
    assert lex.text("dates", "day_month") == r"(\d{1,2}) (jan|feb)"


def test_an_unknown_language_is_an_error():
    with pytest.raises(DataError, match="no language file"):
        lang.lexicon("tlh")
