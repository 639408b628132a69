"""The lexicon's source finder: who says each sentence, from cue words and speaker words near them."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from polemos import attribution, conflicts, lang, segment
from polemos.claimants import OUTLET, Who
from polemos.lang.ud import Hints
from polemos.lexicon import _BEFORE_WORD, Lexicon, _find, _hits
from polemos.types import Article, Attribution, Span

SPEAKER_GAP = 30          # chars between the parts of one speaker ("Минобороны" ... "Армении")


CUE_REACH = 90            # chars between a cue and its speaker


LONE_COUNTRY_REACH = 12   # chars between a cue and a bare country that says it


CONTINUATION_WORDS = 4    # "Ermənistan silahlı qüvvələri, həmçinin ...": "also" near the start carries the speaker on


CLAIM_SUBJECT = 5         # score of a speaker before a claim verb over one after it (SVO languages)


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
    person: str | None = None   # a person the language's tools named, not in the lexicon (romanised)


PARSE_SUBJECT = 4         # score of a speaker the parse gives as the cue verb's subject


def _parts(stext: str, lex: Lexicon, persons: list | None = None) -> list[_Part]:
    """Speaker words of a sentence: named speakers, organisations, countries (longest first where they overlap);
    the persons the language's tools name come after the lexicon's speakers."""
    found = [_Part(m.start(), m.end(), "speaker", v, 3) for m, v in _hits(lex.speakers, stext)]
    forces = lang.lexicon(lang.ENGLISH).words("claimants", "forces")
    found += [_Part(m.start(), m.end(), "org", v, 1 if v in forces else 2)
              for m, v in _hits(lex.organisations, stext)]
    found += [_Part(m.start(), m.end(), "country", v, 1) for m, v in _hits(lex.countries, stext)]
    found += [_Part(a, b, "person", name, 3) for a, b, name in persons or ()   # not "L’Azerbaïdjan" the NER misread
              if not any(p.start < b and a < p.end for p in found)]
    out: list[_Part] = []
    for p in sorted(found, key=lambda p: (-(p.end - p.start), p.start)):
        inside_org = p.kind == "country" and any(q.kind == "org" and q.start <= p.start and p.end <= q.end for q in out)
        if inside_org or all(p.end <= q.start or p.start >= q.end for q in out):
            out.append(p)   # "ministère arménien de la Défense": the country inside the organisation's name
    return sorted(out, key=lambda p: p.start)


def _sources(stext: str, lex: Lexicon, cues: list, persons: list | None = None) -> list[_Source]:
    """Adjacent speaker words grouped into one speaker: "пресс-секретарь Минобороны Армении Шушан Степанян".
    A cue, a punctuation mark, more than two words or a second country between two words part them; "Армения и
    Азербайджан" is the both-sides group of speakers.csv. Where modifiers come first (speaker_first), a country after
    a speaker begins what is said ("Hikmət Hacıyev Ermənistanın ... bildirib")."""
    groups: list[list[_Part]] = []
    joins: list[list[str]] = []
    for p in _parts(stext, lex, persons):
        end = max(q.end for q in groups[-1]) if groups else 0
        gap = stext[end:p.start] if groups and p.start >= end else ""
        bare = _unelided(gap, lex).strip()   # "et l’" of "et l’Arménie"
        both = bool(groups) and p.kind == "country" and _find(lex.cue, "and", bare) is not None and \
            groups[-1][-1].kind == "country" and len(bare.split()) == 1
        apart = not groups or len(gap) > SPEAKER_GAP or len(gap.split()) > 5 or _oblique(stext, p.start, lex) or \
            re.search(r"[.;:!?,«»“”\"()]|\s[-–—]\s", gap) or \
            any(end <= m.start() < p.start for m, _ in cues) or \
            (p.kind == "country" and any(q.kind == "country" for q in groups[-1]) and not both) or \
            (p.kind == "country" and lex.speaker_first and groups[-1][-1].kind != "country")
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
            order = {"country": 0, "org": 1, "speaker": 2, "person": 3}
            english = " ".join(p.english for p in sorted(g, key=lambda p: order[p.kind]) if p.kind != "person")
        lone = all(p.kind == "country" for p in g)
        person = next((p.english for p in g if p.kind == "person"), None)
        out.append(_Source(g[0].start, max(p.end for p in g), english, 0 if lone else max(p.rank for p in g),
                           person))
    return out


def _between_blocked(stext: str, a: int, b: int, lex: Lexicon) -> bool:
    """A complementiser between cue and candidate ("заявило, что азербайджанские войска"): the candidate is in the
    reported content, not the speaker."""
    comp = lex.cue.get("complementizer")
    return bool(comp and comp.search(stext[min(a, b):max(a, b)]))


def _speaker_for(cue: re.Match, kind: str, sources: list[_Source], stext: str, lex: Lexicon,
                 subject: tuple[int, int] | None = None) -> _Source | None:
    """The speaker of a cue among the sentence's sources; `subject`: the cue verb's subject by the parse."""
    best, best_score = None, -1e9
    for s in sources:
        dist = s.start - cue.end() if s.start >= cue.end() else cue.start() - s.end
        opener = lex.speaker_first and s is sources[0] and s.start == 0 and s.end <= cue.start()
        parsed = subject is not None and s.start < subject[1] and subject[0] < s.end
        if dist < 0 or (dist > CUE_REACH and not (opener or parsed)) or \
                _between_blocked(stext, cue.start(), s.start, lex):
            continue   # "Bakanlık, ... belirtti": a verb-final sentence's opening subject is its speaker however far
        if _agent(s, cue, stext, lex):
            continue   # "von armenischen Kräften beschossen": who did it in a passive, not who says it
        if kind == "according_after" and (s.end > cue.start() or re.search(r"[^\s-]", stext[s.end:cue.start()])):
            continue   # "dem Ministerium zufolge", "ՊՆ-ի համաձայն": the source stands right before the phrase
        if not kind.startswith("according") and _genitive(s, stext, lex):
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
        if parsed:
            score += PARSE_SUBJECT
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
    return not (s.start >= cue.end() and
                re.fullmatch(rf"\s*(?:{agent.pattern})(?:\s+\S+)?\s*", stext[cue.end():s.start], re.I))


def _genitive(s: _Source, stext: str, lex: Lexicon) -> bool:
    rx = lex.cue.get("genitive")
    word = re.search(r"[\w'’]+$", stext[s.start:s.end] + re.match(r"[\w'’]*", stext[s.end:]).group(0))
    return rx is not None and word is not None and rx.fullmatch(word.group(0)) is not None


def _subject(s: _Source, cue: re.Match, kind: str, sources: list[_Source], stext: str, lex: Lexicon) -> bool:
    """The sentence's first party, before a claim verb, is its subject however far: "Fransa bu savaşta Ermenistan'a
    destek veriyor", "L’Azerbaïdjan et l’Arménie se sont de nouveau accusés" (no comma between in SVO languages)."""
    if s is not sources[0] or s.end > cue.start():
        return False
    if kind != "claim":   # "Bakü, ... açıkladı": a verb-final sentence's opening party, set off by a comma
        return lex.speaker_first and s.start == 0 and re.match(r"\s*,", stext[s.end:]) is not None
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
    for kind in ("according", "according_after", "speech", "denial_verb"):
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
    if source.person:
        return _person_who(source, memory, article)
    who = attribution.resolve(source.english, memory, article)
    home = conflicts.of(article).home_country(article.side)
    if who.side == "unknown" and home and not who.person:
        who = attribution.resolve(f"{home} {source.english}", memory, article)
    if who.name != OUTLET and who.side != "unknown":
        memory.append(who)
    return who


