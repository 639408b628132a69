"""Events of wars the rules were not tuned on, read by the whole pipeline (default profile): the verbs and forms of
wire reports from many wars. Every sentence here is invented."""
import datetime as dt

import pytest

import polemos

DAY = dt.date(2023, 3, 4)


def kinds(pipe, text):
    return [(e.sub_event_type, e.location.name) for e in pipe.extract(text, DAY).events]


@pytest.mark.parametrize("text, sub_type, place", [
    # "loyal to the general", "linked to the group": a "to" before a noun phrase is no infinitive, so no irrealis
    ("Fighters loyal to the general seized control of the airport in Tripoli on Saturday.",
     "Non-state actor overtakes territory", "Tripoli"),
    ("Rebels allied to the former president captured the town of Bria on Sunday, the UN said.",
     "Non-state actor overtakes territory", "Bria"),
    # a killing by hand with its object between the verb and "to death"
    ("Unknown assailants hacked a family of four to death in Bokkos on Sunday night, residents said.",
     "Attack", "Bokkos"),
    ("Militiamen clubbed two herders to death near Bunia on Tuesday, a local official said.", "Attack", "Bunia"),
    # a prison stormed is an attack on its armed guards
    ("Insurgents stormed a prison in Kuje on Tuesday night, freeing hundreds of inmates.", "Armed clash", "Kuje"),
    ("Taliban fighters attacked the central jail in Kandahar on Monday, police said.", "Armed clash", "Kandahar"),
    # arrests told as a round-up
    ("Security forces rounded up dozens of opposition supporters in Conakry on Monday.", "Arrests", "Conakry"),
    # a building burned down is property destroyed
    ("Militiamen burned down a health centre in Ituri on Friday, aid workers said.",
     "Looting/property destruction", "Ituri"),
    ("Separatist fighters burned a school in Bamenda on Wednesday, the army said.",
     "Looting/property destruction", "Bamenda"),
    # a drone launched at a target is a drone strike
    ("The rebels launched a drone at an oil facility in Jizan on Sunday, the coalition said.",
     "Air/drone strike", "Jizan"),
    ("Insurgents flew two drones into the airport of Sittwe on Thursday, the junta said.", "Air/drone strike",
     "Sittwe"),
])
def test_wire_verbs_of_other_wars(pipe, text, sub_type, place):
    assert (sub_type, place) in kinds(pipe, text)


@pytest.mark.parametrize("text, sub_type, place", [
    # fire with no weapon named, by men with guns: an attack on civilians (or a clash), not shelling
    ("Gunmen opened fire on worshippers at a church in Owo on Sunday, killing at least 40 people.", "Attack", "Owo"),
    ("Suspected jihadists killed 15 civilians in an attack on a village near Tillaberi on Sunday.", "Attack",
     "Tillaberi"),
    ("Gang members opened fire on a minibus in Tegucigalpa on Monday, killing three passengers.", "Attack",
     "Tegucigalpa"),
    # with no men with guns named it stays the shelling a war of artillery means
    ("The town of Avdiivka came under fire again on Monday, the regional governor said.",
     "Shelling/artillery/missile attack", "Avdiyivka"),
    ("Gunmen fired mortars at the presidential palace in Mogadishu on Tuesday, police said.",
     "Shelling/artillery/missile attack", "Mogadishu"),
])
def test_fire_with_no_weapon_named_is_read_by_who_fires(pipe, text, sub_type, place):
    assert (sub_type, place) in kinds(pipe, text)


def test_fighters_killed_is_a_clash_but_fighters_who_kill_civilians_attack():
    from polemos import classify
    assert classify.decide("Six militants were killed in the raid near Baidoa on Friday.").label == "Armed clash"
    assert classify.decide("Twelve rebels killed in fighting near Kismayo.").label == "Armed clash"
    assert classify.decide("Militants killed nine civilians near Mandera on Friday.").label == "Attack"


@pytest.mark.parametrize("text, sub_type, place", [
    # intercepted people are fought, intercepted weapons are disrupted
    ("Soldiers intercepted a column of rebels near Kidal on Monday, killing 8.", "Armed clash", "Kidal"),
    ("Police intercepted a group of gunmen near Zamfara on Sunday, killing four of them.", "Armed clash", None),
    ("Air defences intercepted 16 drones over the Belgorod region on Friday, the ministry said.",
     "Disrupted weapons use", None),
])
def test_intercepted_people_are_fought_weapons_disrupted(pipe, text, sub_type, place):
    found = kinds(pipe, text)
    assert any(s == sub_type and (place is None or p == place) for s, p in found)


@pytest.mark.parametrize("text", [
    # a state of the war told in sum, not the day's news
    "Gangs have seized control of almost the entire capital, Port-au-Prince, the UN said.",
    "The rebels have captured most of the territory around Goma since the start of the year.",
    "The paramilitaries continue to attack villages around El Fasher, aid groups said.",
])
def test_a_state_of_the_war_told_in_sum_is_no_event(pipe, text):
    assert kinds(pipe, text) == []


@pytest.mark.parametrize("text", [
    "The army continued to shell the town on Tuesday, residents said.",
    "Rebels began to shell the camp on Sunday, the UN said.",
    "Fighters loyal to the warlord seized the port on Friday.",
])
def test_what_continued_or_began_on_a_day_is_told_as_real(text):
    from polemos import events
    assert events.wire(text)


@pytest.mark.parametrize("text", ["The army is ready to shell the town.", "Rebels threatened to attack the camp."])
def test_what_is_threatened_stays_unreal(text):
    from polemos import events
    assert not events.wire(text)


