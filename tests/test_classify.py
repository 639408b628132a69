"""Event typing: ACLED sub-types, their precedence rules, PLOVER types. Sentences are invented."""
import json
from pathlib import Path

import pytest

from polemos import classify as C

# One invented wire sentence per ACLED sub-type.
SUBTYPE_CASES = [
    ("Armed clash", "Soldiers and Boko Haram fighters exchanged fire for three hours near Gwoza on Tuesday."),
    ("Armed clash", "Security forces killed 14 suspected insurgents during an operation in the Tillaberi region."),
    ("Government regains territory",
     "The army recaptured the town of Kerawa from jihadist fighters after two days of fighting."),
    ("Non-state actor overtakes territory",
     "Taliban fighters overran the district headquarters of Qadis after a night of heavy fighting."),
    ("Non-violent transfer of territory",
     "Government troops withdrew from the hill town of Meket, leaving it in the hands of the rebels."),
    ("Chemical weapon",
     "Dozens of residents were treated for suffocation after a suspected chlorine gas attack on a village in Hama."),
    ("Air/drone strike", "Warplanes struck a market in the rebel-held town of Saada, killing nine people."),
    ("Suicide bomb",
     "A suicide bomber blew himself up at the gate of a police academy in Quetta, killing seven recruits."),
    ("Shelling/artillery/missile attack",
     "Separatist artillery shelled residential districts of Mariupol overnight, wounding four civilians."),
    ("Remote explosive/landmine/IED", "A roadside bomb struck a military convoy near Baidoa, killing two soldiers."),
    ("Grenade", "Unidentified attackers lobbed a grenade at a police checkpoint in Srinagar, injuring three officers."),
    ("Sexual violence",
     "Militiamen raped at least eleven women during a raid on a displacement camp near Bunia, a rights group said."),
    ("Attack", "Gunmen stormed a village in Benue state overnight and killed 18 residents in their homes."),
    ("Abduction/forced disappearance",
     "Armed bandits kidnapped 25 passengers travelling on the Kaduna highway on Sunday."),
    ("Peaceful protest", "Thousands of nurses marched through Lilongwe on Monday demanding unpaid allowances."),
    ("Protest with intervention",
     "Police fired tear gas to disperse hundreds of students protesting fee increases in Kampala."),
    ("Excessive force against protesters",
     "Security forces opened fire on peaceful demonstrators in Omdurman, killing five protesters."),
    ("Violent demonstration", "Protesters hurled stones at police and torched two buses in Conakry on Thursday."),
    ("Mob violence", "A mob lynched two men accused of stealing cattle in a village near Mbarara."),
    ("Agreement", "The government and the armed movement signed a ceasefire agreement in Juba on Friday."),
    ("Arrests", "Police arrested 14 opposition activists in Harare on charges of inciting public violence."),
    ("Change to group/activity", "Three armed factions in the north announced they had merged into a new alliance."),
    ("Disrupted weapons use",
     "Bomb disposal experts defused an explosive device planted near a bus station in Maiduguri."),
    ("Headquarters or base established", "Turkish forces set up a new military post south of Atarib on Wednesday."),
    ("Looting/property destruction",
     "Militiamen looted shops and set fire to houses in the abandoned village of Kilo."),
    ("Other", "Thousands of residents fled the city of Tal Afar as the front line approached."),
]


