"""Claimants: who a source's words name, as a canonical claimant with a side.

`resolve` turns a source phrase that attribution.py found ("the ministry", "he", "Jan Marlow", "the
country's president", "the watchdog") into a Who: a known speaker of data/speakers.csv (a surname misspelt by
one letter included), an earlier speaker for anaphors and pronouns, the country named before for "the
country's", a local institution on the side of its country, a monitor named before, a document with its
issuer's side, the article's own outlet, or the phrase itself with side unknown. attribution.py also resolves
relaying agencies ("..., Report informs") with it. This module loads the cue lexicon (data/lang/en.toml [cues])
(`lexicon`) too, which both modules read.

The sentences and the speaker's noun phrase come from polemos.segment and polemos.lang.en.syntax.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from polemos import conflicts, offices
from polemos.lang.en.syntax import np_span
from polemos.lang.en.words import lexicon
from polemos.segment import ents, sentences, text_of
from polemos.speakers import any_speaker, by_profile, speakers, words
from polemos.types import Article

OUTLET = "the outlet itself"


# --------------------------------------------------------------------------- claimants

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


def outlet_who(article: Article) -> Who:
    return Who(OUTLET, article.side or "unknown", "media")


def resolve(source: str, memory: list[Who], article: Article, doc_span=None, guess: bool = True) -> Who:
    """Canonical claimant of a source phrase: a known speaker, a country + organisation pattern, an
    earlier speaker for anaphors ("he", "the ministry"), or the phrase itself with side unknown. `guess`: a state's
    office that names no state speaks for the state of its context (False when scanning for an antecedent)."""
    text = " ".join(source.replace("’", "'").replace("\n", " ").split()).strip(" ,.;:\"“”")
    if text.count(",") >= 2 and not _match_rows(text.split(",", 1)[0].lower(), None, conflicts.of(article)):
        # a misparse hung a list on the speaker: "A, B and C provinces, the country's leader"; a speaker before the
        # list keeps it ("all Kessan groups from Valdor, Brenn and Orsk")
        text = text.rsplit(",", 1)[1].strip()
    low = text.lower()
    lex = lexicon()
    prof = conflicts.of(article)
    if _is_outlet(low, article):
        return outlet_who(article)
    if low in lex.person_pronouns or low in lex.any_pronouns or _bare_channel(low, lex):
        who = _anaphor(text, low, memory, article, doc_span)
        if who.side != "unknown" or low in lex.person_pronouns:
            return who
        if low in lex.any_pronouns or not offices.is_state_office(low):
            return _state_side(who, {}, None, text, low, memory, doc_span, prof) if guess else who
        # "the defence ministry" with no speaker of its kind before: a source of its own, read below
    low = words().maker.sub(lambda m: " " * len(m.group(0)), low)   # "a Turkish-made drone": a maker is no speaker
    bare = " ".join(low.split())
    if bare in lex.monitor or bare in lex.parties:      # "the U.S.-based group", "the militants": named before
        return _monitor_before(doc_span, memory, article, monitor=bare in lex.monitor,
                               party=bare in lex.parties) or Who(_clean_name(text), "unknown", anaphor=True)
    if words().countrys.match(low) and doc_span is not None:
        low = _country_before(doc_span, prof) + " " + words().countrys.sub("", low, count=1)
    found = _match_rows(low, text, prof)
    if "speaker" not in found:
        near = _misspelt_speaker(text, prof)
        if near:
            found["speaker"] = ((True, 0), near, 0)
    if _institution(low, lex) and "speaker" not in found:
        return _institution_who(text, _person_name(text, doc_span, prof), found.get("country"), doc_span, prof,
                                guess)
    document = _document(text, lex, found, prof) or _signed_by(doc_span, lex, prof)
    if document:
        return document
    person = _person_name(text, doc_span, prof)
    if person:
        prior = _same_person(person, memory)
        if prior and not found.get("speaker"):
            return replace(prior, anaphor=True)
    unnamed = _unnamed(found, person, text, low, article, doc_span, guess)
    if unnamed is not None:
        return unnamed
    rebels = _rebels(found, low)
    if rebels and not person:       # "the separatist forces": no state's; the armed group named before, if any
        return _monitor_before(doc_span, memory, article, monitor=False, party=True) or \
            Who(_clean_name(text), "unknown")
    if "country" not in found and "speaker" not in found and offices.is_state_office(low):
        placed = offices.place_state(doc_span, prof)     # "the Valdor region governor": the place's state
        if placed is not None and not person and "org" not in found:
            return Who(_clean_name(text), placed.side, "government")
        if placed is not None:
            found["country"] = ((False, 0), placed, 0)
    member = _member(found, person, text, doc_span)
    if member is not None:
        return member
    who = _by_rows(found, person, text, low, memory, article, doc_span)
    return _state_side(who, found, person, text, low, memory, doc_span, prof) if guess else who


def _rebels(found, low) -> bool:
    """A source qualified as fighting a state ("separatist forces", "rebel fighters") that no row names: no state's
    forces (a profile's row may name them: a country row matching "separatists" keeps them)."""
    if "speaker" in found or "group" in found:
        return False
    hit = offices.non_state(low)
    return hit is not None and not ("country" in found and found["country"][1].pattern.search(hit))


def _member(found, person, text, doc_span) -> Who | None:
    """ "an Iraqi military official", "a Malian army officer": an unnamed member of a state's forces, named as
    written with the state's adjective."""
    if person or "org" not in found or "country" not in found or doc_span is None or not len(doc_span):
        return None
    org, country = found["org"][1], found["country"][1]
    if org.source_type != "military" or doc_span.root.lower_ not in lexicon().members:
        return None
    name = _clean_name(text)
    if not country.pattern.search(name.lower()):
        name = f"{country.organisation} {name}"
    return Who(name, country.side, "military", person=True)


def _unnamed(found, person, text, low, article, doc_span, guess) -> Who | None:
    """ "residents", "two security sources", "local officials and eyewitnesses": people of the place are neutral, a
    state's unnamed sources speak for it, any other unnamed source for the outlet's side."""
    if person or "speaker" in found or "group" in found:
        return None
    lex = lexicon()
    heads = _heads(doc_span, low)
    if not heads or heads[0] not in lex.unnamed and not offices.of_the_place(low):
        return None
    name = _clean_name(text)
    if offices.of_the_place(low):
        return Who(name, "neutral", "witness", unnamed=True)
    if "country" in found:
        return None         # "Norlandic sources", "a journalist from Westland": read with the country below
    if guess and offices.is_state_office(low):
        row = offices.context_state(doc_span, conflicts.of(article))
        if row is not None:
            return Who(name, row.side, "government", unnamed=True)
    report = heads[0] in lex.report_nouns or low in lex.report_nouns
    return Who(name, article.side or "unknown", unnamed=True, report=report)


def _state_side(who, found, person, text, low, memory, doc_span, prof) -> Who:
    """A claimant left without a side whose words hold a state's office ("the interior ministry", "President Ivan
    Doe", "a military official") speaks for the state named nearest before it, else the article's main state."""
    if who.side != "unknown" or not offices.is_state_office(low):
        return who
    row = offices.context_state(doc_span, prof, local=offices.is_local_office(low))
    if row is None:
        return who
    member = _member({**found, "country": ((False, 0), row, 0)}, person, text, doc_span)
    if member is not None:
        return member
    if person:
        return _person_who(person, text, ((False, 0), row, 0), found.get("org"), memory, prof)
    if found.get("org"):
        return _org_who(found["org"][1], row)
    return replace(who, side=row.side)


def _anaphor(text, low, memory, article, doc_span) -> Who:
    """ "he", "the ministry", "the statement": the last fitting speaker, a person named before, or a party named
    in the sentences before."""
    person = low in lexicon().person_pronouns
    found = _antecedent(low, memory, person=person)
    named = _last_person_named(doc_span, memory, article) if person else None
    if named and (found is None or named.at > found.at and named.side != "unknown"):
        found = named           # a "person" of no side the tagger found ("Majdal Shams") is no better antecedent
    if found is None and low not in words().impersonal:
        found = _mentioned_before(doc_span, article, low, person)
    if found is None and low in words().impersonal:
        found = _subject_before(doc_span, article)      # "X has taken the town, it said"
    if found is None and person and memory:
        found = replace(memory[-1], anaphor=True)       # "The group's media office said ... He added": its spokesman
    return found or Who(text, "unknown", anaphor=True)


def _subject_before(span, article) -> Who | None:
    """The subject of the clause a pronoun source closes ("The Kessa Army has taken the camp, it said"): a named
    party of this sentence, before the pronoun."""
    if span is None or not len(span):
        return None
    sent = span[0].sent
    subj = next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < span.start and
                 t.lower_ not in lexicon().any_pronouns), None)
    if subj is None:
        return None
    phrase = span.doc[subj.left_edge.i:subj.i + 1]
    who = resolve(phrase.text, [], article, phrase, guess=False)
    return replace(who, anaphor=True, at=phrase.start_char) if who.side != "unknown" and who.name != OUTLET else None


