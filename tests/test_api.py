"""The Python API: polemos.extract on one text, and DataFrames over a database."""
import datetime as dt

import pytest

import polemos
from polemos.pipeline import Pipeline
from polemos.store import Store

TEXTS = [
    ("2020-10-14", "Azerbaijani forces shelled Martuni on Wednesday, killing two civilians, the Artsakh Defense "
                   "Ministry said."),
    ("2020-10-14", "Azerbaijan's Defense Ministry denied shelling Martuni, calling the report a lie."),
]


def test_extract_returns_typed_records():
    result = polemos.extract(TEXTS[0][1], date="2020-10-14")
    [event] = result.events
    assert isinstance(event, polemos.Event)
    assert (event.location.name, event.date, event.claimant_side, event.fatalities) == \
        ("Martuni", "2020-10-14", "armenian", 2)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("api") / "api.db")
    store = Store(path)
    pipe = Pipeline.default()
    articles = [polemos.Article(id=f"a{i}", date=dt.date.fromisoformat(d), text=t, language="en")
                for i, (d, t) in enumerate(TEXTS)]
    for result in pipe.run(articles):
        store.save(result)
    return path


def test_events_frame_fuses_the_two_reports(db):
    frame = polemos.events_frame(db)
    [row] = frame.to_dict("records")
    assert row["claims"] == 2 and row["disputed"] and row["location"] == "Martuni"


def test_claims_frame_has_one_row_per_report(db):
    frame = polemos.claims_frame(db)
    assert sorted(frame["stance"]) == ["asserted", "denied"]
    assert frame["fused_id"].nunique() == 1
