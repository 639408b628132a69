"""Speakers in the lexical languages: people beside a state's adjective, a verb-final sentence's opening party,
threats in reported speech with a softened future."""
import datetime as dt

import pytest

from polemos.pipeline import Pipeline
from polemos.types import Article

DAY = dt.date(2020, 10, 9)


def run(text, lang, conflict="karabakh"):
    kw = {"conflict": conflict} if conflict else {}
    return next(Pipeline.default().run([Article(id="t", date=DAY, text=text, language=lang, **kw)]))


@pytest.mark.parametrize("lang,text", [
    ("ru", "Армянские активисты заявили, что азербайджанские войска обстреляли Степанакерт."),
    ("fr", "Des militants arméniens ont affirmé que l'armée azerbaïdjanaise avait bombardé Stepanakert."),
    ("tr", "Ermeni aktivistler, Azerbaycan ordusunun Hankendi'yi bombaladığını söyledi."),
    ("hy", "Հայ ակտիվիստները հայտնել են, որ ադրբեջանական զինուժը հրետակոծել է Ստեփանակերտը։"),
    ("az", "Azərbaycanlı fəallar bildiriblər ki, erməni hərbçiləri Tərtəri atəşə tutub."),
])
def test_activists_of_a_side_are_no_state_speaking(lang, text):
    e = run(text, lang).events[0]
    assert "activists" in e.claimant and e.claimant_side == "neutral", (e.claimant, e.claimant_side)


@pytest.mark.parametrize("lang,text,side", [
    ("tr", "Bakü, Ermenistan'ın Gence'ye füze saldırısı düzenlediğini açıkladı.", "azerbaijani"),
    ("az", "Bakı, Ermənistan silahlı qüvvələrinin Tərtəri atəşə tutduğunu bildirib.", "azerbaijani"),
])
def test_a_verb_final_sentences_opening_party_before_a_comma_says_it(lang, text, side):
    e = run(text, lang).events[0]
    assert e.claimant_side == side and e.stance == "asserted", (e.claimant, e.stance)


def test_a_party_in_the_reported_content_is_not_the_speaker():
    e = run("Ermenistan'ın Gence'ye füze saldırısı düzenlediğini Bakü açıkladı.", "tr").events[0]
    assert e.claimant_side == "azerbaijani"
    e = run("Azerbaycan ordusu, Ermenistan'ın saldırısını püskürttü.", "tr").events
    assert all(x.claimant_side != "armenian" for x in e)


@pytest.mark.parametrize("lang,text,side", [
    ("tr", "Cumhurbaşkanı Erdoğan, Ermenistan'ın saldırılarının karşılıksız kalmayacağını söyledi.", "turkish"),
    ("tr", "Rusya Dışişleri Bakanlığı, Kiev yönetiminin bunun bedelini ödeyeceğini açıkladı.", "russian"),
    ("az", "Prezident İlham Əliyev bildirib ki, Ermənistanın bu təxribatı cavabsız qalmayacağını vurğulayıb.",
     "azerbaijani"),
])
def test_a_threat_in_reported_speech_with_the_softened_future(lang, text, side):
    claims = run(text, lang, conflict=None if "Kiev" in text else "karabakh").claims
    assert [(c.type, c.claimant_side) for c in claims] == [("THREATEN", side)], [(c.type, c.claimant) for c in claims]


@pytest.mark.parametrize("lang,text,actor_side", [
    ("ru", "Минобороны Армении сообщило об обстреле Степанакерта.", "azerbaijani"),
    ("ru", "Власти Азербайджана заявили о ракетном ударе по Гяндже.", "armenian"),
    ("ru", "Армения обстреляла Тертер.", "armenian"),          # a country right before the verb does it
])
def test_a_country_that_speaks_of_an_attack_is_not_its_actor(lang, text, actor_side):
    e = run(text, lang).events[0]
    assert e.actor1_side == actor_side, (e.actor1, e.claimant)


@pytest.mark.parametrize("text,kind", [
    ("Ermenistan, Azerbaycan'ı tehdit ediyor.", "THREATEN"),          # "etmek" voices its t: "ediyor"
    ("Ermenistan ateşkesi kabul ediyor.", "AGREE"),
])
def test_turkish_present_of_etmek(text, kind):
    assert [c.type for c in run(text, "tr").claims] == [kind]


def test_the_speakers_words_are_not_the_actor():
    e = run("La capitale du Haut-Karabakh, Stepanakert, a de nouveau été la cible de tirs dans la nuit, selon les "
            "autorités séparatistes.", "fr").events[0]
    assert (e.claimant_side, e.actor1_side) == ("armenian", "azerbaijani"), (e.claimant, e.actor1)


@pytest.mark.parametrize("text,claimant", [
    ("La reprise du village de Talich a été annoncée par Bakou.", "Government of Azerbaijan"),
    ("Le bombardement de Stepanakert a été confirmé par le ministère arménien de la Défense.", "Armenia Defense"),
])
def test_a_passive_cue_names_its_speaker_after_par(text, claimant):
    e = run(text, "fr").events[0]
    assert e.claimant.startswith(claimant), e.claimant


