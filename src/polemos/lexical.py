"""Lexical path: events from articles in languages the pipeline has no parser for, read with one data file per
language (data/lang/<code>.toml): trigger, cue, speaker, actor, place, date and toll words as regexes.

What comes out is the English pipeline's Result. The lexicon maps its words to the English names the project's
tables know, and the project's own rules do the rest: claimants through speakers.csv (attribution.resolve),
actors through actors.csv (events.actor_in), dates through dates.find, vague tolls through casualties.to_number,
places through the gazetteer and the Geocoder's ranking, events through events.write and events.dedupe.
A blank spaCy tokenizer and a sentencizer cut the sentences; nothing is parsed.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from polemos import attribution, casualties, claims, conflicts, dates, events, lang, places, resources
from polemos.conflicts import Profile
from polemos.types import Article, Attribution, Claim, Place, Span

OUTLET = attribution.OUTLET
SPEAKER_GAP = 30          # chars between the parts of one speaker ("Минобороны" ... "Армении")
CUE_REACH = 90            # chars between a cue and its speaker
LONE_COUNTRY_REACH = 12   # chars between a cue and a bare country that says it
AGREEMENT_REACH = 80      # chars after an agreement's trigger where a clash word is what the agreement ends
CAPITAL_WORD = 1          # Mention.precision of "столица"/"capitale" standing for the capital's name
INITIAL_MIN_POP = 10_000  # a sentence-initial capitalised word is a place only if the town is this big
COUNT_REACH = 7           # words between a toll word and its number
CONTINUATION_WORDS = 4    # "Ermənistan silahlı qüvvələri, həmçinin ...": "also" near the start carries the speaker on
CLAIM_SUBJECT = 5         # score of a speaker before a claim verb over one after it (SVO languages)


# ------------------------------------------------------------------ the lexicon

def _rx(pattern: str | None) -> re.Pattern | None:
    """A lexicon regex as a whole-word, case-insensitive pattern; None for an empty entry."""
    if not pattern:
        return None
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I)


def _table(raw: dict | None) -> tuple[tuple[re.Pattern, object], ...]:
    return tuple((_rx(k), v) for k, v in (raw or {}).items())


@dataclass(frozen=True)
class Lexicon:
    code: str
    spacy: str                       # spaCy blank language ("xx" where spaCy has none)
    speaker_first: bool              # verb-final languages: the sentence's first speaker says it
    triggers: tuple                  # (regex, {"sub_event_type", "plover"}), in precedence order
    cue: dict                        # name -> regex: speech, according, backref, denial, reported, hedge...
    speakers: tuple                  # (regex, English name of speakers.csv)
    countries: tuple                 # (regex, English country name)
    organisations: tuple             # (regex, English organisation word of speakers.csv)
    actors: tuple                    # (regex, English actor phrase of actors.csv / enemy.csv)
    weapons: tuple                   # (regex, English word of weapons.csv)
    targets: tuple                   # (regex, English word of targets.csv)
    place_names: tuple               # (regex, gazetteer name): inflected and adjectival forms
    suffixes: tuple                  # (ending, replacement): case endings to undo before a gazetteer lookup
    place: dict                      # name -> regex: locative, origin, capital, stop; locative_suffix,
                                     # origin_suffix (on the written name), origin_after (right after it)
    months: tuple                    # (regex, English month)
    weekdays: tuple                  # (regex, English weekday)
    relative: tuple                  # (regex, English phrase of dates.py)
    date: dict                       # name -> regex: since (before a date), since_after (after it)
    toll: dict                       # name -> regex: killed, injured, civilians, none, not_count
    numbers: tuple                   # (regex, int or English vague word)
    claim_verbs: tuple = ()          # (regex, PLOVER type): says who claims what; an attribution cue
    claim_words: tuple = ()          # (regex, PLOVER type): words in what a speaker says that make it a claim
    claim_outlet: tuple = ()         # (regex, PLOVER type): a partisan outlet's own blame
    elision: re.Pattern | None = None  # an elided article before a name ("l’", "d'")


def _check_claims(raw: dict | None, code: str) -> tuple:
    known = {t.type for t in claims.triggers()}
    for kind in (raw or {}).values():
        if kind not in known:
            raise ValueError(f"lang/{code}.toml: claim type {kind!r} is not one of cues.toml's [claims]")
    return _table(raw)


@lru_cache(maxsize=None)
def lexicon(code: str) -> Lexicon:
    raw = lang.lexicon(code).raw
    places_raw, dates_raw, toll_raw = raw.get("places", {}), raw.get("dates", {}), raw.get("casualties", {})
    claims_raw = raw.get("claims", {})
    return Lexicon(
        code=code, spacy=raw.get("spacy", code), speaker_first=bool(raw.get("speaker_first")),
        triggers=lang.lexicon(code).triggers(),
        cue={k: _rx(v) for k, v in raw.get("attribution", {}).items()},
        speakers=_table(raw.get("speakers")), countries=_table(raw.get("countries")),
        organisations=_table(raw.get("organisations")), actors=_table(raw.get("actors")),
        weapons=_table(raw.get("weapons")), targets=_table(raw.get("targets")),
        place_names=_table(places_raw.get("names")),
        suffixes=tuple(tuple(p) for p in places_raw.get("suffixes", [])),
        place={k: _rx(v) if not k.endswith(("_suffix", "_after")) else re.compile(v, re.I)
               for k, v in places_raw.items() if isinstance(v, str)},
        months=_table(dates_raw.get("months")), weekdays=_table(dates_raw.get("weekdays")),
        relative=_table(dates_raw.get("relative")),
        date={k: _rx(v) if k != "since_after" else re.compile(v, re.I)   # a suffix: not a whole word
              for k, v in dates_raw.items() if isinstance(v, str)},
        toll={k: _rx(v) for k, v in toll_raw.items() if isinstance(v, str)},
        numbers=_table(toll_raw.get("numbers")),
        claim_verbs=_check_claims(claims_raw.get("verbs"), code),
        claim_words=_check_claims(claims_raw.get("words"), code),
        claim_outlet=_check_claims(claims_raw.get("outlet"), code),
        elision=re.compile(places_raw["elision"] + _BEFORE_WORD, re.I) if places_raw.get("elision") else None)


# ------------------------------------------------------------------ sentences





def _hits(table: tuple, text: str) -> list[tuple[re.Match, object]]:
    return sorted(((m, v) for rx, v in table for m in rx.finditer(text)), key=lambda h: h[0].start())


def _find(group: dict, name: str, text: str) -> re.Match | None:
    rx = group.get(name)
    return rx.search(text) if rx is not None else None


# ------------------------------------------------------------------ attribution

@dataclass
class _Part:
    start: int
    end: int
    kind: str          # speaker, org, country
    english: str
    rank: int          # 3 a named speaker, 2 an organisation, 1 armed forces or a country


@dataclass
class _Source:
    start: int
    end: int
    english: str       # the speaker in English words, for attribution.resolve
    rank: int


def _parts(stext: str, lex: Lexicon) -> list[_Part]:
    """Speaker words of a sentence: named speakers, organisations, countries (longest first where they overlap)."""
    found = [_Part(m.start(), m.end(), "speaker", v, 3) for m, v in _hits(lex.speakers, stext)]
    forces = lang.lexicon(lang.ENGLISH).words("claimants", "forces")
    found += [_Part(m.start(), m.end(), "org", v, 1 if v in forces else 2)
              for m, v in _hits(lex.organisations, stext)]
    found += [_Part(m.start(), m.end(), "country", v, 1) for m, v in _hits(lex.countries, stext)]
    out: list[_Part] = []
    for p in sorted(found, key=lambda p: (-(p.end - p.start), p.start)):
        inside_org = p.kind == "country" and any(q.kind == "org" and q.start <= p.start and p.end <= q.end for q in out)
        if inside_org or all(p.end <= q.start or p.start >= q.end for q in out):
            out.append(p)   # "ministère arménien de la Défense": the country inside the organisation's name
    return sorted(out, key=lambda p: p.start)


def _sources(stext: str, lex: Lexicon, cues: list) -> list[_Source]:
    """Adjacent speaker words grouped into one speaker: "пресс-секретарь Минобороны Армении Шушан Степанян".
    A cue, a punctuation mark, more than two words or a second country between two words part them; "Армения и
    Азербайджан" is the both-sides group of speakers.csv."""
    groups: list[list[_Part]] = []
    joins: list[list[str]] = []
    for p in _parts(stext, lex):
        end = max(q.end for q in groups[-1]) if groups else 0
        gap = stext[end:p.start] if groups and p.start >= end else ""
        bare = _unelided(gap, lex).strip()   # "et l’" of "et l’Arménie"
        both = bool(groups) and p.kind == "country" and _find(lex.cue, "and", bare) is not None and \
            groups[-1][-1].kind == "country" and len(bare.split()) == 1
        apart = not groups or len(gap) > SPEAKER_GAP or len(gap.split()) > 5 or _oblique(stext, p.start, lex) or \
            re.search(r"[.;:!?,«»“”\"()]|\s[-–—]\s", gap) or \
            any(end <= m.start() < p.start for m, _ in cues) or \
            (p.kind == "country" and any(q.kind == "country" for q in groups[-1]) and not both)
        if apart:
            groups.append([p])
            joins.append([])
        else:
            groups[-1].append(p)
            joins[-1].append("and" if both else "")
    out = []
    for g, j in zip(groups, joins):
        if "and" in j:
            joint = lang.lexicon(lang.ENGLISH).get("claimants", "joint")
            english = f" {joint} ".join(p.english for p in g if p.kind == "country")
        else:
            order = {"country": 0, "org": 1, "speaker": 2}
            english = " ".join(p.english for p in sorted(g, key=lambda p: order[p.kind]))
        lone = all(p.kind == "country" for p in g)
        out.append(_Source(g[0].start, max(p.end for p in g), english, 0 if lone else max(p.rank for p in g)))
    return out


