"""A Ray cluster of two nodes on this machine (Ray's own ray.cluster_utils.Cluster: a head and one more node, one CPU
each): `polemos extract --engine ray` through RAY_ADDRESS gives the local engine's results, the same events with the
same ids, with chunks run on both nodes and their result shards read back through POLEMOS_RAY_TMP.

Writes build/ray_cluster.json (ray_cluster_nodes, ray_cluster_identical) for bench/speed.py."""
from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from polemos import cli, engine

ray_data = pytest.importorskip("ray.data", reason="the ray extra is not installed (pip install 'polemos[ray]')")

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]   # Ray Data's own

REPORT = Path(__file__).resolve().parents[1] / "build" / "ray_cluster.json"

# invented wire-style sentences, places of several wars
SENTENCES = [
    "Rebel fighters shelled the outskirts of {p} on {d}, killing {n} civilians, a local official said.",
    "A drone strike hit an ammunition depot near {p} overnight, the army said in a statement.",
    "Government troops clashed with militants in {p} on {d}; {n} soldiers were wounded, the defence ministry said.",
    "Residents of {p} reported heavy artillery fire after dark, according to a regional governor.",
    "The interior ministry denied that its police had fired on protesters in {p}.",
    "Gunmen attacked a market in {p} on {d}, killing {n} people, witnesses told reporters.",
    "An air strike destroyed a bridge outside {p}, the military spokesman said.",
    "Militia members looted shops in {p} after the fighting, aid workers said.",
]
PLACES = ["Kharkiv", "El Fasher", "Hodeidah", "Goma", "Gao", "Mosul", "Aleppo", "Sittwe", "Bakhmut", "Khartoum"]
DAYS = ["Monday", "Tuesday", "Saturday"]
ARTICLES = 40       # three chunks of engine.CHUNK: more chunks than nodes


def write_corpus(path: Path) -> None:
    rows = []
    for i in range(ARTICLES):
        text = " ".join(SENTENCES[(i + 3 * k) % len(SENTENCES)].format(
            p=PLACES[(i + k) % len(PLACES)], d=DAYS[(i + k) % 3], n=2 + (i + k) % 5) for k in range(1 + i % 3))
        rows.append({"id": f"c{i:02d}", "date": (dt.date(2023, 5, 1) + dt.timedelta(days=i % 7)).isoformat(),
                     "text": text, "language": "en"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def run_cli(capsys, *argv: str) -> list[dict]:
    capsys.readouterr()
    assert cli.main(list(argv)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.fixture(scope="module")
def cluster():
    from ray.cluster_utils import Cluster
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    try:
        c.add_node(num_cpus=1)
        c.wait_for_nodes()
        yield c
    finally:
        c.shutdown()


def _unstamped(fused: list[dict]) -> list[dict]:
    """Fused events without the time each claim's article was stored (two runs store at two times)."""
    return [dict(e, claims=[{k: v for k, v in c.items() if k != "article_ingested_at"} for c in e.get("claims", [])])
            for e in fused]


def test_cluster_of_two_nodes_gives_the_local_results(tmp_path, capsys, monkeypatch, cluster):
    corpus, shared = tmp_path / "corpus.jsonl", tmp_path / "shared"
    write_corpus(corpus)
    shared.mkdir()
    local = run_cli(capsys, "extract", str(corpus), "--db", str(tmp_path / "local.db"), "--workers", "1",
                    "--format", "jsonl")
    local_fused = run_cli(capsys, "fuse", "--db", str(tmp_path / "local.db"))

    engines, shards = [], []
    monkeypatch.setenv("RAY_ADDRESS", cluster.address)
    monkeypatch.setenv("POLEMOS_RAY_TMP", str(shared))
    monkeypatch.setattr(engine, "make", lambda *a, make=engine.make, **k: engines.append(make(*a, **k)) or engines[-1])
    monkeypatch.setattr(engine, "_read_results", lambda folder, *a, read=engine._read_results: shards.append(folder)
                        or read(folder, *a))
    began = time.monotonic()
    ray = run_cli(capsys, "extract", str(corpus), "--db", str(tmp_path / "ray.db"), "--engine", "ray",
                  "--format", "jsonl")
    ray_fused = run_cli(capsys, "fuse", "--db", str(tmp_path / "ray.db"))
    local_fused, ray_fused = _unstamped(local_fused), _unstamped(ray_fused)
    timing = engines[0].timing
    identical = ray == local and ray_fused == local_fused
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps({
        "ray_cluster_nodes": len(cluster.list_all_nodes()), "ray_cluster_nodes_used": len(timing.get("nodes", [])),
        "ray_cluster_identical": identical, "articles": len(local), "fused_events": len(local_fused),
        "ray_run_s": round(time.monotonic() - began, 1), "start_s": timing.get("start_s")}, indent=2) + "\n")

    assert len(local) == ARTICLES and len(local_fused) >= 10          # the corpus gives events to compare
    assert [r["id"] for r in ray] == [r["id"] for r in local]
    assert ray == local                                             # same events, same record ids
    assert [e["event_id"] for e in ray_fused] == [e["event_id"] for e in local_fused]
    assert ray_fused == local_fused
    assert len(timing["nodes"]) == 2 and timing["workers"] == 2     # chunks ran on both nodes
    assert shards and all(f.parent == shared for f in shards)       # results came back through POLEMOS_RAY_TMP
    assert not any(shared.iterdir())                                # and the shards are cleaned up
