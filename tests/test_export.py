import csv
import io
import json

import pandas as pd
import pytest

from polemos import export
from polemos.errors import OutputError
from polemos.filters import Filters
from polemos.store import Store
from test_store import make_result


@pytest.fixture
def store(tmp_path):
    """Two articles: t-1 reports Dovlan and Mirzal, t-2 Dovlan again (one event with t-1's); fused."""
    s = Store(str(tmp_path / "p.db"))
    s.save(make_result("t-1", places=("Dovlan", "Mirzal")))
    s.save(make_result("t-2"))
    s.fuse()
    return s


def rows_by_place(store, **kw) -> dict[str, dict]:
    return {r["location"]: r for r in export.acled_rows(store, **kw)}


def test_acled_columns_in_codebook_order():
    assert len(export.ACLED_COLUMNS) == 31
    assert export.ACLED_COLUMNS[:5] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type"]
    assert export.ACLED_COLUMNS[-6:] == ["source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
    assert export.COLUMNS[-3:] == ["evidence", "article_id", "record_id"]


def test_acled_csv_has_one_row_per_fused_event(store, tmp_path):
    out = tmp_path / "e.csv"
    assert export.write(store, "acled-csv", str(out)) == 2
    df = pd.read_csv(out)
    assert list(df.columns) == export.COLUMNS and len(df) == 2
    row = df[df.location == "Dovlan"].iloc[0]
    assert (row.event_date, row.year, row.country, row.iso, row.region) == \
        ("2020-10-05", 2020, "Azerbaijan", 31, "Caucasus and Central Asia")
    assert (row.disorder_type, row.inter1, row.interaction) == ("Political violence", 1, 10)
    assert (row.fatalities, row.fatalities_best, row.n_claims, row.source) == (2, 2, 2, "Test Wire")
    assert (row.claimant, row.article_id) == ("Officials | Officials", "t-1 | t-2")
    ids = {e["fused_id"] for e in store.events(location_name="Dovlan")}
    assert ids == {row.event_id_cnty} and len(row.record_id.split(" | ")) == 2


def test_claims_export_names_each_claims_event(store):
    rows = export.acled_rows(store, claims=True)
    assert len(rows) == 3 == store.counts()["events"]
    by_record = {e["id"]: e for e in store.events()}
    for r in rows:
        assert r["event_id_cnty"] == by_record[r["record_id"]]["fused_id"]
        assert r["claimant"] == "Officials" and r["n_claims"] in (1, 2)
    assert export.to_string(store, "table", claims=True).splitlines()[-1] == "(3 claims)"
    lines = [json.loads(x) for x in export.to_string(store, "jsonl", claims=True).splitlines()]
    assert {x["record_id"]: x["event_id"] for x in lines} == {i: e["fused_id"] for i, e in by_record.items()}


def test_summed_fatalities_are_the_fused_best_estimates(store):
    r = make_result("t-3")
    r.events[0].claimant, r.events[0].claimant_side, r.events[0].fatalities = "Ministry", "azerbaijani", 5
    store.save(r)
    store.fuse()
    rows = rows_by_place(store)
    dovlan = rows["Dovlan"]
    assert (dovlan["fatalities"], dovlan["fatalities_low"], dovlan["fatalities_high"]) == (2, 2, 5)
    assert sum(r["fatalities"] for r in rows.values()) == 4         # Dovlan's best 2 and Mirzal's 2, not 2+2+5+2
    assert dovlan["disputed"] and dovlan["dispute"] == "toll" and dovlan["n_claims"] == 3


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


def test_jsonl_one_fused_event_per_line(store):
    lines = [json.loads(x) for x in export.to_string(store, "jsonl").splitlines()]
    assert sorted(len(x["claims"]) for x in lines) == [1, 2]
    assert {x["event_id"] for x in lines} == {e["fused_id"] for e in store.events()}
    assert all(c["article_outlet"] == "Test Wire" and c["article_date_source"] == "given"
               for x in lines for c in x["claims"])


def test_articles_jsonl_one_article_per_line(store, tmp_path):
    out = tmp_path / "a.jsonl"
    assert export.write(store, "articles-jsonl", str(out)) == 2
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["t-1", "t-2"]
    assert lines[0] == store.result_json("t-1")


def test_results_and_store_export_alike(store):
    results = [make_result("t-1", places=("Dovlan", "Mirzal")), make_result("t-2")]
    unfused = lambda text: [{**x, "events": [{**e, "fused_id": None} for e in x["events"]]}
                            for x in map(json.loads, text.splitlines())]
    assert unfused(export.to_string(results, "articles-jsonl")) == unfused(export.to_string(store, "articles-jsonl"))
    shape = lambda text: sorted(sorted(c["record_id"] for c in json.loads(x)["claims"])
                                for x in text.splitlines())
    assert shape(export.to_string(results, "jsonl")) == shape(export.to_string(store, "jsonl"))


def test_geojson(store, tmp_path):
    out = tmp_path / "e.geojson"
    export.write(store, "geojson", str(out))
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    f = fc["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [46.9, 40.1]}
    assert f["properties"]["sub_event_type"] == "Shelling/artillery/missile attack"


def test_another_camp_saying_the_same_is_no_dispute(store):
    r = make_result("t-3")
    r.events[0].claimant, r.events[0].claimant_side = "Ministry", "azerbaijani"
    store.save(r)
    store.fuse()
    dovlan = rows_by_place(store)["Dovlan"]
    assert dovlan["n_claims"] == 3 and not dovlan["disputed"]
    r.events[0].stance, r.events[0].fatalities = "denied", 9
    store.save(r)
    store.fuse()
    dovlan = rows_by_place(store)["Dovlan"]
    assert dovlan["disputed"] and dovlan["dispute"] == "occurrence"
    assert (dovlan["fatalities_low"], dovlan["fatalities_high"]) == (2, 2)     # a denial's figure never counts


def test_export_of_chosen_events(store):
    rows = export.acled_rows(store, Filters(place=["Mirzal"]))
    assert [r["location"] for r in rows] == ["Mirzal"]
    chosen = [json.loads(x) for x in export.to_string(store, "articles-jsonl", Filters(place=["mirzal"]))
              .splitlines()]
    assert [x["id"] for x in chosen] == ["t-1"] and chosen[0]["date_source"] == "given"
    assert chosen[0]["events"][0]["article_date_source"] == "given"
    assert export.acled_rows(store, Filters(country=["AM"])) == []
    with pytest.raises(ValueError, match="need a store"):
        export.to_string([make_result()], "jsonl", Filters(place=["Mirzal"]))


def test_table_is_fixed_width(store):
    text = export.to_string(store, "table")
    lines = text.splitlines()
    assert lines[0].startswith("date") and "claimants" in lines[0]
    assert "Dovlan" in text and lines[-1] == "(2 events)"
    assert len({x.index("Officials") for x in lines[2:-1]}) == 1     # columns line up


def test_unknown_format(store):
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export.write(store, "xml", "-")


def test_plover_json(store, tmp_path):
    path = tmp_path / "e.json"
    n = export.write(store, "plover-json", str(path))
    records = json.loads(path.read_text(encoding="utf-8"))
    assert len(records) == n == 2
    assert all(r["event"] and r["location"]["lat"] is not None and r["claimant"] for r in records)


def test_undated_article_exports_without_breaking(store, tmp_path):
    from test_store import undated_result

    store.save(undated_result())
    lines = [json.loads(x) for x in export.to_string(store, "articles-jsonl").splitlines()]
    assert {x["id"]: x["date_source"] for x in lines} == {"u-1": "none", "t-1": "given", "t-2": "given"}
    for fmt in export.FORMATS:
        want = 3 if fmt == "articles-jsonl" else 2                   # articles, else fused events
        assert export.write(store, fmt, str(tmp_path / f"e.{fmt}")) == want, fmt


def test_formula_cells_are_neutralised_in_csv(tmp_path):
    store = Store(str(tmp_path / "p.db"))
    r = make_result("t-1")
    r.article.outlet = '=HYPERLINK("http://evil.example","x")'
    r.events[0].claimant, r.events[0].location.lon = "+cmd|' /C calc'!A0", -70.5
    r.events[0].evidence = "@SUM(1+1)"
    store.save(r)
    [row] = list(csv.DictReader(io.StringIO(export.to_string(store, "acled-csv"))))
    assert row["source"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["claimant"] == "'+cmd|' /C calc'!A0" and row["notes"] == "'@SUM(1+1)"
    assert row["longitude"] == "-70.5"                  # a number stays a number
    assert export.safe_cell("-1+2") == "'-1+2" and export.safe_cell("\tx") == "'\tx" and export.safe_cell(-3) == -3
    [back] = export.acled_rows(store)                   # the other formats keep the text as it is
    assert back["source"].startswith("=HYPERLINK")


def test_output_into_a_missing_folder_or_onto_a_folder_is_one_clear_error(store, tmp_path):
    with pytest.raises(OutputError, match="does not exist") as e:
        export.write(store, "acled-csv", str(tmp_path / "nope" / "e.csv"))
    assert e.value.exit_code == 2
    with pytest.raises(OutputError, match="it is a folder"):
        export.write(store, "geojson", str(tmp_path))
