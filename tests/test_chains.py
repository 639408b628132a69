"""Places anywhere: administrative chains, distances and bearings, parts of a country, names that are no place, and
places far from the war, on short invented wire-style and ACLED-note-style sentences from many wars."""
import datetime as dt

import pytest

import polemos
from polemos import chains, components
from polemos.gazetteer import names_of
from polemos.places import Geocoder, km
from polemos.types import Article


@pytest.fixture(scope="module")
def parse():
    nlp, geo = components.english(), Geocoder.default()

    def run(text):
        art = Article(id="t", date=dt.date(2024, 6, 7), text=text)
        return geo.toponyms(nlp(text), art)
    return run


def place(places, mention):
    found = [p for p in places if p.mention == mention]
    assert found, f"{mention!r} not among {[p.mention for p in places]}"
    return found[0]


def events(text):
    return polemos.extract(text, date="2024-06-07").events


# ------------------------------------------------------------ chains

def test_acled_note_chain_names_the_state(parse):   # Mexico
    p = place(parse("On 7 June 2022, in Petaquillas, Guerrero, residents blocked the federal highway."), "Petaquillas")
    assert p.country == "MX" and p.geo_precision == 1 and km((p.lat, p.lon), (17.486, -99.456)) < 5


def test_chain_picks_the_namesake_in_the_named_department(parse):   # Colombia
    p = place(parse("ELN fighters attacked an army patrol in San Miguel, Putumayo, on Sunday."), "San Miguel")
    assert p.country == "CO"


def test_parenthesised_chain_of_units(parse):   # Myanmar
    places = parse("Junta troops torched houses in Labutta town (Labutta township, Labutta district, Ayeyarwady "
                   "region) on Monday.")
    p = place(places, "Labutta")
    assert p.country == "MM" and p.geo_precision == 1
    assert place(places, "Ayeyarwady region").geo_precision == 3


def test_unknown_village_of_a_territory_is_coded_at_the_unit(parse):   # DR Congo
    places = parse("M23 rebels shelled Zwakinyoro, Masisi territory, North Kivu, on Monday.")
    p = place(places, "Zwakinyoro")
    unit = place(places, "Masisi territory")
    assert p.source == "chain-fallback" and p.geo_precision == 2 and p.country == "CD"
    assert km((p.lat, p.lon), (unit.lat, unit.lon)) < 30


def test_namesake_outside_the_named_district_gives_way_to_the_district(parse):   # Karabakh (issue #17)
    places = parse("Armenian forces shelled Sabirkend village of Shamkir district in Azerbaijan on Friday.")
    p = place(places, "Sabirkend")
    assert p.geo_precision == 2 and km((p.lat, p.lon), (40.83, 46.02)) < 30   # Shamkir, not Nakhchivan


def test_settlement_named_after_its_unit(parse):   # Ethiopia
    places = parse("An airstrike hit a market in the Tigray village of Qwerboga in Ethiopia on Tuesday.")
    p = place(places, "Qwerboga")
    assert p.country == "ET" and p.source == "chain-fallback"


def test_a_list_of_peers_is_no_chain(parse):   # Ukraine
    places = parse("Russian forces shelled Kupiansk, Izium and Balakliia in Kharkiv region on Sunday.")
    points = {(round(p.lat, 1), round(p.lon, 1)) for p in places if p.mention in ("Kupiansk", "Izium", "Balakliia")}
    assert len(points) == 3


def test_a_list_of_villages_gives_one_event_per_village():   # Ukraine
    found = events("Russian forces shelled Kupiansk, Izium and Balakliia in Kharkiv region on Sunday, the governor "
                   "said.")
    assert {e.location.name for e in found} == {"Kupyansk", "Izyum", "Balakliya"}


# ------------------------------------------------------------ distances, neighbours, parts

def test_distance_and_bearing_give_the_point(parse):   # Yemen, Red Sea shipping
    p = place(parse("A tanker was struck 60 nautical miles east of Aden, the maritime agency said."), "Aden")
    assert p.geo_precision == 2 and p.source == "offset"
    assert abs(km((p.lat, p.lon), (12.78, 45.04)) - 111) < 3 and p.lon > 45.04


def test_distance_to_a_town_places_the_event_there():   # Iraq
    found = events("Militants shelled a checkpoint 30 km north of Kirkuk on Tuesday, Iraqi officials said.")
    assert found and found[0].location.lat > 35.7 and found[0].location.geo_precision == 2


def test_neighbourhood_beside_a_city(parse):   # Gaza
    places = parse("Helicopters fired at homes in the Zeitoun neighbourhood, southeast of Gaza City, on Sunday.")
    assert place(places, "Zeitoun").country == "PS"


