"""Render rows as a table, CSV, JSON or JSON Lines: one place for every command's output."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from tabulate import tabulate

from pipeline.money_format import format_amount, format_usd_per_year

FORMATS = ("table", "csv", "json", "jsonl")

# Raw money columns that a readable table folds into its `amount` column.
_FOLDED = ("currency", "period", "term_months", "approx")
_USD = ("amount_usd_per_year", "usd_per_year")


def readable_money(columns: Sequence[str],
                   rows: Iterable[Sequence[Any]]) -> tuple[list[str], list[list[Any]]]:
    """Rows for people: `amount` becomes `≈$20M / month` (currency, period, term and
    hedge folded into it) and the yearly USD column `$240M / year`; other columns stay.
    Machine formats (CSV, JSON) keep the raw numbers."""
    cols = list(columns)
    if "amount" not in cols:
        return cols, [list(r) for r in rows]
    at = {c: i for i, c in enumerate(cols)}
    keep = [i for i, c in enumerate(cols) if c not in _FOLDED]
    out = []
    for row in rows:
        value = dict(zip(cols, row, strict=True))
        new = list(row)
        new[at["amount"]] = format_amount(value["amount"], value.get("currency"),
                                          value.get("period"), value.get("term_months"),
                                          value.get("approx") or False)
        for usd in _USD:
            if usd in at:
                new[at[usd]] = format_usd_per_year(row[at[usd]], value.get("approx") or False)
        out.append([new[i] for i in keep])
    return ["usd_per_year" if cols[i] in _USD else cols[i] for i in keep], out


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