# A second set, in other wordings and places, written after the rules to check they carry over.
MORE_CASES = [
("Air/drone strike","Israeli jets hit a Hamas training site in Khan Younis early on Saturday, the army said."),
("Air/drone strike","At least 30 people died when government helicopters bombed a market in the rebel-held town."),
("Shelling/artillery/missile attack",
 "Houthi forces fired a ballistic missile at the Saudi city of Jizan, wounding two residents."),
("Remote explosive/landmine/IED",
 "Three children were killed when a landmine exploded as they herded goats near Kidal."),
("Remote explosive/landmine/IED",
 "A car bomb ripped through a busy street in Mogadishu, killing at least eight people."),
("Armed clash",
 "Al-Shabaab militants attacked an army base in Lower Shabelle, sparking a gun battle that lasted hours."),
("Armed clash","Two rival armed groups fought for control of the gold mine near Kidal on Monday."),
("Attack","Unknown gunmen shot dead a local councillor outside his home in Kandahar."),
("Attack","Fulani militia killed 12 villagers in an overnight raid on a farming community in Plateau State."),
("Abduction/forced disappearance",
 "A journalist was abducted by masked men in Tripoli and his whereabouts remain unknown."),
("Arrests","Security forces detained 40 suspected members of the banned group in dawn raids across Diyarbakir."),
("Peaceful protest",
 "Hundreds of lawyers staged a sit-in outside the Supreme Court in Islamabad to demand judicial independence."),
("Protest with intervention",
 "Police arrested dozens of protesters who gathered outside the electoral commission in Kinshasa."),
("Excessive force against protesters",
 "Troops fired live ammunition at demonstrators in Khartoum, killing at least seven."),
("Violent demonstration","Rioters set fire to a police station and looted shops in Cap-Haitien after the verdict."),
("Mob violence","An angry crowd beat a suspected thief to death at a market in Lagos."),
("Government regains territory",
 "Iraqi forces retook the village of Imam Gharbi from Islamic State militants on Sunday."),
("Non-state actor overtakes territory",
 "JNIM fighters seized control of the town of Boni after government troops fled."),
("Agreement","The rebels released 12 soldiers under a prisoner swap agreed with the government."),
("Change to group/activity","The government deployed 2,000 extra troops to the restive border province."),
("Headquarters or base established","Russian forces established a new base near the airport of Qamishli."),
("Disrupted weapons use","Air defences intercepted two drones launched toward the city of Abha."),
("Looting/property destruction",
 "Unidentified men burned down the offices of an opposition party in Bujumbura overnight."),
("Sexual violence","UN investigators said soldiers sexually assaulted dozens of women in the region."),
("Grenade","A hand grenade thrown into a bar in Bujumbura wounded six people."),
("Suicide bomb","Two female suicide bombers detonated their explosives at a mosque in Konduga."),
("Chemical weapon","Inspectors confirmed sarin was used in the attack on the town."),
]


@pytest.mark.parametrize("label,text", SUBTYPE_CASES + MORE_CASES)
def test_each_subtype(label, text):
    assert C.classify([text]) == [label]


def test_every_subtype_is_covered_and_named_as_acled():
    assert {lab for lab, _ in SUBTYPE_CASES} == set(C.sub_types())
    assert len(C.sub_types()) == 25


# The codebook's precedence rules.
def test_artillery_on_civilians_is_shelling_with_civilian_targeting():
    r = C.explain("Army artillery shelled a crowded market in the town, killing twelve civilians.")
    assert r["label"] == "Shelling/artillery/missile attack"
    assert r["event_type"] == "Explosions/Remote violence"
    assert r["civilian_targeting"] is True


def test_drone_strike_is_air_strike_even_with_missiles():
    text = "A drone fired two missiles at a car carrying militant commanders near Jilib."
    assert C.classify([text]) == ["Air/drone strike"]


def test_protest_broken_up_with_tear_gas_is_intervention():
    text = "Riot police used tear gas and water cannon to break up a peaceful sit-in by teachers in Nairobi."
    assert C.classify([text]) == ["Protest with intervention"]


def test_protesters_who_throw_stones_riot_even_when_police_fire_tear_gas():
    text = "Police fired tear gas after demonstrators threw stones and set tyres on fire outside parliament."
    assert C.classify([text]) == ["Violent demonstration"]


def test_killing_peaceful_protesters_is_excessive_force():
    text = "Soldiers shot dead three people at a peaceful rally against the junta in Mandalay."
    assert C.classify([text]) == ["Excessive force against protesters"]


