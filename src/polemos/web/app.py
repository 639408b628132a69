"""The HTTP API and the web view over one results database: create_app() builds the FastAPI app, serve() runs it.

Reads are open; writes (POST /api/articles) are off unless a token is given, and then need
`Authorization: Bearer <token>`. The page and its assets come from the package's static folder only:
nothing is fetched from another host.

  GET  /api/events            fused events; filters bbox, date_from/to, event_type, sub_event_type, actor_side,
                              claimant, claimant_side, disputed, q; limit/offset or cursor; by date then id
  GET  /api/events/{id}       one event: every claim with its evidence in context, statements of its articles
  GET  /api/disputes          disputed events with their claims          GET /api/map, /api/timeline, /api/facets
  GET  /api/claimants         profiles: claims made, corroborated, contradicted, statements
  GET  /api/claimant?name=    one claimant: profile, events, statements
  GET  /api/articles[/{id}]   articles; one with its text and evidence spans
  GET  /api/export/{fmt}      every export format of polemos.export: the events /api/events lists (same filters),
                              one row per event (?claims=true: one per claim)
  POST /api/articles          ingest (token): runs the pipeline in a job;  GET /api/jobs/{id}: its progress
  GET  /api/info, /openapi.json, / (the web view), /static/...
"""

import base64
import binascii
import datetime as dt
import hmac
import json
import logging
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Iterator, Literal, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.background import BackgroundTask

from polemos import export, ingest
from polemos.errors import IngestError
from polemos.filters import Filters as FilterSet
from polemos.store import Reader, Store, find_profiles
from polemos.web import models
from polemos.web.jobs import Jobs

log = logging.getLogger("polemos.web")
STATIC = Path(str(resources.files("polemos.web").joinpath("static")))
MAP_CAP = 20000
MEDIA = {"jsonl": ("application/x-ndjson", "jsonl"), "articles-jsonl": ("application/x-ndjson", "jsonl"),
         "acled-csv": ("text/csv; charset=utf-8", "csv"),
         "geojson": ("application/geo+json", "geojson"), "parquet": ("application/vnd.apache.parquet", "parquet"),
         "plover-json": ("application/json", "json"), "table": ("text/plain; charset=utf-8", "txt")}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
Format = Literal["jsonl", "articles-jsonl", "acled-csv", "geojson", "parquet", "plover-json", "table"]
assert set(MEDIA) == set(export.FORMATS), "every export format needs a media type"

bearer = HTTPBearer(auto_error=False, description="the token given to `polemos serve --token`")


# --- query parameters ----------------------------------------------------------------------------------

def invalid(loc: tuple, msg: str, value: Any) -> RequestValidationError:
    """A 422 shaped like FastAPI's own (detail: [{loc, msg, type, input}]), as the OpenAPI document says."""
    return RequestValidationError([{"loc": loc, "msg": msg, "type": "value_error", "input": value}])


NUMBER = r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*"
BBOX_PATTERN = f"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$"
NOT_FOUND = {404: {"description": "no such record"}}


def _clean(values: list[str]) -> list[str]:
    return [v.replace("\x00", "") for v in values if v is not None]


def _bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    if bbox is None or not bbox.strip():
        return None
    try:
        west, south, east, north = (float(x) for x in bbox.split(","))
    except ValueError:
        raise invalid(("query", "bbox"), "bbox must be four numbers: west,south,east,north (degrees)",
                      bbox) from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise invalid(("query", "bbox"), "bbox out of range: west,east in [-180, 180], south <= north in "
                                         "[-90, 90]", bbox)
    return west, south, east, north