def _by_rows(found, person, text, low, memory, article, doc_span) -> Who:
    """The claimant of the speaker table's best rows: a speaker, a group, a person with a title, an organisation
    of a country, a country, an unnamed source."""
    lex, prof = lexicon(), conflicts.of(article)
    if found.get("speaker"):
        sp = found["speaker"][1]
        if person and not _is_person_row(sp) and person.lower() not in sp.pattern.pattern.lower():
            # "Al Jazeera's Bernard Smith": a named person of a known organisation
            return Who(f"{person} ({sp.canonical})", sp.side, sp.source_type, sp.organisation, person=True)
        body = _body_of(sp, found["speaker"][2], text, low, doc_span)
        if body:
            return Who(body, sp.side, sp.source_type, sp.organisation)
        return Who(sp.canonical, sp.side, sp.source_type, sp.organisation, person=_is_person_row(sp),
                   party=_is_party(sp))
    if found.get("group"):
        sp = found["group"][1]
        if sp.side == "international":   # "world powers", "most countries, including Norland": their own words
            name = _clean_name(text)
            return Who(name[:1].upper() + name[1:], sp.side, sp.source_type)
        return Who(sp.canonical, sp.side, sp.source_type)
    country = found.get("country")
    org = found.get("org")
    if person:
        return _person_who(person, text, country, org, memory, prof)
    if org and country:
        return _org_who(org[1], country[1])
    if org:
        generic = org[1].canonical.startswith(("{adj}", "Government of"))
        ante = _antecedent_org(org[1], memory) or (replace(memory[-1], anaphor=True) if generic and memory else None)
        home = _home_country(article) if not generic else None
        return ante or (_org_who(org[1], home) if home else Who(_clean_name(text), "unknown", org[1].source_type))
    if country:
        head = _heads(doc_span, low)[-1]
        if head in lex.unnamed or head in lex.report_nouns:   # "a journalist from Westland": the country is no speaker
            return Who(_clean_name(text), country[1].side, unnamed=True, report=head in lex.report_nouns)
        return _country_who(country[1])
    heads = _heads(doc_span, low)
    if heads and (heads[0] in lex.unnamed or heads[0] in lex.report_nouns or low in lex.report_nouns):
        report = heads[0] in lex.report_nouns or low in lex.report_nouns
        return Who(_clean_name(text), article.side or "unknown", unnamed=True, report=report)
    return Who(_clean_name(text), "unknown")


