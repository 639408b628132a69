"""Fields of events in wars the rules were not tuned on (who acted, the toll), read by the whole pipeline. Every
sentence here is invented, in wire style."""
import datetime as dt

import pytest

DAY = dt.date(2024, 6, 3)


def sides(pipe, text):
    return {(e.location.name, e.actor1_side) for e in pipe.extract(text, DAY).events}


@pytest.mark.parametrize("text, place, side", [
    # an attack claimed by or blamed on a group: the group acted, even where it is also who tells it
    ("Three soldiers were killed in an attack claimed by the Islamic State group on a barracks near Kirkuk, "
     "an official said.", "Kirkuk", "islamic state"),
    ("Two policemen were killed in an ambush in Mandera on Sunday that officials blamed on al-Shabaab.",
     "Mandera", "al-shabaab"),
    # "the assailants" after the attack was blamed on a named group
    ("The raid was blamed on al-Shabaab.  The assailants opened fire on a police post in Mandera on Sunday, "
     "killing two officers.", "Mandera", "al-shabaab"),
    # a speaker with several enemies fought off an attack: the one enemy the article names attacked
    ("The Malian army said it had foiled an attack on a military camp in Timbuktu on Monday morning. JNIM "
     "claimed the attack later.", "Timbuktu", "jnim"),
    ("The Sudanese army said it repelled an attack on El Fasher on Monday. The RSF has besieged the city for "
     "months.", "El Fasher", "rsf"),
    # a state's army telling its strike abroad: "the army" is its own, not the forces of where it struck
    ("The Israeli army said it targeted a Hamas commander on Saturday. The army struck the commander in a "
     "compound in Khan Younis, it said in a statement.", "Khan Younis", "israeli"),
])
def test_who_acted(pipe, text, place, side):
    assert (place, side) in sides(pipe, text)


@pytest.mark.parametrize("text, place, side", [
    # "X says it has killed...": the reported clause's own pronoun acts, the party it names is the target
    ("Israel says it has killed a top Hezbollah commander after carrying out an air strike on a southern suburb "
     "of Beirut.", "Beirut", "israeli"),
    ("The Nigerian army said it had killed 40 Boko Haram fighters in an operation near Maiduguri on Friday.",
     "Maiduguri", "nigerian"),
    # a passive pronoun is acted upon: the party named by "by" acts
    ("The army said it had been attacked by Boko Haram fighters near Maiduguri on Friday.", "Maiduguri",
     "boko haram"),
])
def test_speaker_pronoun_acts(pipe, text, place, side):
    assert (place, side) in sides(pipe, text)


@pytest.mark.parametrize("text", [
    # a weapon stopped targets nobody (ACLED), even where its debris hurt civilians
    "Russian air defences shot down a Ukrainian drone over a residential area of Belgorod on Sunday, the governor "
    "said.",
    "Israeli air defences intercepted a rocket over a school in Kiryat Shmona on Sunday, the army said.",
])
def test_weapon_stopped_targets_no_civilians(pipe, text):
    stopped = [e for e in pipe.extract(text, DAY).events if e.sub_event_type == "Disrupted weapons use"]
    assert stopped and not any(e.civilian_targeting for e in stopped)


def test_toll_its_teller_gives_after_another_account(pipe):
    # the army's toll of the attack it fought off, told after a witness's account of another blast
    text = ("The Burkinabe army said it had repelled an attack on a base near Djibo on Monday. Residents said a car "
            "bomb exploded in the market of Djibo.\n\nThe Burkinabe army reported 13 deaths, all among the attackers.")
    tolls = {e.sub_event_type: e.fatalities for e in pipe.extract(text, DAY).events}
    assert tolls.get("Armed clash") == 13
    assert tolls.get("Remote explosive/landmine/IED") is None
