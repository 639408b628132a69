"""English: the cues of a parsed text (its source finder). `find_cues` reads the parse for reporting verbs,
"according to X", "citing X", quotes, "X:" headlines and channels ("in a statement") and returns raw cues: source,
cue and content spans, before any source is resolved to a claimant (polemos.attribution does that).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import conflicts
from polemos.claimant_names import match_rows
from polemos.claimants import lexicon
from polemos.gazetteer import Gazetteer
from polemos.lang.en.syntax import (
    agent,
    channel_word,
    claim_noun,
    complements,
    ends_with_colon,
    forms,
    inside,
    is_clause,
    lemma_of,
    minus,
    named,
    negated,
    np_span,
    outside,
    overlaps,
    purpose,
    span_of,
    subject,
    trim,
    within,
)
from polemos.segment import find_quotes, sentences, text_of

DATELINE_POPULATION = 50_000     # a town a wire files from; a transcript's speaker ("PENCE:") is none


@dataclass
class Cue:
    """One attribution read from the parse, before the source is resolved to a claimant."""
    cue: tuple[int, int]
    content: list[tuple[int, int]]
    source: tuple[int, int] | None
    lemma: str
    text: str
    sent: int = 0
    relay: tuple[int, int] | None = None
    in_quote: bool = False
    prev: bool = False              # content is the quote or sentence just before ("…," she said.)
    next: bool = False              # content follows in the next sentence or quote ("She said:")
    channel: str | None = None      # "statement", "Facebook post"
    pronoun: tuple[int, int] | None = None  # "who" in "X, who said": PolNeAR marks it as the source


def find_cues(doc, quotes=None, broad: bool = False, prof: conflicts.Profile | None = None) -> list[Cue]:
    """Every cue in a parsed doc: reporting verbs, "according to X", "citing X", "X:" headlines and
    "― Name" bylines under quotes, with source and content char spans. broad: also stance and
    action verbs of people ("Trump attacked Machado", "the paper backed Clinton") and nominal cues
    ("Trump's claim that ..."), as general news annotation (PolNeAR) counts them. `prof`: the conflict profile
    whose speakers tell an agency's relay verb from a source's."""
    lex = lexicon()
    quotes = find_quotes(text_of(doc)) if quotes is None else quotes
    out = []
    dashes = _dash_cues(text_of(doc))
    for si, sent in enumerate(sentences(doc)):
        found = _verb_cues(sent, lex, broad) + _according_cues(sent, lex) + _noun_tagged_cues(sent, lex)
        if broad:
            found += _noun_cues(sent, lex)
        found += _colon_cue(sent, bool(found))
        found += [c for c in dashes if sent.start_char <= c.cue[0] < sent.end_char]
        for c in found:
            c.sent = si
            c.in_quote = inside(c.cue, quotes) and c.lemma not in ("colon", "dash")
            if c.lemma not in ("dash", "colon"):
                c.content = [x for x in (_clip(s, sent) for s in c.content) if x]
            _add_channel(c, sent, lex)
        out += _dedupe(_fold_wire(_fold_citing(found), sent, lex, prof))
    return out


def _clip(span, sent):
    a, b = max(span[0], sent.start_char), min(span[1], sent.end_char)
    return (a, b) if b > a else None


def _fold_citing(cues):
    """ "TASS reported, citing the ministry, that ...": the ministry speaks, TASS relays. The main cue
    takes the cited source; the citing cue goes."""
    out = []
    for c in cues:
        if c.lemma == "cite" and c.text.lower() == "citing":
            main = next((m for m in cues if m is not c and m.source and m.lemma != "cite" and
                         any(within(c.cue, x) or x[0] <= c.cue[0] <= x[1] + 3 for x in m.content)), None)
            if main is not None:
                main.relay, main.source = main.source, c.source
                hole = (c.cue[0], c.source[1])
                main.content = [p for x in main.content for p in
                                (((x[0], hole[0]), (hole[1], x[1])) if overlaps(x, hole) else (x,))
                                if p[1] - p[0] > 3]
                continue
        out.append(c)
    return out


def _fold_wire(cues, sent, lex, prof):
    """ "..., the ministry said, Report informs" / "Report informs, citing the ministry, that ...": an agency's
    wire verb next to another source's cue in one sentence relays that source; the wire cue goes."""
    wires = [c for c in cues if c.lemma in lex.wire and c.source and _is_wire(c, sent, lex, prof)]
    for w in wires:
        hole = (min(w.cue[0], w.source[0]), max(w.cue[1], w.source[1]))
        main = next((c for c in cues if c is not w and c.source and not overlaps(c.source, hole) and
                     c.lemma not in lex.wire), None)
        if main is None:
            continue
        main.relay = main.relay or w.source
        spoken = (min(main.cue[0], main.source[0], hole[0]), max(main.cue[1], main.source[1], hole[1]))
        main.content = _cut(main.content, hole, sent) or _cut([(sent.start_char, sent.end_char)], spoken, sent)
        if not main.content and not (main.prev or main.next):
            main.next = text_of(sent.doc)[:sent.end_char].rstrip().endswith(":")
            main.prev = not main.next
        cues = [c for c in cues if c is not w]
    return cues


