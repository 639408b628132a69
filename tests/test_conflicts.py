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


@pytest.mark.parametrize("text, war", [
    ("Russian forces shelled Kupiansk overnight, Ukraine's regional governor in Kharkiv said.", "russia-ukraine"),
    ("RSF fighters seized the town of Tina in North Darfur, the Sudanese army said.", "sudan"),
    ("A junta airstrike killed seven villagers in Sagaing Region, Myanmar's resistance forces said.", "myanmar"),
    ("JNIM fighters attacked an army camp near Timbuktu, Mali's army said.", "mali"),
    ("Gangs of the Viv Ansanm coalition attacked Mirebalais, Haiti's police said.", "haiti"),
])
def test_an_article_of_a_war_with_a_profile_is_read_with_it(text, war):
    assert conflicts.choose(text) == war


@pytest.mark.parametrize("text", [
    "Police fired tear gas at protesters in Nairobi on Tuesday, witnesses said.",
    "Separatists attacked a school in Bamenda on Monday, officials said.",
    "Gunmen killed three people in a bar in Guayaquil, Ecuadorian police said.",
])
def test_an_article_of_no_known_war_is_read_with_the_default_profile(text):
    assert conflicts.choose(text) == "default"


def test_a_ukrainian_article_never_gets_a_profile_of_another_war():
    text = ("Russian drones struck Odesa overnight, Ukraine's air force said, after Moscow claimed the capture "
            "of a village near Pokrovsk. Armenia's prime minister called for talks in a separate statement.")
    assert conflicts.choose(text, "ukrainian") == "russia-ukraine"


def test_an_unknown_profile_is_an_error_naming_the_known_ones():
    with pytest.raises(DataError, match="karabakh"):
        conflicts.load("atlantis")


def test_in_the_default_profile_a_state_speaks_for_its_demonym():
    default = conflicts.load()
    assert default.side_of_country("UA") == "ukrainian"
    assert default.side_of_country("SD") == "sudanese"
    assert default.side_of_country("US") == "us"        # the schema's word for that state
    assert default.side_actor("ukrainian") == "Military Forces of Ukraine (2019-)"   # ACLED's regime years
    assert default.opponent("ukrainian") is None        # no two sides are fixed: no "enemy" resolved


def test_a_profile_names_third_states_international():
    karabakh = conflicts.load("karabakh")
    assert karabakh.side_of_country("FR") == "international"
    assert karabakh.side_of_country("AM") == "armenian"
    assert karabakh.opponent("armenian") == "azerbaijani"


def test_the_zone_of_the_default_profile_is_the_countries_the_text_names():
    assert conflicts.countries_named("Sudanese troops clashed with fighters near the Chadian border.") \
        == {"SD", "TD"}


def _run(pipe, text, **meta):
    return pipe.extract(text, dt.date(2023, 3, 10), **meta)


def test_a_capture_by_a_foreign_state_is_an_overtaking_not_a_regain(pipe):
    """ACLED: a government regains territory only where it is the state's own; a foreign state's forces that take a
    place overtake it, as a non-state actor does."""
    r = _run(pipe, "Russian troops captured the village of Kupiansk on Thursday, the defence ministry in Moscow said.")
    taken = [e for e in r.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert taken and all(e.actor1 == "Military Forces of Russia (2000-)" and e.actor1_side == "russian"
                         for e in taken)


@pytest.mark.parametrize("text, day, sub_type, side", [
    ("Somali government troops recaptured the town of Beledweyne from al-Shabaab on Tuesday.", dt.date(2023, 3, 10),
     "Government regains territory", "somali"),
    ("RSF fighters seized the town of El Fasher from the Sudanese army on Sunday, residents said.",
     dt.date(2023, 6, 10),
     "Non-state actor overtakes territory", "rsf"),
    ("JNIM fighters took control of the town of Menaka on Friday, local officials said.", dt.date(2023, 3, 10),
     "Non-state actor overtakes territory", "jnim"),
    ("The Malian army recaptured the town of Menaka from JNIM on Friday, the army said.", dt.date(2023, 3, 10),
     "Government regains territory", "malian"),
])
def test_who_takes_a_place_from_whom_decides_regain_or_overtake(pipe, text, day, sub_type, side):
    r = pipe.extract(text, day)
    taken = [e for e in r.events if "territory" in e.sub_event_type]
    assert taken and {(e.sub_event_type, e.actor1_side) for e in taken} == {(sub_type, side)}


def test_officials_of_a_state_speak_for_its_side(pipe):
    r = _run(pipe, "Sudanese army officials said RSF fighters shelled El Fasher on Thursday, killing five civilians.")
    assert r.events and {e.claimant_side for e in r.events} == {"sudanese"}


def test_a_forced_profile_reads_every_article_as_that_war():
    forced = Pipeline.default(conflict="karabakh")
    r = forced.extract("Shelling hit Martuni on Thursday, the ministry said.", dt.date(2020, 10, 9))
    assert r.article.conflict == "karabakh"
    with pytest.raises(DataError):
        Pipeline.default(conflict="atlantis")
