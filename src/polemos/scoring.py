"""Scoring: `polemos eval`, the numbers of ../shared/tools/evaluate.py for its five tasks, re-implemented.

events (articles: events + claims), labels (one label per id), geo (toponym spans with coordinates),
attribution (source / cue / content spans) and fusion (one event from many reports). PRED and GOLD are JSONL
files keyed by "id"; a gold id with no prediction counts as a prediction with nothing in it.

The metric is fixed by the shared scorer: its distances live here, its word lists (claimant stop words, aliases,
actor sides) in data/scoring.toml, a file no extraction rule reads, so that tuning extraction cannot make these
numbers drift from the shared scorer's.
A malformed input is an InputError (a ValueError) naming file:line, never a traceback from deep inside a metric.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterator

from polemos import resources
from polemos.errors import Errors, InputError

TASKS = ("events", "labels", "geo", "attribution", "fusion")
MATCH_KM = 25.0         # an event's place must be within this distance to match
ACC_KM = 161.0          # geocoding accuracy radius used in the literature (100 miles)
NEAR_KM = 5             # "within_5km" on matched events
WORLD_KM = 20039.0      # half the Earth's circumference: the error of a resolved toponym predicted without coordinates
OWN_VOICE = "the outlet itself"

_WORDS = resources.toml("scoring.toml")     # the metric's word lists (data/scoring.toml)
STOP = frozenset(_WORDS["stop"])
ALIAS: dict[str, str] = dict(_WORDS["alias"])
ACTOR_SIDES = tuple((part, side) for part, side in _WORDS["actor_sides"])
EVENT_FIELDS = ("event_type", "sub_event_type", "claimant", "stance", "date_exact", "fatalities_exact",
                "actor1_side", "civilian_targeting")


# ---- public API

def score(task: str, pred_path: str, gold_path: str, clusters: str | None = None, label_field: str = "label") -> dict:
    """The scores of one task, keys in evaluate.py's order. Raises ValueError on a bad task or input file."""
    if task not in TASKS:
        raise InputError(Errors.E301.format(task=task, tasks=", ".join(TASKS)))
    if task == "fusion":
        if not clusters:
            raise InputError(Errors.E302)
        return score_fusion(_load_fused(pred_path), _load(gold_path, _check_article), _load_clusters(clusters))
    if task == "labels":
        return score_labels(_load(pred_path), _load_labels(gold_path, label_field), label_field)
    check = {"events": _check_article, "geo": _check_geo, "attribution": _check_attribution}[task]
    metric = {"events": score_events, "geo": score_geo, "attribution": score_attribution}[task]
    return metric(_load(pred_path, check), _load(gold_path, check))


def render(scores: dict) -> str:
    """The scores as evaluate.py prints them: one `key value` line each, floats to 3 places."""
    lines = []
    for k, v in scores.items():
        if isinstance(v, dict):
            lines += [f"  {k}[{kk}]".ljust(48) + f" {vv:.3f}" for kk, vv in sorted(v.items())]
        else:
            lines.append(k.ljust(48) + " " + (f"{v:.3f}" if isinstance(v, float) else str(v)))
    return "\n".join(lines)


# ---- reading and checking input files

