"""Trigger phrases of wire copy from many wars, read by the whole pipeline (default profile): interceptions told
in the passive over a region, strikes told by what they hit. Every sentence here is invented."""
import datetime as dt

import pytest

from polemos import events

DAY = dt.date(2023, 3, 4)


def kinds(pipe, text):
    return [(e.sub_event_type, e.location.name) for e in pipe.extract(text, DAY).events]


def sub_types(text):
    return [row["sub_event_type"] for _, row in events.triggers(text)]


@pytest.mark.parametrize("text, place", [
    # ACLED: disrupted weapons use at the place of the interception, told in the passive with no weapon named
    ("Twelve drones were destroyed over the Belgorod region overnight, Russia's defence ministry said.", "Belgorod"),
    ("Nine were downed over the Kursk region, Russia's defence ministry said on Sunday.", "Kursk"),
    ("Four missiles were intercepted over Marib province in Yemen on Friday, the coalition said.", "Marib"),
])
def test_weapons_downed_over_a_region(pipe, text, place):
    assert any(k == "Disrupted weapons use" and place in name for k, name in kinds(pipe, text))


@pytest.mark.parametrize("text", [
    "Dozens of homes were destroyed over the weekend in floods near Maiduguri.",
    "Crops were destroyed over the past months by locusts.",
])
def test_destroyed_over_a_time_is_no_interception(text):
    assert "Disrupted weapons use" not in sub_types(text)


@pytest.mark.parametrize("text, place", [
    # a strike told by what it hit, its weapon unnamed (coalition and foreign strikes of many wars)
    ("Yemen's Houthis said US and British strikes hit Sanaa overnight.", "Sanaa"),
    ("Coalition strikes hit Raqqa in Syria on Tuesday, activists said.", "Ar Raqqah"),
    ("French strikes pounded a jihadist camp near Gao in Mali on Monday.", "Gao"),
])
def test_strikes_told_by_what_they_hit(pipe, text, place):
    assert any(name == place and k in events.REMOTE for k, name in kinds(pipe, text))


def test_a_hunger_strike_is_no_strike():
    assert not any(k in events.REMOTE for k in sub_types("Hunger strikes hit three prisons in Bogota this week."))


@pytest.mark.parametrize("text", [
    # a drone told as the one that struck, whoever flew it (Israel, Mali, Ukraine)
    "An army drone destroyed a car carrying militants near Jenin on Monday.",
    "An unmanned aerial vehicle of the national army destroyed a truck near Kidal on Friday.",
    "Ukrainian drones targeted an oil depot in Bryansk overnight.",
])
def test_a_drone_that_strikes(text):
    assert "Air/drone strike" in sub_types(text)


@pytest.mark.parametrize("text", [
    # the drones destroyed over a place were intercepted there, not drones that struck it
    "The drones destroyed over Kursk were launched from Sumy, the ministry said.",
    "Nine were downed over Kursk, the ministry said.",
])
def test_drones_destroyed_over_a_place_are_intercepted(text):
    assert sub_types(text)[:1] == ["Disrupted weapons use"]


def test_a_headline_strike_that_targets():
    assert any(k in events.REMOTE for k in sub_types("Israeli strike targets militant commander in Beirut suburb"))


@pytest.mark.parametrize("text, sub_type", [
    # a town overrun is taken (the taker decides whose gain: polemos.events)
    ("Rebels overran the garrison town of Lashio on Friday, residents said.", "territory"),
    # a camp or base stormed is a fight with its garrison (ACLED: armed clash)
    ("Fighters stormed an army camp near Diffa on Sunday, the defence ministry said.", "Armed clash"),
    ("Gunmen stormed a police checkpoint outside Pibor on Tuesday.", "Armed clash"),
    # strikes told in the passive or by what they damaged (Afghanistan, Ukraine)
    ("The strikes were carried out in Khost province, two officials said.", "remote"),
    ("A hospital in Kyiv was damaged by a Russian strike on Monday.", "remote"),
    # a drone that kills, drones that target, a place attacked with drones (Ukraine, Sudan)
    ("Russian Drone Kills Man In Kherson Region Village", "Air/drone strike"),
    ("Russian forces attacked Kherson with drones overnight.", "Air/drone strike"),
    ("The paramilitaries deployed suicide drones targeting a market in El-Obeid.", "Air/drone strike"),
])
def test_more_wire_triggers(text, sub_type):
    found = sub_types(text)
    if sub_type == "territory":
        assert any(k.endswith("territory") for k in found)
    elif sub_type == "remote":
        assert any(k in events.REMOTE for k in found)
    else:
        assert sub_type in found


def test_an_overrun_tried_is_no_capture():
    assert not sub_types("The attackers tried to overrun the district headquarters.")
