"""Event notes as input: short single-event reports in the style of ACLED's notes are read as one event each, dated
by their opening, placed where they say, typed even when their verb is no trigger of the wire reports. The notes
here and in tests/data/notes_invented.jsonl are invented, from many countries."""
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from polemos import classify, notes

NOTES = Path(__file__).parent / "data" / "notes_invented.jsonl"


@pytest.mark.parametrize("text", [
    "On 7 June 2022, in Chilpancingo (Guerrero), residents blocked the federal highway.",
    "Around 2 June 2022 (between 1 and 2 June), unidentified gunmen killed three farmers near Bokkos (Plateau).",
    "Between 24 and 26 February 2022, Russian forces fired missiles at Chernihiv.",
    "On the night of 4 May 2023, rebels attacked an army post near Beni.",
])
def test_a_dated_short_report_is_a_note(text):
    assert notes.is_note(text)


@pytest.mark.parametrize("text", [
    "Russian forces shelled Kharkiv on Monday, killing two civilians, the governor said.",
    "On Monday, Russian forces shelled Kharkiv, the governor said.",            # a weekday: wire copy, not a note
    "On 7 June 2022, in Chilpancingo, residents blocked the highway. " + "The protest went on for hours. " * 40,
])
def test_wire_copy_and_long_texts_are_no_notes(text):
    assert not notes.is_note(text)


def test_the_invented_notes_cover_acleds_sub_types_and_many_countries():
    rows = [json.loads(line) for line in NOTES.open(encoding="utf-8")]
    assert len(rows) >= 40
    assert set(classify.sub_types()) <= {r["sub_event_type"] for r in rows}
    assert len({r["country"] for r in rows}) >= 25
    assert all(notes.is_note(r["text"]) for r in rows)
    assert max(Counter(r["sub_event_type"] for r in rows).values()) <= 5


@pytest.mark.parametrize("text, day, sub_type, date, place", [
    # no trigger of the wire reports: the note is one event all the same, typed by the codebook and the model
    ("On 7 June 2022, in Chilpancingo (Guerrero), hundreds of teachers marched to the state congress to demand "
     "the payment of delayed wages.", "2022-06-09", "Peaceful protest", "2022-06-07", "Chilpancingo"),
    ("Around 2 June 2022 (between 1 and 2 June), unidentified gunmen killed three herders near Kaduna.",
     "2022-06-05", "Attack", "2022-06-02", "Kaduna"),
    ("On 19 January 2022, bomb disposal experts defused an explosive device found near a market in Maiduguri.",
     "2022-01-20", "Disrupted weapons use", "2022-01-19", "Maiduguri"),
    ("On 13 September 2022, Turkish forces set up a new military base near Manbij (Aleppo).", "2022-09-15",
     "Headquarters or base established", "2022-09-13", "Manbij"),
    ("On 3 May 2022, a mob lynched a man accused of stealing a goat in Goma (Nord-Kivu). 1 fatality.",
     "2022-05-05", "Mob violence", "2022-05-03", "Goma"),
    ("Between 24 and 26 February 2022, Russian forces fired missiles at military infrastructure in Chernihiv.",
     "2022-02-28", "Shelling/artillery/missile attack", "2022-02-26", "Chernihiv"),
    ("On 8 March 2022, women's groups held a rally in Istanbul. Police detained 15 participants.", "2022-03-10",
     "Protest with intervention", "2022-03-08", "Istanbul"),
    ("On 12 July 2022, soldiers raped two women in a village near Bunia (Ituri).", "2022-07-20",
     "Sexual violence", "2022-07-12", "Bunia"),
])
def test_a_note_is_one_event_with_its_day_place_and_sub_type(pipe, text, day, sub_type, date, place):
    r = pipe.extract(text, dt.date.fromisoformat(day))
    assert len(r.events) == 1
    [e] = r.events
    assert (e.sub_event_type, e.date, e.location.name) == (sub_type, date, place)


def test_a_notes_range_is_its_last_day_at_week_precision(pipe):
    r = pipe.extract("Around 2 June 2022 (between 1 and 2 June), gunmen shot dead a trader in Kaduna.",
                     dt.date(2022, 6, 6))
    assert [(e.date, e.time_precision) for e in r.events] == [("2022-06-02", 2)]


def test_a_note_names_its_actors_as_acled_does(pipe):
    r = pipe.extract("On 15 June 2022, ADF rebels attacked a village near Beni and killed 11 civilians.",
                     dt.date(2022, 6, 17))
    [e] = r.events
    assert e.actor1.startswith("ADF") and e.actor2 == "Civilians (Democratic Republic of Congo)"
    assert e.fatalities == 11 and e.civilian_targeting


@pytest.mark.parametrize("text, day, place, country", [
    # ACLED writes a note's place with the units it lies in, in brackets; a name repeated in its bracket ("Kisumu
    # (Kisumu)") is read by the parser as an organisation, yet is the place
    ("On 9 August 2022, a mob lynched a man accused of stealing a motorbike in Kisumu (Kisumu).", "2022-08-11",
     "Kisumu", "KE"),
    ("On 19 May 2022, a roadside bomb exploded near a military convoy in Ghazni (Ghazni). No casualties reported.",
     "2022-05-20", "Ghazni", "AF"),
    ("On 11 November 2022, unknown assailants set ablaze the office of the electoral commission in Enugu (Enugu).",
     "2022-11-12", "Enugu", "NG"),
    ("On 12 March 2022, Property destruction: suspected herders burned down 20 houses in Gwer West (Benue).",
     "2022-03-14", "Gwer West", "NG"),
    # a parser that reads only part of the name ("Las") gives way to the name as written
    ("On 12 December 2022, a landmine exploded as a military patrol passed in Las Navas (Northern Samar), wounding "
     "two soldiers.", "2022-12-13", "Las Navas", "PH"),
])
def test_a_notes_place_in_acleds_bracketed_form(pipe, text, day, place, country):
    r = pipe.extract(text, dt.date.fromisoformat(day))
    assert [(e.location.name, e.location.country) for e in r.events][:1] == [(place, country)]