def _between_blocked(stext: str, a: int, b: int, lex: Lexicon) -> bool:
    """A complementiser between cue and candidate ("заявило, что азербайджанские войска"): the candidate is in the
    reported content, not the speaker."""
    comp = lex.cue.get("complementizer")
    return bool(comp and comp.search(stext[min(a, b):max(a, b)]))


def _speaker_for(cue: re.Match, kind: str, sources: list[_Source], stext: str, lex: Lexicon) -> _Source | None:
    best, best_score = None, -1e9
    for s in sources:
        dist = s.start - cue.end() if s.start >= cue.end() else cue.start() - s.end
        opener = lex.speaker_first and s is sources[0] and s.start == 0 and s.end <= cue.start()
        if dist < 0 or (dist > CUE_REACH and not opener) or _between_blocked(stext, cue.start(), s.start, lex):
            continue   # "Bakanlık, ... belirtti": a verb-final sentence's opening subject is its speaker however far
        if _agent(s, cue, stext, lex):
            continue   # "von armenischen Kräften beschossen": who did it in a passive, not who says it
        if kind != "according" and _genitive(s, stext, lex):
            continue   # "Ermeni silahlı kuvvetlerinin ... hedef aldığını": whose act is told, not who tells it
        if kind == "according" and s.start < cue.start() and not lex.speaker_first:
            continue   # "по данным X": the source follows the phrase
        if kind == "according" and s.start >= cue.end() and re.search(r"[,;:]", stext[cue.end():s.start]):
            continue   # "По данным ведомства, армянские войска ...": the phrase ended before the party
        if s.rank == 0 and dist > LONE_COUNTRY_REACH and not _subject(s, cue, kind, sources, stext, lex):
            continue   # a country speaks only right at its cue ("Москва заявила"); elsewhere it is a place or a party
        agent = lex.cue.get("agent_after")
        if agent is not None and agent.match(stext[s.end:].lstrip()):
            continue   # "Azərbaycan Silahlı Qüvvələri tərəfindən": who does it in a passive, not who says it
        if s.rank == 0 and _oblique(stext, s.start, lex):
            continue   # "Ermenistan'a destek veriyor": a country in the dative or accusative is no speaker
        after = s.start >= cue.end()
        if kind == "claim" and after and s.rank == 0 and not lex.speaker_first:
            continue   # "обвинил Армению": a country after a claim verb is whom it is aimed at
        between = stext[min(s.end, cue.end()):max(s.start, cue.start())]
        rank = 1 if s.rank == 0 and dist <= 2 else s.rank
        score = 2 * rank - dist / 15 - (2 if re.search(r"[,;]", between) else 0)
        if lex.speaker_first and s is sources[0]:
            score += 3
        if kind == "claim" and not after and not lex.speaker_first:
            score += CLAIM_SUBJECT   # "Армения обвинила Алиева": the subject before the verb, not its object
        if score > best_score:
            best, best_score = s, score
    return best


def _agent(s: _Source, cue: re.Match, stext: str, lex: Lexicon) -> bool:
    """The source follows the agent word of a passive ("von", "par", "со стороны"), unless that word is the cue's
    own ("a été confirmé par le ministère", "nach Angaben von Amnesty")."""
    agent = lex.cue.get("agent")
    if agent is None or not re.search(rf"(?:{agent.pattern})\s+(?:\S+\s+)?$", stext[max(0, s.start - 40):s.start],
                                       re.I):
        return False
    return not (s.start >= cue.end() and re.fullmatch(rf"\s*(?:{agent.pattern})\s*", stext[cue.end():s.start], re.I))


def _genitive(s: _Source, stext: str, lex: Lexicon) -> bool:
    rx = lex.cue.get("genitive")
    word = re.search(r"[\w'’]+$", stext[s.start:s.end] + re.match(r"[\w'’]*", stext[s.end:]).group(0))
    return rx is not None and word is not None and rx.fullmatch(word.group(0)) is not None


def _subject(s: _Source, cue: re.Match, kind: str, sources: list[_Source], stext: str, lex: Lexicon) -> bool:
    """The sentence's first party, before a claim verb, is its subject however far: "Fransa bu savaşta Ermenistan'a
    destek veriyor", "L’Azerbaïdjan et l’Arménie se sont de nouveau accusés" (no comma between in SVO languages)."""
    if kind != "claim" or s is not sources[0] or s.end > cue.start():
        return False
    return lex.speaker_first or not re.search(r"[,;:«»“”\"]", stext[s.end:cue.start()])


def _oblique(stext: str, at: int, lex: Lexicon) -> bool:
    """The word at `at` is in a case that is never the subject: "Ermenistan'a", "Ermənistanı"."""
    word = re.match(r"[\w'’]+", stext[at:])
    rx = lex.cue.get("oblique")
    return rx is not None and word is not None and rx.fullmatch(word.group(0)) is not None


def _cues(stext: str, lex: Lexicon) -> list[tuple[re.Match, str]]:
    """Attribution cues; a claim verb ("пригрозил", "a exigé") is one too, and a speech cue it overlaps
    ("обвинил") is read as the claim verb."""
    found = []
    for kind in ("according", "speech", "denial_verb"):
        rx = lex.cue.get(kind)
        if rx is not None:
            found += [(m, kind) for m in rx.finditer(stext)]
    verbs = [(m, "claim") for rx, _ in lex.claim_verbs for m in rx.finditer(stext)]
    found = [(m, k) for m, k in found if k != "speech" or
             not any(m.start() < v.end() and v.start() < m.end() for v, _ in verbs)]
    return sorted(found + verbs, key=lambda h: h[0].start())


