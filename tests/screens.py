"""Screenshots of the web view for the README, made on demand (not part of `make test`):

    .venv/bin/python tests/screens.py [--out docs/screens]

Builds a store from the invented articles of tests/web_corpus.py and the bundled examples, serves it, and has
Debian's Chromium take: the main view, the density layer, an event whose toll two sides dispute, the disputes
page and a phone."""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import web_corpus  # noqa: E402
from polemos.store import Store  # noqa: E402
from polemos.web import demo  # noqa: E402
from web_browser import chromium, serving  # noqa: E402

INK = """() => { const c = document.querySelector('canvas.names-layer');
  if (!c || !c.width) return false;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n > 500; }"""


def disputed_event(db: str) -> str:
    with Store(db) as s:
        rows = [r for r in s.events() if r["article_id"] in {a[0] for a in web_corpus.DISPUTE}]
    return rows[0]["fused_id"] or rows[0]["id"]


def shoot(browser, url: str, out: Path, ready: str, **context) -> None:
    ctx = browser.new_context(**({"viewport": {"width": 1366, "height": 800}, "reduced_motion": "reduce"} | context))
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector(ready)
    if "#/disputes" not in url and "#/claimants" not in url:
        page.wait_for_function(INK)
    page.wait_for_timeout(600)
    page.screenshot(path=str(out))
    ctx.close()
    print(f"{out} ({out.stat().st_size // 1024} KB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(HERE.parent / "docs" / "screens"))
    out = Path(ap.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "screens.db")
        examples = sorted(str(p) for p in (HERE.parent / "examples").glob("*.txt"))
        demo.build(db, examples, web_corpus.articles(web_corpus.THEATRE, web_corpus.DISPUTE, web_corpus.STRAY))
        gid = disputed_event(db)
        with serving(db) as base, chromium() as browser:
            shoot(browser, base + "/", out / "main.png", "#event-list li")
            shoot(browser, base + "/#/?layers=heat", out / "density.png", "#event-list li")
            shoot(browser, f"{base}/#/event/{gid}", out / "dispute-event.png", ".event-detail .claim")
            shoot(browser, base + "/#/disputes?sort=toll", out / "disputes.png", ".dispute .claim",
                  viewport={"width": 1280, "height": 1000})
            shoot(browser, f"{base}/#/event/{gid}", out / "phone.png", ".event-detail .claim",
                  viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=1.5)


if __name__ == "__main__":
    main()
