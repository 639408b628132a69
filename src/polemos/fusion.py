"""Fusion: event claims from many articles that describe one real event become one fused event holding every claim.

A claim is one event record of one article (a dict with the fields of types.Event plus `article_id`). Two claims
may be one event when their places, days and sub-types are compatible (rules and thresholds in data/fusion.toml);
claims are clustered greedily, closest pairs first, and two clusters join only when every claim of one is
compatible with every claim of the other, so a district-level report cannot chain two towns together. Input
order never changes the result. Candidates are blocked: a claim meets only the claims within its time window in
its own or a neighbouring map cell, under one of its place names, or (a denial) those giving the toll it denies.
Claims linked by no chain of compatible pairs never meet, so the store re-fuses only what new claims reach.

Disputed: two claims of one event disagree on whether it happened (a denial by another camp), who did it
(opposite blame) or the toll (different figures from different claimants). A lone denial disputes nothing."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from polemos import resources
from polemos.errors import FusionMsg

DENIED, OCCURRENCE, PERPETRATOR, TOLL = "denied", "occurrence", "perpetrator", "toll"   # dispute kinds last


def conf() -> dict:
    return resources.toml("fusion.toml")


@dataclass
class _Claim:
    """One input record, what the rules look at precomputed."""
    rec: dict
    key: tuple                      # (date, article_id, record_id): the sort key, earliest claim first
    day: int                        # date as an ordinal
    time_precision: int
    point: tuple[float, float] | None
    geo_precision: int
    names: frozenset                # normalised names of the place ("stepanakert", "khankendi")
    sub: str
    event_type: str
    claimant: str                   # normalised, for "same claimant in the same article"
    side: str                       # claimant side
    denied: bool
    actor_side: str                 # "" when not known
    group: int | None               # its group of compatible sub-types
    window: int                     # days another claim of the same event may be away, by its time precision
    tally: bool                     # a cumulative count: one event with nothing but the denials of its toll
    toll: int | None                # the fatalities it gives


# ---------------------------------------------------------------------------------------------------- records
def record_id(rec: dict) -> str:
    """The record's own id, or one made from its content so re-runs give the same id."""
    if rec.get("record_id"):
        return str(rec["record_id"])
    loc = rec.get("location") or {}
    content = [rec.get("date"), rec.get("sub_event_type"), loc.get("name"), loc.get("lat"), loc.get("lon"),
               rec.get("claimant"), rec.get("stance"), rec.get("evidence")]
    digest = hashlib.sha1(json.dumps(content, ensure_ascii=False, default=str).encode()).hexdigest()[:10]
    return f"{rec.get('article_id')}:{digest}"


@lru_cache(maxsize=65536)
def norm_name(text: str) -> str:
    """A name as fusion compares it: lower case, letters without accents ("Hikmət" and "Hikmet" are one), other
    characters as spaces. Letters that carry no accent to strip (ə, ı, ø) are spelled out by data/fusion.toml."""
    text = re.sub(r"\bə", "a", text.lower()).translate(_spelled())   # Əliyev is Aliyev, Hikmət is Hikmet
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@cache
def _spelled() -> dict[int, str]:
    return str.maketrans(conf()["names"]["spell"])


@lru_cache(maxsize=65536)
def place_names(name: str | None) -> frozenset:
    """"Stepanakert/Khankendi" and "Gapanli (Qapanli), Tartar" name one place each, under several spellings;
    the part after a comma and "(X district)" name the region around it and are left out."""
    head = (name or "").split(",")[0]
    words = conf()["place"]["region_words"]
    parts = {norm_name(p) for p in re.split(r"[/()]", head)}
    return frozenset(p for p in parts if p and not any(w in p for w in words))


def camp(side: str | None) -> str:
    """The camp a side speaks for (data/fusion.toml [sides] camps); a side alone is its own camp."""
    side = side or "unknown"
    return next((g[0] for g in conf()["sides"]["camps"] if side in g), side)


def actor_side(rec: dict) -> str:
    return _actor_side(rec.get("actor1_side"), rec.get("actor1"))


@lru_cache(maxsize=4096)
def _actor_side(given: str | None, actor: str | None) -> str:
    if given:
        return str(given)
    low = (actor or "").lower()
    return next((side for word, side in conf()["actor_sides"].items() if word in low), "")