def _lines(path: str) -> Iterator[tuple[int, dict]]:
    """(line number, JSON object) for each non-blank line of a JSONL file."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(Errors.E303.format(path=path, error=e.strerror or e)) from None
    for n, raw in enumerate(data.splitlines(), 1):     # \n, \r\n and \r, as text-mode reading splits them
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(Errors.E304.format(origin=f"{path}:{n}", offset=e.start)) from None
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(Errors.E305.format(origin=f"{path}:{n}", error=e)) from None
        if not isinstance(obj, dict):
            raise InputError(Errors.E306.format(origin=f"{path}:{n}", kind=type(obj).__name__))
        yield n, obj


def _load(path: str, check: Callable[[dict, str], None] | None = None) -> dict[str, dict]:
    """Records keyed by str(id), a later line with the same id replacing an earlier one."""
    rows = {}
    for n, obj in _lines(path):
        if "id" not in obj:
            raise InputError(Errors.E307.format(origin=f"{path}:{n}"))
        if check:
            check(obj, f"{path}:{n}")
        rows[str(obj["id"])] = obj
    return rows


def _load_labels(path: str, field: str) -> dict[str, dict]:
    """Gold records of the labels task: each must hold `field`, all labels of one sortable kind."""
    def check(rec: dict, origin: str) -> None:
        if field not in rec:
            raise InputError(Errors.E308.format(origin=origin, field=field))
        if isinstance(rec[field], (list, dict)):
            raise InputError(Errors.E309.format(origin=origin, field=field, kind=type(rec[field]).__name__))
    gold = _load(path, check)
    try:
        sorted({g[field] for g in gold.values()})
    except TypeError:
        kinds = sorted({type(g[field]).__name__ for g in gold.values()})
        raise InputError(Errors.E310.format(path=path, field=field, kinds=", ".join(kinds))) from None
    return gold


def _load_fused(path: str) -> dict[str, dict]:
    """Fused events keyed by event_id, else id, else line number; their claims checked."""
    out = {}
    for n, ev in _lines(path):
        for i, c in enumerate(_objects(ev, "claims", f"{path}:{n}")):
            _check_report(c, f"{path}:{n}: claims[{i}]")
        out[str(ev.get("event_id", ev.get("id", n)))] = ev
    return out


def _load_clusters(path: str) -> dict[tuple[str, int], object]:
    """(article id, event index) -> gold cluster."""
    out = {}
    for n, r in _lines(path):
        for key in ("article_id", "event_index", "cluster"):
            if key not in r:
                raise InputError(Errors.E308.format(origin=f"{path}:{n}", field=key))
        try:
            index = int(r["event_index"])
        except (TypeError, ValueError, OverflowError):
            raise InputError(Errors.E311.format(origin=f"{path}:{n}", value=r["event_index"])) from None
        if isinstance(r["cluster"], (list, dict)):
            raise InputError(Errors.E312.format(origin=f"{path}:{n}"))
        out[(str(r["article_id"]), index)] = r["cluster"]
    return out


def _objects(rec: dict, key: str, origin: str) -> list[dict]:
    """A field holding a list of objects; missing or null is empty."""
    v = rec.get(key)
    if v is None:
        return []
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        raise InputError(Errors.E313.format(origin=origin, key=key))
    return v


def _check_text(rec: dict, key: str, origin: str) -> None:
    """Names (claimant, actor, outlet) are read as words: a string or null."""
    v = rec.get(key)
    if v is not None and not isinstance(v, str):
        raise InputError(Errors.E314.format(origin=origin, key=key, kind=type(v).__name__))


def _check_point(loc, origin: str) -> None:
    """Coordinates, where readable, must be finite: NaN and infinity break distances."""
    try:
        p = _point(loc)
    except OverflowError:
        p = (math.inf, 0.0)
    if p is not None and not all(map(math.isfinite, p)):
        raise InputError(Errors.E315.format(origin=origin))


def _check_report(e: dict, origin: str) -> None:
    """An event or claim record: names as text, a usable or absent place."""
    for key in ("claimant", "actor1"):
        _check_text(e, key, origin)
    _check_point(e.get("location") or {}, f"{origin}: location")


def _check_article(rec: dict, origin: str) -> None:
    """A record of the events task (pred or gold): outlet, events, claims."""
    _check_text(rec, "outlet", origin)
    for key in ("events", "claims"):
        for i, e in enumerate(_objects(rec, key, origin)):
            _check_report(e, f"{origin}: {key}[{i}]")


def _check_geo(rec: dict, origin: str) -> None:
    """A record of the geo task: toponyms with numeric start/end."""
    for i, t in enumerate(_objects(rec, "toponyms", origin)):
        for key in ("start", "end"):
            v = t.get(key)
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise InputError(Errors.E316.format(origin=origin, index=i, key=key, value=v))
        _check_point(t, f"{origin}: toponyms[{i}]")


def _check_attribution(rec: dict, origin: str) -> None:
    """A record of the attribution task: content/source/cue as {start,end} or lists of them."""
    for i, a in enumerate(_objects(rec, "attributions", origin)):
        for key in ("content", "source", "cue"):
            _check_spans(a.get(key), f"{origin}: attributions[{i}]: {key}")


def _check_spans(x, origin: str) -> None:
    """A span field: empty, {start,end} or a list of them, offsets integers."""
    for f in ([] if not x else x if isinstance(x, list) else [x]):
        if not isinstance(f, dict):
            raise InputError(Errors.E317.format(origin=origin, kind=type(f).__name__))
        for key in ("start", "end"):
            try:
                int(f.get(key, 0))
            except (TypeError, ValueError, OverflowError):
                raise InputError(Errors.E318.format(origin=origin, key=key, value=f[key])) from None


# ---- shared pieces

def _point(loc) -> tuple[float, float] | None:
    """(lat, lon) of a place or toponym; None when it has no readable coordinates."""
    try:
        return float(loc["lat"]), float(loc["lon"])
    except (TypeError, KeyError, ValueError):
        return None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine, as evaluate.py computes it)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    # h < 0 only by rounding with latitudes beyond +-90; evaluate.py fails there
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(max(0.0, h))))


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1; 0.0 where undefined."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _greedy(preds: list, golds: list, cost: Callable) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs, cheapest first, ties by list order; cost None forbids a pair."""
    pairs = sorted((c, i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)
                   if (c := cost(p, g)) is not None)
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _matched(preds: list, golds: list, cost: Callable) -> list[tuple[dict, dict]]:
    """The (pred, gold) records paired by _greedy."""
    return [(preds[i], golds[j]) for i, j in _greedy(preds, golds, cost)]


