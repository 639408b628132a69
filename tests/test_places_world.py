"""Places in other wars' wire copy and ACLED-style notes: distances from "the capital", a village and the town it
lies off, where a speaker spoke, surnames that are towns, and the bracketed unit chains of event notes. Invented
sentences from many wars."""

import pytest

import polemos
from polemos.places import km


@pytest.fixture(scope="module")
def parse(toponyms):   # conftest's: the places stage alone
    return toponyms


def events(text):
    return polemos.extract(text, date="2024-06-07").events


def at(e) -> tuple[float, float]:
    return e.location.lat, e.location.lon


# ------------------------------------------------------------ distances

def test_distance_from_the_capital_of_the_demonym(parse):   # Somalia
    found = events("Four Somali soldiers were killed on Monday by a roadside bomb about 90 km (56 miles) north of "
                   "the capital, an army officer said.")
    assert found, "no event"
    mogadishu = (2.0371, 45.3438)
    d = km(at(found[0]), mogadishu)
    assert 80 < d < 100 and found[0].location.lat > mogadishu[0] and found[0].location.geo_precision == 2


def test_distance_from_the_capital_of_the_named_country():   # Afghanistan
    found = events("A suicide bomber killed six police officers at a checkpoint some 40 kilometres south of the "
                   "capital, Afghan officials in Afghanistan said on Tuesday.")
    kabul = (34.5281, 69.1723)
    assert found and all(30 < km(at(e), kabul) < 50 for e in found)


def test_a_village_off_a_town_is_one_event_at_the_distance():   # Iraq
    found = events("Gunmen attacked an army post in Ngwaloru, about 30km south-west of the city of Mosul, killing "
                   "two soldiers, a security official said.")
    assert len(found) == 1
    assert 20 < km(at(found[0]), (36.335, 43.119)) < 40


# ------------------------------------------------------------ places that are not where it happened

def test_the_capital_a_speaker_spoke_in_is_no_event_place():   # Russia
    found = events("Meanwhile, in Moscow, the Russian Defence Ministry said air defences shot down 12 Ukrainian "
                   "drones over the Kursk region overnight.")
    assert found and all(km(at(e), (55.7522, 37.6156)) > 300 for e in found)


def test_the_capital_that_opens_no_speaker_clause_stays():   # Kenya
    found = events("In Nairobi, a grenade attack on a police station killed two officers on Sunday, police said.")
    assert found and km(at(found[0]), (-1.2833, 36.8167)) < 25


def test_a_town_that_ends_a_persons_name_is_no_place(parse):   # Sudan
    places = parse("The army said its troops killed RSF commander Yusuf Kassala in fighting near El Fasher.")
    assert "Kassala" not in [p.mention for p in places]
    assert "El Fasher" in [p.mention for p in places]


def test_a_place_spacy_tags_a_person_whole_stays(parse):   # Gaza
    places = parse("Israeli strikes hit Khan Younis overnight, the civil defence agency said.")
    assert any(p.country == "PS" for p in places)


def test_a_country_of_the_war_pushes_no_foreign_town_out():   # Germany, about Ukraine
    found = events("On 4 March 2023, in Berlin (Berlin), hundreds of demonstrators rallied peacefully against "
                   "arms deliveries to Ukraine.")
    assert found and found[0].location.country == "DE"


# ------------------------------------------------------------ ACLED-note chains

def test_unknown_village_of_an_unknown_chiefdom_is_coded_at_the_territory(parse):   # DR Congo
    places = parse("On 5 March 2022, ADF militants killed three civilians in Bulongo village (Kamango chiefdom, "
                   "Beni territory, North Kivu).")
    coded = [p for p in places if p.source == "chain-fallback"]
    assert coded and coded[0].geo_precision == 2 and coded[0].country == "CD"
    assert km((coded[0].lat, coded[0].lon), (0.4911, 29.4731)) < 30


def test_local_government_area_holds_an_unknown_village(parse):   # Nigeria
    places = parse("On 9 April 2022, ISWAP fighters attacked Ngwaloru village (Konduga LGA, Borno), killing 3 "
                   "farmers.")
    p = [p for p in places if p.mention == "Ngwaloru"][0]
    assert p.source == "chain-fallback" and km((p.lat, p.lon), (11.6533, 13.4179)) < 25


def test_unit_name_with_a_particle(parse):   # Brazil
    places = parse("On 12 September 2021, in Porto Alegre (Rio Grande do Sul), demonstrators rallied in a park.")
    p = [p for p in places if p.mention == "Porto Alegre"][0]
    assert p.country == "BR" and km((p.lat, p.lon), (-30.033, -51.230)) < 25


def test_the_name_repeated_as_its_unit(parse):   # South Sudan
    places = parse("On 4 June 2022, armed youths attacked cattle camps in and around Leer (Leer, Unity).")
    assert [p for p in places if p.mention == "Leer"][0].country == "SS"


def test_unit_and_the_town_named_after_it_hold_each_other(parse):   # Uganda
    places = parse("On 16 June 2023, ADF militants attacked a school in Mpondwe (Kasese, Kasese), killing 40 "
                   "people.")
    p = [p for p in places if p.mention == "Mpondwe"][0]
    assert p.source != "chain-fallback" and p.geo_precision == 1 and p.country == "UG"


def test_a_town_lies_in_no_smaller_town(parse):   # Armenia
    places = parse("On 28 September 2023, thousands of refugees arrived in Sisian (Syunik), officials said.")
    p = [p for p in places if p.mention == "Sisian"][0]
    assert p.geo_precision == 1 and km((p.lat, p.lon), (39.5219, 46.0270)) < 5


