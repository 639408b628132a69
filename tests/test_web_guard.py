"""No request exhausts the server and every failure is a JSON answer in one line (issue #18 points 2, 3, 5, 6, 10):
bodies capped before they are read, the token checked before the body, 422s that do not echo the input, forged
cursors refused, one database state per request while a writer works, a damaged store answered as JSON, an
abandoned export stopped. A 48 MB POST to a real server leaves its memory where it was."""
from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import anyio
import pytest
from fastapi.testclient import TestClient

from polemos import export
from polemos.store import Reader, Store
from polemos.types import Article, Event, Place, Result, Span
from polemos.web.app import create_app
from web_browser import free_port, serving

TOKEN = "guard-token"
KINDS = [("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Battles", "Armed clash"),
         ("Violence against civilians", "Attack")]
TOWNS = [("Kramatorsk", "UA", 48.72, 37.56), ("Gao", "ML", 16.27, -0.04), ("Marib", "YE", 15.46, 45.32),
         ("Bunia", "CD", 1.56, 30.25), ("Idlib", "SY", 35.93, 36.63), ("Tartar", "AZ", 40.34, 46.93),
         ("Kidal", "ML", 18.44, 1.41), ("Goma", "CD", -1.68, 29.22)]


def wire(n: int, events: int = 1, day0: dt.date = dt.date(2022, 1, 1)) -> Result:
    """An invented article with `events` reports, each of a town on its own day."""
    text = " ".join(f"Report {i}: shells hit the town, killing {i % 7} people, officials said." for i in range(events))
    art = Article(id=f"g-{n}", date=day0 + dt.timedelta(days=events), text=text, outlet="Invented Wire",
                  language="en")
    out, at = Result(article=art), 0
    for i in range(events):
        sentence = f"Report {i}: shells hit the town, killing {i % 7} people, officials said."
        name, cc, lat, lon = TOWNS[(n + i) % len(TOWNS)]
        kind = KINDS[(n + i) % len(KINDS)]
        out.events.append(Event(
            event_type=kind[0], sub_event_type=kind[1], date=(day0 + dt.timedelta(days=i)).isoformat(),
            location=Place(mention=name, name=name, country=cc, lat=lat + i * 1e-3, lon=lon), claimant="officials",
            claimant_side="unknown" if n % 2 else "ukrainian", evidence=sentence,
            evidence_span=Span(at, at + len(sentence)), fatalities=i % 7))
        at += len(sentence) + 1
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("guard") / "guard.db")
    with Store(path) as s:
        for n in range(6):
            s.save(wire(n, events=3, day0=dt.date(2022, 1, 1) + dt.timedelta(days=10 * n)))
        s.fuse()
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, token=TOKEN, max_body=10_000), raise_server_exceptions=False) as c:
        yield c


def problem(r, status: int) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json"), r.headers
    return r.json()["detail"]


# --- bodies: capped before they are read, the token first, no input echoed -------------------------------------

def test_a_body_over_the_cap_is_a_413_whoever_sends_it(db, client):
    big = json.dumps({"articles": [{"date": "2022-01-02", "text": "x" * 20_000}]})
    for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}, {"Authorization": "Bearer wrong"}):
        assert "over 10,000 bytes" in problem(client.post("/api/articles", content=big, headers=headers), 413)
    chunked = (big[i:i + 1000].encode() for i in range(0, len(big), 1000))     # no Content-Length
    r = client.post("/api/articles", content=chunked, headers={"Authorization": f"Bearer {TOKEN}"})
    assert "over 10,000 bytes" in problem(r, 413)
    with TestClient(create_app(db, max_body=10_000)) as off:                      # writes off: 413 all the same
        problem(off.post("/api/articles", content=big), 413)
    assert client.get("/api/info").json()["max_body"] == 10_000


def _asgi_post(app, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, int]:
    """POST /api/articles straight to the ASGI app: (status, body chunks the app asked for)."""
    pulled, status = [0], [0]

    async def receive():
        pulled[0] += 1
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            status[0] = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "path": "/api/articles", "raw_path": b"/api/articles", "root_path": "", "scheme": "http",
             "query_string": b"", "headers": [(b"content-type", b"application/json"), *headers],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    anyio.run(app, scope, receive, send)
    return status[0], pulled[0]


