"""Actors of any war: who acted follows the verb (agent, not patient) in every sentence shape; ACLED's naming of
any state's forces and police, of armed groups and of unnamed groups by the event's country; "the enemy" by the
speaker's side. Invented sentences from many wars, over a real parse, with places and attributions given as
records (the other stages have their own tests)."""
import datetime as dt

import pytest

import parsed
from polemos import actors, conflicts, events
from polemos.types import Article, Attribution, Span

PLACES = {"Kherson": ("UA", 46.64, 32.61), "Kharkiv": ("UA", 49.99, 36.23), "Belgorod": ("RU", 50.61, 36.58),
          "El Fasher": ("SD", 13.63, 25.35), "Omdurman": ("SD", 15.64, 32.48), "Rafah": ("PS", 31.30, 34.25),
          "Nabatieh": ("LB", 33.38, 35.48), "Kiryat Shmona": ("IL", 33.21, 35.57), "Menaka": ("ML", 15.92, 2.40),
          "Gao": ("ML", 16.27, -0.04), "Maiduguri": ("NG", 11.85, 13.16), "Beledweyne": ("SO", 4.74, 45.20),
          "Sagaing": ("MM", 21.88, 95.98), "Mirebalais": ("HT", 18.83, -72.10), "Arauca": ("CO", 7.08, -70.76),
          "Goma": ("CD", -1.68, 29.22), "Bahir Dar": ("ET", 11.59, 37.39), "Hodeidah": ("YE", 14.80, 42.95)}


def places_in(text):
    return parsed.places_in(PLACES, text)


def run(nlp, text, war="default", claimant="the outlet itself", side="international", day="2024-03-08",
        source=None):
    article = Article(id="t", date=dt.date.fromisoformat(day), text=text, conflict=war)
    src = Span(text.index(source), text.index(source) + len(source)) if source else None
    attribution = Attribution(span=Span(0, len(text)), claimant=claimant, claimant_side=side, cue="said",
                              source_span=src)
    return events.extract(nlp(text), article, [attribution], places_in(text))


# ------------------------------------------------------------------ the verb decides who acted

@pytest.mark.parametrize("text, war, side", [
    ("Russian troops shelled Kherson overnight.", "russia-ukraine", "russian"),                        # active
    ("Kherson was shelled by Russian troops overnight.", "russia-ukraine", "russian"),                  # passive
    ("Russia's shelling of Kherson killed a woman on Thursday.", "russia-ukraine", "russian"),          # possessive
    ("El Fasher came under fire from RSF fighters on Thursday.", "sudan", "rsf"),                      # came under
    ("An Israeli drone strike on a car in Nabatieh killed two people.", "israel-hezbollah", "israeli"),  # modifier
    ("JNIM and Islamic State fighters attacked an army camp in Menaka, killing 12 soldiers.", "mali", "jnim"),  # list
    ("Five soldiers were killed in an attack by ELN guerrillas in Arauca.", "colombia", "eln"),        # "by" on a noun
    ("Government troops were ambushed near Beledweyne by al-Shabaab fighters.", "somalia", "al-shabaab"),
])
def test_the_agent_of_the_verb_is_the_actor(nlp, text, war, side):
    found = run(nlp, text, war=war)
    assert found and {e.actor1_side for e in found} == {side}


@pytest.mark.parametrize("text, war, side, patient", [
    ("Ukrainian positions near Kharkiv were shelled on Monday.", "russia-ukraine", "ukrainian", "ukrainian"),
    ("M23 rebels attacked Congolese army positions near Goma on Monday.", "drc-m23", "m23", "congolese"),
])
def test_the_patient_is_never_the_actor(nlp, text, war, side, patient):
    """The party acted upon is actor2; with no agent named, a party's report blames the side it fights."""
    found = run(nlp, text, war=war, claimant="the General Staff", side=side if side != patient else "ukrainian")
    assert found and all(e.actor1_side != patient or side == patient for e in found)
    assert all(conflicts.load(war).sides[patient].actor == e.actor2 or e.actor2 is None for e in found)


def test_its_own_drones_are_the_speakers_side(nlp):
    """"The ministry said its drones struck positions": the speaker's own forces, not the other side."""
    text = "The Ukrainian Air Force said its drones struck Russian positions near Belgorod."
    [e] = run(nlp, text, war="russia-ukraine", claimant="Ukrainian Air Force", side="ukrainian",
              source="The Ukrainian Air Force")
    assert e.actor1_side == "ukrainian" and e.actor2 == "Military Forces of Russia (2000-)"


