"""Claims: statements that are not physical events (accusations, threats, appeals, denials...), typed with
PLOVER (data/claim_types.toml) from trigger phrases of the language (data/lang/en.toml [claims]), attached to the
claimant of the attribution they sit in."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import conflicts, dates, lang, resources
from polemos.claim_subjects import other_actor, party, subject_of, token_at
from polemos.claimants import OUTLET, lexicon
from polemos.conflicts import Profile
from polemos.events import triggers as event_triggers
from polemos.lang.en.cues import refusal
from polemos.lang.en.syntax import negated, phrases
from polemos.segment import quotes, sentences, text_of
from polemos.speakers import candidates
from polemos.types import Article, Attribution, Claim, Span

CLAUSE_DEPS = {"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "parataxis", "pcomp", "acl"}
MAX_EVIDENCE = 220
SAME_STATEMENT = 100    # characters between two claims of one type and claimant that make them one statement
QUOTE_MARKS = "\"“”«»„‘'"


@dataclass(frozen=True)
class Trigger:
    type: str
    priority: int
    phrases: tuple[re.Pattern, ...]
    cues: frozenset
    suppresses: frozenset
    actor: bool                     # in the outlet's voice, the clause subject is the claimant
    outlet: tuple[re.Pattern, ...]  # outlet-voice phrases (partisan outlets)
    qualifies: frozenset = frozenset()  # nouns a phrase may not merely modify ("deliberate attack")
    channel: bool = False           # a meeting or call: yields to what is said in it
    tally: re.Pattern | None = None  # cumulative-count markers ("so far") ...
    losses: re.Pattern | None = None  # ... and loss words: an attributed toll is a claim of this type
    unless: tuple[re.Pattern, ...] = ()  # phrases that cancel a phrase hit starting at the same place
    guests: frozenset = frozenset()  # cue verbs that make this type when their object is a person
    needles: tuple[str, ...] = ()   # for each phrase, a piece every match of it holds: where it is not, it is not run


def types() -> dict[str, dict]:
    """The PLOVER claim types and their rules, every language's (data/claim_types.toml)."""
    return resources.toml("claim_types.toml")


@lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    """Each claim type with the words of a parsed language (data/lang/en.toml [claims]), by priority."""
    words = lexicon().claims
    out = []
    for name, rule in types().items():
        w = {k: words.get(k, {}).get(name, []) for k in ("phrases", "cues", "outlet_phrases", "qualifies", "tally",
                                                        "losses", "unless", "guests")}
        pats = tuple(re.compile(r"(?<![\w-])" + re.escape(p.lower()).replace("'", "['’]")) for p in w["phrases"])
        outlet = tuple(re.compile(r"(?<![\w-])" + re.escape(p.lower())) for p in w["outlet_phrases"])
        out.append(Trigger(name, int(rule.get("priority", 0)), pats, frozenset(w["cues"]),
                           frozenset(rule.get("suppresses", [])), bool(rule.get("actor", False)), outlet,
                           frozenset(w["qualifies"]), bool(rule.get("channel", False)),
                           _words(w["tally"]), _words(w["losses"]),
                           tuple(re.compile(re.escape(p.lower())) for p in w["unless"]),
                           frozenset(w["guests"]), tuple(max(p.lower().split("'"), key=len) for p in w["phrases"])))
    return tuple(sorted(out, key=lambda t: -t.priority))


@lru_cache(maxsize=1)
def _concessive_words() -> frozenset[str]:
    return frozenset(lang.lexicon(lang.ENGLISH).words("claims", "concessive"))


@lru_cache(maxsize=1)
def _forces() -> re.Pattern:
    return lang.lexicon(lang.ENGLISH).pattern("claims", "forces")


def _words(words) -> re.Pattern | None:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b") if words else None


@lru_cache(maxsize=1)
def any_phrase() -> re.Pattern:
    """Every trigger phrase in one alternation: most sentences hold none, and one scan says so
    (182 separate searches per sentence were the claims stage's main cost)."""
    left, shared, alone = r"(?<![\w-])", [], []
    for p in (p for t in triggers() for p in t.phrases):
        if p.pattern.startswith(left):
            shared.append(p.pattern[len(left):])
        else:
            alone.append(f"(?:{p.pattern})")
    return re.compile("|".join(([left + "(?:" + "|".join(shared) + ")"] if shared else []) + alone) or "(?!)")


