"""Classes of event language in the languages read by their words: invented wire sentences of many wars."""
from __future__ import annotations

import datetime as dt

import pytest

from polemos.pipeline import Pipeline
from polemos.types import Article

DAY = dt.date(2022, 10, 12)


def found(text: str, code: str) -> list[tuple[str, str]]:
    result = next(Pipeline.default().run([Article(id="t", date=DAY, text=text, language=code)]))
    return [(e.sub_event_type, e.location.name) for e in result.events]


@pytest.mark.parametrize("text, where", [
    ("Ukrayna ordusu oktyabrın 11-də Xersonu azad etdi, Ukrayna Müdafiə Nazirliyi bildirib.", "Kherson"),
    ("Suriya ordusu Palmiranı yenidən ələ keçirib, Suriya hökuməti açıqlayıb.", "Tadmur"),
    ("Efiopiya qoşunları Mekelleni geri aldıq, deyə Efiopiya baş naziri bildirib.", "Mek'ele"),
    ("Ordumuz Kəlbəcəri azad olunub.", "Kalbajar"),
])
def test_azerbaijani_active_and_passive_capture_verbs(text, where):
    """"azad etdi" (liberated), "ələ keçirib" (seized), "geri aldıq" (we took back): finite forms of the verbs."""
    assert found(text, "az") == [("Government regains territory", where)]


def test_azerbaijani_wish_to_take_back_is_no_capture():
    assert found("Ermənistan Xankəndini geri almaq istəyir.", "az") == []


@pytest.mark.parametrize("code, text, where", [
    ("fr", "Des jihadistes ont attaqué mardi un camp militaire à Djibo, tuant quatre soldats, a indiqué l'armée "
           "burkinabè.", "Djibo"),
    ("fr", "Les shebab ont lancé une attaque contre une base militaire à Kismayo, selon la police somalienne.",
     "Kismayo"),
    ("fr", "Des hommes armés ont attaqué un poste de police à Maiduguri lundi, a annoncé la police nigériane.",
     "Maiduguri"),
    ("ru", "Боевики напали на блокпост в Дейр-эз-Зоре, погибли трое военных, сообщило Минобороны Сирии.",
     "Deir ez-Zor"),
    ("tr", "PKK'lı teröristler Hakkari'de bir karakola saldırdı, iki asker şehit oldu, MSB açıkladı.", "Hakkari"),
    ("tr", "Cihatçılar Mali'nin Gao kentinde askeri üsse saldırı düzenledi.", "Gao"),
    ("az", "Silahlılar Herat şəhərində hərbi hissəyə hücum edib, iki əsgər həlak olub, Əfqanıstan Müdafiə "
           "Nazirliyi bildirib.", "Herat"),
])
def test_an_attack_on_a_military_post_is_a_clash(code, text, where):
    """ACLED: an armed group's attack on a base, post, patrol or convoy is an armed clash, not shelling."""
    assert found(text, code) == [("Armed clash", where)]


@pytest.mark.parametrize("code, text", [
    ("tr", "Ermeni güçleri Gence'ye saldırdı."),
    ("az", "Düşmən Tərtər şəhərinə hücum edib."),
])
def test_an_attack_on_a_town_stays_shelling(code, text):
    assert [t for t, _ in found(text, code)] == ["Shelling/artillery/missile attack"]


def test_a_market_is_no_base():
    assert found("Люди продавали овощи на базаре в Донецке, сообщили власти.", "ru") == []


@pytest.mark.parametrize("code, text, where", [
    ("fr", "Un kamikaze s'est fait exploser mardi devant une mosquée à Maiduguri, tuant six fidèles, selon la police.",
     "Maiduguri"),
    ("ru", "Смертник подорвал себя у блокпоста в Кабуле, погибли шесть полицейских, сообщило МВД Афганистана.",
     "Kabul"),
    ("tr", "Mogadişu'da bir canlı bomba kendini patlattı, yedi kişi hayatını kaybetti, Somali polisi açıkladı.",
     "Mogadishu"),
    ("az", "Bağdadda canlı bomba özünü partladıb, beş nəfər həlak olub, İraq polisi bildirib.", "Baghdad"),
    ("de", "Ein Selbstmordattentäter sprengte sich in Kabul in die Luft und tötete sechs Polizisten, teilte die "
           "Polizei mit.", "Kabul"),
])
def test_a_bomber_who_blows_himself_up_is_a_suicide_bomb(code, text, where):
    assert found(text, code) == [("Suicide bomb", where)]


@pytest.mark.parametrize("code, text, where", [
    ("fr", "Une voiture piégée a explosé lundi à Mogadiscio, tuant trois civils, a indiqué la police somalienne.",
     "Mogadishu"),
    ("ru", "В Дамаске взорвался заминированный автомобиль, погибли двое, сообщило агентство САНА.", "Damascus"),
    ("tr", "Diyarbakır'da bomba yüklü araç patladı, iki polis yaralandı, valilik açıkladı.", "Diyarbakır"),
    ("de", "In Mogadischu explodierte eine Autobombe, drei Zivilisten wurden getötet, sagte die Polizei.",
     "Mogadishu"),
])
def test_a_car_bomb_is_a_remote_explosive(code, text, where):
    assert found(text, code) == [("Remote explosive/landmine/IED", where)]


def _claimant(text: str, code: str) -> list[str]:
    result = next(Pipeline.default().run([Article(id="t", date=DAY, text=text, language=code)]))
    return [e.claimant for e in result.events]