def _who(source: _Source, memory: list, article: Article):
    """The speaker a source names; an organisation with no country in an outlet of a party ("the defence ministry
    said") is that party's state's."""
    who = attribution.resolve(source.english, memory, article)
    home = conflicts.of(article).home_country(article.side)
    if who.side == "unknown" and home and not who.person:
        who = attribution.resolve(f"{home} {source.english}", memory, article)
    if who.name != OUTLET and who.side != "unknown":
        memory.append(who)
    return who


def _anaphor(stext: str, lex: Lexicon, memory: list):
    """"отметил он", "по его словам": the last person named; "в ведомстве", "в сообщении": the last speaker."""
    rx = lex.cue.get("pronoun")
    quoted = _quotes(stext)
    pron = next((m for m in rx.finditer(stext) if not any(a <= m.start() < b for a, b in quoted)), None) \
        if rx is not None else None
    if pron is None:   # "le président de l'Azerbaïdjan" inside a quoted declaration refers to nobody here
        return None
    person = lex.cue.get("person")
    people = [w for w in memory if w.person] if person is not None and person.fullmatch(pron.group(0)) else []
    return dataclasses.replace((people or memory)[-1], anaphor=True)


def _one_sentence(sent: Span, text: str, article: Article, lex: Lexicon, memory: list) -> tuple[Attribution, bool]:
    """The claimant of one sentence, and whether it says "about this" of the sentence before."""
    stext = sent.of(text)
    outlet = attribution.outlet_who(article)
    cues = _cues(stext, lex)
    quoted = _quotes(stext)
    sources = [s for s in _sources(stext, lex, cues) if not any(a <= s.start < b for a, b in quoted)]
    who, cue, source, backref, denies, relay = outlet, None, None, False, False, None
    for m, kind in cues:
        found = _speaker_for(m, kind, sources, stext, lex)
        if found is not None and relay is None and _who(found, list(memory), article).source_type == "media":
            relay = (found, m, kind)   # "AZƏRTAC xəbər verir ki, ... Hacıyev bildirib": Hacıyev says it, AZƏRTAC relays
            continue
        if found is not None:
            who, cue, source, denies = _who(found, memory, article), m, found, kind == "denial_verb"
            break
        if cue is None and (kind != "claim" or _find(lex.cue, "pronoun", stext)):
            cue = m   # a claim verb with nobody at it is a cue only for "он", "the ministry" (else the outlet's)
    if source is None and relay is not None:   # the agency names nobody else: it speaks
        (source, cue, kind), relay = relay, None
        who, denies = _who(source, memory, article), kind == "denial_verb"
    backref = source is not None and bool(_find(lex.cue, "backref", stext))
    if source is None and cue is not None and memory:
        who = _anaphor(stext, lex, memory) or who
        denies = denies or any(k == "denial_verb" for _, k in cues)
    if who.report:   # "selon les médias": the outlet relays reports
        who, source = outlet, None
    stance = "asserted"
    if who.name != OUTLET and (denies or _find(lex.cue, "denial", stext)):
        stance = "denied"
    elif who.name == OUTLET and (_find(lex.cue, "reported", stext) or cue is not None):
        stance = "reported"
    hedged = bool(_find(lex.cue, "hedge", stext))
    return Attribution(
        span=sent, claimant=who.name, claimant_side=who.side or "unknown",
        cue=cue.group(0) if cue else None,
        cue_span=Span(sent.start + cue.start(), sent.start + cue.end()) if cue else None,
        source_span=Span(sent.start + source.start, sent.start + source.end) if source else None,
        stance=stance, hedged=hedged, source_type=who.source_type,
        relayed_by=_who(relay[0], [], article).name if relay is not None else None), backref


_QUOTES = re.compile(r"«[^»]*»?|„[^“”]*[“”]?|“[^”]*”?|\"[^\"]*\"?")


def _quotes(stext: str) -> list[tuple[int, int]]:
    """Quoted stretches of a sentence: a name inside a quote is spoken of, not the speaker. A sentence that opens
    inside a quote (its opening mark cut off with the sentence before) is quoted up to the first closing mark."""
    first = re.search(r'[«»„“”"]', stext)
    head = 0
    if first is not None and (first.group() in "»”" or first.group() == '"' and first.start() > 0 and
                              not stext[first.start() - 1].isspace()):
        head = first.end()
    out = [(0, first.start())] if head and first.start() > 2 else []
    return out + [(head + m.start(), head + m.end()) for m in _QUOTES.finditer(stext[head:]) if m.end() - m.start() > 2]


def _open_quote(stext: str) -> bool:
    german = "„" in stext   # „...“: there “ closes
    opened = stext.count("«") + stext.count("„") + (0 if german else stext.count("“"))
    closed = stext.count("»") + stext.count("”") + (stext.count("“") if german else 0)
    return opened > closed or (stext.count('"') % 2 == 1 and stext.lstrip().startswith('"'))


def attribute(sents: list[Span], article: Article, lex: Lexicon) -> list[Attribution]:
    """One Attribution per sentence. "Об этом сообщил X" gives X the sentence before; a quote cut by the
    sentencizer takes the speaker of the sentence that closes it; "Кроме того, ..." carries the last speaker on."""
    text, memory = article.text, []
    out, backrefs = [], []
    for sent in sents:
        a, back = _one_sentence(sent, text, article, lex, memory)
        out.append(a)
        backrefs.append(back)
    for i in range(len(out) - 1, 0, -1):
        prev, cur = out[i - 1], out[i]
        same_para = events.paragraph(text, sents[i - 1].start) == events.paragraph(text, sents[i].start)
        unnamed = prev.claimant == OUTLET and prev.source_span is None   # "ilkin məlumata görə" names nobody
        if cur.claimant == OUTLET or not unnamed:
            continue
        if backrefs[i] or (prev.cue is None and same_para and _open_quote(sents[i - 1].of(text))):
            out[i - 1] = dataclasses.replace(cur, span=sents[i - 1])
        if backrefs[i]:   # "Metbuat.az xəbər verir ki, bunu X deyib": the whole paragraph before is X's
            para, j = events.paragraph(text, sents[i - 1].start), i - 2
            while j >= 0 and events.paragraph(text, sents[j].start) == para and out[j].source_span is None and \
                    out[j].claimant == OUTLET:
                out[j] = dataclasses.replace(cur, span=sents[j])
                j -= 1
    cont = lex.cue.get("continuation")
    for i in range(1, len(out)):
        same_para = events.paragraph(text, sents[i - 1].start) == events.paragraph(text, sents[i].start)
        if out[i].cue is None and same_para and out[i - 1].claimant != OUTLET and cont is not None and \
                cont.search(" ".join(sents[i].of(text).split()[:CONTINUATION_WORDS])):
            out[i] = dataclasses.replace(out[i - 1], span=sents[i])
    out = _list_items(sents, out, text)
    return _quotes_run_back(sents, _quotes_run_on(sents, out, text), text)


_LIST_ITEM = re.compile(r"(?:\d{1,2}[.)]|[-–•*])(?:\s|$)")


