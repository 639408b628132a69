"""Fusion over invented event claims: which reports are one real event, its flags, figures and stable ids."""
import importlib.util
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polemos import fusion, standing

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
EVALUATE = SHARED / "tools" / "evaluate.py"

# Invented towns (coordinates made up, a few km apart where the tests need it).
PLACES = {
    "Varosh": (40.100, 46.500, 1), "Kelta": (40.110, 46.510, 1),          # Kelta is ~1.4 km from Varosh
    "Dobrin": (40.160, 46.560, 1),                                         # ~8 km from Varosh
    "Varosh District": (40.105, 46.520, 3), "Mirak": (41.000, 47.500, 1), "Lodz-on-Vey": (40.300, 46.900, 1),
}
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
DRONE = ("Explosions/Remote violence", "Air/drone strike")
CLASH = ("Battles", "Armed clash")
CAPTURE = ("Battles", "Government regains territory")
AGREEMENT = ("Strategic developments", "Agreement")
ARM, AZE = "Military Forces of Armenia (2018-)", "Military Forces of Azerbaijan (2003-)"


def claim(article, place="Varosh", day="2020-10-11", kind=SHELLING, claimant="North Ministry", side="azerbaijani",
          actor=ARM, stance="asserted", fatalities=None, precision=1, index=0, evidence="Shells hit the town."):
    lat, lon, geo = PLACES[place]
    return {"article_id": article, "record_id": f"{article}#{index}", "date": day, "time_precision": precision,
            "location": {"mention": place, "name": place, "country": "AZ", "lat": lat, "lon": lon,
                         "geo_precision": geo},
            "event_type": kind[0], "sub_event_type": kind[1], "actor1": actor, "claimant": claimant,
            "claimant_side": side, "stance": stance, "fatalities": fatalities, "evidence": evidence}


def test_two_sides_report_one_strike():
    [ev] = fusion.fuse([claim("a1"), claim("b1", claimant="Foreign observers", side="international", actor=None)])
    assert len(ev["claims"]) == 2 and ev["corroborated"] and not ev["disputed"]
    assert ev["sub_event_type"] == SHELLING[1] and ev["date"] == "2020-10-11" and ev["actor1_side"] == "armenian"


def test_a_denial_joins_the_event_it_denies():
    [ev] = fusion.fuse([claim("a1", fatalities=4),
                        claim("b1", claimant="South Ministry", side="armenian", stance="denied")])
    assert len(ev["claims"]) == 2 and ev["disputed"]
    assert ev["dispute_reasons"] == ["denied by South Ministry (armenian)"]
    assert not ev["corroborated"]           # a denial backs nothing
    assert ev["fatalities_best"] == 4       # a denial's figure (none here) never counts


def test_a_side_does_not_deny_its_own_claim():
    events = fusion.fuse([claim("a1"), claim("b1", claimant="North Army", stance="denied")])
    assert len(events) == 2


def test_two_strikes_on_one_town_on_different_days_stay_apart():
    events = fusion.fuse([claim("a1", day="2020-10-11"), claim("b1", day="2020-10-12", claimant="Other Agency")])
    assert len(events) == 2 and events[0]["date"] < events[1]["date"]


def test_several_reports_of_one_town_on_one_day_are_one_event():
    recs = [claim("a1"), claim("b1", claimant="Governor"), claim("c1", claimant="Witness", side="international")]
    assert len(fusion.fuse(recs)) == 1


def test_a_week_precise_report_may_be_a_day_off():
    [ev] = fusion.fuse([claim("a1", day="2020-10-14", precision=2), claim("b1", day="2020-10-15")])
    assert ev["date"] == "2020-10-15" and ev["time_precision"] == 1   # the day-precise date names the event


def test_district_and_village_reports_of_one_strike_fuse():
    [ev] = fusion.fuse([claim("a1", place="Varosh District", claimant="North Ministry"),
                        claim("b1", place="Kelta", claimant="Local Governor")])
    assert ev["location"]["name"] == "Kelta"          # the finer place names the event
    assert len(ev["claims"]) == 2