@pytest.mark.parametrize("code, text, claimant", [
    ("hy", "Ուկրաինայի պաշտպանության նախարարության համաձայն՝ ռուսական զորքերը հրթիռակոծել են Խարկովը։",
     "Ukrainian Defense Ministry"),
    ("hy", "Սիրիայի պաշտպանության նախարարության փոխանցմամբ՝ ռուսական ինքնաթիռները ռմբակոծել են Իդլիբը։",
     "Syria Defense Ministry"),
])
def test_a_postposed_according_to_names_the_source_before_it(code, text, claimant):
    """"X-ի համաձայն": the source stands before the phrase, not the party that follows it."""
    assert _claimant(text, code) == [claimant]


def test_german_zufolge_is_the_sources_not_the_outlets():
    text = "Dem syrischen Verteidigungsministerium zufolge bombardierten Kampfflugzeuge am Dienstag Aleppo."
    assert _claimant(text, "de") not in ([], ["the outlet itself"])


@pytest.mark.parametrize("code, text, where", [
    ("hy", "Սիրիական բանակը հարձակման է անցել Իդլիբի ուղղությամբ, հայտնում է Սիրիայի պաշտպանության "
           "նախարարությունը։", "Idlib"),
    ("az", "Rusiya qoşunları Baxmut istiqamətində hücuma keçib, Ukrayna Baş Qərargahı bildirib.", "Bakhmut"),
    ("tr", "Sudan ordusu Hartum'da saldırıya geçti, ordu sözcüsü açıkladı.", "Khartoum"),
])
def test_going_over_to_the_attack_is_a_clash(code, text, where):
    """"հարձակման է անցել", "hücuma keçib", "saldırıya geçti": an offensive, not a strike."""
    assert found(text, code) == [("Armed clash", where)]


@pytest.mark.parametrize("code, text, where", [
    ("ru", "Российские войска нанесли удар по Запорожью, украинские власти сообщили о семи пострадавших.",
     "Zaporizhzhya"),
    ("fr", "L'armée malienne a bombardé Kidal mardi, selon des sources locales.", "Kidal"),
])
def test_a_states_adjective_sets_the_war_zone(code, text, where):
    """"украинские власти", "autorités ukrainiennes": the state is named by its adjective, its places are in reach."""
    assert [w for _, w in found(text, code)] == [where]


@pytest.mark.parametrize("text, where", [
    ("Израильская авиация нанесла удар по Хан-Юнису, сообщил палестинский Минздрав.", None),
    ("Суданская военная авиация нанесла авиационный удар по Ньяле, сообщили местные жители.", "Nyala"),
    ("Сирийские вертолёты разбомбили Идлиб, сообщило агентство САНА.", "Idlib"),
])
def test_russian_aviation_that_strikes_is_an_air_strike(text, where):
    """"авиация нанесла удар", "вертолёты разбомбили": the aircraft strike, not artillery."""
    events = found(text, "ru")
    assert [t for t, _ in events] == ["Air/drone strike"]
    assert where is None or events[0][1] == where


@pytest.mark.parametrize("text, where", [
    ("L'aviation israélienne a frappé Rafah dans la nuit, selon le ministère palestinien de la Santé.", "Rafah"),
    ("Des hélicoptères de l'armée soudanaise ont bombardé Nyala mardi, selon des témoins.", "Nyala"),
    ("L'aviation russe a bombardé Idlib, selon l'Observatoire syrien des droits de l'homme.", "Idlib"),
])
def test_french_aviation_with_its_adjective_is_an_air_strike(text, where):
    """"l'aviation israélienne a frappé", "des hélicoptères de l'armée ont bombardé": aircraft strike."""
    assert found(text, "fr") == [("Air/drone strike", where)]


@pytest.mark.parametrize("code, text, where", [
    ("az", "Suriya hərbi təyyarələri İdlibi bombalayıb, Suriya İnsan Haqları Müşahidə Mərkəzi bildirib.", "Idlib"),
    ("az", "Sudan ordusunun helikopterləri Nyalaya zərbə endirib, yerli sakinlər bildirib.", "Nyala"),
    ("tr", "Sudan ordusuna ait helikopterler Nyala'yı bombaladı, yerel kaynaklar bildirdi.", "Nyala"),
])
def test_turkic_aircraft_that_bomb_are_an_air_strike(code, text, where):
    """"təyyarələri ... bombalayıb", "helikopterler ... bombaladı": aircraft strike, not artillery."""
    assert found(text, code) == [("Air/drone strike", where)]


def test_anti_aircraft_guns_are_no_aircraft():
    assert [t for t, _ in found("Uçaksavarlar Halep'te isyancı mevzilerini vurdu, Suriye ordusu açıkladı.", "tr")] \
        != ["Air/drone strike"]


@pytest.mark.parametrize("text, where", [
    ("Սիրիական ուղղաթիռները ռմբակոծել են Իդլիբը, հայտնում է Սիրիայի պաշտպանության նախարարությունը։", "Idlib"),
    ("Ադրբեջանական ուղղաթիռները հարվածներ են հասցրել Մարտունուն, հայտնում է ՊՆ-ն։", "Martuni"),
])
def test_armenian_helicopters_that_bomb_are_an_air_strike(text, where):
    assert found(text, "hy") == [("Air/drone strike", where)]