def _person_who(source: _Source, memory: list, article: Article):
    """A person the lexicon does not know, with the organisation or country named with them: "Vadim Danielyan
    (Norland authorities)", on that organisation's side; alone, a person of unknown side (as in English)."""
    person = source.person
    known = attribution.resolve(person, [], article)   # "Hadjiyev": a speaker of the tables, spelt otherwise
    if known.side != "unknown":
        who = known
    elif not source.english:
        who = Who(person, "unknown", person=True)
    else:
        org = _who(dataclasses.replace(source, person=None), list(memory), article)
        who = Who(f"{person} ({org.name})", org.side, org.source_type, org.organisation, person=True)
    if who.side != "unknown":
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


def _one_sentence(sent: Span, text: str, article: Article, lex: Lexicon, memory: list,
                  hints: Hints | None = None) -> tuple[Attribution, bool]:
    """The claimant of one sentence, and whether it says "about this" of the sentence before; `hints`: what the
    language's tools add (persons, the subject of a cue)."""
    stext = sent.of(text)
    outlet = attribution.outlet_who(article)
    cues = _cues(stext, lex)
    quoted = _quotes(stext)
    persons = hints.persons_in(sent.start, sent.end) if hints is not None else None
    sources = [s for s in _sources(stext, lex, cues, persons) if not any(a <= s.start < b for a, b in quoted)]
    who, cue, source, backref, denies, relay = outlet, None, None, False, False, None
    for m, kind in cues:
        subject = hints.subject_of(sent.start + m.start(), sent.start + m.end()) if hints is not None else None
        subject = (subject[0] - sent.start, subject[1] - sent.start) if subject else None
        found = _speaker_for(m, kind, sources, stext, lex, subject)
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


