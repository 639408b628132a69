"""English: the cue lexicon of its source finder (data/lang/en.toml [cues] and [claims]), as one record."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from polemos import lang


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset
    cognition: frozenset
    relay: frozenset
    never: frozenset
    deny: frozenset
    according: tuple
    channels: tuple
    addressees: tuple
    person_pronouns: frozenset
    any_pronouns: frozenset
    denial: tuple
    hedge: tuple
    reported: tuple
    unnamed: frozenset
    report_nouns: frozenset
    continuation: tuple
    stance: frozenset
    people_nouns: frozenset
    speech_nouns: frozenset
    claims: dict
    evidence_verbs: frozenset = frozenset()
    evidence_nouns: frozenset = frozenset()
    documents: frozenset = frozenset()
    wire: frozenset = frozenset()
    issue: frozenset = frozenset()
    titles: frozenset = frozenset()
    institutions: tuple = ()
    monitor: frozenset = frozenset()
    anonymity: tuple = ()
    place_nouns: frozenset = frozenset()
    person_titles: frozenset = frozenset()
    unit_nouns: frozenset = frozenset()
    state_offices: tuple = ()
    people_of_place: tuple = ()
    parties: frozenset = frozenset()
    local_offices: tuple = ()
    party_labels: frozenset = frozenset()
    bodies: frozenset = frozenset()
    members: frozenset = frozenset()
    non_state: tuple = ()
    local_titles: frozenset = frozenset()
    not_speakers: frozenset = frozenset()
    act_verbs: frozenset = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cue lexicon of a parsed language (data/lang/en.toml [cues]; claim words: [claims])."""
    lex = lang.lexicon(lang.ENGLISH)
    v, p, pr, st = (lex.lists("cues", k) for k in ("verbs", "phrases", "pronouns", "stance"))
    longest = lambda xs: tuple(sorted(set(xs), key=len, reverse=True))
    return Lexicon(frozenset(v["speech"]), frozenset(v["cognition"]), frozenset(v["relay"]),
                   frozenset(v["never"]), frozenset(v["deny"]), longest(p["according"]),
                   longest(p["channels"]), longest(p["addressees"]), frozenset(pr["person"]),
                   frozenset(pr["any"]), longest(st["denial"]), longest(st["hedge"]),
                   longest(st["reported"]), frozenset(st["unnamed"]), frozenset(st["report_nouns"]),
                   tuple(st["continuation"]), frozenset(v.get("stance", [])), frozenset(p.get("people", [])),
                   frozenset(p.get("speech_nouns", [])), lex.raw.get("claims", {}),
                   frozenset(v.get("evidence", [])), frozenset(p.get("evidence", [])),
                   frozenset(p.get("documents", [])), frozenset(v.get("wire", [])),
                   frozenset(v.get("issue", [])), frozenset(p.get("titles", [])),
                   longest(p.get("institutions", [])), frozenset(pr.get("monitor", [])),
                   longest(p.get("anonymity", [])), frozenset(p.get("place_nouns", [])),
                   frozenset(p.get("person_titles", [])) | frozenset(p.get("titles", [])),
                   frozenset(p.get("unit_nouns", [])), longest(p.get("state_offices", [])),
                   longest(p.get("people_of_place", [])), frozenset(pr.get("parties", [])),
                   longest(p.get("local_offices", [])), frozenset(p.get("party_labels", [])),
                   frozenset(p.get("bodies", [])), frozenset(p.get("members", [])),
                   longest(p.get("non_state", [])), frozenset(p.get("local_titles", [])),
                   frozenset(p.get("not_speakers", [])), frozenset(p.get("act_verbs", [])))
