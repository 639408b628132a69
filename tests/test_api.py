"""The Python API: polemos.extract on one text, and DataFrames over a database."""
import datetime as dt

import pytest

import polemos

TEXTS = [
    ("2020-10-14", ("Azerbaijani forces shelled Martuni on Wednesday, killing two civilians, the Artsakh Defense "
                   "Ministry said.")),
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
    articles = [polemos.Article(id=f"a{i}", date=dt.date.fromisoformat(d), text=t, language="en")
                for i, (d, t) in enumerate(TEXTS)]
    steps = []
    summary = polemos.run(articles, path, workers=1, progress=steps.append)
    assert (summary.read, summary.stored, summary.events, summary.ok) == (2, 2, 2, True)
    assert [s.kind for s in steps] == ["article", "article", "fusing", "done"]
    assert summary.fused.claims == 2 and summary.fused.total == 1
    return path


def test_events_frame_fuses_the_two_reports(db):
    frame = polemos.events_frame(db)
    [row] = frame.to_dict("records")
    assert row["claims"] == 2 and row["disputed"] and row["location"] == "Martuni"
    assert row["dispute_kinds"] == ["occurrence"] and row["fatalities_best"] == 2


def test_a_second_run_of_the_same_articles_runs_nothing(db):
    articles = [polemos.Article(id=f"a{i}", date=dt.date.fromisoformat(d), text=t, language="en")
                for i, (d, t) in enumerate(TEXTS)]
    summary = polemos.run(articles, db, workers=1)
    assert (summary.read, summary.already, summary.stored, summary.fused) == (2, 2, 0, None)


def test_frames_of_a_missing_store_create_nothing(tmp_path):
    from polemos.errors import StoreMissing

    with pytest.raises(StoreMissing, match="no store at"):
        polemos.events_frame(str(tmp_path / "typo.db"))
    assert not (tmp_path / "typo.db").exists()


def test_claims_frame_has_one_row_per_report(db):
    frame = polemos.claims_frame(db)
    assert sorted(frame["stance"]) == ["asserted", "denied"]
    assert frame["fused_id"].nunique() == 1


def test_run_reads_every_article_with_the_conflict_profile_it_is_given(tmp_path):
    texts = ["Rebels attacked an army post near Kidal on Monday, killing four soldiers, officials said.",
             TEXTS[0][1]]
    articles = [polemos.Article(id=f"c{i}", date=dt.date(2022, 5, 2), text=t, language="en")
                for i, t in enumerate(texts)]
    seen = []
    polemos.run(articles, str(tmp_path / "c.db"), workers=1, fuse=False,
                progress=lambda s: s.result is not None and seen.append(s.result.article.conflict))
    assert seen[1] == "karabakh" and seen[0] != "karabakh"         # chosen by each text
    seen.clear()
    polemos.run(articles, str(tmp_path / "c.db"), workers=1, fuse=False, redo=True, conflict="default",
                progress=lambda s: s.result is not None and seen.append(s.result.article.conflict))
    assert seen == ["default", "default"]


def test_an_unknown_conflict_profile_is_a_usage_error(tmp_path, capsys):
    from polemos import cli
    from polemos.errors import UsageError

    with pytest.raises(UsageError, match="no such conflict profile; known: .*karabakh"):
        polemos.run([], str(tmp_path / "u.db"), conflict="atlantis")
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "x", "date": "2022-05-02", "text": "Shelling hit Gao."}\n')
    assert cli.main(["extract", str(src), "--db", str(tmp_path / "u.db"), "--conflict", "atlantis"]) == 2
    assert capsys.readouterr().err.startswith("error: --conflict 'atlantis': no such conflict profile")
