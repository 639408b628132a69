"""Who acted and who was acted upon: the agent and the patient of an event's trigger, read from the parse.

Every sentence shape an event is told in: the subject of an active verb acts ("Russian troops shelled Kherson") and
that of a passive is acted upon ("Kherson was shelled by Russian troops"); the owner or modifier of a nominal
trigger acts ("Russia's shelling of Kherson", "an Israeli drone strike on a car"); "Y came under fire from X";
coordinated subjects act together; a participle shares its verb's subject ("..., killing 30 soldiers"). The
prepositions and phrases are the language's words (data/lang/<code>.toml [events]), the relations its parser's.
"""
from __future__ import annotations

from dataclasses import dataclass

from polemos.event_words import rules
from polemos.types import Span

SUBJECTS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
MODIFIERS = ("poss", "amod", "compound", "nmod")
SHARED = ("conj", "xcomp", "advcl", "acl", "relcl", "ccomp")   # a verb that may take its head's subject


@dataclass(frozen=True)
class Roles:
    """Character spans (offsets into the Doc's text) of who acted and who was acted upon."""
    agents: tuple[tuple[int, int], ...] = ()
    patients: tuple[tuple[int, int], ...] = ()

    def agent_at(self, start: int, end: int) -> bool:
        return any(s <= start < e or start <= s < end for s, e in self.agents)

    def patient_at(self, start: int, end: int) -> bool:
        return any(s <= start < e or start <= s < end for s, e in self.patients)


def of(doc, start: int, end: int, territory: bool = False) -> Roles:
    """The roles of the trigger at doc characters [start, end). `territory`: "from X" names whom a place was
    taken from, not who fired."""
    head = _head(doc, start, end)
    if head is None:
        return Roles()
    agents: list = []
    patients: list = []
    undergo = bool(rules().undergo.search(doc.text[start:end]))
    head = _phrase(head)
    if _by_phrase(head):   # "strikes by Azerbaijani SU-25 jets and Bayraktar drones on Vardenis": the weapons act
        first = _first_conjunct(head)
        agents += _with_conjuncts(first)
        _targets(first.head.head, agents, patients, territory, skip=first.head)
    elif head.pos_ in ("VERB", "AUX"):
        _verbal(head, agents, patients, undergo, territory)
    else:
        _nominal(head, agents, patients, territory)
    return Roles(tuple(_span(t) for t in agents), tuple(_span(t) for t in patients))


def _phrase(token):
    """The noun a weapon word modifies ("Bayraktar" in "Turkish-made Bayraktar UAVs"): the phrase's head."""
    while token.dep_ in ("compound", "amod", "nmod", "nummod") and token.head.i != token.i and \
            token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    return token


def _first_conjunct(token):
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _by_phrase(token) -> bool:
    """A noun in the object of the agent's preposition ("by X"), itself or as one of a list."""
    first = _first_conjunct(token)
    prep = first.head
    return first.dep_ == "pobj" and prep.i != first.i and (prep.dep_ == "agent" or
                                                         bool(rules().by_word.fullmatch(prep.text.lower())))


def _targets(governor, agents: list, patients: list, territory: bool, skip=None) -> None:
    """What the word the agent's phrase hangs on acts upon: its object, its "on Y", "against Y"."""
    for child in governor.children:
        if skip is not None and child.i == skip.i:
            continue
        if child.dep_ in ("dobj", "attr", "oprd"):
            patients += _with_conjuncts(child)
        elif child.dep_ == "prep" and not rules().by_word.fullmatch(child.text.lower()):
            _preposition(child, agents, patients, territory)


def _head(doc, start: int, end: int):
    """The token of the trigger whose head lies outside it (the phrase's head)."""
    lo, hi = 0, len(doc)      # tokens end in order: the first one ending after `start`, by halves
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if doc[mid].idx + len(doc[mid]) <= start else (lo, mid)
    toks = []
    while lo < len(doc) and doc[lo].idx < end:
        toks.append(doc[lo])
        lo += 1
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else None


def _span(token) -> tuple[int, int]:
    sub = list(token.subtree)
    return sub[0].idx, sub[-1].idx + len(sub[-1])


def _with_conjuncts(token) -> list:
    return [token, *token.conjuncts]


def _verbal(verb, agents: list, patients: list, undergo: bool, territory: bool) -> None:
    subject = _subject(verb)
    for child in verb.children:
        _preposition(child, agents, patients, territory)
        if child.dep_ in ("dobj", "attr", "oprd"):
            patients += _with_conjuncts(child)
    if subject is not None:
        role, token = subject
        (patients if role == "patient" or undergo else agents).extend(_with_conjuncts(token))


def _subject(verb):
    """("agent" or "patient", token) of a verb's subject, climbing to the verb it shares its subject with."""
    token, hops = verb, 0
    while token is not None and hops < 4:
        for child in token.children:
            if child.dep_ in SUBJECTS:
                return ("agent", child)
            if child.dep_ in PASSIVE_SUBJECTS:
                return ("patient", child)
        if token.dep_ not in SHARED or token.head.i == token.i:
            return None
        if token.dep_ in ("acl", "relcl"):   # "the fighters who attacked": the noun acts
            return ("agent" if token.dep_ == "relcl" else "patient", token.head)
        token, hops = token.head, hops + 1
    return None


def _preposition(child, agents: list, patients: list, territory: bool) -> None:
    """"by X" acts, "on/against/at Y" is acted upon, "from X" fired (or, for a place taken, lost it)."""
    r = rules()
    word = child.text.lower()
    objects = [g for c in child.children if c.dep_ == "pobj" for g in _with_conjuncts(c)]
    if child.dep_ == "agent" or r.by_word.fullmatch(word):
        agents += objects
    elif r.from_word.fullmatch(word):
        (patients if territory else agents).extend(objects)
    elif r.target_words.fullmatch(word):
        patients += objects
    if child.dep_ == "prep" and r.under_word.fullmatch(word):   # "came under fire from X": X fired
        for c in child.children:
            for g in c.children:
                _preposition(g, agents, patients, territory)


def _nominal(noun, agents: list, patients: list, territory: bool) -> None:
    """"Russia's shelling of Kherson", "an Israeli drone strike on a car", "an attack by ELN guerrillas"; a noun
    that is the object of a verb of doing ("launched a strike") takes that verb's subject."""
    for child in noun.children:
        if child.dep_ in MODIFIERS and child.i < noun.i:
            agents.append(child)
        elif child.dep_ == "prep" and rules().of_word.fullmatch(child.text.lower()):
            patients += [c for c in child.children if c.dep_ == "pobj"]
        else:
            _preposition(child, agents, patients, territory)
    if noun.dep_ in ("dobj", "pobj") and noun.head.pos_ in ("VERB", "AUX"):
        subject = _subject(noun.head)
        if subject is not None and subject[0] == "agent" and noun.dep_ == "dobj":
            agents.extend(_with_conjuncts(subject[1]))


def speaker_acts(doc, cue: Span | None, trigger: Span) -> bool:
    """"Israel says it has killed a commander after carrying out an air strike": the clause a speech verb reports
    has an own pronoun (data/lang [events] own_pronouns) as its active subject, and the trigger lies in that
    clause; so the speaker acts."""
    verb = _head(doc, cue.start, cue.end) if cue else None
    if verb is None:
        return False
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        told = _span(clause)
        subject = [c for c in clause.children if c.dep_ in SUBJECTS]
        if subject and rules().own_pronouns.fullmatch(subject[0].lower_) and \
                told[0] <= trigger.start and trigger.end <= told[1]:
            return True
    return False
