"""Outlets: the side of an article's outlet when the input gives none, and the outlet's own voice by its name
("the outlet itself (Daily Sabah)").

The outlet is found in data/outlets.csv (world tables of general knowledge: a name, its web domains, its state
and the side it can be said to speak for) by the article's URL domain, else by its name; "Tribtown (AP)" is wire
copy of the bracketed agency, "Ukrinform (via MENAFN)" the outlet's own copy hosted elsewhere. Its side, marked
inferred (Article.side_source), follows dev/SCHEMA.md: a wire, a foreign outlet or an armed group's medium keeps
its table side; a state's outlet, or the domestic press of a state, speaks for that state when the state is a party
to the war the article reports (its conflict profile's sides, else the state the article names most), and a
state's outlet writing on another war is "international". An outlet the table does not know, or whose side the
table leaves open and whose state is no party, gets no side: nothing is guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from polemos import conflicts, offices, resources
from polemos.conflicts import Profile
from polemos.types import Article

GIVEN, INFERRED = "given", "inferred"
OWN_VOICE = "the outlet itself"
FOREIGN = "international"          # a state's outlet writing on a war its state is no party to
PARTY_MENTIONS = 2                 # a state the article names this often is a party to what it reports


@dataclass(frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    country: str
    side: str


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    """(outlet by normalised name or alias, outlet by domain)."""
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for r in resources.rows("outlets.csv"):
        o = Outlet(r["name"], tuple(r["domains"].split()), r["country"], r["side"])
        names = [r["name"], re.sub(r"\s*\(.*?\)", "", r["name"]), *filter(None, (r.get("aliases") or "").split("|"))]
        for n in names:
            by_name.setdefault(_norm(n), o)
        for d in o.domains:
            by_domain.setdefault(d.lower(), o)
    return by_name, by_domain


def _norm(name: str) -> str:
    return " ".join(re.sub(r"^the\s+|[^\w\s/]", " ", name.lower().strip()).split())


def find(outlet: str | None, url: str | None = None) -> Outlet | None:
    """The outlet of an article by its URL's domain, else by its name (the agency whose copy it is first)."""
    by_name, by_domain = _table()
    host = (urlparse(url).hostname or "").lower() if url else ""
    while host:
        if host in by_domain:
            return by_domain[host]
        host = host.partition(".")[2] if "." in host else ""
    for name in _names(outlet or ""):
        if _norm(name) in by_name:
            return by_name[_norm(name)]
    return None


def _names(outlet: str) -> list[str]:
    """ "Tribtown (AP)": the agency, then the site; "Ukrinform (via MENAFN)": the outlet, then the host."""
    m = re.match(r"\s*(.*?)\s*\((via\s+)?([^)]*)\)\s*$", outlet)
    if not m:
        return [outlet]
    return [m.group(1), m.group(3)] if m.group(2) else [m.group(3), m.group(1)]


def side_of(article: Article, prof: Profile | None = None) -> str | None:
    """The side an article's outlet speaks for, by the rules above; None when nothing can be said."""
    o = find(article.outlet, article.url)
    if o is None:
        return None
    prof = prof or conflicts.of(article)
    state = _state_of(o, prof)
    if o.side and state is None:
        return o.side                   # a wire, a foreign outlet, an armed group's medium, a monitor
    state = state or o.country
    party = _party(state, article, prof) if state else False
    if party is None:                   # no state the article names can be read: the table's word stands
        return o.side or None
    if party:
        return prof.side_of_country(state) if any(s.country == state for s in prof.sides.values()) else \
            o.side or prof.side_of_country(state)
    return FOREIGN if o.side else None


def _state_of(o: Outlet, prof: Profile) -> str | None:
    """The state whose side the outlet's table side is ("norlandic" of a diaspora paper: Norland), None for a side
    of no state (a wire's, an armed group's)."""
    if not o.side or o.side in conflicts.NEUTRAL:
        return None
    found = conflicts.state_of_side(o.side, prof)
    if found:
        return found
    if o.country and o.side.split()[0][:5] in {d.split()[0][:5] for d in (prof.side_of_country(o.country),
                                                                        conflicts.demonym_side(o.country))}:
        return o.country                # "saudi" for the state whose demonym reads "saudi arabian"
    return None


def _party(iso: str, article: Article, prof: Profile) -> bool | None:
    """The state is a party to the war the article reports: one of its profile's sides, or a state the article
    names at least twice; None when the article names no state that can be read (another script)."""
    if prof.sides:
        return any(s.country == iso for s in prof.sides.values())
    counts = offices.states_named(article.text, prof.name)
    if not counts:
        return None
    return counts.get(iso, 0) >= PARTY_MENTIONS


def fill_side(article: Article) -> None:
    """Marks a given side as given; infers the side of an article that has none (never for an unknown outlet)."""
    if article.side:
        article.side_source = article.side_source or GIVEN
        return
    side = side_of(article, conflicts.load(conflicts.choose(article.text, None)))
    if side:
        article.side, article.side_source = side, INFERRED


def voice(article: Article) -> str:
    """The claimant name of the outlet's own voice, naming the outlet when it is known: "the outlet itself (Daily
    Sabah)", as dev/SCHEMA.md writes it (a name in any script stays recognisable as the outlet's own voice)."""
    outlet = " ".join((article.outlet or "").split())
    return f"{OWN_VOICE} ({outlet})" if outlet else OWN_VOICE


def name_own_voice(records, article: Article) -> None:
    """Records in the outlet's own voice name the outlet: one claimant per outlet, not one per side."""
    name = voice(article)
    for r in records:
        if r.claimant == OWN_VOICE:
            r.claimant = name
