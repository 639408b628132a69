"""Places: toponym recognition and resolution to coordinates (GeoNames cities500 + curated names).

Recognition: spaCy's GPE/LOC/FAC entities, curated conflict-zone names found in the text (spaCy's small model
often tags them PERSON or NORP), and phrases: "X district", "villages of the X region", "near X",
"X village of Y district" (an unknown village coded to its district), "the capital (of X)".
Resolution ranks a name's gazetteer entries by the document's context: countries and regions co-mentioned,
"X, Y" hierarchy, nearness to the other places of the document, then kind and population.
"""
from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from functools import lru_cache

from polemos import chains, conflicts, lang, spelling
from polemos.capitals import Capitals
from polemos.chains import KIND_PRIOR, Mention
from polemos.chains import phrases as rules
from polemos.chains import point_km as km
from polemos.conflicts import Theatre
from polemos.errors import Errors
from polemos.gazetteer import WORLD_REGIONS, Entry, Gazetteer, norm
from polemos.types import Article, Place, Span
from polemos.zone import (
    curated_alts,
    demonym_country,
    ruler_patterns,
    zone_scan,
)

ENT_LABELS = {"GPE", "LOC", "FAC"}
# scoring weights (tuned on the geoparsing dev sets; see bench/geo.py)
POP_WEIGHT = 1.0        # per order of magnitude of population
CAPITAL_BONUS = 3.0     # "Washington", "London": a national capital is the usual referent
COUNTRY_W = 5.0         # times the share of the document's country mentions
TOP_W = 1.5             # the document's main country
ADMIN_W = 2.0           # a first-level region the document names (or its other places lie in)
ALT_PENALTY = 2.5       # matched on a GeoNames alternate name only
NEAR_W = 1.0            # nearness to the document's other places
ZONE_W = 2.0            # a place in the war's countries (the profile's zone, or the countries the article names)
CHAIN_W = 8.0           # a place inside the unit its chain names ("Petaquillas, Guerrero")
FAR_MIN_POP = 20_000    # a smaller town of a country the article never names, far from the war, is a namesake
FAR_KM = 800.0          # ... when this far from the war's countries and every place of the article in them
UNIT_KINDS = ("admin1", "admin2", "district", "region")
TOWNS = ("city", "village")
ALT_TOWN_POP = 20_000   # a town this big named by an alternate name is still the town, not the unit after it


def unit_bare(name: str) -> str:
    """A unit's name without its unit word: "Tamsin district" -> "Tamsin"."""
    return re.sub(r"\s+" + rules().unit_words + r"$", "", name, flags=re.I)