def test_nearby_towns_are_different_places():
    assert len(fusion.fuse([claim("a1", place="Varosh"), claim("b1", place="Dobrin", claimant="Other")])) == 2
    assert len(fusion.fuse([claim("a1", place="Varosh"), claim("b1", place="Kelta", claimant="Other")])) == 1


def test_a_district_report_does_not_chain_two_towns():
    recs = [claim("a1", place="Varosh"), claim("b1", place="Dobrin", claimant="Other"),
            claim("c1", place="Varosh District", claimant="Third")]
    events = fusion.fuse(recs)
    assert len(events) == 2 and sorted(len(e["claims"]) for e in events) == [1, 2]


def test_one_claimant_listing_villages_in_one_article_gives_one_event_each():
    recs = [claim("a1", place="Varosh", kind=CAPTURE, index=0), claim("a1", place="Kelta", kind=CAPTURE, index=1)]
    assert len(fusion.fuse(recs)) == 2


def test_a_capture_and_the_fighting_around_it_fuse():
    [ev] = fusion.fuse([claim("a1", kind=CAPTURE, actor=AZE), claim("b1", kind=CLASH, claimant="Other", actor=AZE)])
    assert ev["sub_event_type"] == CAPTURE[1]


def test_shelling_and_drone_strike_of_one_town_fuse():
    assert len(fusion.fuse([claim("a1"), claim("b1", kind=DRONE, claimant="Other")])) == 1


def test_fire_blamed_on_opposite_sides_at_nearby_towns_stays_apart():
    recs = [claim("a1", place="Varosh District", actor=ARM),
            claim("b1", place="Kelta", claimant="West Ministry", side="armenian", actor=AZE)]
    assert len(fusion.fuse(recs)) == 2


def test_opposite_blame_in_one_town_is_a_dispute():
    [ev] = fusion.fuse([claim("a1", actor=ARM), claim("b1", claimant="West Ministry", side="armenian", actor=AZE)])
    assert ev["disputed"] and "opposite blame: armenian vs azerbaijani" in ev["dispute_reasons"]


def test_an_agreement_is_one_event_wherever_it_is_said_to_be():
    recs = [claim("a1", place="Mirak", kind=AGREEMENT, actor=None),
            claim("b1", place="Varosh District", kind=AGREEMENT, claimant="Other", actor=None)]
    assert len(fusion.fuse(recs)) == 1


def test_fatalities_best_low_high():
    recs = [claim("a1", fatalities=9), claim("b1", claimant="B", fatalities=5),
            claim("c1", claimant="C", fatalities=10),
            claim("d1", claimant="D", side="armenian", stance="denied", fatalities=0)]
    [ev] = fusion.fuse(recs)
    assert (ev["fatalities_best"], ev["fatalities_low"], ev["fatalities_high"]) == (9, 5, 10)   # the median
    assert "fatalities differ: 5 to 10" in ev["dispute_reasons"]
    recs = [claim("a1", fatalities=3), claim("b1", claimant="B", fatalities=7), claim("c1", claimant="C", fatalities=7)]
    [ev] = fusion.fuse(recs)
    assert (ev["fatalities_best"], ev["fatalities_low"], ev["fatalities_high"]) == (7, 3, 7)    # most sources
    [ev] = fusion.fuse([claim("a1")])
    assert (ev["fatalities_best"], ev["fatalities_low"], ev["fatalities_high"]) == (None, None, None)


def corpus():
    return [claim("a1", fatalities=2), claim("b1", claimant="South Ministry", side="armenian", stance="denied"),
            claim("c1", place="Kelta", claimant="Observers", side="international", fatalities=3, actor=None),
            claim("a1", day="2020-10-12", index=1), claim("d1", place="Varosh District", kind=CLASH, day="2020-10-12"),
            claim("e1", place="Lodz-on-Vey", kind=CAPTURE, actor=AZE),
            claim("e1", place="Dobrin", kind=CAPTURE, actor=AZE, index=1),
            claim("f1", place="Mirak", kind=AGREEMENT, actor=None, day="2020-10-10"),
            claim("g1", place="Varosh", kind=AGREEMENT, actor=None, day="2020-10-10", claimant="G")]


