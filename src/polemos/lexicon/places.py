"""The lexicon's places: capitalised words the gazetteer knows (case endings undone), the places of an event."""
from __future__ import annotations

import re

from polemos import chains, conflicts, locate, places
from polemos.lexicon import Lexicon, _ends_with
from polemos.types import Attribution, Place, Span

CAPITAL_WORD = 1          # Mention.precision of "столица"/"capitale" standing for the capital's name


INITIAL_MIN_POP = 10_000  # a sentence-initial capitalised word is a place only if the town is this big


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _elided(m: re.Match, lex: Lexicon) -> tuple[int, int]:
    """"l’Ukraine", "d'Idlib": the name after the elided article (a language's [places] elision)."""
    e = lex.elision.match(m.group(0)) if lex.elision is not None else None
    return (m.start() + e.end(), m.end()) if e else (m.start(), m.end())


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
    if lex.lemmas is not None:   # the language's tools know the word's dictionary form: "Мариуполе" -> "Мариуполь"
        out[1:1] = lex.lemmas(word)
    if lex.spellings:   # "Talich", "Ճարտարում": a name transcribed the language's way, in English letters
        out += [_spelled(f, lex) for f in out]
    return list(dict.fromkeys(out))


def _spelled(word: str, lex: Lexicon) -> str:
    rx, pairs = lex.spellings
    english = " ".join(rx.sub(lambda m: pairs[m.group(0)], w) for w in word.lower().split())
    return english.title() if " " in english else english[:1].upper() + english[1:]


def _last_word_forms(written: str, lex: Lexicon) -> list[str]:
    """A name of several words takes its case ending on the last one: "Լեռնային Ղարաբաղում", "Кривом Роге" is
    tried as written, then with the last word's ending undone."""
    head, _, last = written.rpartition(" ")
    if not head:
        return [written]
    out = [written] + [f"{head} {f}" for f in _forms(last, lex)[1:]]
    if lex.spellings:   # "Կարմիր Շուկայում" -> "Karmir Shuka"
        out += [_spelled(f, lex) for f in out]
    if lex.lemmas is not None:   # "Кривом Роге" -> "Кривой Рог": every word in its dictionary form
        out.append(" ".join((lex.lemmas(w) or (w,))[0] for w in written.split()))
    return list(dict.fromkeys(out))


def _worth(entries, multiword: bool, initial: bool, zone: frozenset[str]) -> bool:
    """A capitalised word is a place when the gazetteer knows it in the war zone, or as a country, region or big
    city by its own name: "Москве" is Moscow, a surname that is some hamlet's alternate name is not a place. A
    sentence's first word is capitalised anyway ("Uzun illərdən sonra"): a small town does not count there."""
    for e in entries:
        if e.source.startswith("curated") or e.kind in ("country", "region", "admin1", "sea"):
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
            forms = _forms(written, lex) if n == 1 else _last_word_forms(written, lex)
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
    out: list[places.Mention] = []
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
    # "capital" words hold the capital's name (how "zone"): looked up as any
    ms = _mentions(text, lex, geocoder, war.zone | war.profile.spillover)
    by_span = {(m.start, m.end): m for m in ms}
    out = geocoder.resolve(ms, text, war, lex.code)
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
        if _dateline(p, text) or _holds(p, found, text, lex):
            continue
        # a country or a capital names a party ("Bakou et Erevan procéderont"), unless "в Армении"
        party = p.geonameid in locate.country_ids() or geocoder.is_national_capital(p)
        after_rx = lex.place.get("locative_after")   # "Իրանի տարածքում": in Iran's territory
        located = after_rx is not None and after_rx.match(text, p.span.end) is not None
        if party and not (_ends_with(lex.place.get("locative"), before) or _suffixed(lex, "locative_suffix", p)
                          or located):
            continue
        if _ends_with(lex.place.get("origin"), before) or (violent and p.country not in zone and p.source != "sea"):
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
        if not any(locate.same_spot(p, q) for q in unique):
            unique.append(p)
    return unique


def _holds(p: Place, found: list[Place], text: str, lex: Lexicon) -> bool:
    """"Şəmkir rayonunun Sabirkənd kəndi", "Talich, dans la région de Martakert": the district only says where the
    village is."""
    ends = [p.span.end] + [p.span.start + k for k, ch in enumerate(p.mention or "") if ch.isspace()][:1]
    return any(q.span and q.span.start >= p.span.end and
               any(chains.link(text[e:q.span.start], lex.code) == "held" for e in ends)   # "Tovuz rayonunun" read whole
               or q.span and q.span.end <= p.span.start and q.geo_precision < p.geo_precision + 1 and
               chains.link(text[q.span.end:p.span.start], lex.code) == "in" for q in found)


def _suffixed(lex: Lexicon, name: str, p: Place) -> bool:
    """A case ending on the written name: "Suriye'de" (in Syria), "İrandan" (from Iran)."""
    rx = lex.place.get(name)
    return rx is not None and rx.search(p.mention) is not None


def _dateline(p: Place, text: str) -> bool:
    """"КИЕВ, 9 октября. /ТАСС/.", "Kharkiv 15 oct 2020 avec AFP -": where the report was filed."""
    line_start = text.rfind("\n", 0, p.span.start) + 1
    after = text[p.span.end:p.span.end + 30]
    return not text[line_start:p.span.start].strip(" \"'«") and (
        re.match(r"\s*(?:[(/]|[—–-]\s|\d)", after) is not None or
        re.match(r",[^,.\n]{0,20}\d", after) is not None)   # "Гянджа, Барда и Тертер": a list, not a dateline
