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

import re
from dataclasses import replace

from polemos import conflicts, offices
from polemos.claimant_names import (
    Who,
    antecedent_org,
    body_of,
    clean_name,
    country_before,
    country_row,
    country_who,
    head_words,
    home_country,
    is_outlet,
    is_party,
    is_person_row,
    match_rows,
    misspelt_speaker,
    nearest_country,
    org_who,
    person_name,
    person_who,
    same_person,
    title_words,
)
from polemos.lang.en.syntax import chunks, memo, np_span
from polemos.lang.en.words import lexicon
from polemos.segment import sentences
from polemos.speakers import speakers, state_sides, words
from polemos.types import Article

OUTLET = "the outlet itself"
POSSESSIVES = ("his", "her", "its", "their")
TIED = re.compile(r"\w-(?:linked|affiliated|allied|backed|aligned|sponsored|supported|inspired)$")
QUOTE_OPEN = ("“", "\"", "«", "‘")


# --------------------------------------------------------------------------- claimants

def outlet_who(article: Article) -> Who:
    return Who(OUTLET, article.side or "unknown", "media")


def resolve(source: str, memory: list[Who], article: Article, doc_span=None, guess: bool = True) -> Who:
    """Canonical claimant of a source phrase: a known speaker, a country + organisation pattern, an
    earlier speaker for anaphors ("he", "the ministry"), or the phrase itself with side unknown. `guess`: a state's
    office that names no state speaks for the state of its context (False when scanning for an antecedent)."""
    text = " ".join(source.replace("’", "'").replace("\n", " ").split()).strip(" ,.;:\"“”")
    if text.count(",") >= 2 and not match_rows(text.split(",", 1)[0].lower(), None, conflicts.of(article)):
        # a misparse hung a list on the speaker: "A, B and C provinces, the country's leader"; a speaker before the
        # list keeps it ("all Kessan groups from Valdor, Brenn and Orsk")
        text = text.rsplit(",", 1)[1].strip()
    low = text.lower()
    lex = lexicon()
    prof = conflicts.of(article)
    if is_outlet(low, article):
        return outlet_who(article)
    before = _titled_before(low, memory) or _party_member(text, low, memory, article, doc_span)
    if before is not None:
        return before
    if low in lex.person_pronouns or low in lex.any_pronouns or _bare_channel(low, lex):
        who = _anaphor(text, low, memory, article, doc_span)
        if who.side != "unknown" or low in lex.person_pronouns:
            return who
        if low in lex.any_pronouns or not offices.is_state_office(low):
            return _state_side(who, {}, None, text, low, memory, doc_span, prof) if guess else who
        # "the defence ministry" with no speaker of its kind before: a source of its own, read below
    low = words().maker.sub(lambda m: " " * len(m.group(0)), low)   # "a Turkish-made drone": a maker is no speaker
    bare = " ".join(w for w in low.split() if not TIED.search(w))     # "the Qaeda-linked group": "the group"
    if bare in lex.monitor or bare in lex.parties:      # "the U.S.-based group", "the militants": named before
        return _monitor_before(doc_span, memory, article, monitor=bare in lex.monitor,
                               party=bare in lex.parties) or Who(clean_name(text), "unknown", anaphor=True)
    if words().countrys.match(low) and doc_span is not None:
        low = country_before(doc_span, prof) + " " + words().countrys.sub("", low, count=1)
    found = match_rows(low, text, prof)
    if "speaker" not in found:
        near = misspelt_speaker(text, prof)
        if near:
            found["speaker"] = ((True, 0), near, 0)
    if _institution(low, lex) and "speaker" not in found:
        return _institution_who(text, person_name(text, doc_span, prof), found.get("country"), doc_span, prof,
                                guess)
    document = _document(text, lex, found, prof) or _signed_by(doc_span, lex, prof)
    if document:
        return document
    person = person_name(text, doc_span, prof)
    if person:
        prior = same_person(person, memory)
        if prior and not found.get("speaker"):
            return replace(prior, anaphor=True)
    return _of_rows(found, person, text, low, memory, article, doc_span, guess)