def _cut(spans, hole, sent):
    """Spans less a hole, trimmed of edge punctuation; pieces with no words go."""
    text = text_of(sent.doc)
    pieces = [p for x in spans for p in (((x[0], hole[0]), (hole[1], x[1])) if overlaps(x, hole) else (x,))]
    out = []
    for a, b in pieces:
        while a < b and text[a] in " ,.;:—–-\n":
            a += 1
        while b > a and text[b - 1] in " ,.;:—–-\n":
            b -= 1
        if b - a > 3:
            out.append((a, b))
    return out


def _is_wire(c, sent, lex, prof):
    """An agency's relay verb: "informs" with no object, or "reports" by a media speaker. With a clause of its
    own ("Bloomberg reports that ...") it is the agency's own report."""
    verb = next((t for t in sent if t.idx == c.cue[0]), None)
    if verb is None or any(x.dep_ in ("dobj", "dative", "ccomp", "xcomp") for x in verb.children):
        return False
    if c.lemma == "inform":
        return True
    src = text_of(sent.doc)[c.source[0]:c.source[1]]
    found = match_rows(src.lower().replace("’", "'"), src.replace("’", "'"), prof)
    row = found.get("speaker") or found.get("org")
    return row is not None and row[1].source_type == "media"


def _dedupe(cues):
    """A verb inside another cue's source or cue (e.g. "quoted as saying") is not a second cue."""
    keep = []
    for c in sorted(cues, key=lambda c: c.cue[0]):
        if any(within(c.cue, k.cue) or (k.source and within(c.cue, k.source)) for k in keep):
            continue
        keep.append(c)
    return keep


def _verb_cues(sent, lex, broad=False):
    out = []
    for tok in sent:
        if not tok.tag_.startswith("VB"):
            continue
        lemma = lemma_of(tok)
        if not _cue_verb(lemma, lex, broad):
            continue
        if lemma in lex.never or _naming(tok, lemma) or _office(tok, lemma, lex) \
                or refusal(tok):
            continue
        if not broad and (negated(tok) or purpose(tok)):
            continue    # "did not issue any statement to confirm or reject the claim": nothing is said
        c = (_issue_cue(tok, sent) if lemma in lex.issue else None) or _verb_cue(tok, lemma, lex, sent, broad)
        if c:
            out.append(c)
    return out


def _cue_verb(lemma, lex, broad) -> bool:
    """Whether a verb of this lemma can make a cue (_issue_cue or _verb_cue): the others are not read further."""
    return lemma in lex.issue or lemma in lex.relay or lemma in lex.evidence_verbs or lemma in lex.speech or \
        lemma in lex.cognition or broad and lemma in lex.stance


def _verb_cue(tok, lemma, lex, sent, broad):
    if lemma in lex.relay:
        return _relay_cue(tok, lemma, sent)
    if lemma in lex.evidence_verbs:
        return _evidence_cue(tok, lemma, lex)
    if lemma in lex.speech or lemma in lex.cognition:
        return _speech_cue(tok, lemma, lex, sent)
    if broad and lemma in lex.stance:
        return _stance_cue(tok, lemma, lex)
    return None


def _evidence_cue(tok, lemma, lex):
    """"The ministry released footage showing strikes on Valdor": who shows the footage claims what it shows."""
    src = subject(tok)
    shown = next((c for c in tok.children if c.dep_ == "dobj" and lemma_of(c) in lex.evidence_nouns), None)
    if src is None or shown is None or src.pos_ not in ("NOUN", "PROPN"):
        return None
    content = [s for c in shown.children if c.dep_ in ("acl", "relcl") and c.i > shown.i for s in [span_of(c)] if s]
    return make_cue(tok, content, src, lemma) if content else None