def test_x_city_is_the_town_not_its_province(parse):   # Yemen
    places = parse("On 22 July 2023, Houthi forces shelled homes in Taizz city (Al Qahirah, Taizz), wounding "
                   "three children.")
    p = [p for p in places if p.mention == "Taizz"][0]
    assert p.geo_precision == 1 and km((p.lat, p.lon), (13.5795, 44.0209)) < 10


def test_the_name_that_ends_a_bracketed_chain_is_the_unit(parse):   # Myanmar
    places = parse("On 14 May 2022, resistance fighters clashed with junta troops near Ngwaloru town (Ngwaloru, "
                   "Sagaing).")
    coded = [p for p in places if p.mention == "Ngwaloru"]
    assert coded and all(p.country == "MM" for p in coded)
    assert [p for p in places if p.mention == "Sagaing"][0].geo_precision == 3


def test_dateline_after_a_title_on_the_same_line():   # Cameroon
    found = events("Army says it killed separatist fighters in restive region  YAOUNDE, Oct. 22 (Xinhua) -- Soldiers "
                   "killed seven separatist fighters in Bamenda on Monday, the army said.")
    assert found and all(km(at(e), (3.8667, 11.5167)) > 100 for e in found)


def test_a_part_of_a_country_that_locates_a_unit_is_no_second_event():   # Sudan
    found = events("The army accused the RSF of launching drone attacks on power stations in North Kordofan State, "
                   "located in southern Sudan, on Sunday.")
    assert len(found) == 1 and found[0].location.geo_precision == 3


def test_a_distance_after_a_named_town_only_says_where_it_is():   # Iraq
    found = events("Gunmen killed three people in Tikrit, some 170 km north of the Iraqi capital Baghdad, police "
                   "said.")
    assert len(found) == 1 and found[0].location.name == "Tikrit"


def test_the_part_of_a_country_before_the_unit_it_holds_is_no_event_place():   # Afghanistan
    found = events("Four policemen were killed in clashes with Taliban militants in Afghanistan's southern Zabul "
                   "province, a local official said.")
    assert len(found) == 1 and found[0].location.country == "AF"


def test_a_person_tagged_town_before_its_bracketed_department(parse):   # Colombia
    places = parse("On 16 August 2022, soldiers clashed with ELN guerrillas in rural Tibu (Norte de Santander).")
    p = [p for p in places if p.mention == "Tibu"][0]
    assert p.country == "CO" and p.geo_precision == 1


def test_a_bracketed_province_known_by_an_alternate_name(parse):   # Syria
    places = parse("On 13 September 2022, Turkish forces set up a new military base near Manbij (Aleppo).")
    p = [p for p in places if p.mention == "Manbij"][0]
    assert p.source != "chain-fallback" and km((p.lat, p.lon), (36.528, 37.955)) < 5


def test_a_compound_bearing_names_the_region_not_a_far_district(parse):   # Cameroon
    places = parse("Separatists attacked an army outpost in Cameroon's English-speaking regions of Northwest and "
                   "Southwest on Monday.")
    assert places and all(p.country == "CM" for p in places)


# ------------------------------------------------------------ a region GeoNames names otherwise

def test_region_by_another_name_is_coded_at_its_seat(parse):   # Russia: "Rostovskaya oblast'", seat Rostov-on-Don
    found = parse("Air defences shot down six Ukrainian drones over the southern Rostov region, the ministry said.")
    assert any(p.country == "RU" and km((p.lat, p.lon), (47.22, 39.71)) < 25 for p in found)


def test_region_by_another_name_without_a_seat_of_that_name(parse):   # Iraq: "Nineveh province" is Ninawa
    found = parse("Islamic State fighters attacked a village in Nineveh province, police said.")
    assert any(p.country == "IQ" and p.geo_precision == 3 for p in found)


# ------------------------------------------------------------ zones GeoNames lacks, at their seats

def test_a_zone_is_coded_at_its_seat():   # Ethiopia (Amhara): South Gondar, seat Debre Tabor
    found = events("Government troops killed a militia commander in South Gondar on Friday, the army said.")
    assert found and km(at(found[0]), (11.85, 38.02)) < 10 and found[0].location.geo_precision == 3


def test_a_zone_by_another_spelling():   # Ethiopia (Oromia): West Welega, seat Gimbi
    found = events("Rebels attacked a police station in West Welega on Monday, officials said.")
    assert found and km(at(found[0]), (9.17, 35.83)) < 10


# ------------------------------------------------------------ a camp or base by its town's name

def test_a_camp_named_by_its_town(parse):   # Mali: spaCy tags the town a person
    found = parse("Jihadists seized the Tessalit camp on Friday with the help of a car bomb, the group said.")
    assert any(km((p.lat, p.lon), (20.20, 1.01)) < 10 for p in found)


def test_a_base_named_by_a_misspelt_town(parse):   # Mali: "Niafounke" for GeoNames "Niafunke"
    found = parse("The group said its fighters overran the Niafounke military base at dawn.")
    assert any(km((p.lat, p.lon), (15.93, -3.99)) < 10 for p in found)


def test_a_demonym_base_is_no_place(parse):   # Syria
    found = parse("A drone struck the Russian base overnight, a monitor said.")
    assert not any(p.mention.startswith("Russian") for p in found)
