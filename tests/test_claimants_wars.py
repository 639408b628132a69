"""Claimants and claims of many wars' wire copy: invented sentences, read with the profile the text selects."""
from __future__ import annotations

import datetime as dt

import pytest

from polemos.attribution import attribute, parse
from polemos.claims import extract_claims
from polemos.types import Article


def voices(text, outlet="Wire", side=None):
    art = Article("t", dt.date(2023, 4, 2), text, outlet=outlet, side=side)
    return [(a.claimant, a.claimant_side) for a in attribute(parse(text), art)]


def claims(text, outlet="Wire", side=None):
    art = Article("t", dt.date(2023, 4, 2), text, outlet=outlet, side=side)
    doc = parse(text)
    return [(c.type, c.claimant_side) for c in extract_claims(doc, art, attribute(doc, art))]


# A party's name inside a longer speaker's name ("the Hamas-run health ministry") names that speaker.
def test_a_ministry_run_by_a_party_is_the_ministry():
    found = voices("The Hamas-run health ministry said 40 people were killed in an Israeli strike on a school in "
                   "Rafah on Tuesday.")
    assert found == [("Gaza Health Ministry", "palestinian")]


# A local office is of the town named before it, even one the tagger read as a person.
def test_a_regional_governor_is_of_the_town_before_him():
    found = voices("A Russian strike on the Ukrainian city of Kharkiv killed at least one person on Saturday, "
                   "regional governor Oleh Syniehubov said.")
    assert found[0][1] == "ukrainian"


# "the mayor", "the governor": the mayor or governor who spoke before.
@pytest.mark.parametrize("text, name, side", [
    ("Kharkiv Mayor Ihor Terekhov reported that a Russian airstrike killed 12 people. According to the mayor, 43 "
     "people were injured in a missile attack on the central part of the city on Sunday.", "Terekhov", "ukrainian"),
    ("Governor Babagana Zulum said insurgents killed 15 farmers near Maiduguri. The governor said the attackers "
     "came on motorbikes.", "Zulum", "nigerian"),
])
def test_a_bare_title_is_the_holder_who_spoke(text, name, side):
    last = voices(text)[-1]
    assert name in last[0] and last[1] == side


# "the terror group's spokesman X": a member of the armed group named before, on its side.
@pytest.mark.parametrize("text, side", [
    ("The Israeli army said it struck a Hezbollah weapons depot near Tyre. The terror group's spokesman Ali "
     "Hamdan denied that any depot was hit.", "hezbollah"),
    ("The army said it killed 20 militants of al-Shabaab near Jilib. The group's spokesman, Abdiasis Abu Musab, "
     "said its fighters killed 15 soldiers in the attack.", "al-shabaab"),
])
def test_a_groups_spokesman_speaks_for_the_group(text, side):
    assert voices(text)[-1][1] == side


# Medical and local sources are people of the place: neutral, whoever the outlet is.
@pytest.mark.parametrize("text", [
    "Gunmen attacked a bus near Kaduna, killing nine passengers, a local source said.",
    "Saudi-led coalition jets hit a market in Saada, killing 12 people, medical sources said.",
    "Shelling killed four people near El Fasher, a medical source told AFP.",
])
def test_medical_and_local_sources_are_neutral(text):
    assert voices(text, outlet="Partisan Daily", side="ukrainian")[-1][1] == "neutral"


# "The army “struck ...,” it said": the pronoun closing a quote is the subject that opened it, and "the army" is
# the army that spoke before, not the ministry or armed group that spoke in between.
@pytest.mark.parametrize("text, side", [
    ("The Israeli army said it targeted a senior Hamas commander in Khan Younis, after the Hamas-run territory's "
     "health ministry said 30 people were killed. The army \"struck the commander, who masterminded the "
     "massacre,\" it said in a statement.", "israeli"),
    ("The Israeli army said it struck a rocket launcher near Tyre. The Hezbollah-run council said two people were "
     "killed. The army \"destroyed the launcher, which fired at Metula,\" it said in a statement.", "israeli"),
])
def test_a_quote_closed_by_it_is_its_subjects(text, side):
    assert voices(text)[-1][1] == side


