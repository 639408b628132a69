"""The lexical path (languages without a parser): invented wire-style sentences per language."""
import datetime as dt
from functools import partial

import pytest

from polemos import language, lexicon, places
from polemos.lexicon import places as lexicon_places
from polemos.pipeline import Pipeline
from polemos.places import km
from polemos.types import Article

# These invented sentences are of the 2020 Karabakh war: they are read with its profile (data/conflicts/karabakh.toml),
# as an article naming the war's parties would be. Sentences of other wars are read with the default profile.
Article = partial(Article, conflict="karabakh")

FRIDAY = dt.date(2020, 10, 9)          # publication day of the test articles (a Friday)
STEPANAKERT = (39.8177, 46.7528)
SHUSHA = (39.760, 46.750)
GANJA = (40.6828, 46.3606)
BARDA = (40.3744, 47.1266)
TARTAR = (40.3418, 46.9320)
FUZULI = (39.6005, 47.1453)


def run(text, lang, day=FRIDAY, side=None):
    return next(Pipeline.default().run([Article(id="t", date=day, text=text, language=lang, side=side)]))


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
    found = lexicon_places.toponyms(text, lexicon.lexicon(lang), places.Geocoder.default())
    assert found and near(found[0], point), [(p.name, p.lat, p.lon) for p in found]


def test_every_lexicon_loads():
    assert {"ru", "fr"} <= language.lexical_codes()
    for code in language.lexical_codes():
        lex = lexicon.lexicon(code)
        assert lex.triggers and lex.cue.get("speech") is not None and lex.months


class NoEnglish:
    """Stands for the English pipeline: no article of another language may reach it."""
    def pipe(self, stream, **kw):
        raise AssertionError("an article went to the English pipeline")


def test_pipeline_routes_by_language():
    pipe = Pipeline(NoEnglish(), places.Geocoder.default())
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
        lexicon._check_claims({"обвин": "BLAME"}, "ru")
    for code in language.lexical_codes():
        assert lexicon.lexicon(code).claim_verbs and lexicon.lexicon(code).claim_words


def test_german_drones_are_no_threat():
    e = only(run("Aserbaidschanische Drohnen bombardierten Stepanakert am Donnerstag.", "de"))
    assert e.location.name == "Stepanakert" and e.date == "2020-10-08"


def test_the_geocoder_resolves_mentions_of_any_reader():
    geocoder = places.Geocoder.default()
    text = "Снаряды упали в Степанакерте и Шуше."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Степанакерте", "Шуше")]
    ms = [places.Mention(a, b, name, how="zone") for (a, b), name in zip(spans, ("Stepanakert", "Shusha"))]
    found = geocoder.resolve(ms, text)
    assert [(p.span.start, p.span.end) for p in found] == spans
    assert near(found[0], STEPANAKERT) and near(found[1], SHUSHA)


# ------------------------------------------------------------------ history, dates, triggers

@pytest.mark.parametrize("lang,text", [
    ("ru", "В 1992 году армянские силы освободили Шушу."),
    ("ru", "В мае 1992 года армянские отряды взяли под контроль Шушу, напомнил Ованнисян."),
    ("fr", "En 1992, les forces arméniennes ont pris le contrôle de Chouchi."),
    ("de", "Im Jahr 1993 eroberten armenische Einheiten die Stadt Fisuli."),
    ("tr", "1993 yılında Ermeni birlikleri Fuzuli'yi ele geçirdi."),
    ("az", "1993-cü ildə erməni silahlı qüvvələri Füzuli şəhərini atəşə tutub."),
])
def test_an_earlier_year_is_history_not_news(lang, text):
    assert run(text, lang).events == []


def test_a_birth_year_or_a_convention_year_is_no_history():
    e = only(run("Житель села, 1969 года рождения, ранен при обстреле Тертера в четверг.", "ru"))
    assert e.location.name == "Tartar" and e.date == "2020-10-08"
    e = only(run("Ermənistan silahlı qüvvələri 1949-cu il Cenevrə konvensiyalarını pozaraq Tərtəri atəşə tutub.", "az"))
    assert e.location.name == "Tartar"