def extract_claims(doc, article: Article, attributions: list[Attribution]) -> list[Claim]:
    """Non-event claims in the attributed stretches, one per (attribution sentence, PLOVER type) at most,
    evidence being the clause that holds the trigger. A crash fails the article (the Pipeline retries it)."""
    found = [c for a in attributions for c in _claims_of(doc, article, a)]
    found += _outlet_claims(doc, article, attributions)
    found += _tally_claims(doc, article, attributions)
    found = [c for c in found if not _concluded(doc, c) and c.claimant_side != "unknown"]   # no claimant: no claim
    prof = conflicts.of(article)
    for c in found:
        c.target = target_of(c.evidence, c.claimant_side, prof)
    return dedupe(_suppressed(doc, sorted(found, key=lambda c: c.evidence_span.start)), prof)


def _claims_of(doc, article, att):
    if att.claimant == OUTLET:
        return _actor_claims(doc, article, att)
    if att.claimant_side == "unknown" and att.cue is None:
        return []
    text = text_of(doc)
    out = []
    for sent, a, b, low in _windows(doc, att):
        hits = {}
        for trig in triggers() if any_phrase().search(low) else ():
            at = _first_hit(doc, trig, low, a)
            if at is not None:
                hits[trig.type] = (trig, at)
        hits = _main_clause(doc, hits)
        hits = {t: h for t, h in hits.items() if not negated(token_at(doc, h[1]))}   # "did not reject"
        phrased = {t: at for t, (_, at) in hits.items()}
        if att.cue_span and sent.start_char <= att.cue_span.start < sent.end_char or \
                att.cue_span and not out and a == att.span.start:
            hits = _cue_hits(doc, att, hits, a)
        hits = _threats_of_others(doc, hits, phrased, att, article)
        for t in {s for trig, _ in hits.values() for s in trig.suppresses}:
            hits.pop(t, None)
        for trig, at in hits.values():
            ev = _evidence(doc, at, (a, b))
            if ev and not (trig.type == "RETREAT" and _own_retreat(doc, at)):
                kind = "ACCUSE" if trig.type == "SUPPORT" and _backs_another(doc, at, att, article) else trig.type
                out.append(_claim(kind, _actor(doc, trig, at, phrased, att, article), text, ev))
    return out + _conjoined_claims(doc, att)


def _threats_of_others(doc, hits, phrased, att, article):
    """ "They wanted to take revenge on us," the aide said: a threat the speaker puts in another party's mouth is
    the speaker's accusation of that party, not a threat of its own."""
    threat = hits.get("THREATEN")
    if threat is None or phrased.get("THREATEN") != threat[1]:
        return hits
    direct = text_of(doc)[att.span.start:att.span.start + 1] in QUOTE_MARKS
    if other_actor(doc, token_at(doc, threat[1]), att.claimant_side, article, direct) is None:
        return hits
    out = {t: h for t, h in hits.items() if t != "THREATEN"}
    accuse = next(t for t in triggers() if t.type == "ACCUSE")
    out.setdefault("ACCUSE", (accuse, threat[1]))
    return out


def _actor(doc, trig, at, phrased, att, article):
    """A meeting or call told in a speaker's words is the act of the clause's named subject ("the group's claims
    came as its leader held talks": the leader's CONSULT). (Other acts stay the speaker's: giving "Kessa said Norland
    rejected the truce" to Norland lost more claims of a dev check part than it won.)"""
    tok = token_at(doc, at)
    if not trig.channel or phrased.get(trig.type) != at or tok is None or tok.pos_ != "VERB":
        return att
    who = subject_of(doc, at, article)
    if who is None or who.name == att.claimant or who.side == "unknown":
        return att
    return Attribution(att.span, who.name, who.side, att.cue, att.cue_span, att.source_span, att.stance,
                       att.hedged, att.relayed_by, who.source_type)


def _backs_another(doc, at, att, article):
    """ "Kinshasa said Kigali was backing the rebels": support told of another party, the subject of the support
    verb, is an accusation of the speaker's, not the speaker's own support."""
    tok = token_at(doc, at)
    if tok is None or tok.pos_ != "VERB" or _verb_subject(tok) is None:
        return False
    who = party(doc, _verb_subject(tok), article)
    return who is not None and who.side not in ("unknown", att.claimant_side) and who.name != att.claimant


