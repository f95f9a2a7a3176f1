"""Open, create and migrate the knowledge store; the write API stages share.

One SQLite file, used through sqlite-utils. Writers open it with `open_store`; readers
that must not write (`newsfacts query`) use `readonly_connection`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from pipeline.exceptions import StoreError, StoreLockedError
from pipeline.records import ArticleRecord
from pipeline.store import schema
from pipeline.store.errors import lock_timeout, os_error, primary_code, user_error

DEFAULT_DB = "data/newsfacts.db"


def default_db_path() -> str:
    """`NEWSFACTS_DB` when set, else `data/newsfacts.db`."""
    return os.environ.get("NEWSFACTS_DB") or DEFAULT_DB


def utcnow() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _connect(path: str | Path) -> sqlite3.Connection:
    wait = lock_timeout()
    try:
        conn = sqlite3.connect(str(path), timeout=wait, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    except sqlite3.Error as e:
        raise user_error(e, path) or StoreError(f"{path}: cannot open database: {e}") from e
    return conn


def _check(conn: sqlite3.Connection, path: str | Path) -> int:
    """Return the file's schema version; refuse files that are not ours or are newer."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        n_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
    except sqlite3.DatabaseError as e:
        if primary_code(e) not in ("NOTADB", "CORRUPT", ""):
            raise user_error(e, path) or StoreError(f"{path}: {e}") from e
        raise StoreError(f"{path}: not a SQLite database ({e})") from e
    if app_id not in (0, schema.APPLICATION_ID) or (app_id == 0 and n_tables):
        raise StoreError(f"{path}: not a newsfacts store (it has other tables)")
    if version > schema.SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema version {version} is newer than this newsfacts "
            f"(knows up to {schema.SCHEMA_VERSION}); upgrade newsfacts"
        )
    return version


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing migrations in one transaction each; return the new version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for target in range(version, schema.SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            schema.MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {target + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    schema.create_missing(conn)
    schema.create_views(conn)
    return schema.SCHEMA_VERSION


class Store:
    """The knowledge store: a sqlite-utils Database plus the writes the stages need."""

    def __init__(self, path: str | Path, conn: sqlite3.Connection) -> None:
        self.path = Path(path)
        self.conn = conn
        self.db = sqlite_utils.Database(conn)

    # --- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; rolled back whole on any exception (kill -9 safe via WAL).

        A locked, full or read-only store raises the named StoreError of
        `pipeline.store.errors` instead of sqlite3's, after the rollback.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise user_error(e, self.path) or e from e
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                named = user_error(exc, self.path)
                if named is not None:
                    raise named from exc
            raise

    def _rollback(self) -> None:
        """Roll back what is open; SQLite may already have (e.g. after SQLITE_FULL)."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the transaction is gone either way; the original error matters

    @contextmanager
    def work_lock(self, wait: bool = False) -> Iterator[None]:
        """An exclusive advisory lock on `<db>.lock`: one crawler/scheduler per store."""
        lock_path = Path(str(self.path) + ".lock")
        try:
            fh = open(lock_path, "a+")
        except OSError as e:
            raise os_error(e, lock_path, "the lock file") from e
        try:
            flags = fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB
            try:
                fcntl.flock(fh, flags)
            except BlockingIOError as e:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                raise StoreLockedError(
                    f"{self.path}: store is busy (locked by {holder}); try again later"
                ) from e
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}")
            fh.flush()
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    # --- runs ------------------------------------------------------------------------

    def start_run(self, kind: str = "crawl") -> int:
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO crawl_runs (kind, started_at, status, pid) VALUES (?, ?, ?, ?)",
                (kind, utcnow(), "running", os.getpid()),
            )
        return int(cur.lastrowid)

    def finish_run(
        self,
        run_id: int,
        counts: dict[str, int],
        errors: dict[str, int] | None = None,
        status: str = "ok",
    ) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE crawl_runs SET finished_at = ?, status = ?, counts = ?, errors = ? "
                "WHERE id = ?",
                (utcnow(), status, json.dumps(counts, sort_keys=True),
                 json.dumps(errors or {}, sort_keys=True), run_id),
            )

    # --- sources ---------------------------------------------------------------------

    def upsert_source(self, name: str, kind: str, url: str, lang: str | None,
                      config: dict[str, Any] | None = None) -> None:
        self.conn.execute(
            "INSERT INTO sources (name, kind, url, lang, config) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, url = excluded.url, "
            "lang = excluded.lang, config = excluded.config",
            (name, kind, url, lang, json.dumps(config or {}, sort_keys=True)),
        )

    # --- articles --------------------------------------------------------------------

    def save_article(self, record: ArticleRecord, page_id: int | None,
                     extractor_version: str) -> int:
        """Insert or update the article for `record.url`; return its id.

        The text hash lets fact extraction skip articles whose text did not change.
        Call inside a transaction.
        """
        text_hash = hashlib.sha256(record.text.encode("utf-8")).hexdigest()
        row = self.conn.execute(
            "SELECT id, text_hash FROM articles WHERE url = ?", (record.url,)
        ).fetchone()
        values = {
            "page_id": page_id, "url": record.url, "canonical_url": record.canonical_url,
            "title": record.title, "lang": record.lang, "published_at": record.published_at,
            "author": record.author, "site": record.site, "text": record.text,
            "text_hash": text_hash, "is_article": int(record.is_article),
            "extractor_version": extractor_version, "extracted_at": utcnow(),
            "extractor": record.extractor,
        }
        if row is None:
            cols = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            cur = self.conn.execute(
                f"INSERT INTO articles ({cols}) VALUES ({marks})", tuple(values.values())
            )
            return int(cur.lastrowid)
        article_id, old_hash = row
        if old_hash != text_hash:
            values["facts_version"] = None  # text changed: extract facts again
        sets = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(
            f"UPDATE articles SET {sets} WHERE id = ?", (*values.values(), article_id)
        )
        return int(article_id)


def open_store(path: str | Path | None = None, create: bool = True) -> Store:
    """Open (and create or migrate when `create`) the store at `path`.

    Raises StoreError for a file that is not a newsfacts store or is newer than this code.
    """
    path = Path(path or default_db_path())
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no such store; run `newsfacts init --db {path}`")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise os_error(e, path.parent, "the store's folder") from e
    conn = _connect(path)
    try:
        version = _check(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        if create or version < schema.SCHEMA_VERSION:
            if not create:
                raise StoreError(f"{path}: store needs migrating; run `newsfacts init`")
            migrate(conn)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise user_error(e, path) or StoreError(f"{path}: {e}") from e
    except BaseException:
        conn.close()
        raise
    return Store(path, conn)
