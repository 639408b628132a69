"""The day of an event in a sentence that tells none: event_dates.date_of over invented wire copy of many wars."""
import datetime as dt
import re
from types import SimpleNamespace

import pytest

from polemos import event_dates
from polemos.types import Article, Span

FRI = dt.date(2024, 3, 8)   # a Friday


def sentences(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in re.finditer(r"[^.\n]+(?:\.|$)", text, re.M)]


def day_of(text: str, last: str, published: dt.date = FRI) -> str | None:
    """The date given to the sentence starting with `last` (no speaker cue, no trigger)."""
    sents = sentences(text)
    i = next(k for k, s in enumerate(sents) if s.of(text).strip().startswith(last))
    mention = SimpleNamespace(attribution=SimpleNamespace(cue_span=None), sentence=sents[i], trigger=None, extra={})
    d = event_dates.date_of(mention, sents, i, text, Article(id="t", date=published, text=text))
    return d.date.isoformat() if d else None


@pytest.mark.parametrize("text, last, expected", [
    # the night before publication, told a paragraph or more before the undated sentence
    ("Russian forces shelled Kupiansk late on Thursday night.\nHouses were damaged.\n"
     "A separate missile attack on Chuhuiv injured seven.", "A separate", "2024-03-07"),
    ("Militants stormed an army post near Djibo on Thursday.\nThe army said it repelled them.\n"
     "Another attack on a convoy near Arbinda killed four soldiers.", "Another attack", "2024-03-07"),
    ("Houthi forces fired two missiles at a tanker in the Red Sea on Thursday.\n"
     "A second vessel reported an explosion near its bow.", "A second vessel", "2024-03-07"),
    # the day of publication carries as well
    ("Gunmen attacked a checkpoint in Zamfara on Friday.\nPolice said three officers died.\n"
     "Another gang raided a village near Gusau.", "Another gang", "2024-03-08"),
])
def test_an_undated_sentence_takes_the_last_day_told_before_it(text, last, expected):
    assert day_of(text, last) == expected


@pytest.mark.parametrize("text, last", [
    # a day told long before publication is background, not the news of the undated sentence
    ("Rebels have targeted communities near Goma for weeks; on Tuesday, a school was hit.\n"
     "An airstrike destroyed a rebel truck near Rutshuru.", "An airstrike"),
    ("The RSF seized El Fasher on 1 March.\nShelling of the camp killed two women.", "Shelling of the camp"),
    # a month or a week told gives no day to go on with (a fused event's day must not widen to a month)
    ("Shelling of Tartar has intensified earlier this month.\nA rocket hit a school in Barda.", "A rocket hit"),
])
def test_a_day_long_past_is_not_carried(text, last):
    assert day_of(text, last) is None


def test_a_day_too_many_sentences_back_is_not_carried():
    text = "Troops clashed with al-Shabaab near Afgoye on Thursday.\n" + "Nothing else was said.\n" * 7 + \
        "A roadside bomb hit a truck near Marka."
    assert day_of(text, "A roadside bomb") is None


def test_the_sentence_s_own_day_still_wins():
    text = "Israeli jets struck Nabatieh on Thursday.\nA drone hit a car near Tyre on Wednesday."
    assert day_of(text, "A drone hit") == "2024-03-06"