def _issue_cue(tok, sent):
    """ "The ministry published this message:", "X issued another statement on the truce:": who puts out the
    text speaks the quote or sentence after the colon."""
    src = subject(tok)
    text = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and channel_word(c)), None)
    if src is None or text is None or src.i == text.i or not ends_with_colon(tok, sent):
        return None
    c = make_cue(tok, [], src, lemma_of(tok))
    c.cue = (c.cue[0], max(c.cue[1], text.right_edge.idx + len(text.right_edge)))
    c.text, c.channel, c.next = text_of(tok.doc)[c.cue[0]:c.cue[1]], text.text, True
    return c


def _office(tok, lemma, lex):
    """"Erdogan dismissed the defence minister": to dismiss a person from office is no denial."""
    return lemma == "dismiss" and any(c.dep_ == "dobj" and c.lemma_.lower() in lex.titles for c in tok.children)


def refusal(tok) -> bool:
    """ "Norland denied the monitors access to the camp": to deny someone a thing (access, entry, a visa) is a
    refusal, an act; no statement is denied."""
    if lemma_of(tok) != "deny":
        return False
    goods = lexicon().claims.get("refused", [])
    return any(c.dep_ == "dative" or c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in goods
               for c in tok.children)


def _naming(tok, lemma):
    """ "the city, which Norland calls Vellgrad": to call a place by a name is no statement."""
    return lemma == "call" and any(c.dep_ in ("oprd", "dobj", "attr") and c.pos_ == "PROPN" for c in tok.children) \
        or lemma == "call" and tok.dep_ == "relcl"


def _speech_cue(tok, lemma, lex, sent):
    src = subject(tok)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    content = complements(tok, src, lex)
    claim = next((c for c in tok.children if c is not src and claim_noun(c) is not None), None)
    if claim is not None and src is not None and not content:
        content = [x for x in [span_of(claim)] if x]
    clause = any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and is_clause(c)) for c in tok.children)
    if lemma in lex.cognition and lemma not in lex.speech:
        if not (clause and src is not None):
            return None
    if _anonymous(tok, lex):
        return None
    if lemma == "call" and not any(c.dep_ in ("prep", "oprd", "ccomp", "xcomp", "prt") and c.lower_ in
                                   ("for", "on", "upon") or c.dep_ in ("oprd", "ccomp") for c in tok.children):
        return None
    if lemma == "read" and not (src is not None and channel_word(src)):
        return None
    if src is None:
        if passive and content and lemma in ("report", "say", "claim", "allege", "announce", "state"):
            return make_cue(tok, content, None, lemma)          # "it was reported that ..." (no source)
        return None
    if src.lower_ in ("that", "which", "what") or src.pos_ in ("NUM",):
        return None
    if tok.dep_ == "acl" and src.i == tok.head.i and not channel_word(src):
        return None
    if tok.dep_ == "relcl" and src.i != tok.head.i and tok.head.pos_ == "NOUN":
        return make_cue(tok, [x for x in [span_of(tok.head)] if x], src, lemma)   # "a claim Norland denied"
    if not content:
        rest = outside(sent, src, tok)
        if rest and not ends_with_colon(tok, sent):
            content = rest
        else:
            c = make_cue(tok, [], src, lemma)
            c.next = ends_with_colon(tok, sent)
            c.prev = not c.next
            return c
    if passive and lemma not in ("quote",) and not agent(tok):
        return None
    return make_cue(tok, content, src, lemma)


def _anonymous(tok, lex):
    """ "a reporter, who asked not to be named, said": asking for anonymity is no statement."""
    words = " ".join(t.lower_ for t in tok.subtree if t.i > tok.i)
    return any(words.startswith(p) for p in lex.anonymity)


def _stance_cue(tok, lemma, lex):
    """ "Trump attacked Machado", "the paper endorsed Clinton": a person's act toward something."""
    src = subject(tok)
    if src is None or not (named(src) or src.lower_ in ("he", "she", "they", "who") or
                           src.lemma_.lower() in lex.people_nouns):
        return None
    content = complements(tok, src, lex)
    if not content:
        return None
    return make_cue(tok, content, src, lemma)


def _noun_cues(sent, lex):
    """ "Trump's claim that ...", "a pledge by Obama to ...": a speech noun with a clause, its owner
    or "by" phrase as source."""
    out = []
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.speech_nouns:
            continue
        clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl") and
                       any(g.dep_ == "mark" and g.lower_ in ("that", "to") or g.dep_ == "aux" and g.lower_ == "to"
                           for g in c.children)), None)
        if clause is None:
            continue
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            owner = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        content = span_of(clause)
        if content:
            src = np_span(owner) if owner is not None else None
            out.append(Cue((tok.idx, tok.idx + len(tok)), [content], src, "noun", tok.text))
    return out