class Geocoder(Capitals):
    """Finds and resolves the places of one document."""

    _default: "Geocoder | None" = None

    def __init__(self, gazetteer: Gazetteer | None = None, descriptive: bool = True, embedded: bool = False):
        self.gz = gazetteer or Gazetteer.default()
        self.descriptive = descriptive      # also resolve "the capital", "southern Lebanon" and the like (events)
        self.embedded = embedded            # also "Georgia" in "the Georgia Environmental Protection Division"
        # an event's reader also takes towns spaCy tags ORG or NORP after a locative, and parts of a country
        self._mislabels = ("PERSON", "ORG", "NORP") if descriptive else ("PERSON",)
        self._zone: frozenset[str] = frozenset()   # the countries of the war of the document being resolved
        self._theatre: frozenset[str] = frozenset()
        self._anchors: list[tuple[float, float]] = []   # its places in those countries, and their centres

    @classmethod
    def default(cls) -> "Geocoder":
        if cls._default is None:
            cls._default = cls()
        return cls._default

    # ------------------------------------------------------------ recognition

    def mentions(self, doc, zone: frozenset[str] = frozenset()) -> list[Mention]:
        text = doc.text
        found: list[Mention] = []
        gpe_texts = {e.text for e in doc.ents if e.label_ in ENT_LABELS}
        for ent in doc.ents:
            if ent.label_ in ENT_LABELS:
                found.append(Mention(ent.start_char, ent.end_char, ent.text))
            elif ent.label_ in self._mislabels and self._place_like(ent, text, gpe_texts):
                found.append(Mention(ent.start_char, ent.end_char, ent.text))
            elif self.embedded and ent.label_ in ("ORG", "FAC", "PERSON"):
                found += self._embedded(ent)
        for s, e in zone_scan(text, zone):
            found.append(Mention(s, e, text[s:e], how="zone"))
        for m in rules().village_of.finditer(text):
            found.append(Mention(m.start(1), m.start(1) + len(m.group(1).rstrip()), m.group(1).rstrip(),
                                 how="phrase"))
        for m in rules().named_village.finditer(text):
            found.append(Mention(m.start(1), m.end(1), m.group(1), how="named"))
        found = [self._clean(m, text) for m in found]
        found = [m for m in found if m is not None]
        found = _dedupe(self._village_lists(text) + found + self._chain_tails(found, text))
        found = self._merge_and(sorted(found, key=lambda m: m.start), text)
        found = _no_surnames(found, doc)
        for m in found:
            self._decorate(m, text)
        if self.descriptive:
            found += self._capital_mentions(text, found)
        return sorted(found, key=lambda m: m.start)

    def _chain_tails(self, found: list[Mention], text: str) -> list[Mention]:
        """"in Petaquillas, Guerrero", "Kitshanga, Masisi territory, North Kivu": the unit after a name, when the
        gazetteer knows it as one by its own name (NER often misses such a unit), or the name again ("Koya (Koya,
        Erbil)": a unit named after its town, as ACLED's notes write it)."""
        out: list[Mention] = []
        todo = sorted(found, key=lambda m: m.start)
        while todo:
            m = todo.pop(0)
            t = chains.tail(text, m.end)
            if t is None:
                continue
            held = [f for f in found + out if f.start <= t[0] < f.end]
            if held:
                self._unit_in_brackets(held[0], text)
                continue
            name = text[t[0]:t[1]]
            bare = unit_bare(name)
            if norm(name) == norm(m.text):
                out.append(Mention(t[0], t[1], name, how="chain"))
                todo.append(out[-1])
            elif any(e.kind in chains.UNIT_KINDS + ("country",) and not e.alt for e in self.gz.lookup(bare)):
                out.append(Mention(t[0], t[1], name, how="chain", unit=True))   # "Tame (Arauca)": the department
                todo.append(out[-1])
            elif bare != name:   # "Mweso chiefdom": a unit the index lacks; the chain goes on past it
                out.append(Mention(t[0], t[1], name, how="chain", unit=True))
                todo.append(out[-1])
        return out

    def _unit_in_brackets(self, m: Mention, text: str):
        """"Kani town (Kani, Sagaing)": a name another one's bracketed chain ends with is the unit the index knows
        by it (Sagaing Region, not the town), as ACLED's notes write a place's units."""
        last = text[m.end:m.end + 2].lstrip().startswith(")")
        if last and text.rfind("(", 0, m.start) > text.rfind(")", 0, m.start) and not m.unit and \
                any(e.kind in chains.UNIT_KINDS for e in self.gz.lookup(m.text)):
            m.unit = True

    def _inferred_zone(self, doc) -> frozenset[str]:
        """The countries of the units and countries the text names by their own names, for a text that names no
        state: "North Kivu" is in the DR Congo."""
        zone: set[str] = set()
        for ent in doc.ents:
            if ent.label_ in ENT_LABELS:
                units = {e.country for e in self.gz.lookup(unit_bare(ent.text))
                         if e.kind in chains.UNIT_KINDS + ("country",) and not e.alt and e.country}
                zone |= units if len(units) == 1 else set()
        return frozenset(zone)

    def _merge_and(self, ms: list[Mention], text: str) -> list[Mention]:
        """"Trinidad and Tobago" is one country when the gazetteer knows the whole name."""
        out: list[Mention] = []
        for m in ms:
            if out and m.end <= out[-1].end:
                continue   # swallowed by the previous merge
            tail = rules().and_tail.match(text[m.end:m.end + 40])
            if tail and m.how != "capital":
                for cut in sorted({tail.end(), len(tail.group().rsplit(" ", 1)[0])}, reverse=True):
                    whole = text[m.start:m.end + cut]
                    if any(e.kind in ("country", "admin1", "region") and not e.alt for e in self.gz.lookup(whole)):
                        m = Mention(m.start, m.end + cut, whole, how=m.how)
                        break
            out.append(m)
        return out

    def _known(self, name: str, min_pop: int = 1000) -> bool:
        """A place by its own name: a country, region, or a town of some size."""
        return any(not e.alt and (e.kind != "city" or e.population >= min_pop) and e.kind != "admin2"
                   for e in self.gz.lookup(name))

    def _place_like(self, ent, text: str, gpe_texts: set) -> bool:
        """spaCy's small model tags many towns PERSON, ORG or NORP: "in Dublin", "Alexandria, La.", "Labutta
        township", or tagged GPE elsewhere."""
        after = text[ent.end_char:ent.end_char + 30]
        unit = rules().unit_after.match(after) is not None
        if len(ent) > 2 or not (self._known(ent.text, 10_000) or unit and (self._known(ent.text, 0) or any(
                e.kind in chains.UNIT_KINDS for e in self.gz.lookup(ent.text)))):   # "Rostov region": "Rostovskaya"
            return False
        if ent.text in gpe_texts or unit:
            return True
        before = text[max(0, ent.start_char - 20):ent.start_char]
        if rules().located_in.search(before):
            return True
        nxt = chains.tail(text, ent.end_char)   # "Alexandria, La.", "rural Tibu (Norte de Santander)"
        return bool(nxt) and any(e.kind in ("admin1", "country") for e in self.gz.lookup(text[nxt[0]:nxt[1]]))

    def _embedded(self, ent) -> list[Mention]:
        """A place name that opens an organisation's name, or follows its "of"."""
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        starts = [0] + [i + 1 for i, t in enumerate(toks[:-1]) if t.lower_ == "of"]
        for i in starts:
            for n in (3, 2, 1):
                part = toks[i:i + n]
                if len(part) == n and all(t.text[:1].isupper() for t in part):
                    s, e = part[0].idx, part[-1].idx + len(part[-1].text)
                    if self._known(ent.doc.text[s:e], 5000):
                        return [Mention(s, e, ent.doc.text[s:e], how="embedded")]
        return []

    def _village_lists(self, text: str) -> list[Mention]:
        """"A, B and C villages of X district": each village, with X as its fallback."""
        out = []
        r = rules()
        for m in [*r.village_list.finditer(text), *r.bare_list.finditer(text)]:
            district = r.possessive.sub("", m.group(2))
            for v in r.name_run.finditer(m.group(1)):
                if v.group().split()[0].lower() in r.not_names:
                    continue
                out.append(Mention(m.start(1) + v.start(), m.start(1) + v.end(), v.group(), how="list",
                                   district=district))
        return out

    def _clean(self, m: Mention, text: str) -> Mention | None:
        s, e = m.start, m.end
        while s < e and text[s] in " \"'“‘(":
            s += 1
        lead = rules().article.match(text[s:e])
        if lead:
            s += lead.end()
        tail = rules().village_tail.search(text[s:e])
        if tail:
            e -= len(tail.group())
        while e > s and text[e - 1] in " .,;:\"'”’)":
            e -= 1
        t = text[s:e]
        if not t or not t[0].isupper() and not t[0].isdigit() and not chains.particle_led(t) or \
                norm(t) in demonym_country():
            return None
        if chains.not_a_place(text, s, e):
            return None   # "the USS Carney", "Iran-backed"
        if m.how != "zone" and not any(c.isalpha() for c in t):
            return None
        m.start, m.end, m.text = s, e, t
        return m

    def _decorate(self, m: Mention, text: str):
        after, before = text[m.end:m.end + 60], text[max(0, m.start - 40):m.start]
        r = rules()
        unit = r.unit_after.match(after)
        if unit and not r.unit_end.search(m.text):
            m.unit = True
            m.end += unit.end()
            m.text = text[m.start:m.end]
        elif re.search(r.unit_words + r"$", m.text, re.I):
            m.unit = True
        if r.near.search(before):
            m.precision = 2
        m.offset = chains.offset_before(text, m.start)
        m.part = chains.part_word(text, m.start, m.end)
        d = r.district_of.match(after)
        if d and not m.district:
            m.district = r.possessive.sub("", d.group(1))

    # ------------------------------------------------------------ resolution

    def toponyms(self, doc, article: Article | None = None) -> list[Place]:
        """Every place mention in a parsed spaCy doc, resolved in the article's context, with spans."""
        war = conflicts.theatre(article, doc.text)
        if not war.zone and self.descriptive:
            war = Theatre(war.profile, self._inferred_zone(doc))
        return self.resolve(self.mentions(doc, war.zone), doc.text, war)

    def resolve(self, ms: list[Mention], text: str, war: Theatre | None = None,
                code: str = lang.ENGLISH) -> list[Place]:
        """The places of mentions found in `text` by any reader (spaCy's entities, a lexicon), each ranked in the
        context of all the others; a mention that resolves to nothing is left out. Every Place keeps its
        mention's span, which says which mention it came from. `war`: the war the text is read in; `code`: its
        language, whose words link a name to the unit it lies in."""
        war = war or conflicts.theatre(None, text)
        self._zone = war.zone | war.profile.spillover
        self._theatre = war.profile.theatre   # the war's own countries: where a misspelt town is looked for
        for m in ms:
            if m.how != "capital":   # "the capital" is resolved from the names around it
                m.candidates = self._candidates(m, war.zone)
        chains.link_mentions(ms, text, code)
        self._resolve(ms, text)
        units = [e for e in self.gz.by_kind("admin1") if e.country in self._zone]   # a big country's far corners
        self._anchors = [(e.lat, e.lon) for e in [*units, *(m.chosen for m in ms)] if e and e.country in self._zone]
        return [p for m in ms for p in [self._place(m, ms, war, text)] if p is not None]

    def _candidates(self, m: Mention, zone: frozenset[str]) -> tuple[Entry, ...]:
        c = self.gz.lookup(m.text)
        if not c and m.unit:   # "Valdor region": no such unit; the town's area then
            bare = unit_bare(m.text)
            c = tuple(e for e in self.gz.lookup(bare))
            m.precision = 2
        if not c and "-" in m.text:
            c = self.gz.lookup(m.text.replace("-", ""))
        if not c and self.descriptive:   # "Niafounke": a spelling of a town of the war's countries
            c = spelling.candidates(self.gz, unit_bare(m.text) if m.unit else m.text, self._theatre or zone)
        c = c + chains.compound_candidates(self.gz, m.text)
        c = c + (chains.part_candidates(self.gz, m.text) if self.descriptive else ())
        if m.how == "list" and c:
            unit = self._unit(m.district, zone)
            if unit is not None:
                c = tuple(e for e in c if km((e.lat, e.lon), (unit.lat, unit.lon)) < 60)
        if m.how in ("phrase", "named"):   # regex-only finds ("villages of X"): no admin2
            c = tuple(e for e in c if e.kind not in ("admin2",))
        if m.how == "named" and any(e.kind in TOWNS for e in c):   # "Taizz city": the town, not its province
            c = tuple(e for e in c if e.kind in TOWNS)
        return c

    def _context(self, ms: list[Mention]) -> tuple[Counter, Counter, list]:
        countries: Counter = Counter()
        admins: Counter = Counter()
        anchors: list = []
        for m in ms:
            main = [e for e in m.candidates if not e.alt or e.source.startswith("curated")]
            kinds = {e.kind for e in main}
            if main and kinds <= {"country", "continent"} or len({(e.country, e.kind) for e in main}) == 1:
                for e in main[:1]:
                    if e.country:
                        countries[e.country] += 2 if e.kind in ("country", "region", "admin1") else 1
                    if e.kind == "admin1":
                        admins[(e.country, e.admin1)] += 1
                    if e.kind not in ("country", "continent"):
                        anchors.append((m, e))
        return countries, admins, anchors

    def _resolve(self, ms: list[Mention], text: str):
        """Three rounds: context from the unambiguous names first, then from the other names' choices."""
        first = self._context(ms)
        for rnd in range(3):
            for m in ms:
                if not m.candidates:
                    continue
                countries, admins, anchors = first if rnd == 0 else _chosen_context(ms, norm(m.text))
                total = sum(countries.values()) or 1
                top = countries.most_common(1)[0][0] if countries else None
                best, best_s = None, -1e9
                for e in m.candidates:
                    s = self._score(e, m, countries, admins, total, top, anchors)
                    m.scores[e.id] = s
                    if s > best_s:
                        best, best_s = e, s
                m.chosen = best
            # one sense per document: the same name resolves the same way everywhere
            by_name: dict[str, Mention] = {}
            for m in ms:
                if m.chosen and not m.parent:
                    k = norm(m.text)
                    if k not in by_name or m.scores[m.chosen.id] > by_name[k].scores[by_name[k].chosen.id]:
                        by_name[k] = m
            for m in ms:
                k = norm(m.text)
                if m.chosen and not m.parent and k in by_name and by_name[k].chosen in m.candidates:
                    m.chosen = by_name[k].chosen

    def _score(self, e: Entry, m: Mention, countries, admins, total, top, anchors) -> float:
        prior = KIND_PRIOR.get(e.kind, 0.0)
        if e.kind in ("admin1", "admin2", "district") and not m.unit and (e.country, e.admin1) in _towns(m):
            prior = 0.0   # "Valdor" is the town, "Valdor district" the unit named after it
        s = math.log10(e.population + 10) * POP_WEIGHT + prior + CAPITAL_BONUS * e.capital
        curated = e.source.startswith("curated")
        if curated:
            s += 2.0
        elif e.alt:
            s -= ALT_PENALTY
        if m.unit and e.kind in ("admin1", "admin2", "district", "region"):
            s += 4.0
        if e.kind == "village" and m.how in ("zone", "phrase", "named"):
            s += 1.0
        if e.country and countries:
            share = countries.get(e.country, 0) / total
            s += COUNTRY_W * share + (TOP_W if e.country == top else 0.0)
        if e.kind != "admin1" and admins.get((e.country, e.admin1)):
            s += ADMIN_W
        if e.country and e.country in self._zone:
            s += ZONE_W
        if m.parent is not None and m.parent.chosen is not None:
            s += CHAIN_W * chains.inside(m.parent.chosen, e, m.link)
        key = norm(m.text)
        near = [km((e.lat, e.lon), (a.lat, a.lon)) for am, a in anchors if am is not m and norm(am.text) != key]
        if near:
            d = min(near)
            s += NEAR_W * (2.5 if d < 50 else 1.5 if d < 150 else 0.5 if d < 400 else 0.0)
        return s

    # ------------------------------------------------------------ output

    def _place(self, m: Mention, ms: list[Mention], war: Theatre, text: str = "") -> Place | None:
        if m.how == "capital":
            return self._capital(m, ms, war, text)
        e = m.chosen
        if e is None and m.district:
            return self._district_fallback(m, war.zone)
        held = _held(m)
        if held is not None and held.kind == "country" and e is not None:
            held = None   # a country holds what the text names in it: its own namesake stands
        if held is not None and e is not None and held.kind in TOWNS and e.kind in TOWNS and \
                e.population > held.population:
            held = None   # "Goris (Syunik)": a town lies in no smaller one; the unit is one the index lacks
        if held is not None and (e is None or chains.coarser(held, e) and chains.elsewhere(held, e, m.link)):
            return self._chain_fallback(m, held)   # "Lesno village of Tamsin district": not the namesake afar
        if e is None or self._far(m, e):
            return None
        if m.offset is not None and e.kind not in ("country", "region", "sea") + WORLD_REGIONS:
            return self._offset(m, e)
        if e.kind == "country" and m.part and self.descriptive:
            return self._part(m, e) or self._make(m, e, e.precision)
        prec = max(e.precision, m.precision or 0)
        seat = self._seat(e, m.text)
        if seat is not None:   # ACLED codes an event known only to its district at the district's seat
            place = self._make(m, e, prec)
            place.lat, place.lon = seat.lat, seat.lon
            return place
        return self._make(m, e, prec)

    def _seat(self, e: Entry, mention: str = "") -> Entry | None:
        """The town a district or second-level unit ("Khizi region" too) is named after, in the same
        country: its seat."""
        named_unit = re.search(rules().unit_words, mention, re.I)
        if not (e.kind in ("district", "admin2") or e.kind == "admin1" and named_unit):
            return None
        bares = {unit_bare(e.name)} | ({unit_bare(mention)} if named_unit else set())   # "Rostov region"
        towns = [t for b in bares for t in self.gz.lookup(b) if t.kind == "city" and t.country == e.country
                 and (km((t.lat, t.lon), (e.lat, e.lon)) < 60 or e.kind == "admin1" and t.admin1 == e.admin1)]
        return max(towns, key=lambda t: t.population, default=None)

    def _far(self, m: Mention, e: Entry) -> bool:
        """A small town of a country the article never names, far from the war's countries and the article's places
        in them: a namesake ("Samaria" a hamlet overseas), not the place."""
        if self._zone and e.country not in self._zone and e.kind == "admin2" and e.alt and m.parent is None:
            return True   # "Southwest" in Cameroon: no district of a far country by one of its other names
        if not self._zone or e.country in self._zone or e.kind not in ("city", "village") or \
                e.population >= FAR_MIN_POP or m.parent is not None or e.source.startswith("curated"):
            return False
        return all(km((e.lat, e.lon), a) > FAR_KM for a in self._anchors)

    def _part(self, m: Mention, country: Entry) -> Place | None:
        """"in southern Lebanon": the first-level unit that part names, at region precision."""
        unit = chains.part_of_country(self.gz, country, chains.bearing(m.part), m.part)
        if unit is None:
            return None
        return self._make(m, unit, 3, name=f"{m.part.capitalize()} {country.name}", source="country-part")

    def _offset(self, m: Mention, e: Entry) -> Place:
        """"76 nautical miles west of Al Hudaydah": the point the distance and bearing give, near precision."""
        place = self._make(m, e, 2, source="offset")
        place.lat, place.lon = chains.project(e.lat, e.lon, *m.offset)
        return place

    def _chain_fallback(self, m: Mention, unit: Entry) -> Place | None:
        """A name its chain puts in a unit or near a town where no place of that name is: the unit's seat or centre
        (or the town, or the point a distance from it gives), as ACLED codes an event known only by its unit."""
        if unit.kind in ("country",) + WORLD_REGIONS:
            return None   # a country is too coarse to stand for an unknown village
        coarse = unit.kind == "admin1" and not chains.fine_unit(m.parent.text if m.parent else "")
        prec = 3 if coarse and m.link == "in" else 2
        place = self._make(m, unit, prec, name=m.text, source="chain-fallback")
        seat = self._seat(unit, m.parent.text if m.parent else "")
        if seat is not None:
            place.lat, place.lon = seat.lat, seat.lon
        off = m.offset or (m.parent.offset if m.parent else None)
        if off is not None:
            place.lat, place.lon = chains.project(place.lat, place.lon, *off)
        return place

    def _make(self, m: Mention, e: Entry, prec: int, name: str | None = None, source: str | None = None) -> Place:
        a1 = self.gz.admin1(e.country, e.admin1) if e.kind not in ("country", "continent", "admin1") else None
        return Place(mention=m.text, name=name or _english(e, m.text), country=e.country, lat=e.lat, lon=e.lon,
                     geo_precision=prec, geonameid=e.geonameid, admin1=_english(a1, None) if a1 else None,
                     alt_names=curated_alts(e), span=Span(m.start, m.end),
                     source=source or ("curated" if e.source.startswith("curated") else
                                       "villages" if e.kind == "village" else
                                       "world-region" if e.kind in WORLD_REGIONS else
                                       "sea" if e.kind == "sea" else "geonames"))

    def _unit(self, name: str | None, zone: frozenset[str]) -> Entry | None:
        """The district/region a name stands for: "Tamsin", "Tamsin district", "Tamsin province"."""
        if not name:
            return None
        bare = unit_bare(name)
        units = ("district", "admin1", "admin2", "region")
        cands = [e for n in (f"{bare} district", name, bare) for e in self.gz.lookup(n) if e.kind in units]
        return max(cands, key=lambda u: (u.source.startswith("curated"), u.country in zone,
                                         u.kind == "district"), default=None)

    def _district_fallback(self, m: Mention, zone: frozenset[str]) -> Place | None:
        e = self._unit(m.district, zone)
        if e is None:
            return None
        place = self._make(m, e, 2, name=m.text, source="district-fallback")
        seat = self._seat(e, m.district)
        if seat is not None:
            place.lat, place.lon = seat.lat, seat.lon
        return place

