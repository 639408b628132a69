"""Languages beyond English: case endings, Armenian, the language tools (French's spaCy model, Russian's natasha),
state names in every language, and claimants equal to the English report's. Invented sentences of many wars."""
from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from polemos import fusion, lang, language, lexicon, nlp, resources
from polemos.errors import DataError
from polemos.lang import ud
from polemos.lexicon import countries
from polemos.lexicon import dates as lexicon_dates
from polemos.lexicon import places as lexicon_places
from polemos.pipeline import Pipeline
from polemos.types import Article

DAY = dt.date(2022, 10, 12)                     # publication day of the invented articles (a Wednesday)
VAGUE = {r["word"] for r in resources.rows("vague_numbers.csv")} | {"a dozen"}


def run(text, code, conflict=None, day=DAY, **meta):
    return next(Pipeline.default().run([Article(id="t", date=day, text=text, language=code, conflict=conflict,
                                                **meta)]))


def events(result):
    return [(e.sub_event_type, e.location.name) for e in result.events]


# ------------------------------------------------------------------ case endings (tests/data/cases.tsv)

def _cases():
    with (Path(__file__).parent / "data" / "cases.tsv").open(encoding="utf-8") as f:
        return [tuple(r) for r in csv.reader((line for line in f if not line.startswith("#")), delimiter="\t")][1:]


CASES = _cases()
PLACES = [c for c in CASES if not (c[2].isdigit() or c[2] == "NONE" or c[2] in VAGUE)]
NUMBERS = [c for c in CASES if c not in PLACES]


def test_every_case_language_has_cases():
    assert {c[0] for c in PLACES} == {c[0] for c in NUMBERS} == {"ru", "tr", "az", "hy"}
    assert len(CASES) > 250


@pytest.mark.parametrize("code, word, base", PLACES)
def test_a_place_with_a_case_ending_is_found_by_its_base(code, word, base):
    """The candidates of a word (as written, then its endings undone, in the language file's order): the first that
    is a known name is the base, and a name written in its base form is not turned into another known name."""
    known = {b for c, _, b in PLACES if c == code}
    forms = lexicon_places._forms(word, lexicon.lexicon(code))
    if base == word:
        assert not [f for f in forms[1:] if f in known and f != word], forms
    else:
        assert next((f for f in forms if f in known), None) == base, forms


@pytest.mark.parametrize("code, words, value", NUMBERS)
def test_a_number_with_a_case_ending_is_read(code, words, value):
    found = lexicon_dates._numbers(words, lexicon.lexicon(code))
    if value == "NONE":
        assert not found
        return
    assert found, words
    got = max(found, key=lambda h: h[1] - h[0])[2]
    assert got == (int(value) if value.isdigit() else value)


# ------------------------------------------------------------------ Armenian

def test_armenian_sentences_end_at_its_full_stop_and_colon():
    model = nlp.sentencized(nlp.Config.of("hy"))
    doc = model("Քաղաքը գիշերը հրետակոծվել է։ Զոհեր չկան: Նախարարը հայտնել է, որ ժամը 12:30-ին կրակը դադարել է։")
    assert [s.text for s in doc.sents] == ["Քաղաքը գիշերը հրետակոծվել է։", "Զոհեր չկան:",
                                           "Նախարարը հայտնել է, որ ժամը 12:30-ին կրակը դադարել է։"]


@pytest.mark.parametrize("code, text, day", [
    ("hy", "Քաղաքը հոկտեմբերի 7-ին հրետակոծվել է", dt.date(2022, 10, 7)),
    ("hy", "2021 թ. մայիսի 3-ին գյուղը գրավվել է", dt.date(2021, 5, 3)),
    ("az", "Şəhər oktyabrın 10-da atəşə tutulub", dt.date(2022, 10, 10)),
    ("az", "Kənd sentyabrın 27-si səhər saatlarında bombalanıb", dt.date(2022, 9, 27)),
])
def test_month_first_dates(code, text, day):
    found = lexicon_dates.find_dates(text, DAY, lexicon.lexicon(code))
    assert [d.date for d in found] == [day]


@pytest.mark.parametrize("code, text, killed", [
    ("hy", "Հրետակոծության հետևանքով զոհվել են 5 խաղաղ բնակիչ, նրանցից 3-ը երեխաներ են", 5),
    ("hy", "Հոկտեմբերի 24-ին զոհվել են երկու զինծառայող", 2),
    ("az", "Hücum nəticəsində onlardan 3-ü həlak olub", 3),
])
def test_tolls_with_case_endings_and_no_day_for_a_toll(code, text, killed):
    assert lexicon_dates.count("killed", text, lexicon.lexicon(code)).number == killed


