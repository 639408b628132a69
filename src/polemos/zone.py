"""The places of the conflict zones: their names as keys of the gazetteer index (each country's towns, villages,
districts and regions, the profiles' curated places), for the EntityRuler of a parsed language and for the scan of
capitalised words; and the curated tables, demonyms and capitals the Geocoder ranks with.
"""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache

from polemos import conflicts
from polemos.chains import rules
from polemos.gazetteer import (
    Entry,
    Gazetteer,
    any_variants,
    cache_dir,
    data_rows,
    index_path,
    norm,
)


@lru_cache(maxsize=1)
def curated() -> tuple[dict, dict]:
    """Curated rows (every conflict profile's place table) by normalised name, and region -> capital name."""
    rows: dict[str, dict] = {}
    capitals: dict[str, str] = {}
    tables = [f"conflicts/{p.places}" for p in conflicts.profiles() if p.places]
    for r in (r for t in tables for r in data_rows(t)):
        for n in [r["name"]] + [a for a in r["alt_names"].split("|") if a]:
            rows.setdefault(norm(n), r)
        if r.get("capital"):
            capitals[norm(r["name"])] = r["capital"]
    return rows, capitals


@lru_cache(maxsize=1)
def demonym_country() -> dict[str, str]:
    return {norm(r["demonym"]): r["iso2"] for r in data_rows("gazetteer_demonyms.csv")}




@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    return {r["iso2"]: r["capital"] for r in data_rows("gazetteer_countries.csv") if r.get("capital")}


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """English common words (the model's WordNet lemma index): a village called "Tug" is no reason to tag "tug"."""
    from polemos import nlp as pipelines
    nlp = pipelines.parser(exclude=("tok2vec", "tagger", "parser", "attribute_ruler", "ner"))
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")   # type: ignore[attr-defined]
    return frozenset(w for words in index.values() for w in words)


ALT_MIN_POP = 20_000   # a town's GeoNames alternate names are scanned from this size ("Nabatieh")


@lru_cache(maxsize=64)
def zone_keys(countries: frozenset[str]) -> dict[str, str]:
    """Normalised names of the places of a war's zone (its countries' towns, villages, districts, regions, curated
    places) -> display name; where two places share a key, the one indexed last."""
    return {k: name for k, (name, _) in _zone_entries(countries).items()}


@lru_cache(maxsize=64)
def _zone_entries(countries: frozenset[str]) -> dict[str, tuple[str, bool]]:
    """Zone keys -> (display name, an English word too: "Timbuktu", read as a place only where one stands)."""
    merged: dict[str, tuple[int, str, bool]] = {}
    for iso in sorted(countries):
        for key, (pid, name, common) in _country_keys(iso).items():
            if key not in merged or pid > merged[key][0]:
                merged[key] = (pid, name, common)
    return {k: (name, common) for k, (_, name, common) in merged.items()}


def country_keys(iso: str) -> list[str]:
    """One country's zone keys (for a search by spelling)."""
    return list(_country_keys(iso))


@lru_cache(maxsize=256)
def _country_keys(iso: str) -> dict[str, tuple[int, str, bool]]:
    """One country's zone keys -> (place id, display name, English word). Worked out once per gazetteer index and
    kept beside it: it needs the English word list, a second model load."""
    gz = Gazetteer.default()
    index = index_path()
    cached = cache_dir() / f"{index.stem}-zone3-{iso}-{index.stat().st_mtime_ns}.json"
    if cached.exists():
        return {k: tuple(v) for k, v in json.loads(cached.read_text(encoding="utf-8")).items()}
    keys = _country_keys_from(gz, iso)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
    tmp.replace(cached)   # atomic: parallel workers never read half a file
    return keys


def _country_keys_from(gz: "Gazetteer", iso: str) -> dict[str, tuple[int, str, bool]]:
    rows = gz.db.execute(
        "SELECT n.key, p.id, p.name, p.kind, p.source, p.population FROM name n JOIN place p ON p.id = n.place "
        "WHERE p.country = ? AND p.kind IN ('city', 'village', 'district', 'region', 'admin1') ORDER BY n.key, p.id",
        (iso,))
    english, keys = _english_words(), {}
    for key, pid, name, kind, source, pop in rows:
        curated = source.startswith("curated") or kind == "village"
        if len(key) < 4 or not key[0].isalpha() or any(c.isdigit() for c in key):
            continue
        if not curated:   # GeoNames alternates hold transliterations from every script: own names, a unit's
            own = {norm(name)} | {norm(v) for v in any_variants(name)}   # English names and a big town's
            if key not in own and not (kind == "admin1" or pop >= ALT_MIN_POP) or len(key) < 5 or \
                    key not in own and not _LATIN_KEY.fullmatch(key):
                continue
        keys[key] = (pid, name, not curated and key in english and pop < 100_000)
    return keys


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns ({"label": "GPE", "pattern": ...}) for names spaCy's NER misses: the towns, villages,
    districts and regions of every conflict profile's zone, in their normalised and written forms."""
    seen = set()
    zones = frozenset(iso for p in conflicts.profiles() for iso in p.zone)
    for key, name in zone_keys(zones).items():
        seen.add(key)
        if norm(name) == key:
            seen.add(name.lower())
    return [{"label": "GPE", "pattern": p} for p in sorted(seen)]


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LATIN_KEY = re.compile(r"[a-z ]+")
_INITIAL = re.compile(r"(?:^|[.!?…:]\s+|\n\s*|[«\"“„]\s*)$")


def zone_scan(text: str, zone: frozenset[str]) -> list[tuple[int, int]]:
    """Capitalised 1-3 word runs of the text that are names of places of the war's zone (longest first), a run
    opened by a lower-case particle too ("al Hudaydah"). A name that is also an English word ("Timbuktu") counts
    only inside a sentence after a word that places it ("in", "near", "the town of")."""
    keys, out = _zone_entries(zone), []
    toks = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(toks):
        for n in (4, 3, 2, 1):
            s, e = toks[i][0], toks[min(i + n, len(toks)) - 1][1]
            if i + n > len(toks) or not _opens_name(text, toks, i, n) or "\n" in text[s:e]:
                continue
            hit = keys.get(norm(text[s:e]))
            if hit and (not hit[1] or _placed(text, s)):
                out.append((s, e))
                i += n - 1
                break
        i += 1
    return out


def _opens_name(text: str, toks: list[tuple[int, int]], i: int, n: int) -> bool:
    """A run opens a name: a capital letter, or a particle before a capitalised word ("al Hudaydah", "el-Fasher")."""
    s, e = toks[i]
    if text[s].isupper():
        return n <= 3
    particle = rules().particle
    if particle is None or not particle.match(text[s:e + 1]):
        return False
    rest = text[s:e].split("-", 1)
    return len(rest) == 2 and rest[1][:1].isupper() or n > 1 and text[toks[i + 1][0]].isupper()


def _placed(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start]
    common = rules().common_before
    return not _INITIAL.search(before) and common is not None and common.search(before) is not None


def curated_alts(e: Entry) -> list[str]:
    if not e.source.startswith("curated"):
        return []
    row = curated()[0].get(norm(e.name))
    return [a for a in row["alt_names"].split("|") if a] if row else []