def _point(loc: dict) -> tuple[float, float] | None:
    try:
        return float(loc["lat"]), float(loc["lon"])
    except (TypeError, KeyError, ValueError):
        return None


def _claim(rec: dict) -> _Claim:
    name = rec.get("record_id") or rec.get("article_id") or (rec.get("evidence") or "")[:60]
    for field in ("article_id", "date", "sub_event_type"):
        if not rec.get(field):
            raise ValueError(FusionMsg.NO_FIELD.format(name=name, field=field))
    try:
        day = dt.date.fromisoformat(str(rec["date"])[:10]).toordinal()
    except ValueError:
        raise ValueError(FusionMsg.BAD_DATE.format(name=name, date=rec["date"])) from None
    loc = rec.get("location") or {}
    precision = int(rec.get("time_precision") or 1)
    return _Claim(rec=rec, key=(str(rec["date"])[:10], str(rec["article_id"]), rec["record_id"]), day=day,
                  time_precision=precision, point=_point(loc), geo_precision=int(loc.get("geo_precision") or 1),
                  names=place_names(loc.get("name")), sub=rec["sub_event_type"], event_type=rec.get("event_type") or "",
                  claimant=norm_name(rec.get("claimant") or ""), side=rec.get("claimant_side") or "unknown",
                  denied=rec.get("stance") == DENIED, actor_side=actor_side(rec), group=_group(rec["sub_event_type"]),
                  window=_window(precision), tally=bool(rec.get("tally")),
                  toll=int(toll) if isinstance(toll := rec.get("fatalities"), (int, float)) else None)


def claims_of(records: Iterable[dict]) -> list[_Claim]:
    """The records as fusion reads them, each with its record_id, in content order."""
    return sorted((_claim(dict(r, record_id=record_id(r))) for r in records), key=lambda c: c.key)


# ---------------------------------------------------------------------------------------------------- rules
def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: _Claim, b: _Claim) -> bool:
    p = conf()["place"]
    same_name = bool(a.names & b.names)
    if a.point is None or b.point is None:
        return same_name
    d = km(a.point, b.point)
    if same_name:
        return d <= p["same_name_km"]
    if (a.geo_precision >= 3) != (b.geo_precision >= 3):
        return d <= p["coarse_km"]          # a district report and a village inside it
    return d <= p["town_km"]


def _reach(c: _Claim) -> int:
    """Days a claim may lie from another of its event: its precision's window, wider for agreements."""
    if c.sub in conf()["subtypes"]["placeless"]:
        return max(c.window, conf()["time"]["placeless_window_days"])
    return c.window


def same_time(a: _Claim, b: _Claim) -> bool:
    window = max(_reach(a), _reach(b)) if a.sub == b.sub else max(a.window, b.window)
    return abs(a.day - b.day) <= window


@lru_cache(maxsize=256)
def _group(sub: str) -> int | None:
    return next((i for i, g in enumerate(conf()["subtypes"]["compatible"]) if sub in g), None)


def same_kind(a: _Claim, b: _Claim) -> bool:
    if a.sub == b.sub:
        return True
    if a.denied != b.denied and a.event_type and a.event_type == b.event_type:
        return True                         # a denial names the event loosely ("did not fire on ...")
    return a.group is not None and a.group == b.group


def _denies(denial: _Claim, claim: _Claim) -> bool:
    """A denial answers the other side's claim: that its forces fired, or that the enemy took a town."""
    return camp(denial.side) != camp(claim.side) or denial.side in conf()["sides"]["unknown"]


def answers_toll(denial: _Claim, claim: _Claim) -> bool:
    """A denial of the toll another camp claims ("the enemy's claim of 550 dead is a lie") answers that claim
    wherever each of them places it: the figure names the claim it answers."""
    return (denial.denied and not claim.denied and _named_toll(denial) and denial.toll == claim.toll
            and _denies(denial, claim))


def _named_toll(c: _Claim) -> bool:
    """A toll large enough to name the claim that gives it (fusion.toml [disputes] toll_denial_min)."""
    return c.toll is not None and c.toll >= conf()["disputes"]["toll_denial_min"]


def _crossfire(a: _Claim, b: _Claim) -> bool:
    """Remote fire blamed on opposite sides at two differently named places is each side hitting the other."""
    return (a.event_type in conf()["subtypes"]["blame_splits"] and not (a.denied or b.denied)
            and bool(a.actor_side and b.actor_side) and a.actor_side != b.actor_side and not a.names & b.names)