@pytest.mark.parametrize("text, day, killed", [
    ("On 14 February 2022, unidentified armed men killed a man in Kamwenge (Kamwenge, Western).", "2022-02-16", 1),
    ("On 3 May 2021, gunmen killed three traders near Kidal (Kidal).", "2021-05-05", 3),
    ("On 9 July 2022, suspected gang members killed two bus drivers in Tegucigalpa (Francisco Morazan).",
     "2022-07-11", 2),
])
def test_the_year_a_note_opens_with_is_no_toll(pipe, text, day, killed):
    r = pipe.extract(text, dt.date.fromisoformat(day))
    assert [e.fatalities for e in r.events] == [killed]


@pytest.mark.parametrize("text, day, sub_type, place", [
    # a bracketed place after "on" or after the verb that strikes or takes it
    ("On 10 April 2022, the army conducted air strikes on Kyauktaw (Rakhine), killing 3 civilians.", "2022-04-12",
     "Air/drone strike", "Kyauktaw"),
    ("On 29 May 2022, militants stormed Ghazni (Ghazni) after heavy fighting.", "2022-05-30", None, "Ghazni"),
    # mob justice: residents who beat or burn a suspected thief
    ("On 14 April 2022, a group of residents beat a suspected thief to death in Kampala (Kampala).", "2022-04-16",
     "Mob violence", "Kampala"),
    ("On 2 August 2022, villagers stoned two alleged witches in Kisii (Kisii).", "2022-08-03", "Mob violence",
     "Kisii"),
])
def test_note_places_after_verbs_and_mob_justice(pipe, text, day, sub_type, place):
    [e] = pipe.extract(text, dt.date.fromisoformat(day)).events
    assert e.location.name == place and (sub_type is None or e.sub_event_type == sub_type)


def test_a_suspected_thief_arrested_is_no_mob():
    assert classify.decide("Police arrested a suspected thief in Nakuru on Monday.").label == "Arrests"


@pytest.mark.parametrize("text, day, sub_type, place", [
    # the tag some notes open with names their sub-type, whatever the verbs after it
    ("Weapons seizure: On 7 June 2022, police seized a cache of rockets and mortar rounds in Kirkuk (Kirkuk).",
     "2022-06-09", "Disrupted weapons use", "Kirkuk"),
    ("Defusal: On 4 June 2022, sappers defused an artillery shell found in a field near Izium (Kharkiv).",
     "2022-06-06", "Disrupted weapons use", "Izyum"),   # GeoNames spells it so
    ("Movement of forces: On 6 June 2022, the army deployed two battalions to Gao (Gao).", "2022-06-08",
     "Change to group/activity", "Gao"),
    ("Property destruction: On 5 June 2022, settlers uprooted olive trees near Nablus (West Bank).", "2022-06-06",
     "Looting/property destruction", "Nablus"),
    # a tag that names no sub-type still opens a note
    ("Non-violent activity: On 8 June 2022, the authorities closed girls' schools in Herat (Herat).", "2022-06-09",
     None, "Herat"),
])
def test_a_notes_opening_tag(pipe, text, day, sub_type, place):
    assert notes.is_note(text)
    [e] = pipe.extract(text, dt.date.fromisoformat(day)).events
    assert e.location.name == place and (sub_type is None or e.sub_event_type == sub_type)


def test_a_group_name_tells_no_retaking_in_a_note(pipe):
    text = ("On 2 July 2022, the army clashed with the Karen National Liberation Army near Myawaddy (Kayin). "
            "Fatalities unknown.")
    [e] = pipe.extract(text, dt.date(2022, 7, 4)).events
    assert e.sub_event_type == "Armed clash"


@pytest.mark.parametrize("opening, date, precision", [
    ("Overnight on 5 June 2022,", "2022-06-05", 1),              # the day named, not "overnight"'s publication day
    ("Between 29 May and 2 June 2022,", "2022-06-02", 2),
    ("On the night of 5-6 June 2022,", "2022-06-05", 1),
    ("On an unspecified date in early June 2022,", "2022-06-05", 3),
    ("Before 5 June 2022,", "2022-06-05", 1),
])
def test_a_notes_opening_dates_it(pipe, opening, date, precision):
    text = opening + " gunmen shot dead two traders near Gusau (Zamfara). 2 fatalities."
    assert notes.is_note(text)
    [e] = pipe.extract(text, dt.date(2022, 6, 9)).events
    assert (e.date, e.time_precision) == (date, precision)


def test_a_note_no_cue_types_and_the_model_doubts_is_other(pipe):
    text = "On 6 June 2022, a reconnaissance drone was spotted over Mykolaiv (Mykolaivskyi, Mykolaiv)."
    [e] = pipe.extract(text, dt.date(2022, 6, 8)).events
    assert e.sub_event_type == "Other"


def test_a_soldier_killed_in_a_note_is_a_clash(pipe):
    text = "On 6 June 2022, a soldier was killed by a sniper near Bakhmut (Bakhmutskyi, Donetsk). 1 fatality."
    [e] = pipe.extract(text, dt.date(2022, 6, 8)).events
    assert e.sub_event_type == "Armed clash"
