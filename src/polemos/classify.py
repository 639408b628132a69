"""Event typing: ACLED sub-types and PLOVER event types for news snippets.

Rules first: trigger lexicons and the codebook's precedence rules (data/acled_subtypes.toml,
data/plover.toml) decide whenever a trigger fires. The lexicons are data, not code.
"""
from __future__ import annotations

import json
import re
import tomllib
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
SCHEMES = ("acled", "plover")
_GAP = re.compile(r"~(\d+)~")


@lru_cache(maxsize=None)
def _toml(name: str) -> dict:
    with open(DATA / name, "rb") as f:
        return tomllib.load(f)


def codebook() -> dict:
    """The ACLED codebook table: sub_types, event_types, cues, precedence."""
    return _toml("acled_subtypes.toml")


def plover_book() -> dict:
    """The PLOVER table: event types, cues, precedence."""
    return _toml("plover.toml")


def sub_types() -> list[str]:
    """ACLED's 25 sub-type names."""
    return list(codebook()["sub_types"])


def event_type_of(sub_type: str) -> str:
    """The ACLED event type of a sub-type ("Air/drone strike" -> "Explosions/Remote violence")."""
    try:
        return codebook()["sub_types"][sub_type]["event_type"]
    except KeyError:
        raise ValueError(f"unknown ACLED sub-type {sub_type!r}") from None


def plover_of(sub_type: str) -> str:
    """The PLOVER event type that an ACLED sub-type falls under."""
    try:
        return codebook()["sub_types"][sub_type]["plover"]
    except KeyError:
        raise ValueError(f"unknown ACLED sub-type {sub_type!r}") from None


def _compile(patterns: list[str]) -> re.Pattern:
    # One alternation per cue keeps matching to a single pass of the regex engine per cue.
    body = "|".join(f"(?:{_GAP.sub(lambda m: '(?:\\w+\\W+){0,' + m.group(1) + '}', p)})" for p in patterns)
    return re.compile(rf"(?<![\w-])(?:{body})", re.IGNORECASE)


@lru_cache(maxsize=None)
def _cue_res(book: str) -> dict[str, re.Pattern]:
    return {name: _compile(pats) for name, pats in _toml(book)["cues"].items()}


def cues(text: str, book: str = "acled_subtypes.toml") -> dict[str, tuple[int, str]]:
    """Each cue that fires in text -> (offset of its first match, matched words)."""
    out = {}
    for name, rx in _cue_res(book).items():
        m = rx.search(text)
        if m:
            out[name] = (m.start(), m.group(0))
    return out


_SENT = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(]?[A-Z0-9])")


def lead(text: str) -> str:
    """The first sentence of a snippet: wire reports put the main event there."""
    parts = _SENT.split(text.strip(), maxsplit=1)
    return parts[0] if parts else text


def _holds(rule: dict, found: dict) -> bool:
    return (all(c in found for c in rule.get("all", []))
            and (not rule.get("any") or any(c in found for c in rule["any"]))
            and not any(c in found for c in rule.get("none", [])))


def _position(rule: dict, found: dict) -> int:
    names = [c for c in rule.get("all", []) + rule.get("any", []) if c in found]
    return max(found[c][0] for c in rule.get("all", [])) if rule.get("all") else min(found[c][0] for c in names)


def _territory(text: str, found: dict) -> str:
    """Government or non-state capture, by whichever actor stands nearest before the capture verb."""
    pos, words = found["capture"]
    passive = re.match(r"(fell|fallen|taken|seized|captured|overrun) (to|by)", text[pos:pos + 20], re.I)
    gov, nsa = _cue_res("acled_subtypes.toml")["gov_actor"], _cue_res("acled_subtypes.toml")["nsa_actor"]
    if passive:
        window = text[pos:pos + 120]
        g, n = gov.search(window), nsa.search(window)
        first = min([m for m in (g, n) if m], key=lambda m: m.start(), default=None)
        return "Government regains territory" if first is g and g else "Non-state actor overtakes territory"
    window = text[max(0, pos - 160):pos]
    g = [m.end() for m in gov.finditer(window)]
    n = [m.end() for m in nsa.finditer(window)]
    if g or n:
        return "Government regains territory" if max(g, default=-1) > max(n, default=-1) else \
            "Non-state actor overtakes territory"
    return "Government regains territory" if gov.search(text) else "Non-state actor overtakes territory"


def decide(text: str) -> tuple[str | None, dict]:
    """(ACLED sub-type or None, the rule that chose it) for one piece of text, by rules alone."""
    found = cues(text)
    best = None
    for rule in codebook()["precedence"]:
        if not _holds(rule, found):
            continue
        key = (rule["tier"], _position(rule, found))
        if best is None or key < best[0]:
            best = (key, rule)
    if best is None:
        return None, {"cues": found}
    rule = best[1]
    label = _territory(text, found) if rule["label"] == "@territory" else rule["label"]
    return label, {"cues": found, "rule": rule}


def explain(text: str) -> dict:
    """The sub-type, event type, civilian targeting flag and the rule that decided, for one snippet."""
    label, info = decide(lead(text))
    if label is None or label == "Other":
        label, info = decide(text)
    label = label or "Other"
    found = info["cues"]
    etype = event_type_of(label)
    civ = etype == "Violence against civilians" or (
        etype == "Explosions/Remote violence" and "civilian" in found and "clash" not in found)
    return {"label": label, "event_type": etype, "civilian_targeting": civ,
            "rule": (info.get("rule") or {}).get("why", ""),
            "cues": {k: v[1] for k, v in found.items()}}


def classify(texts: list[str], scheme: str = "acled") -> list[str]:
    """One label per text: an ACLED sub-type name (scheme="acled") or a PLOVER event type ("plover")."""
    if scheme == "acled":
        return [explain(t)["label"] for t in texts]
    if scheme == "plover":
        from . import _plover
        return _plover.classify(texts)
    raise ValueError(f"unknown scheme {scheme!r}: use one of {SCHEMES}")


def classify_file(inp: str | Path, out: str | Path, scheme: str = "acled") -> int:
    """`polemos classify`: read {"id","text"} JSONL, write {"id","label"} JSONL; returns the count."""
    ids, texts = [], []
    with open(inp, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                ids.append(rec["id"])
                texts.append(rec["text"])
            except (json.JSONDecodeError, KeyError) as e:
                raise ValueError(f"{inp}:{n}: need a JSON record with 'id' and 'text' ({e})") from None
    labels = classify(texts, scheme)
    with open(out, "w", encoding="utf-8") as f:
        for i, lab in zip(ids, labels):
            f.write(json.dumps({"id": i, "label": lab}, ensure_ascii=False) + "\n")
    return len(ids)