# ---- events

def name_tokens(name: str | None) -> set[str]:
    """The words that identify a claimant: lower-case letters only, stop words out, aliases folded."""
    return {ALIAS.get(w, w) for w in re.findall(r"[a-z]+", (name or "").lower()) if w not in STOP}


_STATE_WORDS = re.compile(r"\s+(government|army|armed forces|forces|military|junta|state|authorities)$")


def side_key(side: str | None) -> str:
    """A side as the metric compares it: lower case, a state named by its institutions is its demonym
    ("sudanese army", "ethiopian government" -> "sudanese", "ethiopian")."""
    return _STATE_WORDS.sub("", (side or "").strip().lower())


def same_claimant(p: dict, g: dict) -> bool:
    """Same claimant_side (by its key) and at least half of the shorter name's words shared."""
    if side_key(p.get("claimant_side")) != side_key(g.get("claimant_side")):
        return False
    a, b = name_tokens(p.get("claimant")), name_tokens(g.get("claimant"))
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) >= 0.5


def _own_voice(rec: dict, outlet_words: set[str]) -> dict:
    """A claimant naming the article's outlet is the outlet's own voice: rewritten to OWN_VOICE."""
    c = rec.get("claimant") or ""
    t = name_tokens(c)
    if c.lower().startswith(OWN_VOICE) or (t and outlet_words and t <= outlet_words):
        return dict(rec, claimant=OWN_VOICE)
    return rec


def _reports(rec: dict, key: str, outlet_words: set[str]) -> list[dict]:
    """The events or claims of an article record, claimants in the outlet's own voice normalised."""
    return [_own_voice(e, outlet_words) for e in rec.get(key) or []]


def _day(s) -> int:
    """Day number of an ISO date (its first 10 characters)."""
    return dt.date.fromisoformat(str(s)[:10]).toordinal()