def shape(events):
    return [(e["event_id"], sorted(c["record_id"] for c in e["claims"])) for e in events]


@settings(max_examples=30, deadline=None)
@given(st.permutations(corpus()))
def test_input_order_never_changes_events_or_ids(records):
    assert shape(fusion.fuse(records)) == shape(fusion.fuse(corpus()))


def test_ids_are_stable_without_record_ids():
    recs = [{k: v for k, v in r.items() if k != "record_id"} for r in corpus()]
    random.Random(3).shuffle(recs)
    assert shape(fusion.fuse(recs)) == shape(fusion.fuse(list(reversed(recs))))
    assert all(c["record_id"] for e in fusion.fuse(recs) for c in e["claims"])


def test_merged_event_keeps_the_older_id():
    first = fusion.fuse([claim("a1", day="2020-10-11"), claim("b1", day="2020-10-12", claimant="B")])
    older, younger = (e["event_id"] for e in first)
    # A re-run reads b1's date better: the two reports are now one event, under the older id.
    again = fusion.fuse([claim("a1", day="2020-10-11"), claim("b1", day="2020-10-11", claimant="B")], previous=first)
    [ev] = again
    assert ev["event_id"] == older and ev["merged_from"] == [younger]
    assert fusion.fuse([claim("a1", day="2020-10-11"), claim("b1", day="2020-10-12", claimant="B")],
                       previous=first) == first          # nothing new: same ids, nothing merged


def test_a_split_event_leaves_its_id_with_the_larger_part():
    first = fusion.fuse([claim("a1"), claim("b1", claimant="B"), claim("c1", claimant="C")])
    again = fusion.fuse([claim("a1"), claim("b1", claimant="B"), claim("c1", claimant="C", day="2020-10-12")],
                        previous=first)
    assert [len(e["claims"]) for e in again] == [2, 1]
    assert again[0]["event_id"] == first[0]["event_id"] and again[1]["event_id"] != first[0]["event_id"]


def test_claimant_profiles():
    profiles = {p["claimant"]: p for p in standing.claimant_profiles(fusion.fuse(corpus()))}
    north = profiles["North Ministry"]
    assert north["claims"] == 6 and north["corroborated"] == 1 and north["contradicted"] == 1
    assert north["corroborated_by"] == {"Observers": 1} and north["contradicted_by"] == {"South Ministry": 1}
    assert profiles["South Ministry"]["contradicted_by"] == {"North Ministry": 1, "Observers": 1}


def test_records_from_predictions():
    lines = [{"id": "x1", "events": [claim("ignored"), claim("ignored", place="Kelta")]}, {"id": "x2", "events": []}]
    recs = fusion.records_from_predictions(lines)
    assert [(r["article_id"], r["record_id"]) for r in recs] == [("x1", "x1#0"), ("x1", "x1#1")]


def test_a_record_without_a_date_is_named_in_the_error():
    bad = dict(claim("a9"), date=None)
    with pytest.raises(ValueError, match="a9#0.*'date'"):
        fusion.fuse([bad])


@pytest.mark.shared
@pytest.mark.skipif(not EVALUATE.exists(), reason="needs ../shared")
def test_gold_fed_fusion_reaches_the_target(tmp_path):
    spec = importlib.util.spec_from_file_location("evaluate", EVALUATE)
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    dev = SHARED / "data" / "dev"
    gold, clusters = ev.load(str(dev / "gold.jsonl")), ev.load_clusters(str(dev / "clusters.jsonl"))
    out = tmp_path / "fused.jsonl"
    events = fusion.fuse(fusion.records_from_predictions(gold.values()))
    out.write_text("".join(json.dumps(e) + "\n" for e in events))
    scores = ev.eval_fusion(ev.load_events(str(out)), gold, clusters)
    assert scores["record_recall"] == 1.0 and scores["pair_f1"] >= 0.85