def _own_retreat(doc, at):
    """ "The army said it had been forced to pull back": a speaker telling its own withdrawal reports an act (an
    event), not a claim; the enemy's retreat it tells is one."""
    node = token_at(doc, at)
    while node is not None:
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj.lower_ in phrases()["own"]
        if node.dep_ not in ("xcomp", "ccomp", "conj", "advcl") or node.head is node:
            return False
        node = node.head
    return False


def _verb_subject(tok):
    """The subject of a verb."""
    return next((c for c in tok.children if c.dep_ == "nsubj"), None)


def _cue_hits(doc, att, hits, a):
    """The types the cue verb itself gives ("accused" ACCUSE, "urged" REQUEST, "welcomed" a visitor CONSULT);
    what an accusing cue charges ("accused X of refusing to agree on the withdrawal ...") holds no claim
    of another type."""
    lemma = _cue_lemma(doc, att)
    guest = next((t for t in triggers() if lemma in t.guests), None) if _has_guest(doc, att) else None
    if guest is not None:
        return {**hits, guest.type: hits.get(guest.type, (guest, a))}
    out = dict(hits)
    for trig in triggers():
        if lemma in trig.cues and trig.type not in out:
            out[trig.type] = (trig, a)
    charged = _charged(doc, att)
    if charged and any(lemma in t.cues and t.type == "ACCUSE" for t in triggers()):
        out = {t: h for t, h in out.items() if t == "ACCUSE" or not charged[0] <= h[1] < charged[1]}
    return out


def _has_guest(doc, att):
    """The cue verb's object is a person: a name or a title ("welcomed Foreign Minister Jane Doe")."""
    tok = token_at(doc, att.cue_span.start) if att.cue_span else None
    titles = lexicon().titles
    return tok is not None and any(c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or c.lemma_.lower() in titles)
                                   for c in tok.children)


def _charged(doc, att):
    """Char range of what an accusing verb charges: its "of"/"for" phrase ("accused X of shelling")."""
    tok = token_at(doc, att.cue_span.start) if att.cue_span else None
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None) \
        if tok is not None else None
    return _subtree_chars(prep) if prep is not None else None


def _first_hit(doc, trig, low, a):
    """Where the first of `trig`'s phrases that counts starts in the window `low` (char offset), or None."""
    for m in _phrase_hits(doc, trig, low, a):
        span = doc.char_span(a + m.start(), a + m.end(), alignment_mode="expand")
        tok = span.root if span is not None and len(span) else None
        if tok is not None and (tok.dep_ in ("amod", "acl") and tok.head.lower_ in trig.qualifies or
                                _aside(doc, tok) or _names_the_actor(tok) or refusal(tok)):
            continue
        return a + m.start()
    return None


def _names_the_actor(tok):
    """ "The terrorists were quickly defeated", "troops killed seven terrorists", "a strike on the terror cell": a
    label of the enemy naming a party of a reported act is no accusation of its own; only calling a party so is
    ("this is pure terrorism", "they are terrorists")."""
    lex = lexicon()
    if tok.lower_ not in lex.party_labels and tok.lemma_.lower() not in lex.party_labels:
        return False
    node = _labelled(tok)
    if node.dep_ in ("nsubj", "nsubjpass"):
        return True
    act = node.head.head if node.dep_ == "pobj" else node.head       # "a strike on terrorists"
    return node.dep_ in ("dobj", "pobj") and act.lemma_.lower() in lex.act_verbs


def _labelled(tok):
    """The noun a label belongs to: "the terror cell", "terrorist fighters", "11 terrorists, including terrorist
    commander X" (the eleven)."""
    node = tok
    while node.head is not node:
        if node.dep_ in ("compound", "amod", "appos", "conj"):
            node = node.head
        elif node.dep_ == "pobj" and node.head.lower_ in ("including", "among") and node.head.head is not node.head:
            node = node.head.head
        else:
            break
    return node