def _apart(a: _Claim, b: _Claim) -> bool:
    """One claimant lists distinct events in one article: two of its records there are never one event."""
    return (a.rec["article_id"] == b.rec["article_id"] and a.claimant == b.claimant
            and (a.sub != b.sub or not a.names & b.names))


def compatible(a: _Claim, b: _Claim) -> bool:
    if _apart(a, b) or not same_time(a, b):
        return False
    if a.denied != b.denied:
        denial, claim = (a, b) if a.denied else (b, a)
        if not _denies(denial, claim):
            return False
        if answers_toll(denial, claim):
            return True
    if a.tally or b.tally or not same_kind(a, b) or _crossfire(a, b):
        return False                        # a tally is one count of its own: only a denial of its toll joins it
    placeless = a.sub == b.sub and a.sub in conf()["subtypes"]["placeless"]
    return placeless or same_place(a, b)


def _cost(a: _Claim, b: _Claim) -> float:
    d = km(a.point, b.point) if a.point and b.point else 0.0
    return d + 2 * abs(a.day - b.day) + (0 if a.sub == b.sub else 3) + (0 if a.names & b.names else 1)


# ---------------------------------------------------------------------------------------------------- blocking
def max_reach() -> int:
    """The most days apart two claims of one event can be."""
    t = conf()["time"]
    return max(*t["window_days"].values(), t["placeless_window_days"])


def _window(time_precision: int) -> int:
    return conf()["time"]["window_days"][str(min(3, max(1, time_precision)))]


@cache
def _cell_deg() -> float:
    """Degrees of latitude as wide as the largest place radius: two claims that can be one place lie in the same
    or neighbouring cells."""
    p = conf()["place"]
    return max(p["same_name_km"], p["coarse_km"], p["town_km"]) / 111.0


@cache
def _lon_cells(band: int) -> int:
    """How many cells a band of latitude has: each at least a cell's width in km at the band's poleward edge."""
    deg = _cell_deg()
    edge = min(89.9, max(abs(band), abs(band + 1)) * deg)
    return max(1, int(360 / (deg / math.cos(math.radians(edge)))))


def _lon_cell(lon: float, band: int) -> int:
    n = _lon_cells(band)
    return min(n - 1, int((lon + 180.0) % 360.0 / 360.0 * n))


def _keys(c: _Claim) -> list[tuple]:
    """Where a claim is filed: its map cell, each of its names, its sub-type when that is placeless, and the toll
    it gives (a denial under the toll it denies)."""
    keys: list[tuple] = [("name", n) for n in c.names]
    if c.point:
        band = math.floor(c.point[0] / _cell_deg())
        keys.append(("cell", band, _lon_cell(c.point[1], band)))
    if c.sub in conf()["subtypes"]["placeless"]:
        keys.append(("sub", c.sub))
    if _named_toll(c):
        keys.append(("denies" if c.denied else "toll", c.toll))
    return keys


def _near(c: _Claim) -> Iterator[tuple]:
    """The keys under which a claim compatible with `c` may be filed."""
    for key in _keys(c):
        if key[0] == "cell":
            yield from _near_cells(key[1], key[2])
        elif key[0] in ("toll", "denies"):
            yield ("toll" if key[0] == "denies" else "denies", key[1])
        else:
            yield key


@cache
def _near_cells(band: int, cell: int) -> tuple[tuple, ...]:
    """The cells within a cell's width of any point of cell (band, cell), in its band and the two beside it."""
    deg = _cell_deg()
    n = _lon_cells(band)
    west, east = cell * 360.0 / n, (cell + 1) * 360.0 / n         # degrees east of -180
    edge = min(89.9, (max(abs(band), abs(band + 1)) + 1) * deg)
    half = deg / max(math.cos(math.radians(edge)), 1e-6)         # the widest reach in longitude there
    out = []
    for b in (band - 1, band, band + 1):
        m = _lon_cells(b)
        lo, hi = math.floor((west - half) / 360.0 * m), math.floor((east + half) / 360.0 * m)
        out += [("cell", b, i % m) for i in (range(m) if hi - lo + 1 >= m else range(lo, hi + 1))]
    return tuple(dict.fromkeys(out))


