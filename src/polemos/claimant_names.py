"""Names and rows of claimants: the speaker table's rows a source phrase matches, a person's name and title in it,
the country a phrase points to ("the country's"), and the canonical names of a state's bodies and people. polemos.
claimants resolves a source with these; the English cue finder (polemos.lang.en.cues) matches rows with them too.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import conflicts, offices
from polemos.lang.en.words import lexicon
from polemos.segment import ents, sentences, text_of
from polemos.speakers import ACRONYM, by_profile, candidates, mentions, speakers, words


@dataclass
class Who:
    """A resolved claimant."""
    name: str
    side: str
    source_type: str | None = None
    organisation: str | None = None
    person: bool = False
    unnamed: bool = False           # "sources", "witnesses": not a named speaker
    report: bool = False            # "preliminary reports": the outlet relays them
    anaphor: bool = False           # resolved from "he", "the ministry"...
    at: int = -1                    # where it was named (char offset), for recency
    party: bool = False             # a non-state armed group speaking for itself ("the group" may point to it)


def body_of(sp, start, text, low, doc_span) -> str | None:
    """ "the United Nations' independent fact-finding mission on Norland": a body of a known organisation, named as
    written after it, the possessive dropped."""
    if is_person_row(sp) or doc_span is None or not len(doc_span) or doc_span.root.lower_ not in lexicon().bodies:
        return None
    m = sp.pattern.match(low, start)
    if m is None or not re.match(r"['’]s?\s", text[m.end():]):
        return None
    return clean_name(re.sub(r"['’]s?\s", " ", text[start:], count=1)) if len(text) - m.end() > 3 else None


def head_words(doc_span, low) -> list[str]:
    """The head word of a source in a list: its parse root, or its last word (none for no words)."""
    if doc_span is not None and len(doc_span):
        return [doc_span.root.lower_]
    return words().determiner.sub("", low).split()[-1:]


def misspelt_speaker(text, prof):
    """A known person's surname written with one letter wrong ("Marlow" for Marlov); the female form
    (one more "a": "Aliyeva") is another person."""
    for word in re.findall(r"\b[A-Z][a-z]{5,}\b", text):
        sp = near_surname(word.lower(), prof.name)
        if sp is not None:
            return sp
    return None


@lru_cache(maxsize=4096)
def near_surname(word, profile_name):
    hits = {sp for sp in by_profile(profile_name) for name in sp.surnames
            if name == word or (one_edit(word, name) and word.rstrip("a") != name.rstrip("a"))}
    return hits.pop() if len(hits) == 1 else None


def one_edit(a, b):
    """a and b differ by one substitution, insertion, deletion or swap of two neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def country_row(found):
    return found[2] if found else None


def countries_near(span, prof):
    """(start, end, row) of every country or capital named in span's sentence before it and in the sentence
    before that, in text order."""
    if span is None:
        return []
    sents = sentences(span.doc)
    i = bisect.bisect_right([x.start_char for x in sents], span.start_char) - 1
    start = sents[max(i - 1, 0)].start_char
    written = text_of(span.doc)[start:span.start_char].replace("’", "'")
    hits = [(start + m.start(), start + m.end(), sp) for sp in speakers(prof) if sp.kind == "country"
            for m in mentions(sp, written)]
    return sorted(hits, key=lambda h: h[0])


def nearest_country(span, prof):
    hits = countries_near(span, prof)
    return hits[-1] if hits else None


def country_before(span, prof):
    """What "the country's" points to: the country named as a noun in this sentence or the one before, a
    subject first ("Norland claims ... in the Kessa region. The country's ministry said"), else the
    nearest; an adjective ("Sudlandic") or a modifier ("the Kessa region") is no country here. Failing
    that, the country named last before `span`."""
    near = [(h, country_token(span.doc, h)) for h in countries_near(span, prof)]
    nouns = [(h, t) for h, t in near if t is not None and as_noun(t)]
    subjects = [(h, t) for h, t in nouns if t.dep_ in ("nsubj", "nsubjpass")]
    places = [(h, t) for h, t in near if t is not None and t.head.lemma_.lower() in lexicon().place_nouns
              and t.head.i > t.i]
    pick = subjects or nouns or places
    if pick:
        return text_of(span.doc)[pick[-1][0][0]:pick[-1][0][1]].lower()
    best = ""
    written = text_of(span.doc)[:span.start_char]
    at = -1
    for sp in speakers(prof):
        if sp.kind != "country":
            continue
        for m in mentions(sp, written):
            if m.start() > at:
                at, best = m.start(), m.group(0).lower()
    return best


def country_token(doc, hit):
    """The last token of a country mention, None for a dateline ("MOSCOW (Sputnik) -"): where the wire
    files from is not what the article is about."""
    span = doc.char_span(hit[0], hit[1], alignment_mode="expand")
    tok = span[-1] if span is not None and len(span) else None
    if tok is None or tok.text.isalpha() and tok.text.isupper() and len(tok.text) > 3:
        return None
    return tok


def as_noun(tok):
    """A country mention standing as a noun: not "Sudlandic", not the modifier in "the Kessa region"."""
    return not (tok.ent_type_ == "NORP" or tok.tag_ == "JJ" or tok.dep_ in ("compound", "amod", "nmod"))


def is_outlet(low, article):
    if not article.outlet:
        return False
    out = re.sub(r"\(.*?\)", "", article.outlet).lower().strip()
    name = words().determiner.sub("", low).strip(" \"'")
    return bool(out) and (name == out or name == words().determiner.sub("", out))


