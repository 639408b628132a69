"""A store to look at: run the pipeline over article files (and Article records), save and fuse the results.
Used by the web tests and handy for a first look: `python -m polemos.web.demo build/demo.db examples/*.txt`."""
from __future__ import annotations

import sys
from typing import Iterable

from polemos import ingest
from polemos.errors import IngestError
from polemos.store import Store
from polemos.types import Article
from polemos.web.jobs import fuse_around


def build(db: str, paths: Iterable[str] = (), articles: Iterable[Article] = ()) -> dict[str, int]:
    """Articles of `paths` and `articles` through the pipeline into the store at `db`, then fused.
    Returns the store's counts."""
    from polemos.pipeline import Pipeline

    items = [a for a in ingest.read(list(paths)) if not isinstance(a, IngestError)] + list(articles)
    with Store(db) as store:
        for result in Pipeline.default().run(items):
            store.save(result)
        fuse_around(store)
        return store.counts()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: python -m polemos.web.demo DB FILE...")
    print(build(sys.argv[1], sys.argv[2:]))
