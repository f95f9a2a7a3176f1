"""Browse the knowledge store with Datasette: titles, facets, full-text search, canned queries.

The store is served *mutable* (Datasette opens it with `mode=ro`), not `--immutable`: a crawl
or the scheduler may write to it while it is served, and immutable mode would cache a stale
file (and hash it whole at start). `--nolock` is not needed either: the store is in WAL mode,
so readers never wait for a writer and always see a committed snapshot.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline.store.query import readonly_connection

_COMPANY = (
    "{col} = :{param} COLLATE NOCASE OR {col} IN (SELECT c.name FROM companies c, "
    "json_each(c.aliases) a WHERE a.value = :{param} COLLATE NOCASE)"
)
_PAYMENT_COLS = (
    "fact_id, payer, payee, amount, currency, period, approx, product, "
    "amount_usd_per_year, n_articles, n_sites, first_seen, last_seen, conflicting"
)

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "largest_payments": {
        "title": "Largest payments per year",
        "description": "Payments ranked by their amount in US dollars per year; leave a "
                       "minimum empty to see all. A minimum confidence of 0.9 keeps the "
                       "facts about nine in ten right on unseen news (README).",
        "sql": f"SELECT {_PAYMENT_COLS}, confidence FROM payments WHERE amount_usd_per_year "
               "IS NOT NULL AND (:min_usd_per_year = '' OR amount_usd_per_year >= "
               "CAST(:min_usd_per_year AS REAL)) AND (:min_confidence = '' OR confidence >= "
               "CAST(:min_confidence AS REAL)) ORDER BY amount_usd_per_year DESC LIMIT 200",
    },
    "who_pays": {
        "title": "Who pays a given vendor",
        "description": "Every company reported paying the vendor (canonical name or alias), "
                       "largest first.",
        "sql": f"SELECT {_PAYMENT_COLS} FROM payments WHERE "
               + _COMPANY.format(col="payee", param="vendor")
               + " ORDER BY amount_usd_per_year IS NULL, amount_usd_per_year DESC, payer",
    },
    "what_company_pays_for": {
        "title": "What a given company pays for",
        "description": "Everything the company (canonical name or alias) is reported paying, "
                       "with the product or service when the article says.",
        "sql": f"SELECT {_PAYMENT_COLS} FROM payments WHERE "
               + _COMPANY.format(col="payer", param="company")
               + " ORDER BY amount_usd_per_year IS NULL, amount_usd_per_year DESC, payee",
    },
    "single_source_facts": {
        "title": "Facts seen in only one source",
        "description": "Payments reported by a single site so far: check these first.",
        "sql": "SELECT p.fact_id, p.payer, p.payee, p.amount, p.currency, p.period, "
               "p.amount_usd_per_year, p.n_articles, p.last_seen, "
               "(SELECT e.url FROM evidence e WHERE e.fact_id = p.fact_id ORDER BY e.id "
               "LIMIT 1) AS source_url FROM payments p WHERE p.n_sites <= 1 "
               "ORDER BY p.last_seen DESC, p.fact_id",
    },
    "facts_by_month": {
        "title": "Facts by month",
        "description": "New payment facts per month they were first seen (article date).",
        "sql": "SELECT substr(first_seen, 1, 7) AS month, count(*) AS n_facts, "
               "sum(amount_usd_per_year) AS usd_per_year, "
               "group_concat(payer || ' -> ' || payee, '; ') AS pairs FROM payments "
               "WHERE first_seen IS NOT NULL GROUP BY month ORDER BY month DESC",
    },
}

_FACETS = ["payer", "payee", "currency", "period"]

TABLES: dict[str, dict[str, Any]] = {
    "payments": {"title": "Payments", "facets": _FACETS, "sort_desc": "amount_usd_per_year",
                 "description": "One row per consolidated payment: who pays whom, how much, "
                                "how often, in how many articles and sites."},
    "facts": {"title": "Facts (payments and revenue shares)", "facets": ["kind", *_FACETS],
              "sort_desc": "amount_usd_per_year",
              "columns": {"tally": "Internal: counts over the evidence (hidden in pages)."},
              "description": "Consolidated facts; conflicting = 1 when another report of the "
                             "same companies gives a clearly different amount."},
    "evidence": {"title": "Evidence", "facets": ["currency", "period", "rule_id"],
                 "description": "What each article said: sentence, span, confidence, rule."},
    "fact_evidence": {"title": "Evidence with its article", "facets": ["lang", *_FACETS[:2]],
                      "description": "Each piece of evidence with its fact and its article's "
                                     "language, site and date."},
    "articles": {"title": "Articles", "facets": ["lang", "site"], "fts_table": "articles_fts",
                 "fts_pk": "id", "sort_desc": "published_at",
                 "description": "Extracted article text; search it with the box above."},
    "vendor_revenue": {"title": "Revenue per vendor",
                       "description": "Per company paid: its payers and the yearly USD total "
                                      "of non-conflicting facts."},
    "company_spend": {"title": "Spend per company",
                      "description": "Per paying company: whom it pays and the yearly USD "
                                     "total of non-conflicting facts."},
    "recent_facts": {"title": "Recent facts", "facets": ["kind", "payer", "payee"],
                     "description": "Facts by when an article last reported them."},
    "conflicts": {"title": "Conflicting reports", "facets": ["payer", "payee"],
                  "description": "Pairs of facts about the same companies with clearly "
                                 "different amounts."},
    "subsidiaries": {"title": "Subsidiaries", "facets": ["parent"],
                     "description": "Parent companies from the gazetteer and from the text."},
    "revenue_shares": {"title": "Revenue shares", "facets": ["company"],
                       "description": "Share-of-revenue statements (percent of a company's "
                                      "revenue, and from whom)."},
    "companies": {"title": "Companies", "facets": ["origin", "parent"],
                  "description": "Canonical names, aliases and parents."},
    "crawl_runs": {"title": "Runs", "facets": ["kind", "status"], "sort_desc": "id",
                   "description": "Crawl, extract and schedule runs with their counters."},
    "pages": {"facets": ["state", "kind", "error"], "description": "The crawl frontier."},
    "page_bodies": {"hidden": True},
    "fact_conflicts": {"hidden": True},
}


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives the database: the file name without its extension."""
    return Path(db_path).stem


