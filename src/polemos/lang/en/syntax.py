"""English: the parse readers of its source finder (spaCy's dependency labels and English function words, as
spaCy keeps its English syntax iterators in lang/en). Who is the subject of a reporting verb, what its complements
are, the noun phrase of a speaker, and span arithmetic on character offsets.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from polemos import lang
from polemos.lang.en.words import lexicon

SPEECH_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "attr", "dep", "parataxis", "prep", "acomp", "advcl", "pcomp"}


if not Doc.has_extension("memo"):
    Doc.set_extension("memo", default=None)


def memo(doc) -> dict:
    """A dict that lives as long as the doc: what several readers of one sentence would each compute again."""
    if doc._.memo is None:
        doc._.memo = {}
    return doc._.memo


def chunks(sent) -> tuple:
    """The noun chunks, then the entities, of a sentence (spaCy walks the whole parse for each call)."""
    table = memo(sent.doc)
    key = ("chunks", sent.start, sent.end)
    if key not in table:
        table[key] = tuple(sent.noun_chunks) + tuple(sent.ents)
    return table[key]


NEGATION_REACH = 5          # heads between a verb and the negated verb it depends on
FINITE = ("VBZ", "VBD", "VBP")


def negated(tok) -> bool:
    """A verb that is negated, itself or the verb it hangs on ("did not reject", "did not issue any statement
    to confirm or reject the claim"); a negation in the content around a trigger noun is the content's."""
    if tok is None or tok.pos_ != "VERB":
        return False
    node = tok
    for _ in range(NEGATION_REACH):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.dep_ not in ("conj", "xcomp", "acl", "dobj", "aux") or node.head.i == node.i:
            return False
        if node.dep_ == "conj" and node.tag_ in FINITE:
            return False    # "hasn't disclosed its losses, but says 60 civilians died": an assertion of its own
        node = node.head
    return False


def purpose(tok) -> bool:
    """An infinitive that says what a thing is for ("a statement to confirm it"): no act of its own."""
    return tok.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def lemma_of(tok):
    """A reporting verb's lemma: its form's (the tagger may get "says" wrong), else the parser's."""
    return forms()["verbs"].get(tok.lower_) or tok.lemma_.lower()


@lru_cache(maxsize=1)
def forms() -> dict[str, dict[str, str]]:
    return lang.lexicon(lang.ENGLISH).get("cues", "forms")


@lru_cache(maxsize=1)
def phrases() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in lang.lexicon(lang.ENGLISH).get("cues", "phrases").items()}


def _trailing_speaker(tok):
    """ "A ship reported it was hit off Mokha, the Maritime Trade Operations (UKMTO) said": a reporting verb the parser
    hung without a subject on the verb before, right after a comma and a noun phrase, has that phrase as its
    speaker (the parser took the phrase for an apposition of the place before)."""
    if tok.dep_ not in ("conj", "parataxis") or tok.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    prev = tok.i - 1
    doc = tok.doc
    if prev >= 0 and doc[prev].text == ")":            # "(UKMTO) said"
        prev = next((i - 1 for i in range(prev, max(prev - 4, 0), -1) if doc[i].text == "("), -1)
    if prev < 0 or doc[prev].pos_ not in ("NOUN", "PROPN") or doc[prev].dep_ not in ("appos", "conj", "pobj"):
        return None
    head = doc[prev]
    left = head.left_edge.i
    return head if left > 0 and doc[left - 1].text == "," else None


