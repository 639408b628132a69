"""Claims of wars no profile was written for: invented wire-style sentences read with the default profile."""
from __future__ import annotations

import datetime as dt

import pytest

from polemos.attribution import attribute, parse
from polemos.claims import extract_claims
from polemos.types import Article


def claims_of(text, outlet="Wire", side=None):
    art = Article("t", dt.date(2023, 4, 2), text, outlet=outlet, side=side)
    doc = parse(text)
    return extract_claims(doc, art, attribute(doc, art))


def kinds(text, **kw):
    return [c.type for c in claims_of(text, **kw)]


# A warning of force to come is a threat, whichever words carry it.
THREATS = [
    "The Somali government warned that it would take decisive action against the militants in Lower Shabelle.",
    "The Niger junta said anyone helping the rebels would face severe consequences.",
    "Armenia's defence minister said any incursion would meet a firm response.",
    "\"Our troops will respond forcefully to any provocation,\" the Ukrainian general said.",
    "The SDF commander said the jihadists would be hunted down in the desert.",
    "The Houthi spokesman said the movement would continue to target ships bound for Eilat.",
    "\"We will not tolerate the shelling of our villages,\" the Thai army spokesman said.",
    "The Polisario Front said its fighters could strike Moroccan positions along the berm.",
    "The RED-Tabara leader said his men were ready for an all-out war with the Burundian army.",
    "The Colombian minister vowed the dissidents would pay a heavy price for the ambush.",
]


@pytest.mark.parametrize("text", THREATS)
def test_a_warning_of_force_to_come_is_a_threat(text):
    assert "THREATEN" in kinds(text)


@pytest.mark.parametrize("text", [
    "The Sri Lankan minister said the parties would strike a deal on prisoners next week.",
    "Aid groups warned the fighting in Tigray would have severe consequences for civilians.",
])
def test_a_deal_or_a_humanitarian_warning_is_no_threat(text):
    assert "THREATEN" not in kinds(text)


def claimants_of(text):
    art = Article("t", dt.date(2023, 4, 2), text, outlet="Wire")
    doc = parse(text)
    return [(a.claimant, a.claimant_side) for a in attribute(doc, art)]


# The police speak for themselves, not for the ministry above them.
@pytest.mark.parametrize("text, name", [
    ("Kenyan police said gunmen killed four people near Mandera.", "Kenyan Police"),
    ("Police in Mexico said cartel gunmen burned three trucks in Michoacan.", "Mexican Police"),
    ("A Pakistani police spokesman said militants stormed a checkpoint in Bannu.", "Pakistani Police"),
    ("The Bangladeshi police chief said rebels ambushed a patrol in the hills.", "Bangladeshi Police"),
])
def test_the_police_are_their_own_claimant(text, name):
    assert any(c == name for c, _ in claimants_of(text))


# A state's body named bare in an article that names no state speaks for the state of the places it names.
@pytest.mark.parametrize("text, side", [
    ("The army said it killed 11 militants in an operation in North Waziristan.", "pakistani"),
    ("The military said its troops repelled an attack on a base near Timbuktu.", "malian"),
    ("Police said gunmen killed six villagers in Zamfara on Sunday.", "nigerian"),
    ("The defence ministry said drones hit a fuel depot in the city of Lviv overnight.", "ukrainian"),
])
def test_a_bare_state_body_speaks_for_the_state_of_the_places_named(text, side):
    assert any(s == side for _, s in claimants_of(text))


# Each branch of a group that shares its name with others is a speaker of its own.
@pytest.mark.parametrize("text, side", [
    ("ISWAP said its fighters overran a base near Monguno.", "iswap"),
    ("The Islamic State group said on Telegram that its men attacked an army post near Raqqa.", "islamic state"),
    ("Islamic State's Sinai Province said it blew up a gas pipeline.", "islamic state"),
    ("Islamic State in Somalia said its fighters ambushed a Puntland patrol.", "islamic state"),
])
def test_a_groups_branches_are_speakers(text, side):
    assert any(s == side for _, s in claimants_of(text))


# Those who pull the dead from the rubble are people of the place: neutral.
@pytest.mark.parametrize("text", [
    "At least 12 people were killed in an air strike on a market in Sagaing, according to a rescue worker.",
    "Five people died when shells hit a bus stop in Kherson, paramedics said.",
    "Nine bodies were pulled from the rubble in Idlib, first responders said.",
])
def test_rescuers_are_people_of_the_place(text):
    assert ("neutral" in {s for _, s in claimants_of(text)})


# To deny someone access or entry is a refusal, an act: no statement is denied.
@pytest.mark.parametrize("text", [
    "Myanmar's junta denied the UN envoy access to Rakhine, the world body said.",
    "Israel denied entry to a team of UN investigators, the agency said.",
    "The Eritrean government denied the journalists visas, the press group said.",
])
def test_denying_access_is_no_denial(text):
    assert "REJECT" not in kinds(text)