@pytest.mark.parametrize("text,mention,country", [
    ("Israeli jets struck targets in southern Lebanon overnight.", "Lebanon", "LB"),      # Lebanon
    ("Hezbollah fired rockets at Israel's north on Sunday.", "Israel", "IL"),             # Israel
    ("Israel bombed sites across South Lebanon on Sunday, the Lebanese army said.", "South Lebanon", "LB"),
])
def test_part_of_a_country_is_its_unit_that_way(parse, text, mention, country):
    p = place(parse(text), mention)
    assert p.country == country and p.geo_precision == 3 and p.geonameid != 272103   # not the country's point


def test_bearing_words():
    assert chains.bearing("south-west") == 225 and chains.bearing("Northern") == 0 and chains.bearing("central") is None
    assert chains.project(0.0, 0.0, 111.195, 90)[1] == pytest.approx(1.0, abs=0.01)


# ------------------------------------------------------------ recognition

def test_particle_names_and_big_towns_alternate_names(parse):   # Yemen, Sudan, Lebanon
    assert place(parse("Strikes hit the port of al Hudaydah in Yemen on Monday."), "al Hudaydah").country == "YE"
    assert place(parse("RSF fighters shelled el-Fasher in North Darfur, Sudan."), "el-Fasher").country == "SD"
    assert place(parse("Israeli jets struck Nabatieh on Tuesday, the Lebanese news agency said."),
                 "Nabatieh").geo_precision == 1


def test_english_word_town_only_where_a_place_stands(parse):   # Mali
    assert place(parse("Jihadists attacked a military camp in Timbuktu, Malian officials said."),
                 "Timbuktu").country == "ML"
    assert not [p for p in parse("Timbuktu is a word for far away, a Malian writer said.") if p.mention == "Timbuktu"]


@pytest.mark.parametrize("text,name", [
    ("Houthi forces fired two missiles at the USS Carney in the Red Sea, the Pentagon said.", "Carney"),   # Yemen
    ("The Iran-backed militia shelled a base near Erbil on Friday, Iraqi officials said.", "Iran"),        # Iraq
])
def test_names_that_are_no_place(parse, text, name):
    assert not [p for p in parse(text) if name in p.mention]


# ------------------------------------------------------------ far from the war

def test_dateline_is_no_event_place():   # Somalia
    found = events("MOGADISHU, Somalia (AP) — Al-Shabaab fighters shelled a military base in Afgooye on Tuesday, "
                   "officials said.")
    assert found and {e.location.name for e in found} == {"Afgooye"}


def test_world_region_is_no_event_place():   # Sahel
    assert not [e for e in events("Jihadists shelled a convoy across the Sahel on Monday, officials said.")
                if e.location.source == "world-region"]


def test_small_namesake_far_from_the_war_is_dropped(parse):   # West Bank
    assert not parse("Settlers attacked Palestinian farmers in Samaria on Friday, Palestinian officials said.")


def test_zone_ranks_but_a_war_you_do_not_know_still_reads():   # Nigeria, no country named
    found = events("Bandits shelled homes in Gusau on Sunday, residents said.")
    assert found and found[0].location.country == "NG"


# ------------------------------------------------------------ any name in any script

@pytest.mark.parametrize("name", ["Ganja", "Gəncə", "Гянджа"])
def test_names_of_gives_every_script(name):
    names = names_of(name)
    assert {"Ganja", "Gəncə", "Гянджа"} <= names


def test_names_of_an_unknown_name_is_itself():
    assert names_of("Qwxzplk") == {"Qwxzplk"}


def test_village_of_a_district_in_a_language_read_by_its_words():   # Karabakh, Azerbaijani
    from polemos import conflicts, lexicon
    from polemos.lexicon import places as lexicon_places
    text = "Tovuz rayonunun Ağdam kəndi artilleriya atəşinə tutulur."
    war = conflicts.theatre(None, text + " Azərbaycan")
    found = lexicon_places.toponyms(text, lexicon.lexicon("az"), Geocoder.default(), war)
    village = place(found, "Ağdam")
    assert km((village.lat, village.lon), (40.99, 45.63)) < 30   # in Tovuz district, not the town of Aghdam


def test_a_sea_is_an_event_place_in_any_language():   # Yemen, Red Sea shipping
    found = polemos.extract("Les forces yéménites ont pris pour cible des navires dans le sud de la mer Rouge, a "
                            "indiqué le porte-parole des Houthis.", date="2024-01-10", language="fr").events
    assert [e.location.name for e in found] == ["Red Sea"]