@pytest.mark.parametrize("text, sub_type", [
    # ACLED: only a state arrests; an armed group that detains people abducts them
    ("Al-Shabaab militants detained four elders in Jilib on Monday, residents said.", "Abduction/forced disappearance"),
    ("ISWAP fighters arrested two traders accused of spying in Maiduguri on Sunday.", "Abduction/forced disappearance"),
    ("Police arrested 14 opposition activists in Harare on Tuesday.", "Arrests"),
])
def test_an_armed_group_that_detains_abducts(pipe, text, sub_type):
    assert [s for s, _ in kinds(pipe, text)][:1] == [sub_type]


@pytest.mark.parametrize("text", [
    # agreements told in wire copy: a peace deal signed, prisoners exchanged, fighters who surrender
    "The government and the rebels signed a peace agreement in Juba on Friday.",
    "The two sides exchanged 40 prisoners of war near Zaporizhzhia on Sunday.",
    "Some 60 ADF fighters surrendered to the army in Beni on Monday.",
    "Dozens of FARC dissidents laid down their arms in Cali on Tuesday.",
])
def test_agreements_of_wire_copy(text):
    from polemos import events
    assert [row["sub_event_type"] for _, row in events.triggers(text)][:1] == ["Agreement"]


def test_a_deal_talked_about_is_no_agreement():
    from polemos import events
    assert not events.triggers("The two sides may sign a peace agreement next month, diplomats said.")


@pytest.mark.parametrize("text", [
    "Militiamen ransacked shops in the market of Bunia on Tuesday, traders said.",
    "Soldiers demolished 20 homes in a village near Hebron on Wednesday.",
    "Rioters vandalised a police station in Kisumu on Friday.",
    "Fighters plundered the warehouses of an aid agency in Nyala on Monday.",
])
def test_property_destroyed_or_looted(text):
    from polemos import events
    assert "Looting/property destruction" in [row["sub_event_type"] for _, row in events.wire(text)]


@pytest.mark.parametrize("text, arrests", [
    ("Police announced the arrest of six suspects in Mombasa on Monday.", True),
    ("Security forces made 40 arrests in Conakry overnight, the ministry said.", True),
    ("A court issued a warrant for the arrest of the former minister.", False),
    ("The opposition called for the arrest of the commander.", False),
])
def test_arrests_told_as_a_noun(text, arrests):
    from polemos import events
    assert ("Arrests" in [row["sub_event_type"] for _, row in events.wire(text)]) == arrests


@pytest.mark.parametrize("text", [
    "Hundreds of troops were deployed to Cabo Delgado on Sunday, the ministry said.",
    "The navy conducted live-fire drills off Kaohsiung on Thursday.",
    "The militia recruited dozens of child soldiers in Ituri last month, a UN report said.",
])
def test_changes_to_a_group_or_its_activity(text):
    from polemos import events
    assert "Change to group/activity" in [row["sub_event_type"] for _, row in events.wire(text)]


def test_a_day_stated_years_before_the_report_is_history():     # Mali, Syria, Colombia
    old = ["The town of Kidal, which separatist rebels seized on 3 March 2012, remains tense, officials said.",
           "Raqqa, captured by the militants in January 2014, is quiet now, residents said.",
           "The village where guerrillas killed eleven people on 4 May 2002 held a memorial, the mayor said."]
    for text in old:
        assert polemos.extract(text, date="2023-05-02").events == [], text
    [e] = polemos.extract("Rebels seized the town of Kidal on 3 March 2023, officials said.", date="2023-03-05").events
    assert e.date == "2023-03-03"
    [e] = polemos.extract("Gunmen attacked an army post near Kidal on Monday, killing four soldiers, officials said.",
                          date="2023-05-02").events
    assert e.sub_event_type == "Attack"


def test_a_base_set_up_is_an_event_bases_being_set_up_across_a_province_a_claim():   # Syria, Ukraine, Mali, Somalia
    [e] = polemos.extract("Turkish forces set up a new military post near Atarib on Sunday, a monitor said.",
                          date="2021-03-08").events
    assert e.sub_event_type == "Headquarters or base established" and e.location.name == "Atarib"
    [e] = polemos.extract("Rebels established a new base in Idlib province on Sunday, a monitor said.",
                          date="2021-03-08").events
    assert e.sub_event_type == "Headquarters or base established" and e.location.geo_precision == 3
    for text in ("The Defence Ministry said on Monday that the invaders are establishing bases for mercenary groups "
                 "in Donetsk region.",
                 "The Malian army reported on Tuesday that jihadists are setting up camps in Mali to train fighters.",
                 "The Somali government said on Monday that al-Shabaab is building bases in Somalia for recruits."):
        assert not [e for e in polemos.extract(text, date="2021-03-08").events
                    if e.sub_event_type == "Headquarters or base established"], text


@pytest.mark.parametrize("text, actor1, actor2", [
    # an attack fought off: who attacked is the first actor, who repelled it the second (ACLED)
    ("The Somali army said it repulsed an al-Shabaab assault on its base in Baidoa on Friday.",
     "Al Shabaab", "Military Forces of Somalia"),
    ("Azerbaijani forces repelled an attack by Armenian units near Fuzuli on Friday, the ministry said.",
     "Military Forces of Armenia", "Military Forces of Azerbaijan"),
    ("The Malian army said it had repelled an attack by JNIM fighters on a camp in Timbuktu on Friday.",
     "JNIM", "Military Forces of Mali"),
])
def test_an_attack_fought_off_is_the_attackers(pipe, text, actor1, actor2):
    [e] = pipe.extract(text, DAY).events
    assert e.actor1.startswith(actor1) and (e.actor2 or "").startswith(actor2)