@pytest.mark.parametrize("text", [
    "The Myanmar junta denied that its jets had bombed the school in Sagaing.",
    "The RSF denied the accusations and blamed the army for the shelling.",
])
def test_a_denial_of_what_was_said_stays(text):
    assert "REJECT" in kinds(text)


def test_would_hunt_down_threatens():
    assert "THREATEN" in kinds("The Congolese president said the army would hunt down the ADF rebels.")


# A label on the enemy in a report of one's own operation names its target; it accuses no one.
@pytest.mark.parametrize("text", [
    "During the exchange of fire, 11 terrorists, including terrorist commander Abdul Wali, were killed, the ISPR said.",
    "Soldiers identified a terrorist cell near Jenin and a drone struck it, the Israeli army said.",
    "Troops foiled a terrorist plot and detained two militants in Cabo Delgado, the Mozambican army said.",
    "Nigerian troops intercepted terrorists fleeing Sambisa forest, the army said.",
])
def test_a_label_in_an_operation_report_accuses_no_one(text):
    assert "ACCUSE" not in kinds(text)


def test_calling_a_party_terrorists_still_accuses():
    assert "ACCUSE" in kinds("The Ethiopian justice minister said the Fano militias were terrorists.")


# The charges of the law of war ("collective punishment", "human shields", hunger "as a weapon") accuse.
@pytest.mark.parametrize("text", [
    "The Palestinian foreign ministry said Israel was imposing collective punishment on the people of Gaza.",
    "Russia's defence ministry said Ukrainian forces were using civilians as human shields in Kursk.",
    "Ukraine's foreign minister said Russia was using hunger as a weapon of war.",
    "The Sudanese foreign ministry said the RSF was using rape as a weapon in Darfur.",
])
def test_charges_of_the_law_of_war_accuse(text):
    assert "ACCUSE" in kinds(text)


def test_they_points_back_to_a_body_that_spoke():
    text = ("The Ukrainian Defence Ministry said on Monday that a blast destroyed a train of Russian missiles.\n\n"
            "Thus, they have confirmed that the blast happened near the station.")
    assert claimants_of(text)[-1] == ("Ukraine Defence Ministry", "ukrainian")


def test_they_does_not_point_back_to_one_person():
    text = ("Yahya Saree said the Houthis fired two missiles at a tanker in the Red Sea.\n\n"
            "They have confirmed that the vessel was hit.")
    assert not claimants_of(text)[-1][0].startswith("Yahya Saree")


# Support told of another party ("X is backing the rebels") is the speaker's accusation, not the speaker's support.
@pytest.mark.parametrize("text", [
    "The Congolese government said Rwanda was backing the M23 rebels in North Kivu.",
    "The Yemeni government said Iran backs the Houthis with missiles and drones.",
    "Mali's junta said Algeria backs the separatist rebels in the north.",
])
def test_support_told_of_another_party_accuses(text):
    found = kinds(text)
    assert "ACCUSE" in found and "SUPPORT" not in found


def test_ones_own_support_stays_support():
    assert kinds("The European Union said it stands by Ukraine.") == ["SUPPORT"]


@pytest.mark.parametrize("text", [
    "The Sudanese army said the United Arab Emirates was supporting the RSF with weapons.",
    "Ukraine's foreign ministry said Iran was arming Russia with attack drones.",
])
def test_supporting_or_arming_another_party_accuses(text):
    assert "ACCUSE" in kinds(text)


def test_a_groups_news_agency_speaks_for_the_group():
    assert ("islamic state" in
            {s for _, s in claimants_of("The bombing in Jalalabad killed 14 soldiers, the Amaq news agency said.")})


# "the post on X said": a channel named by where it was put out points back to the last speaker.
@pytest.mark.parametrize("text, side", [
    ('The Israeli army said its jets struck Hezbollah sites in Lebanon. "The strikes are continuing," '
     'the post on X further said.', "israeli"),
    ('The Ukrainian air force said it downed 30 drones overnight. "Two drones hit Kharkiv," the post on Telegram '
     'said.', "ukrainian"),
    ("The Nigerian army said troops killed ten militants. A statement on Facebook said two soldiers died.",
     "nigerian"),
])
def test_a_post_on_a_platform_is_the_last_speakers(text, side):
    assert claimants_of(text)[-1][1] == side


# Foreign aid groups and conflict monitors are international voices.
@pytest.mark.parametrize("text", [
    "An air strike killed seven aid workers in Deir al-Balah, World Central Kitchen said.",
    "Doctors Without Borders said its hospital in Zamzam camp was shelled overnight.",
    "Clashes in Tripoli killed 40 people last week, according to ACLED.",
    "The Norwegian Refugee Council said 12 displaced people were killed in the attack on the camp in Ituri.",
])
def test_aid_groups_and_monitors_are_international(text):
    assert "international" in {s for _, s in claimants_of(text)}
