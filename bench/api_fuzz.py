"""Long fuzzing run of the HTTP API: a real uvicorn on 127.0.0.1 over a store built from the bundled examples (and
one hostile article). First schemathesis over every operation of /openapi.json, the token given so that POST
/api/articles is exercised too; then hypothesis-generated cursors (random bytes, nested and odd JSON, base64 or
not) and request bodies of every size around the cap (and 48 MB ones, declared or chunked), with and without the
token: no 500, every answer JSON, bodies over the cap a 413, and the server's memory measured before and after.
The short runs live in tests/test_web_api.py and tests/test_web_guard.py.

Run: .venv/bin/python bench/api_fuzz.py [--examples 300] [--cursors 2000] [--bodies 200]
Needs: pip install schemathesis (the `st` command). Exit status: 1 when any check failed.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polemos.types import Article
from polemos.web import demo

ROOT = Path(__file__).parents[1]
TOKEN = "fuzz-token"
HOSTILE = ("Officials said artillery shelled the village of Sugovushan <script>alert(1)</script> on Tuesday, "
           "killing one soldier. <img src=x onerror=alert(1)> the ministry said.")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- cursors and bodies ----------------------------------------------------------------------------------------

json_like = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                   st.text(max_size=20)),
                         lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                                      max_size=3), max_leaves=12)
cursor_bytes = st.one_of(
    st.binary(max_size=300),
    json_like.map(lambda v: json.dumps(v).encode()),
    st.integers(1, 3000).map(lambda n: b"[" * n),
    st.tuples(st.sampled_from(["date", "-date", "fatalities", "claims", "other"]), json_like, json_like)
    .map(lambda t: json.dumps(list(t)).encode()))
cursors = st.one_of(cursor_bytes.map(lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")),
                    st.text(max_size=200))
SORTS = ["date", "-date", "fatalities", "claims"]


def check_cursor(get, cursor: str, sort: str) -> int:
    """GET /api/events with a generated cursor: 200 only for a real one, else 400 (422 for an over-long one);
    never a server error; always JSON."""
    r = get("/api/events", params={"cursor": cursor, "sort": sort})
    assert r.status_code in (200, 400, 422), (r.status_code, cursor[:80])
    assert r.headers["content-type"].startswith("application/json"), r.headers
    return r.status_code


def check_body(post, size: int, cap: int, token: str | None, chunked: bool) -> int:
    """POST /api/articles with a body of `size` bytes: over the cap a 413 (a chunked body without the right token
    is refused before it is read: 401 or 403), under it whatever the token and the body say (202, 400, 401, 403,
    422), never a server error."""
    body = (b'{"articles": [{"date": "2022-05-02", "text": "' + b"x" * max(0, size - 60) + b'"}]}')[:size]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    content = iter([body[i:i + 65536] for i in range(0, len(body), 65536)]) if chunked else body
    r = post("/api/articles", content=content, headers=headers)
    assert r.status_code < 500 and r.headers["content-type"].startswith("application/json"), r.status_code
    if size > cap:
        assert r.status_code == 413 or (chunked and r.status_code in (401, 403)), (size, chunked, r.status_code)
    return r.status_code


def run_cases(base: str, cap: int, n_cursors: int, n_bodies: int) -> dict[str, Any]:
    """The cursor and body cases against a live server; their tallies."""
    seen: dict[str, Any] = {"cursors": Counter(), "bodies": Counter()}
    with httpx.Client(base_url=base, timeout=120) as client:
        @settings(max_examples=n_cursors, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(cursors, st.sampled_from(SORTS))
        def fuzz_cursors(cursor: str, sort: str) -> None:
            seen["cursors"][check_cursor(client.get, cursor, sort)] += 1

        sizes = st.one_of(st.integers(cap - 200, cap + 200), st.integers(0, 3 * cap),
                          st.just(48 * 1024 * 1024))

        @settings(max_examples=n_bodies, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(sizes, st.sampled_from([None, TOKEN, "wrong"]), st.booleans())
        def fuzz_bodies(size: int, token: str | None, chunked: bool) -> None:
            seen["bodies"][check_body(client.post, size, cap, token, chunked)] += 1

        fuzz_cursors()
        fuzz_bodies()
    return seen


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", type=int, default=300, help="schemathesis examples per operation")
    ap.add_argument("--checks", default=CHECKS)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--cursors", type=int, default=2000, help="generated cursors")
    ap.add_argument("--bodies", type=int, default=200, help="generated request bodies")
    ap.add_argument("--max-body", type=int, default=1_000_000, help="the server's cap (bytes)")
    ap.add_argument("--no-schemathesis", action="store_true", help="the cursor and body cases only")
    args = ap.parse_args()
    st_cmd = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    if not Path(st_cmd).exists():
        sys.exit("schemathesis is not installed: pip install schemathesis")
    folder = Path(tempfile.mkdtemp(prefix="polemos-fuzz-"))
    db = str(folder / "fuzz.db")
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))
    print(demo.build(db, examples, [Article(id="x-xss", date=dt.date(2020, 10, 20), text=HOSTILE, language="en")]))
    port = free_port()
    code = (f"from polemos.web.app import serve; serve({db!r}, port={port}, token={TOKEN!r}, "
            f"max_body={args.max_body})")
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    failed = 0
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base)
        before = rss_mb(server.pid)
        cmd = [st_cmd, "run", f"{base}/openapi.json", "--checks", args.checks, "--max-examples", str(args.examples),
               "-H", f"Authorization: Bearer {TOKEN}", "--request-timeout", "120"]
        if args.seed is not None:
            cmd += ["--seed", str(args.seed)]
        print(" ".join(cmd))
        if not args.no_schemathesis:
            failed |= subprocess.call(cmd, cwd=folder) != 0  # its .schemathesis cache stays out of the repo
        print(f"server memory before the cursor and body cases: {rss_mb(server.pid):.0f} MB")
        try:
            seen = run_cases(base, args.max_body, args.cursors, args.bodies)
            print(f"cursors: {sum(seen['cursors'].values())} cases, answers {dict(sorted(seen['cursors'].items()))}")
            print(f"bodies:  {sum(seen['bodies'].values())} cases, answers {dict(sorted(seen['bodies'].items()))}")
        except AssertionError as e:
            failed = 1
            print(f"FAILED: {e}")
        print(f"server memory: {before:.0f} MB at the start, {rss_mb(server.pid):.0f} MB at the end (posted articles "
              "load the pipeline's model)")
    finally:
        server.terminate()
        server.wait(timeout=30)
        err = server.stderr.read().decode(errors="replace")
        tracebacks = err.count("Traceback")
        print(f"server log: {tracebacks} tracebacks" + (":\n" + err[-4000:] if tracebacks else ""))
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed or tracebacks else 0


def _wait(base: str) -> None:
    for _ in range(300):
        try:
            httpx.get(f"{base}/api/info", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