def test_history_in_a_clause_leaves_the_news_of_the_sentence():
    e = only(run("Город Шуша, освобождённый в 1992 году, подвергся обстрелу сегодня.", "ru"))
    assert e.sub_event_type == "Shelling/artillery/missile attack" and e.location.name == "Shusha"


def test_an_agreement_takes_the_date_next_to_it_not_the_first_of_the_sentence():
    r = run("Les tirs ont cessé le 10 novembre au Haut-Karabakh, en vertu d'un accord signé le 9 novembre par "
            "les dirigeants.", "fr", day=dt.date(2020, 11, 12))
    assert [(e.sub_event_type, e.date) for e in r.events] == [("Agreement", "2020-11-09")]


def test_german_drones_that_bomb_are_a_drone_strike_and_fighters_are_no_fight():
    e = only(run("Aserbaidschanische Drohnen bombardierten am Mittwoch Stellungen bei Martuni.", "de"))
    assert e.sub_event_type == "Air/drone strike" and e.date == "2020-10-07"
    e = only(run("Die Kämpfer Berg-Karabachs hätten Gandscha mit Raketen beschossen, erklärte ein Sprecher.", "de"))
    assert e.sub_event_type == "Shelling/artillery/missile attack" and e.location.name == "Ganja"


def test_russian_drones_that_bomb_are_a_drone_strike():
    e = only(run("Вчера азербайджанские беспилотники бомбили Мартуни.", "ru"))
    assert e.sub_event_type == "Air/drone strike" and e.location.name == "Martuni"


def test_azerbaijani_place_of_combat_in_a_relative_clause_is_no_clash():
    e = only(run("Düşmən döyüş əməliyyatları aparılan ərazidən uzaqda yerləşən Bərdə şəhərini raket atəşinə tutub.",
                 "az"))
    assert e.sub_event_type == "Shelling/artillery/missile attack" and e.location.name == "Barda"


# ------------------------------------------------------------------ who says it

def test_russian_according_to_the_agency_is_the_ministry_named_before():
    e = only(run("Минобороны Азербайджана распространило заявление.\n"
                 "По данным ведомства, армянские войска обстреляли Тертер в четверг.", "ru"))
    assert e.claimant == "Azerbaijan Defense Ministry" and e.actor1_side == "armenian"


def test_azerbaijani_about_this_gives_the_whole_paragraph_before_to_the_speaker():
    r = run("Düşmən bu gün Tərtər şəhərini artilleriyadan atəşə tutub. İlkin məlumata görə, Ağdam rayonunun "
            "kəndləri də raket atəşinə məruz qalıb.\n\n"
            "Metbuat.az xəbər verir ki, bunu Müdafiə Nazirliyinin mətbuat katibi Anar Eyvazov deyib.",
            "az", side="azerbaijani")
    assert r.events and all(e.claimant.startswith("Anar Eyvazov") for e in r.events), \
        [(e.location.name, e.claimant) for e in r.events]


def test_azerbaijani_agency_relays_the_speaker_it_names():
    e = only(run("Ermənistan silahlı qüvvələri bu gün Bərdə şəhərini raket atəşinə tutub.\n"
                 "APA xəbər verir ki, bu barədə Prezidentin köməkçisi Hikmət Hacıyev bildirib.", "az",
                 side="azerbaijani"))
    assert e.claimant.startswith("Hikmet Hajiyev")


def test_turkish_party_in_the_genitive_is_not_the_speaker():
    r = run("Azerbaycan Savunma Bakanlığı, dün gece Ermeni silahlı kuvvetlerinin Terter'deki sivil evleri füzelerle "
            "hedef aldığını ve bunun uluslararası hukukun açık bir ihlali olduğunu açıkladı.", "tr")
    assert r.events and {e.claimant for e in r.events} == {"Azerbaijan Defense Ministry"}
    assert {c.claimant for c in r.claims} == {"Azerbaijan Defense Ministry"}