def _phrase_hits(doc, trig, low, a):
    """Matches of `trig`'s phrases in `low`, less those an `unless` phrase cancels and those that are only
    the start of a name ("ask" in "Askala")."""
    for pat, needle in zip(trig.phrases, trig.needles, strict=True):
        if needle not in low:
            continue
        for m in pat.finditer(low):
            if any(u.match(low, m.start()) for u in trig.unless) or _in_name(doc, a + m.end()):
                continue
            yield m


def _in_name(doc, end):
    tok = token_at(doc, max(end - 1, 0))
    return tok is not None and tok.pos_ == "PROPN" and end < tok.idx + len(tok)


def _aside(doc, tok):
    """In reported speech a non-restrictive relative clause ("they announced a truce, which was violated
    minutes later") is the writer's comment, not the speaker's content; inside a quote it is the speaker's."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ == "relcl" and node.left_edge.i > 0 and doc[node.left_edge.i - 1].text == ",":
            return not _quoted(doc, tok.idx)
        node = node.head
    return False


def _quoted(doc, at):
    return any(s <= at < e for s, e in quotes(doc))


def _main_clause(doc, hits):
    """A trigger in a concessive clause ("While this aggression goes on, we stand ready to talk") yields to
    one of another type in the main clause: the sentence's act is the main clause's."""
    aside = {t: _concessive(token_at(doc, at)) for t, (_, at) in hits.items()}
    if all(aside.values()) or not any(aside.values()):
        return hits
    return {t: h for t, h in hits.items() if not aside[t]}


def _concessive(tok):
    node = tok
    while node is not None and node.head.i != node.i:
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _concessive_words() for c in node.children):
            return True
        node = node.head
    return False


def _conjoined_claims(doc, att):
    """ "Westland has supported Vellgrad's right to self-defense and demanded the withdrawal ...": the verb a cue is
    conjoined to shares the cue's subject, so what that verb does (support, agree, meet) is the claimant's."""
    cue = token_at(doc, att.cue_span.start) if att.cue_span else None
    if cue is None or cue.dep_ != "conj" or cue.head.i > cue.i or not cue.head.tag_.startswith("VB"):
        return []
    verb, text = cue.head, text_of(doc)
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    stop = next((c for c in verb.rights if c.dep_ in ("cc", "conj")), cue)
    a = subj.left_edge.idx if subj is not None else verb.idx
    b = doc[stop.i - 1].idx + len(doc[stop.i - 1])
    low = text[a:b].lower()
    for trig in triggers() if b - a >= 8 and any_phrase().search(low) else ():
        at = _first_hit(doc, trig, low, a) if trig.actor else None
        ev = _evidence(doc, at, (a, b)) if at is not None else None
        if ev:
            return [_claim(trig.type, att, text, ev)]
    return []


def _tally_claims(doc, article, attributions):
    """ "According to Kessa officials, 729 troops have been killed since Sept. 27": a party's count of
    losses over the war so far is its claim (the events stage keeps such counts out of the day's events)."""
    text, out = text_of(doc), []
    for trig in (t for t in triggers() if t.tally is not None and t.losses is not None):
        for att in attributions:
            if att.claimant == OUTLET or att.cue is None or att.claimant_side == "unknown":
                continue
            for sent, a, b, low in _windows(doc, att):
                counted = any(t.like_num and a <= t.idx < b for t in sent)
                since = trig.tally.search(low) or any(d.since for d in dates.find(text[a:b], article.date))
                ev = _tidy(text, (a, b)) if counted and since and trig.losses.search(low) else None
                if ev:
                    out.append(_claim(trig.type, att, text, ev))
    return out


def _concluded(doc, claim):
    """An agreement reached ("Vellgrad and Brenn agreed on a humanitarian ceasefire") is an event (ACLED's
    Agreement), not a claim; an AGREE claim is a stated readiness or promise."""
    if claim.type != "AGREE":
        return False
    sent = _sentence(doc, claim.evidence_span.start)
    return any(row["sub_event_type"] == "Agreement" for _, row in event_triggers(sent.text))


def _sentence(doc, at):
    sents = sentences(doc)
    i = bisect.bisect_right([s.start_char for s in sents], at) - 1
    return sents[max(i, 0)]


def _suppressed(doc, claims):
    """Suppressions hold in the whole sentence for one claimant, also between claims read from two of its
    attributions ("Sudland denied targeting Valdor and accused Norlandic forces of shelling Kessa": the
    counter-accusation belongs to the denial); a channel type (a meeting, a call) yields to any other type
    ("Pompeo held talks with ..., urging them to ...": his REQUEST)."""
    by_type = {t.type: t for t in triggers()}
    where = [_sentence(doc, c.evidence_span.start).start for c in claims]

    def beaten(c, k):
        return k.type != c.type and (c.type in by_type[k.type].suppresses or by_type[c.type].channel
                                     and not by_type[k.type].channel)
    return [c for i, c in enumerate(claims)
            if not any(j != i and where[j] == where[i] and k.claimant == c.claimant and beaten(c, k)
                       for j, k in enumerate(claims))]


def _actor_claims(doc, article, att):
    """Outlet-voice sentences where a named party acts: "Westland expressed its support for Norland",
    "Pompeo held talks with ..." — the subject of the trigger's clause is the claimant."""
    text = text_of(doc)
    out = []
    for _, a, b, low in _windows(doc, att):
        for trig in triggers() if any_phrase().search(low) else ():
            if not trig.actor:
                continue
            m = next(_phrase_hits(doc, trig, low, a), None)
            if not m:
                continue
            who = subject_of(doc, a + m.start(), article)
            if who is None or who.source_type == "military" and "Armed Forces" in who.name:
                continue
            ev = _evidence(doc, a + m.start(), (a, b))
            if ev:
                actor = Attribution(att.span, who.name, who.side, None, stance="asserted",
                                    source_type=who.source_type)
                out.append(_claim(trig.type, actor, text, ev))
                break
    return out


def _windows(doc, att):
    """(sentence, start, end, lowercased text) of each sentence's part inside the attribution's span."""
    text = text_of(doc)
    for sent in sentences(doc):
        a, b = max(att.span.start, sent.start_char), min(att.span.end, sent.end_char)
        if b - a >= 8:
            yield sent, a, b, text[a:b].lower()


def _outlet_claims(doc, article, attributions):
    """One blaming claim in the voice of a partisan outlet (its background paragraph)."""
    if not conflicts.of(article).partisan(article.side):
        return []
    text = text_of(doc)
    for att in attributions:
        if att.claimant != OUTLET:
            continue
        low = text[att.span.start:att.span.end].lower()
        for trig in triggers():
            m = next((m for p in trig.outlet for m in [p.search(low)] if m), None)
            if m:
                at = att.span.start + m.start()
                ev = _evidence(doc, at, (att.span.start, att.span.end))
                if ev:
                    return [_claim(trig.type, att, text, ev)]
    return []


def _cue_lemma(doc, att):
    span = doc.char_span(att.cue_span.start, att.cue_span.end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    tok = span[0]
    if tok.lemma_.lower() == "call" and not _calls_on(tok):
        return ""   # "condemned what it called Sudlandic attacks": naming, not asking
    return tok.lemma_.lower()


def _calls_on(tok):
    """ "called on X to ...", "called for a ceasefire": "on"/"for"/"upon" that is not a date ("on Sunday")."""
    return any(c.dep_ in ("prep", "prt") and c.lower_ in ("on", "for", "upon") and
               not any(g.ent_type_ in ("DATE", "TIME") for g in c.children) for c in tok.children)


def _evidence(doc, at, bounds):
    """The clause around char `at`: the subtree of the nearest clause head, inside `bounds`,
    shortened to the trigger's own clause when longer than MAX_EVIDENCE."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    best = None
    node = tok
    speech = lexicon().speech | lexicon().cognition
    while True:
        if node.head.i != node.i and node.head.lemma_.lower() in speech and node.head.tag_.startswith("VB") \
                and best is not None:
            break  # the clause under "said": not the reporting sentence around it
        if node.dep_ in CLAUSE_DEPS or node.head.i == node.i:
            s = _clip(_subtree_chars(node), bounds)
            if s and (best is None or s[1] - s[0] <= MAX_EVIDENCE):
                best = s
            if s and s[1] - s[0] > MAX_EVIDENCE:
                break
        if node.head.i == node.i:
            break
        node = node.head
    return _tidy(text_of(doc), best) if best else None


def _subtree_chars(tok):
    left, right = tok.left_edge, tok.right_edge
    return (left.idx, right.idx + len(right))


def _clip(s, bounds):
    a, b = max(s[0], bounds[0]), min(s[1], bounds[1])
    return (a, b) if b > a else None


def _tidy(text, s):
    a, b = s
    while a < b and (text[a].isspace() or text[a] in ",;:“”\"‘’—–-("):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:.“”\"‘’—–-)"):
        b -= 1
    return (a, b) if b - a >= 8 else None


def _claim(kind, att, text, ev):
    evidence = text[ev[0]:ev[1]]
    return Claim(type=kind, claimant=att.claimant, claimant_side=att.claimant_side, evidence=evidence,
                 evidence_span=Span(*ev),
                 attribution_cue=att.cue, cue_span=att.cue_span, stance=att.stance, hedged=att.hedged,
                 relayed_by=att.relayed_by)


def target_of(evidence: str, claimant_side: str, prof: Profile | None = None) -> str | None:
    """Who a claim is aimed at: the first party named in the evidence that is not the claimant's side."""
    low = evidence.lower()
    best = None
    for sp in candidates(low, prof):
        if sp.kind not in ("country", "speaker") or sp.side in ("", claimant_side):
            continue
        m = sp.pattern.search(low)
        if m and (best is None or m.start() < best[0]):
            forces = _forces().match(low[m.end():])
            name = f"Military Forces of {sp.canonical}" if sp.kind == "country" and forces else sp.canonical
            best = (m.start(), name)
    return best[1] if best else None


def dedupe(claims, prof: Profile | None = None):
    """One claim per type and claimant for near-identical evidence (a paraphrase then its quote); one
    mutual claim of the two sides per article; one denial for a party's denials told in a row."""
    out: list = []
    prev = None
    for c in claims:
        if not (_mutual_denial(c, claims) or c.type == "REJECT" and _same_denial(prev, c, prof or conflicts.load())
                or any(_same_claim(k, c) for k in out)):
            out.append(c)
        prev = c
    return out


def _same_claim(k, c):
    if k.type != c.type or k.claimant != c.claimant:
        return False
    if c.claimant_side == "neutral":
        return True   # "both sides accused each other": the mutual blame of the article, however often retold
    if c.evidence_span.start - k.evidence_span.end <= SAME_STATEMENT:
        return True   # "X condemned the attack, ... terrorist groups": one statement told in one breath
    words, kw = (set(re.findall(r"\w+", x.evidence.lower())) for x in (c, k))
    return len(words & kw) >= 0.5 * min(len(words), len(kw))


def _mutual_denial(c, claims):
    """ "Both sides denied each other's claims": the other half of their mutual accusation, not a claim of its own."""
    return c.type == "REJECT" and c.claimant_side == "neutral" and any(
        k.type == "ACCUSE" and k.claimant == c.claimant for k in claims)


def _same_denial(prev, c, prof):
    """A denial and the quotes that spell it out ("The ministry refuted the report. 'Not a single missile was
    fired,' its spokeswoman wrote"): consecutive denials by one side are one claim."""
    return prev is not None and prev.type == "REJECT" and prev.claimant_side == c.claimant_side \
        and prof.partisan(c.claimant_side)


def link_denials(claims: list[Claim], events) -> list[tuple[int, int]]:
    """Hook for the fusion step: (claim index, event index) pairs where a REJECT claim answers an event claim of
    another side: it names the event's place, shares most of its content words, or gives the toll it denies ("the
    enemy's claim of 550 dead is a lie": the event claimed with 550 killed)."""
    pairs = []
    for i, c in enumerate(claims):
        if c.type != "REJECT":
            continue
        cw = set(re.findall(r"[a-z]{4,}", c.evidence.lower()))
        figures = {int(n) for n in re.findall(r"\b\d{1,6}\b", c.evidence.replace(",", ""))}
        for j, e in enumerate(events):
            ew = set(re.findall(r"[a-z]{4,}", (e.evidence or "").lower()))
            place = (getattr(e.location, "mention", "") or "").lower()
            toll = getattr(e, "fatalities", None)
            other = getattr(e, "claimant_side", None) != c.claimant_side
            if (place and place in c.evidence.lower()) or (cw and len(cw & ew) >= 0.5 * len(cw)) or \
                    (other and toll and toll in figures):
                pairs.append((i, j))
    return pairs
