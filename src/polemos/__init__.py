"""polemos: conflict news to a geocoded, dated, source-attributed event dataset."""
from polemos.types import Article, Attribution, Claim, Event, Place, Result, Span

__version__ = "0.1.0"


def extract(text: str, date, **meta) -> Result:
    """Run the whole pipeline on one article text published on `date` (a date or 'YYYY-MM-DD')."""
    from polemos.pipeline import Pipeline
    return Pipeline.default().extract(text, date, **meta)


def run(inputs, store="polemos.db", **options):
    """Run the pipeline over files, folders or Article records, store and fuse the results; a RunSummary.
    Options: engine, workers, conflict, undated, default_date, redo, fuse, progress (polemos.runner.run)."""
    from polemos.runner import run as run_articles
    return run_articles(inputs, store, **options)


def events_frame(db: str = "polemos.db"):
    """The fused events of a database, as stored by its last fusion, as a pandas DataFrame: one row per event,
    its claims counted and its flags."""
    import pandas as pd

    from polemos.store import Store
    rows = []
    with Store(db, create=False) as store:
        for ev in store.fused_events():
            loc = ev.get("location") or {}
            rows.append({k: v for k, v in ev.items() if k not in ("claims", "location", "merged_from")} |
                        {"location": loc.get("name"), "latitude": loc.get("lat"), "longitude": loc.get("lon"),
                         "geo_precision": loc.get("geo_precision"), "claims": len(ev["claims"]),
                         "claimants": "; ".join(sorted({c.get("claimant") or "" for c in ev["claims"]}))})
    return pd.DataFrame(rows)


def claims_frame(db: str = "polemos.db", kind: str = "events"):
    """Every stored claim as a pandas DataFrame: event claims (kind="events", with their fused event id) or
    the claims that are not events (kind="claims": accusations, threats, appeals...)."""
    import pandas as pd

    from polemos.store import Store
    with Store(db, create=False) as store:
        return pd.DataFrame(store.events() if kind == "events" else store.claims())


__all__ = ["Article", "Attribution", "Claim", "Event", "Place", "Result", "Span", "claims_frame", "events_frame",
           "extract", "run"]