def match_rows(low, text=None, prof=None):
    """Best match per kind: {"speaker": (rank, Speaker, start), "country": ..., "org": ...}. A name
    written in capitals ("Jan Marlov") beats a title ("Norland's president"); then the longest."""
    text = text if text is not None and len(text) == len(low) else low
    hits = []
    for sp in candidates(low, prof):
        for m in sp.pattern.finditer(low):
            if text is not low and m.end() - m.start() <= ACRONYM and text[m.start():m.end()].islower():
                continue    # "us", "un": a word, not the acronym "US" or "UN"
            hits.append((sp, m.start(), m.end()))
    best = {}
    for sp, start, end in hits:
        written = text[start:end].split()
        proper = sp.kind == "speaker" and all(w[:1].isupper() for w in written) and \
            not _inside_speaker(start, end, hits)
        rank = (proper, end - start)
        if rank > best.get(sp.kind, ((False, 0), None, 0))[0]:
            best[sp.kind] = (rank, sp, start)
    return best


def _inside_speaker(start, end, hits):
    """A name inside a longer speaker's name ("the Kessa-run health ministry") names that speaker, not itself."""
    return any(sp.kind == "speaker" and s <= start and end <= e and e - s > end - start for sp, s, e in hits)


def is_person_row(sp):
    return sp.person


def is_party(sp):
    """A body that fights and holds no state: an armed group ("the group said" may point to it)."""
    return not sp.person and not sp.country and sp.source_type == "military" and \
        sp.side not in conflicts.NEUTRAL


def home_country(article):
    """The country of a partisan outlet: "the Prosecutor General's Office" in a Norlandic outlet, with no
    country named nor an earlier speaker of its kind, is Norland's."""
    side = (article.side or "").lower()
    return next((sp for sp in speakers(conflicts.of(article)) if sp.kind == "country" and side and sp.side == side and
                 sp.organisation.lower() == side), None)


def org_who(org, country):
    prefix = country.source_type or country.canonical
    name = org.canonical.format(country=prefix, adj=country.organisation)
    if name.startswith("Government of"):
        name = org.canonical.format(country=country.canonical, adj=country.organisation)
    return Who(name, country.side, org.source_type, name)


def country_who(country):
    tmpl = country.government or "Government of {country}"
    name = tmpl.format(country=country.canonical, adj=country.organisation)
    return Who(name, country.side, "government", name)


def person_name(text, doc_span, prof):
    """A person's name in a source phrase: the capitalised words beside a title ("spokesperson Ann Roe"), else a
    PERSON entity that is no country or organisation word."""
    titled = offices.titled_name(doc_span)
    if titled and not known_word(titled, prof.name):
        return titled
    if doc_span is not None:
        people = [e for e in span_ents(doc_span) if e.label_ == "PERSON" and not known_word(e.text, prof.name)
                  and not in_a_list(e, doc_span)]
        if people:
            name = people[-1].text
            for ending in words().possessive:
                name = name.replace(ending, "")
            return name.strip()
    return None


def in_a_list(ent, doc_span):
    """A name in a list the source's head noun governs ("all groups from Valdor, Brenn and Orsk") is no speaker."""
    root = doc_span.root if len(doc_span) else None
    return root is not None and root.tag_ in ("NNS", "NNPS") and ent.root is not root and \
        (ent.root.dep_ in ("conj", "pobj", "appos") and ent.root.head is not root or ent.root.dep_ == "conj")


def span_ents(doc_span):
    """doc_span.ents, from the doc's entities taken once: Span.ents builds every entity of the doc on each call."""
    doc = getattr(doc_span, "doc", doc_span)
    found = ents(doc)
    if doc_span is doc:
        return list(found)
    return [e for e in found if e.start >= doc_span.start and e.end <= doc_span.end]


@lru_cache(maxsize=4096)
def known_word(name, profile_name):
    """A "person" the tagger found that is a country or organisation word ("Kessa")."""
    low = name.lower().replace("’", "'")
    return any(sp.kind != "speaker" and sp.pattern.fullmatch(low)
               for sp in candidates(low, conflicts.load(profile_name)))


def same_person(name, memory):
    last = name.split()[-1].lower()
    for w in reversed(memory):
        if w.person and last in w.name.lower().split(" (")[0].split():
            return w
    return None


def person_who(person, text, country, org, memory, prof):
    role = ""
    if org:
        role = org[1].canonical.format(country="", adj="").strip()
    title = title_words(text, person, prof)
    if title and (not role or len(title) > len(role)):
        role = title
    side = country[1].side if country else "unknown"
    cname = country[1].canonical if country else ""
    if not country and org:
        ante = antecedent_org(org[1], memory)
        if ante:
            side, cname = ante.side, ante.name.split()[0]
    label = " ".join(x for x in (cname, role) if x).strip()
    name = f"{person} ({label})" if label else person
    return Who(name, side, org[1].source_type if org else None, person=True)


def title_words(text, person, prof):
    """Title words around a name ("presidential spokesperson"), without the country word."""
    rest = text.replace(person, " ")
    found = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", rest) if w.lower() not in words().title_skip]
    found = [w for w in found if not any(sp.kind == "country" and sp.pattern.fullmatch(w.lower())
                                         for sp in candidates(w.lower(), prof))]
    common = lexicon().person_titles | lexicon().unit_nouns
    return " ".join(w if w.isupper() or (w[:1].isupper() and w.lower() not in common) else w.lower()
                    for w in found[:4])


def antecedent_org(org, memory):
    """ "the Foreign Ministry" with no country: the last speaker of that kind of organisation."""
    kind = org.canonical.format(country="", adj="").strip().lower()
    for w in reversed(memory):
        for name in (w.name, w.organisation or ""):
            if kind and kind in name.lower():
                n = name if name != w.name or not w.person else (w.organisation or name)
                return Who(n, w.side, w.source_type, w.organisation, anaphor=True)
    return None


def clean_name(text):
    text = words().determiner.sub("", text.strip())
    return text[:80]