# A future attack announced, or a price the enemy will pay, is a threat.
@pytest.mark.parametrize("text", [
    "The Houthis announced they would launch a new phase of operations against ships heading to Israel.",
    "The Burkinabe junta warned the jihadists that they would pay dearly for the massacre.",
    "The Houthis warned that any US strike on Yemen would be met with a strong response.",
    "Al-Shabaab said it would target any foreign troops that enter Jubaland.",
    "The ELN said it would attack army bases in Arauca if the offensive continued.",
    "Pakistan's military warned that militants operating from Afghanistan would face the full force of the state.",
    "The Houthi spokesman said the movement will continue its attacks in the Red Sea until the siege is lifted.",
])
def test_an_announced_attack_is_a_threat(text):
    assert "THREATEN" in [t for t, _ in claims(text)]


@pytest.mark.parametrize("text", [
    "The Nigerian government said it would launch an investigation into the drone strike.",
    "The Kaduna governor said the state would pay compensation to the families of the victims.",
])
def test_an_inquiry_or_compensation_is_no_threat(text):
    assert "THREATEN" not in [t for t, _ in claims(text)]


# A state's army is named with its demonym, as writers name it ("the Malian army").
def test_an_army_is_named_with_its_demonym():
    assert voices("The Chadian army said it killed 30 Boko Haram fighters near Lake Chad.") == \
        [("Chadian Armed Forces", "chadian")]


# "A ship reported ..., the X (ACR) said": the speaker closing the sentence tells what the inner reporter saw.
@pytest.mark.parametrize("text, name", [
    ("A cargo ship reported it had been struck by a drone off Mokha, the United Kingdom Maritime Trade "
     "Operations (UKMTO) said on Friday.", "Maritime Trade Operations"),
    ("Villagers reported that gunmen had burned 30 houses near Jos, the Plateau state police command said.",
     "Police"),
])
def test_the_closing_speaker_tells_the_inner_report(text, name):
    assert all(name in who for who, _ in voices(text))


# "the Qaeda-linked group", "the Iran-backed group": a descriptor of the armed group named before, not its patron.
@pytest.mark.parametrize("text, side", [
    ("JNIM fighters attacked a military camp in Boulkessi on Sunday. The Al-Qaeda-linked group said it had killed "
     "40 soldiers in an assault on a base near Dioura.", "jnim"),
    ("Hezbollah fired 30 rockets at Kiryat Shmona. The Iran-backed group said it targeted an army base.",
     "hezbollah"),
])
def test_a_group_tied_to_a_patron_is_the_group_named_before(text, side):
    assert voices(text)[-1][1] == side


# "the army" after an armed group spoke is a state's army, never the group.
@pytest.mark.parametrize("text, side", [
    ("The RSF said its fighters had captured the town of Tina in North Darfur on Saturday. The army denied that "
     "the town had fallen, saying it had repelled the attack.", "sudanese"),
    ("The Arakan Army said it had captured a junta base in Buthidaung. The army said its troops had repulsed the "
     "attack near Sittwe.", "myanmar"),
])
def test_the_army_after_an_armed_group_is_the_states(text, side):
    assert voices(text)[-1][1] == side


# "the ethnic army", "the resistance forces": the non-state army named before, not a state's.
def test_an_ethnic_army_is_the_armed_group_named_before():
    text = ("The Arakan Army said it had captured a police outpost in Buthidaung. The ethnic army said it seized "
            "weapons and ammunition from the outpost.")
    assert voices(text)[-1] == ("Arakan Army", "arakan army")


# "X condemned the attack, calling it a war crime": one statement told in one breath is one claim.
@pytest.mark.parametrize("text", [
    "The Kenyan government condemned the bombing in Mandera, calling it a cowardly act by terrorists of al-Shabaab.",
    "The EU condemned the strike on the market in Kramatorsk, calling it a war crime.",
])
def test_one_breath_is_one_claim(text):
    assert [t for t, _ in claims(text, side="international")].count("ACCUSE") == 1


# A speaker telling its own withdrawal reports an act (an event); the enemy's retreat it tells is a claim.
@pytest.mark.parametrize("text, retreat", [
    ("The Malian army said it had been forced to pull back from its base in Boulkessi.", False),
    ("\"We withdrew from the village to save civilian lives,\" the Ukrainian commander said.", False),
    ("The RSF said the army had withdrawn from the garrison in Wad Madani.", True),
])
def test_an_own_withdrawal_is_no_retreat_claim(text, retreat):
    assert ("RETREAT" in [t for t, _ in claims(text)]) is retreat
