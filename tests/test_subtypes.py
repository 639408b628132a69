"""All of ACLED's 25 sub-types in running text: the event stage finds each from a wire-style sentence (invented,
from many wars), by its own triggers or by the ACLED codebook's cues and precedence (data/acled_subtypes.toml), the
lexicon `polemos classify` reads too."""
import datetime as dt

import pytest

import parsed
from polemos import classify, events
from polemos.types import Article, Attribution, Span

PLACES = {"Kharkiv": ("UA", 49.99, 36.23), "Omdurman": ("SD", 15.64, 32.48), "Idlib": ("SY", 35.93, 36.63),
          "Gao": ("ML", 16.27, -0.04), "Mogadishu": ("SO", 2.04, 45.34), "Maiduguri": ("NG", 11.85, 13.16),
          "Goma": ("CD", -1.68, 29.22), "Srinagar": ("IN", 34.08, 74.80), "Nairobi": ("KE", -1.29, 36.82),
          "Khartoum": ("SD", 15.50, 32.56), "Port-au-Prince": ("HT", 18.54, -72.34), "Lahore": ("PK", 31.55, 74.34),
          "Beni": ("CD", 0.49, 29.47), "Kabul": ("AF", 34.53, 69.17), "Manbij": ("SY", 36.53, 37.95),
          "Bamako": ("ML", 12.65, -8.00), "Tripoli": ("LY", 32.89, 13.19), "Sittwe": ("MM", 20.15, 92.90),
          "Bogota": ("CO", 4.61, -74.08), "Colombo": ("LK", 6.93, 79.85), "Doha": ("QA", 25.29, 51.53),
          "Mekelle": ("ET", 13.50, 39.47), "Kidal": ("ML", 18.44, 1.41), "Culiacan": ("MX", 24.80, -107.39),
          "Bunia": ("CD", 1.57, 30.25)}


def places_in(text):
    return parsed.places_in(PLACES, text)


SENTENCES = {
    "Armed clash": "Soldiers and al-Shabaab fighters exchanged fire for hours on the outskirts of Mogadishu on Monday.",
    "Government regains territory": "Malian troops recaptured Kidal from the rebels on Monday.",
    "Non-state actor overtakes territory": "RSF fighters seized control of Omdurman's market district on Monday.",
    "Chemical weapon": "A chlorine gas attack on Idlib left dozens of people struggling to breathe on Monday.",
    "Air/drone strike": "Warplanes struck a market in Idlib on Monday, killing nine people.",
    "Suicide bomb": "A suicide bomber blew himself up at a checkpoint in Kabul on Monday.",
    "Shelling/artillery/missile attack": "Russian artillery shelled residential areas of Kharkiv on Monday.",
    "Remote explosive/landmine/IED": "A roadside bomb exploded under a police truck in Mogadishu on Monday.",
    "Grenade": "Militants lobbed a grenade at a police post in Srinagar on Monday, wounding three officers.",
    "Sexual violence": "Soldiers raped four women in a village near Bunia on Monday, a rights group said.",
    "Attack": "Gunmen killed seven villagers near Beni on Monday.",
    "Abduction/forced disappearance": "Bandits abducted 20 passengers on a highway near Maiduguri on Monday.",
    "Peaceful protest": "Thousands of teachers marched through Nairobi on Monday to demand higher pay.",
    "Protest with intervention": "Police fired tear gas to disperse protesters in Khartoum on Monday.",
    "Excessive force against protesters": "Security forces opened fire on peaceful demonstrators in Khartoum on "
                                          "Monday, killing four protesters.",
    "Violent demonstration": "Protesters threw stones at police and torched a bus in Colombo on Monday.",
    "Mob violence": "A mob lynched two men accused of theft in Port-au-Prince on Monday.",
    "Agreement": "The government and the rebels signed a ceasefire agreement in Doha on Monday.",
    "Arrests": "Police arrested 14 opposition activists in Lahore on Monday.",
    "Change to group/activity": "The army deployed two battalions of troops to Gao on Monday.",
    "Disrupted weapons use": "Bomb disposal experts defused an explosive device near a market in Maiduguri on Monday.",
    "Headquarters or base established": "Turkish forces set up a new military base near Manbij on Monday.",
    "Looting/property destruction": "Militiamen looted shops and torched houses in Bunia on Monday.",
    "Non-violent transfer of territory": "Government troops handed Mekelle over to local forces without a fight on "
                                         "Monday.",
    "Other": "Authorities imposed a curfew in Culiacan on Monday after a night of cartel violence.",
}


