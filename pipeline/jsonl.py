"""Read JSON Lines files of objects, with errors that name the file and line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.exceptions import InputError, NewsfactsError


def iter_objects(path: str | Path,
                 error: type[NewsfactsError] = InputError) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of `path` (`-` is stdin).

    A line that is not a JSON object raises `error` naming `path:line`; blank lines and
    lines starting with `//` are skipped.
    """
    try:
        fh = sys.stdin if str(path) == "-" else open(path, encoding="utf-8")
    except OSError as e:
        raise error(f"{path}: cannot read: {e.strerror}") from e
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if not line or line.startswith("//"):
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise error(f"{path}:{n}: not JSON: {e.msg}") from e
                if not isinstance(obj, dict):
                    raise error(f"{path}:{n}: expected a JSON object")
                yield n, obj
        except UnicodeDecodeError as e:
            raise error(f"{path}: not UTF-8 text ({e.reason})") from e


def page_url(obj: dict[str, Any]) -> str | None:
    """The address of the page an input line comes from: "url", or "source" as the shared
    evaluation sets name it (its country domain settles "pesos" or "$" the text does not)."""
    return obj.get("url") or obj.get("source")