def test_armenian_shelling_report_of_the_karabakh_war():
    r = run("Ադրբեջանական զինուժը հոկտեմբերի 7-ին հրետակոծել է Մարտակերտը։ Զոհեր չկան: Այդ մասին հայտնել է "
            "Արցախի ՄԻՊ-ը։", "hy", "karabakh")
    (e,) = r.events
    assert (e.sub_event_type, e.location.name, e.date) == ("Shelling/artillery/missile attack", "Martakert",
                                                           "2022-10-07")
    assert e.claimant_side == "armenian" and e.actor1_side == "azerbaijani" and e.fatalities == 0


def test_armenian_report_of_another_war_is_read_with_a_postposed_locative():
    r = run("Ռուսական զորքերը հոկտեմբերի 7-ին հրթիռակոծել են Խարկովը, նրանցից 3-ը զոհվել են, հայտնում է "
            "Ուկրաինայի ՊՆ-ն։", "hy")
    assert events(r) == [("Shelling/artillery/missile attack", "Kharkiv")]
    assert r.events[0].fatalities == 3 and r.events[0].date == "2022-10-07"


# ------------------------------------------------------------------ state names in every language (CLDR)

@pytest.mark.parametrize("code, written, english", [
    ("ru", "Украиной", "Ukraine"), ("ru", "Судане", "Sudan"), ("hy", "Ուկրաինայում", "Ukraine"),
    ("tr", "Suriye", "Syria"), ("az", "Yəmənin", "Yemen"), ("fr", "Mali", "Mali"), ("de", "Myanmar", "Myanmar"),
])
def test_a_state_is_named_in_the_language_with_its_endings(code, written, english):
    hits = [v for rx, v in countries.patterns(code, lexicon.lexicon(code).suffixes) if rx.fullmatch(written)]
    assert hits == [english]


def test_a_state_name_is_not_a_common_word():
    lex = lexicon.lexicon("ru")
    assert not [v for rx, v in countries.patterns("ru", lex.suffixes) if rx.search("в комнате стоял чад")]


@pytest.mark.parametrize("code, text, where", [
    ("az", "Rusiya qoşunları oktyabrın 10-da Xarkovu raketlə atəşə tutub, onlardan 3-ü həlak olub, Ukrayna "
           "Müdafiə Nazirliyi bildirib.", "Kharkiv"),
    ("tr", "Suriye ordusu İdlib'e hava saldırısı düzenledi, ikisi çocuk beş sivil hayatını kaybetti, Suriye İnsan "
           "Hakları Gözlemevi bildirdi.", "Idlib"),
    ("fr", "L'armée congolaise a affirmé que les rebelles du M23 avaient bombardé Goma mardi, tuant quatre civils.",
     "Goma"),
    ("ru", "В Кривом Роге в результате ракетного удара ранены пять человек, заявил мэр города Александр Вилкул.",
     "Kryvyy Rih"),
])
def test_an_event_of_a_war_without_a_profile(code, text, where):
    """The default profile reads any war: its zone is where the text's states and places are, in any language."""
    r = run(text, code)
    assert [e.location.name for e in r.events] == [where]


# ------------------------------------------------------------------ the language tools

def test_russian_place_by_its_lemma():
    lex = lexicon.lexicon("ru")
    assert "Горанбой" in lexicon_places._forms("Горанбое", lex)
    assert "Кривой Рог" in lexicon_places._last_word_forms("Кривом Роге", lex)


@pytest.mark.parametrize("text, name", [
    ("«Мы удержим позиции», — сказал командир батальона Иван Петренко.", "Ivan Petrenko"),
    ("По словам Вадима Даниеляна, город обстреливали всю ночь.", "Vadim Danielyan"),
    ("Мария Захарова заявила, что переговоры продолжатся.", "Mariya Zakharova"),
])
def test_natasha_names_a_person_in_the_nominative_and_romanised(text, name):
    hints = lang.tools("ru").hints(text, ("ner", "morph"))
    assert [p[2] for p in hints.persons] == [name]


def test_natasha_gives_the_subject_of_a_reporting_verb():
    text = "Министерство обороны Армении заявило, что войска отступили."
    hints = lang.tools("ru").hints(text, ("syntax",))
    start = text.index("заявило")
    assert hints.subject_of(start, start + 7) == (0, text.index(" заявило"))


def test_a_person_the_tools_name_is_the_claimant():
    r = run("«Nous avons repoussé l'attaque », a déclaré le porte-parole de l'armée malienne, Souleymane Dembélé, "
            "après des combats à Tombouctou.", "fr")
    assert {a.claimant for a in r.attributions} == {"Souleymane Dembele"}
    assert events(r) == [("Armed clash", "Tombouctou")]


def test_french_parse_subject_is_the_speaker():
    doc = Pipeline.default().model("fr")("Le porte-parole de l'armée a affirmé que les miliciens avaient pillé Bunia.")
    start = doc.text.index("a affirmé")
    assert doc._.hints.subject_of(start, start + 10) == (0, doc.text.index(" a affirmé"))


