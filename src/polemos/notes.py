"""Event notes as input: a short report of one event in the style of ACLED's notes ("On 7 June 2022, in X (Y
district), residents blocked ...", "Around 2 June 2022 (between 1 and 2 June), gunmen killed ...").

A note opens with the event's date and tells one event: it is read as one event whatever its verb, its day the
opening's, its place the first one the note puts it at, its sub-type the rules' and the learned classifier's
together (textcat.combine: the ACLED codebook's cues constrain the model), its actors and toll as in any report.
What a note is (the words of its opening, how long it may be) is the language's ([events] of data/lang/<code>.toml).
"""
from __future__ import annotations

import dataclasses
import re

from polemos import casualties, chains, classify, conflicts, dates, events, lang, textcat
from polemos.locate import event_places
from polemos.places import Geocoder
from polemos.types import Article, Attribution, Event, Place, Span

# A note tells one event in a coder's words, the kind of text the learned classifier was trained on: it may also veto
# a rule's label it gives under 10 % when it is at least even sure of its own (on the invented blind notes' tuning
# half it tied the classifier's shipped policy, on their check half it typed 5 more of 72 found events right).
NOTE_POLICY = textcat.Policy(open_take=0.3, margin=0.5, veto=0.1, take=0.5)


def is_note(text: str) -> bool:
    """A note: it opens with a dated phrase and is short (the language's note_opening and note_words)."""
    lex = lang.lexicon(lang.ENGLISH)
    opening = lex.pattern("events", "note_opening", re.I)
    return bool(opening.match(text)) and len(text.split()) <= int(lex.get("events", "note_words"))


def extract(doc, article: Article, attributions: list[Attribution], places: list[Place]) -> list[Event]:
    """The one event of a note; none when the note names no place."""
    written = written_places(article, places)
    longer = [(p.span.start, p.span.end) for p in written if p.span]
    places = [p for p in places if not (p.span and any(a <= p.span.start and p.span.end <= b and
                                                       b - a > p.span.end - p.span.start for a, b in longer))]
    places = places + written   # "Las Navas (Northern Samar)": the name as written, not the "Las" read in it
    mention = _mention(doc, article, attributions, places)
    return events.written([mention], article) if mention else []


def _mention(doc, article: Article, attributions: list[Attribution], places: list[Place]) -> events.Mention | None:
    text = article.text
    sents = [Span(s.start_char, s.end_char) for s in doc.sents]
    told = events.find_mentions(doc, article, attributions, places)
    first = told[0] if told else None
    where = first.places[:1] if first else _place(places, sents, attributions, article)
    if not where:
        return None
    label = _sub_type(text, first.sub_event_type if first else None)
    trigger = first.trigger if first else _trigger(text, sents[0])
    attribution = first.attribution if first else events.attribution_of(sents[0], attributions, article)
    mention = events.Mention(label, classify.plover_of(label), sents[0], trigger, where, attribution)
    events.describe(mention, sents, 0, text, article, attributions, doc)
    mention.date = _opening_date(text, article) or mention.date
    if first is not None and first.sub_event_type == label:
        mention = dataclasses.replace(mention, killed=first.killed or mention.killed,
                                      injured=first.injured or mention.injured)
    _opening_no_toll(mention, text, sents)
    return mention


def _opening_no_toll(mention: events.Mention, text: str, sents: list[Span]) -> None:
    """"On 14 February 2022, gunmen killed a man": the year the note opens with is no toll; the toll is read again
    with the opening blanked out."""
    opening = lang.lexicon(lang.ENGLISH).pattern("events", "note_opening", re.I).match(text)
    cut = opening.end() if opening else 0
    large = mention.sub_event_type == "Armed clash"
    for name, find in (("killed", casualties.killed), ("injured", casualties.injured)):
        count = getattr(mention, name)
        if count is None or text.find(count.text) >= cut:
            continue
        chunks = [" " * cut + text[cut:sents[0].end]] + [s.of(text) for s in sents[1:2]]
        setattr(mention, name, next((c for c in (find(chunk, large) for chunk in chunks) if c), None))