def filters(
    bbox: Annotated[Optional[str], Query(description="west,south,east,north in degrees (west > east "
                                                     "crosses the antimeridian)", max_length=200,
                                         pattern=BBOX_PATTERN)] = None,
    date_from: Annotated[Optional[dt.date], Query(description="first day, YYYY-MM-DD")] = None,
    date_to: Annotated[Optional[dt.date], Query(description="last day, YYYY-MM-DD")] = None,
    event_type: Annotated[list[str], Query(description="ACLED event type (repeat for several)")] = [],
    sub_event_type: Annotated[list[str], Query(description="ACLED sub-event type (repeat for several)")] = [],
    actor_side: Annotated[list[str], Query(description="side blamed (actor 1): armenian, azerbaijani...")] = [],
    claimant: Annotated[list[str], Query(description="who claims it, any spelling of the name (repeat for "
                                                     "several)")] = [],
    claimant_side: Annotated[list[str], Query(description="the claimant's side")] = [],
    disputed: Annotated[Optional[bool], Query(description="true: only events the sides disagree about")] = None,
    corroborated: Annotated[Optional[bool], Query(description="true: only events claimed by more than one side "
                                                              "or by a neutral source")] = None,
    place: Annotated[list[str], Query(description="the event's place name, any case (repeat for several)")] = [],
    country: Annotated[list[str], Query(description="ISO 3166-1 alpha-2 code of the event's country")] = [],
    q: Annotated[Optional[str], Query(description="words that must all occur in the evidence, place, "
                                                  "claimant, actors, target or weapon", max_length=500)] = None,
) -> FilterSet:
    return FilterSet(bbox=_bbox(bbox), date_from=date_from, date_to=date_to, event_type=_clean(event_type),
                      sub_event_type=_clean(sub_event_type), actor_side=_clean(actor_side),
                      claimant=_clean(claimant), claimant_side=_clean(claimant_side), disputed=disputed,
                      corroborated=corroborated, place=_clean(place), country=[c.upper() for c in _clean(country)],
                      q=q.replace("\x00", "") if q is not None else None)


