"""The results database: schema, migrations, writes, fusion's stored results and every read (SQLAlchemy Core over
SQLite, the default file polemos.db, or PostgreSQL).

  schema      tables; records as rows and back; record ids
  migrations  any earlier schema version brought up to this one
  connect     the location checked, the engine, read and write transactions
  core        Store: save, fuse, plain reads
  fusing      fusion's events written and kept whole; incremental fusion
  readmodel   fused_events rows, full-text search, the filters as SQL
  search      a place by any of its names, a person by part of a name in any spelling
  views       Reader: what the web view, the API and the exports ask, in one read transaction
  voices      claimant profiles: filtered, sorted, searched; an outlet's own voice named
  shapes      the JSON shapes of the answers

The CLI, the web view and the exports read through here; nothing in this package imports polemos.web.
"""
from polemos.store.connect import DEFAULT_PATH, engine_url
from polemos.store.core import Store
from polemos.store.fusing import FuseSummary
from polemos.store.migrations import MIGRATIONS, SCHEMA_VERSION
from polemos.store.schema import (
                                  RECORDS,
                                  SEP,
                                  TABLES,
                                  article_json,
                                  article_row,
                                  articles,
                                  attributions,
                                  claimant_key,
                                  claims,
                                  events,
                                  flatten,
                                  fused_events,
                                  record_id,
                                  record_json,
                                  result_rows,
)
from polemos.store.views import SORTS, Reader
from polemos.store.voices import ProfileQuery

__all__ = ["DEFAULT_PATH", "MIGRATIONS", "RECORDS", "SCHEMA_VERSION", "SEP", "SORTS", "TABLES", "FuseSummary",
           "ProfileQuery", "Reader", "Store", "article_json", "article_row", "articles", "attributions",
           "claimant_key", "claims", "engine_url", "events", "flatten", "fused_events", "record_id", "record_json",
           "result_rows"]
