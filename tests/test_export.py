import json

import pandas as pd
import pytest

from polemos import export
from polemos.store import Store
from test_store import make_result


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "p.db"))
    s.save(make_result("t-1", places=("Dovlan", "Mirzal")))
    s.save(make_result("t-2"))
    return s


def test_acled_columns_in_codebook_order():
    assert len(export.ACLED_COLUMNS) == 31
    assert export.ACLED_COLUMNS[:5] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type"]
    assert export.ACLED_COLUMNS[-6:] == ["source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
    assert export.COLUMNS[-2:] == ["evidence", "article_id"]


def test_acled_csv_reads_back(store, tmp_path):
    out = tmp_path / "e.csv"
    assert export.write(store, "acled-csv", str(out)) == 3
    df = pd.read_csv(out)
    assert list(df.columns) == export.COLUMNS and len(df) == 3
    row = df.iloc[0]
    assert (row.event_date, row.year, row.country, row.iso, row.region) == \
        ("2020-10-05", 2020, "Azerbaijan", 31, "Caucasus and Central Asia")
    assert (row.disorder_type, row.inter1, row.interaction) == ("Political violence", 1, 10)
    assert (row.fatalities, row.claimant, row.source, row.article_id) == (2, "Officials", "Test Wire", "t-1")


def test_parquet_round_trips(store, tmp_path):
    out = tmp_path / "e.parquet"
    export.write(store, "parquet", str(out))
    df = pd.read_parquet(out)
    rows = export.acled_rows(store)
    assert list(df.columns) == export.COLUMNS
    back = df.astype(object).where(df.notna(), None).to_dict("records")
    assert back == rows


def test_empty_parquet_keeps_its_columns(tmp_path):
    out = tmp_path / "none.parquet"
    assert export.write([], "parquet", str(out)) == 0
    assert list(pd.read_parquet(out).columns) == export.COLUMNS


def test_jsonl_one_article_per_line(store, tmp_path):
    out = tmp_path / "e.jsonl"
    assert export.write(store, "jsonl", str(out)) == 2
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["t-1", "t-2"]
    assert lines[0] == store.result_json("t-1")
    assert pd.read_json(out, lines=True).shape[0] == 2


def test_results_and_store_export_alike(store):
    from_results = export.to_string([make_result("t-1", places=("Dovlan", "Mirzal")), make_result("t-2")], "jsonl")
    assert from_results == export.to_string(store, "jsonl")


def test_geojson(store, tmp_path):
    out = tmp_path / "e.geojson"
    export.write(store, "geojson", str(out))
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    f = fc["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [46.9, 40.1]}
    assert f["properties"]["sub_event_type"] == "Shelling/artillery/missile attack"


def test_disputed_when_sides_differ_within_a_fused_event(store):
    ids = [e["id"] for e in store.events(article_id=["t-1", "t-2"], location_name="Dovlan")]
    store.set_fused({i: "f-1" for i in ids})
    rows = [r for r in export.acled_rows(store) if r["event_id_cnty"] in ids]
    assert all(r["disputed"] is False for r in rows)    # same side: corroboration, not a dispute
    r = make_result("t-3")
    r.events[0].claimant_side, r.events[0].fatalities = "azerbaijani", 5
    store.save(r)
    store.set_fused({store.events(article_id="t-3")[0]["id"]: "f-1"})
    rows = [r for r in export.acled_rows(store) if r["event_id_cnty"] in ids]
    assert all(r["disputed"] and (r["fatalities_low"], r["fatalities_high"]) == (2, 5) for r in rows)


def test_two_sides_agreeing_is_no_dispute(store):
    """As fusion and the web view have it: another side giving the same report corroborates it."""
    ids = [e["id"] for e in store.events(location_name="Dovlan")]
    r = make_result("t-3")
    r.events[0].claimant_side = "azerbaijani"
    store.save(r)
    store.set_fused({i: "f-1" for i in ids + [store.events(article_id="t-3")[0]["id"]]})
    rows = [r for r in export.acled_rows(store) if r["event_id_cnty"] in ids]
    assert rows and not any(r["disputed"] for r in rows)
    r.events[0].stance, r.events[0].fatalities = "denied", 9
    store.save(r)
    rows = [r for r in export.acled_rows(store) if r["event_id_cnty"] in ids]
    assert all(r["disputed"] and (r["fatalities_low"], r["fatalities_high"]) == (2, 2) for r in rows)  # as fusion


def test_export_of_chosen_events(store):
    mirzal = store.events(location_name="Mirzal")
    rows = export.acled_rows(store, where={"gid": [e["id"] for e in mirzal]})
    assert [r["event_id_cnty"] for r in rows] == [e["id"] for e in mirzal]
    lines = [json.loads(x) for x in export.to_string(store, "jsonl").splitlines()]
    chosen = [json.loads(x) for x in export.to_string(store, "jsonl", where={"location_name": "Mirzal"}).splitlines()]
    assert [x["id"] for x in chosen] == ["t-1"] and len(lines) == 2
    assert [e["location"]["name"] for e in chosen[0]["events"]] == ["Mirzal"]
    assert chosen[0]["claims"] == lines[0]["claims"]
    with pytest.raises(ValueError, match="need a store"):
        export.to_string([make_result()], "jsonl", where={"location_name": "Mirzal"})


def test_table_is_fixed_width(store):
    text = export.to_string(store, "table")
    lines = text.splitlines()
    assert lines[0].startswith("date") and "claimant" in lines[0]
    assert "Dovlan" in text and lines[-1] == "(3 events)"
    assert len({x.index("Officials") for x in lines[2:-1]}) == 1     # columns line up


def test_unknown_format(store):
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export.write(store, "xml", "-")


def test_plover_json(store, tmp_path):
    path = tmp_path / "e.json"
    n = export.write(store, "plover-json", str(path))
    records = json.loads(path.read_text(encoding="utf-8"))
    assert len(records) == n > 0
    assert all(r["event"] and r["location"]["lat"] is not None and r["claimant"] for r in records)


def test_undated_article_exports_without_breaking(store, tmp_path):
    from test_store import undated_result

    store.save(undated_result())
    lines = [json.loads(x) for x in export.to_string(store, "jsonl").splitlines()]
    assert {x["id"]: x["date_source"] for x in lines} == {"u-1": "none", "t-1": "given", "t-2": "given"}
    assert len(export.acled_rows(store)) == 3
    for fmt in export.FORMATS:
        assert export.write(store, fmt, str(tmp_path / f"e.{fmt}")) == 3     # jsonl: 3 articles, else 3 events


def test_export_through_the_shared_filters(store):
    from polemos.filters import Filters, export_where

    assert export_where(store, Filters()) is None
    rows = export.acled_rows(store, export_where(store, Filters(place=["mirzal"])))
    assert [r["location"] for r in rows] == ["Mirzal"]
    chosen = [json.loads(x) for x in export.to_string(store, "jsonl", export_where(store, Filters(place=["Mirzal"])))
              .splitlines()]
    assert [x["id"] for x in chosen] == ["t-1"] and chosen[0]["date_source"] == "given"
    assert chosen[0]["events"][0]["article_date_source"] == "given"
    assert export.acled_rows(store, export_where(store, Filters(country=["AM"]))) == []
