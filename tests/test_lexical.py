"""The lexical path (languages without a parser): invented wire-style sentences per language."""
import datetime as dt

import pytest

from polemos import language, lexical
from polemos.places import km
from polemos.types import Article

FRIDAY = dt.date(2020, 10, 9)          # publication day of the test articles (a Friday)
STEPANAKERT = (39.8177, 46.7528)
SHUSHA = (39.760, 46.750)
GANJA = (40.6828, 46.3606)
BARDA = (40.3744, 47.1266)
TARTAR = (40.3418, 46.9320)
FUZULI = (39.6005, 47.1453)


def run(text, lang, day=FRIDAY, side=None):
    return lexical.process(Article(id="t", date=day, text=text, language=lang, side=side))


def only(result):
    assert len(result.events) == 1, [(e.sub_event_type, e.location.name) for e in result.events]
    return result.events[0]


def near(place, point, within=15):
    return km((place.lat, place.lon), point) < within


def test_russian_shelling_with_toll():
    e = only(run("Минобороны Армении заявило, что азербайджанские войска обстреляли Степанакерт в среду. "
                 "Погибли два мирных жителя.", "ru"))
    assert e.sub_event_type == "Shelling/artillery/missile attack" and e.plover == "ASSAULT"
    assert e.location.name == "Stepanakert" and near(e.location, STEPANAKERT)
    assert e.date == "2020-10-07"
    assert (e.claimant, e.claimant_side, e.stance) == ("Armenia Defense Ministry", "armenian", "asserted")
    assert e.attribution_cue == "заявило"
    assert e.actor1 == "Military Forces of Azerbaijan (2003-)" and e.fatalities == 2 and e.civilian_targeting


def test_russian_inflected_place_and_according_to():
    e = only(run("Вчера армянская артиллерия нанесла удар по Гяндже, ранены пять человек, по данным "
                 "Минобороны Азербайджана.", "ru"))
    assert e.location.name == "Ganja" and e.date == "2020-10-08"
    assert e.claimant == "Azerbaijan Defense Ministry" and e.claimant_side == "azerbaijani"
    assert e.actor1_side == "armenian" and e.injured == 5


def test_russian_about_this_names_the_speaker_of_the_sentence_before():
    e = only(run("Азербайджанские военные нанесли ракетный удар по Мартуни.\n"
                 "Об этом сообщил в четверг представитель Минобороны Армении Арцрун Ованнисян.", "ru"))
    assert e.location.name == "Martuni"
    assert e.claimant.startswith("Artsrun Hovhannisyan") and e.claimant_side == "armenian"
    assert e.date == "2020-10-08"      # the day of the statement: the event has none of its own


def test_russian_denial():
    e = only(run("Минобороны Азербайджана опровергло сообщения о том, что его подразделения обстреляли Шушу.", "ru"))
    assert e.location.name == "Shusha" and e.stance == "denied"
    assert e.claimant == "Azerbaijan Defense Ministry" and e.actor1_side == "azerbaijani"


def test_russian_tally_is_no_event():
    assert run("С начала боевых действий в Нагорном Карабахе погибли 40 мирных жителей.", "ru").events == []


def test_russian_ceasefire_ends_the_fighting_it_names():
    e = only(run("Стороны договорились о прекращении огня в Нагорном Карабахе после шести недель боев.", "ru"))
    assert e.sub_event_type == "Agreement" and e.location.name == "Nagorno-Karabakh"


def test_french_shelling_yesterday():
    e = only(run("Le ministère azerbaïdjanais de la Défense a déclaré hier que les forces arméniennes avaient "
                 "bombardé Gandja. Trois civils ont été tués et cinq blessés.", "fr"))
    assert e.sub_event_type == "Shelling/artillery/missile attack" and e.location.name == "Ganja"
    assert e.date == "2020-10-08"
    assert (e.claimant, e.claimant_side) == ("Azerbaijan Defense Ministry", "azerbaijani")
    assert e.actor1_side == "armenian" and e.fatalities == 3 and e.injured == 5 and e.civilian_targeting


def test_french_denial_and_dateline():
    e = only(run("BAKOU, 9 octobre (AFP) - Le ministère arménien de la Défense a démenti avoir bombardé Terter "
                 "mercredi.", "fr"))
    assert e.location.name == "Tartar" and e.stance == "denied" and e.date == "2020-10-07"
    assert e.claimant == "Armenia Defense Ministry" and e.actor1_side == "armenian"


def test_french_media_reports_are_the_outlets_relay():
    e = only(run("Selon les médias, des drones ont frappé Stepanakert jeudi.", "fr", side="international"))
    assert e.sub_event_type == "Air/drone strike"
    assert (e.claimant, e.stance) == ("the outlet itself", "reported")


@pytest.mark.parametrize("lang,text,point", [
    ("ru", "Обстрелу подвергся Степанакерт.", STEPANAKERT),
    ("ru", "Обстрелу подверглась Шуша.", SHUSHA),
    ("ru", "Обстрелу подверглась Гянджа.", GANJA),
    ("ru", "Обстрелу подверглась Барда.", BARDA),
    ("ru", "Обстрелу подвергся Тертер.", TARTAR),
    ("ru", "Снаряды упали в Степанакерте.", STEPANAKERT),
    ("tr", "Hankendi bombalandı.", STEPANAKERT),
    ("tr", "Gence bombalandı.", GANJA),
    ("az", "Şuşa atəşə tutulub.", SHUSHA),
    ("az", "Füzuli atəşə tutulub.", FUZULI),
])
def test_other_script_and_local_names_resolve(lang, text, point):
    if lang not in language.lexical_codes():
        pytest.skip(f"no lexicon for {lang}")
    found = lexical.toponyms(text, lexical.lexicon(lang), lexical.places.Geocoder.default())
    assert found and near(found[0], point), [(p.name, p.lat, p.lon) for p in found]


def test_every_lexicon_loads():
    assert {"ru", "fr"} <= language.lexical_codes()
    for code in language.lexical_codes():
        lex = lexical.lexicon(code)
        assert lex.triggers and lex.cue.get("speech") is not None and lex.months


class NoEnglish:
    """Stands for the spaCy model: no text of these articles may reach it (they ride through empty, for order)."""
    def pipe(self, stream, **kw):
        for text, article in stream:
            if text:
                raise AssertionError("an article went to the English parser")
            yield None, article


def test_pipeline_routes_by_language():
    from polemos.pipeline import Pipeline
    pipe = Pipeline(NoEnglish(), lexical.places.Geocoder.default())
    arts = [Article(id="pt", date=FRIDAY, text="As forças azerbaijanas bombardearam Stepanakert.", language="pt"),
            Article(id="ru", date=FRIDAY, text="Азербайджанские войска обстреляли Степанакерт.", language="ru")]
    skipped, read = list(pipe.run(arts))
    assert skipped.skipped == "language pt is not supported yet" and not skipped.events
    assert read.skipped is None and read.events[0].location.name == "Stepanakert"
    assert language.supported("ru") and not language.supported("pt")
