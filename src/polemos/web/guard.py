"""What every request goes through: the body capped before it is read, security headers on every answer, and
errors as JSON bodies that say what is wrong in one line (never the request's input, never a traceback).

Guard is plain ASGI (no BaseHTTPMiddleware): a body whose Content-Length is over the cap is answered 413 before a
byte of it is read; a body without one is counted as it arrives and refused at the first byte over the cap. A
streamed answer (an export) sees the client go away as a cancellation.
"""
from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polemos.errors import ApiMsg, StoreError

log = logging.getLogger("polemos.web")
MAX_BODY = 4 * 1024 * 1024          # bytes: 100 articles of 40,000 characters each, with room to spare
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
LOC_CHARS = 100                     # a location in a 422 names a field; a longer one is cut (it may come from input)


class TooLarge(StarletteHTTPException):
    def __init__(self, limit: int):
        super().__init__(413, ApiMsg.TOO_LARGE.format(limit=limit))


class Guard:
    """The body cap and the security headers, around the whole app."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def headed(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        if _declared(scope) > self.max_body:
            await _refuse(self.max_body, headed)
            return
        try:
            await self.app(scope, self._counted(receive), headed)
        except TooLarge:
            if started:
                raise
            await _refuse(self.max_body, headed)

    def _counted(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge(self.max_body)
            return message
        return counted


def _declared(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


async def _refuse(limit: int, send: Send) -> None:
    body = json.dumps({"detail": ApiMsg.TOO_LARGE.format(limit=limit)}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# --- errors as JSON ------------------------------------------------------------------------------------------

def _without_input(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI's 422 entries with the input (and its context) left out."""
    return [{"loc": [str(p)[:LOC_CHARS] if isinstance(p, str) else p for p in e.get("loc", ())],
             "msg": str(e.get("msg", ""))[:1000], "type": e.get("type", "value_error")} for e in errors]


def _one_line(e: BaseException) -> str:
    text = str(getattr(e, "orig", None) or e).strip()
    return " ".join(text.splitlines()[0].split())[:300] if text else type(e).__name__


def install_error_handlers(app: FastAPI) -> None:
    """422s without the input; a store that cannot be read is a 503 in one line; anything else a JSON 500 (the
    traceback goes to the log only)."""
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _without_input(list(exc.errors()))}, status_code=422)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s: %s", request.url.path, exc)
        return JSONResponse({"detail": ApiMsg.STORE.format(error=_one_line(exc))}, status_code=503)

    @app.exception_handler(sa.exc.DatabaseError)
    async def database_error(request: Request, exc: sa.exc.DatabaseError) -> JSONResponse:
        log.error("database error on %s: %s", request.url.path, _one_line(exc))
        return JSONResponse({"detail": ApiMsg.STORE.format(error=_one_line(exc))}, status_code=503)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": ApiMsg.INTERNAL.format(kind=type(exc).__name__)}, status_code=500)