def metadata(db_name: str) -> dict[str, Any]:
    """Datasette metadata for a store served as `db_name`."""
    return {
        "title": "newsfacts",
        "description_html": "Who pays whom, how much, how often: payment facts read from "
                            "tech-business news in five languages. See them as a "
                            '<a href="/-/graph">payment network</a> or on a '
                            '<a href="/-/timeline">timeline</a>.',
        "plugins": {"newsfacts": {"database": db_name}},
        "databases": {db_name: {
            "title": "newsfacts knowledge store",
            "description": "Start with payments, vendor_revenue or the canned queries.",
            "tables": TABLES,
            "queries": CANNED_QUERIES,
        }},
    }


def datasette_args(db_path: str | Path, metadata_path: str | Path, host: str,
                   port: int) -> list[str]:
    """The `datasette serve` command line for the store."""
    return [
        sys.executable, "-m", "datasette", "serve", str(db_path),
        "--metadata", str(metadata_path), "--host", host, "--port", str(port),
        "--setting", "sql_time_limit_ms", "5000",
        "--setting", "facet_time_limit_ms", "500",
        "--setting", "truncate_cells_html", "300",
    ]


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Serve the store with Datasette until interrupted; return Datasette's exit code.

    Raises StoreError (before starting anything) when the file is not a newsfacts store.
    """
    readonly_connection(db_path).close()
    with tempfile.TemporaryDirectory(prefix="newsfacts-serve-") as tmp:
        meta_path = Path(tmp) / "metadata.json"
        meta_path.write_text(json.dumps(metadata(database_name(db_path)), indent=2))
        proc = subprocess.Popen(datasette_args(db_path, meta_path, host, port),
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        # SIGTERM (systemd, a test) stops Datasette too, instead of orphaning it.
        previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            try:
                return proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                return proc.wait()
        finally:
            signal.signal(signal.SIGTERM, previous)