def _of_rows(found, person, text, low, memory, article, doc_span, guess) -> Who:
    """The claimant of a source the table's rows name, or not: people of the place, a state's unnamed sources, a
    non-state party, an office named by its place, a member of a state's forces, the rows' best, else the state of
    its context (when `guess`)."""
    prof = conflicts.of(article)
    unnamed = _unnamed(found, person, text, low, article, doc_span, guess)
    if unnamed is not None:
        return unnamed
    if _rebels(found, low) and not person:    # "the separatist forces": no state's; the armed group named before
        return _monitor_before(doc_span, memory, article, monitor=False, party=True) or \
            Who(clean_name(text), "unknown")
    if "country" not in found and "speaker" not in found and offices.is_state_office(low):
        placed = offices.place_state(doc_span, prof)     # "the Valdor region governor": the place's state
        if placed is not None and not person and "org" not in found:
            return Who(clean_name(text), placed.side, "government")
        if placed is not None:
            found["country"] = ((False, 0), placed, 0)
    member = _member(found, person, text, doc_span)
    if member is not None:
        return member
    who = _by_rows(found, person, text, low, memory, article, doc_span)
    return _state_side(who, found, person, text, low, memory, doc_span, prof) if guess else who


def _titled_before(low, memory) -> Who | None:
    """ "the mayor", "the regional governor": a title with no name is the last person who spoke under it."""
    found = words().determiner.sub("", low).split()
    if not found or low.split()[0] != "the" or len(found) > 3 or found[-1] not in lexicon().local_titles:
        return None
    for w in reversed(memory):
        if w.person and found[-1] in w.name.lower():
            return replace(w, anaphor=True)
    return None


def _party_member(text, low, memory, article, doc_span) -> Who | None:
    """ "the terror group's spokesman Ali Doe", "the rebels' commander": a member of the armed group named before,
    with its side."""
    m = re.match(r"(the [a-z -]+?)['’]s? (.+)", low)
    if m is None or m.group(1) not in lexicon().parties:
        return None
    party = _monitor_before(doc_span, memory, article, monitor=False, party=True)
    if party is None:
        return None
    person = person_name(text, doc_span, conflicts.of(article))
    own = person.lower().split() if person else []
    title = " ".join(w for w in re.findall(r"[a-z][a-z-]*", m.group(2)) if w not in own)
    name = f"{person} ({party.name} {title})" if person else f"{party.name} {title}"
    return Who(name, party.side, party.source_type, party.name, person=bool(person))


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
    name = clean_name(text)
    if not country.pattern.search(name.lower()):
        name = f"{country.organisation} {name}"
    return Who(name, country.side, "military", person=True)


def _unnamed(found, person, text, low, article, doc_span, guess) -> Who | None:
    """ "residents", "two security sources", "local officials and eyewitnesses": people of the place are neutral, a
    state's unnamed sources speak for it, any other unnamed source for the outlet's side."""
    if person or "speaker" in found or "group" in found:
        return None
    lex = lexicon()
    heads = head_words(doc_span, low)
    if not heads or heads[0] not in lex.unnamed and not offices.of_the_place(low):
        return None
    name = clean_name(text)
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
    before = _office_before(low, memory)
    if before is not None:
        if person:
            title = title_words(text, person, prof)
            return Who(f"{person} ({before.name.split()[0]} {title})", before.side, before.source_type, person=True)
        return Who(clean_name(text), before.side, before.source_type, before.organisation, anaphor=True)
    row = offices.context_state(doc_span, prof, local=offices.is_local_office(low))
    if row is None:
        return who
    member = _member({**found, "country": ((False, 0), row, 0)}, person, text, doc_span)
    if member is not None:
        return member
    if person:
        return person_who(person, text, ((False, 0), row, 0), found.get("org"), memory, prof)
    if found.get("org"):
        return org_who(found["org"][1], row)
    return replace(who, side=row.side)


def _office_before(low, memory):
    """"ministry spokesperson Ann Roe" after "the Norland Defence Ministry said": the office of that kind that
    spoke before, not the state of a place named nearer (a contested town's state is no speaker's)."""
    kinds = {w for w in words().organisation if w in low.split()}
    for w in reversed(memory) if kinds else ():
        if w.side != "unknown" and not w.person and kinds & set((w.organisation or w.name).lower().split()):
            return w
    return None


