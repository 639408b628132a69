"""Places: recognition and resolution on short invented wire-style sentences."""
import datetime as dt
import io
import json
from functools import partial
from pathlib import Path

import pytest

from polemos import components
from polemos.places import Geocoder, geoparse_file, km, ruler_patterns
from polemos.types import Article

# These invented sentences are of the 2020 Karabakh war: they are read with its profile (data/conflicts/karabakh.toml),
# as an article naming the war's parties would be. Sentences of other wars are read with the default profile.
Article = partial(Article, conflict="karabakh")

STEPANAKERT = (39.8177, 46.7528)
MARTUNI_KARABAKH = (39.795, 47.112)
MARTUNI_ARMENIA = (40.140, 45.302)


@pytest.fixture(scope="module")
def parse():
    nlp, geo = components.english(), Geocoder.default()

    def run(text):
        art = Article(id="t", date=dt.date(2020, 10, 5), text=text)
        return geo.toponyms(nlp(text), art)
    return run


def place(places, mention):
    found = [p for p in places if p.mention == mention]
    assert found, f"{mention!r} not among {[p.mention for p in places]}"
    return found[0]


@pytest.mark.parametrize("name,point", [
    ("Stepanakert", STEPANAKERT), ("Khankendi", STEPANAKERT), ("Xankəndi", STEPANAKERT),
    ("Shushi", (39.760, 46.750)), ("Shusha", (39.760, 46.750)),
    ("Martakert", (40.211, 46.811)), ("Aghdara", (40.211, 46.811)),
    ("Khojavend", MARTUNI_KARABAKH), ("Hadrut", (39.520, 47.032)),
    ("Talish", (40.168, 46.642)), ("Talysh", (40.168, 46.642)),
    ("Karvachar", (40.110, 46.044)), ("Kalbajar", (40.110, 46.044)),
    ("Berdzor", (39.637, 46.550)), ("Lachin", (39.637, 46.550)),
    ("Jabrayil", (39.399, 47.028)), ("Jebrail", (39.399, 47.028)),
    ("Fuzuli", (39.601, 47.145)), ("Fizuli", (39.601, 47.145)),
    ("Zangilan", (39.084, 46.660)), ("Gubadli", (39.344, 46.582)), ("Kubatly", (39.344, 46.582)),
    ("Aghdam", (39.991, 46.927)), ("Agdam", (39.991, 46.927)),
    ("Tartar", (40.342, 46.932)), ("Terter", (40.342, 46.932)), ("Goranboy", (40.610, 46.790)),
    ("Nakhchivan", (39.209, 45.412)), ("Nakhichevan", (39.209, 45.412)), ("Ordubad", (38.910, 46.023)),
])
def test_contested_town_names(parse, name, point):
    p = place(parse(f"Shelling was reported in {name} on Monday morning, the ministry said."), name)
    assert km((p.lat, p.lon), point) < 5
    assert p.country == "AZ" and p.geo_precision == 1


@pytest.mark.parametrize("name", ["Nagorno-Karabakh", "Artsakh", "Karabakh", "Kashatagh"])
def test_regions_get_region_precision(parse, name):
    p = place(parse(f"The fighting in {name} intensified overnight, officials said."), name)
    assert p.geo_precision == 3 and km((p.lat, p.lon), STEPANAKERT) < 60


def test_martuni_in_karabakh(parse):
    p = place(parse("Rockets hit Martuni, Nagorno-Karabakh, on Tuesday, local officials said."), "Martuni")
    assert p.country == "AZ" and km((p.lat, p.lon), MARTUNI_KARABAKH) < 5


def test_martuni_in_armenia(parse):
    p = place(parse("Farmers in Martuni, in Armenia's Gegharkunik province, harvested apricots."), "Martuni")
    assert p.country == "AM" and km((p.lat, p.lon), MARTUNI_ARMENIA) < 5


def test_near_a_town_is_precision_two(parse):
    p = place(parse("Heavy clashes took place near Hadrut overnight, the ministry said."), "Hadrut")
    assert p.geo_precision == 2 and km((p.lat, p.lon), (39.520, 47.032)) < 5


def test_district_phrase(parse):
    p = place(parse("Two civilians were wounded in Fuzuli district on Sunday."), "Fuzuli district")
    assert p.geo_precision >= 2 and km((p.lat, p.lon), (39.601, 47.145)) < 30


def test_villages_of_a_region(parse):
    places = parse("Artillery struck the villages of the Martuni region, the ombudsman said.")
    p = place(places, "Martuni region")
    assert p.geo_precision >= 2 and km((p.lat, p.lon), MARTUNI_KARABAKH) < 30


