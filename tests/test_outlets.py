"""Outlets: the side of an article's outlet when the input gives none (data/outlets.csv), marked inferred, and the
outlet's own voice by its name. Invented texts; the outlets are real ones of the table."""
from __future__ import annotations

import datetime as dt

import pytest

from polemos import outlets
from polemos.types import Article

DAY = dt.date(2024, 3, 2)
UKRAINE = ("Russian troops shelled Kupiansk overnight, Ukraine's army said. Russia said its forces repelled "
           "Ukrainian attacks near Avdiivka. Kyiv asked for more air defence.")
SAHEL = "Jihadists attacked an army post near Gao, Mali's army said. Malian troops repelled the assault."
NIGERIA = ("Gunmen abducted 40 villagers in Zamfara State, Nigeria's police said. The Nigerian army deployed troops "
           "to the area.")
SUDAN = "The paramilitary RSF shelled El Obeid, Sudan's army said. Sudanese troops returned fire."


def side(text, outlet=None, url=None, given=None):
    art = Article("t", DAY, text, url=url, outlet=outlet, side=given)
    outlets.fill_side(art)
    return art.side, art.side_source


def test_a_wire_found_by_its_domain_is_international():
    assert side(SAHEL, url="https://www.reuters.com/world/africa/attack-2024-03-02/") == ("international", "inferred")


def test_the_agency_in_brackets_wrote_the_copy():
    assert side(SAHEL, outlet="Tribtown (AP)") == ("international", "inferred")


def test_a_host_after_via_only_carries_the_outlets_copy():
    assert side(UKRAINE, outlet="Ukrinform (via MENAFN)") == ("ukrainian", "inferred")


def test_a_state_outlet_speaks_for_its_state_in_its_states_war():
    assert side(UKRAINE, outlet="TASS") == ("russian", "inferred")


def test_a_state_outlet_on_another_war_is_foreign():
    assert side(SAHEL, outlet="TASS") == ("international", "inferred")


def test_the_domestic_press_of_a_party_takes_its_side():
    assert side(NIGERIA, outlet="Punch") == ("nigerian", "inferred")


def test_an_independent_outlet_of_no_party_gets_no_side():
    assert side(SUDAN, outlet="Punch") == (None, None)


def test_an_armed_groups_medium_keeps_the_groups_side():
    text = "Yemen's armed forces said they fired missiles at a ship in the Red Sea. US forces struck Hodeidah."
    assert side(text, outlet="Al-Masirah") == ("houthi", "inferred")


@pytest.mark.parametrize("outlet", ["The Valdor Courier", None])
def test_an_unknown_outlet_gets_no_side(outlet):
    assert side(SUDAN, outlet=outlet) == (None, None)


def test_a_given_side_stays_and_is_marked_given():
    assert side(SAHEL, outlet="TASS", given="russian") == ("russian", "given")


def test_the_outlets_own_voice_names_it():
    art = Article("t", DAY, SAHEL, outlet="Sahel Wire")
    assert outlets.voice(art) == "the outlet itself (Sahel Wire)"
    assert outlets.voice(Article("t", DAY, SAHEL)) == "the outlet itself"


def test_records_in_the_outlets_voice_name_it():
    from polemos.pipeline import Pipeline
    text = "Jihadists attacked an army post near Gao on Friday, killing four soldiers."
    result = Pipeline.default().extract(text, DAY, outlet="Sahel Wire", side="international")
    assert result.attributions and all(a.claimant == "the outlet itself (Sahel Wire)" for a in result.attributions)