def test_a_claim_from_the_same_camp_repeats_rather_than_corroborates():
    [ev] = fusion.fuse([claim("a1"), claim("b1", claimant="Allied Paper", side="turkish")])
    assert not ev["corroborated"]


def test_the_parties_to_an_agreement_are_no_dispute():
    [ev] = fusion.fuse([claim("a1", kind=AGREEMENT, actor=ARM), claim("b1", kind=AGREEMENT, claimant="B", actor=AZE)])
    assert not ev["disputed"]


def test_an_agreement_dated_a_day_apart_by_two_outlets_is_one_event():
    def rec(article, day, place, lat, lon):
        return {"article_id": article, "date": day, "time_precision": 1, "sub_event_type": "Agreement",
                "event_type": "Strategic developments", "claimant": "the outlet itself", "claimant_side": "neutral",
                "stance": "asserted", "location": {"name": place, "lat": lat, "lon": lon, "geo_precision": 1}}
    fused = fusion.fuse([rec("a", "2020-10-10", "Moscow", 55.75, 37.62),
                         rec("b", "2020-10-11", "Moscow", 55.75, 37.62)])
    assert len(fused) == 1 and len(fused[0]["claims"]) == 2


@pytest.mark.parametrize("a,b", [("İlham Əliyev", "Ilham Aliyev"), ("Hikmət Hajiyev", "Hikmet Hajiyev"),
                                 ("Vagif Dargahlí", "VAGIF DARGAHLI")])
def test_names_in_azerbaijani_letters_match_their_latin_spelling(a, b):
    assert fusion.norm_name(a) == fusion.norm_name(b)


# --- what a dispute is: two claims of one event disagree ---------------------------------------------------

def test_each_kind_of_dispute_is_named():
    [ev] = fusion.fuse([claim("a1"), claim("b1", claimant="South Ministry", side="armenian", stance="denied")])
    assert ev["dispute_kinds"] == ["occurrence"]
    [ev] = fusion.fuse([claim("a1", actor=ARM), claim("b1", claimant="West Ministry", side="armenian", actor=AZE)])
    assert ev["dispute_kinds"] == ["perpetrator"]
    [ev] = fusion.fuse([claim("a1", fatalities=2), claim("b1", claimant="Observers", side="international",
                                                         fatalities=5, actor=None)])
    assert ev["dispute_kinds"] == ["toll"] and ev["corroborated"]


def test_a_claimant_raising_its_own_toll_is_no_dispute():
    [ev] = fusion.fuse([claim("a1", fatalities=2), claim("b1", fatalities=4)])      # North Ministry both times
    assert not ev["disputed"] and (ev["fatalities_low"], ev["fatalities_high"]) == (2, 4)


def test_a_denial_of_the_enemy_toll_joins_the_claim_it_answers_wherever_each_places_it():
    boast = claim("a1", place="Varosh District", kind=CLASH, claimant="North Ministry", fatalities=550, actor=AZE)
    denial = claim("b1", place="Mirak", kind=CLASH, claimant="South Spokesman", side="armenian", stance="denied",
                   fatalities=550, actor=AZE, evidence="The claim of 550 dead is a lie, the spokesman said.")
    [ev] = fusion.fuse([boast, denial])
    assert ev["dispute_kinds"] == ["toll"] and ev["dispute_reasons"] == [("South Spokesman (armenian) denies the "
                                                                         "toll of 550")]
    assert ev["location"]["name"] == "Varosh District" and ev["fatalities_best"] == 550   # the claim places it


def test_a_denial_of_a_tally_joins_that_tally_and_tallies_stay_apart():
    tally = dict(claim("a1", kind=CLASH, fatalities=550, actor=AZE), tally=True)
    other = dict(claim("c1", kind=CLASH, claimant="Other Ministry", fatalities=550, actor=AZE), tally=True)
    denial = claim("b1", place="Mirak", kind=CLASH, claimant="South Spokesman", side="armenian", stance="denied",
                   fatalities=550)
    events = fusion.fuse([tally, other, denial])
    assert sorted(len(e["claims"]) for e in events) == [1, 2]
    joined = next(e for e in events if len(e["claims"]) == 2)
    assert joined["tally"] and joined["dispute_kinds"] == ["toll"]


