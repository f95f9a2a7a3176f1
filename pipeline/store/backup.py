"""A consistent copy of the store, taken with SQLite's online backup API while crawls write.

The copy is made in one backup step inside one read transaction: in WAL mode a reader
never blocks the writers, and it sees the store as of one commit, so the copy is what the
store held at that moment (never half a crawl batch). It is written beside the target
under a temporary name, switched to a single file (journal_mode DELETE), checked with
`PRAGMA quick_check`, synced and renamed into place: FILE is either the old file or a
whole new backup.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipeline.exceptions import InputError, StoreError
from pipeline.store.db import _check, _connect
from pipeline.store.errors import os_error, user_error


@dataclass
class BackupResult:
    """What was copied: the file, its size, schema version and a few row counts."""

    path: Path
    bytes: int
    schema_version: int
    pages: int
    articles: int
    facts: int

    def summary(self) -> str:
        return (f"{self.path}: {self.bytes / 1e6:.1f} MB, schema version "
                f"{self.schema_version}, {self.pages} pages, {self.articles} articles, "
                f"{self.facts} facts; quick_check ok")


def backup(db_path: str | Path, out_path: str | Path, force: bool = False) -> BackupResult:
    """Copy the store at `db_path` to `out_path` (refused when it exists, unless `force`)."""
    src_path, out = Path(db_path), Path(out_path)
    if not src_path.is_file():
        raise StoreError(f"{src_path}: no such store")
    if out.exists() and not force:
        raise InputError(f"{out}: already exists; pass --force to replace it")
    if out.resolve() == src_path.resolve():
        raise InputError(f"{out}: is the store itself")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such folder")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    src = _connect(src_path)
    try:
        version = _check(src, src_path)
        try:
            dst = sqlite3.connect(tmp, isolation_level=None)
        except sqlite3.Error as e:
            raise user_error(e, tmp) or StoreError(f"{tmp}: cannot create ({e})") from e
        try:
            src.backup(dst)  # pages=-1: one step, one read transaction, one snapshot
            dst.execute("PRAGMA journal_mode = DELETE")
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(f"{src_path}: the copy failed its check: {check}")
            counts = [dst.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("pages", "articles", "facts")]
        except sqlite3.Error as e:
            raise user_error(e, tmp) or StoreError(f"{tmp}: backup failed ({e})") from e
        finally:
            dst.close()
        _fsync(tmp)
        try:
            os.replace(tmp, out)
        except OSError as e:
            raise os_error(e, out, "the backup") from e
    finally:
        src.close()
        if tmp.exists():
            tmp.unlink()
    return BackupResult(out, out.stat().st_size, version, *counts)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
