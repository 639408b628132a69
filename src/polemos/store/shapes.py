"""The JSON shapes of the readers' answers: a fused event as the list shows it, an event claim with the text around
its evidence, a statement, an article's spans, a claim as the exports write it."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from polemos import fusion
from polemos.filters import country_name
from polemos.store.readmodel import disputes_of, kinds
from polemos.store.schema import record_json

CONTEXT = 200
SENTENCE_END = re.compile(r"[.!?\n][\"'”’)]*\s+")
HEAD = ("id", "date", "outlet", "title", "url", "side")


def plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def summary_json(g: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A fused event as the list shows it: its stored fields and who claims it."""
    return {
        "id": g["id"], "date": g["date"], "time_precision": g["time_precision"],
        "event_type": g["event_type"], "sub_event_type": g["sub_event_type"],
        "location": {"name": g["location_name"], "country": g["location_country"],
                     "country_name": country_name(g["location_country"]), "lat": g["lat"], "lon": g["lon"],
                     "geo_precision": g["geo_precision"]},
        "actor1": g["actor1"], "actor2": g["actor2"], "civilian_targeting": bool(g["civilian_targeting"]),
        "fatalities_best": g["fatalities_best"], "fatalities_low": g["fatalities_low"],
        "fatalities_high": g["fatalities_high"], "injured": g["injured"], "n_claims": g["n_claims"],
        "n_articles": g["n_articles"], "disputed": bool(g["disputed"]), "corroborated": bool(g["corroborated"]),
        "dispute_kinds": kinds(g["dispute_kinds"]), "dispute_reasons": [d["detail"] for d in disputes_of(g)],
        "disputes": disputes_of(g),
        "claimants": [{"claimant": r["claimant"], "claimant_side": r["claimant_side"], "stance": r["stance"]}
                      for r in rows],
    }


def export_claim(row: dict[str, Any], art: dict[str, Any]) -> dict[str, Any]:
    """An event claim as the exports write it: fusion's record, with its article's outlet and date source."""
    rec = record_json(row, "events")
    rec["location"]["admin1"] = row.get("location_admin1")
    return dict(rec, article_id=row["article_id"], record_id=row["id"], backed=bool(row.get("backed")),
                contradicted=bool(row.get("contradicted")), article_outlet=art.get("outlet"),
                article_date_source=art.get("date_source"),
                article_ingested_at=plain(art.get("ingested_at")))


def claim_json(row: dict[str, Any], art: dict[str, Any]) -> dict[str, Any]:
    """One event claim, with its article's head and the text around its evidence (for highlighting)."""
    out = record_json(row, "events")
    out["id"] = row["id"]
    out["article_id"] = row["article_id"]
    out["actor1_side_guess"] = fusion.actor_side(row) or None
    out["article"] = {k: plain(art.get(k)) for k in HEAD}
    out["context"] = context(art.get("text") or "", row)
    return out


def statement_json(row: dict[str, Any], art: dict[str, Any] | None = None, text: bool = True) -> dict[str, Any]:
    """One statement (types.Claim); with its article, the article's head (its date and outlet) and, with `text`,
    the text around its evidence."""
    out = record_json(row, "claims")
    out["id"], out["article_id"] = row["id"], row["article_id"]
    if art is not None:
        out["article"] = {k: plain(art.get(k)) for k in HEAD}
        if text:
            out["context"] = context(art.get("text") or "", row)
    return out


def context(text: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The evidence with whole sentences around it, up to CONTEXT characters either side; spans relative to
    the cut."""
    start, end = row.get("evidence_start"), row.get("evidence_end")
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return None
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    if lo > 0:                                  # start after the first sentence end in the window
        m = SENTENCE_END.search(text, lo, start)
        lo = m.end() if m else lo
    if hi < len(text):                          # stop at the last sentence end in the window
        ends = [m.end() for m in SENTENCE_END.finditer(text, end, hi)]
        hi = ends[-1] if ends else hi
    out = {"text": text[lo:hi].rstrip(), "offset": lo, "cut_before": lo > 0, "cut_after": hi < len(text),
           "evidence": {"start": start - lo, "end": min(end, hi) - lo}, "cue": None}
    cs, ce = row.get("cue_start"), row.get("cue_end")
    if cs is not None and ce is not None and lo <= cs <= ce <= hi:
        out["cue"] = {"start": cs - lo, "end": ce - lo}
    return out


def span_json(kind: str, row: dict[str, Any], base: str, gid: str | None) -> dict[str, Any] | None:
    start, end = row.get(base + "_start"), row.get(base + "_end")
    if start is None or end is None:
        return None
    out = {"kind": kind, "start": start, "end": end, "claimant": row.get("claimant"),
           "claimant_side": row.get("claimant_side"), "stance": row.get("stance"), "record_id": row["id"],
           "event_id": gid}
    if row.get("cue_start") is not None:
        out["cue"] = {"start": row["cue_start"], "end": row["cue_end"]}
    return out
