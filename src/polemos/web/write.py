"""The write routes: POST /api/articles runs the pipeline on posted articles in a job; GET /api/jobs/{id} follows it.

Writes are off unless the server has a token. The token is checked before a byte of the body is read (the route
takes no body parameter: it reads the body itself, after the check); the body is capped (polemos.web.guard) and
an invalid one is a 422 that names the field and the problem without echoing the input.
"""
from __future__ import annotations

import hmac
import json
from typing import Annotated, Any, Optional

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from polemos import ingest
from polemos.errors import ApiMsg, IngestError
from polemos.web import models

bearer = HTTPBearer(auto_error=False, description="the server's token (POLEMOS_TOKEN or `polemos serve --token-file`)")
router = APIRouter(tags=["write"])
REFUSED: dict[int | str, dict[str, Any]] = {401: {"description": "missing or wrong token", "model": models.Problem},
           403: {"description": "writes are off", "model": models.Problem}}


def writer(request: Request, cred: Annotated[Optional[HTTPAuthorizationCredentials], Depends(bearer)]) -> None:
    token = request.app.state.polemos.token
    if token is None:
        raise HTTPException(403, ApiMsg.WRITES_OFF)
    given = cred.credentials if cred else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, ApiMsg.TOKEN, headers={"WWW-Authenticate": "Bearer"})


@router.post("/api/articles", response_model=models.JobOut, status_code=202, dependencies=[Depends(writer)],
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/Ingest"}}}}},
             responses={**REFUSED, 400: {"description": "the body is not JSON", "model": models.Problem},
                        413: {"description": "the body is over the server's cap", "model": models.Problem},
                        422: {"description": "an article the pipeline cannot take (field and problem named)"}})
async def post_articles(request: Request,
                        wait: Annotated[float, Query(ge=0, le=600, description="seconds to wait for the job")] = 0
                        ) -> dict[str, Any]:
    """Run the pipeline on these articles (a JSON body {"articles": [...]}, as models.Ingest) and store the
    results (then fuse them with stored events). Returns the job at once (202); follow it at /api/jobs/{id}, or
    pass ?wait=seconds."""
    body = await _ingest(await request.body())
    arts, errors = [], []
    for n, rec in enumerate(body.articles):
        item = ingest.make_article(rec.model_dump(exclude_none=True), origin=f"articles[{n}]")
        if isinstance(item, IngestError):
            errors.append({"loc": ("body", "articles", n), "msg": item.message, "type": "value_error"})
        else:
            arts.append(item)
    if errors:
        raise RequestValidationError(errors)
    jobs = request.app.state.polemos.jobs
    job = jobs.submit(arts)
    if wait:
        await anyio.to_thread.run_sync(jobs.wait, job, wait)
    return job.json()


async def _ingest(raw: bytes) -> models.Ingest:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as e:
        raise HTTPException(400, ApiMsg.NOT_JSON.format(error=getattr(e, "msg", type(e).__name__))) from None
    try:
        return models.Ingest.model_validate(data)
    except ValidationError as e:
        raise RequestValidationError(e.errors(include_input=False, include_context=False)) from None


@router.get("/api/jobs/{job_id}", response_model=models.JobOut, dependencies=[Depends(writer)],
            responses={**REFUSED, 404: {"description": "no such job", "model": models.Problem}})
def job(request: Request, job_id: Annotated[str, PathParam(max_length=100)]) -> dict[str, Any]:
    """How far an ingest job has got."""
    found = request.app.state.polemos.jobs.jobs.get(job_id)
    if found is None:
        raise HTTPException(404, ApiMsg.NO_JOB.format(id=job_id))
    return found.json()
