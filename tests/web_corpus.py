"""Invented wire-style articles for the web view's browser tests and screenshots (tests/screens.py): a theatre of
events around the Karabakh front, a toll two sides dispute, and one stray event on another continent that must
not decide the map's view. Every sentence is invented for these tests."""
from __future__ import annotations

import datetime as dt

from polemos.types import Article

# (id, date, outlet, side, text)
THEATRE = [
    ("w-01", "2020-10-02", "Invented Wire", None,
     "Armenia's Defense Ministry said on Friday that Azerbaijani artillery shelled the town of Martuni, "
     "killing two civilians."),
    ("w-02", "2020-10-03", "Invented Wire", None,
     "Azerbaijan's Defense Ministry said on Saturday that Armenian forces shelled the city of Terter, "
     "killing one civilian."),
    ("w-03", "2020-10-04", "Invented Wire", None,
     "The Artsakh Defense Ministry said on Sunday that Azerbaijani rockets hit Stepanakert, killing three civilians."),
    ("w-04", "2020-10-05", "Invented Wire", None,
     "Azerbaijan's prosecutor's office said on Monday that Armenian forces fired rockets at the city of Barda, "
     "killing one woman."),
    ("w-05", "2020-10-07", "Invented Wire", None,
     "The Artsakh Defense Ministry said on Wednesday that Azerbaijani troops attacked positions near Hadrut; "
     "four soldiers were killed in the fighting."),
    ("w-06", "2020-10-08", "Invented Wire", None,
     "Azerbaijan's Defense Ministry said on Thursday that Armenian artillery shelled the town of Tovuz, "
     "killing two civilians."),
    ("w-07", "2020-10-09", "Invented Wire", None,
     "The Artsakh Defense Ministry said on Friday that Azerbaijani forces shelled the town of Shusha, "
     "killing one civilian."),
    ("w-08", "2020-10-11", "Invented Wire", None,
     "Azerbaijan's Defense Ministry said on Sunday that Armenian missiles struck the city of Ganja, "
     "killing nine civilians."),
    ("w-09", "2020-10-12", "Invented Wire", None,
     "Armenia's Defense Ministry said on Monday that Azerbaijani drones struck a convoy near Goris, "
     "killing two soldiers."),
    ("w-10", "2020-10-13", "Invented Wire", None,
     "Azerbaijan's Defense Ministry said on Tuesday that Armenian forces shelled villages near Fizuli, "
     "killing one civilian."),
    ("w-11", "2020-10-16", "Invented Wire", None,
     "The Artsakh Defense Ministry said on Friday that Azerbaijani artillery shelled the town of Martakert, "
     "killing three civilians."),
    ("w-12", "2020-10-18", "Invented Wire", None,
     "Azerbaijan's Defense Ministry said on Sunday that Armenian forces shelled the town of Agdam, "
     "killing two civilians."),
    ("w-13", "2020-10-20", "Invented Wire", None,
     "Armenia's Defense Ministry said on Tuesday that Azerbaijani drones struck the town of Kapan, "
     "killing one civilian."),
    ("w-14", "2020-10-24", "Invented Wire", None,
     "Azerbaijan's Defense Ministry said on Saturday that Armenian artillery shelled the town of Goranboy, "
     "killing one civilian."),
]

# one toll, two sides: the same strike, five dead for one, two for the other
DISPUTE = [
    ("d-east", "2020-10-22", "Invented Yerevan Daily", "armenian",
     "The Artsakh Defense Ministry said on Thursday that Azerbaijani drones struck the town of Martakert, "
     "killing five civilians."),
    ("d-west", "2020-10-22", "Invented Baku Wire", "azerbaijani",
     "Azerbaijan's Defense Ministry said on Thursday that Azerbaijani drones struck military positions in "
     "Martakert, killing two soldiers."),
]

# far from the theatre: one event must not zoom the map out to a continent
STRAY = [
    ("s-far", "2020-10-15", "Invented Wire", None,
     "Thousands of people protested in Lima on Thursday against the war, police said."),
]


def articles(*groups: list[tuple]) -> list[Article]:
    return [Article(id=i, date=dt.date.fromisoformat(d), text=t, language="en", outlet=o, side=s)
            for group in groups for i, d, o, s, t in group]