def _list_items(sents: list[Span], out: list[Attribution], text: str) -> list[Attribution]:
    """"X a déclaré :" then "1. ...", "2. ...": the numbered or dashed paragraphs after a speaker's colon are his."""
    speaker, para = None, -1
    for i, sent in enumerate(sents):
        p = events.paragraph(text, sent.start)
        if speaker is not None and p != para and not _LIST_ITEM.match(sent.of(text)):
            speaker = None   # the list ended
        para = p
        if speaker is not None and out[i].cue is None and out[i].claimant == OUTLET:
            out[i] = dataclasses.replace(speaker, span=sent)
        elif out[i].claimant != OUTLET and sent.of(text).endswith(":"):
            speaker = out[i]
    return out


def _quotes_run_back(sents: list[Span], out: list[Attribution], text: str) -> list[Attribution]:
    """A quote over several sentences whose speaker is named after its closing mark ("«... террор. ... ГЭС», —
    написал Гаджиев"): the sentences before the closing one are his too."""
    open_before, inside = [], False
    for i, sent in enumerate(sents):
        if i == 0 or events.paragraph(text, sents[i - 1].start) != events.paragraph(text, sent.start):
            inside = False
        open_before.append(inside)
        inside = _quote_state(sent.of(text), inside)[1]
    after_close = set()
    for i in range(len(sents) - 1, 0, -1):
        cur = out[i]
        anchor = cur.source_span or cur.cue_span   # "», — отметил он": the cue when the speaker is a pronoun
        if not open_before[i] or cur.claimant == OUTLET:
            continue
        closes = _quote_state(sents[i].of(text), True)[0]
        if i in after_close or (anchor is not None and anchor.start >= sents[i].start + closes):
            if out[i - 1].cue is None and out[i - 1].claimant == OUTLET:
                out[i - 1] = dataclasses.replace(cur, span=sents[i - 1])
                after_close.add(i - 1)
    return out


def _quotes_run_on(sents: list[Span], out: list[Attribution], text: str) -> list[Attribution]:
    """A quote that runs over several sentences of a paragraph is its speaker's to where it closes: "Hacıyev deyib:
    "... cinayətidir. Bildiririk ki, ... keçiriləcək"." A speaker named after the closing mark keeps the sentence."""
    inside = False
    for i, sent in enumerate(sents):
        if i == 0 or events.paragraph(text, sents[i - 1].start) != events.paragraph(text, sent.start):
            inside = False
        stext = sent.of(text)
        closes, still = _quote_state(stext, inside)
        src = out[i].source_span
        named_inside = src is not None and src.start < sent.start + closes   # "Fransa ... destek veriyor" in a quote
        if inside and (named_inside or src is None and out[i - 1].claimant != OUTLET):
            out[i] = dataclasses.replace(out[i - 1], span=sent)
        inside = still and not re.search(r"[«„“\"]\W*$", stext)   # a mark cut off by the sentencizer opens the next
    return out


def _quote_state(stext: str, inside: bool) -> tuple[int, bool]:
    """Where the quote open at the sentence's start closes in it (its length when it does not), and whether a quote
    is open at its end. Straight quotes open and close in turn; in German „...“ the “ closes."""
    german = "„" in stext
    openers, closers = ("«„" if german else "«„“"), ("»“”" if german else "»”")
    depth, closes = int(inside), (0 if not inside else len(stext))
    for k, ch in enumerate(stext):
        was = depth
        if ch in openers:
            depth += 1
        elif ch in closers:
            depth = max(0, depth - 1)
        elif ch == '"':
            depth = 0 if depth else 1
        if inside and was and not depth and closes == len(stext):
            closes = k
    return closes, bool(depth)


# ------------------------------------------------------------------ places

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _elided(m: re.Match, lex: Lexicon) -> tuple[int, int]:
    """"l’Ukraine", "d'Idlib": the name after the elided article (a language's [places] elision)."""
    e = lex.elision.match(m.group(0)) if lex.elision is not None else None
    return (m.start() + e.end(), m.end()) if e else (m.start(), m.end())


def _unelided(gap: str, lex: Lexicon) -> str:
    """A gap less the elided article it ends with ("et l’")."""
    if lex.elision is None:
        return gap
    return re.sub(r"(?:^|\s)(?:" + lex.elision.pattern[:-len(_BEFORE_WORD)] + r")$", "", gap, flags=re.I)


_BEFORE_WORD = r"(?=\w)"


def _forms(word: str, lex: Lexicon) -> list[str]:
    """The word, then the word with a case ending undone: "Харькове" -> "Харьков", "Şəkiyə" -> "Şəki"."""
    out = [word]
    for sep in ("'", "’"):
        if sep in word:
            out.append(word.split(sep)[0])
    low = word.lower()
    for ending, repl in lex.suffixes:
        if low.endswith(ending) and len(word) - len(ending) >= 3:
            out.append(word[:len(word) - len(ending)] + repl)
    return list(dict.fromkeys(out))


def _worth(entries, multiword: bool, initial: bool, zone: frozenset[str]) -> bool:
    """A capitalised word is a place when the gazetteer knows it in the war zone, or as a country, region or big
    city by its own name: "Москве" is Moscow, a surname that is some hamlet's alternate name is not a place. A
    sentence's first word is capitalised anyway ("Uzun illərdən sonra"): a small town does not count there."""
    for e in entries:
        if e.source.startswith("curated") or e.kind in ("country", "region", "admin1"):
            return True
        if e.country in zone and (not initial or e.population >= INITIAL_MIN_POP):
            return True
        if e.kind in ("country", "region") or (e.kind == "city" and e.population >= 200_000 and
                                                (not e.alt or multiword or e.capital)):
            return True
    return False


def _mentions(text: str, lex: Lexicon, geocoder: places.Geocoder, zone: frozenset[str]) -> list[places.Mention]:
    gz = geocoder.gz
    found: list[places.Mention] = []

    def free(s, e):
        return all(e <= m.start or s >= m.end for m in found)

    for rx, name in lex.place_names:
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                unit = bool(re.search(places.rules().unit_words + r"$", name, re.I))
                found.append(places.Mention(m.start(), m.end(), name, how="zone", unit=unit))
    for rx, _ in lex.speakers:   # "Vladimir Poutine" is no town Vladimir
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                found.append(places.Mention(m.start(), m.end(), "", how="speaker"))
    stop = lex.place.get("stop")
    toks = [_elided(m, lex) for m in _WORD.finditer(text)]
    i = 0
    while i < len(toks):
        step = 1
        for n in (3, 2, 1):
            s, e = toks[i][0], toks[min(i + n, len(toks)) - 1][1]
            written = text[s:e]
            if i + n > len(toks) or not written[0].isupper() or "\n" in written or not free(s, e) or \
                    (stop is not None and stop.fullmatch(written)):
                continue
            forms = _forms(written, lex) if n == 1 else [written]
            initial = re.search(r"(?:^|[.!?…:]\s+|\n\s*|[«\"“„]\s*)$", text[max(0, s - 4):s]) is not None
            hit = next((f for f in forms if _worth(gz.lookup(f), n > 1, initial, zone)), None)
            if hit:
                found.append(places.Mention(s, e, hit, how="zone"))
                step = n
                break
        i += step
    found += _capital_mentions(text, lex, found, geocoder)
    return sorted((m for m in found if m.how != "speaker"), key=lambda m: m.start)


def _capital_mentions(text: str, lex: Lexicon, found: list[places.Mention],
                      geocoder: places.Geocoder) -> list[places.Mention]:
    """"la capitale du Darfour", "столица Крыма": the capital of the region or country named after the
    word (within a few words), at the word's place."""
    rx = lex.place.get("capital")
    out = []
    for m in rx.finditer(text) if rx is not None else ():
        nxt = next((f for f in sorted(found, key=lambda f: f.start) if f.how != "speaker" and f.start >= m.end()), None)
        if nxt is None or len(text[m.end():nxt.start].split()) > 6 or re.search(r"[.;:!?]", text[m.end():nxt.start]):
            continue
        name = geocoder.capital_name(nxt.text)
        if name:
            out.append(places.Mention(m.start(), m.end(), name, how="zone", precision=CAPITAL_WORD))
    return out