def test_the_speaker_is_not_the_actor(nlp):
    text = "Sudanese army officials said El Fasher was shelled overnight."
    found = run(nlp, text, war="sudan", claimant="Sudanese army", side="sudanese", source="Sudanese army officials")
    assert found and all(e.actor1_side == "rsf" for e in found)   # a party's report blames the side it fights


# ------------------------------------------------------------------ ACLED's names of any war's actors

def test_an_unnamed_group_is_named_by_the_events_country(nlp):
    [e] = run(nlp, "Gunmen killed six villagers near Gao on Sunday.", war="mali")
    assert e.actor1 == "Unidentified Armed Group (Mali)" and e.sub_event_type == "Attack" and e.civilian_targeting
    [e] = run(nlp, "Suspected jihadists attacked a market in Maiduguri on Sunday.", war="nigeria")
    assert e.actor1 == "Unidentified Armed Group (Nigeria)" and e.actor1_side == "jihadists"


def test_police_and_forces_take_the_regime_years_of_their_state():
    prof = conflicts.load()
    assert actors.actor_in("Police arrested 14 activists.", None, prof, "KE")[0].startswith("Police Forces of Kenya (")
    assert actors.actor_in("Colombian troops clashed with guerrillas.", None, prof, "CO")[0] == \
        "Military Forces of Colombia (2022-)"


@pytest.mark.parametrize("words, actor, side", [
    ("Houthi forces fired", "Military Forces of Yemen (2017-) Houthi", "houthi"),
    ("RSF fighters shelled", "Rapid Support Forces", "rsf"),
    ("Viv Ansanm gangs attacked", "Viv Ansanm", "viv ansanm"),
    ("Fano militiamen attacked", "Fano Militia", "fano"),
    ("The Arakan Army captured", None, "arakan army"),
])
def test_armed_groups_are_named_as_acled_names_them(words, actor, side):
    found = actors.actor_in(words, None, conflicts.load(), None)
    assert found and found[1] == side and (actor is None or found[0] == actor)


def test_local_words_name_a_local_group_only_in_its_country():
    """"Bandits" are Nigeria's unidentified armed groups in Nigeria; elsewhere they are no such group."""
    prof = conflicts.load("nigeria")
    assert actors.actor_in("Armed bandits abducted 20 pupils.", None, prof, "NG")[0] == \
        "Unidentified Armed Group (Nigeria)"
    assert actors.actor_in("Armed bandits abducted 20 pupils.", None, conflicts.load(), "KE") is None


def test_local_forces_are_not_read_in_a_war_between_states():
    """"The army" in Mali is Mali's; between Russia and Ukraine it may be either's."""
    assert actors.actor_in("The army repelled an attack.", None, conflicts.load("mali"), "ML")[1] == "malian"
    assert actors.actor_in("The army repelled an attack.", None, conflicts.load("russia-ukraine"), "UA") is None


# ------------------------------------------------------------------ the enemy, by the speaker's side

@pytest.mark.parametrize("war, side, enemy", [
    ("russia-ukraine", "ukrainian", "russian"), ("russia-ukraine", "russian", "ukrainian"),
    ("sudan", "rsf", "sudanese"), ("israel-hezbollah", "hezbollah", "israeli"),
])
def test_the_enemy_is_the_side_the_speaker_fights(nlp, war, side, enemy):
    [e] = run(nlp, "The enemy shelled Kharkiv during the night.", war=war, claimant="the command", side=side)
    assert e.actor1_side == enemy


def test_in_the_default_profile_the_enemy_is_the_one_war_the_speakers_side_fights_in():
    prof = conflicts.load()
    assert actors.opponent_of("ukrainian", prof) == "russian"
    assert actors.opponent_of("kenyan", prof) is None      # no war of its own: no enemy resolved
    assert actors.actor_in("The enemy shelled the town.", "ukrainian", prof, "UA")[1] == "russian"


def test_a_war_of_many_sides_names_no_enemy(nlp):
    """Mali's army fights several groups: "the enemy" says which of them no better than nothing."""
    assert actors.opponent_of("malian", conflicts.load("mali")) is None


