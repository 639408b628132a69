"""Scoring: hand-checked numbers on small invented files, and parity with ../shared/tools/evaluate.py."""
from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from polemos import scoring
from polemos.scoring import event_cost, render, score

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
EVALUATE = SHARED / "tools" / "evaluate.py"


def needs_shared(test):
    """Parity tests run evaluate.py itself: skipped where ../shared is absent."""
    return pytest.mark.shared(pytest.mark.skipif(not EVALUATE.exists(), reason="needs ../shared")(test))


def write(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def ev(lat, lon, date, sub, **kw) -> dict:
    return {"location": {"lat": lat, "lon": lon}, "date": date, "sub_event_type": sub, **kw}


SHELL, CLASH = "Shelling/artillery/missile attack", "Armed clash"


# ---- events

def events_files(tmp_path):
    gold = [{"id": "a1", "outlet": "Daily Frontline", "events": [
                ev(40.0, 47.0, "2020-10-05", SHELL, event_type="Explosions/Remote violence", fatalities=2,
                   claimant="Azerbaijan Defence Ministry", claimant_side="azerbaijani",
                   actor1="Military Forces of Armenia (2018-)", civilian_targeting=False),
                dict(ev(40.5, 46.5, "2020-10-04", CLASH, event_type="Battles", claimant="Daily Frontline",
                        claimant_side="armenian"), location={"lat": 40.5, "lon": 46.5, "geo_uncertain": True}),
                ev(39.0, 45.0, "2020-10-05", SHELL)],
             "claims": [{"type": "ACCUSE", "claimant": "Armenian Ministry of Defense", "claimant_side": "armenian"},
                        {"type": "THREATEN", "claimant": "Hikmet Hajiyev", "claimant_side": "azerbaijani"}]},
            {"id": "a2", "events": [ev(41.0, 45.0, "2020-10-07", SHELL)]}]
    pred = [{"id": "a1", "events": [
                ev(40.01, 47.0, "2020-10-06", SHELL, event_type="Explosions/Remote violence", fatalities=3,
                   claimant="Ministry of Defense of Azerbaijan", claimant_side="azerbaijani", actor1_side="armenian"),
                ev(40.6, 46.5, "2020-10-04", CLASH, event_type="Battles", claimant="the outlet itself",
                   claimant_side="armenian", stance="reported", civilian_targeting=True),
                ev(45.0, 50.0, "2020-10-05", SHELL)],
             "claims": [{"type": "ACCUSE", "claimant": "Armenia MoD", "claimant_side": "armenian"},
                        {"type": "THREATEN", "claimant": "Hikmet Hajiyev", "claimant_side": "armenian"}]},
            {"id": "not-in-gold", "events": [ev(41.0, 45.0, "2020-10-07", SHELL)]}]
    return write(tmp_path / "pred.jsonl", pred), write(tmp_path / "gold.jsonl", gold)


def test_events_hand_checked(tmp_path):
    s = score("events", *events_files(tmp_path))
    assert list(s)[:12] == ["articles", "gold_events", "pred_events", "matched", "event_precision", "event_recall",
                            "event_f1", "claims_gold", "claims_pred", "claim_precision", "claim_recall", "claim_f1"]
    assert (s["articles"], s["gold_events"], s["pred_events"], s["matched"]) == (2, 4, 3, 2)
    assert s["event_precision"] == pytest.approx(2 / 3) and s["event_recall"] == 0.5
    assert s["event_f1"] == pytest.approx(4 / 7)
    assert (s["claims_gold"], s["claims_pred"], s["claim_f1"]) == (2, 2, 0.5)
    acc = {k.removesuffix("_acc_on_matched"): v for k, v in s.items() if k.endswith("_acc_on_matched")}
    assert acc == {"event_type": 1.0, "sub_event_type": 1.0, "claimant": 1.0, "stance": 0.5, "date_exact": 0.5,
                   "fatalities_exact": 0.5, "actor1_side": 1.0, "civilian_targeting": 0.5, "within_5km": 1.0}


def test_events_nothing_matched_has_no_field_accuracies(tmp_path):
    gold = write(tmp_path / "g.jsonl", [{"id": 1, "events": [ev(40.0, 47.0, "2020-10-05", SHELL)]}])
    pred = write(tmp_path / "p.jsonl", [{"id": 1, "events": [ev(40.0, 47.0, None, SHELL)]}])  # gold date needs one
    s = score("events", pred, gold)
    assert s["matched"] == 0 and not any(k.endswith("_acc_on_matched") for k in s)


def test_event_cost_prefers_same_sub_type_and_claimant():
    gold = ev(40.0, 47.0, "2020-10-05", SHELL, claimant="Artsakh Defense Ministry", claimant_side="armenian")
    near_wrong_type = ev(40.0, 47.0, "2020-10-05", CLASH, claimant="NKR MoD", claimant_side="armenian")
    farther_right = ev(40.09, 47.0, "2020-10-04", SHELL, claimant="Nagorno-Karabakh defence ministry",
                       claimant_side="armenian")
    assert event_cost(near_wrong_type, gold) == 50
    assert 9 < event_cost(farther_right, gold) < 11
    assert event_cost(dict(farther_right, claimant_side="azerbaijani"), gold) > 20
    assert event_cost(ev(40.3, 47.0, "2020-10-05", SHELL), gold) is None         # 33 km
    assert event_cost(ev(40.0, 47.0, "2020-10-07", SHELL), gold) is None         # two days
    assert event_cost(ev(40.0, 47.0, "2020-10-07", SHELL), dict(gold, date=None)) == 20   # gold without date


def test_claimant_tokens_and_aliases():
    assert scoring.name_tokens("Ministry of Defence of the Republic of Artsakh") == {"defense", "karabakh"}
    assert scoring.same_claimant({"claimant": "Azerbaijani MoD"}, {"claimant": "Azerbaijan Defense Ministry"})
    assert not scoring.same_claimant({"claimant": "Hikmet Hajiyev"}, {"claimant": "Azerbaijan Defense Ministry"})
    assert scoring.same_claimant({}, {"claimant": "the ministry"})       # both without identifying words


# ---- labels

def test_sides_compare_by_their_key():
    """A state's side named by its institutions is its demonym, as tools/evaluate.py compares sides."""
    army = {"claimant": "Sudanese army", "claimant_side": "sudanese army"}
    assert scoring.same_claimant({"claimant": "Sudan army", "claimant_side": "sudanese"}, army)
    assert not scoring.same_claimant({"claimant": "Sudan army", "claimant_side": "rsf"}, army)
    assert scoring._actor1_side({"actor1_side": "Myanmar junta"}) == "myanmar"


def test_labels_hand_checked(tmp_path):
    gold = write(tmp_path / "g.jsonl", [{"id": i, "label": c, "kind": c.lower()} for i, c in enumerate("AABC")])
    pred = write(tmp_path / "p.jsonl", [{"id": 0, "label": "A"}, {"id": 1, "label": "B"}, {"id": 2, "label": "B"}])
    s = score("labels", pred, gold)
    assert s["n"] == 4 and s["accuracy"] == 0.5
    assert s["per_label_f1"] == pytest.approx({"A": 2 / 3, "B": 2 / 3, "C": 0.0})
    assert s["macro_f1"] == pytest.approx(4 / 9) and s["weighted_f1"] == pytest.approx(0.5)
    assert score("labels", pred, gold, label_field="kind")["accuracy"] == 0.0   # predictions say "A", gold "a"


# ---- geo

def test_geo_hand_checked(tmp_path):
    gold = write(tmp_path / "g.jsonl", [{"id": "d1", "toponyms": [
        {"start": 0, "end": 5, "lat": 10, "lon": 10}, {"start": 10, "end": 15, "lat": 20, "lon": 20},
        {"start": 30, "end": 35}]}, {"id": "d2"}])
    pred = write(tmp_path / "p.jsonl", [{"id": "d1", "toponyms": [
        {"start": 2, "end": 4, "lat": 10, "lon": 10}, {"start": 12, "end": 20},
        {"start": 30, "end": 33, "lat": 1, "lon": 1}, {"start": 40, "end": 45, "lat": 1, "lon": 1}]}])
    s = score("geo", pred, gold)
    assert (s["gold_toponyms"], s["pred_toponyms"], s["resolved"]) == (3, 4, 2)
    assert (s["recognition_precision"], s["recognition_recall"]) == (0.75, 1.0)
    assert s["recognition_f1"] == pytest.approx(6 / 7)
    assert (s["acc_at_161km"], s["mean_error_km"], s["median_error_km"]) == (0.5, 20039.0 / 2, 20039.0)
    assert s["auc"] == pytest.approx(0.5)


# ---- attribution

def span(s, e):
    return {"start": s, "end": e}


def test_attribution_hand_checked(tmp_path):
    gold = write(tmp_path / "g.jsonl", [{"id": "x", "attributions": [
        {"content": [span(100, 200)], "source": [span(90, 99)], "cue": [span(85, 89)]},
        {"content": span(300, 400), "source": None, "cue": [span(295, 299)]},
        {"source": [span(0, 3)]}]}])
    pred = write(tmp_path / "p.jsonl", [{"id": "x", "attributions": [
        {"content": [span(150, 260)], "source": [span(95, 98)], "cue": [span(0, 5)]},      # half of gold's content
        {"content": [span(300, 340), span(360, 400)], "cue": span(296, 297)},
        {"content": [span(500, 600)]}]}])
    s = score("attribution", pred, gold)
    assert (s["documents"], s["gold_attributions"], s["pred_attributions"]) == (1, 2, 3)
    assert s["content_precision"] == pytest.approx(2 / 3) and s["content_recall"] == 1.0
    assert s["content_f1"] == pytest.approx(0.8)
    assert (s["source_acc_on_matched"], s["cue_acc_on_matched"]) == (1.0, 0.5)
    assert s["source_and_content_f1"] == pytest.approx(0.8)


# ---- fusion

X, Y = (40.0, 47.0), (39.5, 46.0)


def fusion_files(tmp_path, groups):
    gold = write(tmp_path / "g.jsonl", [
        {"id": "a1", "events": [ev(*X, "2020-10-05", SHELL), ev(*Y, "2020-10-05", SHELL)]},
        {"id": "a2", "events": [ev(*X, "2020-10-05", SHELL), ev(*Y, "2020-10-09", SHELL)]}])
    clusters = write(tmp_path / "c.jsonl", [
        {"article_id": "a1", "event_index": 0, "cluster": "c1"},
        {"article_id": "a1", "event_index": 1, "cluster": "c2"},
        {"article_id": "a2", "event_index": 0, "cluster": "c1"},
        {"article_id": "a2", "event_index": 1, "cluster": None}])
    claim = {"a1X": ("a1", X), "a2X": ("a2", X), "a1Y": ("a1", Y)}
    fused = [{"event_id": f"F{n}", "claims": [dict(ev(*claim[c][1], "2020-10-05", SHELL), article_id=claim[c][0])
                                              for c in group]} for n, group in enumerate(groups)]
    return write(tmp_path / "f.jsonl", fused), gold, clusters


def test_fusion_right_grouping(tmp_path):
    pred, gold, clusters = fusion_files(tmp_path, [["a1X", "a2X"], ["a1Y"]])
    s = score("fusion", pred, gold, clusters=clusters)
    assert s == {"gold_records": 4, "matched_records": 3, "record_recall": 0.75, "gold_clusters_among_matched": 2,
                 "pred_events_among_matched": 2, "gold_same_event_pairs": 1, "of_which_cross_article": 1,
                 "pair_precision": 1.0, "pair_recall": 1.0, "pair_f1": 1.0}


def test_fusion_wrong_grouping(tmp_path):
    pred, gold, clusters = fusion_files(tmp_path, [["a1X"], ["a2X", "a1Y"]])
    s = score("fusion", pred, gold, clusters=clusters)
    assert (s["gold_same_event_pairs"], s["of_which_cross_article"]) == (1, 1)
    assert (s["pair_precision"], s["pair_recall"], s["pair_f1"]) == (0.0, 0.0, 0.0)


# ---- output and errors

def test_render_layout():
    text = render({"n": 3, "accuracy": 0.5, "per_label_f1": {"b": 1.0, "a": 0.25}, "name": "x"})
    assert text.splitlines() == ["n".ljust(48) + " 3", "accuracy".ljust(48) + " 0.500",
                                 "  per_label_f1[a]".ljust(48) + " 0.250", "  per_label_f1[b]".ljust(48) + " 1.000",
                                 "name".ljust(48) + " x"]


@pytest.mark.parametrize("line, message", [
    ("{not json", "g.jsonl:2: not JSON"),
    ('{"events": []}', "g.jsonl:2: record has no 'id'"),
    ('["id"]', "g.jsonl:2: not a JSON object but list"),
    ('{"id": 2, "events": {"a": 1}}', "g.jsonl:2: 'events' must be a list of objects"),
    ('{"id": 2, "claims": [{"claimant": 7}]}', "g.jsonl:2: claims[0]: 'claimant' must be a string or null"),
    ('{"id": 2, "outlet": ["x"]}', "g.jsonl:2: 'outlet' must be a string or null"),
    ('{"id": 2, "events": [{"location": {"lat": NaN, "lon": 1}}]}', "g.jsonl:2: events[0]: location: lat/lon"),
])
def test_bad_events_file_names_file_and_line(tmp_path, line, message):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": 1}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        score("events", str(gold), str(gold))


@pytest.mark.parametrize("task, bad_file, line, message", [
    ("labels", "gold", '{"id": 1}', r"bad.jsonl:1: no 'label' field"),
    ("geo", "pred", '{"id": 1, "toponyms": [{"start": "3", "end": 5}]}', r"toponyms\[0\]: 'start' must be a number"),
    ("attribution", "gold", '{"id": 1, "attributions": [{"content": {"start": "x", "end": 4}}]}',
     r"attributions\[0\]: content: 'start' must be an integer"),
    ("fusion", "pred", '{"event_id": 1, "claims": [{"claimant": 3}]}', r"bad.jsonl:1: claims\[0\]: 'claimant'"),
    ("fusion", "clusters", '{"event_index": 0, "cluster": "c"}', r"bad.jsonl:1: no 'article_id' field"),
    ("fusion", "clusters", '{"article_id": 1, "event_index": "first", "cluster": "c"}', "'event_index' must be"),
])
def test_bad_inputs_of_other_tasks(tmp_path, task, bad_file, line, message):
    files = {"pred": write(tmp_path / "ok.jsonl", [{"id": 1, "label": "A"}])}
    files["gold"] = files["clusters"] = files["pred"]
    files[bad_file] = str(tmp_path / "bad.jsonl")
    Path(files[bad_file]).write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        score(task, files["pred"], files["gold"], clusters=files["clusters"])


def test_unreadable_inputs_and_bad_arguments(tmp_path):
    good = write(tmp_path / "ok.jsonl", [{"id": 1, "label": "A"}])
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": 1}\n\n{"id": "\xff"}\n')
    with pytest.raises(ValueError, match="bad.jsonl:3: not UTF-8"):
        score("geo", str(bad), good)
    with pytest.raises(ValueError, match="missing.jsonl: cannot read"):
        score("labels", str(tmp_path / "missing.jsonl"), good)
    with pytest.raises(ValueError, match="unknown task"):
        score("event", good, good)
    with pytest.raises(ValueError, match="fusion task needs"):
        score("fusion", good, good)
    bad.write_text('{"id": 1, "label": "A"}\n{"id": 2, "label": 3}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="labels mix kinds"):
        score("labels", good, str(bad))


# ---- parity with ../shared/tools/evaluate.py

def evaluate(task, pred, gold, *extra, as_json=True):
    cmd = [sys.executable, str(EVALUATE), task, str(pred), str(gold), *extra] + (["--json"] if as_json else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out) if as_json else out


def ours(task, pred, gold, **kw):
    """Our scores as they come out of --json (label keys become strings)."""
    return json.loads(json.dumps(score(task, str(pred), str(gold), **kw), ensure_ascii=False))


def read(path: Path) -> list[dict]:
    # not splitlines: texts hold U+2028
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def moved(loc: dict, dlat: float) -> dict:
    return dict(loc, lat=loc["lat"] + dlat) if "lat" in loc else loc


def perturb_article(a: dict, rnd: random.Random) -> dict:
    """Drop, move, re-date, re-type and re-attribute some events and claims; add a stray event."""
    a = copy.deepcopy(a)
    events = []
    for e in a.get("events") or []:
        r = rnd.random()
        if r < 0.15:
            continue
        if r < 0.3:
            e["location"] = moved(e.get("location") or {}, rnd.choice([0.03, 0.1, 0.5]))
        elif r < 0.4 and e.get("date"):
            e["date"] = e["date"][:9] + str((int(e["date"][9]) + rnd.choice([1, 3])) % 10)
        elif r < 0.5:
            e["sub_event_type"] = "Armed clash"
        elif r < 0.6:
            e["claimant"] = rnd.choice(["the outlet itself", a.get("outlet") or "x", "Armenia MoD", None])
        elif r < 0.7:
            e.update(stance="denied", fatalities=7, actor1="Syrian mercenaries", civilian_targeting=True)
        events.append(e)
    if events:
        events.append(dict(events[0], sub_event_type="Other"))
    a["events"] = events
    claims = [c for c in a.get("claims") or [] if rnd.random() > 0.2]
    for c in claims[::3]:
        c["type"] = "REJECT"
    a["claims"] = claims
    return a


@needs_shared
def test_parity_events(tmp_path):
    gold_path = SHARED / "data" / "dev" / "gold.jsonl"
    assert ours("events", gold_path, gold_path) == evaluate("events", gold_path, gold_path)
    rnd = random.Random(7)
    gold = read(gold_path)
    pred = write(tmp_path / "pred.jsonl", [perturb_article(a, rnd) for a in gold[1:]])
    theirs = evaluate("events", pred, gold_path)
    assert ours("events", pred, gold_path) == theirs
    assert 0 < theirs["event_f1"] < 1 and 0 < theirs["claim_f1"] < 1
    assert render(score("events", pred, str(gold_path))) + "\n" == evaluate("events", pred, gold_path, as_json=False)


@needs_shared
def test_parity_labels(tmp_path):
    gold_path = SHARED / "data" / "bench" / "case2021_task2" / "dev.jsonl"
    gold = read(gold_path)
    labels = sorted({g["label"] for g in gold}) + ["Not a label"]
    rnd = random.Random(3)
    pred = write(tmp_path / "pred.jsonl", [{"id": g["id"], "label": g["label"] if rnd.random() < 0.6
                                            else rnd.choice(labels)} for g in gold if rnd.random() < 0.9])
    assert ours("labels", pred, gold_path) == evaluate("labels", pred, gold_path)
    kw = {"label_field": "event_type"}
    assert ours("labels", pred, gold_path, **kw) == evaluate("labels", pred, gold_path, "--label-field", "event_type")
    assert render(score("labels", pred, str(gold_path))) + "\n" == evaluate("labels", pred, gold_path, as_json=False)


@needs_shared
def test_parity_geo(tmp_path):
    gold_path = SHARED / "data" / "bench" / "geoparsing" / "lgl_dev.jsonl"
    rnd = random.Random(5)
    pred = []
    for doc in read(gold_path)[:300]:
        tops = []
        for t in doc.get("toponyms") or []:
            r = rnd.random()
            if r < 0.15:
                continue
            t = {k: t[k] for k in ("start", "end", "lat", "lon") if k in t}
            if r < 0.3:
                t["start"], t["end"] = t["start"] + 2, t["end"] + 4
            elif r < 0.45 and t.get("lat") is not None:
                t["lat"] += rnd.choice([0.5, 3.0, 40.0])
            elif r < 0.55:
                t.pop("lat", None)
            tops.append(t)
        tops.append({"start": 10**6, "end": 10**6 + 3, "lat": 0, "lon": 0})
        pred.append({"id": doc["id"], "toponyms": tops})
    pred = write(tmp_path / "pred.jsonl", pred)
    theirs = evaluate("geo", pred, gold_path)
    assert ours("geo", pred, gold_path) == theirs and 0 < theirs["acc_at_161km"] < 1


@needs_shared
def test_parity_attribution(tmp_path):
    gold_path = SHARED / "data" / "bench" / "attribution" / "polnear_dev.jsonl"
    rnd = random.Random(11)
    pred = []
    for doc in read(gold_path)[::2]:        # every other document: the rest count as predicted empty
        atts = []
        for a in doc.get("attributions") or []:
            a, r = copy.deepcopy(a), rnd.random()
            if r < 0.15:
                continue
            if r < 0.35 and a.get("content"):
                first = a["content"][0] if isinstance(a["content"], list) else a["content"]
                width = first["end"] - first["start"]
                first["start"] += int(width * rnd.choice([0.3, 0.6]))
            elif r < 0.5:
                a["source"] = None
            elif r < 0.6:
                a["cue"] = [{"start": 0, "end": 1}]
            atts.append(a)
        pred.append({"id": doc["id"], "attributions": atts})
    pred = write(tmp_path / "pred.jsonl", pred)
    theirs = evaluate("attribution", pred, gold_path)
    assert ours("attribution", pred, gold_path) == theirs and 0 < theirs["content_f1"] < 1


@needs_shared
def test_parity_fusion(tmp_path):
    gold_path, clusters_path = SHARED / "data" / "dev" / "gold.jsonl", SHARED / "data" / "dev" / "clusters.jsonl"
    cluster = {(c["article_id"], c["event_index"]): c["cluster"] for c in read(clusters_path)}
    rnd = random.Random(2)
    fused: dict[str, list] = {}
    for a in read(gold_path):
        for i, e in enumerate(a.get("events") or []):
            r = rnd.random()
            if r < 0.1:
                continue
            claim = dict({k: e.get(k) for k in ("date", "location", "sub_event_type", "claimant", "claimant_side",
                                                "stance")}, article_id=a["id"])
            if r < 0.2:
                claim["location"] = moved(claim["location"] or {}, 0.5)
            key = str(cluster.get((a["id"], i)))
            key = key + "-split" if r < 0.3 else "merged" if r < 0.4 else key
            fused.setdefault(key, []).append(claim)
    pred = write(tmp_path / "fused.jsonl", [{"event_id": k, "claims": v} for k, v in fused.items()]
                 + [{"claims": []}, {"id": "empty"}])
    theirs = evaluate("fusion", pred, gold_path, "--clusters", str(clusters_path))
    assert ours("fusion", pred, gold_path, clusters=str(clusters_path)) == theirs
    assert 0 < theirs["pair_f1"] < 1