def _chosen_context(ms: list[Mention], skip: str) -> tuple[Counter, Counter, list]:
    """Countries, regions and points of the places chosen for the document's other names."""
    countries: Counter = Counter()
    admins: Counter = Counter()
    anchors: list = []
    for m in ms:
        e = m.chosen
        if e is None or norm(m.text) == skip:
            continue
        if e.country:
            countries[e.country] += 2 if e.kind in ("country", "region", "admin1") else 1
        if e.admin1 and e.kind != "country":
            admins[(e.country, e.admin1)] += 1
        if e.kind not in ("country", "continent"):
            anchors.append((m, e))
    return countries, admins, anchors


def _towns(m: Mention) -> set:
    """(country, admin1) of the towns a name matches by their own name."""
    return {(e.country, e.admin1) for e in m.candidates if e.kind in ("city", "village") and
            (not e.alt or e.source.startswith("curated") or e.population >= ALT_TOWN_POP)}


def _english(e: Entry, mention: str | None) -> str:
    if e.name.isascii() or mention is None:
        return e.name
    return mention


def _held(m: Mention) -> Entry | None:
    """The place the chain puts a name in: its parent's, else the nearest ancestor the index knows ("Kalagwe
    village (Mweso chiefdom, Masisi territory": Masisi when Mweso is unknown)."""
    up = m.parent
    for _ in range(3):
        if up is None or up.chosen is not None:
            break
        up = up.parent
    return up.chosen if up is not None else None


