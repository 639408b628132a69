"""The learned event-type classifier and its combination with the rules. Sentences are invented, from many wars."""
import pytest

from polemos import textcat as T

# One invented sentence per case, written for these tests (not in training/frames), from 12 wars.
ACLED_CASES = [
    ("Armed clash",
     "Soldiers and Fano militiamen fought for most of Tuesday on the outskirts of Debre Tabor, "
     "leaving eleven fighters dead."),
    ("Armed clash",
     "Gunmen attacked an army outpost near Mopti before dawn and were repelled after a two-hour exchange of fire."),
    ("Government regains territory",
     "The Sudanese army retook the town of Sinja from RSF fighters after a week of heavy fighting."),
    ("Non-state actor overtakes territory",
     "Arakan Army fighters captured the township of Paletwa after junta troops fled their last base there."),
    ("Air/drone strike",
     "A Turkish drone struck a car near Qamishli on Sunday, killing two local commanders of the SDF."),
    ("Shelling/artillery/missile attack",
     "Russian artillery shelled the centre of Kherson overnight, wounding six residents."),
    ("Remote explosive/landmine/IED",
     "A roadside bomb hit a minibus carrying teachers near Wana in South Waziristan, killing four."),
    ("Suicide bomb", "A suicide bomber blew himself up outside a tea shop in Mogadishu, killing nine people."),
    ("Grenade", "Unknown attackers threw a grenade into a crowded bar in Bujumbura, wounding twelve customers."),
    ("Chemical weapon",
     "Doctors in Douma treated dozens of people for choking after a suspected chlorine attack on the district."),
    ("Sexual violence", "Women who fled Tawila told aid workers that armed men raped them on the road from El Fasher."),
    ("Attack",
     "Gunmen on motorbikes killed fourteen villagers in their homes in Mangu, Plateau state, on Saturday night."),
    ("Abduction/forced disappearance",
     "Bandits kidnapped twenty passengers from a bus on the Kaduna-Abuja highway and demanded a ransom."),
    ("Peaceful protest", "Hundreds of nurses marched through Nairobi on Wednesday to demand unpaid allowances."),
    ("Protest with intervention",
     "Police fired tear gas to disperse students protesting against fee increases in Kampala."),
    ("Excessive force against protesters",
     "Security forces opened fire on peaceful demonstrators in Mandalay, killing five protesters."),
    ("Violent demonstration",
     "Protesters hurled stones at police and set fire to a bus during a demonstration against fuel prices in Conakry."),
    ("Mob violence", "A mob beat two men to death in a village near Goma after accusing them of stealing a goat."),
    ("Agreement", "The two armed factions signed a ceasefire agreement in Juba on Friday after a week of talks."),
    ("Arrests", "Police arrested nine opposition activists in Harare on charges of inciting public violence."),
    ("Change to group/activity",
     "The army deployed two additional battalions to Cabo Delgado ahead of the rainy season."),
    ("Disrupted weapons use", "Bomb disposal experts defused an explosive device found under a bridge near Kirkuk."),
    ("Headquarters or base established", "Turkish forces set up a new military post on a hill south of Atarib."),
    ("Looting/property destruction",
     "Militiamen looted shops and set fire to houses in the abandoned village of Djugu."),
    ("Non-violent transfer of territory",
     "Government troops withdrew from the border town of Metema, "
     "leaving it in the hands of militiamen without a fight."),
    ("Other", "Thousands of residents fled the town of Wad Madani as the front line approached."),
]

PLOVER_CASES = [
    ("ACCUSE", "The Colombian government accused ELN guerrillas of planting landmines near schools in Arauca."),
    ("REJECT", "The junta rejected the regional bloc's proposal for a transition to civilian rule."),
    ("REQUEST", "The UN envoy urged both sides in Yemen to reopen the roads into Taiz."),
    ("THREATEN", "Hezbollah warned that it would strike back if its positions in south Lebanon were attacked again."),
    ("AGREE", "Kenya offered to host the next round of peace talks between the Somali government and clan leaders."),
    ("CONSULT", "The Ethiopian foreign minister held talks with his Sudanese counterpart in Addis Ababa on Monday."),
    ("SUPPORT", "Norway praised the Colombian government for its efforts to protect social leaders."),
    ("AID", "Japan sent fifty tonnes of medical supplies to hospitals in Gaza."),
    ("YIELD", "The Myanmar junta freed three hundred political prisoners to mark the new year."),
    ("SANCTION", "Mali expelled the French ambassador and suspended cooperation with Paris."),
    ("COERCE", "Police in Dhaka detained the editor of a leading opposition newspaper."),
    ("ASSAULT", "Government jets bombed rebel positions outside the town of Kutum."),
    ("PROTEST", "Thousands of teachers marched through Abuja to protest against unpaid salaries."),
    ("MOBILIZE", "Armenia put its troops along the border with Azerbaijan on high alert."),
    ("COOPERATE", "Police from Brazil and Colombia launched a joint operation against drug traffickers on the Amazon."),
]