def _within_a_day(p_date, g_date) -> bool:
    """A gold date needs a predicted date at most one day off; a gold event without a date takes any."""
    if not g_date:
        return True
    if not p_date:
        return False
    try:
        return abs(_day(p_date) - _day(g_date)) <= 1
    except ValueError:
        return False


def event_cost(p: dict, g: dict) -> float | None:
    """None if predicted event p cannot be gold event g (place over 25 km, date over a day); else km + penalties."""
    gp, pp = _point(g.get("location") or {}), _point(p.get("location") or {})
    if gp is None or pp is None:
        return None
    d = _km(pp, gp)
    if d > MATCH_KM or not _within_a_day(p.get("date"), g.get("date")):
        return None
    return d + (0 if p.get("sub_event_type") == g.get("sub_event_type") else 50) + \
        (0 if same_claimant(p, g) else 20)


def _claim_cost(p: dict, g: dict) -> int | None:
    """Claims pair only on the same PLOVER type and claimant."""
    return 0 if p.get("type") == g.get("type") and same_claimant(p, g) else None


def _actor1_side(e: dict):
    """actor1_side if given, else the side named in actor1."""
    if e.get("actor1_side"):
        return side_key(e["actor1_side"])
    actor = (e.get("actor1") or "").lower()
    return side_key(next((side for part, side in ACTOR_SIDES if part in actor), ""))


def _agreement(p: dict, g: dict) -> dict[str, bool]:
    """Which scored fields of a matched (pred, gold) event pair agree."""
    return {"event_type": p.get("event_type") == g.get("event_type"),
            "sub_event_type": p.get("sub_event_type") == g.get("sub_event_type"),
            "claimant": same_claimant(p, g),
            "stance": (p.get("stance") or "asserted") == (g.get("stance") or "asserted"),
            "date_exact": str(p.get("date"))[:10] == str(g.get("date"))[:10],
            "fatalities_exact": p.get("fatalities") == g.get("fatalities"),
            "actor1_side": _actor1_side(p) == _actor1_side(g),
            "civilian_targeting": bool(p.get("civilian_targeting")) == bool(g.get("civilian_targeting"))}


def score_events(pred: dict[str, dict], gold: dict[str, dict]) -> dict:
    """Event detection P/R/F1, claim P/R/F1, and field accuracies on matched events."""
    n_pred = n_gold = claims_tp = claims_pred = claims_gold = 0
    matched = []
    for gid, g in gold.items():
        p = pred.get(gid, {})
        words = name_tokens(g.get("outlet"))
        pe, ge = _reports(p, "events", words), _reports(g, "events", words)
        pc, gc = _reports(p, "claims", words), _reports(g, "claims", words)
        n_pred, n_gold = n_pred + len(pe), n_gold + len(ge)
        claims_pred, claims_gold = claims_pred + len(pc), claims_gold + len(gc)
        matched += _matched(pe, ge, event_cost)
        claims_tp += len(_greedy(pc, gc, _claim_cost))
    tp = len(matched)
    P, R, F = _prf(tp, n_pred, n_gold)
    cP, cR, cF = _prf(claims_tp, claims_pred, claims_gold)
    scores = {"articles": len(gold), "gold_events": n_gold, "pred_events": n_pred, "matched": tp,
              "event_precision": P, "event_recall": R, "event_f1": F,
              "claims_gold": claims_gold, "claims_pred": claims_pred,
              "claim_precision": cP, "claim_recall": cR, "claim_f1": cF}
    return scores | _field_accuracy(matched)


def _field_accuracy(matched: list[tuple[dict, dict]]) -> dict[str, float]:
    """{field}_acc_on_matched; within_5km only over gold places not marked geo_uncertain. Empty if none matched."""
    out = {}
    if matched:
        hits = [_agreement(p, g) for p, g in matched]
        out = {f"{k}_acc_on_matched": sum(h[k] for h in hits) / len(matched) for k in EVENT_FIELDS}
    certain = [(p, g) for p, g in matched if not g["location"].get("geo_uncertain")]
    if certain:
        near = sum(_km(_point(p["location"]), _point(g["location"])) <= NEAR_KM for p, g in certain)
        out["within_5km_acc_on_matched"] = near / len(certain)
    return out


