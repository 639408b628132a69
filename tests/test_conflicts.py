"""Conflict profiles: a war's knowledge is data (data/conflicts/*.toml); the default profile reads any war."""
import datetime as dt

import pytest

from polemos import conflicts
from polemos.errors import DataError
from polemos.pipeline import Pipeline


def test_an_article_naming_the_wars_parties_is_read_with_its_profile():
    text = "Azerbaijani forces shelled Martuni overnight, the Artsakh defense ministry said."
    assert conflicts.choose(text) == "karabakh"


def test_an_outlet_of_a_party_counts_as_a_mention():
    assert conflicts.choose("Stepanakert was shelled overnight.", "armenian") == "karabakh"
    assert conflicts.choose("Stepanakert was shelled overnight.") == "default"


@pytest.mark.parametrize("text", [
    "Russian forces shelled Kupiansk overnight, the regional governor said.",
    "RSF fighters seized the town of Tina in North Darfur, residents said.",
    "An army airstrike killed seven villagers in Sagaing Region on Thursday.",
])
def test_any_other_war_is_read_with_the_default_profile(text):
    assert conflicts.choose(text) == "default"


def test_an_unknown_profile_is_an_error_naming_the_known_ones():
    with pytest.raises(DataError, match="karabakh"):
        conflicts.load("atlantis")


def test_in_the_default_profile_a_state_speaks_for_its_demonym():
    default = conflicts.load()
    assert default.side_of_country("UA") == "ukrainian"
    assert default.side_of_country("SD") == "sudanese"
    assert default.side_of_country("US") == "us"        # the schema's word for that state
    assert default.side_actor("ukrainian") == "Military Forces of Ukraine"
    assert default.opponent("ukrainian") is None        # no two sides are fixed: no "enemy" resolved


def test_a_profile_names_third_states_international():
    karabakh = conflicts.load("karabakh")
    assert karabakh.side_of_country("FR") == "international"
    assert karabakh.side_of_country("AM") == "armenian"
    assert karabakh.opponent("armenian") == "azerbaijani"


def test_the_zone_of_the_default_profile_is_the_countries_the_text_names():
    assert conflicts.countries_named("Sudanese troops clashed with fighters near the Chadian border.") \
        == {"SD", "TD"}


@pytest.fixture(scope="module")
def pipe():
    return Pipeline.default()


def _run(pipe, text, **meta):
    return pipe.extract(text, dt.date(2023, 3, 10), **meta)


def test_a_capture_in_another_war_names_its_own_actor_not_a_profiles(pipe):
    r = _run(pipe, "Russian troops captured the village of Kupiansk on Thursday, the defence ministry in Moscow said.")
    assert r.article.conflict == "default"
    grt = [e for e in r.events if e.sub_event_type == "Government regains territory"]
    assert grt and all(e.actor1 == "Military Forces of Russia" and e.actor1_side == "russian" for e in grt)


def test_officials_of_a_state_speak_for_its_side(pipe):
    r = _run(pipe, "Sudanese army officials said RSF fighters shelled El Fasher on Thursday, killing five civilians.")
    assert r.events and {e.claimant_side for e in r.events} == {"sudanese"}


def test_a_forced_profile_reads_every_article_as_that_war():
    forced = Pipeline.default(conflict="karabakh")
    r = forced.extract("Shelling hit Martuni on Thursday, the ministry said.", dt.date(2020, 10, 9))
    assert r.article.conflict == "karabakh"
    with pytest.raises(DataError):
        Pipeline.default(conflict="atlantis")
