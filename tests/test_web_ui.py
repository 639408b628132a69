"""The web view in a real browser (Debian's Chromium, headless), served by uvicorn over a store built from the
bundled examples: markers, the timeline brush, the event panel, a hostile article, the ingest progress view.
(tests/test_web_map.py: the analyst's map, URL state, sorting, density, charts, phones.)"""
import datetime as dt
import re
from pathlib import Path

import pytest

from web_browser import CHROMIUM, chromium, serving, watched_page

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")

from polemos.store import Store  # noqa: E402
from polemos.types import Article  # noqa: E402
from polemos.web import demo  # noqa: E402

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))
TOKEN = "ui-token"
XSS = ("Officials said artillery shelled the village of Sugovushan <script>alert(1)</script> on Tuesday, "
       "killing one soldier. <img src=x onerror=alert(1)> the ministry said.")
INVENTED = [
    ("x-counter", "2020-10-14", "Azerbaijan's Defense Ministry said on Wednesday that Armenian forces shelled "
                                "the town of Martuni, killing four civilians."),
    ("x-xss", "2020-10-20", XSS),
]
SHOT = ROOT / "build" / "web-ui.png"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("ui") / "ui.db")
    arts = [Article(id=i, date=dt.date.fromisoformat(d), text=t, language="en", outlet="Invented Wire")
            for i, d, t in INVENTED]
    demo.build(db, EXAMPLES, arts)
    with serving(db, token=TOKEN) as base:
        yield base, db


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, site):
    pg = watched_page(browser, site[0])
    yield pg
    pg.context.close()


def gid_at(db: str, place: str) -> str:
    with Store(db) as s:
        row = next(r for r in s.events() if r["location_name"] == place)
        return row["fused_id"] or row["id"]


def total(page) -> int:
    return int(page.locator("#count").get_attribute("data-total"))


def test_map_brush_and_event_panel(page, site):
    base, db = site
    page.goto(base + "/")
    page.wait_for_selector("path.ev-marker", state="attached")
    count = page.locator("#count")
    sync_api.expect(count).to_have_attribute("data-total", re.compile(r"^\d+$"))
    assert page.locator("path.ev-marker").count() + page.locator(".ev-cluster").count() >= 3
    every = total(page)
    assert every >= 6

    # drag across the first fifth of the timeline: mid-October only
    box = page.locator("#histogram").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.12, y, steps=6)
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=6)
    page.mouse.up()
    sync_api.expect(count).not_to_have_attribute("data-total", str(every))
    brushed = total(page)
    assert 0 < brushed < every
    assert page.locator("#brush-clear").is_visible()
    assert page.locator("input[name=date_from]").input_value() == "2020-10-14"

    # click the Martuni marker: both sides' claims, side by side, evidence highlighted
    martuni = gid_at(db, "Martuni")
    page.locator(f'path.ev-marker[data-event-id="{martuni}"]').click()
    page.wait_for_selector(".event-detail .claim")
    panel = page.locator("#panel")
    assert panel.locator(".claim").count() >= 2
    names = panel.locator(".claim .claimant").all_inner_texts()
    assert "Artsakh Defense Ministry" in names and "Azerbaijan Defense Ministry" in names
    assert panel.locator(".badge.disputed").count() == 1
    assert "fatalities differ" in panel.locator(".reasons").inner_text()
    marks = panel.locator("mark.ev-hl").all_inner_texts()
    assert any("Martuni" in m for m in marks)
    assert panel.locator("mark.cue").count() >= 1
    SHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOT))

    page.locator("#brush-clear").click()
    sync_api.expect(count).to_have_attribute("data-total", str(every))
    assert page.problems == []


