"""Read-side queries behind `newsfacts facts` and `newsfacts export` (SQL built here, not in the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.store.query import run_query

FACT_COLUMNS = (
    "fact_id", "payer", "payee", "amount", "currency", "period", "term_months", "approx",
    "product", "as_of", "amount_usd_per_year", "fx_rate", "fx_date", "usd_note",
    "confidence", "n_articles", "n_sites",
    "first_seen", "last_seen", "conflicting",
)


@dataclass
class FactFilter:
    """Filters for the facts listing; None means no filter."""

    payer: str | None = None
    payee: str | None = None
    lang: str | None = None
    since: str | None = None  # ISO date: facts last seen on or after it
    min_usd_per_year: float | None = None
    min_confidence: float | None = None  # 0.9: about nine facts in ten right (README)
    limit: int | None = None


def _company_match(column: str, name: str, params: dict[str, Any], key: str) -> str:
    """Match a canonical name or any alias of it, case-insensitively."""
    params[key] = name
    return (
        f"(p.{column} = :{key} COLLATE NOCASE OR p.{column} IN ("
        f"SELECT c.name FROM companies c, json_each(c.aliases) a "
        f"WHERE a.value = :{key} COLLATE NOCASE))"
    )


def facts(db_path: str | Path, flt: FactFilter) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The `payments` view filtered by `flt`, largest yearly USD amount first."""
    where, params = [], {}
    if flt.payer:
        where.append(_company_match("payer", flt.payer, params, "payer"))
    if flt.payee:
        where.append(_company_match("payee", flt.payee, params, "payee"))
    if flt.lang:
        params["lang"] = flt.lang
        where.append(
            "p.fact_id IN (SELECT e.fact_id FROM evidence e JOIN articles a "
            "ON a.id = e.article_id WHERE a.lang = :lang)"
        )
    if flt.since:
        params["since"] = flt.since
        where.append("coalesce(p.last_seen, '') >= :since")
    if flt.min_usd_per_year is not None:
        params["min_usd"] = flt.min_usd_per_year
        where.append("p.amount_usd_per_year >= :min_usd")
    if flt.min_confidence is not None:
        params["min_confidence"] = flt.min_confidence
        where.append("p.confidence >= :min_confidence")
    sql = "SELECT " + ", ".join(f"p.{c}" for c in FACT_COLUMNS) + " FROM payments p"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY p.amount_usd_per_year IS NULL, p.amount_usd_per_year DESC, p.fact_id"
    if flt.limit:
        sql += f" LIMIT {int(flt.limit)}"
    return run_query(db_path, sql, params)


EVIDENCE_COLUMNS = (
    "evidence_id", "article_url", "article_title", "article_lang", "published_at",
    "sentence", "start", "end", "evidence_confidence", "rule_id", "extractor_version",
)


def export_rows(db_path: str | Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """One row per (fact, evidence): the fact's columns followed by where it was read."""
    sql = (
        "SELECT " + ", ".join(f"p.{c}" for c in FACT_COLUMNS) + ", "
        "e.id, coalesce(a.url, e.url), a.title, a.lang, a.published_at, e.sentence, e.start, "
        "e.end, e.confidence, e.rule_id, e.extractor_version "
        "FROM payments p JOIN evidence e ON e.fact_id = p.fact_id "
        "LEFT JOIN articles a ON a.id = e.article_id ORDER BY p.fact_id, e.id"
    )
    cols, rows = run_query(db_path, sql)
    return list(FACT_COLUMNS + EVIDENCE_COLUMNS), rows


def export_nested(db_path: str | Path) -> list[dict[str, Any]]:
    """Facts with an `evidence` list each, for JSON and JSON Lines export."""
    cols, rows = export_rows(db_path)
    out: dict[int, dict[str, Any]] = {}
    n_fact = len(FACT_COLUMNS)
    for row in rows:
        fact = dict(zip(cols[:n_fact], row[:n_fact], strict=True))
        ev = dict(zip(cols[n_fact:], row[n_fact:], strict=True))
        entry = out.setdefault(fact["fact_id"], {**fact, "evidence": []})
        entry["evidence"].append(ev)
    return list(out.values())