class _Blocks:
    """Claims filed by (day, key): the candidates of a claim are the claims filed under its near keys on the days
    its window reaches."""

    def __init__(self, claims: list[_Claim]):
        self.claims = claims
        self.index: dict[tuple, list[int]] = defaultdict(list)
        for i, c in enumerate(claims):
            for key in _keys(c):
                self.index[(c.day, key)].append(i)
        self.reach = max((_reach(c) for c in claims), default=0)

    def candidates(self, i: int, reach: int) -> set[int]:
        a = self.claims[i]
        near = list(dict.fromkeys(_near(a)))
        return {j for day in range(a.day - reach, a.day + reach + 1) for key in near
                for j in self.index.get((day, key), ())} - {i}

    def neighbours(self, i: int) -> list[int]:
        """Every claim compatible with claim i."""
        a = self.claims[i]
        return [j for j in self.candidates(i, self.reach) if compatible(a, self.claims[j])]


def _candidate_pairs(claims: list[_Claim]) -> list[tuple[float, int, int]]:
    """Compatible pairs, cheapest first. Each claim looks only as many days away as its own window allows (a
    pair's window is the coarser claim's, so that one finds it) and only under its near keys."""
    blocks, seen, pairs = _Blocks(claims), set(), []
    for i, a in enumerate(claims):
        for j in blocks.candidates(i, _reach(a)):
            pair = (min(i, j), max(i, j))
            if pair not in seen:
                seen.add(pair)
                if compatible(a, claims[j]):
                    pairs.append((_cost(a, claims[j]), *pair))
    return sorted(pairs)


def linked(records: list[dict], seeds: Iterable[str]) -> set[str]:
    """The record ids reachable from `seeds` through compatible pairs: the part of `records` that fusing the
    seeds can change. Fusing it alone gives what fusing every record gives for these claims."""
    claims = claims_of(records)
    at = {c.rec["record_id"]: i for i, c in enumerate(claims)}
    blocks = _Blocks(claims)
    todo = deque(at[s] for s in set(seeds) if s in at)
    found = set(todo)
    while todo:
        for j in blocks.neighbours(todo.popleft()):
            if j not in found:
                found.add(j)
                todo.append(j)
    return {claims[i].rec["record_id"] for i in found}


# ---------------------------------------------------------------------------------------------------- clustering
def cluster(claims: list[_Claim]) -> list[list[int]]:
    """Greedy complete-linkage: the closest pairs first; clusters join only if all their claims fit together."""
    pairs = _candidate_pairs(claims)
    fits = {(i, j) for _, i, j in pairs}
    owner = list(range(len(claims)))
    members = {i: [i] for i in range(len(claims))}
    for _, i, j in pairs:
        ci, cj = owner[i], owner[j]
        if ci == cj or not all((min(x, y), max(x, y)) in fits for x in members[ci] for y in members[cj]):
            continue
        for x in members[cj]:
            owner[x] = ci
        members[ci] += members.pop(cj)
    return [sorted(m) for m in members.values()]


# ---------------------------------------------------------------------------------------------------- fused events
def _most_common(values: list, order=None) -> Any:
    """The most frequent value; ties go to the earliest in `order` (default: first seen)."""
    counts = Counter(values)
    rank = order or (lambda v: values.index(v))
    return min(counts, key=lambda v: (-counts[v], rank(v)))


def _head(claims: list[_Claim]) -> list[_Claim]:
    """The claims that describe the event: those that assert it (a denial answers them; it places nothing)."""
    return [c for c in claims if not c.denied] or claims


def _sub_type(claims: list[_Claim]) -> _Claim:
    voiced = _head(claims)
    groups = conf()["subtypes"]["compatible"]

    def rank(sub):
        g = _group(sub)
        return (0, groups[g].index(sub)) if g is not None else (1, 0)
    sub = _most_common([c.sub for c in voiced], order=lambda s: (rank(s), s))
    return next(c for c in voiced if c.sub == sub)


def _place(claims: list[_Claim]) -> dict:
    claims = _head(claims)
    finest = min(c.geo_precision for c in claims if c.point) if any(c.point for c in claims) else None
    pool = [c for c in claims if c.point and c.geo_precision == finest] or claims
    name = _most_common([(c.rec.get("location") or {}).get("name") for c in pool])
    return next(c for c in pool if (c.rec.get("location") or {}).get("name") == name).rec.get("location") or {}


