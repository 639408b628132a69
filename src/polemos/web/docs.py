"""/docs (Swagger UI) and /redoc (ReDoc) over /openapi.json, with their scripts from the package (web/build.mjs
copies them from npm into web/docs/): nothing is fetched from another host, and the page's policy (scripts from
this server only, none inline) holds for them too."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(str(resources.files("polemos.web").joinpath("docs")))
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>polemos API: {title}</title><link rel="icon" href="data:,">{css}</head>
<body><div id="{box}"></div>{scripts}</body></html>
"""
router = APIRouter(include_in_schema=False)


def _page(title: str, box: str, scripts: list[str], css: str = "") -> HTMLResponse:
    tags = "".join(f'<script src="/docs-assets/{s}"></script>' for s in scripts)
    link = f'<link rel="stylesheet" href="/docs-assets/{css}">' if css else ""
    return HTMLResponse(PAGE.format(title=title, box=box, scripts=tags, css=link),
                        headers={"Cache-Control": "no-cache"})


@router.get("/docs")
def swagger() -> HTMLResponse:
    return _page("Swagger UI", "swagger-ui", ["swagger-ui-bundle.js", "swagger-init.js"], css="swagger-ui.css")


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return _page("ReDoc", "redoc", ["redoc.standalone.js", "redoc-init.js"])


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/docs-assets", StaticFiles(directory=ASSETS, check_dir=True), name="docs-assets")