def _body_of(sp, start, text, low, doc_span) -> str | None:
    """ "the United Nations' independent fact-finding mission on Norland": a body of a known organisation, named as
    written after it, the possessive dropped."""
    if _is_person_row(sp) or doc_span is None or not len(doc_span) or doc_span.root.lower_ not in lexicon().bodies:
        return None
    m = sp.pattern.match(low, start)
    if m is None or not re.match(r"['’]s?\s", text[m.end():]):
        return None
    return _clean_name(re.sub(r"['’]s?\s", " ", text[start:], count=1)) if len(text) - m.end() > 3 else None


def _heads(doc_span, low) -> list[str]:
    """The head word of a source in a list: its parse root, or its last word (none for no words)."""
    if doc_span is not None and len(doc_span):
        return [doc_span.root.lower_]
    return words().determiner.sub("", low).split()[-1:]


def _misspelt_speaker(text, prof):
    """A known person's surname written with one letter wrong ("Marlow" for Marlov); the female form
    (one more "a": "Aliyeva") is another person."""
    for word in re.findall(r"\b[A-Z][a-z]{5,}\b", text):
        sp = _near_surname(word.lower(), prof.name)
        if sp is not None:
            return sp
    return None


@lru_cache(maxsize=4096)
def _near_surname(word, profile_name):
    hits = {sp for sp in by_profile(profile_name) for name in sp.surnames
            if name == word or (_one_edit(word, name) and word.rstrip("a") != name.rstrip("a"))}
    return hits.pop() if len(hits) == 1 else None