def test_a_lone_denial_disputes_nothing_and_marks_nothing_else():
    denial = claim("b1", place="Mirak", claimant="South Spokesman", side="armenian", stance="denied",
                   fatalities=550)
    shelling = claim("a1", place="Varosh", fatalities=2)      # the same day, another place, another toll
    events = fusion.fuse([denial, shelling])
    assert len(events) == 2 and not any(e["disputed"] for e in events)


def test_claim_standing_backs_and_contradicts():
    [ev] = fusion.fuse([claim("a1", actor=ARM), claim("b1", claimant="Observers", side="international", actor=None),
                        claim("c1", claimant="South Ministry", side="armenian", stance="denied")])
    stood = dict(zip((c["record_id"] for c in ev["claims"]), standing.standing(ev["claims"]), strict=True))
    assert stood["a1#0"] == ({"Observers"}, {"South Ministry"})
    assert stood["c1#0"] == (set(), {"North Ministry", "Observers"})


# --- blocking: the candidates are every compatible pair ------------------------------------------------------

def _random_claims(rng: random.Random, n: int) -> list[dict]:
    """Claims around a few spots, near the antimeridian and far north too, a few km to a few cells apart."""
    spots = [(40.1, 46.5), (40.3, 46.9), (64.9, 179.95), (65.0, -179.97), (-33.9, 18.4), (79.0, 10.0)]
    kinds = [SHELLING, DRONE, CLASH, CAPTURE, AGREEMENT]
    out = []
    for i in range(n):
        lat, lon = rng.choice(spots)
        lat += rng.uniform(-0.4, 0.4)
        lon = (lon + rng.uniform(-0.6, 0.6) + 180) % 360 - 180
        name = rng.choice(["Varosh", "Kelta", "Dobrin", "Mirak", "Lodz-on-Vey"]) + str(rng.randrange(3))
        out.append({"article_id": f"a{i // 3}", "record_id": f"r{i}", "date": f"2020-10-{rng.randrange(10, 13)}",
                    "time_precision": rng.choice([1, 1, 2, 3]), "event_type": (k := rng.choice(kinds))[0],
                    "sub_event_type": k[1], "claimant": rng.choice(["A", "B", "C"]),
                    "claimant_side": rng.choice(["armenian", "azerbaijani", "international"]),
                    "stance": rng.choice(["asserted"] * 4 + ["denied"]), "actor1": rng.choice([ARM, AZE, None]),
                    "fatalities": rng.choice([None, 2, 5]), "tally": rng.random() < 0.05,
                    "location": {"name": name, "lat": round(lat, 4), "lon": round(lon, 4),
                                 "geo_precision": rng.choice([1, 1, 3])}})
    return out


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_blocked_candidates_are_every_compatible_pair(seed):
    claims = fusion.claims_of(_random_claims(random.Random(seed), 120))
    every = {(i, j) for i in range(len(claims)) for j in range(i + 1, len(claims))
             if fusion.compatible(claims[i], claims[j])}
    assert {(i, j) for _, i, j in fusion._candidate_pairs(claims)} == every


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_fusing_what_new_claims_reach_gives_what_fusing_everything_gives(seed):
    recs = _random_claims(random.Random(seed), 150)
    old, new = recs[:120], recs[120:]
    groups = lambda events: {frozenset(c["record_id"] for c in e["claims"]) for e in events}
    everything = groups(fusion.fuse(recs))
    reach = fusion.linked(recs, {r["record_id"] for r in new})
    untouched = [e for e in fusion.fuse(old) if not {c["record_id"] for c in e["claims"]} & reach]
    again = fusion.fuse([r for r in recs if r["record_id"] in reach])
    assert groups(untouched) | groups(again) == everything