def test_the_token_is_checked_before_a_byte_of_the_body_is_read(db):
    body = b'{"articles": [{"date": "2022-01-02", "text": "Shells hit Goma on Monday."}]}'
    assert _asgi_post(create_app(db), [], body) == (403, 0)
    app = create_app(db, token=TOKEN)
    assert _asgi_post(app, [], body) == (401, 0)
    assert _asgi_post(app, [(b"authorization", b"Bearer wrong")], body) == (401, 0)
    status, pulled = _asgi_post(app, [(b"authorization", f"Bearer {TOKEN}".encode())], b"{not json")
    assert status == 400 and pulled == 1


def test_a_bad_body_is_named_without_echoing_it(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    secret = "Z" * 5000
    r = client.post("/api/articles", json={"articles": [{"date": "2022-13-45", "text": secret}]}, headers=auth)
    assert r.status_code == 422 and secret[:50] not in r.text and len(r.text) < 1000, r.text
    r = client.post("/api/articles", json={"articles": [{"date": "2022-01-02", "text": "x", secret: 1}]},
                    headers=auth)
    assert r.status_code == 422 and secret[:200] not in r.text and len(r.text) < 1000, r.text
    r = client.post("/api/articles", json={"articles": [{"date": "not a date at all", "text": secret}]},
                    headers=auth)
    assert r.status_code == 422 and secret[:50] not in r.text
    assert "not JSON" in problem(client.post("/api/articles", content=b"{" * 5000, headers=auth), 400)
    assert "not JSON" in problem(client.post("/api/articles", content=b"[" * 5000, headers=auth), 400)
    r = client.get("/api/events", params={"bbox": "x" * 150})
    assert r.status_code == 422 and "x" * 100 not in r.text


# --- cursors, JSON errors -------------------------------------------------------------------------------------

def test_a_forged_nested_cursor_is_a_400_not_a_server_error(client):
    for payload in (b"[" * 1000, b"[" * 4000, b'{"a":' * 400, b"\xff\xfe", b'["date","2022-01-01"]'):
        cursor = base64.urlsafe_b64encode(payload).decode().rstrip("=")
        r = client.get("/api/events", params={"cursor": cursor})
        assert r.status_code in (400, 422) and r.headers["content-type"] == "application/json", payload[:10]
    assert "bad cursor" in problem(client.get("/api/events", params={"cursor": base64.urlsafe_b64encode(
        b"[" * 300).decode()}), 400)


def test_errors_are_json_in_one_line(client, monkeypatch):
    assert problem(client.get("/api/events/nope"), 404) == "no event 'nope'"
    assert problem(client.get("/api/nothing-here"), 404)
    monkeypatch.setattr(Reader, "count", lambda self, f: 1 / 0)
    detail = problem(client.get("/api/events"), 500)
    assert detail == "internal error (ZeroDivisionError); the server log has the details"


def test_a_store_damaged_while_served_is_a_503_in_json(tmp_path, db):
    path = tmp_path / "damaged.db"
    path.write_bytes(Path(db).read_bytes())
    with TestClient(create_app(str(path)), raise_server_exceptions=False) as c:
        assert c.get("/api/events").status_code == 200
        data = bytearray(path.read_bytes())
        noise = random.Random(3)
        for at in range(4096, len(data), 4096):
            data[at:at + 4096] = bytes(noise.randrange(256) for _ in range(4096))
        path.write_bytes(bytes(data))
        c.app.state.polemos.store.engine.dispose()          # connections opened from now on read the damage
        for route in ("/api/events", "/api/claimants", "/api/export/acled-csv", "/api/facets"):
            r = c.get(route)
            assert r.status_code in (500, 503) and r.headers["content-type"] == "application/json", route
            assert "Traceback" not in r.text and r.json()["detail"].count("\n") == 0


# --- one database state per request ---------------------------------------------------------------------------

def test_readers_see_one_database_state_while_a_writer_works(tmp_path):
    path = str(tmp_path / "busy.db")
    with Store(path) as s:
        s.save(wire(100, events=4))
        s.fuse()
    stop, failures = threading.Event(), []

    def write():
        with Store(path) as s:
            n = 200
            while not stop.is_set():
                s.save(wire(n, events=3, day0=dt.date(2021, 1, 1) + dt.timedelta(days=n % 300)))
                if n % 3 == 0:
                    s.fuse()
                n += 1

    writer = threading.Thread(target=write, daemon=True)
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        writer.start()
        try:
            deadline = time.time() + 8
            while time.time() < deadline:
                for route in ("/api/claimants?limit=1000", "/api/events?limit=1000", "/api/disputes",
                              "/api/timeline", "/api/map"):
                    r = c.get(route)
                    if r.status_code != 200:
                        failures.append((route, r.status_code, r.text[:200]))
                        continue
                    data = r.json()
                    if "items" in data and data["total"] != len(data["items"]) and route.endswith("1000"):
                        failures.append((route, "total and items from two states", data["total"]))
        finally:
            stop.set()
            writer.join(timeout=30)
    assert failures == []


# --- an abandoned export stops --------------------------------------------------------------------------------

def test_a_client_that_goes_away_stops_its_export(tmp_path, monkeypatch, caplog):
    path = str(tmp_path / "big.db")
    with Store(path) as s:
        s.save(wire(0, events=1500, day0=dt.date(2016, 1, 1)))
        s.fuse()
        total = s.counts()["events"]
    made, closed = [0], threading.Event()
    real = Reader.fused

    def counted(self, f=None, batch=500):
        try:
            for ev in real(self, f, batch=20):
                made[0] += 1
                yield ev
        finally:
            closed.set()

    monkeypatch.setattr(Reader, "fused", counted)
    monkeypatch.setattr(export, "BATCH", 10)
    caplog.set_level(logging.INFO)
    with serving(path) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"GET /api/export/geojson HTTP/1.1\r\nHost: x\r\n\r\n")
            got = b""
            while len(got) < 20_000:
                got += sock.recv(4096)
        assert closed.wait(15), "the export went on after its client left"
        stopped_at = made[0]
        time.sleep(1)
        assert made[0] == stopped_at < total / 2, (made[0], total)
    assert b"200 OK" in got.split(b"\r\n", 1)[0]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