# ------------------------------------------------------------------ what the verb says of the event

def test_a_weapon_stopped_was_stopped_by_the_reporting_side(nlp):
    [e] = run(nlp, "Another Ukrainian drone was shot down over Belgorod, the ministry said.", war="russia-ukraine",
              claimant="Russian Defense Ministry", side="russian")
    assert e.sub_event_type == "Disrupted weapons use" and e.actor1_side == "russian"


@pytest.mark.parametrize("text, war, sub_type", [
    ("The Israeli army said it carried out a strike on a house in Rafah.", "israel-gaza", "Air/drone strike"),
    ("US forces struck a Houthi radar site near Hodeidah on Friday.", "yemen-red-sea", "Air/drone strike"),
    ("Hezbollah fighters struck Kiryat Shmona with rockets on Friday.", "israel-hezbollah",
     "Shelling/artillery/missile attack"),
    ("Russian forces struck Kharkiv overnight.", "russia-ukraine", "Shelling/artillery/missile attack"),
    ("The junta struck a village near Sagaing on Friday.", "myanmar", "Air/drone strike"),
])
def test_a_strike_with_no_weapon_named_is_the_strikers_usual_one(nlp, text, war, sub_type):
    found = run(nlp, text, war=war)
    assert found and {e.sub_event_type for e in found} == {sub_type}


@pytest.mark.parametrize("text, war, state", [
    ("Five soldiers were killed in an attack by guerrillas of the National Liberation Army near Arauca.", "colombia",
     "colombian"),
    ("The Arakan Army attacked a junta outpost near Sagaing on Monday.", "myanmar", "myanmar"),
])
def test_a_groups_name_is_neither_a_trigger_nor_a_states_army(nlp, text, war, state):
    """"Liberation" in a group's name takes no place; "Army" in it is not the state's army."""
    found = run(nlp, text, war=war)
    assert found and all("territory" not in e.sub_event_type and e.actor1_side != state for e in found)


def test_weapons_named_in_a_by_phrase_act_on_what_follows(nlp):
    """"Strikes by Sudlandic Su-25 jets and Norlandic-made drones on Kherson": the jets' state acts, the place and
    the forces after "on" are acted upon; a maker ("Norlandic-made") is no actor."""
    text = ("Jets took off from Belgorod to support strikes by Russian Su-34 bombers and Iranian-made Shahed drones "
            "on Kharkiv as well as on positions of the Ukrainian armed forces.")
    found = run(nlp, text, war="russia-ukraine", claimant="General Staff", side="ukrainian")
    assert found and {e.actor1_side for e in found} == {"russian"}


def test_a_stopped_drone_is_stopped_by_the_side_that_reports_it(nlp):
    text = "Officials said air defences neutralized two Russian unmanned aerial vehicles over Kharkiv."
    [e] = run(nlp, text, war="russia-ukraine", claimant="Ukrainian officials", side="ukrainian")
    assert e.sub_event_type == "Disrupted weapons use" and e.actor1_side == "ukrainian"


def test_where_fire_came_from_is_no_actor(nlp):
    """"A rocket fired from Lebanon struck Kiryat Shmona": the origin of fire is a place, not Lebanon's army."""
    [e] = run(nlp, "A rocket fired from Lebanon struck a football pitch in Kiryat Shmona on Saturday.",
              war="israel-hezbollah")
    assert e.actor1_side != "lebanese"


@pytest.mark.parametrize("text, war, sub_type", [
    ("Israeli aircraft bombed a house in Rafah overnight.", "israel-gaza", "Air/drone strike"),
    ("The Houthis launched a drone that struck a building in Kiryat Shmona.", "yemen-red-sea", "Air/drone strike"),
    ("The fighter jet shot it down over Hodeidah, the US military said.", "yemen-red-sea", "Disrupted weapons use"),
])
def test_the_weapon_a_sentence_names_decides_an_unnamed_strike(nlp, text, war, sub_type):
    found = run(nlp, text, war=war)
    assert found and {e.sub_event_type for e in found} == {sub_type}


@pytest.mark.parametrize("text, war", [
    ("Omdurman has been calm since not long after the RSF overran most of the city.", "sudan"),
    ("Over the past few years, Israeli forces have conducted regular raids in Rafah.", "israel-gaza"),
])
def test_what_came_before_the_news_is_no_event(nlp, text, war):
    assert run(nlp, text, war=war) == []