def _date(claims: list[_Claim]) -> tuple[str, int]:
    claims = _head(claims)
    finest = min(c.time_precision for c in claims)
    return _most_common([c.key[0] for c in claims if c.time_precision == finest]), finest


def _actor(claims: list[_Claim], field: str = "actor1") -> tuple[str | None, str | None]:
    acting = [c for c in claims if c.rec.get(field) and not c.denied] or [c for c in claims if c.rec.get(field)]
    if not acting:
        return None, None
    actor = _most_common([c.rec[field] for c in acting])
    return actor, actor_side(next(c.rec for c in acting if c.rec[field] == actor)) or None


def fatalities(claims: list[_Claim]) -> tuple[int | None, int | None, int | None]:
    """(best, low, high): best is the figure most sources give, else the lower median; ACLED codes the low one."""
    figures = [c.toll for c in claims if not c.denied and c.toll is not None]
    if not figures:
        return None, None, None
    top = Counter(figures).most_common()
    best = top[0][0] if top[0][1] > 1 and (len(top) == 1 or top[0][1] > top[1][1]) else statistics.median_low(figures)
    return best, min(figures), max(figures)


def disputes(claims: list[_Claim]) -> list[tuple[str, str]]:
    """(kind, reason in words) for each way two claims of the event disagree; none for a lone denial."""
    return [(d["kind"], d["detail"]) for d in dispute_details(claims)]


def dispute_details(claims: list[_Claim]) -> list[dict]:
    """Each way two claims of the event disagree: {kind, claim_ids (the record ids of the claims that disagree),
    detail (in words)}; none for a lone denial."""
    voiced = [c for c in claims if not c.denied]
    if not voiced:
        return []
    ids = lambda cs: [record_id(c.rec) for c in cs]
    out = []
    for d in (c for c in claims if c.denied):
        answered = next((c for c in voiced if answers_toll(d, c)), None)
        if answered is not None:
            out.append({"kind": TOLL, "claim_ids": ids([d, answered]),
                        "detail": f"{d.rec.get('claimant')} ({d.side}) denies the toll of {answered.toll}"})
        else:
            out.append({"kind": OCCURRENCE, "claim_ids": ids([d, *voiced]),
                        "detail": f"denied by {d.rec.get('claimant')} ({d.side})"})
    blaming = [c for c in voiced if c.actor_side and c.event_type in conf()["disputes"]["blame_types"]]
    blamed = sorted({camp(c.actor_side) for c in blaming})
    if len(blamed) > 1:
        out.append({"kind": PERPETRATOR, "claim_ids": ids(blaming), "detail": "opposite blame: " + " vs ".join(blamed)})
    tolled = [c for c in voiced if c.toll is not None]
    given = {(c.claimant, c.toll) for c in tolled}
    if len({t for _, t in given}) > 1 and len({who for who, _ in given}) > 1:
        tolls = sorted({t for _, t in given})
        out.append({"kind": TOLL, "claim_ids": ids(tolled), "detail": f"fatalities differ: {tolls[0]} to {tolls[-1]}"})
    return out


def corroborated(claims: list[_Claim]) -> bool:
    """Asserted by two camps, or by a neutral source."""
    sides = conf()["sides"]
    known = {c.side for c in claims if not c.denied} - set(sides["unknown"])
    return len({camp(s) for s in known}) > 1 or bool(known & set(sides["neutral"]))


def event_id(place: dict, day: str, sub: str, earliest: tuple) -> str:
    """Made from content alone, so a re-run over the same claims gives the same id."""
    lat, lon = _point(place) or (None, None)
    where = f"{norm_name(place.get('name') or '')}@{round(lat, 2) if lat is not None else ''},"\
            f"{round(lon, 2) if lon is not None else ''}"
    content = json.dumps([where, day, sub, list(earliest)], ensure_ascii=False)
    return "ev-" + hashlib.sha1(content.encode()).hexdigest()[:16]