@pytest.mark.parametrize("lang,text,claimant", [
    ("az", "Prezidentin köməkçisi Hikmət Hacıyev Ermənistanın dinc əhalini hədəf aldığını bildirib.", "Hikmet Hajiyev"),
    ("tr", "Azerbaycan Cumhurbaşkanı Yardımcısı Hikmet Hacıyev, Ermenistan'ın sivil yerleşim yerlerini hedef aldığını "
           "söyledi.", "Hikmet Hajiyev"),
    ("tr", "Sudan ordusu, RSF'nin sivil yerleşim yerlerini kasten hedef aldığını açıkladı.", "Sudanese Armed Forces"),
])
def test_targeting_civilians_is_an_accusation_by_its_speaker(lang, text, claimant):
    claims = run(text, lang, conflict="karabakh" if "Sudan" not in text else None).claims
    assert [c.type for c in claims] == ["ACCUSE"] and claims[0].claimant.startswith(claimant), \
        [(c.type, c.claimant) for c in claims]


@pytest.mark.parametrize("text,kind,side", [
    ("Пашинян заявил, что Азербайджан при поддержке Турции развязал войну против Карабаха.", "ACCUSE", "armenian"),
    ("Песков заявил, что Киев развязал войну в Донбассе.", "ACCUSE", "russian"),
    ("Баку назвал эти обвинения провокацией.", "REJECT", "azerbaijani"),
    ("Хикмет Гаджиев предупредил, что ответ Азербайджана будет жёстким.", "THREATEN", "azerbaijani"),
    ("Минобороны России предупредило, что ответ будет незамедлительным.", "THREATEN", "russian"),
])
def test_russian_blame_rejection_and_warning(text, kind, side):
    claims = run(text, "ru", conflict=None if ("Киев" in text or "России" in text) else "karabakh").claims
    assert [(c.type, c.claimant_side) for c in claims] == [(kind, side)], [(c.type, c.claimant) for c in claims]


@pytest.mark.parametrize("lang,text,kind,claimant", [
    ("fr", "Le président azerbaïdjanais Ilham Aliev a averti que l'Arménie paierait le prix de ses provocations.",
     "THREATEN", "Ilham Aliyev"),
    ("fr", "Le Kremlin a mis en garde que Kiev paierait cher toute attaque contre la Crimée.", "THREATEN", "Kremlin"),
    ("hy", "Հայաստանի ԱԳՆ-ն ադրբեջանական կողմի հայտարարությունները որակել է որպես ապատեղեկատվություն։",
     "REJECT", "Armenia Foreign Ministry"),
    ("hy", "Արցախի նախագահ Արայիկ Հարությունյանը հայտարարել է, որ Ադրբեջանը Թուրքիայի աջակցությամբ պատերազմ է "
           "սանձազերծել Արցախի դեմ։", "ACCUSE", "Arayik Harutyunyan"),
])
def test_warnings_rebuttals_and_blame_in_french_and_armenian(lang, text, kind, claimant):
    claims = run(text, lang, conflict=None if "Kiev" in text else "karabakh").claims
    assert [c.type for c in claims] == [kind] and claims[0].claimant.startswith(claimant), \
        [(c.type, c.claimant) for c in claims]


@pytest.mark.parametrize("text,claimant", [
    ('Stoltenberg, "Çatışma bir an önce bitmeli" dedi.', "Jens Stoltenberg"),
    ("NATO Genel Sekreteri Stoltenberg ise çatışmanın bir an önce bitmesi gerektiğini söyledi.", "Jens Stoltenberg"),
    ("Rusya Dışişleri Bakanı Lavrov, Kiev'in saldırıları hemen durdurmalı olduğunu söyledi.", "Sergey Lavrov"),
])
def test_turkish_must_at_once_is_a_demand(text, claimant):
    claims = run(text, "tr", conflict=None).claims
    assert [c.type for c in claims] == ["DEMAND"] and claims[0].claimant.startswith(claimant), \
        [(c.type, c.claimant) for c in claims]


def test_azerbaijani_must_soon_is_a_demand():
    claims = run("Hikmət Hacıyev bildirib ki, münaqişə tezliklə sona çatmalıdır.", "az").claims
    assert [(c.type, c.claimant_side) for c in claims] == [("DEMAND", "azerbaijani")]


@pytest.mark.parametrize("text,conflict", [
    ("Депутат Микаэл Золян сказал, что Армения рассчитывает на посреднические усилия России.", "karabakh"),
    ("Глава МИД Молдовы заявил, что Кишинёв рассчитывает на помощь Евросоюза.", None),
])
def test_russian_counting_on_mediation_is_a_request(text, conflict):
    assert [c.type for c in run(text, "ru", conflict=conflict).claims] == ["REQUEST"]
