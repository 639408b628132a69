"""A store to look at: article files (and Article records) run through polemos.run into a store, fused.
Used by the web tests and handy for a first look: `python -m polemos.web.demo build/demo.db examples/*.txt`."""
from __future__ import annotations

import sys
from collections.abc import Iterable

from polemos.runner import run
from polemos.store import Store
from polemos.types import Article


def build(db: str, paths: Iterable[str] = (), articles: Iterable[Article] = ()) -> dict[str, int]:
    """Articles of `paths` and `articles` through the pipeline into the store at `db`, then fused.
    Returns the store's counts."""
    with Store(db) as store:
        run([*paths, *articles], store, workers=1)
        return store.counts()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: python -m polemos.web.demo DB FILE...")
    print(build(sys.argv[1], sys.argv[2:]))