def toponyms(text: str, lex: Lexicon, geocoder: places.Geocoder, war: conflicts.Theatre | None = None) -> list[Place]:
    """Every place of the text resolved in the document's context by the Geocoder's ranking. A capitalised word is
    a place even as a small town in the war's zone and where its fire lands."""
    war = war or conflicts.theatre(None, text)
    ms = _mentions(text, lex, geocoder, war.zone | war.profile.spillover)   # "capital" words hold the capital's name (how "zone"): looked up as any
    by_span = {(m.start, m.end): m for m in ms}
    out = geocoder.resolve(ms, text, war)
    for p in out:
        m = by_span[(p.span.start, p.span.end)]
        p.mention = text[m.start:m.end]
        if m.precision == CAPITAL_WORD:
            p.source, p.geo_precision = "capital", 1
    return out


def _event_places(found: list[Place], sent: Span, att: Attribution, text: str, lex: Lexicon,
                  violent: bool, geocoder: places.Geocoder, zone: frozenset[str]) -> list[Place]:
    """The places an event happened at: in the sentence, not the speaker's, not where fire came from, a country only
    after a locative ("в Армении"), in the war zone for a violent event, the finest level the sentence gives."""
    src = att.source_span
    out = []
    for p in found:
        if not (p.span and sent.start <= p.span.start < sent.end) or p.lat is None:
            continue
        if src and src.start <= p.span.start < src.end:
            continue
        before = text[max(sent.start, p.span.start - 30):p.span.start]
        if _dateline(p, text):
            continue
        # a country or a capital names a party ("Bakou et Erevan procéderont"), unless "в Армении"
        party = p.geonameid in events.country_ids() or geocoder.is_national_capital(p)
        if party and not (_ends_with(lex.place.get("locative"), before) or _suffixed(lex, "locative_suffix", p)):
            continue
        if _ends_with(lex.place.get("origin"), before) or (violent and p.country not in zone):
            continue
        origin = lex.place.get("origin_after")
        if (origin is not None and origin.match(text, p.span.end)) or _suffixed(lex, "origin_suffix", p):
            continue   # "Ermənistan ərazisindən", "Ermenistan'dan": where the fire came from
        after = text[p.span.end:p.span.end + 20].lstrip()
        if party and any(lex.cue.get(k) is not None and lex.cue[k].match(after) for k in ("speech", "denial_verb")):
            continue   # "в Армении говорят": who says it, not where it happened
        out.append(p)
    finest = min((p.geo_precision for p in out), default=3)
    if finest < 3:
        out = [p for p in out if p.geo_precision < 3]
    unique: list[Place] = []
    for p in sorted(out, key=lambda p: p.source == "capital"):   # "столице ... Степанакерту": the name itself
        if not any(events.same_spot(p, q) for q in unique):
            unique.append(p)
    return unique


def _suffixed(lex: Lexicon, name: str, p: Place) -> bool:
    """A case ending on the written name: "Suriye'de" (in Syria), "İrandan" (from Iran)."""
    rx = lex.place.get(name)
    return rx is not None and rx.search(p.mention) is not None


def _dateline(p: Place, text: str) -> bool:
    """"КИЕВ, 9 октября. /ТАСС/.", "Kharkiv 15 oct 2020 avec AFP -": where the report was filed."""
    line_start = text.rfind("\n", 0, p.span.start) + 1
    return not text[line_start:p.span.start].strip(" \"'«") and \
        re.match(r"\s*(?:[(,/]|[—–-]\s|\d)", text[p.span.end:p.span.end + 4]) is not None


def _ends_with(rx: re.Pattern | None, before: str, words: int = 1) -> bool:
    return rx is not None and re.search(rf"(?:{rx.pattern})\s+(?:\S+\s+){{0,{words}}}$", before, re.I) is not None


# ------------------------------------------------------------------ dates

def _date_rx(lex: Lexicon) -> re.Pattern | None:
    if not lex.months:
        return None
    months = "|".join(f"(?:{rx.pattern})" for rx, _ in lex.months)
    return re.compile(rf"(?<!\d)(\d{{1,2}})(?:er|\.)?\s+({months})(?:\s+(\d{{4}}))?", re.I)


def find_dates(stext: str, published, lex: Lexicon) -> list[dates.DateMention]:
    """Date expressions of the language, each read by dates.find in its English words, so the rules (the past only,
    the year from the publication date, "since" as a tally) are the English ones; offsets are the text's."""
    absolute, relative = [], []
    rx = _date_rx(lex)
    for m in rx.finditer(stext) if rx else ():
        month = next(v for r, v in lex.months if r.fullmatch(m.group(2)))
        english = f"{int(m.group(1))} {month}" + (f" {m.group(3)}" if m.group(3) else "")
        since = _ends_with(lex.date.get("since"), stext[max(0, m.start() - 30):m.start()], 2) or \
            (lex.date.get("since_after") is not None and lex.date["since_after"].match(stext, m.end()))
        words = lang.lexicon(lang.ENGLISH).get("dates", "since_word"), lang.lexicon(lang.ENGLISH).get("dates", "on_word")
        absolute += _read(f"{words[0]} {english}" if since else english, m, published)
    on = lang.lexicon(lang.ENGLISH).get("dates", "on_word")
    for table, fmt in ((lex.weekdays, on + " {}"), (lex.relative, "{}")):
        for r, v in table:
            for m in r.finditer(stext):
                relative += _read(fmt.format(v), m, published)
    # "Утром 27 сентября", "в пятницу, 9 октября": the date itself, not "this morning"
    relative = [d for d in relative
                if not any(a.start >= d.end and re.fullmatch(r"[\s,]*", stext[d.end:a.start]) for a in absolute)]
    taken, unique = [], []
    for d in sorted(absolute + relative, key=lambda d: (d.start, -(d.end - d.start))):
        if all(d.end <= s or d.start >= e for s, e in taken):
            taken.append((d.start, d.end))
            unique.append(d)
    return unique


def _read(english: str, m: re.Match, published) -> list[dates.DateMention]:
    found = dates.find(english, published)
    return [dataclasses.replace(found[0], start=m.start(), end=m.end())] if found else []


def _statement_day(d: dates.DateMention, offset: int, att: Attribution, lex: Lexicon) -> bool:
    """"сообщил в пятницу": the day of the statement, not of the event ("обстреляли в пятницу, по данным" is)."""
    cue = att.cue_span
    according = lex.cue.get("according")
    if cue is None or (according is not None and according.fullmatch(att.cue or "")):
        return False
    start, end = offset + d.start, offset + d.end
    return 0 <= start - cue.end <= 4 or 0 <= cue.start - end <= 2