def _one_edit(a, b):
    """a and b differ by one substitution, insertion, deletion or swap of two neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def _institution(low, lex):
    return next((w for w in lex.institutions if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low)), None)


def _institution_who(text, person, country, doc_span, prof, guess=True):
    """ "a spokesperson for the Valdor hospital", "the hospital's spokesperson Ann Doe": a local institution
    is no government; its speaker takes the side of the country it is in, named in the source (its town's, "the
    Valdor mayor") or near it."""
    row = country[1] if country else offices.place_state(doc_span, prof) or \
        _country_row(_nearest_country(doc_span, prof)) or \
        (offices.context_state(doc_span, prof, local=True) if guess else None)
    side = row.side if row else "unknown"
    if person:
        title = _title_words(text, person, prof)
        return Who(f"{person} ({title})" if title else person, side, "institution", person=True)
    return Who(_clean_name(text), side, "institution")


def _country_row(found):
    return found[2] if found else None


def _countries_near(span, prof):
    """(start, end, row) of every country or capital named in span's sentence before it and in the sentence
    before that, in text order."""
    if span is None:
        return []
    sents = sentences(span.doc)
    i = bisect.bisect_right([x.start_char for x in sents], span.start_char) - 1
    start = sents[max(i - 1, 0)].start_char
    low = text_of(span.doc)[start:span.start_char].lower().replace("’", "'")
    hits = [(start + m.start(), start + m.end(), sp) for sp in speakers(prof) if sp.kind == "country"
            for m in sp.pattern.finditer(low)]
    return sorted(hits, key=lambda h: h[0])


def _nearest_country(span, prof):
    hits = _countries_near(span, prof)
    return hits[-1] if hits else None


def _monitor_before(span, memory, article, monitor=True, party=False):
    """ "the watchdog said", "the group said", "the militants claimed": the last monitor (or armed group) that
    spoke, else the nearest one named in this sentence before it or in the three before (a quote included:
    "Amnesty's experts traced ...," the watchdog said)."""
    fits = lambda w: (monitor and w.source_type == "monitor") or (party and w.party)   # noqa: E731
    for w in reversed(memory):
        if fits(w):
            return replace(w, anaphor=True)
    if span is None:
        return None
    sents = [x for x in sentences(span.doc) if x.start_char < span.start_char][-4:]
    for x in reversed(sents):
        chunks = [c for c in list(x.noun_chunks) + list(x.ents) if c.end_char <= span.start_char]
        for chunk in sorted(chunks, key=lambda c: -c.start_char):
            if chunk.text.lower() in lexicon().monitor or chunk.text.lower() in lexicon().parties:
                continue
            who = resolve(chunk.text, [], article, chunk, guess=False)
            if fits(who):
                return replace(who, anaphor=True, at=chunk.start_char)
    return None


def _document(text, lex, found, prof):
    """ "Multiple UN resolutions demand ...": a text whose issuer is named before it is the source, named as
    written up to the document word ("UN resolutions"), with the issuer's side; the issuer alone would make
    an old resolution a statement made today."""
    tokens = text.split()
    at = next((i for i, w in enumerate(tokens) if w.lower().strip(",;:") in lex.documents), None)
    if not at:
        return None
    name = words().quantity.sub("", " ".join(tokens[:at + 1]).strip(",;: "))
    issuer = _match_rows(name.lower(), name, prof)
    row = next((issuer[k][1] for k in ("speaker", "group", "country") if k in issuer), None)
    if row is None or len(name.split()) < 2:
        return None
    return Who(name, row.side, "document")


def _signed_by(span, lex, prof):
    """ "according to a document agreed upon by Norlandic, Sudlandic and Westlandic ministers": a text with no
    issuer before it speaks for those who signed it, named as written; several sides make it a joint one."""
    if span is None or not len(span) or span.root.lower_ not in lex.documents:
        return None
    verb = next((c for c in span.root.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
    agent = next((g for c in (verb.children if verb is not None else ()) if c.dep_ in ("agent", "prep")
                  and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"), None)
    if agent is None:
        return None
    phrase = span.doc[agent.left_edge.i:agent.right_edge.i + 1].text
    sides = {sp.side for sp in speakers(prof)
             if sp.kind in ("country", "speaker") and sp.pattern.search(phrase.lower())}
    if not sides:
        return None
    return Who(_clean_name(phrase), sides.pop() if len(sides) == 1 else "neutral", "document")


def _mentioned_before(span, article, low, person):
    """An anaphor no earlier speaker fits: the nearest party named in the three sentences before it
    ("Marlov visited Valdor. He said ..."), a person for "he"/"she", an organisation for "the ministry"."""
    if span is None:
        return None
    doc = span.doc
    sents = [s for s in sentences(doc) if s.end_char <= span.start_char][-3:]
    ministry = any(w in low for w in words().office)
    for s in reversed(sents):
        for chunk in reversed(list(s.noun_chunks) + list(s.ents)):
            said = chunk.text.lower().replace("’", "'")
            if said in lexicon().person_pronouns or said in lexicon().any_pronouns or len(said) < 3:
                continue
            who = resolve(chunk.text, [], article, chunk, guess=False)
            if who.side == "unknown" or who.name == OUTLET or who.unnamed or who.anaphor:
                continue
            if low in words().personal and not who.person:
                continue
            if ministry and who.person and who.organisation:
                return Who(who.organisation, who.side, who.source_type, who.organisation, anaphor=True)
            if ministry and not any(w in who.name.lower() for w in words().office):
                continue
            return replace(who, anaphor=True, at=chunk.start_char)
    return None


def _bare_channel(low, lex):
    """ "the statement", "the announcement", "a statement": a speech with no speaker named in it."""
    found = words().determiner.sub("", low).split()
    return 0 < len(found) <= 2 and found[-1] in words().channel_nouns


def _country_before(span, prof):
    """What "the country's" points to: the country named as a noun in this sentence or the one before, a
    subject first ("Norland claims ... in the Kessa region. The country's ministry said"), else the
    nearest; an adjective ("Sudlandic") or a modifier ("the Kessa region") is no country here. Failing
    that, the country named last before `span`."""
    near = [(h, _country_token(span.doc, h)) for h in _countries_near(span, prof)]
    nouns = [(h, t) for h, t in near if t is not None and _as_noun(t)]
    subjects = [(h, t) for h, t in nouns if t.dep_ in ("nsubj", "nsubjpass")]
    places = [(h, t) for h, t in near if t is not None and t.head.lemma_.lower() in lexicon().place_nouns
              and t.head.i > t.i]
    pick = subjects or nouns or places
    if pick:
        return text_of(span.doc)[pick[-1][0][0]:pick[-1][0][1]].lower()
    best = ""
    low = text_of(span.doc)[:span.start_char].lower()
    at = -1
    for sp in speakers(prof):
        if sp.kind != "country":
            continue
        for m in sp.pattern.finditer(low):
            if m.start() > at:
                at, best = m.start(), m.group(0)
    return best


def _country_token(doc, hit):
    """The last token of a country mention, None for a dateline ("MOSCOW (Sputnik) -"): where the wire
    files from is not what the article is about."""
    span = doc.char_span(hit[0], hit[1], alignment_mode="expand")
    tok = span[-1] if span is not None and len(span) else None
    if tok is None or tok.text.isalpha() and tok.text.isupper() and len(tok.text) > 3:
        return None
    return tok


def _as_noun(tok):
    """A country mention standing as a noun: not "Sudlandic", not the modifier in "the Kessa region"."""
    return not (tok.ent_type_ == "NORP" or tok.tag_ == "JJ" or tok.dep_ in ("compound", "amod", "nmod"))


def _last_person_named(span, memory, article):
    """ "he said" with no speaker yet: the last PERSON named before it in the text."""
    if span is None:
        return None
    people = [e for e in span.doc.ents if e.label_ == "PERSON" and e.end_char <= span.start_char]
    for e in reversed(people):
        if len(e) < 2 and not _same_person(e.text, memory):
            continue  # a lone capitalised word is too often a place ("Valdor")
        np = np_span(e.root)
        phrase = span.doc.char_span(*np, alignment_mode="expand") if np else e
        who = resolve(phrase.text, memory, article, phrase)
        if who.person or "(" in who.name or who.side == "unknown":
            return replace(who, person=True, anaphor=True, at=e.start_char)
    return None


def _is_outlet(low, article):
    if not article.outlet:
        return False
    out = re.sub(r"\(.*?\)", "", article.outlet).lower().strip()
    name = words().determiner.sub("", low).strip(" \"'")
    return bool(out) and (name == out or name == words().determiner.sub("", out))


def _match_rows(low, text=None, prof=None):
    """Best match per kind: {"speaker": (rank, Speaker, start), "country": ..., "org": ...}. A name
    written in capitals ("Jan Marlov") beats a title ("Norland's president"); then the longest."""
    text = text if text is not None and len(text) == len(low) else low
    best = {}
    for sp in speakers(prof) if any_speaker(prof).search(low) else ():
        for m in sp.pattern.finditer(low):
            written = text[m.start():m.end()].split()
            proper = sp.kind == "speaker" and all(w[:1].isupper() for w in written)
            rank = (proper, m.end() - m.start())
            if rank > best.get(sp.kind, ((False, 0), None, 0))[0]:
                best[sp.kind] = (rank, sp, m.start())
    return best


def _is_person_row(sp):
    return sp.person


def _is_party(sp):
    """A body that fights and holds no state: an armed group ("the group said" may point to it)."""
    return not sp.person and not sp.country and sp.source_type == "military" and \
        sp.side not in conflicts.NEUTRAL


def _home_country(article):
    """The country of a partisan outlet: "the Prosecutor General's Office" in a Norlandic outlet, with no
    country named nor an earlier speaker of its kind, is Norland's."""
    side = (article.side or "").lower()
    return next((sp for sp in speakers(conflicts.of(article)) if sp.kind == "country" and side and sp.side == side and
                 sp.organisation.lower() == side), None)


def _org_who(org, country):
    prefix = country.source_type or country.canonical
    name = org.canonical.format(country=prefix, adj=country.organisation)
    if name.startswith("Government of"):
        name = org.canonical.format(country=country.canonical, adj=country.organisation)
    return Who(name, country.side, org.source_type, name)


def _country_who(country):
    tmpl = country.government or "Government of {country}"
    name = tmpl.format(country=country.canonical, adj=country.organisation)
    return Who(name, country.side, "government", name)


def _person_name(text, doc_span, prof):
    """A person's name in a source phrase: the capitalised words beside a title ("spokesperson Ann Roe"), else a
    PERSON entity that is no country or organisation word."""
    titled = offices.titled_name(doc_span)
    if titled and not _known_word(titled, prof.name):
        return titled
    if doc_span is not None:
        ents = [e for e in _ents(doc_span) if e.label_ == "PERSON" and not _known_word(e.text, prof.name)
                and not _in_a_list(e, doc_span)]
        if ents:
            name = ents[-1].text
            for ending in words().possessive:
                name = name.replace(ending, "")
            return name.strip()
    return None


def _in_a_list(ent, doc_span):
    """A name in a list the source's head noun governs ("all groups from Valdor, Brenn and Orsk") is no speaker."""
    root = doc_span.root if len(doc_span) else None
    return root is not None and root.tag_ in ("NNS", "NNPS") and ent.root is not root and \
        (ent.root.dep_ in ("conj", "pobj", "appos") and ent.root.head is not root or ent.root.dep_ == "conj")


def _ents(doc_span):
    """doc_span.ents, from the doc's entities taken once: Span.ents builds every entity of the doc on each call."""
    doc = getattr(doc_span, "doc", doc_span)
    found = ents(doc)
    if doc_span is doc:
        return list(found)
    return [e for e in found if e.start >= doc_span.start and e.end <= doc_span.end]


@lru_cache(maxsize=4096)
def _known_word(name, profile_name):
    """A "person" the tagger found that is a country or organisation word ("Kessa")."""
    low = name.lower().replace("’", "'")
    return any(sp.kind != "speaker" and sp.pattern.fullmatch(low) for sp in by_profile(profile_name))


def _same_person(name, memory):
    last = name.split()[-1].lower()
    for w in reversed(memory):
        if w.person and last in w.name.lower().split(" (")[0].split():
            return w
    return None


def _person_who(person, text, country, org, memory, prof):
    role = ""
    if org:
        role = org[1].canonical.format(country="", adj="").strip()
    title = _title_words(text, person, prof)
    if title and (not role or len(title) > len(role)):
        role = title
    side = country[1].side if country else "unknown"
    cname = country[1].canonical if country else ""
    if not country and org:
        ante = _antecedent_org(org[1], memory)
        if ante:
            side, cname = ante.side, ante.name.split()[0]
    label = " ".join(x for x in (cname, role) if x).strip()
    name = f"{person} ({label})" if label else person
    return Who(name, side, org[1].source_type if org else None, person=True)


def _title_words(text, person, prof):
    """Title words around a name ("presidential spokesperson"), without the country word."""
    rest = text.replace(person, " ")
    found = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", rest) if w.lower() not in words().title_skip]
    found = [w for w in found if not any(sp.kind == "country" and sp.pattern.fullmatch(w.lower())
                                         for sp in speakers(prof))]
    common = lexicon().person_titles | lexicon().unit_nouns
    return " ".join(w if w.isupper() or (w[:1].isupper() and w.lower() not in common) else w.lower()
                    for w in found[:4])


def _antecedent(low, memory, person):
    lex = lexicon()
    want_min = any(w in low for w in words().organisation)
    for w in reversed(memory):
        if w.unnamed:
            continue
        if low in words().group and not _plural(w.name):
            continue
        if person and not w.person and low in words().personal:
            continue
        if want_min and w.person and w.organisation:
            return Who(w.organisation, w.side, w.source_type, w.organisation, anaphor=True)
        return replace(w, anaphor=True)
    if person:
        return _antecedent(low, memory, False) if low in lex.any_pronouns else None
    return None


def _plural(name):
    """A group name "they" can point to: officials, authorities, forces, two parties."""
    low = name.lower()
    return any(w in low for w in words().plural)


def _antecedent_org(org, memory):
    """ "the Foreign Ministry" with no country: the last speaker of that kind of organisation."""
    kind = org.canonical.format(country="", adj="").strip().lower()
    for w in reversed(memory):
        for name in (w.name, w.organisation or ""):
            if kind and kind in name.lower():
                n = name if name != w.name or not w.person else (w.organisation or name)
                return Who(n, w.side, w.source_type, w.organisation, anaphor=True)
    return None


def _clean_name(text):
    text = words().determiner.sub("", text.strip())
    return text[:80]