Filters = Annotated[FilterSet, Depends(filters)]
Limit = Annotated[int, Query(ge=1, le=1000, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]


def encode_cursor(date: str | None, gid: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([date or "", gid]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        date, gid = json.loads(raw)
        if isinstance(date, str) and isinstance(gid, str):
            return date, gid
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        pass
    raise invalid(("query", "cursor"), "bad cursor: pass back the next_cursor of an earlier page", cursor)


# --- the app -------------------------------------------------------------------------------------------

class State:
    def __init__(self, url: str, token: str | None):
        self.store = Store(url)
        self.store.adopt()              # claims written around the Store (plain SQL) get their fused events
        self.token = token
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


def create_app(db: str, token: str | None = None) -> FastAPI:
    """The API and web view over the store at `db` (a SQLite file path or a postgresql:// URL).
    `token`: writes need it as a Bearer token; None leaves writes off."""
    state = State(db, token or None)
    app = FastAPI(title="polemos", version=_version(), docs_url=None, redoc_url=None,
                  description="Conflict events with who claims them: read the fused events, their claims and "
                              "evidence, claimant profiles and exports; post articles to run the pipeline.")
    app.state.polemos = state
    app.add_middleware(GZipMiddleware, minimum_size=1024)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def conn() -> Iterator[Reader]:
        with state.store.read() as reader:      # one read transaction: the request sees one database state
            yield reader

    Conn = Annotated[Reader, Depends(conn)]

    def writer(cred: Annotated[Optional[HTTPAuthorizationCredentials], Depends(bearer)]) -> None:
        if state.token is None:
            raise HTTPException(403, "writes are off: start the server with a token (polemos serve --token T)")
        given = cred.credentials if cred else ""
        if not hmac.compare_digest(given.encode(), state.token.encode()):
            raise HTTPException(401, "a valid token is needed: Authorization: Bearer <token>",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.get("/api/info", response_model=models.Info, tags=["read"])
    def info(c: Conn) -> dict[str, Any]:
        """What the server holds and whether it takes writes."""
        return {**c.info(), "writable": state.token is not None, "formats": list(export.FORMATS),
                "database": state.store.engine.dialect.name}

    @app.get("/api/events", response_model=models.EventPage, tags=["read"])
    def list_events(c: Conn, f: Filters, limit: Limit = 100, offset: Offset = 0,
                    cursor: Annotated[Optional[str], Query(max_length=2000)] = None) -> JSONResponse:
        """Fused events that match the filters, ordered by date then id. Page with limit/offset, or with
        the cursor of the previous page (stable while events are added)."""
        after = decode_cursor(cursor) if cursor else None
        items = c.page(f, limit, offset, after)
        last = items[-1] if len(items) == limit else None
        # built as the model says (tests check it): returned as is, a 1000-item page skips a slow re-validation
        return JSONResponse({"total": c.count(f), "limit": limit, "offset": None if after else offset,
                             "next_cursor": encode_cursor(last["date"], last["id"]) if last else None,
                             "items": items})

    @app.get("/api/events/{event_id}", response_model=models.EventDetail, tags=["read"], responses=NOT_FOUND)
    def one_event(c: Conn, event_id: Annotated[str, PathParam(max_length=500)]) -> dict[str, Any]:
        """One fused event with every claim about it, the evidence in its article, and the other statements
        of those articles."""
        found = c.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return found

    @app.get("/api/disputes", response_model=models.DisputePage, tags=["read"])
    def disputes(c: Conn, f: Filters, limit: Annotated[int, Query(ge=1, le=100)] = 20,
                 offset: Offset = 0) -> dict[str, Any]:
        """Events two of whose claims disagree (whether it happened, who did it, the toll), with their claims."""
        f.disputed = True
        items = [c.event(e["id"]) for e in c.page(f, limit, offset)]
        return {"total": c.count(f), "limit": limit, "offset": offset, "items": items}

    @app.get("/api/map", response_model=models.MapPoints, tags=["read"])
    def map_points(c: Conn, f: Filters, cap: Annotated[int, Query(ge=1, le=MAP_CAP)] = MAP_CAP) -> JSONResponse:
        """Compact points for the map: [id, lat, lon, event_type, fatalities (highest claimed), disputed, date,
        place, sub-type, fatalities_low], earliest first, at most `cap`."""
        pts = c.points(f, cap)
        return JSONResponse({"total": c.count(f), "shown": len(pts), "cap": cap, "points": pts,
                             "fields": ["id", "lat", "lon", "event_type", "fatalities", "disputed", "date", "place",
                                        "sub_event_type", "fatalities_low"]})

    @app.get("/api/timeline", response_model=models.Timeline, tags=["read"])
    def timeline(c: Conn, f: Filters) -> dict[str, Any]:
        """Events per day under every filter but the dates (the timeline's brush sets those)."""
        return {"days": c.timeline(f)}

    @app.get("/api/facets", response_model=models.Facets, tags=["read"])
    def facets(c: Conn) -> dict[str, Any]:
        """The values the filters can take, and the dates covered."""
        return state.cached("facets", c, c.facets)

    @app.get("/api/claimants", response_model=models.ProfilePage, tags=["read"])
    def claimants(c: Conn, q: Annotated[Optional[str], Query(max_length=200)] = None,
                  side: Annotated[Optional[str], Query(max_length=100)] = None,
                  limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Who claims what: per claimant and side, claims made, corroborated and contradicted. Spellings of one
        name (case, accents, punctuation) make one claimant, as in fusion; `q` finds a part of any of them."""
        every = state.cached("profiles", c, c.claimant_profiles)
        chosen = find_profiles(every, (q or "").replace("\x00", ""), side)
        return {"total": len(chosen), "limit": limit, "offset": offset, "items": chosen[offset:offset + limit]}

    @app.get("/api/claimant", response_model=models.ClaimantDetail, tags=["read"], responses=NOT_FOUND)
    def claimant(c: Conn, name: Annotated[str, Query(max_length=500)],
                 side: Annotated[Optional[str], Query(max_length=100)] = None,
                 limit: Limit = 200) -> dict[str, Any]:
        """One claimant (the name in any spelling): profile, the events they claim, their statements."""
        found = c.claimant(name.replace("\x00", ""), side, limit)
        if found is None:
            raise HTTPException(404, f"no claimant {name!r}")
        return found

    @app.get("/api/articles", response_model=models.ArticlePage, tags=["read"])
    def list_articles(c: Conn, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Stored articles (without their text), by date then id."""
        total, rows = c.articles(limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    @app.get("/api/articles/{article_id:path}", response_model=models.ArticleOut, tags=["read"], responses=NOT_FOUND)
    def one_article(c: Conn, article_id: str) -> dict[str, Any]:
        """One article: its text, and the spans of its event evidence, statements and attributions."""
        found = c.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found

    @app.get("/api/export/{fmt}", tags=["read"],
             responses={200: {"content": {m: {} for m, _ in MEDIA.values()}, "description": "the export file"}})
    def export_file(fmt: Format, f: Filters,
                    claims: Annotated[bool, Query(description="one row per claim, naming its event")] = False
                    ) -> FileResponse:
        """The events that /api/events lists under the same filters (every stored event without filters), in
        one of polemos' export formats (as `polemos export --format`): one row per fused event, its claims in the
        claim columns (claims=true: one row per claim); articles-jsonl gives the articles that hold one."""
        media, ext = MEDIA[fmt]
        fd, tmp = tempfile.mkstemp(prefix="polemos-export-", suffix="." + ext)
        os.close(fd)
        try:
            export.write(state.store, fmt, tmp, filters=f, claims=claims)
        except Exception:
            os.unlink(tmp)
            raise
        return FileResponse(tmp, media_type=media, filename=f"polemos-events.{ext}",
                            background=BackgroundTask(os.unlink, tmp))

    @app.post("/api/articles", response_model=models.JobOut, status_code=202, tags=["write"],
              dependencies=[Depends(writer)],
              responses={400: {"description": "the body is not JSON"}, 401: {"description": "missing or wrong token"},
                         403: {"description": "writes are off"}})
    def post_articles(body: models.Ingest,
                      wait: Annotated[float, Query(ge=0, le=600, description="seconds to wait for the job")] = 0
                      ) -> dict[str, Any]:
        """Run the pipeline on these articles and store the results (then fuse them with stored events).
        Returns the job at once (202); follow it at /api/jobs/{id}, or pass ?wait=seconds."""
        arts, errors = [], []
        for n, rec in enumerate(body.articles):
            item = ingest.make_article(rec.model_dump(exclude_none=True), origin=f"articles[{n}]")
            if isinstance(item, IngestError):
                errors.append({"loc": ("body", "articles", n), "msg": item.message, "type": "value_error",
                               "input": rec.model_dump(exclude={"text"})})
            else:
                arts.append(item)
        if errors:
            raise RequestValidationError(errors)
        job = state.jobs.submit(arts)
        if wait:
            state.jobs.wait(job, wait)
        return job.json()

    @app.get("/api/jobs/{job_id}", response_model=models.JobOut, tags=["write"], dependencies=[Depends(writer)],
             responses={401: {"description": "missing or wrong token"}, 403: {"description": "writes are off"},
                        **NOT_FOUND})
    def job(job_id: Annotated[str, PathParam(max_length=100)]) -> dict[str, Any]:
        """How far an ingest job has got."""
        found = state.jobs.jobs.get(job_id)
        if found is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return found.json()

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=True), name="static")
    return app


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("polemos")
    except Exception:
        return "0"


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the API and web view with uvicorn (127.0.0.1 unless told otherwise)."""
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        log.warning("serving on %s: anyone who can reach it can read the database", host)
    uvicorn.run(create_app(db, token), host=host, port=port, log_level="info")