def _day_of(i: int, sents: list[Span], atts: list[Attribution], article: Article, lex: Lexicon, trigger: Span):
    """The sentence's own date (in the trigger's clause), else one of the two sentences before it in the
    paragraph, else the day of the statement that reports it."""
    text, said = article.text, None
    off = sents[i].start
    # the date nearest the trigger: "arrêtés le 10 novembre conformément à un accord signé le 9 novembre"
    for d in sorted(find_dates(sents[i].of(text), article.date, lex),
                    key=lambda d: max(off + d.start - trigger.end, trigger.start - off - d.end, 0)):
        a, b = sorted((off + d.start, trigger.start))
        if d.since or re.search(r"[;—–]|\s-\s", text[a:b]):
            continue
        if _statement_day(d, sents[i].start, atts[i], lex):
            said = said or d
        else:
            return d
    para = events.paragraph(text, sents[i].start)
    for j in range(i - 1, max(-1, i - 3), -1):
        if events.paragraph(text, sents[j].start) != para:
            break
        if atts[j].claimant != atts[i].claimant:
            continue   # another speaker's day is of another report
        found = [d for d in find_dates(sents[j].of(text), article.date, lex) if not d.since]
        if _background(sents[j].of(text), found, article.date, lex):
            continue
        d = next((d for d in found if not _statement_day(d, sents[j].start, atts[j], lex)), None)
        if d is not None:
            return d
    cue = atts[i].cue_span
    if said is None and cue is not None and not sents[i].start <= cue.start < sents[i].end:
        cue_sent = next((s for s in sents if s.start <= cue.start < s.end), None)
        if cue_sent is not None:
            said = next((d for d in find_dates(cue_sent.of(text), article.date, lex) if not d.since), None)
    return said


# ------------------------------------------------------------------ tolls

_DIGITS = re.compile(r"(?<![\d.,:/-])\d{1,4}(?![\d-])(?![.,:/]\d)")   # not "23-летняя", "12:00", "1.5"


def _numbers(stext: str, lex: Lexicon) -> list[tuple[int, int, object]]:
    out = [(m.start(), m.end(), int(m.group(0))) for m in _DIGITS.finditer(stext)]
    words = sorted(((m.start(), m.end(), v) for m, v in _hits(lex.numbers, stext)), key=lambda h: h[0] - h[1])
    for s, e, v in words:   # "une dizaine" over "une"
        if all(e <= a or s >= b for a, b, _ in out):
            out.append((s, e, v))
    not_count = lex.toll.get("not_count")
    month = _date_rx(lex)
    keep = []
    for s, e, v in out:
        after = stext[e:e + 25]
        if not_count is not None and not_count.match(after.lstrip()):
            continue
        if month is not None and re.match(r"\s*(?:er|\.)?\s*(?:" + "|".join(r.pattern for r, _ in lex.months) + ")",
                                          after, re.I):
            continue
        keep.append((s, e, v))
    return keep


def count(kind: str, stext: str, lex: Lexicon, large: bool = False) -> casualties.Count | None:
    """The toll next to a killed/injured word: the nearest number within a few words, the vague ones by ACLED's
    rule (casualties.to_number); "без жертв" is 0 killed."""
    rx = lex.toll.get(kind)
    other = lex.toll.get("injured" if kind == "killed" else "killed")
    if rx is None:
        return None
    nums = _numbers(stext, lex)
    best = None
    for m in rx.finditer(stext):
        for s, e, v in nums:
            before = e <= m.start()
            a, b = (e, m.start()) if before else (m.end(), s)
            gap = stext[a:b]
            if b < a or len(gap.split()) > COUNT_REACH or re.search(r"[.;:!?(),]", gap) or \
                    (other is not None and other.search(gap)):
                continue
            rank = (not before, len(gap.split()))   # "Trois civils ont été tués et cinq blessés": 3 killed
            if best is None or rank < best[0]:
                best = (rank, min(s, m.start()), max(e, m.end()), v)
    if best is None:
        none = lex.toll.get("none")
        hit = none.search(stext) if none is not None and kind == "killed" else None
        return casualties.Count(0, hit.group(0)) if hit else None
    _, s, e, v = best
    n, vague = (v, False) if isinstance(v, int) else casualties.to_number(str(v), large)
    if n is None:
        return None
    near = stext[max(0, s - 40):e + 40]
    civ = lex.toll.get("civilians")
    return casualties.Count(n, stext[s:e], vague, bool(civ and civ.search(near)))


# ------------------------------------------------------------------ events

def triggers(stext: str, lex: Lexicon) -> list[tuple[re.Match, dict]]:
    """Every row's first real match, in precedence order; a word read by a row is not read again by a later one.
    Not real: what may, should or will happen, a summary of weeks of war ("après six semaines de combats"), or
    fighting the sentence says has stopped."""
    out, taken = [], []
    irrealis, ended = lex.cue.get("irrealis"), lex.cue.get("ended")
    for rx, row in lex.triggers:
        real = [m for m in rx.finditer(stext)
                if not _ended(ended, stext, m.end())
                and not (irrealis and re.search(rf"(?:{irrealis.pattern})\s+(?:\S+\s+){{0,2}}(?:\S*['’])?$",
                                               stext[max(0, m.start() - 40):m.start()], re.I))
                and not any(m.start() < e and s < m.end() for s, e in taken)]
        if real:
            out.append((real[0], row))
            taken += [m.span() for m in real]
    return out


def _ended(ended: re.Pattern | None, stext: str, end: int) -> bool:
    """"Les affrontements ... se sont arrêtés": the fighting the sentence names has stopped."""
    hit = ended.search(stext[end:end + 100]) if ended is not None else None
    return hit is not None and not re.search(r"[.;,]", stext[end:end + hit.start()])


def _negated(stext: str, m: re.Match, lex: Lexicon) -> bool:
    neg, form = lex.cue.get("negation"), lex.cue.get("negated_form")
    if form is not None and form.fullmatch(m.group(0)):
        return True
    return neg is not None and re.search(rf"(?:{neg.pattern})\s+(?:\S+\s+)?$", stext[max(0, m.start() - 30):m.start()],
                                         re.I) is not None


def _country_actor(stext: str, trigger: int | None, lex: Lexicon, prof: Profile) -> tuple[str, str | None] | None:
    """"Россия обстреляла Харьков": a belligerent country right before the trigger acts with its forces."""
    if trigger is None:
        return None
    for m, english in _hits(lex.countries, stext[max(0, trigger - 40):trigger]):
        rest = stext[max(0, trigger - 40) + m.end():trigger]
        _, side = prof.party_to_agreement(english)
        if prof.side_actor(side) and len(rest.split()) <= 2 and not re.search(r"[,;.]", rest):
            return prof.side_actor(side), side
    return None


def _actor(stext: str, side: str | None, lex: Lexicon, prof: Profile,
           trigger: int | None = None) -> tuple[str, str | None] | None:
    """The first acting party the sentence names, the one after an agent marker ("со стороны") first."""
    hits = []
    for m, english in _hits(lex.actors, stext):
        found = events.actor_in(english, side, prof)
        if found:
            hits.append((m.start(), found))
    if not hits:
        return _country_actor(stext, trigger, lex, prof)
    agent = lex.cue.get("agent")
    marked = [h for h in hits if agent is not None and
              re.search(rf"(?:{agent.pattern})\s+(?:\S+\s+)?$", stext[max(0, h[0] - 30):h[0]], re.I)]
    return (marked or hits)[0][1]


def _english(table: tuple, stext: str) -> str:
    return " ".join(v for _, v in _hits(table, stext))


