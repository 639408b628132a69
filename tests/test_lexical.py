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


# ------------------------------------------------------------------ claims

def one_claim(result):
    assert len(result.claims) == 1, [(c.type, c.claimant, c.evidence) for c in result.claims]
    return result.claims[0]


@pytest.mark.parametrize("lang,text,kind,claimant,side,target", [
    ("ru", "Министерство обороны Армении обвинило азербайджанские войска в обстреле Степанакерта.",
     "ACCUSE", "Armenia Defense Ministry", "armenian", "Military Forces of Azerbaijan"),
    ("ru", "Премьер-министр Армении Никол Пашинян пригрозил Азербайджану адекватным ответом.",
     "THREATEN", "Nikol Pashinyan", "armenian", "Azerbaijan"),
    ("ru", "Владимир Путин в четверг призвал Баку и Ереван немедленно прекратить огонь.",
     "REQUEST", "Vladimir Putin", "russian", "Azerbaijan"),
    ("ru", "Минобороны Азербайджана назвало эти сообщения ложью.",
     "REJECT", "Azerbaijan Defense Ministry", "azerbaijani", None),
    ("ru", "Премьер-министр Армении Никол Пашинян выразил готовность к переговорам.",
     "AGREE", "Nikol Pashinyan", "armenian", None),
    ("ru", "Армения обвинила Алиева в агрессии.",            # the object after the verb is not who speaks
     "ACCUSE", "Government of Armenia", "armenian", "Ilham Aliyev"),
    ("fr", "Le ministère arménien de la Défense a accusé l'Azerbaïdjan de viser des zones civiles.",
     "ACCUSE", "Armenia Defense Ministry", "armenian", "Azerbaijan"),
    ("fr", "Le président français Emmanuel Macron a appelé les deux parties à un cessez-le-feu immédiat.",
     "REQUEST", "Emmanuel Macron", "international", None),
    ("fr", "Bakou a exigé le retrait des forces arméniennes.",
     "DEMAND", "Government of Azerbaijan", "azerbaijani", "Military Forces of Armenia"),
    ("tr", "Azerbaycan Dışişleri Bakanlığı Ermenistan'ı sivilleri hedef almakla suçladı.",
     "ACCUSE", "Azerbaijan Foreign Ministry", "azerbaijani", "Armenia"),
    ("tr", "Türkiye Dışişleri Bakanlığı tarafları ateşkese uymaya çağırdı.",
     "REQUEST", "Turkish Foreign Ministry", "turkish", None),
    ("tr", "Fransa bu savaşta Ermenistan'a her gün destek veriyor.",      # a dative country is whom, not who
     "SUPPORT", "Government of France", "international", "Armenia"),
    ("az", "Azərbaycan Müdafiə Nazirliyi Ermənistanı atəşkəsi pozmaqda ittiham etdi.",
     "ACCUSE", "Azerbaijan Defense Ministry", "azerbaijani", "Armenia"),
    ("az", "Ermənistan Müdafiə Nazirliyi bu məlumatı təkzib etdi.",
     "REJECT", "Armenia Defense Ministry", "armenian", None),
    ("de", "Das armenische Verteidigungsministerium warf Aserbaidschan vor, Stepanakert beschossen zu haben.",
     "ACCUSE", "Armenia Defense Ministry", "armenian", "Azerbaijan"),
    ("de", "Das aserbaidschanische Außenministerium drohte Armenien mit Vergeltung.",
     "THREATEN", "Azerbaijan Foreign Ministry", "azerbaijani", "Armenia"),
    ("de", "Russland forderte die Konfliktparteien auf, die Waffenruhe einzuhalten.",   # "auffordern": asks
     "REQUEST", "Government of Russia", "russian", None),
])
def test_claim_type_claimant_and_target(lang, text, kind, claimant, side, target):
    c = one_claim(run(text, lang))
    assert (c.type, c.claimant_side) == (kind, side) and c.claimant.startswith(claimant), (c.type, c.claimant)
    assert c.target == target if target is None else (c.target or "").startswith(target), c.target
    assert text[c.evidence_span.start:c.evidence_span.end] == c.evidence and c.attribution_cue


def test_denial_of_an_event_is_a_reject_and_a_denied_event():
    r = run("Le ministère azerbaïdjanais de la Défense a démenti avoir bombardé Stepanakert.", "fr")
    c, e = one_claim(r), only(r)
    assert (c.type, c.stance, c.claimant) == ("REJECT", "denied", "Azerbaijan Defense Ministry")
    assert (e.stance, e.claimant) == ("denied", "Azerbaijan Defense Ministry")