@pytest.mark.parametrize("text, war", [
    ("US forces have come under attack over 100 times in Iraq since October.", "iraq"),
    ("Jenin has been a flashpoint after a wave of attacks in which 19 people were killed.", "israel-gaza"),
    ("The army has gained ground in Omdurman over recent weeks.", "sudan"),
    ("The US vowed to press on with its military operation against the Houthis near Hodeidah.", "yemen-red-sea"),
    ("The militants took shelter in a security vacuum in areas around Kirkuk.", "iraq"),
])
def test_a_campaign_told_in_sum_is_no_event(nlp, text, war):
    assert run(nlp, text, war=war) == []


def test_an_aircraft_bombardment_is_an_air_strike(nlp):
    """"Bombardment" names no weapon: the aircraft the sentence names decides."""
    [e] = run(nlp, "The army's aircraft bombardment killed 34 villagers in Maiduguri on Sunday.", war="nigeria")
    assert e.sub_event_type == "Air/drone strike"


def test_a_groups_acronym_is_read_in_capitals():
    """"TAK" names a group; "Tak" in "the Karin Tak area" names a place."""
    prof = conflicts.load()
    assert actors.actor_in("TAK militants claimed the bombing.", None, prof, "TR")[1] == "pkk"
    assert actors.actor_in("Fighting raged in the Karin Tak area.", None, prof, "AZ") is None


def test_civilians_are_named_by_the_events_country(nlp):
    [e] = run(nlp, "RSF fighters shelled a market in Omdurman on Thursday, killing five civilians.", war="sudan")
    assert e.civilian_targeting and e.actor2 == "Civilians (Sudan)"


@pytest.mark.parametrize("actor, code", [
    ("Military Forces of Ukraine (2019-)", "1"), ("Police Forces of Kenya (2022-)", "1"), ("Rapid Support Forces", "2"),
    ("Fano Militia", "3"), ("Civilians (Sudan)", "7"), ("Protesters (Chile)", "6"), ("Rioters (Peru)", "5"),
    ("Unidentified Armed Group (Mali)", "3"), ("MSS: Multinational Security Support Mission in Haiti", "8"),
])
def test_every_actor_has_its_acled_inter_code(actor, code):
    from polemos import world
    assert world.inter(actor) == code


def test_forces_word_before_a_site_names_a_target():
    mali, nigeria = conflicts.load("mali"), conflicts.load("nigeria")
    assert actors.actor_in("A car bomb exploded outside a military camp in Gao.", None, mali, "ML") is None
    assert actors.actor_in("Gunmen stormed a police station in Kano.", None, nigeria, "NG")[1] == "unidentified"
    assert actors.actor_in("The army shelled the village.", None, mali, "ML")[1] == "malian"


def test_speaker_of_an_earlier_sentence_is_not_its_actor():
    text = "The army said it had foiled an attack near Gao."
    assert actors.actor_in(text, None, conflicts.load("mali"), "ML", speakers=((0, 8),)) is None
    assert actors.actor_in(text, None, conflicts.load("mali"), "ML")[1] == "malian"


@pytest.mark.parametrize("text, profile, country, side", [
    # a party before a military target owns the target; a counted unnamed group or forces word is the victims
    ("Warplanes struck Taliban hideouts in Helmand, killing 12 militants.", "afghanistan", "AF", None),
    ("Drones hit al-Shabaab training camps near Jilib.", "somalia", "SO", None),
    ("The blast killed two soldiers near Mopti.", "mali", "ML", None),
    # a party that acts stays the actor
    ("Boko Haram fighters attacked a checkpoint near Bama, killing two soldiers.", "nigeria", "NG", "boko haram"),
    ("Militants attacked a checkpoint in Helmand, killing two soldiers.", "afghanistan", "AF", "militants"),
])
def test_target_owner_and_victims_do_not_act(text, profile, country, side):
    found = actors.actor_in(text, None, conflicts.load(profile), country)
    assert (found[1] if found else None) == side


def test_first_of_two_states_that_struck_together_acts():
    # "X and Y launched/struck": the first state named is the actor, not the second one
    text = "Ethiopia and Eritrea reportedly struck Tigrayan positions near Adwa."
    assert actors.actor_in(text, None, conflicts.load("ethiopia"), "ET")[1] == "ethiopian"