def _describe(mention: events.Mention, stext: str, sents, i, atts, article, lex, actor=None) -> None:
    side = mention.attribution.claimant_side
    prof = conflicts.of(article)
    at = mention.trigger.start - mention.sentence.start
    if actor is None and mention.sub_event_type != "Agreement":
        actor = _actor(stext, side, lex, prof, at)
    if actor is None and mention.sub_event_type != "Agreement":
        for j in range(i - 1, max(-1, i - 3), -1):
            actor = actor or _actor(sents[j].of(article.text), side, lex, prof)
    if mention.sub_event_type == "Government regains territory":
        if actor and not prof.fighting(actor[1]):
            mention.extra["not_belligerent"] = True   # peacekeepers "took control of the corridor"
        owner = prof.state_of(mention.places[0].country)
        if owner and actor and actor[1] != owner[1]:
            mention.actor2 = actor[0]
        actor = owner or actor
    countries = _english(lex.countries, stext)
    mention.actor1, mention.actor1_side = actor or events.default_actor(mention.sub_event_type, mention.attribution,
                                                                        countries, prof)
    large = mention.sub_event_type == "Armed clash"
    mention.killed = count("killed", stext, lex, large)
    mention.injured = count("injured", stext, lex, large)
    weapon = events.first_match("weapons.csv", _english(lex.weapons, stext))
    mention.weapon = weapon[1]["weapon"] if weapon else None
    target = events.first_match("targets.csv", _english(lex.targets, stext))
    mention.target = target[1]["target"] if target else None
    _civilian(mention, prof)
    mention.date = _day_of(i, sents, atts, article, lex, mention.trigger)


def _civilian(mention: events.Mention, prof: Profile) -> None:
    hit = bool(mention.killed and mention.killed.civilians) or bool(mention.injured and mention.injured.civilians)
    civilian_target = mention.target is not None and any(
        r["target"] == mention.target and r["civilian"] == "1" for r in resources.rows("targets.csv"))
    mention.civilian = mention.sub_event_type in events.ATTACKS and (civilian_target or hit)
    if mention.civilian:
        mention.actor2 = "Civilians"
    elif mention.sub_event_type == "Armed clash" and mention.actor1_side:
        mention.actor2 = prof.side_actor(prof.opponent(mention.actor1_side))


def _background(stext: str, found: list[dates.DateMention], published, lex: Lexicon) -> bool:
    """"Ситуация обострилась 27 сентября": the war's start told again, not the day's news."""
    rx = lex.cue.get("background")
    return bool(rx and rx.search(stext)) and any((published - d.date).days > 2 for d in found)