def test_german_agent_of_a_passive_is_not_the_speaker():
    e = only(run("Die Stadt Tartar ist nach Angaben aus Baku von armenischen Kräften beschossen worden.", "de"))
    assert e.claimant_side == "azerbaijani" and e.actor1_side == "armenian"


def test_russian_quote_over_sentences_is_the_speaker_named_after_it():
    r = run("«Армения продолжает террор против мирных жителей. Утром армянские войска нанесли ракетный удар по "
            "Барде. Там находятся только жилые дома», — написал Гаджиев в Twitter.", "ru")
    assert only(r).claimant.startswith("Hikmet Hajiyev")
    assert r.claims and all(c.claimant.startswith("Hikmet Hajiyev") for c in r.claims)


def test_french_numbered_briefing_is_the_speakers():
    r = run("Le porte-parole du ministère arménien de la Défense a déclaré lors de son point de presse :\n\n"
            "1. La nuit a été calme.\n\n2. En direction de Martuni, l’ennemi a tenté d’avancer mais a été repoussé.",
            "fr", side="armenian")
    e = only(r)
    assert e.location.name == "Martuni" and e.claimant_side == "armenian" and e.claimant != "the outlet itself"


def test_french_announcement_noun_is_no_cue_and_the_speaker_after_a_quote_is():
    e = only(run("Peu après une annonce du Premier ministre arménien, le président russe Vladimir Poutine a confirmé "
                 "la signature d'un accord de cessez-le-feu total au Haut-Karabakh lundi.", "fr",
                 day=dt.date(2020, 11, 10)))
    assert e.sub_event_type == "Agreement" and e.claimant.startswith("Vladimir Putin")
    r = run("Nikol Pachinian a déclaré dimanche que la ville tenait bon.\n« Les combats continuent à Martuni », "
            "assurait-il lundi.", "fr", day=dt.date(2020, 11, 10))
    assert only(r).claimant.startswith("Nikol Pashinyan")


def test_evidence_clause_is_not_cut_at_the_colon_of_a_time():
    r = run("Məlum olduğu kimi, işğalçı Ermənistanın silahlı qüvvələri beynəlxalq hüququn norma və prinsiplərini, "
            "habelə 10 oktyabr tarixində saat 12:00-dan etibarən elan edilmiş humanitar atəşkəs rejiminin "
            "tələblərini kobud şəkildə pozaraq Azərbaycanın dinc əhalisini qəsdən hədəfə alıb, yaşayış "
            "məntəqələrini ağır artilleriyadan atəşə tutaraq terror əməllərini davam etdirir.", "az",
            side="azerbaijani")
    assert r.claims and all(not c.evidence.startswith("00") for c in r.claims)


def test_azerbaijani_also_after_the_subject_carries_the_speaker_on():
    r = run("Müdafiə Nazirliyi bildirib ki, düşmən bu gün Tərtər şəhərini atəşə tutub. Erməni silahlı qüvvələri, "
            "həmçinin, Bərdə şəhərini də raket atəşinə tutub.", "az", side="azerbaijani")
    assert {e.location.name: e.claimant for e in r.events} == {"Tartar": "Azerbaijan Defense Ministry",
                                                                 "Barda": "Azerbaijan Defense Ministry"}


def test_russian_agency_citing_a_ministry_relays_it():
    e = only(run("Армянские войска обстреляли Тертер в четверг, сообщает ТАСС со ссылкой на Минобороны Азербайджана.",
                 "ru"))
    assert (e.claimant, e.relayed_by) == ("Azerbaijan Defense Ministry", "TASS")
    assert only(run("Армянские войска обстреляли Тертер в четверг, сообщает ТАСС.", "ru")).claimant == "TASS"