def test_every_acled_sub_type_has_a_sentence():
    assert set(SENTENCES) == set(classify.sub_types())


@pytest.mark.parametrize("sub_type", sorted(SENTENCES))
def test_the_event_stage_finds_every_sub_type_in_running_text(nlp, sub_type):
    text = SENTENCES[sub_type]
    article = Article(id="t", date=dt.date(2024, 5, 8), text=text)   # a Wednesday: "Monday" is the 6th
    attribution = Attribution(span=Span(0, len(text)), claimant="the outlet itself", claimant_side="international")
    found = events.extract(nlp(text), article, [attribution], places_in(text))
    assert [e.sub_event_type for e in found] == [sub_type]
    assert all(e.event_type == classify.event_type_of(sub_type) and e.date == "2024-05-06" for e in found)


@pytest.mark.parametrize("text, label", [
    # an attack foiled on a camp or post is fought off (armed clash); a plot or a drone foiled is disrupted
    ("The army said it had foiled an attack on a military camp in Timbuktu on Monday.", "Armed clash"),
    ("Troops thwarted an assault by jihadists on the base near Gao.", "Armed clash"),
    ("Soldiers repelled an infiltration attempt by rebels on the outpost near Kalehe.", "Armed clash"),
    ("An attempted drone attack on the region had been thwarted, the ministry said.", "Disrupted weapons use"),
    ("Police foiled a bomb plot in Karachi on Sunday.", "Disrupted weapons use"),
])
def test_an_attack_foiled_on_a_post_is_fought(text, label):
    assert classify.decide(text).label == label


@pytest.mark.parametrize("text, label", [
    # "held by workers": the workers hold the sit-in, nobody holds them
    ("On 23 September 2022, a sit-in was held by health workers outside the governor's office in Kano.",
     "Peaceful protest"),
    ("A vigil was held by students outside the university in Dhaka on Friday.", "Peaceful protest"),
    ("Gunmen held ten passengers hostage near Zaria on Monday.", "Abduction/forced disappearance"),
])
def test_what_workers_hold_is_no_hostage_taking(text, label):
    assert classify.decide(text).label == label


@pytest.mark.parametrize("text, label", [
    # armed men who only burn, loot or destroy property: property destruction, not an attack on people
    ("Armed men burned a bus in Tumaco on Tuesday.", "Looting/property destruction"),
    ("Gunmen torched three trucks on the highway near Marsabit on Sunday.", "Looting/property destruction"),
    ("Settlers uprooted 50 olive trees near Nablus on Saturday.", "Looting/property destruction"),
    # armed men who hurt people still attack
    ("Armed men burned a house and killed two residents in Djugu.", "Attack"),
    ("Gunmen stormed a village in Zamfara and shot dead four farmers.", "Attack"),
])
def test_armed_men_who_destroy_property(text, label):
    assert classify.decide(text).label == label


@pytest.mark.parametrize("text", [
    "Russia and Ukraine exchanged 215 prisoners of war on Wednesday.",
    "The two sides exchanged the bodies of fallen soldiers near Kalehe.",
    "Armenia and Azerbaijan are exchanging detainees under the deal.",
])
def test_prisoners_exchanged_are_an_agreement(text):
    assert classify.decide(text).label == "Agreement"