def _relay_cue(tok, lemma, sent):
    """ "Reuters cited the ministry as saying ...", "the ministry was quoted as saying ..." """
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    says = [t for t in tok.subtree if t.lower_ in ("saying", "say") and t.i > tok.i]
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if obj is None:
        return None
    if says:
        content = [span_of(c) for c in says[0].children if c.dep_ in ("ccomp", "xcomp", "dobj")]
        content = [c for c in content if c]
        if not content:
            content = outside(sent, obj, tok)
        c = make_cue(tok, content, obj, "say")
        c.cue = (tok.idx, says[0].idx + len(says[0]))
        c.text = text_of(tok.doc)[c.cue[0]:c.cue[1]]
        c.relay = span_of(subj) if subj is not None else None
        return c
    return None  # "citing X" has its own rule


def _noun_tagged_cues(sent, lex):
    """ "..., the Norlandic MoD reports today": a speech verb the tagger read as a plural noun."""
    out = []
    tagged = forms()["noun_tagged"]
    for tok in sent:
        lemma = tagged.get(tok.lower_)
        if not lemma or tok.tag_.startswith("VB") or tok.i == sent.start:
            continue
        prev = tok.doc[tok.i - 1]
        nominal = lambda t: (t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PART") or t.text[:1].isupper()) \
            and not t.is_punct
        if not (prev.pos_ in ("PROPN", "NOUN") or prev.text[:1].isupper()) or prev.is_punct:
            continue
        start = prev.i
        while start > sent.start and nominal(tok.doc[start - 1]):
            start -= 1
        src = trim(tok.doc, start, prev.i)
        comma = next((t for t in reversed(list(tok.doc[sent.start:start])) if t.text == ","), None)
        if src is None or comma is None:
            continue
        content = [x for x in [trim(tok.doc, sent.start, comma.i - 1)] if x]
        if content:
            out.append(Cue((tok.idx, tok.idx + len(tok)), content, src, lemma, tok.text))
    return out


def _according_cues(sent, lex):
    out = []
    low = text_of(sent.doc)[sent.start_char:sent.end_char].lower()
    for phrase in lex.according:
        if phrase not in low:
            continue    # the same matches as running its pattern, found without running it on every sentence
        for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", low):
            start = sent.start_char + m.start()
            end = sent.start_char + m.end()
            src = _np_after(sent, end)
            if src is None:
                continue
            content = minus(sent, (start, src[1]))
            out.append(Cue((start, end), content, src, "according to", text_of(sent.doc)[start:end]))
    for tok in sent if "citing" in low else ():
        if tok.lower_ == "citing":
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
            if obj is None:
                continue
            head = tok.head
            content = complements(head, subject(head), lex) if head.i != tok.i else []
            content = [c for c in content if not overlaps(c, span_of(tok))] or minus(sent, span_of(tok))
            subj = subject(head)
            c = Cue((tok.idx, tok.idx + len(tok)), content, span_of(obj), "cite", "citing")
            c.relay = span_of(subj) if subj is not None else None
            out.append(c)
    return out


def _np_after(sent, pos):
    """The noun phrase that starts right after char `pos`: the object of "according to"."""
    toks = [t for t in sent if t.idx >= pos]
    if not toks:
        return None
    first = toks[0]
    nominal = first.pos_ in ("PROPN", "NOUN", "DET", "PRON", "ADJ", "NUM")
    if first.dep_ == "pobj" or first.head.dep_ == "pobj" or nominal:
        head = first
        while head.head.i != head.i and head.head.idx >= pos and head.dep_ not in ("pobj",):
            head = head.head
        span = np_span(head)
        if span and span[0] >= pos:
            return span
    return None


def _colon_cue(sent, other_cues):
    """ "Marlov: we will not retreat" (a headline) or "PENCE: Well, ..." (a transcript turn): a short
    name, a colon, the content — to the end of the paragraph when the sentence opens one."""
    text = text_of(sent.doc)
    if ":" not in text[sent.start_char:sent.end_char]:
        return []
    toks = list(sent)
    opens_para = sent.start_char == 0 or text[:sent.start_char].rstrip(" \t").endswith("\n")
    lead = 0
    while lead < len(toks) and toks[lead].text in ('"', "“", "‘", "'"):
        lead += 1
    for k, t in enumerate(toks[:6 + lead]):
        if t.text != ":" or k <= lead:
            continue
        head = toks[lead:k]
        name = all(x.text[:1].isupper() or x.text in ("'s", "’s", ".") for x in head)
        shouting = all(x.is_upper or x.is_punct for x in head)
        if not name or any(x.like_num or any(ch.isdigit() for ch in x.text) for x in head):
            return []
        if other_cues and not (opens_para and shouting) or shouting and _dateline(head):
            return []
        end = text.find("\n", t.idx)
        end = len(text) if end < 0 or not opens_para else end
        end = end if opens_para else sent.end_char
        content = _trim_chars(text, toks[k + 1].idx if k + 1 < len(toks) else t.idx + 1, end)
        if not content:
            return []
        return [Cue((t.idx, t.idx + 1), [content], (head[0].idx, head[-1].idx + len(head[-1])), "colon", ":")]
    return []


def _dateline(head) -> bool:
    """ "JERUSALEM:", "CAIRO:": where the wire files from (a town of the gazetteer), not a speaker's turn."""
    name = " ".join(t.text for t in head if not t.is_punct).title()
    return any(e.kind in ("city", "country") and (e.population >= DATELINE_POPULATION or e.capital)
               for e in Gazetteer.default().lookup(name))


def _trim_chars(text, a, b):
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b - a > 3 else None


def _dash_cues(text):
    """ “...” ― Jane Doe: a byline after a quote names its speaker; the quote runs back to the start
    of its line (quote marks in such lists are often wrong)."""
    out = []
    for m in re.finditer(r"[”\"“.!?]\s*([―—])\s*([A-Z][\w.'’-]*(?:[ \xa0][A-Z][\w.'’-]*){0,4})", text):
        close = m.start() + 1
        begin = text.rfind("\n", 0, close) + 1
        prev = max(text.rfind("―", begin, m.start()), text.rfind("—", begin, m.start()))
        if prev >= 0:
            nxt = re.search(r"[“”\"]", text[prev + 1:close])
            begin = prev + 1 + nxt.start() if nxt else prev + 1
        content = _trim_chars(text, begin, close)
        if not content or content[1] - content[0] < 8 or text[content[0]] not in "“”\"":
            continue
        src = (m.start(2), m.end(2))
        out.append(Cue((m.start(1), m.start(1) + 1), [content], src, "dash", m.group(1)))
    return out


def make_cue(tok, content, src, lemma):
    doc = tok.doc
    end = tok.idx + len(tok)
    start = tok.idx
    # keep verb particles and negation with the cue ("pointed out", "did not deny")
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ in ("prep",) and lemma == "call" and c.lower_ in ("for", "on", "upon")):
            end = max(end, c.idx + len(c))
    source = np_span(src, tok) if src is not None else None
    if source and any(within(x, source) for x in content):
        # a misparse hung the source's words on the verb ("confirmed by the aide to the President of ...")
        content = [x for x in content if not within(x, source)]
        content = content or [span_of(x) for x in tok.children if x.dep_ == "nsubjpass"]
    c = Cue((start, end), content, source, lemma, text_of(doc)[start:end])
    rel = next((x for x in tok.children if x.dep_ == "nsubj" and x.tag_ in ("WP", "WDT")), None)
    if rel is not None and tok.dep_ == "relcl":
        c.pronoun = (rel.idx, rel.idx + len(rel))
    return c


