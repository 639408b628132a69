"""What the analyst asks of the API (issue #17): lists in any order with a cursor that keeps it, disputes under the
filters with the claims that disagree, tolls per day, claimants found by any spelling or script, a place by any of
its names, closed vocabularies that answer 422 with the allowed values, countries by code or name, the API
documentation served from the package. A store of invented reports from several wars, saved and fused."""
import base64
import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from polemos.store import Store
from polemos.types import Article, Claim, Event, Place, Result, Span
from polemos.web import models
from polemos.web.app import create_app

SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
AIR = ("Explosions/Remote violence", "Air/drone strike")
ATTACK = ("Violence against civilians", "Attack")
CLASH = ("Battles", "Armed clash")
GANJA = Place(mention="Ganja", name="Ganja", country="AZ", lat=40.68, lon=46.36)
KHARKIV = Place(mention="Kharkiv", name="Kharkiv", country="UA", lat=49.99, lon=36.23)
GAO = Place(mention="Gao", name="Gao", country="ML", lat=16.27, lon=-0.04)
KHARTOUM = Place(mention="Khartoum", name="Khartoum", country="SD", lat=15.55, lon=32.53)
MARIB = Place(mention="Marib", name="Marib", country="YE", lat=15.46, lon=45.32)
SDEROT = Place(mention="Sderot", name="Sderot", country="IL", lat=31.52, lon=34.6)
BUNIA = Place(mention="Bunia", name="Bunia", country="CD", lat=1.56, lon=30.25)
IDLIB = Place(mention="Idlib", name="Idlib", country="SY", lat=35.93, lon=36.63)
OWN = "the outlet itself"
# (article, outlet, day, kind, place, claimant, side, stance, actor1, actor side, killed, sentence): invented
REPORTS = [
    ("az-1", "Caspian Wire", "2020-10-11", SHELLING, GANJA, "Azerbaijani Defence Ministry", "azerbaijani",
     "asserted", "Military Forces of Armenia", "armenian", 9, "Armenian forces shelled Ganja, killing nine."),
    ("am-1", "Yerevan Daily", "2020-10-11", SHELLING, GANJA, "Artsrun Hovhannisyan", "armenian", "denied",
     None, None, None, "Artsrun Hovhannisyan denied that Armenian forces fired on Ganja."),
    ("az-2", "Caspian Wire", "2020-10-11", SHELLING, GANJA, OWN, "azerbaijani", "asserted",
     "Military Forces of Armenia", "armenian", 10, "Ten people died when shells hit Ganja."),
    ("ua-1", "Kyiv Post Wire", "2022-03-01", SHELLING, KHARKIV, "Oleh Synyehubov", "ukrainian", "asserted",
     "Military Forces of Russia", "russian", 11, "Russian forces shelled Kharkiv, killing eleven."),
    ("ru-1", "Moscow Wire", "2022-03-01", SHELLING, KHARKIV, "Russian Defence Ministry", "russian", "asserted",
     "Military Forces of Ukraine", "ukrainian", None, "Ukrainian forces shelled Kharkiv, the ministry said."),
    ("ml-1", "Sahel Monitor", "2021-05-03", ATTACK, GAO, OWN, "unknown", "asserted", "Unidentified Armed Group",
     None, 5, "Gunmen killed five villagers near Gao."),
    ("sd-1", "Nile Daily", "2023-04-15", CLASH, KHARTOUM, OWN, "unknown", "asserted", "Rapid Support Forces",
     None, 3, "Fighting in Khartoum left three dead."),
    ("ye-1", "Aden Wire", "2021-02-10", AIR, MARIB, "Yahya Saree", "houthi", "asserted", None, None, 7,
     "An air strike on Marib killed seven, Yahya Saree said."),
    ("il-1", "Negev Wire", "2021-05-11", SHELLING, SDEROT, "Israel Defense Forces", "israeli", "asserted",
     "Hamas", "palestinian", None, "Rockets fired from Gaza hit Sderot, the army said."),
    ("cd-1", "Ituri Wire", "2022-06-01", ATTACK, BUNIA, "ICRC", "international", "asserted", None, None, 4,
     "Four civilians were killed near Bunia, the ICRC said."),
    ("sy-1", "Levant Wire", "2021-08-20", AIR, IDLIB, "SOHR", "neutral", "asserted", None, None, 2,
     "A drone strike near Idlib killed two, SOHR said."),
]
STATEMENT = "Artsrun Hovhannisyan accused Azerbaijan of lying about Ganja."