def _no_surnames(ms: list[Mention], doc) -> list[Mention]:
    """"Rafa Salama", "Ahmed Kassala": a town's name that ends a person's name spaCy found is the person's, unless a
    mention covers the whole name ("Khan Younis", tagged PERSON, found whole)."""
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2]
    whole = [(s, e) for s, e in persons if any(m.start <= s and m.end >= e for m in ms)]
    return [m for m in ms if not any(s < m.start and m.end <= e for s, e in persons if (s, e) not in whole)]


def _dedupe(ms: list[Mention]) -> list[Mention]:
    """Overlapping finds: the longest wins; on a tie a name its settlement word follows, then zone finds, then
    spaCy's."""
    rank = {"named": -1, "zone": 0, "ner": 1, "phrase": 2}   # "Taizz city": the word says it is the town
    ms = sorted(ms, key=lambda m: (m.how != "list", -(m.end - m.start), rank.get(m.how, 3)))
    out: list[Mention] = []
    for m in ms:
        if all(m.end <= o.start or m.start >= o.end for o in out):
            out.append(m)
    return out


# ------------------------------------------------------------ geoparse command

@lru_cache(maxsize=1)
def _nlp():
    from polemos import nlp
    return nlp.ruled(nlp.Config.of(lang.ENGLISH), ruler_patterns())


