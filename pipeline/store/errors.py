"""SQLite failures the user can fix (locked, full, read-only, unopenable) as named errors.

Each becomes one line that says what to do, and the CLI exits 2. Everything else (a bad
statement, a constraint) stays a sqlite3 error: that is a bug, not the user's to fix.
A failed write transaction is rolled back whole, so what was committed before is kept
and the next run continues from it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from pipeline.exceptions import (
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
)

DEFAULT_LOCK_TIMEOUT = 30.0  # seconds to wait for another process's write lock


def lock_timeout() -> float:
    """$NEWSFACTS_LOCK_TIMEOUT seconds, else 30."""
    try:
        return max(0.0, float(os.environ.get("NEWSFACTS_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def primary_code(e: sqlite3.Error) -> str:
    """'BUSY', 'FULL', 'READONLY', ... from SQLITE_READONLY_DIRECTORY and the like."""
    name = getattr(e, "sqlite_errorname", "") or ""
    parts = name.split("_")
    if len(parts) > 1:
        return parts[1]
    text = str(e).lower()  # older sqlite3 modules: judge by the message
    for needle, code in (("locked", "BUSY"), ("disk is full", "FULL"),
                         ("readonly", "READONLY"), ("unable to open", "CANTOPEN"),
                         ("disk i/o", "IOERR")):
        if needle in text:
            return code
    return ""


def user_error(e: sqlite3.Error, path: str | Path) -> StoreError | StoreLockedError | None:
    """The named error for `e` when the user can fix its cause, else None."""
    code = primary_code(e)
    if code in ("BUSY", "LOCKED"):
        return StoreLockedError(
            f"{path}: another process held the store's write lock for over "
            f"{lock_timeout():g}s; try again when it has finished "
            "($NEWSFACTS_LOCK_TIMEOUT sets the wait)")
    if code == "FULL":
        return StoreFullError(
            f"{path}: disk full while writing the store; free some space and run the "
            "command again (what was committed is kept; a crawl continues where it stopped)")
    if code == "READONLY" or (code in ("CANTOPEN", "PERM", "AUTH")
                              and not _writable(Path(path))):
        return StoreReadOnlyError(
            f"{path}: the store is read-only (the file or its folder cannot be written); "
            "fix the permissions or the mount and run again")
    if code == "CANTOPEN":
        return StoreError(f"{path}: cannot open the store or its -wal/-shm files ({e})")
    if code == "IOERR":
        return StoreError(f"{path}: disk I/O error ({e}); check the disk and run again")
    if code in ("CORRUPT", "NOTADB"):
        return StoreError(f"{path}: the store file is damaged ({e}); restore a backup "
                          "(`newsfacts backup`)")
    return None


def _writable(path: Path) -> bool:
    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK) and os.access(path.parent, os.W_OK)


def os_error(e: OSError, path: str | Path, what: str) -> StoreError:
    """A StoreError for an OSError met on a store's side files (lock file, folder)."""
    import errno

    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreReadOnlyError(f"{path}: cannot write {what} ({e.strerror}); fix the "
                                  "permissions or the mount and run again")
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreFullError(f"{path}: disk full while writing {what}; free some space "
                              "and run again")
    return StoreError(f"{path}: cannot write {what} ({e.strerror or e})")