def test_hostile_article_stays_inert(page, site):
    base, db = site
    page.goto(base + "/#/article/x-xss")
    page.wait_for_selector(".article-text")
    text = page.locator(".article-text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator(".article-text script, .article-text img, img[src=x]").count() == 0
    assert page.evaluate("document.scripts.length") == 5         # leaflet, markercluster, heat, topojson, app
    page.goto(base + "/#/event/" + gid_at(db, "Sugovushan"))
    page.wait_for_selector(".event-detail .claim")
    assert "<script>alert(1)</script>" in page.locator(".event-detail").inner_text()
    page.wait_for_timeout(300)
    assert page.locator("img[src=x]").count() == 0
    assert page.problems == []


def test_disputes_and_claimant_pages(page, site):
    base, _ = site
    page.goto(base + "/#/disputes")
    page.wait_for_selector(".dispute .claim")
    first = page.locator(".dispute").first
    assert first.locator(".badge.disputed").count() == 1 and first.locator(".reasons li").count() >= 1
    page.goto(base + "/#/claimants")
    page.wait_for_selector("table.profiles tbody tr")
    page.locator("table.profiles a", has_text="Artsakh Defense Ministry").click()
    page.wait_for_selector(".stats")
    assert "Martuni" in page.locator(".event-list").inner_text()
    assert page.problems == []


def test_export_links_follow_the_filters(page, site):
    base, _ = site
    page.goto(base + "/")
    page.wait_for_selector("path.ev-marker", state="attached")
    every = total(page)
    page.locator("input[name=disputed]").check()
    sync_api.expect(page.locator("#count")).not_to_have_attribute("data-total", str(every))
    disputed = total(page)
    page.locator("details.export summary").click()
    link = page.locator("#export-menu a", has_text="GeoJSON")
    href = link.get_attribute("href")
    assert "disputed=true" in href
    features = page.request.get(href).json()["features"]            # one per claim of the disputed events
    assert disputed <= len(features) < len(page.request.get(base + "/api/export/geojson").json()["features"])
    assert all(f["properties"]["disputed"] for f in features)
    page.locator("input[name=disputed]").uncheck()
    sync_api.expect(page.locator("#count")).to_have_attribute("data-total", str(every))
    assert "disputed" not in link.get_attribute("href")
    assert page.problems == []


def test_phone_layout(browser, site):
    base, _ = site
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    pg.goto(base + "/")
    pg.wait_for_selector("path.ev-marker", state="attached")
    assert pg.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert pg.locator("#map").bounding_box()["width"] >= 380
    pg.locator("#list-toggle").click()
    pg.wait_for_selector("#event-list .ev-item")
    pg.locator("#event-list .ev-item").first.click()
    pg.wait_for_selector(".event-detail .claim")
    pg.screenshot(path=str(SHOT.with_name("web-ui-phone.png")))
    ctx.close()


def test_ingest_shows_progress(page, site):
    base, _ = site
    page.goto(base + "/#/ingest")
    page.wait_for_selector(".ingest-form")
    page.fill("input[name=token]", TOKEN)
    page.fill("input[name=date]", "2020-10-23")
    page.fill("textarea[name=text]", "Armenia's Defense Ministry said on Friday that Azerbaijani drones struck "
                                     "the town of Martakert, killing one civilian.")
    page.locator(".ingest-form button[type=submit]").click()
    page.wait_for_selector(".progress progress")
    sync_api.expect(page.locator(".progress")).to_contain_text("Done", timeout=120_000)
    assert "event record" in page.locator(".progress").inner_text()
    assert page.problems == []


@pytest.mark.parametrize("path, shown", [("/docs", ".opblock"), ("/redoc", "[role=search], h1")])
def test_the_api_documentation_renders_with_nothing_from_elsewhere(page, site, path, shown):
    base, _ = site
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(base + path)
    page.wait_for_selector(shown)
    assert "polemos" in page.locator("h1, h2").first.inner_text()
    if path == "/docs":
        assert page.locator(".opblock").count() >= 10            # every route, from /openapi.json
    outside = [p for p in page.problems if not p.startswith(f"external request: blob:{base}/")]  # its own worker
    assert outside == [] and failed == []