def result(aid, outlet, day, kind, place, who, side, stance, actor, actor_side, killed, text) -> Result:
    art = Article(id=aid, date=dt.date.fromisoformat(day), text=text, outlet=outlet, language="en")
    ev = Event(event_type=kind[0], sub_event_type=kind[1], date=day, location=place, claimant=who,
               claimant_side=side, evidence=text, evidence_span=Span(0, len(text)), actor1=actor,
               actor1_side=actor_side, fatalities=killed, stance=stance)
    out = Result(article=art, events=[ev])
    if aid == "am-1":
        art.text = text + " " + STATEMENT
        start = len(text) + 1
        out.claims = [Claim(type="ACCUSE", claimant=who, claimant_side=side, evidence=STATEMENT,
                            evidence_span=Span(start, start + len(STATEMENT)), target="Azerbaijan")]
    return out


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("views") / "views.db")
    with Store(db) as s:
        for r in REPORTS:
            s.save(result(*r))
        s.fuse()
    with TestClient(create_app(db)) as c:
        yield c


def get(client, path, **params) -> dict:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def every(client, sort, limit=3, **params) -> list[dict]:
    """Every event through the cursor, `limit` a page."""
    out, cursor = [], None
    while True:
        page = get(client, "/api/events", sort=sort, limit=limit, **params, **({"cursor": cursor} if cursor else {}))
        assert page["sort"] == sort
        out += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return out


# --- orders and cursors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("sort, key", [
    ("date", lambda e: (e["date"], e["id"])),
    ("-date", lambda e: (tuple(-ord(ch) for ch in e["date"]), tuple(-ord(ch) for ch in e["id"]))),
    ("fatalities", lambda e: (-(e["fatalities_high"] if e["fatalities_high"] is not None else -1), e["date"],
                              e["id"])),
    ("claims", lambda e: (-e["n_claims"], e["date"], e["id"])),
])
def test_each_order_pages_the_same_by_cursor_and_by_offset(client, sort, key):
    whole = get(client, "/api/events", sort=sort, limit=1000)
    models.EventPage.model_validate(whole)
    assert [e["id"] for e in whole["items"]] == [e["id"] for e in sorted(whole["items"], key=key)]
    assert [e["id"] for e in every(client, sort)] == [e["id"] for e in whole["items"]]
    by_offset = [e["id"] for off in range(0, whole["total"], 4)
                 for e in get(client, "/api/events", sort=sort, limit=4, offset=off)["items"]]
    assert by_offset == [e["id"] for e in whole["items"]]


def test_a_cursor_keeps_its_order_and_a_forged_one_is_a_400(client):
    first = get(client, "/api/events", sort="fatalities", limit=2)
    assert first["items"][0]["location"]["name"] == "Kharkiv"          # 11 killed: the highest toll
    other = client.get("/api/events", params={"sort": "date", "cursor": first["next_cursor"]})
    assert other.status_code == 400 and "same order" in other.json()["detail"]
    nested = base64.urlsafe_b64encode(b"[" * 1000).decode().rstrip("=")
    for forged in (nested, "not a cursor", "W10", base64.urlsafe_b64encode(b'["date", {"a": 1}, "x"]').decode(),
                   base64.urlsafe_b64encode(b'["date", 1, 2]').decode(), "A" * 600):
        r = client.get("/api/events", params={"cursor": forged})
        assert r.status_code == 400 and r.headers["content-type"] == "application/json", forged
        assert r.json() == {"detail": "bad cursor: pass back the next_cursor of an earlier page of the same order"}


# --- disputes, timeline ---------------------------------------------------------------------------------------