def test_the_other_sides_denial_of_the_event_just_told():
    r = run("Минобороны Армении заявило, что азербайджанские войска обстреляли Степанакерт. "
            "«Это ложь», — заявили в Минобороны Азербайджана.", "ru")
    c = one_claim(r)
    assert (c.type, c.claimant, c.stance) == ("REJECT", "Azerbaijan Defense Ministry", "denied")
    told = sorted((e.claimant_side, e.stance) for e in r.events)
    assert told == [("armenian", "asserted"), ("azerbaijani", "denied")]


@pytest.mark.parametrize("lang,text", [
    ("ru", "Армения и Азербайджан вновь обвинили друг друга в срыве перемирия."),
    ("fr", "L’Azerbaïdjan et l’Arménie se sont de nouveau accusés mutuellement d’avoir rompu la trêve."),
])
def test_mutual_blame_is_both_sides_claim(lang, text):
    c = one_claim(run(text, lang))
    assert (c.type, c.claimant, c.claimant_side) == ("ACCUSE", "Armenia and Azerbaijan", "neutral")


def test_a_threat_outweighs_the_blame_it_carries():
    c = one_claim(run("Минобороны Азербайджана заявило, что армянская провокация не останется без ответа.", "ru"))
    assert (c.type, c.target) == ("THREATEN", "Armenia")


def test_an_agreement_reached_is_an_event_not_a_promise():
    r = run("Лавров заявил, что стороны договорились о прекращении огня в Нагорном Карабахе и пообещали соблюдать его.",
            "ru")
    assert [e.sub_event_type for e in r.events] == ["Agreement"] and r.claims == []


def test_a_partys_count_of_losses_so_far_is_its_accusation():
    r = run("По данным Минобороны Карабаха, с начала боевых действий погибли 120 военнослужащих.", "ru")
    c = one_claim(r)
    assert (c.type, c.claimant, c.claimant_side) == ("ACCUSE", "Artsakh Defense Ministry", "armenian") and not r.events


def test_the_outlets_own_voice_blames_only_in_a_partisan_outlet():
    text = "Армянские вооруженные силы, грубо нарушая режим прекращения огня, обстреляли Тертер. " \
           "Это очередная провокация Армении."
    c = one_claim(run(text, "ru", side="azerbaijani"))
    assert (c.type, c.claimant, c.claimant_side) == ("ACCUSE", "the outlet itself", "azerbaijani")
    assert run(text, "ru", side="international").claims == []


def test_a_quote_over_two_sentences_is_its_speakers_and_a_passive_agent_is_no_speaker():
    r = run('Hikmət Hacıyev deyib: "Gəncəyə raket zərbəsi müharibə cinayətidir. '
            'Düşmənə Azərbaycan Ordusu tərəfindən layiqli cavab veriləcək".', "az")
    assert [(c.type, c.claimant.split(" (")[0]) for c in r.claims] == \
        [("ACCUSE", "Hikmet Hajiyev"), ("THREATEN", "Hikmet Hajiyev")]


def test_a_claim_verb_of_someone_named_in_a_quote_is_not_the_speakers():
    r = run('Dışişleri Bakanı Mevlüt Çavuşoğlu basın toplantısında konuştu. Konuşan Çavuşoğlu, "Ermenistan savaş '
            'suçu işliyor. Fransa bu savaşta Ermenistan\'a her gün destek veriyor" dedi.', "tr")
    assert [(c.type, c.claimant.split(" (")[0]) for c in r.claims] == [("ACCUSE", "Mevlut Cavusoglu")]


def test_no_claim_in_the_outlets_report_of_fighting():
    assert run("Армянские войска обстреляли Тертер.", "ru").claims == []


def test_claim_types_are_checked():
    with pytest.raises(ValueError, match="BLAME"):
        lexical._check_claims({"обвин": "BLAME"}, "ru")
    for code in language.lexical_codes():
        assert lexical.lexicon(code).claim_verbs and lexical.lexicon(code).claim_words


def test_german_drones_are_no_threat():
    e = only(run("Aserbaidschanische Drohnen bombardierten Stepanakert am Donnerstag.", "de"))
    assert e.location.name == "Stepanakert" and e.date == "2020-10-08"


def test_the_geocoder_resolves_mentions_of_any_reader():
    geocoder = lexical.places.Geocoder.default()
    text = "Снаряды упали в Степанакерте и Шуше."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Степанакерте", "Шуше")]
    ms = [lexical.places.Mention(a, b, name, how="zone") for (a, b), name in zip(spans, ("Stepanakert", "Shusha"))]
    found = geocoder.resolve(ms, text)
    assert [(p.span.start, p.span.end) for p in found] == spans
    assert near(found[0], STEPANAKERT) and near(found[1], SHUSHA)