def attribute(sents: list[Span], article: Article, lex: Lexicon, hints: Hints | None = None) -> list[Attribution]:
    """One Attribution per sentence. "Об этом сообщил X" gives X the sentence before; a quote cut by the
    sentencizer takes the speaker of the sentence that closes it; "Кроме того, ..." carries the last speaker on."""
    text = article.text
    memory: list = []
    out, backrefs = [], []
    for sent in sents:
        a, back = _one_sentence(sent, text, article, lex, memory, hints)
        out.append(a)
        backrefs.append(back)
    for i in range(len(out) - 1, 0, -1):
        prev, cur = out[i - 1], out[i]
        same_para = segment.paragraph(text, sents[i - 1].start) == segment.paragraph(text, sents[i].start)
        unnamed = prev.claimant == OUTLET and prev.source_span is None   # "ilkin məlumata görə" names nobody
        if cur.claimant == OUTLET or not unnamed:
            continue
        if backrefs[i] or (prev.cue is None and same_para and _open_quote(sents[i - 1].of(text))):
            out[i - 1] = dataclasses.replace(cur, span=sents[i - 1])
        if backrefs[i]:   # "Metbuat.az xəbər verir ki, bunu X deyib": the whole paragraph before is X's
            para, j = segment.paragraph(text, sents[i - 1].start), i - 2
            while j >= 0 and segment.paragraph(text, sents[j].start) == para and out[j].source_span is None and \
                    out[j].claimant == OUTLET:
                out[j] = dataclasses.replace(cur, span=sents[j])
                j -= 1
    cont = lex.cue.get("continuation")
    for i in range(1, len(out)):
        same_para = segment.paragraph(text, sents[i - 1].start) == segment.paragraph(text, sents[i].start)
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
        p = segment.paragraph(text, sent.start)
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
        if i == 0 or segment.paragraph(text, sents[i - 1].start) != segment.paragraph(text, sent.start):
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
        if i == 0 or segment.paragraph(text, sents[i - 1].start) != segment.paragraph(text, sent.start):
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


def _unelided(gap: str, lex: Lexicon) -> str:
    """A gap less the elided article it ends with ("et l’")."""
    if lex.elision is None:
        return gap
    return re.sub(r"(?:^|\s)(?:" + lex.elision.pattern[:-len(_BEFORE_WORD)] + r")$", "", gap, flags=re.I)
