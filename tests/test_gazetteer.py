"""Gazetteer index: normalisation, the curated names, countries/regions with their own positions."""
import pytest

from polemos.gazetteer import VERSION, Gazetteer, index_path, norm, variants


@pytest.fixture(scope="module")
def gz():
    return Gazetteer.default()


def test_norm_folds_case_diacritics_apostrophes_hyphens():
    assert norm("Xankəndi") == "xankandi"
    assert norm("Füzuli") == "fuzuli"
    assert norm("Nagorno-Karabakh") == "nagorno karabakh"
    assert norm("Ta’lish") == norm("Ta'lish") == "talish"
    assert norm("the Hague") == "hague"
    assert norm("U.S.") == "us"


def test_spellings_of_a_language_with_a_letter_table():
    assert {"aghjabadi", "agjabedi"} <= set(variants("Ağcabədi", "AZ"))
    assert "khizi" in variants("Xızı", "AZ")
    assert "terter" in variants("Tərtər", "AZ")
    assert variants("Tərtər", "FR") == []    # no table for that state's names


def test_index_file_is_versioned():
    assert index_path().name == f"gazetteer-v{VERSION}.sqlite"


@pytest.mark.parametrize("names", [
    ("Stepanakert", "Khankendi", "Xankəndi"), ("Shushi", "Shusha"), ("Martakert", "Aghdara"),
    ("Karvachar", "Kalbajar"), ("Berdzor", "Lachin"), ("Jabrayil", "Jebrail"), ("Fuzuli", "Fizuli"),
    ("Gubadli", "Kubatly"), ("Aghdam", "Agdam"), ("Tartar", "Terter"), ("Nakhchivan", "Nakhichevan"),
    ("Talish", "Talysh"),
])
def test_contested_names_reach_one_curated_place(gz, names):
    ids = {next(e.id for e in gz.lookup(n) if e.source.startswith("curated") and e.kind in ("city", "village"))
           for n in names}
    assert len(ids) == 1


@pytest.mark.parametrize("name", ["Hadrut", "Zangilan", "Goranboy", "Ordubad", "Kashatagh",
                                  "Nagorno-Karabakh", "Artsakh", "Karabakh", "Fuzuli district"])
def test_curated_names_are_indexed(gz, name):
    assert any(e.source.startswith("curated") for e in gz.lookup(name))


def test_regions_have_region_precision(gz):
    for name in ("Nagorno-Karabakh", "Artsakh", "Karabakh"):
        e = next(e for e in gz.lookup(name) if e.kind == "region")
        assert e.precision == 3 and 39 < e.lat < 41 and 46 < e.lon < 48


def test_countries_and_states_have_their_own_positions(gz):
    us = [e for e in gz.lookup("U.S.") if e.kind == "country"]
    assert us and us[0].country == "US" and 35 < us[0].lat < 45
    assert any(e.kind == "country" and e.country == "GB" for e in gz.lookup("Britain"))
    texas = next(e for e in gz.lookup("Texas") if e.kind == "admin1")
    assert texas.country == "US" and 29 < texas.lat < 34
    assert any(e.kind == "admin1" and e.admin1 == "CA" for e in gz.lookup("Calif."))
    assert any(e.kind == "continent" for e in gz.lookup("Europe"))


def test_martuni_exists_in_both_countries(gz):
    assert {e.country for e in gz.lookup("Martuni")} >= {"AM", "AZ"}


def test_admin1_of_a_town(gz):
    ganja = next(e for e in gz.lookup("Ganja") if e.kind == "city" and e.country == "AZ")
    assert gz.admin1(ganja.country, ganja.admin1) is not None


def test_unknown_name_is_empty(gz):
    assert gz.lookup("Qwxzyville") == ()
    assert gz.lookup("") == ()