def test_the_capital_in_a_karabakh_article(parse):
    places = parse("Sirens sounded across Nagorno-Karabakh. Drones struck the capital at dawn.")
    p = place(places, "the capital")
    assert p.name == "Stepanakert" and km((p.lat, p.lon), STEPANAKERT) < 5


def test_the_enclaves_capital(parse):
    p = place(parse("Shells fell on Shushi. The enclave's capital lost power."), "The enclave's capital")
    assert p.name == "Stepanakert"


def test_the_capital_of_a_region(parse):
    p = place(parse("Officials in the capital of Nagorno-Karabakh said the night was calm."),
              "the capital of Nagorno-Karabakh")
    assert p.name == "Stepanakert"


def test_unknown_village_is_coded_to_its_district(parse):
    places = parse("A tractor driver was killed in Qwertyli village of Fuzuli district, the prosecutor said.")
    p = place(places, "Qwertyli")
    assert p.geo_precision == 2 and p.source == "district-fallback" and p.name == "Qwertyli"
    assert km((p.lat, p.lon), (39.601, 47.145)) < 30


def test_list_of_unknown_villages(parse):
    places = parse("Shells hit Zxcvli and Asdfbeyli villages of Tartar district on Friday.")
    for name in ("Zxcvli", "Asdfbeyli"):
        p = place(places, name)
        assert p.geo_precision == 2 and km((p.lat, p.lon), (40.342, 46.932)) < 30


def test_demonyms_are_not_places(parse):
    places = parse("Armenian and Azerbaijani officials met in Moscow.")
    assert [p.mention for p in places] == ["Moscow"]


def test_country_context_picks_the_namesake(parse):
    p = place(parse("Police in Georgia said a storm hit Savannah and Atlanta."), "Georgia")
    assert p.country == "US"
    p = place(parse("Tbilisi said Georgia would mediate between Armenia and Azerbaijan."), "Georgia")
    assert p.country == "GE"


def test_spans_point_into_the_text(parse):
    text = "Rockets hit Ganja and Barda, Azerbaijan said."
    for p in parse(text):
        assert text[p.span.start:p.span.end] == p.mention


def test_ruler_patterns_are_a_few_thousand_gpe_names():
    pats = ruler_patterns()
    assert 100 < len(pats) < 5000
    assert {p["label"] for p in pats} == {"GPE"}
    names = {p["pattern"] for p in pats}
    assert {"stepanakert", "khankendi", "hadrut"} <= names
    assert not any(n[0].isdigit() for n in names)


def test_geoparse_file(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "a1", "text": "Drones struck Stepanakert and Goris."}) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert geoparse_file(str(inp), out) == 0
    row = json.loads(out.getvalue())
    assert row["id"] == "a1"
    names = {t["name"] for t in row["toponyms"]}
    assert {"Stepanakert", "Goris"} <= names
    t = row["toponyms"][0]
    assert set(t) >= {"start", "end", "name", "lat", "lon", "geonameid", "country"}


def test_geoparse_file_rejects_bad_input(tmp_path):
    inp = tmp_path / "bad.jsonl"
    inp.write_text('{"text": "no id"}\n', encoding="utf-8")
    assert geoparse_file(str(inp), io.StringIO()) == 1
    assert geoparse_file(str(tmp_path / "missing.jsonl"), io.StringIO()) == 1


SHARED = Path(__file__).parents[1] / ".." / "shared"


@pytest.mark.skipif(not (SHARED / "data" / "dev" / "gold.jsonl").exists(), reason="no ../shared dev data")
def test_gold_stepanakert_resolves_within_5km(parse):
    gold = [json.loads(line) for line in (SHARED / "data" / "dev" / "gold.jsonl").open(encoding="utf-8")]
    locs = [e["location"] for g in gold for e in g["events"] if (e.get("location") or {}).get("name") == "Stepanakert"]
    assert locs
    p = place(parse("Shelling hit Stepanakert."), "Stepanakert")
    assert all(km((p.lat, p.lon), (loc["lat"], loc["lon"])) < 5 for loc in locs)



def test_bare_list_of_unknown_villages_of_a_district(parse):
    places = parse("Troops took Zxcvli, Qwertyli and Asdfbeyli of Tartar district on Friday.")
    for name in ("Zxcvli", "Qwertyli", "Asdfbeyli"):
        assert place(places, name).source == "district-fallback"


def test_a_single_title_of_a_district_is_no_village(parse):
    places = parse("The Head of Tartar district said the town was quiet.")
    assert all(p.mention != "Head" for p in places)


def test_a_quantifier_is_no_village(parse):
    places = parse("Several villages of Tartar district were shelled overnight.")
    assert all(p.mention != "Several" for p in places)