def test_missing_tools_are_a_clear_error(monkeypatch):
    def missing(code):
        raise ImportError("No module named 'natasha'")
    monkeypatch.setattr(lang, "tools", missing)
    with pytest.raises(DataError, match=r"E151.*ru\.toml"):
        nlp.add_tools(nlp.sentencized(nlp.Config.of("ru")), nlp.Config.of("ru"))


def test_unknown_tools_parts_are_refused():
    lang.tools("ru")
    with pytest.raises(DataError, match="E150"):
        nlp.sentencized(nlp.Config.of("ru")).add_pipe("polemos_natasha", config={"parts": ["ner", "sentiment"]})


def test_an_english_only_run_loads_no_other_language_tools():
    code = ("import datetime as dt, sys; from polemos.pipeline import Pipeline; "
            "Pipeline.default().extract('Rebels shelled Goma on Monday, the army said.', dt.date(2022, 10, 12)); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('natasha', 'slovnet', 'navec', "
            "'fr_core_news_sm') or m == 'polemos.lang.ru'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_romanised_names():
    assert ud.romanised("Илья  Азар") == "Ilya Azar"
    assert ud.romanised("Վադիմ Դանիելյան") == "Vadim Danielyan"


def test_languages_read_by_their_words_with_tools():
    assert {"fr", "ru", "hy"} <= language.lexical_codes() and "en" in language.parsed_codes()


# ------------------------------------------------------------------ claimants as in English; fusion

def test_an_azerbaijani_ministry_post_fuses_with_its_english_wire_copy():
    """The same statement in two languages: the same canonical claimant and side, so fusion joins the reports."""
    pipe = Pipeline.default()
    az = pipe.extract("Azərbaycan Müdafiə Nazirliyi bildirib ki, oktyabrın 4-də Ermənistan silahlı qüvvələri Tərtər "
                      "şəhərini artilleriyadan atəşə tutub. Hücum nəticəsində iki mülki şəxs həlak olub.",
                      "2020-10-05", language="az", outlet="APA", id="az-post")
    en = pipe.extract("Armenian forces shelled the town of Tartar on October 4, killing two civilians, Azerbaijan's "
                      "Defence Ministry said.", "2020-10-05", language="en", outlet="Reuters", id="en-wire")
    (a,), (b,) = az.events, en.events
    assert (a.claimant, a.claimant_side, a.date, a.location.name, a.fatalities) == \
        (b.claimant, b.claimant_side, b.date, b.location.name, b.fatalities)
    lines = [json.loads(json.dumps(r.to_json(), default=str)) for r in (az, en)]
    fused = fusion.fuse(fusion.records_from_predictions(lines))
    assert len(fused) == 1 and len(fused[0]["claims"]) == 2


def test_evidence_stays_in_the_original_language():
    r = run("Yəmən ordusu bildirib ki, husilər Marib şəhərini raketlə atəşə tutub.", "az")
    (e,) = r.events
    assert "atəşə tutub" in e.evidence and r.to_json()["language"] == "az"


@pytest.mark.parametrize("code, text, name", [
    ("hy", "«Քաղաքը գիշերը հրետակոծվել է», - ասաց շրջվարչակազմի ղեկավարի տեղակալ Վադիմ Դանիելյանը։",
     "Vadim Danielyan"),
    ("az", "Rayon icra hakimiyyətinin başçısı Rəşad Məmmədov bildirib ki, kənd atəşə tutulub.", "Resad Memmedov"),
    ("tr", "Belediye Başkanı Ahmet Yılmaz'ın açıklamasına göre köy bombalandı.", "Ahmet Yilmaz"),
])
def test_a_person_a_language_without_ner_names(code, text, name):
    from polemos.lexicon import names
    from polemos.places import Geocoder
    assert name in [p[2] for p in names.persons(text, lexicon.lexicon(code), Geocoder.default()).persons]


def test_german_capitalised_nouns_are_no_persons():
    assert not lexicon.lexicon("de").lemmas and not lang.lexicon("de").get("tools", "names")


def test_the_agent_after_its_party_is_the_actor():
    """hy puts the passive agent's postposition after the party: "ադրբեջանական զինուժի կողմից" (by the
    Azerbaijani forces) is who acted, though another party is named first."""
    r = run("Պաշտպանության բանակի դիրքերը և Մարտակերտը հրետակոծվել են ադրբեջանական զինուժի կողմից, հայտնում է "
            "Արցախի ՊՆ-ն։", "hy", "karabakh")
    assert [(e.location.name, e.actor1_side) for e in r.events] == [("Martakert", "azerbaijani")]


def test_a_cycle_of_heads_ends_the_subtree():
    """slovnet may give two words each other as head: the subject's words are still found, once each."""
    from types import SimpleNamespace as T
    a, b, c = T(id="1_1", head_id="1_2"), T(id="1_2", head_id="1_1"), T(id="1_3", head_id="1_2")
    children = {"1_2": [a, c], "1_1": [b]}
    assert sorted(t.id for t in lang.tools("ru")._subtree(a, children)) == ["1_1", "1_2", "1_3"]