def _anaphor(text, low, memory, article, doc_span) -> Who:
    """ "he", "the ministry", "the statement": the last fitting speaker, a person named before, or a party named
    in the sentences before."""
    person = low in lexicon().person_pronouns
    found = _quoting_subject(doc_span, article, memory) if low in words().impersonal else None
    found = found or _antecedent(low, memory, person=person)
    named = _last_person_named(doc_span, memory, article) if person else None
    if named and (found is None or named.at > found.at and named.side != "unknown"):
        found = named           # a "person" of no side the tagger found ("Majdal Shams") is no better antecedent
    if found is None and low not in words().impersonal:
        found = _mentioned_before(doc_span, article, low, person)
    if found is None and (low in words().impersonal or low.split()[0] in POSSESSIVES):
        found = _subject_before(doc_span, article)      # "X has taken the town, it said", "..., his office said"
    if found is None and person and memory:
        found = replace(memory[-1], anaphor=True)       # "The group's media office said ... He added": its spokesman
    return found or Who(text, "unknown", anaphor=True)


def _quoting_subject(span, article, memory) -> Who | None:
    """ "The army “struck the commander,” it said": a subject whose verb opens a quote that the pronoun closes
    is the pronoun's speaker, whoever spoke before."""
    found = _subject_before(span, article, memory)
    if found is None:
        return None
    doc = span.doc
    subj = next(t for t in span[0].sent if t.idx >= found.at and t.dep_ in ("nsubj", "nsubjpass"))
    return found if subj.i + 1 < len(doc) and doc[subj.i + 1].text in QUOTE_OPEN else None


def _subject_before(span, article, memory=()) -> Who | None:
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
    who = resolve(phrase.text, list(memory), article, phrase)
    return replace(who, anaphor=True, at=phrase.start_char) if who.side != "unknown" and who.name != OUTLET else None


def _by_rows(found, person, text, low, memory, article, doc_span) -> Who:
    """The claimant of the speaker table's best rows: a speaker, a group, a person with a title, an organisation
    of a country, a country, an unnamed source."""
    lex, prof = lexicon(), conflicts.of(article)
    if found.get("speaker"):
        sp = found["speaker"][1]
        if person and not is_person_row(sp) and person.lower() not in sp.pattern.pattern.lower():
            # "Al Jazeera's Bernard Smith": a named person of a known organisation
            return Who(f"{person} ({sp.canonical})", sp.side, sp.source_type, sp.organisation, person=True)
        body = body_of(sp, found["speaker"][2], text, low, doc_span)
        if body:
            return Who(body, sp.side, sp.source_type, sp.organisation)
        return Who(sp.canonical, sp.side, sp.source_type, sp.organisation, person=is_person_row(sp),
                   party=is_party(sp))
    if found.get("group"):
        sp = found["group"][1]
        if sp.side == "international":   # "world powers", "most countries, including Norland": their own words
            name = clean_name(text)
            return Who(name[:1].upper() + name[1:], sp.side, sp.source_type)
        return Who(sp.canonical, sp.side, sp.source_type)
    country = found.get("country")
    org = found.get("org")
    if person:
        return person_who(person, text, country, org, memory, prof)
    if org and country:
        return org_who(org[1], country[1])
    if org:
        generic = org[1].canonical.startswith(("{adj}", "Government of")) and org[1].source_type != "military"
        ante = antecedent_org(org[1], memory) or _last_of_kind(org[1], memory, generic, prof)
        home = home_country(article) if not generic else None
        return ante or (org_who(org[1], home) if home else Who(clean_name(text), "unknown", org[1].source_type))
    if country:
        head = head_words(doc_span, low)[-1]
        if head in lex.unnamed or head in lex.report_nouns:   # "a journalist from Westland": the country is no speaker
            return Who(clean_name(text), country[1].side, unnamed=True, report=head in lex.report_nouns)
        return country_who(country[1])
    heads = head_words(doc_span, low)
    if heads and (heads[0] in lex.unnamed or heads[0] in lex.report_nouns or low in lex.report_nouns):
        report = heads[0] in lex.report_nouns or low in lex.report_nouns
        return Who(clean_name(text), article.side or "unknown", unnamed=True, report=report)
    return Who(clean_name(text), "unknown")


