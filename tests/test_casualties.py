import pytest

from polemos import casualties


@pytest.mark.parametrize("text, number, vague", [
    ("One civilian has been killed in the strike.", 1, False),
    ("The shelling killed 14 people in the town.", 14, False),
    ("At least five civilians were killed.", 5, False),
    ("A woman was killed when a shell hit her house.", 1, False),
    ("Several civilians were killed.", 3, True),
    ("Dozens of soldiers died in the assault.", 12, True),
    ("Hundreds of fighters were killed, officials said.", 100, True),
    ("The death toll rose to 41.", 41, False),
])
def test_killed(text, number, vague):
    count = casualties.killed(text)
    assert count.number == number and count.vague == vague


def test_several_is_ten_in_a_large_event():
    assert casualties.killed("Several soldiers died in the battle.", large=True).number == 10


def test_no_toll_is_none_not_zero():
    assert casualties.killed("Shells hit the outskirts of the town.") is None


def test_injured_apart_from_killed():
    text = "The rockets killed two residents and wounded seven others."
    assert casualties.killed(text).number == 2
    assert casualties.injured(text).number == 7


def test_civilians_flagged():
    assert casualties.killed("Three civilians were killed.").civilians
    assert not casualties.killed("Three soldiers were killed.").civilians


@pytest.mark.parametrize("total, parts, expected", [
    (1, 2, [1, 0]), (7, 3, [3, 2, 2]), (10, 2, [5, 5]), (None, 2, [None, None]), (4, 1, [4]),
])
def test_split_remainder_to_first(total, parts, expected):
    assert casualties.split(total, parts) == expected


@pytest.mark.parametrize("text", ["Fortunately, no casualties occurred.", "No deaths or injuries are reported.",
                                  "The civilian population was not affected by the strike."])
def test_no_casualties_is_zero(text):
    assert casualties.killed(text).number == 0


def test_toll_rising_far_from_its_number():
    text = "The death toll in the town from a rocket strike by the army has risen to four."
    assert casualties.killed(text).number == 4


@pytest.mark.parametrize("text", ["No one was hurt in the blast.", "Nobody was injured.",
                                  "No civilians or homes suffered."])
def test_no_one_hurt_is_no_count_of_one(text):
    assert casualties.killed(text).number == 0
    assert (casualties.injured(text) or casualties.killed(text)).number == 0


def test_no_one_killed_but_some_wounded():
    text = "No one was killed, but three soldiers were wounded."
    assert casualties.killed(text).number == 0 and casualties.injured(text).number == 3


def test_an_aside_between_count_and_verb():
    assert casualties.killed("Three civilians (two women and a man) were killed overnight.").number == 3


@pytest.mark.parametrize("text,civilians", [("Nine people were killed.", True), ("Two journalists were injured.", True),
                                            ("Two servicemen were killed.", False)])
def test_who_counts_as_civilian(text, civilians):
    count = casualties.killed(text) or casualties.injured(text)
    assert count.civilians is civilians


@pytest.mark.parametrize("text,number", [("Nine civilians, including four women, were killed.", 9),
                                         ("Sixteen of its servicemen had died.", 16),
                                         ("Two airmen were killed.", 2)])
def test_more_ways_to_tell_a_toll(text, number):
    assert casualties.killed(text).number == number


@pytest.mark.parametrize("text, killed, injured", [
    ("A mortar round hit a market in Mogadishu, wounding two civilians.", None, 2),
    ("The drone strike killed three fighters and wounded two civilians near Khan Younis.", 3, 2),
    ("The ambush near Arauca left five soldiers dead.", 5, None),
    ("Gunmen shot at a bus in Plateau state, injuring seven passengers and killing one.", 1, 7),
])
def test_wounded_are_not_killed(text, killed, injured):
    assert (casualties.killed(text).number if casualties.killed(text) else None) == killed
    assert (casualties.injured(text).number if casualties.injured(text) else None) == injured


@pytest.mark.parametrize("text, number", [
    ("A few villagers were killed near Beni.", 3), ("Dozens of people were killed in Kassala.", 12),
    ("Hundreds of civilians were killed in El Geneina.", 100), ("Tens of fighters were killed near Palmyra.", 10),
])
def test_vague_tolls_follow_acleds_table(text, number):
    assert casualties.killed(text).number == number and casualties.killed(text).vague


@pytest.mark.parametrize("text", ["A considerable number of soldiers were killed in the Kidal region.",
                                  "Numerous civilians were killed when shells hit Bakhmut."])
def test_a_vague_word_acleds_table_lacks_gives_no_toll(text):
    assert casualties.killed(text) is None


def test_a_vague_word_of_another_language_follows_the_same_table():
    from polemos import lexicon
    from polemos.lexicon.dates import count
    lex = lexicon.lexicon("az")
    assert count("killed", "Xeyli sayda hərbçi həlak olub.", lex) is None
    assert count("killed", "Onlarla dinc sakin həlak olub.", lex).number == 12


@pytest.mark.parametrize("text, number", [
    ("Gunmen shot dead a trader in the market. 1 fatality.", 1),
    ("Militants raided the village and burned houses. Fatalities: 7.", 7),
    ("A mortar round hit the camp. 2 deaths.", 2),
])
def test_a_notes_toll_line(text, number):
    assert casualties.killed(text).number == number


@pytest.mark.parametrize("text, number", [
    # victims told one by one add up; an age in digits is a word of who was counted
    ("A 64-year-old woman and a 58-year-old man died in the shelling, the governor said.", 2),
    ("Two soldiers and a civilian were killed in the ambush near Gao.", 3),
    ("A 12-year-old boy was killed when the shell hit his house.", 1),
])
def test_victims_one_by_one(text, number):
    assert casualties.killed(text).number == number


@pytest.mark.parametrize("text, number, vague", [
    # a bound before the number ("more than 30"): ACLED codes the number given
    ("Boko Haram militants killed more than 30 villagers near Maiduguri on Friday.", 30, False),
    ("The air strike killed some 25 people at a market in Sagaing, residents said.", 25, False),
    ("Cartel gunmen killed nearly 20 people at a party in Guanajuato.", 20, False),
    ("The bombing killed an estimated 40 fighters, the militia said.", 40, False),
    # "some" alone stays a vague count
    ("Gunmen killed some villagers in the raid.", 3, True),
])
def test_bound_before_a_number(text, number, vague):
    count = casualties.killed(text)
    assert (count.number, count.vague) == (number, vague)
