"""Event typing: ACLED sub-types and PLOVER event types for news snippets.

Rules first: trigger lexicons and the codebook's precedence rules (data/acled_subtypes.toml,
data/plover.toml) decide whenever a trigger fires. The lexicons are data, not code.
"""
from __future__ import annotations

import contextlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from polemos import prefilter
from polemos.errors import Errors, InputError

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
        raise InputError(Errors.E204.format(sub_type=sub_type)) from None


def plover_of(sub_type: str) -> str:
    """The PLOVER event type that an ACLED sub-type falls under."""
    try:
        return codebook()["sub_types"][sub_type]["plover"]
    except KeyError:
        raise InputError(Errors.E204.format(sub_type=sub_type)) from None


def _source(patterns: list[str]) -> str:
    # One alternation per cue keeps matching to a single pass of the regex engine per cue.
    gap = lambda m: r"(?:\w+\W+){0," + m.group(1) + "}"  # noqa: E731
    body = "|".join("(?:" + _GAP.sub(gap, p) + ")" for p in patterns)
    return rf"(?<![\w-])(?:{body})"


def _compile(patterns: list[str]) -> re.Pattern:
    return re.compile(_source(patterns), re.IGNORECASE)


@lru_cache(maxsize=None)
def _cue_res(book: str) -> dict[str, re.Pattern]:
    return {name: _compile(pats) for name, pats in _toml(book)["cues"].items()}


@lru_cache(maxsize=None)
def _cue_table(book: str) -> tuple[tuple[str, ...], prefilter.Table]:
    """The cues of a book, each run only on a text that has its words (polemos.prefilter)."""
    found = _toml(book)["cues"]
    return tuple(found), prefilter.Table([_source(p) for p in found.values()], re.IGNORECASE,
                                         name="cues-" + re.sub(r"\W", "_", book))


def cues(text: str, book: str = "acled_subtypes.toml") -> dict[str, tuple[int, str]]:
    """Each cue that fires in text -> (offset of its first match, matched words)."""
    out = {}
    names, table = _cue_table(book)
    for i in table.which(text):
        m = table.pattern(i).search(text)
        if m:
            out[names[i]] = (m.start(), m.group(0))
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
    if rule.get("all"):
        return max(found[c][0] for c in rule["all"])
    return min(found[c][0] for c in rule.get("any", []) if c in found)


def _pick(cands: list[dict], found: dict) -> dict | None:
    """The codebook's choice among the rules that hold: lowest tier, not outranked, earliest cue."""
    if not cands:
        return None
    tier = min(r["tier"] for r in cands)
    cands = [r for r in cands if r["tier"] == tier]
    beaten = {lab for r in cands for lab in r.get("outranks", [])}
    cands = [r for r in cands if r["label"] not in beaten] or cands
    return min(cands, key=lambda r: _position(r, found))


def _rules(found: dict) -> list[dict]:
    return [r for r in codebook()["precedence"] if _holds(r, found)]


@dataclass(frozen=True)
class Decision:
    """The codebook's sub-type for one sentence, the tier of the rule that decided, and where its cue stands."""
    label: str
    tier: int
    start: int
    end: int
    first: int = 0      # where the rule's first cue stands ("fired tear gas to disperse protesters": "tear gas")


def decide(text: str) -> Decision | None:
    """The codebook's sub-type of one sentence (no lead, no refinement from later sentences): the event stage
    reads it where its own triggers are silent, and where the codebook's precedence outranks them."""
    found = cues(text)
    rule = _pick(_rules(found), found)
    if rule is None:
        return None
    start = _position(rule, found)
    names = [c for c in (*rule.get("all", []), *rule.get("any", [])) if c in found]
    cue = next(c for c in names if found[c][0] == start)
    return Decision(_label(rule, text, found) or "Other", rule["tier"], start, start + len(found[cue][1]),
                    min(found[c][0] for c in names))


def _territory(text: str, found: dict) -> str:
    """Government or non-state capture, by whichever actor stands nearest before the capture verb."""
    pos, words = found["capture"]
    res = _cue_res("acled_subtypes.toml")
    gov, nsa = res["gov_actor"], res["nsa_actor"]
    if re.match(codebook()["territory"]["passive"], text[pos:pos + 24], re.I):
        window = text[pos:pos + 120]
        g, n = gov.search(window), nsa.search(window)
        if g and (not n or g.start() < n.start()):
            return "Government regains territory"
        return "Non-state actor overtakes territory"
    window = text[max(0, pos - 200):pos]
    g = max((m.end() for m in gov.finditer(window)), default=-1)
    n = max((m.end() for m in nsa.finditer(window)), default=-1)
    if g >= 0 or n >= 0:
        return "Government regains territory" if g > n else "Non-state actor overtakes territory"
    return "Government regains territory" if gov.search(text) else "Non-state actor overtakes territory"


def territory(text: str) -> str:
    """Who took a place, by the words alone: government or non-state capture (the codebook's rule)."""
    found = cues(text)
    found.setdefault("capture", (0, ""))
    return _territory(text, found)


def _violence(found: dict) -> str:
    """Generic violence: an armed side on the receiving end makes it a clash, else civilians are hit."""
    return "Armed clash" if "nsa_actor" in found and "gov_actor" in found else "Attack"