def geoparse_file(inp: str, out) -> int:
    """`polemos geoparse`: read {"id","text"} JSONL, write {"id","toponyms":[...]} lines. Returns exit code."""
    close = False
    if isinstance(out, str):
        out, close = open(out, "w", encoding="utf-8"), True
    try:
        rows = []
        with open(inp, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        r = json.loads(line)
                        rows.append((str(r["id"]), r["text"]))
                    except (json.JSONDecodeError, KeyError, TypeError) as e:
                        print("error: " + Errors.E205.format(origin=f"{inp}:{n}", error=e), file=sys.stderr)
                        return 1
        geo = Geocoder(descriptive=False)
        nlp = _nlp()
        for (rid, _), doc in zip(rows, nlp.pipe((t for _, t in rows), batch_size=16)):
            tops = [{"start": p.span.start, "end": p.span.end, "name": p.name, "lat": p.lat, "lon": p.lon,
                     "geonameid": p.geonameid, "country": p.country} for p in geo.toponyms(doc, None)]
            out.write(json.dumps({"id": rid, "toponyms": tops}, ensure_ascii=False) + "\n")
        return 0
    except OSError as e:
        print("error: " + Errors.E206.format(error=e), file=sys.stderr)
        return 1
    finally:
        if close:
            out.close()
