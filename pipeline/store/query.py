"""Read-only SQL for users: a connection that cannot write, and clean errors when SQL is bad."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from pipeline.exceptions import ReadOnlyQueryError, StoreError
from pipeline.store.db import _check

# Authorizer action codes that change the database or reach other files.
_DENY = {
    sqlite3.SQLITE_INSERT: "INSERT", sqlite3.SQLITE_UPDATE: "UPDATE",
    sqlite3.SQLITE_DELETE: "DELETE", sqlite3.SQLITE_ATTACH: "ATTACH",
    sqlite3.SQLITE_DETACH: "DETACH", sqlite3.SQLITE_DROP_TABLE: "DROP",
    sqlite3.SQLITE_DROP_VIEW: "DROP", sqlite3.SQLITE_DROP_INDEX: "DROP",
    sqlite3.SQLITE_DROP_TRIGGER: "DROP", sqlite3.SQLITE_CREATE_TABLE: "CREATE",
    sqlite3.SQLITE_CREATE_VIEW: "CREATE", sqlite3.SQLITE_CREATE_INDEX: "CREATE",
    sqlite3.SQLITE_CREATE_TRIGGER: "CREATE", sqlite3.SQLITE_ALTER_TABLE: "ALTER",
    sqlite3.SQLITE_CREATE_TEMP_TABLE: "CREATE", sqlite3.SQLITE_CREATE_TEMP_VIEW: "CREATE",
    sqlite3.SQLITE_CREATE_VTABLE: "CREATE", sqlite3.SQLITE_DROP_VTABLE: "DROP",
    sqlite3.SQLITE_TRANSACTION: "transaction control",
    sqlite3.SQLITE_SAVEPOINT: "SAVEPOINT", sqlite3.SQLITE_REINDEX: "REINDEX",
    sqlite3.SQLITE_ANALYZE: "ANALYZE",
}
# Pragmas whose argument names a table or index: they only read.
_READ_PRAGMAS_WITH_ARG = {
    "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "table_list",
}
# Pragmas that only read when given no argument (FTS5 itself reads data_version).
_READ_PRAGMAS = _READ_PRAGMAS_WITH_ARG | {
    "user_version", "application_id", "page_count", "page_size", "compile_options",
    "database_list", "function_list", "pragma_list", "collation_list", "module_list",
    "journal_mode", "schema_version", "freelist_count", "encoding", "data_version",
}


def _authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
        # FTS5 reads its schema this way; mode=ro still makes any real write impossible.
        return sqlite3.SQLITE_OK
    if action in _DENY:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name not in _READ_PRAGMAS or (arg2 is not None and name not in _READ_PRAGMAS_WITH_ARG):
            return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def readonly_connection(path: str | Path) -> sqlite3.Connection:
    """A connection opened with mode=ro, query_only on, and an authorizer refusing writes."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such store; run `newsfacts init --db {path}`")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        _check(conn, path)
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: {e}") from e
    conn.set_authorizer(_authorizer)
    return conn


def run_query(path: str | Path, sql: str,
              params: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only statement; return (column names, rows)."""
    conn = readonly_connection(path)
    try:
        try:
            cur = conn.execute(sql, params or {})
            rows = cur.fetchall()
        except sqlite3.Warning as e:
            raise ReadOnlyQueryError(f"bad SQL: {e}") from e
        except sqlite3.DatabaseError as e:
            msg = str(e)
            if "not authorized" in msg or "readonly" in msg or "query_only" in msg:
                raise ReadOnlyQueryError(
                    "query refused: the store is read-only here (only SELECT and read "
                    "pragmas are allowed)"
                ) from e
            raise ReadOnlyQueryError(f"bad SQL: {msg}") from e
        columns = [d[0] for d in cur.description or []]
        return columns, rows
    finally:
        conn.close()