def _place(places: list[Place], sents: list[Span], attributions: list[Attribution], article: Article) -> list[Place]:
    """The first place the note puts the event at (its first sentence first); else the first place it names
    ("troops withdrew from Menaka": a note has one place, whatever the word before it)."""
    for sent in sents:
        found = event_places(places, sent, events.attribution_of(sent, attributions, article), article.text)
        if found:
            return found[:1]
    named = sorted((p for p in places if p.span and p.lat is not None), key=lambda p: p.span.start)
    return named[:1]


def _sub_type(text: str, told: str | None) -> str:
    """The rules' label (the event stage's trigger, else the codebook's) as the learned classifier may refine it
    among the labels whose cues fire; with no rule, the model's. The codebook's cues read the note with the armed
    groups' names blanked out ("the Karen National Liberation Army" tells no retaking)."""
    tagged = _tagged(text)
    if tagged:
        return tagged
    cued = events.masked(text)
    decided = classify.decide(cued)
    whole = decided.label if decided and decided.tier <= events.CODEBOOK_TIER else None
    rule = whole or told
    scores = textcat.scores([text], "acled")[0]
    if rule is None and max(v for k, v in scores.items() if k != textcat.NONE) < NOTE_POLICY.open_take:
        return "Other"   # no cue fires and the model is unsure: what the codebook leaves to its last sub-type
    candidates = set(textcat.candidates(cued, "acled")) | ({rule} if rule else set())
    return textcat.combine(rule, scores, precise=rule is not None, candidates=tuple(sorted(candidates)),
                           policy=NOTE_POLICY)


def _tagged(text: str) -> str | None:
    """The sub-type the note's opening tag names ("Weapons seizure: On 3 June 2022, ..."), if it names one."""
    opening = lang.lexicon(lang.ENGLISH).pattern("events", "note_opening", re.I).match(text)
    tag = opening.groupdict().get("tag") if opening else None
    return classify.codebook().get("note_tags", {}).get(tag.lower()) if tag else None


def _trigger(text: str, sent: Span) -> Span:
    """Where the note's event is told: the codebook's cue, else the sentence itself."""
    decided = classify.decide(events.masked(sent.of(text)))
    if decided is None:
        return Span(sent.start, sent.start)
    return Span(sent.start + decided.start, sent.start + decided.end)


def _opening_date(text: str, article: Article) -> dates.DateMention | None:
    """The date the note opens with (a range's last day, at week precision)."""
    found = [d for d in dates.find(text[:120], article.date) if not d.since]
    told = [d for d in found if not d.relative]   # "Overnight on 5 June 2022": the day, not the word "overnight"
    return (told or found or [None])[0]


def written_places(article: Article, places: list[Place], geocoder: Geocoder | None = None) -> list[Place]:
    """The places a note writes as ACLED does ("in Djibo (Soum, Sahel)") that the reader of names missed (a parser
    takes "Djibo (Soum" for an organisation): the name and each unit in its brackets, resolved together."""
    form = lang.lexicon(lang.ENGLISH).pattern("events", "note_place")
    taken = [(p.span.start, p.span.end) for p in places if p.span]
    ms: list[chains.Mention] = []
    for m in form.finditer(article.text) if form is not None else ():
        start, end = m.span("name")
        if any(a <= start and end <= b for a, b in taken):
            continue
        ms.append(chains.Mention(start, end, m.group("name")))
        at = m.start("units")
        for unit in m.group("units").split(","):
            lead = len(unit) - len(unit.lstrip())
            ms.append(chains.Mention(at + lead, at + len(unit.rstrip()), unit.strip()))
            at += len(unit) + 1
    if not ms:
        return []
    geocoder = geocoder or Geocoder.default()
    return geocoder.resolve(ms, article.text, conflicts.theatre(article, article.text))
