"""Exports from the web view: the events /api/events lists under the same filters, in any format of polemos.export,
sent as they are made. A client that goes away stops the export: no more rows are read, the read transaction ends,
and nothing is logged as an error."""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any, Literal, get_args

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from polemos import export
from polemos.web.params import Filters

log = logging.getLogger("polemos.web")
MEDIA = {"jsonl": ("application/x-ndjson", "jsonl"), "articles-jsonl": ("application/x-ndjson", "jsonl"),
         "acled-csv": ("text/csv; charset=utf-8", "csv"),
         "geojson": ("application/geo+json", "geojson"), "parquet": ("application/vnd.apache.parquet", "parquet"),
         "plover-json": ("application/json", "json"), "table": ("text/plain; charset=utf-8", "txt")}
Format = Literal["jsonl", "articles-jsonl", "acled-csv", "geojson", "parquet", "plover-json", "table"]
assert set(MEDIA) == set(export.FORMATS) == set(get_args(Format)), "every export format needs a media type"
router = APIRouter(tags=["read"])


@router.get("/api/export/{fmt}",
            responses={200: {"content": {m: {} for m, _ in MEDIA.values()}, "description": "the export file"}})
async def export_file(request: Request, fmt: Format, f: Filters,
                      claims: Annotated[bool, Query(description="one row per claim, naming its event")] = False
                      ) -> StreamingResponse:
    """The events that /api/events lists under the same filters (every stored event without filters), in one of
    polemos' export formats (as `polemos export --format`): one row per fused event, its claims in the claim
    columns (claims=true: one row per claim); articles-jsonl gives the articles that hold one. The file is sent as
    it is made; a client that goes away stops it."""
    media, ext = MEDIA[fmt]
    made = export.Export(request.app.state.polemos.store, fmt, filters=f, claims=claims)
    chunks = iter(made)
    first = await run_in_threadpool(_next, chunks)      # a store error is an error answer, not a cut-off file
    return StreamingResponse(_sent(request, first, chunks), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="polemos-events.{ext}"'})


def _next(chunks: Iterator[Any]) -> Any:
    return next(chunks, None)


async def _sent(request: Request, first: Any, chunks: Iterator[Any]) -> AsyncIterator[Any]:
    """The chunks, each made in a worker thread; when the client is gone the rest is never made."""
    chunk = first
    try:
        while chunk is not None:
            yield _encoded(chunk)
            if await request.is_disconnected():
                log.info("export of %s stopped: the client went away", request.url.path)
                return
            chunk = await run_in_threadpool(_next, chunks)
    finally:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(_close, chunks)


def _encoded(chunk: str | bytes) -> bytes:
    return chunk.encode("utf-8") if isinstance(chunk, str) else chunk


def _close(chunks: Iterator[Any]) -> None:
    close = getattr(chunks, "close", None)
    if close is not None:
        close()
