"""Named exceptions: stages raise them, the CLI turns them into one-line errors (exit 2)."""

from __future__ import annotations


class NewsfactsError(Exception):
    """Base class: a problem the user can fix, reported as one line without a traceback."""

    exit_code = 2


class ConfigError(NewsfactsError):
    """A settings or sources file is missing or malformed."""


class InputError(NewsfactsError):
    """An input file (JSONL, HTML path, ...) is missing or malformed."""


class StoreError(NewsfactsError):
    """The database is not a newsfacts store, is newer than this code, or cannot be opened."""


class ReadOnlyQueryError(NewsfactsError):
    """A query tried to write to a store opened read-only, or is not valid SQL."""


class StoreLockedError(NewsfactsError):
    """Another process holds the store's work lock, or its write lock for too long."""


class StoreFullError(StoreError):
    """The disk (or the file system holding the store) is full."""


class StoreReadOnlyError(StoreError):
    """The store file or its folder cannot be written."""


class FetchError(NewsfactsError):
    """A page could not be fetched; `reason` is a stable short code stored with the page."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


class NotArticleError(NewsfactsError):
    """The page is not an article (index, section, tag or search page)."""
