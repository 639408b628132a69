"""The HTTP API and the web view over one results database: create_app() builds the FastAPI app, serve() runs it.

Reads are open; writes (POST /api/articles) are off unless the server has a token, and then need
`Authorization: Bearer <token>`. The page, its assets and the API documentation come from the package only:
nothing is fetched from another host.

  GET  /api/events            fused events; filters bbox, date_from/to, event_type, sub_event_type, actor_side,
                              claimant, claimant_side, disputed, corroborated, place, country, q; sort=date|-date|
                              fatalities|claims; limit/offset or cursor
  GET  /api/events/{id}       one event: every claim with its evidence in context, statements of its articles
  GET  /api/disputes          disputed events under the filters, sorted and paged, with which claims disagree
  GET  /api/map, /api/timeline (events and tolls per day), /api/facets
  GET  /api/claimants         profiles under the filters: sort, order, paging, a name in any spelling
  GET  /api/claimant?name=    one claimant: profile, events, statements (with date and outlet)
  GET  /api/articles[/{id}]   articles; one with its text and evidence spans
  GET  /api/export/{fmt}      every export format of polemos.export: the events /api/events lists (same filters),
                              one row per event (?claims=true: one per claim), sent as it is made
  POST /api/articles          ingest (token): runs the pipeline in a job;  GET /api/jobs/{id}: its progress
  GET  /api/info, /openapi.json, /docs, /redoc, / (the web view), /static/...

Bad requests are JSON: 400 (a forged cursor), 401/403 (token), 404, 413 (a body over the cap, refused before it
is read), 422 (a value outside its vocabulary, naming the allowed values; never the input echoed), 503 (a store
that cannot be read).
"""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from polemos.errors import ApiMsg
from polemos.store import Reader, Store
from polemos.web import docs, files, models, read, write
from polemos.web.guard import MAX_BODY, Guard, install_error_handlers
from polemos.web.jobs import Jobs

log = logging.getLogger("polemos.web")
STATIC = Path(str(resources.files("polemos.web").joinpath("static")))
LOCAL = ("127.0.0.1", "localhost", "::1")


class State:
    """What the routes share: the store, the token, the ingest jobs, and values kept until the store changes."""

    def __init__(self, url: str, token: str | None, max_body: int):
        self.store = Store(url)
        self.store.adopt()              # claims written around the Store (plain SQL) get their fused events
        self.token = token
        self.max_body = max_body
        self.jobs = Jobs(self.store)
        self._cache: dict[str, tuple[int, Any]] = {}

    def cached(self, key: str, reader: Reader, make: Any) -> Any:
        """A value kept until the store changes (its generation moves with every write)."""
        version = reader.generation()
        hit = self._cache.get(key)
        if hit is None or hit[0] != version:
            hit = (version, make())
            self._cache[key] = hit
        return hit[1]

    def sides(self) -> dict[str, list[str]]:
        """The sides the store's claims give (the closed vocabulary of the side filters)."""
        with self.store.read() as r:
            return self.cached("sides", r, r.sides)


def create_app(db: str, token: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The API and web view over the store at `db` (a SQLite file path or a postgresql:// URL).
    `token`: writes need it as a Bearer token; None leaves writes off. `max_body`: the largest request body read,
    in bytes (a larger one is a 413 before it is read)."""
    state = State(db, token or None, max_body)
    app = FastAPI(title="polemos", version=_version(), docs_url=None, redoc_url=None,
                  description="Conflict events with who claims them: read the fused events, their claims and "
                              "evidence, disputes, claimant profiles and exports; post articles to run the pipeline.")
    app.state.polemos = state
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(Guard, max_body=max_body)
    install_error_handlers(app)
    for router in (read.router, files.router, write.router):
        app.include_router(router)
    docs.install(app)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=True), name="static")
    app.openapi = lambda: _openapi(app)         # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with the schema of the body POST /api/articles reads itself (models.Ingest)."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema = models.Ingest.model_json_schema(ref_template="#/components/schemas/{model}")
        found = doc.setdefault("components", {}).setdefault("schemas", {})
        found.update(schema.pop("$defs", {}))
        found["Ingest"] = schema
        app.openapi_schema = doc
    return app.openapi_schema


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("polemos")
    except Exception:
        return "0"


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_body: int = MAX_BODY) -> None:
    """Run the API and web view with uvicorn (127.0.0.1 unless told otherwise)."""
    import uvicorn

    if host not in LOCAL and not token:
        log.warning(ApiMsg.WIDE_OPEN.format(host=host))
    uvicorn.run(create_app(db, token, max_body), host=host, port=port, log_level="info")