# --- a 48 MB body against a real server -----------------------------------------------------------------------

def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _post(port: int, headers: str, size: int, chunked: bool) -> bytes:
    """Send a body of `size` bytes as fast as the server takes it; the answer, as soon as one comes."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(headers.encode())
        block, sent = b"x" * 65536, 0
        sock.settimeout(0.2)
        answer = b""
        while sent < size and not answer:
            piece = block if not chunked else f"{len(block):x}\r\n".encode() + block + b"\r\n"
            try:
                sock.sendall(piece)
                sent += len(block)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                pass
            try:
                answer = sock.recv(4096)
            except (socket.timeout, BlockingIOError):
                pass
            except ConnectionResetError:
                break
        sock.settimeout(10)
        try:
            while b"\r\n\r\n" not in answer:
                more = sock.recv(4096)
                if not more:
                    break
                answer += more
        except (socket.timeout, ConnectionResetError):
            pass
        return answer


@pytest.mark.parametrize("token", [None, TOKEN])
def test_a_48_mb_post_is_refused_without_the_server_growing(db, tmp_path, token):
    port = free_port()
    code = f"from polemos.web.app import serve; serve({db!r}, port={port}, token={token!r})"
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=dict(os.environ))
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        before = _rss_kb(server.pid)
        size = 48 * 1024 * 1024
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        head = (f"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{auth}"
                f"Content-Length: {size}\r\n\r\n")
        answer = _post(port, head, size, chunked=False)
        assert answer.split(b"\r\n", 1)[0].split()[1] in (b"413", b"403"), answer[:200]
        head = (f"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{auth}"
                "Transfer-Encoding: chunked\r\n\r\n")
        answer = _post(port, head, size, chunked=True)
        assert answer.split(b"\r\n", 1)[0].split()[1] in (b"413", b"403", b"401"), answer[:200]
        grown = (_rss_kb(server.pid) - before) / 1024
        assert grown < 50, f"the server grew by {grown:.0f} MB"
    finally:
        server.terminate()
        err = server.communicate(timeout=30)[1].decode(errors="replace")
    assert "Traceback" not in err, err[-3000:]


# --- the fuzz target of bench/api_fuzz.py, briefly --------------------------------------------------------------

def _api_fuzz():
    import importlib.util
    spec = importlib.util.spec_from_file_location("api_fuzz", Path(__file__).parents[1] / "bench" / "api_fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_cursors_and_bodies_make_no_server_error(client):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    fuzz = _api_fuzz()
    seen = {"cursor": set(), "body": set()}

    @settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzz.cursors, st.sampled_from(fuzz.SORTS))
    def cursors(cursor, sort):
        seen["cursor"].add(fuzz.check_cursor(client.get, cursor, sort))

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, 30_000), st.sampled_from([None, "wrong"]), st.booleans())     # no job started here
    def bodies(size, token, chunked):
        seen["body"].add(fuzz.check_body(client.post, size, 10_000, token, chunked))

    cursors()
    bodies()
    assert 400 in seen["cursor"] and 413 in seen["body"]