# ---- labels

def score_labels(pred: dict[str, dict], gold: dict[str, dict], field: str = "label") -> dict:
    """Accuracy, macro and support-weighted F1 over the gold labels, and F1 per label."""
    y_true = [g[field] for g in gold.values()]
    y_pred = [pred.get(gid, {}).get("label") for gid in gold]
    support = Counter(y_true)
    per = {}
    for lab in sorted(set(y_true)):
        tp = sum(t == lab and p == lab for t, p in zip(y_true, y_pred))
        per[lab] = _prf(tp, sum(p == lab for p in y_pred), support[lab])[2]
    n = len(y_true)
    return {"n": n, "accuracy": sum(t == p for t, p in zip(y_true, y_pred)) / n if n else 0.0,
            "macro_f1": sum(per.values()) / len(per) if per else 0.0,
            "weighted_f1": sum(per[lab] * support[lab] for lab in per) / n if n else 0.0,
            "per_label_f1": per}


# ---- geo

def _span_cost(p: dict, g: dict) -> int | None:
    """Toponyms pair when their character spans overlap at all."""
    return 0 if p["start"] < g["end"] and g["start"] < p["end"] else None


def score_geo(pred: dict[str, dict], gold: dict[str, dict]) -> dict:
    """Toponym recognition P/R/F1; on matched gold toponyms with coordinates, the distance errors."""
    tp = n_pred = n_gold = 0
    errors = []
    for gid, g in gold.items():
        gt = g.get("toponyms") or []
        pt = pred.get(gid, {}).get("toponyms") or []
        n_gold, n_pred = n_gold + len(gt), n_pred + len(pt)
        for p, t in _matched(pt, gt, _span_cost):
            tp += 1
            pp, tt = _point(p), _point(t)
            if tt is not None:
                errors.append(_km(pp, tt) if pp is not None else WORLD_KM)
    P, R, F = _prf(tp, n_pred, n_gold)
    return {"gold_toponyms": n_gold, "pred_toponyms": n_pred, "recognition_precision": P,
            "recognition_recall": R, "recognition_f1": F} | _error_stats(sorted(errors))