def _last_of_kind(org, memory, generic, prof) -> Who | None:
    """ "the army" after the army and a ministry spoke: the last state's speaker of the army's kind (an armed group
    is no state's army), else (for a generic word) the last one."""
    states = state_sides(prof)
    kind = next((w for w in reversed(memory) if w.source_type == org.source_type and not w.person and not w.party
                 and w.side in states), None)
    kind = kind or (memory[-1] if generic and memory else None)
    return replace(kind, anaphor=True) if kind else None


def _institution(low, lex):
    return next((w for w in lex.institutions if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low)), None)


def _institution_who(text, person, country, doc_span, prof, guess=True):
    """ "a spokesperson for the Valdor hospital", "the hospital's spokesperson Ann Doe": a local institution
    is no government; its speaker takes the side of the country it is in, named in the source (its town's, "the
    Valdor mayor") or near it."""
    row = country[1] if country else offices.place_state(doc_span, prof) or \
        country_row(nearest_country(doc_span, prof)) or \
        (offices.context_state(doc_span, prof, local=True) if guess else None)
    side = row.side if row else "unknown"
    if person:
        title = title_words(text, person, prof)
        return Who(f"{person} ({title})" if title else person, side, "institution", person=True)
    return Who(clean_name(text), side, "institution")


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
        before = [c for c in chunks(x) if c.end_char <= span.start_char]
        for chunk in sorted(before, key=lambda c: -c.start_char):
            if chunk.text.lower() in lexicon().monitor or chunk.text.lower() in lexicon().parties:
                continue
            who = _named_alone(chunk, article)
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
    issuer = match_rows(name.lower(), name, prof)
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
    return Who(clean_name(phrase), sides.pop() if len(sides) == 1 else "neutral", "document")


def _named_alone(chunk, article) -> Who:
    """What a phrase named before an anaphor resolves to, alone: the scans of every later anaphor read the same
    phrases again, so each is resolved once per article (a copy is handed out, a caller may change it)."""
    table = memo(chunk.doc)
    key = ("antecedent", chunk.start, chunk.end, chunk.label)
    if key not in table or table[key][0] is not article:
        table[key] = (article, resolve(chunk.text, [], article, chunk, guess=False))
    return replace(table[key][1])


def _mentioned_before(span, article, low, person):
    """An anaphor no earlier speaker fits: the nearest party named in the three sentences before it
    ("Marlov visited Valdor. He said ..."), a person for "he"/"she", an organisation for "the ministry"."""
    if span is None:
        return None
    doc = span.doc
    sents = [s for s in sentences(doc) if s.end_char <= span.start_char][-3:]
    ministry = any(w in low for w in words().office)
    for s in reversed(sents):
        for chunk in reversed(chunks(s)):
            said = chunk.text.lower().replace("’", "'")
            if said in lexicon().person_pronouns or said in lexicon().any_pronouns or len(said) < 3:
                continue
            who = _named_alone(chunk, article)
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
    if "on" in found[1:]:       # "the post on X", "a statement on Telegram": where it was put out names no one
        found = found[:found.index("on", 1)]
    return 0 < len(found) <= 2 and found[-1] in words().channel_nouns


def _last_person_named(span, memory, article):
    """ "he said" with no speaker yet: the last PERSON named before it in the text."""
    if span is None:
        return None
    people = [e for e in span.doc.ents if e.label_ == "PERSON" and e.end_char <= span.start_char]
    for e in reversed(people):
        if len(e) < 2 and not same_person(e.text, memory):
            continue  # a lone capitalised word is too often a place ("Valdor")
        np = np_span(e.root)
        phrase = span.doc.char_span(*np, alignment_mode="expand") if np else e
        who = resolve(phrase.text, memory, article, phrase)
        if who.person or "(" in who.name or who.side == "unknown":
            return replace(who, person=True, anaphor=True, at=e.start_char)
    return None


def _antecedent(low, memory, person):
    lex = lexicon()
    want_min = any(w in low for w in words().organisation)
    for w in reversed(memory):
        if w.unnamed:
            continue
        if low in words().group and not _plural(w.name) and w.person:
            continue    # "they" is a body ("the ministry ... they confirmed"), officials, forces; not one person
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