@pytest.fixture(scope="module")
def acled():
    texts = [t for _, t in ACLED_CASES]
    return T.classify(texts, "acled"), T.predict_acled(texts)


def test_combined_acled_over_many_wars(acled):
    labels, _ = acled
    right = sum(lab == want for lab, (want, _) in zip(labels, ACLED_CASES))
    assert right / len(ACLED_CASES) >= 0.8, list(zip(labels, ACLED_CASES))


def test_model_alone_is_useful_on_acled(acled):
    _, model = acled
    right = sum(lab == want for (lab, _), (want, _) in zip(model, ACLED_CASES))
    assert right / len(ACLED_CASES) >= 0.6
    assert all(0.0 <= p <= 1.0 for _, p in model)


def test_combined_plover():
    labels = T.classify([t for _, t in PLOVER_CASES], "plover")
    right = sum(lab == want for lab, (want, _) in zip(labels, PLOVER_CASES))
    assert right / len(PLOVER_CASES) >= 0.75, list(zip(labels, PLOVER_CASES))


@pytest.mark.parametrize("want,text", [
    ("Grenade", "Suspected militants lobbed a grenade at a police post in Anantnag, injuring two officers."),
    ("Abduction/forced disappearance", "Gunmen abducted a Catholic priest from his parish house in Enugu."),
    ("Peaceful protest",
     "Hundreds of farmers held a peaceful rally outside the parliament in Lilongwe to demand higher maize prices."),
])
def test_clear_single_cases(want, text):
    assert T.classify([text], "acled") == [want]


def test_model_says_none_for_background():
    (label, _), = T.predict_acled(["The rainy season usually slows military operations in the north of the country."])
    assert label == T.NONE
    (label, _), = T.predict_acled(["The rainy season usually slows military operations."], event_only=True)
    assert label != T.NONE


# combine(): the policy, on made-up scores
SCORES = {"Attack": 0.15, "Armed clash": 0.7, "Arrests": 0.05, "none": 0.1}
P = T.Policy(open_take=0.3, margin=0.5)


def test_precise_rule_wins_without_candidates():
    assert T.combine("Attack", SCORES, policy=P) == "Attack"
    assert T.combine("Attack", SCORES) == "Attack"          # the shipped ACLED policy


def test_model_picks_among_candidates_when_far_surer():
    assert T.combine("Attack", SCORES, candidates=("Armed clash", "Attack"), policy=P) == "Armed clash"
    assert T.combine("Attack", SCORES, candidates=("Armed clash", "Attack"),
                     policy=T.Policy(margin=0.6)) == "Attack"


def test_model_cannot_pick_outside_the_candidates():
    assert T.combine("Attack", SCORES, candidates=("Arrests", "Attack"), policy=P) == "Attack"


def test_model_decides_when_no_rule_fired():
    assert T.combine(None, SCORES, policy=P) == "Armed clash"
    assert T.combine("Other", SCORES, precise=False, policy=P) == "Armed clash"
    assert T.combine("Other", SCORES, precise=False, policy=T.Policy(open_take=0.9)) == "Other"


def test_none_never_replaces_a_label():
    scores = {"none": 0.9, "Attack": 0.05, "Other": 0.05}
    assert T.combine("Other", scores, precise=False, policy=P) == "Other"
    assert T.combine(None, scores, policy=P) == "Attack"


def test_veto():
    sure = {"Armed clash": 0.95, "Attack": 0.01, "none": 0.04}
    assert T.combine("Attack", sure, policy=T.Policy(veto=0.02, take=0.9)) == "Armed clash"
    assert T.combine("Attack", sure, policy=P) == "Attack"


def test_plover_trigger_stands_by_default():
    scores = {"ACCUSE": 0.05, "ASSAULT": 0.9, "none": 0.05}
    assert T.combine("ACCUSE", scores, candidates=("ACCUSE", "ASSAULT"), head="plover") == "ACCUSE"
    assert T.combine("CONSULT", scores, precise=False, head="plover") == "ASSAULT"


def test_candidates_come_from_the_rule_lexicons():
    c = T.candidates("A grenade was hurled at a police post in Srinagar.", "acled")
    assert "Grenade" in c and "Peaceful protest" not in c
    assert "ACCUSE" in T.candidates("The minister accused the rebels of shelling the town.", "plover")


def test_unknown_head_and_missing_model(tmp_path):
    with pytest.raises(ValueError):
        T.scores(["text"], "cameo")
    with pytest.raises(FileNotFoundError, match="make train"):
        T.load.__wrapped__(str(tmp_path))


def test_scores_are_distributions():
    (cats,) = T.scores_plover(["The army put its units on high alert."])
    assert abs(sum(cats.values()) - 1.0) < 1e-3
    assert T.NONE in cats and "MOBILIZE" in cats


def test_shipped_policies():
    assert T.policy_for("plover").margin > 1.0          # the model never overrides a PLOVER trigger
    acled = T.policy_for("acled")
    assert acled in T.GRID                                # chosen by training from the grid