def test_disputes_follow_the_filters_sort_page_and_name_the_claims_that_disagree(client):
    data = get(client, "/api/disputes")
    models.DisputePage.model_validate(data)
    assert {e["location"]["name"] for e in data["items"]} == {"Ganja", "Kharkiv"} and data["total"] == 2
    ganja = next(e for e in data["items"] if e["location"]["name"] == "Ganja")
    kinds = {d["kind"] for d in ganja["disputes"]}
    assert kinds == {"occurrence", "toll"}
    claim_ids = {c["id"] for c in ganja["claims"]}
    for d in ganja["disputes"]:
        assert len(d["claim_ids"]) >= 2 and set(d["claim_ids"]) <= claim_ids and d["detail"]
    denial = next(d for d in ganja["disputes"] if d["kind"] == "occurrence")
    denier = next(c for c in ganja["claims"] if c["stance"] == "denied")
    assert denier["id"] in denial["claim_ids"] and "Artsrun Hovhannisyan" in denial["detail"]
    kharkiv = next(e for e in data["items"] if e["location"]["name"] == "Kharkiv")
    assert [d["kind"] for d in kharkiv["disputes"]] == ["perpetrator"]
    assert [e["location"]["name"] for e in get(client, "/api/disputes", country="UA")["items"]] == ["Kharkiv"]
    assert [e["location"]["name"] for e in get(client, "/api/disputes", sort="-date")["items"]] == ["Kharkiv", "Ganja"]
    paged = get(client, "/api/disputes", sort="date", limit=1, offset=1)
    assert paged["total"] == 2 and [e["location"]["name"] for e in paged["items"]] == ["Kharkiv"]


def test_the_timeline_gives_events_and_tolls_per_day(client):
    data = get(client, "/api/timeline", date_from="2022-01-01")     # the brush's dates are left out
    models.Timeline.model_validate(data)
    days = {d: (n, low, high) for d, n, low, high in data["days"]}
    assert days["2020-10-11"] == (1, 9, 10) and days["2022-03-01"] == (1, 11, 11)
    assert sum(n for n, _, _ in days.values()) == get(client, "/api/events")["total"]
    assert [d for d, *_ in get(client, "/api/timeline", country="ML")["days"]] == ["2021-05-03"]


# --- vocabularies, countries ----------------------------------------------------------------------------------

@pytest.mark.parametrize("params, words", [
    ({"event_type": "Bombing"}, "unknown event type 'Bombing'; expected one of: Battles"),
    ({"sub_event_type": "martian"}, "Air/drone strike"),
    ({"actor_side": "martian"}, "the store's sides are: armenian"),
    ({"claimant_side": "Martian"}, "international"),
    ({"country": "Atlantis"}, "unknown country 'Atlantis'"),
    ({"date_from": "2021-02-01", "date_to": "2021-01-01"}, "date_from 2021-02-01 is after date_to 2021-01-01"),
])
def test_a_value_outside_its_vocabulary_is_a_422_naming_the_allowed_ones(client, params, words):
    for path in ("/api/events", "/api/map", "/api/disputes", "/api/claimants", "/api/export/acled-csv"):
        r = client.get(path, params=params)
        assert r.status_code == 422, (path, r.text)
        assert words in r.json()["detail"][0]["msg"] and "input" not in r.json()["detail"][0], r.text


def test_any_case_of_a_value_and_a_country_by_code_or_name(client):
    upper = get(client, "/api/events", sub_event_type="Air/drone strike")
    assert upper["total"] == 2
    assert get(client, "/api/events", sub_event_type="air/DRONE strike")["total"] == 2
    assert get(client, "/api/events", event_type="battles")["total"] == 1
    assert get(client, "/api/events", claimant_side="UKRAINIAN")["total"] == 1
    for country in ("AZ", "az", "Azerbaijan", "azerbaijan"):
        [ev] = get(client, "/api/events", country=country)["items"]
        assert ev["location"]["country"] == "AZ" and ev["location"]["country_name"] == "Azerbaijan"


# --- claimants ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["Hovhannisyan", "hovanisyan", "Ованнисян", "Арцрун Ованнисян", "artsrun",
                               "HOVHANNISYAN"])
def test_a_claimant_is_found_by_part_of_a_name_in_any_spelling_or_script(client, q):
    found = get(client, "/api/claimants", q=q)["items"]
    assert [p["claimant"] for p in found] == ["Artsrun Hovhannisyan"], q


def test_nothing_like_a_name_finds_nobody(client):
    assert get(client, "/api/claimants", q="Zzyzx")["total"] == 0