def _label(rule: dict | None, text: str, found: dict) -> str | None:
    if rule is None:
        return None
    if rule["label"] == "@territory":
        return _territory(text, found)
    if rule["label"] == "Violence":
        return _violence(found)
    return rule["label"]


def explain(text: str) -> dict:
    """The sub-type, event type, civilian targeting flag and the rule that decided, for one snippet.

    The lead sentence decides; the whole snippet decides when the lead has no cue, and a weapon named
    later (refine rules: chemical, suicide, remote weapons) refines a violent event named in the lead."""
    head = lead(text)
    found_all = cues(text)
    found = cues(head) if head != text else found_all
    rule = _pick(_rules(found), found)
    if rule is None or rule["tier"] >= 5:
        full = _pick(_rules(found_all), found_all)
        if full is not None and (rule is None or full["tier"] < rule["tier"]):
            rule, found, head = full, found_all, text
    else:
        later = [r for r in _rules(found_all) if r.get("refine")]
        better = _pick(later + [rule], found_all)
        if better is not rule and (better["tier"] < rule["tier"] or rule["label"] in better.get("outranks", [])):
            rule, found, head = better, found_all, text
    label = _label(rule, head, found) or "Other"
    etype = event_type_of(label)
    civ = etype == "Violence against civilians" or (
        etype == "Explosions/Remote violence" and "civilian" in found and "clash" not in found)
    return {"label": label, "event_type": etype, "civilian_targeting": civ,
            "rule": (rule or {}).get("why", ""), "cues": {k: v[1] for k, v in found.items()}}


def classify(texts: list[str], scheme: str = "acled") -> list[str]:
    """One label per text: an ACLED sub-type name (scheme="acled") or a PLOVER event type ("plover")."""
    if scheme == "acled":
        return [explain(t)["label"] for t in texts]
    if scheme == "plover":
        return [r["label"] for r in explain_plover(texts)]
    raise InputError(Errors.E203.format(scheme=scheme, schemes=SCHEMES))


def classify_file(inp, out, scheme: str = "acled") -> int:
    """`polemos classify`: read {"id","text"} JSONL, write {"id","label"} JSONL; returns the count.

    inp and out are paths or open text streams (the CLI passes sys.stdout)."""
    ids, texts = [], []
    with _open(inp, "r") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                ids.append(rec["id"])
                texts.append(rec["text"])
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise InputError(Errors.E202.format(origin=f"{inp}:{n}", error=e)) from None
    labels = classify(texts, scheme)
    with _open(out, "w") as f:
        for i, lab in zip(ids, labels):
            f.write(json.dumps({"id": i, "label": lab}, ensure_ascii=False) + "\n")
    return len(ids)


def _open(target, mode: str):
    if hasattr(target, "read" if mode == "r" else "write"):
        return contextlib.nullcontext(target)
    return open(target, mode, encoding="utf-8")


# --- PLOVER -----------------------------------------------------------------------------------------

def _nlp():
    from polemos import nlp
    return nlp.parser(disable=("ner", "lemmatizer"))


@lru_cache(maxsize=1)
def _plover_res() -> tuple[dict, re.Pattern, re.Pattern]:
    book = plover_book()
    intent = book["intent"]
    return (_cue_res("plover.toml"), re.compile(intent["future"], re.I), re.compile(intent["negation"], re.I))


def _depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def _triggers(doc) -> list[tuple]:
    """Every trigger in a parsed sentence: (rank, offset, -length, type). Lower rank = nearer the main verb."""
    text = doc.text
    tok_at = {}
    for t in doc:
        for c in range(t.idx, t.idx + len(t)):
            tok_at[c] = t
    sent_no = {s.start: n for n, s in enumerate(doc.sents)}
    out = []
    res, _, _ = _plover_res()
    for typ, rx in res.items():
        for m in rx.finditer(text):
            tok = tok_at.get(m.start()) or tok_at.get(m.start() + 1)
            if tok is None:
                continue
            rank = _depth(tok) + 4 * sent_no.get(tok.sent.start, 0)
            out.append((rank, m.start(), -(m.end() - m.start()), typ))
    return sorted(out)


def _intent(text: str, start: int, typ: str) -> str:
    """A promise of cooperation is AGREE, an announced use of force THREATEN, a refusal REJECT."""
    _, future, negation = _plover_res()
    before = text[max(0, start - 40):start]
    intent = plover_book()["intent"]
    if typ not in ("REJECT", "THREATEN") and negation.search(before):
        return "REJECT"
    if future.search(before):
        if typ in intent["cooperative"]:
            return "AGREE"
        if typ in intent["hostile"]:
            return "THREATEN"
    return typ


def explain_plover(texts: list) -> list[dict]:
    """PLOVER type per text (or per spaCy Doc already parsed), with the trigger that decided it."""
    docs = texts if texts and not isinstance(texts[0], str) else _nlp().pipe(texts, batch_size=64)
    return [_plover_one(doc) for doc in docs]


def plover_of_doc(doc) -> str:
    """PLOVER type of a parsed sentence or snippet: reuse the pipeline's parse, no second parse."""
    return _plover_one(doc)["label"]


def _plover_one(doc) -> dict:
    trig = _triggers(doc)
    if not trig:
        return {"label": "CONSULT", "trigger": None}
    rank, start, neg_len, typ = trig[0]
    return {"label": _intent(doc.text, start, typ), "trigger": doc.text[start:start - neg_len]}
