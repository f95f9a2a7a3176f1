"""The knowledge store: schema, migrations, the write API stages use, read-only queries."""

from pipeline.store.db import DEFAULT_DB, Store, default_db_path, open_store, utcnow
from pipeline.store.query import readonly_connection, run_query

__all__ = [
    "DEFAULT_DB", "Store", "default_db_path", "open_store", "readonly_connection",
    "run_query", "utcnow",
]
