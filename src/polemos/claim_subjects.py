"""Who acts in a claim's clause: the subject of the clause a trigger sits in, resolved to a party, and whether the
clause is negated. The claims stage (polemos.claims) reads these to give an act to its actor ("its leader held
talks": the leader's CONSULT), to tell a speaker's threat from a threat it blames on another ("they want revenge":
an accusation), and to drop what a speaker does not say ("did not reject the claim")."""
from __future__ import annotations

from polemos import lang
from polemos.claimants import OUTLET, Who, lexicon, resolve
from polemos.lang.en.syntax import subject as _speaker
from polemos.segment import quotes
from polemos.types import Article

THIRD_PERSON = frozenset({"they", "he", "she", "them", "him", "her"})


def token_at(doc, at):
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def subject_of(doc, at, article):
    """The named party whose clause holds char `at`, or None when it is unknown or the outlet."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    node = span[0]
    said = saying_verb(node)
    if said is not None:   # "Westland says Sudland must leave": the speaker's claim, not Sudland's
        subj = _speaker(said)
        return party(doc, subj, article) if subj is not None else None
    for _ in range(6):
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return party(doc, subj, article)
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def saying_verb(tok):
    """The speech verb whose clause complement holds `tok` ("claiming that Sudland must leave"), or None."""
    speech = lexicon().speech | lexicon().cognition
    node = tok
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "xcomp") and node.head.tag_.startswith("VB") and \
                node.head.lemma_.lower() in speech:
            return node.head
        node = node.head
    return None


def party(doc, subj, article):
    """The named party a subject noun phrase stands for: the noun and its modifiers before it, else with its
    prepositional modifiers too ("top diplomats from Norland and Sudland"), unless the subject is itself
    a coordination (then neither part alone is the party); None when unknown."""
    appos = next((c for c in subj.children if c.dep_ == "appos" and c.i > subj.i), None)
    if appos is not None:       # "its leader, Jan Doe, held talks": the name in apposition
        named = doc[appos.left_edge.i:appos.right_edge.i + 1]
        who = resolve(named.text, [], article, named)
        if who.side != "unknown" and who.name != OUTLET:
            return who
    coordinated = any(c.dep_ == "conj" for c in subj.children)
    preps = [c for c in subj.rights if c.dep_ == "prep" and not coordinated]
    for end in dict.fromkeys([subj.i, preps[-1].right_edge.i if preps else subj.i]):
        s = doc[subj.left_edge.i:end + 1]
        who = resolve(s.text, [], article, s)
        if who.name == OUTLET or who.anaphor:
            return None
        if who.side != "unknown":
            return who
    return None


def clause_verb(tok):
    """The verb whose clause holds `tok` (itself when it is one)."""
    node = tok
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def other_actor(doc, tok, claimant_side: str, article: Article, direct: bool = False) -> Who | None:
    """The party other than the speaker that is the active subject of the trigger's clause: a named party of
    another side, or a third person pronoun in a quote (the speaker's "they"; `direct`: the content is a quote);
    None when the speaker acts."""
    if tok is None:
        return None
    verb = clause_verb(tok)
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    while subj is None and verb.dep_ == "xcomp" and verb.head.i != verb.i:    # "they wanted to take revenge"
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    low = subj.lower_
    if low in lang.lexicon(lang.ENGLISH).words("claimants", "first_person"):
        return None
    if low in THIRD_PERSON:
        return Who(subj.text, "unknown") if direct or any(s <= subj.idx < e for s, e in quotes(doc)) else None
    who = party(doc, subj, article)
    return who if who is not None and who.side != claimant_side else None

