"""Which WARC files a backfill reads: local paths and globs, or fsspec URLs (s3://, https://).

Remote paths need fsspec's protocol packages (`pip install newsfacts[remote]` for S3 and
HTTP); local files are opened directly.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import IO, Any

from pipeline.exceptions import InputError

GLOB_CHARS = frozenset("*?[")


def is_remote(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def expand(patterns: list[str]) -> list[str]:
    """Every file the patterns name, in order, each once; InputError for a pattern that
    names nothing (a typo should not be a silent no-op)."""
    out: dict[str, None] = {}
    for pattern in patterns:
        found = _remote(pattern) if is_remote(pattern) else _local(pattern)
        if not found:
            raise InputError(f"{pattern}: no such file or no file matches")
        out.update(dict.fromkeys(found))
    return list(out)


def _local(pattern: str) -> list[str]:
    pattern = pattern.removeprefix("file://")
    if GLOB_CHARS & set(pattern):
        matches = sorted(glob.glob(os.path.expanduser(pattern), recursive=True))
    else:
        matches = [os.path.expanduser(pattern)]
    return [str(Path(m).resolve()) for m in matches if Path(m).is_file()]


def _remote(pattern: str) -> list[str]:
    """The URLs a remote pattern names, each in the filesystem's one spelling."""
    fs = _filesystem(pattern)
    if not GLOB_CHARS & set(pattern.split("://", 1)[1]):
        return [fs.unstrip_protocol(fs._strip_protocol(pattern))]
    try:
        found = sorted(fs.glob(pattern))
    except Exception as e:  # noqa: BLE001 - network or permission problems, reported
        raise InputError(f"{pattern}: cannot list ({e})") from e
    return [fs.unstrip_protocol(p) for p in found]


def _filesystem(path: str) -> Any:
    import fsspec

    protocol = path.split("://", 1)[0]
    try:
        return fsspec.filesystem(protocol)
    except (ImportError, ValueError) as e:
        raise InputError(f"{path}: cannot read {protocol}:// paths here ({e}); "
                         "install newsfacts[remote]") from e


def size_of(path: str) -> int:
    """The file's size in bytes (InputError when it cannot be had)."""
    try:
        if not is_remote(path):
            return os.path.getsize(path.removeprefix("file://"))
        return int(_filesystem(path).size(path))
    except (OSError, TypeError, ValueError) as e:
        raise InputError(f"{path}: cannot read its size ({e})") from e


def open_binary(path: str) -> IO[bytes]:
    """A seekable binary file for `path` (local or remote)."""
    if not is_remote(path):
        return open(path.removeprefix("file://"), "rb")
    import fsspec

    return fsspec.open(path, "rb").open()
