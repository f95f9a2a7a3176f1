"""Render rows as a table, CSV, JSON or JSON Lines: one place for every command's output."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from tabulate import tabulate

FORMATS = ("table", "csv", "json", "jsonl")


def render(columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str = "table") -> str:
    """Return `rows` rendered in `fmt` (see FORMATS), ending with a newline."""
    rows = list(rows)
    if fmt == "table":
        if not rows:
            return "(no rows)\n"
        return tabulate(rows, headers=list(columns), tablefmt="simple",
                        disable_numparse=True) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue()
    dicts = [dict(zip(columns, row, strict=True)) for row in rows]
    if fmt == "json":
        return json.dumps(dicts, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(d, ensure_ascii=False, default=str) + "\n" for d in dicts)
    raise ValueError(f"unknown format {fmt!r}")