def _error_stats(errors: list[float]) -> dict:
    """Accuracy at 161 km, mean and median error, and the AUC of log errors (0 best, 1 worst), from sorted errors."""
    n = len(errors)
    auc = sum(math.log(e + 1) for e in errors) / (n * math.log(WORLD_KM + 1)) if n else 1.0
    return {"resolved": n, "acc_at_161km": sum(e <= ACC_KM for e in errors) / n if n else 0.0,
            "mean_error_km": sum(errors) / n if n else 0.0,
            "median_error_km": errors[n // 2] if n else 0.0, "auc": auc}


# ---- attribution

def _spans(x) -> list[tuple[int, int]]:
    """A span field as (start, end) pairs: {start,end} or a list of them; items without both are skipped."""
    if not x:
        return []
    return [(int(f["start"]), int(f["end"])) for f in (x if isinstance(x, list) else [x])
            if "start" in f and "end" in f]


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    """Characters shared by two span lists, over the shorter total length."""
    inter = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    la, lb = sum(e - s for s, e in a), sum(e - s for s, e in b)
    return inter / min(la, lb) if la and lb else 0.0


def _content_cost(p: list[tuple[int, int]], g: list[tuple[int, int]]) -> float | None:
    """Attribution contents pair when they overlap by half or more; more overlap is cheaper."""
    ov = _overlap(p, g)
    return None if ov < 0.5 else 1 - ov


def _with_content(rec: dict) -> tuple[list[dict], list[list[tuple[int, int]]]]:
    """The attributions of a record that have content spans, and those spans."""
    atts = [a for a in rec.get("attributions") or [] if _spans(a.get("content"))]
    return atts, [_spans(a["content"]) for a in atts]


def _same_span(p, g, empty_ok: bool) -> bool:
    """Two span fields overlap at all (or, with empty_ok, are both empty)."""
    a, b = _spans(p), _spans(g)
    return _overlap(a, b) > 0 or (empty_ok and not a and not b)


def score_attribution(pred: dict[str, dict], gold: dict[str, dict]) -> dict:
    """Content-span P/R/F1; on matched attributions, whether the source and the cue overlap gold's."""
    n_pred = n_gold = 0
    matched = []
    for gid, g in gold.items():
        (ga, g_spans), (pa, p_spans) = _with_content(g), _with_content(pred.get(gid, {}))
        n_gold, n_pred = n_gold + len(ga), n_pred + len(pa)
        matched += [(pa[i], ga[j]) for i, j in _greedy(p_spans, g_spans, _content_cost)]
    src_ok = sum(_same_span(p.get("source"), g.get("source"), empty_ok=True) for p, g in matched)
    cue_ok = sum(_same_span(p.get("cue"), g.get("cue"), empty_ok=False) for p, g in matched)
    tp = len(matched)
    P, R, F = _prf(tp, n_pred, n_gold)
    return {"documents": len(gold), "gold_attributions": n_gold, "pred_attributions": n_pred,
            "content_precision": P, "content_recall": R, "content_f1": F,
            "source_acc_on_matched": src_ok / tp if tp else 0.0, "cue_acc_on_matched": cue_ok / tp if tp else 0.0,
            "source_and_content_f1": _prf(src_ok, n_pred, n_gold)[2]}


# ---- fusion

def _claims_by_article(fused: dict[str, dict]) -> dict[str, list[tuple[dict, str]]]:
    """article id -> (claim, fused event id) in file order."""
    out = defaultdict(list)
    for ev in fused.values():
        # as evaluate.py: an event with neither event_id nor id is event "None" (all such events are one)
        event = str(ev.get("event_id", ev.get("id")))
        for c in ev.get("claims") or []:
            out[str(c.get("article_id"))].append((c, event))
    return out


def _pairs(groups: Counter) -> int:
    """Unordered pairs within groups of the given sizes."""
    return sum(k * (k - 1) // 2 for k in groups.values())


def score_fusion(fused: dict[str, dict], gold: dict[str, dict], clusters: dict[tuple[str, int], object]) -> dict:
    """Each fused claim is matched to a gold event of its article as in `events`; then pairs of matched
    records are scored: same gold cluster vs same fused event."""
    by_article = _claims_by_article(fused)
    matched = []            # (gold cluster, fused event id, article id)
    n_gold = 0
    for gid, g in gold.items():
        ge = g.get("events") or []
        n_gold += len(ge)
        claims = by_article.get(gid, [])
        for i, j in _greedy([c for c, _ in claims], ge, event_cost):
            if clusters.get((gid, j)) is not None:
                matched.append((clusters[(gid, j)], claims[i][1], gid))
    same_gold = _pairs(Counter(m[0] for m in matched))
    same_pred = _pairs(Counter(m[1] for m in matched))
    tp = _pairs(Counter(m[:2] for m in matched))
    same_article = _pairs(Counter((m[0], m[2]) for m in matched))
    P, R, F = _prf(tp, same_pred, same_gold)
    return {"gold_records": n_gold, "matched_records": len(matched),
            "record_recall": len(matched) / n_gold if n_gold else 0.0,
            "gold_clusters_among_matched": len({m[0] for m in matched}),
            "pred_events_among_matched": len({m[1] for m in matched}),
            "gold_same_event_pairs": same_gold, "of_which_cross_article": same_gold - same_article,
            "pair_precision": P, "pair_recall": R, "pair_f1": F}
