"""French wire style: names transcribed the French way, a unit that only locates, a speaker after the comma."""
import datetime as dt

import pytest

from polemos import lexicon
from polemos.lexicon import places as lexicon_places
from polemos.pipeline import Pipeline
from polemos.types import Article

DAY = dt.date(2022, 3, 11)


def run(text, lang="fr", conflict=None):
    kw = {"conflict": conflict} if conflict else {}
    return next(Pipeline.default().run([Article(id="t", date=DAY, text=text, language=lang, **kw)]))


@pytest.mark.parametrize("written,english", [
    ("Marioupol", "Mariupol"), ("Tchernihiv", "Chernihiv"), ("Djebraïl", "Jebrail"), ("Talich", "Talish")])
def test_a_french_transcription_is_tried_in_english_letters(written, english):
    assert english in lexicon_places._forms(written, lexicon.lexicon("fr"))


def test_a_language_without_spellings_keeps_the_name_as_written():
    assert lexicon_places._forms("Marioupol", lexicon.lexicon("de")) == ["Marioupol"]


def test_french_transcribed_cities_are_event_places():
    r = run("Des roquettes ont frappé Marioupol et Tchernihiv mardi, selon les autorités ukrainiennes.")
    assert sorted(e.location.name for e in r.events) == ["Chernihiv", "Mariupol"]


def test_a_unit_after_its_village_only_says_where_it_lies():
    r = run("L'armée a pris le contrôle du village de Talich, dans la région de Martakert.", conflict="karabakh")
    assert [e.location.name for e in r.events] == ["Talish"]


def test_a_drone_named_with_its_adjective_strikes_from_the_air():
    r = run("Un drone turc a frappé un convoi à Idlib, tuant trois combattants.")
    assert [(e.sub_event_type, e.location.name) for e in r.events] == [("Air/drone strike", "Idlib")]


@pytest.mark.parametrize("text,claimant", [
    ("Des missiles ont touché Gandja dimanche, a indiqué le ministère azerbaïdjanais de la Défense.",
     "Azerbaijan"),
    ("Des obus sont tombés sur Kharkiv lundi, a affirmé le ministère ukrainien de la Défense.", "Ukrain"),
])
def test_the_speaker_after_the_comma_says_the_sentence(text, claimant):
    e = run(text).events[0]
    assert claimant in e.claimant, e.claimant


def test_a_list_of_places_opening_a_paragraph_is_no_dateline():
    r = run("Гянджа, Барда и Тертер подверглись обстрелу.", "ru", conflict="karabakh")
    assert sorted(e.location.name for e in r.events) == ["Barda", "Ganja", "Tartar"]
    r = run("СТЕПАНАКЕРТ, 9 октября. Азербайджанские войска обстреляли Шушу.", "ru", conflict="karabakh")
    assert [e.location.name for e in r.events] == ["Shusha"]


def test_a_parser_cut_before_the_verb_is_joined_again():
    r = run("Stepanakert, Chouchi et Martouni ont été bombardées.", conflict="karabakh")
    assert len(r.events) == 3, [(e.location.name) for e in r.events]


def test_a_district_that_only_says_where_its_village_is_with_its_unit_word():
    r = run("Tovuz rayonunun Ağdam kəndi erməni silahlı qüvvələri tərəfindən atəşə tutulub.", "az", conflict="karabakh")
    assert [e.location.name for e in r.events] == ["Ağdam"]


@pytest.mark.parametrize("lang,text,kind,place", [
    ("az", "Azərbaycan Ordusu Füzuli şəhərini azad edib.", "Government regains territory", "Fuzuli"),   # t -> d
    ("az", "Düşmənin PUA-sı Tərtər rayonu ərazisində vurulub.", "Disrupted weapons use", "Tartar district"),
])
def test_azerbaijani_verb_forms_and_suffixed_acronyms(lang, text, kind, place):
    r = run(text, lang, conflict="karabakh")
    assert [(e.sub_event_type, e.location.name) for e in r.events] == [(kind, place)]


@pytest.mark.parametrize("text,kind,place", [
    ("Kharkiv a été la cible de tirs de roquettes dans la nuit, selon le gouverneur.",
     "Shelling/artillery/missile attack", "Kharkiv"),
    ("L'Azerbaïdjan a annoncé la prise de la ville de Hadrout.", "Government regains territory", "Hadrut"),
    ("La reprise du village de Talich a été annoncée par Bakou.", "Government regains territory", "Talish"),
])
def test_french_noun_phrases_of_fire_and_capture(text, kind, place):
    r = run(text, conflict="karabakh" if "Kharkiv" not in text else None)
    assert [(e.sub_event_type, e.location.name) for e in r.events] == [(kind, place)]


def test_a_hostage_taking_is_no_capture():
    assert not run("Une prise d'otages a eu lieu à Bamako, selon la police.").events
