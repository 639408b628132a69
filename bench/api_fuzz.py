"""Long fuzzing run of the HTTP API with schemathesis: a real uvicorn on 127.0.0.1 over a store built from the
bundled examples (and one hostile article), every operation of /openapi.json, the token given so that POST
/api/articles is exercised too. The short run lives in tests/test_web_api.py.

Run: .venv/bin/python bench/api_fuzz.py [--examples 300] [--checks not_a_server_error,response_schema_conformance]
Needs: pip install schemathesis (the `st` command). Exit status: schemathesis'.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", type=int, default=300, help="examples per operation")
    ap.add_argument("--checks", default=CHECKS)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    st = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    if not Path(st).exists():
        sys.exit("schemathesis is not installed: pip install schemathesis")
    folder = Path(tempfile.mkdtemp(prefix="polemos-fuzz-"))
    db = str(folder / "fuzz.db")
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))
    print(demo.build(db, examples, [Article(id="x-xss", date=dt.date(2020, 10, 20), text=HOSTILE, language="en")]))
    port = free_port()
    code = f"from polemos.web.app import serve; serve({db!r}, port={port}, token={TOKEN!r})"
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/info", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        cmd = [st, "run", f"http://127.0.0.1:{port}/openapi.json", "--checks", args.checks,
               "--max-examples", str(args.examples), "-H", f"Authorization: Bearer {TOKEN}",
               "--request-timeout", "120"]
        if args.seed is not None:
            cmd += ["--seed", str(args.seed)]
        print(" ".join(cmd))
        return subprocess.call(cmd, cwd=folder)      # its .schemathesis cache stays out of the repo
    finally:
        server.terminate()
        server.wait(timeout=30)
        err = server.stderr.read().decode(errors="replace")
        tracebacks = err.count("Traceback")
        print(f"server log: {tracebacks} tracebacks" + (":\n" + err[-4000:] if tracebacks else ""))
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