def test_suicide_bombing_outranks_other_explosions():
    text = "A suicide car bomb exploded at an army checkpoint near Mogadishu, killing six soldiers."
    assert C.classify([text]) == ["Suicide bomb"]


def test_defused_bomb_is_disrupted_not_an_explosion():
    text = "Police defused a landmine planted on the road to the airport."
    assert C.classify([text]) == ["Disrupted weapons use"]


def test_seized_weapons_cache_is_disrupted():
    text = "Troops seized a large cache of rifles, grenades and ammunition in a raid near Bossaso."
    assert C.classify([text]) == ["Disrupted weapons use"]


def test_abduction_outranks_the_killing_after_it():
    text = "Gunmen abducted six farmers and later shot two of them dead near Zamfara."
    assert C.classify([text]) == ["Abduction/forced disappearance"]


def test_grenade_named_in_a_later_sentence_refines_an_attack():
    text = "Two civilians were killed in separate attacks in the city. One died in a grenade attack on a bus stop."
    assert C.classify([text]) == ["Grenade"]


def test_rocket_propelled_grenade_is_shelling_not_grenade():
    text = "Rebels fired rocket-propelled grenades at an army outpost near Kidal."
    assert C.classify([text]) == ["Shelling/artillery/missile attack"]


def test_withdrawal_alone_is_a_change_of_activity():
    text = "Foreign troops withdrew from a key base in the north on Sunday."
    assert C.classify([text]) == ["Change to group/activity"]


def test_ceasefire_after_fighting_is_an_agreement():
    text = "The two militias agreed to a ceasefire on Monday after a week of fighting in the oasis town."
    assert C.classify([text]) == ["Agreement"]


def test_event_type_and_plover_of():
    assert C.event_type_of("Air/drone strike") == "Explosions/Remote violence"
    assert C.event_type_of("Peaceful protest") == "Protests"
    assert C.event_type_of("Mob violence") == "Riots"
    assert C.event_type_of("Arrests") == "Strategic developments"
    assert C.plover_of("Peaceful protest") == "PROTEST"
    assert C.plover_of("Armed clash") == "ASSAULT"
    assert C.plover_of("Arrests") == "COERCE"
    with pytest.raises(ValueError, match="unknown ACLED sub-type"):
        C.event_type_of("Battle royale")
    for sub in C.sub_types():
        assert C.plover_of(sub) in C.plover_book()["types"]


PLOVER_CASES = [
    ("AGREE", "The two governments agreed to reopen the border crossing next month."),
    ("CONSULT", "The foreign minister held talks with his Kenyan counterpart in Nairobi on Tuesday."),
    ("SUPPORT", "The president praised the mediators for their efforts to end the conflict."),
    ("COOPERATE", "Indian and French navies began joint exercises off the coast of Goa."),
    ("AID", "Japan sent 20 tonnes of relief supplies to flood victims in Sindh."),
    ("YIELD", "The junta freed 200 political prisoners on Sunday."),
    ("REQUEST", "The UN urged both sides to allow aid convoys into the besieged city."),
    ("ACCUSE", "Opposition leaders accused the ruling party of rigging the vote."),
    ("REJECT", "The government rejected the rebels' offer of talks."),
    ("THREATEN", "Ankara warned it would launch a new offensive if the militia did not withdraw."),
    ("PROTEST", "Thousands of farmers marched on the capital to protest the new land law."),
    ("SANCTION", "The country expelled three diplomats and recalled its ambassador."),
    ("MOBILIZE", "The army put its units along the border on high alert."),
    ("COERCE", "Police detained the editor of the country's largest newspaper."),
    ("ASSAULT", "Government jets bombed rebel positions outside the city."),
]


def test_plover_types():
    texts = [t for _, t in PLOVER_CASES]
    assert C.classify(texts, scheme="plover") == [lab for lab, _ in PLOVER_CASES]