def _past_years(stext: str, said: list[dates.DateMention], published, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans naming a year before the publication's: "в 1992 году", "8 mai 1992", "1992-ci ildə" (not "1969 года
    рождения" or "1949-cu il Cenevrə konvensiyaları": the lexicon's frames are those of a time)."""
    spans = [(d.start, d.end) for d in said if d.date.year < published.year]
    rx = lex.date.get("past_year")
    for m in rx.finditer(stext) if rx is not None else ():
        years = [int(g) for g in m.groups() if g and g.isdigit()]
        if years and min(years) < published.year:
            spans.append(m.span())
    return spans


def _history(stext: str, trigger: re.Match, said: list[dates.DateMention], published, lex: Lexicon) -> bool:
    """A trigger told of a past year: the year opens the sentence or stands in the trigger's clause, and no date of
    the publication's year is nearer the trigger."""
    def gap(a: int, b: int) -> int:
        return max(a - trigger.end(), trigger.start() - b, 0)

    now = min((gap(d.start, d.end) for d in said if d.date.year >= published.year), default=len(stext))
    for a, b in _past_years(stext, said, published, lex):
        between = stext[min(b, trigger.end()):max(a, trigger.start())]
        opens = not re.search(r"\w", stext[:a].strip(" «\"„“")) or len(stext[:a].split()) <= 1
        if gap(a, b) < now and (opens or not re.search(r"[,;:()—–]", between)):
            return True
    return False


def _add_toll(mention: events.Mention, stext: str, lex: Lexicon, prof: Profile) -> None:
    large = mention.sub_event_type == "Armed clash"
    mention.killed = mention.killed or count("killed", stext, lex, large)
    mention.injured = mention.injured or count("injured", stext, lex, large)
    _civilian(mention, prof)


def find_mentions(sents: list[Span], article: Article, atts: list[Attribution], found: list[Place],
                  lex: Lexicon, geocoder: places.Geocoder, zone: frozenset[str]) -> list[events.Mention]:
    text, out = article.text, []
    prof = conflicts.of(article)
    last: tuple[int, events.Mention] | None = None
    for i, sent in enumerate(sents):
        stext = sent.of(text)
        said = find_dates(stext, article.date, lex)
        if _background(stext, said, article.date, lex):
            continue
        since = any(d.since for d in said) or _find(lex.date, "tally", stext) is not None
        att = atts[i]
        recent = last[1] if last and i - last[0] <= 2 and \
            events.paragraph(text, sents[last[0]].start) == events.paragraph(text, sent.start) else None
        if since and count("killed", stext, lex):
            continue   # a cumulative tally ("с 27 сентября погибли 41 мирный житель"), not one day's event
        hits = triggers(stext, lex)
        told = [h for h in hits if not _history(stext, h[0], said, article.date, lex)]
        if hits and not told:
            continue   # "En 1991, les forces serbes ont pris Vukovar": history, not the day's news
        hits = told
        if not hits:
            follow = _follow_up(recent, sent, att, prof) if recent else None
            if follow is not None:
                out.append(follow)
                last = (i, follow)
            elif recent is not None and att.claimant in (recent.attribution.claimant, OUTLET):
                _add_toll(recent, stext, lex, prof)   # "Погибли два мирных жителя." after the attack
            continue
        violent = any(row["sub_event_type"] != "Agreement" for _, row in hits)
        where = _event_places(found, sent, att, text, lex, violent, geocoder, zone)
        if not where:
            if recent is not None:
                _add_toll(recent, stext, lex, prof)
            continue
        for m, row, group in _groups(hits, where, sent.start):
            a = dataclasses.replace(att, stance="denied") if _negated(stext, m, lex) and att.stance != "denied" \
                else att
            for actor, at in _by_actor(group, stext, sent.start, att.claimant_side, lex, prof):
                mention = events.Mention(row["sub_event_type"], row["plover"], sent,
                                         Span(sent.start + m.start(), sent.start + m.end()), at, a)
                _describe(mention, stext, sents, i, atts, article, lex, actor)
                if mention.extra.get("not_belligerent"):
                    continue   # nobody regained it
                out.append(mention)
                last = (i, mention)
    return out


def _groups(hits, where: list[Place], offset: int):
    """events.split_by_trigger, with two readings of agreements: "accord de cessation des combats" ends the
    fighting it names (no clash), and an agreement told beside attacks takes only the places no attack took."""
    agreements = [h[0].start() for h in hits if h[1]["sub_event_type"] == "Agreement"]
    hits = [h for h in hits if not (h[1]["sub_event_type"] == "Armed clash" and
                                    any(0 <= h[0].start() - a <= AGREEMENT_REACH for a in agreements))]
    groups = events.split_by_trigger(hits, where, offset)
    violent = [g for g in groups if g[1]["sub_event_type"] != "Agreement"]
    taken = {id(p) for g in violent for p in g[2]}
    out = list(violent)
    for m, row, at in groups:
        if row["sub_event_type"] == "Agreement":
            rest = [p for p in at if id(p) not in taken] if violent else at
            if rest:
                out.append((m, row, rest))
    return out


def _by_actor(group: list[Place], stext: str, offset: int, side: str | None, lex: Lexicon, prof: Profile):
    """"Norlandic forces struck Valdor and Sudlandic forces answered by striking Brenn": each place with the
    party named nearest before it. One (actor, places) pair when the sentence names one party or none."""
    named = [(m.start(), events.actor_in(v, side, prof)) for m, v in _hits(lex.actors, stext)]
    named = [(at, a) for at, a in named if a]
    by: dict = {}
    for p in group:
        before = [a for at, a in named if at < p.span.start - offset]
        by.setdefault(before[-1] if before else None, []).append(p)
    if len([k for k in by if k]) <= 1:
        return [(None, group)]
    first = next(k for k in by if k)
    if None in by:
        by[first] = by.pop(None) + by[first]
    return list(by.items())


def _follow_up(recent: events.Mention, sent: Span, att: Attribution, prof: Profile) -> events.Mention | None:
    """The other side's denial of the event just told ("Это ложь", - заявили в Минобороны Азербайджана)."""
    if att.stance == "denied" and att.claimant != recent.attribution.claimant and att.claimant != OUTLET:
        return events.denial_of(recent, sent, att, prof)
    return None


# ------------------------------------------------------------------ claims

def find_claims(sents: list[Span], atts: list[Attribution], mentions: list[events.Mention], article: Article,
                lex: Lexicon) -> list[Claim]:
    """The claims of each attributed sentence, typed by the lexicon's claim verbs and words under claims.py's
    priorities and suppressions; a denial (of an event told or of a report) is a REJECT; a partisan outlet's own
    blame is one claim of the article. The claimant is the sentence's speaker."""
    text = article.text
    prof = conflicts.of(article)
    denied = {m.sentence.start for m in mentions if m.attribution.stance == "denied"}
    found = []
    for sent, att in zip(sents, atts):
        for kind, at in _claim_types(sent, att, sent.start in denied, article, lex):
            found.append(_claim(kind, sent, at, att, text, lex, prof))
    found += _outlet_claims(sents, atts, article, lex)
    return claims.dedupe(sorted(found, key=lambda c: c.evidence_span.start), prof)


def _claim_types(sent: Span, att: Attribution, denied: bool, article: Article, lex: Lexicon) -> list[tuple[str, int]]:
    """(PLOVER type, where in the sentence it is said) of one sentence's claims, the stronger type first."""
    if att.claimant == OUTLET or (att.claimant_side == "unknown" and att.cue is None):
        return []
    stext = sent.of(article.text)
    found: dict[str, int] = {}
    verbs = [(m, kind) for m, kind in _hits(lex.claim_verbs, stext) if not _other_subject(m, sent, att, lex, stext)]
    for m, kind in sorted(verbs + _hits(lex.claim_words, stext), key=lambda h: h[0].start()):
        found.setdefault(kind, m.start())
    if att.stance == "denied" or denied:
        at = att.cue_span.start - att.span.start if att.cue_span else 0
        found.setdefault("REJECT", at if 0 <= at < len(stext) else 0)
    tally = any(d.since for d in find_dates(stext, article.date, lex)) or _find(lex.date, "tally", stext)
    if tally and att.cue is not None and (count("killed", stext, lex) or count("injured", stext, lex)):
        found.setdefault("ACCUSE", 0)   # a party's count of losses over the war so far, as claims.py reads it
    if "AGREE" in found and any(row["sub_event_type"] == "Agreement" for _, row in triggers(stext, lex)):
        del found["AGREE"]   # an agreement reached is an event; AGREE is a stated readiness or promise
    return _unsuppressed(found)


def _other_subject(verb: re.Match, sent: Span, att: Attribution, lex: Lexicon, stext: str) -> bool:
    """The claim verb has a speaker of its own who is not the sentence's: "[Çavuşoğlu:] «Fransa açıkça Ermenistan'a
    destek veriyor»" is no SUPPORT of Çavuşoğlu's."""
    own = _speaker_for(verb, "claim", _sources(stext, lex, _cues(stext, lex)), stext, lex)
    src = att.source_span
    return own is not None and not (src and (src.start, src.end) == (sent.start + own.start, sent.start + own.end))


def _unsuppressed(found: dict[str, int]) -> list[tuple[str, int]]:
    """claims.py's rules within a sentence: a threat outweighs the appeal and blame it carries, a denial the
    blame, a demand the request; a meeting or call yields to what is said in it."""
    rule = {t.type: t for t in claims.triggers()}

    def beaten(c: str, k: str) -> bool:
        return k != c and (c in rule[k].suppresses or rule[c].channel and not rule[k].channel)
    kept = [c for c in found if not any(beaten(c, k) for k in found)]
    return [(c, found[c]) for c in sorted(kept, key=lambda c: -rule[c].priority)]


def _outlet_claims(sents: list[Span], atts: list[Attribution], article: Article, lex: Lexicon) -> list[Claim]:
    """A partisan outlet's blame in its own voice ("в результате провокации армянских вооруженных сил"): one
    claim of the article, as claims.py gives it."""
    prof = conflicts.of(article)
    if not prof.partisan(article.side):
        return []
    for sent, att in zip(sents, atts):
        if att.claimant != OUTLET:
            continue
        hit = next(iter(_hits(lex.claim_outlet, sent.of(article.text))), None)
        if hit is not None:
            return [_claim(hit[1], sent, hit[0].start(), att, article.text, lex, prof)]
    return []


_CLAUSE_END = re.compile(r";|(?<!\d):(?!\d)|\s[—–]\s")   # not the colon of "12:00"


def _evidence(sent: Span, at: int, text: str) -> Span:
    """The sentence, or in a long one the clause holding the claim's word; without the quote marks and dashes
    around it."""
    a, b = sent.start, sent.end
    if b - a > claims.MAX_EVIDENCE:
        stext = sent.of(text)
        cuts = [0] + [m.end() for m in _CLAUSE_END.finditer(stext)] + [len(stext)]
        i = max(j for j in range(len(cuts) - 1) if cuts[j] <= at)
        if cuts[i + 1] - cuts[i] >= 20:
            a, b = sent.start + cuts[i], sent.start + cuts[i + 1]
    while a < b and (text[a].isspace() or text[a] in "—–-,;:(»"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in "—–-,;:)«„"):   # "... Степанакерта. «" cut off
        b -= 1
    if b - a > 2 and text[a] in "«“„\"" and text[b - 1] in "»“”\"" and not re.search(r"[«»“”„\"]", text[a + 1:b - 1]):
        a, b = a + 1, b - 1   # a quote and nothing else
    return Span(a, b)


def _target(stext: str, att: Attribution, offset: int, lex: Lexicon, prof: Profile) -> str | None:
    """Whom a claim is aimed at: the first party the sentence names outside its speaker that is not of the
    claimant's side (claims.target_of on the parties' English names); "противник" is the speaker's enemy."""
    src = att.source_span
    named = _hits(lex.actors, stext) + _hits(lex.speakers, stext)
    countries = [(m, v) for m, v in _hits(lex.countries, stext)     # not "армянские" of "армянские войска"
                 if not any(a.start() <= m.start() < a.end() for a, _ in named)]
    words = []
    for m, v in sorted(named + countries, key=lambda h: h[0].start()):
        if src and src.start <= offset + m.start() < src.end:
            continue
        if v == lang.lexicon(lang.ENGLISH).get("claimants", "enemy"):
            v = prof.home_country(prof.opponent(att.claimant_side)) or v
        words.append(v)
    return claims.target_of("; ".join(words), att.claimant_side, prof)


def _claim(kind: str, sent: Span, at: int, att: Attribution, text: str, lex: Lexicon, prof: Profile) -> Claim:
    ev = _evidence(sent, at, text)
    return Claim(type=kind, claimant=att.claimant, claimant_side=att.claimant_side, evidence=ev.of(text),
                 evidence_span=ev, target=_target(sent.of(text), att, sent.start, lex, prof),
                 attribution_cue=att.cue, cue_span=att.cue_span,
                 stance="denied" if kind == "REJECT" else att.stance, hedged=att.hedged, relayed_by=att.relayed_by)