def subject(tok):
    """The speaker of a reporting verb: its subject, the agent of a passive, the head of a participle
    ("..., saying"), of a relative clause ("X, who warned") or of a coordinated verb ("denied and accused")."""
    subjects = [c for c in tok.children
                if c.dep_ == "nsubj" and c.pos_ != "NUM" and c.ent_type_ not in ("TIME", "DATE")]
    if len(subjects) > 1:
        subjects = [c for c in subjects if claim_noun(c) is None] or subjects
    for c in subjects[-1:]:
        if c.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
            return tok.head if named(tok.head) else None
        return c
    for c in tok.children:
        if c.dep_ == "nsubjpass" and lemma_of(tok) in ("quote", "tell"):
            return c
    ag = agent(tok)
    if ag is not None:
        return ag
    if tok.dep_ == "relcl" and tok.head.pos_ in ("PROPN", "NOUN") and \
            not any(c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") for c in tok.children):
        return tok.head
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    trailing = _trailing_speaker(tok)
    if trailing is not None:
        return trailing
    if tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.i != tok.i and tok.head.tag_.startswith("VB") \
            and not (tok.dep_ == "advcl" and tok.tag_ != "VBG"):
        return subject(tok.head)
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


def claim_noun(tok):
    """ "a claim" in "a claim the ministry rejected": the object of a relative clause without "that"."""
    return tok if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in phrases()["claim_nouns"] else None


def ends_with_colon(tok, sent):
    """ "He said:" — the content follows the colon (in this sentence or the next)."""
    after = [t for t in sent if t.i > tok.i]
    colon = next((t for t in after if t.text == ":"), None)
    return colon is not None and all(not t.is_alpha or t.i < colon.i for t in after[-1:]) and \
        len([t for t in after if t.i > colon.i and not t.is_punct]) == 0


def named(tok):
    """A noun that can be a speaker on its own: a name, an organisation, a people."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


def agent(tok):
    for c in tok.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def is_clause(tok):
    return any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in tok.children) or tok.tag_.startswith("VB")


def complements(tok, src, lex):
    """The content of a reporting verb: its clause, object and argument-like dependents, without the
    channel ("in a statement"), time ("on Wednesday"), addressee ("told reporters") or source."""
    spans = []
    for c in tok.children:
        if src is not None and (c.i == src.i or c in src.ancestors):
            continue
        if c.dep_ not in SPEECH_DEPS and not (c.dep_ == "npadvmod" and c.pos_ == "VERB"):
            continue
        if c.dep_ == "prep" and not _content_prep(c, lex):
            spans += [span_of(g) for o in c.children if o.dep_ == "pobj" and channel_word(o)
                      for g in o.children if g.dep_ in ("acl", "relcl", "ccomp") and
                      g.left_edge.lower_ == "that"]
            continue
        if c.dep_ in ("dobj",) and _addressee(c, lex):
            continue
        if c.dep_ == "advcl" and not (c.i < tok.i):
            continue
        if c.dep_ == "dep" and c.is_punct:
            continue
        s = span_of(c)
        if s:
            spans.append(s)
    return merge(spans)


def _content_prep(prep, lex):
    """ "accused X of shelling", "called for talks", "warned of", "spoke about": argument preps."""
    low = prep.lower_
    if low not in ("of", "for", "on", "about", "against", "that", "upon", "to"):
        return False
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or channel_word(obj) or obj.ent_type_ in ("DATE", "TIME"):
        return False
    if low == "to" and (obj.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") or _addressee(obj, lex)):
        return False
    return True


def channel_word(tok):
    return tok.lemma_.lower() in phrases()["channel_lemmas"]


def _addressee(tok, lex):
    txt = " ".join(t.lower_ for t in tok.subtree)
    return txt in lex.addressees or tok.lower_ in ("reporters", "journalists", "correspondents")


def outside(sent, src, tok):
    """Sentence text outside the cue and source: the content of "…, the ministry said, …"."""
    left = min(src.left_edge.i, tok.i) if src is not None else tok.i
    right = max(src.right_edge.i if src is not None else tok.i, tok.i)
    for c in tok.children:
        if c.dep_ in ("prep", "npadvmod", "advmod", "dative", "dobj", "agent") and c.i > tok.i:
            right = max(right, c.right_edge.i)
    doc = sent.doc
    spans = []
    if left > sent.start:
        spans.append(trim(doc, sent.start, left - 1))
    if right + 1 < sent.end:
        spans.append(trim(doc, right + 1, sent.end - 1))
    return [s for s in spans if s and s[1] - s[0] > 3]


def trim(doc, a, b):
    """Char span of tokens a..b without edge punctuation except quote marks."""
    while a <= b and doc[a].is_punct and doc[a].text not in "“\"‘«":
        a += 1
    while b >= a and doc[b].is_punct and doc[b].text not in "”\"’»":
        b -= 1
    if a > b:
        return None
    return (doc[a].idx, doc[b].idx + len(doc[b]))


def span_of(tok):
    if tok is None:
        return None
    return trim(tok.doc, tok.left_edge.i, tok.right_edge.i)


def np_span(tok, cue=None):
    """A speaker's noun phrase without a trailing relative clause ("X, who warned ...") and on its own
    side of the cue (a misparsed apposition after the verb is not part of it)."""
    left, right = tok.left_edge.i, tok.right_edge.i
    doc = tok.doc
    while left > 0 and doc[left - 1].head.i == tok.head.i and doc[left - 1].dep_ == tok.dep_ and \
            tok.dep_ in ("nsubj", "nsubjpass") and claim_noun(doc[left - 1]) is None:
        left = doc[left - 1].left_edge.i      # "co - chairs": a subject split in pieces
    for c in tok.children:
        if c.dep_ in ("relcl", "acl") and c.i > tok.i:
            right = min(right, c.left_edge.i - 1)
    right = _title_phrase(tok, right)
    if cue is not None and tok.i < cue.i:
        right = min(right, cue.i - 1)
    elif cue is not None and tok.i > cue.i:
        left = max(left, cue.i + 1)
    return trim(tok.doc, left, max(right, tok.i))


def _title_phrase(tok, right):
    """ "by the aide to the President of Norland, Jan Marlov": a title's "to"/"of"/"for" phrase that the
    parser hung on the verb still names the speaker."""
    doc = tok.doc
    nxt = doc[right + 1] if right + 1 < len(doc) else None
    if nxt is None or tok.lemma_.lower() not in lexicon().titles or nxt.lower_ not in ("to", "of", "for") \
            or nxt.dep_ != "prep" or nxt.head.i == tok.i:
        return right
    return max(right, nxt.right_edge.i)


def minus(sent, hole):
    doc = sent.doc
    spans = []
    before = [t for t in sent if t.idx + len(t) <= hole[0]]
    after = [t for t in sent if t.idx >= hole[1]]
    if before:
        spans.append(trim(doc, before[0].i, before[-1].i))
    if after:
        spans.append(trim(doc, after[0].i, after[-1].i))
    return [s for s in spans if s and s[1] - s[0] > 3]


def merge(spans):
    spans = sorted(s for s in spans if s)
    out = []
    for s in spans:
        if out and s[0] <= out[-1][1] + 2:
            out[-1] = (out[-1][0], max(out[-1][1], s[1]))
        else:
            out.append(s)
    return out


def inside(span, quotes):
    return any(q[0] < span[0] and span[1] <= q[1] for q in quotes)


def within(a, b):
    return b[0] <= a[0] and a[1] <= b[1]


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def overlap_len(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