def test_plover_intent_rules():
    assert C.classify(["The rebels said they will release the captured aid workers."], "plover") == ["AGREE"]
    assert C.classify(["The minister said the country will not accept any more refugees."], "plover") == ["REJECT"]


def test_plover_reuses_a_parsed_doc():
    doc = C._nlp()("Police detained the editor of the country's largest newspaper.")
    assert C.plover_of_doc(doc) == "COERCE"


def test_unknown_scheme():
    with pytest.raises(ValueError, match="unknown scheme"):
        C.classify(["x"], scheme="cameo")


def test_classify_file_round_trip(tmp_path: Path):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    rows = [{"id": "a", "text": SUBTYPE_CASES[0][1]}, {"id": "b", "text": SUBTYPE_CASES[15][1]}]
    inp.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert C.classify_file(inp, out) == 2
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert got == [{"id": "a", "label": SUBTYPE_CASES[0][0]}, {"id": "b", "label": SUBTYPE_CASES[15][0]}]


def test_classify_file_writes_to_a_stream(tmp_path: Path):
    import io
    inp, buf = tmp_path / "in.jsonl", io.StringIO()
    inp.write_text(json.dumps({"id": 7, "text": SUBTYPE_CASES[20][1]}) + "\n", encoding="utf-8")
    assert C.classify_file(inp, buf) == 1
    assert json.loads(buf.getvalue()) == {"id": 7, "label": "Arrests"}


def test_classify_file_names_the_bad_record(tmp_path: Path):
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": "a", "text": "x"}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"in.jsonl:2"):
        C.classify_file(inp, tmp_path / "out.jsonl")


# Codebook classes met in event notes (invented sentences, many wars).
@pytest.mark.parametrize("label,text", [
    ("Chemical weapon", "Drones dropped grenades filled with CS gas on infantry positions near the river crossing."),
    ("Chemical weapon", "Soldiers reported chloropicrin fumes after shells landed on their trenches east of the town."),
    ("Protest with intervention",
     "Students attempted to march to the ministry in Lusaka. Police arrested dozens of them at the gate."),
    ("Peaceful protest",
     "Pensioners held a picket outside the regional governor's office in Omsk. No arrests were reported."),
    ("Protest with intervention",
     "Demonstrators chanted slogans over the death of a student in Tabriz; riot police dispersed them with batons."),
    ("Mob violence", "Residents seized two suspected cattle rustlers from a police van near Isiolo and stoned them."),
    ("Mob violence", "Villagers set ablaze the house of a suspected witch in a village near Tete."),
    ("Mob violence", "Rioters beat and burned a Somali trader during a night of attacks on foreign-owned shops."),
    ("Violent demonstration", "Opposition supporters stormed the governor's residence in Karachi and set it on fire "
                              "after the arrest of their leader."),
    ("Abduction/forced disappearance",
     "Occupying troops detained the deputy mayor of Kakhovka and took him to an unknown location."),
    ("Armed clash", "Two cartels fought for hours on the outskirts of Tepalcatepec using explosive-laden drones."),
])
def test_codebook_classes_of_event_notes(label, text):
    assert C.classify([text]) == [label]


def test_the_arrest_a_protest_is_about_is_no_arrests_event():
    text = "Hundreds of supporters rallied in Dakar against the arrest of the opposition leader."
    assert C.classify([text]) == ["Peaceful protest"]


@pytest.mark.parametrize("text", [
    "A rebel commander was killed on Friday near Kitshanga, the army said.",
    "Government troops killed a senior Fano commander in South Wollo on Tuesday.",
    "Insurgents said they had killed a brigadier general of the army near Palma.",
])
def test_a_commander_killed_is_a_clash(text):
    assert C.classify([text]) == ["Armed clash"]


def test_a_drone_used_to_bomb_is_an_air_strike():
    text = "Officials said the paramilitaries used a drone to bomb the fuel depot at Port Sudan on Sunday."
    assert C.classify([text]) == ["Air/drone strike"]