def test_the_outlets_own_voice_is_named_and_opens(client):
    rows = get(client, "/api/claimants", limit=1000)["items"]
    models.ProfilePage.model_validate({"total": len(rows), "limit": 1000, "offset": 0, "items": rows})
    assert OWN not in [p["claimant"] for p in rows]
    own = {p["claimant"]: p for p in rows if p["outlet_voice"]}
    assert set(own) == {"Caspian Wire", "Sahel Monitor", "Nile Daily"}
    assert own["Sahel Monitor"]["claims"] == 1 and OWN in own["Sahel Monitor"]["names"]
    assert [p["claimant"] for p in get(client, "/api/claimants", q="the outlet itself")["items"]] == \
        sorted(own, key=lambda n: (-own[n]["claims"], n))
    one = get(client, "/api/claimant", name="Sahel Monitor")
    assert [e["location"]["name"] for e in one["events"]] == ["Gao"]


def test_claimants_follow_the_filters_and_sort_and_page(client):
    assert [p["claimant"] for p in get(client, "/api/claimants", country="UA")["items"]] == \
        ["Oleh Synyehubov", "Russian Defence Ministry"]
    names = [p["claimant"] for p in get(client, "/api/claimants", sort="claimant", limit=1000)["items"]]
    assert names == sorted(names, key=str.casefold) and len(names) == 11
    back = [p["claimant"] for p in get(client, "/api/claimants", sort="claimant", order="desc", limit=1000)["items"]]
    assert back == names[::-1]
    page = get(client, "/api/claimants", sort="claimant", limit=5, offset=5)
    assert page["total"] == 11 and [p["claimant"] for p in page["items"]] == names[5:10]
    assert [p["claimant"] for p in get(client, "/api/claimants", search="Kharkiv")["items"]] == \
        ["Oleh Synyehubov", "Russian Defence Ministry"]
    lasts = [p["last"] for p in get(client, "/api/claimants", sort="last", limit=1000)["items"]]
    assert lasts == sorted(lasts, reverse=True)
    said = [p["statements"] for p in get(client, "/api/claimants", sort="statements")["items"]]
    assert said[0] == 1 and said == sorted(said, reverse=True)


def test_a_claimants_statements_give_their_date_and_outlet(client):
    one = get(client, "/api/claimant", name="artsrun hovhannisyan")
    models.ClaimantDetail.model_validate(one)
    [said] = one["statements"]
    assert said["evidence"] == STATEMENT
    assert (said["article"]["date"], said["article"]["outlet"]) == ("2020-10-11", "Yerevan Daily")


# --- a place by any of its names ------------------------------------------------------------------------------

def _gazetteer_built() -> bool:
    from polemos.gazetteer import index_path
    return index_path().exists()


@pytest.mark.skipif(not _gazetteer_built(), reason="the gazetteer index is not built (any extract builds it)")
@pytest.mark.parametrize("q", ["Ganja", "Gəncə", "Гянджа", "ganja shelled", "Gandzha"])
def test_search_finds_a_place_by_any_of_its_names(client, q):
    found = get(client, "/api/events", q=q)["items"]
    assert [e["location"]["name"] for e in found] == ["Ganja"], q


def test_search_stays_literal_for_other_words(client):
    assert get(client, "/api/events", q="villagers")["total"] == 1
    assert get(client, "/api/events", q="nowhere at all")["total"] == 0


# --- the API documentation ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_documentation_is_served_from_the_package(client, path):
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>" not in page.text and "https://" not in page.text and "http://" not in page.text
    scripts = re.findall(r'src="([^"]+)"', page.text)
    assert scripts and all(s.startswith("/docs-assets/") for s in scripts)
    for src in scripts + [h for h in re.findall(r'href="([^"]+)"', page.text) if not h.startswith("data:")]:
        asset = client.get(src)
        assert asset.status_code == 200 and len(asset.content) > 100, src
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_documentation_assets_fetch_nothing_from_elsewhere():
    folder = Path(__file__).parents[1] / "src" / "polemos" / "web" / "docs"
    for init in ("swagger-init.js", "redoc-init.js"):
        text = (folder / init).read_text()
        assert "/openapi.json" in text and "http" not in text