def _event(claims: list[_Claim]) -> dict:
    head = _sub_type(claims)
    place = _place(claims)
    day, precision = _date(claims)
    actor, side = _actor(claims)
    best, low, high = fatalities(claims)
    details = dispute_details(claims)
    found = [(d["kind"], d["detail"]) for d in details]
    voiced = [c for c in claims if not c.denied] or claims
    injured = [int(c.rec["injured"]) for c in voiced if c.rec.get("injured") is not None]
    return {"event_id": event_id(place, day, head.sub, claims[0].key), "event_type": head.event_type,
            "sub_event_type": head.sub, "date": day, "time_precision": precision, "location": place,
            "actor1": actor, "actor1_side": side, "actor2": _actor(claims, "actor2")[0],
            "civilian_targeting": any(c.rec.get("civilian_targeting") for c in voiced),
            "corroborated": corroborated(claims), "disputed": bool(found),
            "dispute_kinds": sorted({k for k, _ in found}), "dispute_reasons": [r for _, r in found],
            "disputes": details,
            "fatalities_best": best, "fatalities_low": low, "fatalities_high": high,
            "injured": max(injured, default=None), "tally": head.tally,
            "n_articles": len({c.rec["article_id"] for c in claims}), "claims": [c.rec for c in claims],
            "merged_from": []}


def event_of(records: Iterable[dict], event_id: str | None = None) -> dict:
    """The fused event these records make, as they are grouped (not clustered again); `event_id` keeps an id."""
    ev = _event(claims_of(records))
    if event_id:
        ev["event_id"] = event_id
    return ev


def fuse(records: Iterable[dict], previous: list[dict] | None = None) -> list[dict]:
    """Fused events from event claims (dicts with `article_id`). With `previous` (an earlier run's events),
    events that hold an earlier event's claims keep its id (see merge_ids)."""
    claims = claims_of(records)
    groups = cluster(claims)
    events = sorted((_event([claims[i] for i in sorted(g)]) for g in groups),
                    key=lambda e: (e["date"], e["claims"][0]["article_id"], e["claims"][0]["record_id"]))
    return merge_ids(previous, events) if previous else events


# ---------------------------------------------------------------------------------------------------- stable ids
def _claim_keys(event: dict) -> set[str]:
    return {record_id(c) for c in event.get("claims") or []}


def _age(event: dict) -> tuple:
    first = min(((str(c.get("date")), str(c.get("article_id")), record_id(c)) for c in event.get("claims") or []),
                default=("", "", ""))
    return first, event["event_id"]


def merge_ids(old_events: list[dict], new_events: list[dict]) -> list[dict]:
    """New events that share claims with old ones take the oldest such id; the other old ids go to merged_from.
    An old event split over several new ones gives its id to the one holding most of its claims."""
    old_by_claim = {k: ev["event_id"] for ev in old_events for k in _claim_keys(ev)}
    ages = {ev["event_id"]: _age(ev) for ev in old_events}
    offers, olds = [], defaultdict(set)     # (age of the old id, -claims shared, old id, new index); per new index
    for n, ev in enumerate(new_events):
        shared = Counter(old_by_claim[k] for k in _claim_keys(ev) if k in old_by_claim)
        offers += [(ages[i], -shared[i], i, n) for i in shared]
        olds[n] = set(shared)
    taken, given = set(), {}
    for _age_of, _, old_id, n in sorted(offers):    # oldest id first: it survives every merge it is part of
        if old_id not in taken and n not in given:
            taken.add(old_id)
            given[n] = old_id
    out = []
    for n, ev in enumerate(new_events):
        ev = dict(ev)
        if n in given:
            ev["event_id"] = given[n]
        ev["merged_from"] = sorted(i for i in olds[n] | set(ev.get("merged_from") or []) if i != ev["event_id"])
        out.append(ev)
    return out


# ---------------------------------------------------------------------------------------------------- files
def records_from_predictions(lines: Iterable[dict]) -> list[dict]:
    """Event claims from pipeline output lines ({"id", "events": [...]}, Result.to_json): each event gets its
    article's id and the record id "<article>#<index>", stable as long as the article gives the same events."""
    out = []
    for line in lines:
        for i, ev in enumerate(line.get("events") or []):
            out.append(dict(ev, article_id=str(line["id"]), record_id=f"{line['id']}#{i}"))
    return out


def fuse_store(store) -> list[dict]:
    """Fuse a store's new claims (polemos.store.Store.fuse); every fused event it holds, with its claims."""
    store.fuse()
    return list(store.fused_events())
