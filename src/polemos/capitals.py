"""Capitals: "the capital (of X)", "the Ruritanian capital", "the enclave's capital" resolved from the names around
them, and a capital standing for its government (the Geocoder's share of it)."""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable

from polemos import chains
from polemos.chains import KIND_PRIOR, Mention
from polemos.chains import phrases as rules
from polemos.chains import point_km as km
from polemos.conflicts import Theatre
from polemos.gazetteer import Entry, Gazetteer, norm
from polemos.types import Place
from polemos.zone import capitals, curated, demonym_country


class Capitals:
    """The capital phrases of the Geocoder (a mixin: it needs the Geocoder's gazetteer and `_make`)."""

    gz: Gazetteer
    _make: Callable[..., Place]   # the Geocoder's

    def _capital_mentions(self, text: str, found: list[Mention]) -> list[Mention]:
        out = []
        for m in rules().capital_phrase.finditer(text):
            if any(f.start <= m.start() < f.end for f in found):
                continue
            named = re.match(r",\s*(?=[A-Z])", text[m.end():m.end() + 4])
            if named and not m.group(1) and any(f.start == m.end() + named.end() for f in found):
                continue   # "the capital, Vellgrad": the name itself is a mention already ("the capital, Afghan
                # officials said" names none)
            of = m.group(1).strip() if m.group(1) else None
            end = m.start() + len(m.group().rstrip())
            out.append(Mention(m.start(), end, text[m.start():end], how="capital", district=of,
                               offset=chains.offset_before(text, m.start())))
        return out

    def capital_name(self, name: str) -> str | None:
        """The capital of the region or country called `name`: "Kessa" -> "Vellgrad"."""
        return curated()[1].get(norm(name)) or next(
            (capitals().get(e.country) for e in self.gz.lookup(name) if e.kind == "country"), None)

    def is_national_capital(self, p: Place) -> bool:
        """`p` is its country's capital (within 20 km of it)."""
        name = capitals().get(p.country or "")
        return bool(name) and p.lat is not None and any(e.capital and km((e.lat, e.lon), (p.lat, p.lon)) < 20
                                                        for e in self.gz.lookup(name) if e.country == p.country)

    def _capital(self, m: Mention, ms: list[Mention], war: Theatre, text: str = "") -> Place | None:
        target = self._capital_target(m, ms, war, text)
        capital = self._capital_of(target) if target else None
        if capital is None:
            return None
        if m.offset is None:
            return self._make(m, capital, 1, source="capital")
        place = self._make(m, capital, 2, source="offset")   # "90 km north of the capital": that point
        place.lat, place.lon = chains.project(capital.lat, capital.lon, *m.offset)
        return place

    def _capital_target(self, m: Mention, ms: list[Mention], war: Theatre, text: str = "") -> Entry | None:
        """Whose capital: "of X", "the Sudlandic capital", "the enclave's capital", else the article's context."""
        if m.district:
            cands = self.gz.lookup(m.district)
            return max(cands, key=lambda e: KIND_PRIOR.get(e.kind, 0) + e.population / 1e9, default=None)
        dem = rules().capital_of.match(m.text)
        if dem:
            iso = demonym_country().get(norm(dem.group(1)))
            return self.gz.country(iso) if iso else None
        chosen = [x.chosen for x in ms if x.chosen and x.start < m.start] or [x.chosen for x in ms if x.chosen]
        regions = [e for e in chosen if e.kind == "region" and self._capital_of(e)]
        region = war.profile.region
        zone = bool(region) and any(e.country in war.zone and e.source.startswith("curated") for e in chosen)
        enclave = rules().enclave.search(m.text)
        if regions or (zone and enclave):
            return regions[-1] if regions else self._region(region)
        countries = Counter(e.country for e in chosen if e.kind == "country")
        if not countries and not zone:   # "Somali soldiers ... north of the capital": the war's one country
            countries = Counter(war.zone) if len(war.zone) == 1 else self._demonyms(text)
        if countries and not enclave:
            return self.gz.country(countries.most_common(1)[0][0])
        return self._region(region) if zone else None

    @staticmethod
    def _demonyms(text: str) -> Counter:
        """The countries the text's demonyms name ("Somali soldiers"), by count."""
        dem = demonym_country()
        return Counter(iso for w in re.findall(r"\b[A-Z][a-z]+\b", text) if (iso := dem.get(norm(w))))

    def _region(self, name: str | None) -> Entry | None:
        return next((e for e in self.gz.lookup(name) if e.kind == "region"), None)

    def _capital_of(self, target: Entry) -> Entry | None:
        _, region_capitals = curated()
        name = region_capitals.get(norm(target.name)) if target.kind == "region" else None
        if name is None and target.kind == "country":
            name = capitals().get(target.country)
        if not name:
            return None
        cands = [e for e in self.gz.lookup(name) if e.country == target.country and e.kind == "city"]
        return max(cands, key=lambda e: (e.source.startswith("curated"), e.population), default=None)