def _add_channel(c, sent, lex):
    """ "said in a statement", "said a statement from X", "wrote on Facebook": note the channel."""
    low = text_of(sent.doc).lower()
    window = low[max(sent.start_char, c.cue[0] - 40):min(sent.end_char, c.cue[1] + 60)]
    src = low[c.source[0]:c.source[1]] if c.source else ""
    text = text_of(sent.doc)
    for ch in lex.channels:
        alone, after = _channel_patterns(ch)
        m = alone.search(src) if ch in src else None     # the substring test skips most regex scans
        if m:
            c.channel = text[c.source[0] + m.start():c.source[0] + m.end()]
            return
        for m in after.finditer(window) if ch in window else ():
            at = max(sent.start_char, c.cue[0] - 40) + m.start(1)
            if not any(a <= at < b for a, b in c.content):
                c.channel = text[at:at + len(ch)]
                return


@lru_cache(maxsize=None)
def _channel_patterns(ch: str) -> tuple[re.Pattern, re.Pattern]:
    return (re.compile(r"(?<!\w)" + re.escape(ch) + r"(?!\w)"),
            re.compile(r"(?<!\w)(?:in|on|via|through|during|at) (?:a|an|the|his|her|its|their)?\s*"
                       r"(?:\w+ )?(" + re.escape(ch) + r")(?!\w)"))
