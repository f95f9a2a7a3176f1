"""The store's views answer the common questions over rows written through the store's API."""

from __future__ import annotations

import pytest

from pipeline.consolidate import CompanyIndex
from pipeline.extraction import record_extraction
from pipeline.records import ArticleRecord, CompanyLink, Evidence, Extraction, Fact, RevenueShare
from pipeline.store import open_store, run_query

INDEX = CompanyIndex([
    {"name": "Microsoft", "aliases": ["Microsoft Corporation"], "parent": None},
    {"name": "TikTok", "aliases": [], "parent": None},
    {"name": "ByteDance", "aliases": [], "parent": None},
])


def pay(payer, payee, amount, period="month", term=None):
    """A payment in US dollars (the store computes its USD per year)."""
    return Fact(payer=payer, payee=payee, amount=amount, currency="USD", period=period,
                evidence=Evidence(f"{payer} pays {payee}.", 0, 20), term_months=term,
                confidence=0.8, rule_id="test.pay")


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "k.db"
    ev = Evidence("TikTok, a ByteDance subsidiary.", 0, 30)
    articles = [
        ("https://a.example/1", "it", "2025-01-10",
         Extraction("it", [pay("TikTok", "Microsoft", 20e6),
                           pay("OpenAI", "Oracle", 300e9, "total", term=60)],
                    [CompanyLink("TikTok", "ByteDance", ev)],
                    [RevenueShare("Microsoft", 25, ev, payer="TikTok", segment="AI models")])),
        ("https://b.example/2", "en", "2025-02-20",
         Extraction("en", [pay("TikTok", "Microsoft Corporation", 240e6, "year"),
                           pay("Snap", "Microsoft", 1e6)])),
        ("https://c.example/3", "en", "2025-03-01",
         Extraction("en", [pay("Apple", "Google", 1e9, "year")])),
        ("https://d.example/4", "de", "2025-03-05",
         Extraction("de", [pay("Apple", "Google", 3e9, "year")])),
    ]
    with open_store(path) as store:
        for url, lang, published, extraction in articles:
            with store.transaction():
                aid = store.save_article(ArticleRecord(url=url, text="x", lang=lang,
                                                       published_at=published), None, "t")
            record_extraction(store, aid, extraction, "v1", INDEX)
    return path


def q(path, sql):
    return run_query(path, sql)[1]


def test_vendor_revenue_lists_payers_and_sums_non_conflicting(db):
    rows = q(db, "SELECT vendor, n_payers, payers, total_usd_per_year, n_facts, n_conflicting "
                 "FROM vendor_revenue ORDER BY vendor")
    assert rows == [("Google", 1, "Apple", None, 2, 2),
                    ("Microsoft", 2, "Snap, TikTok", 252e6, 2, 0),
                    ("Oracle", 1, "OpenAI", 60e9, 1, 0)]


def test_company_spend_is_per_payer(db):
    rows = q(db, "SELECT company, n_payees, payees, total_usd_per_year FROM company_spend "
                 "ORDER BY company")
    assert rows == [("Apple", 1, "Google", None), ("OpenAI", 1, "Oracle", 60e9),
                    ("Snap", 1, "Microsoft", 12e6), ("TikTok", 1, "Microsoft", 240e6)]


def test_recent_facts_newest_first_with_both_kinds(db):
    rows = q(db, "SELECT kind, payer, payee, last_seen FROM recent_facts")
    assert rows[0][1:] in {("Apple", "Google", "2025-03-05")}
    assert [r[3] for r in rows] == sorted((r[3] for r in rows), reverse=True)
    assert {r[0] for r in rows} == {"payment", "revenue_share"}
    tiktok = [r for r in rows if r[1:3] == ("TikTok", "Microsoft") and r[0] == "payment"]
    assert tiktok == [("payment", "TikTok", "Microsoft", "2025-02-20")]


def test_conflicts_lists_each_pair_once(db):
    rows = q(db, "SELECT payer, payee, amount, other_amount FROM conflicts")
    assert rows == [("Apple", "Google", 1e9, 3e9)]


def test_subsidiaries_and_revenue_shares(db):
    assert q(db, "SELECT company, parent, origin, n_articles FROM subsidiaries") == \
        [("TikTok", "ByteDance", "gazetteer", 1)]
    assert q(db, "SELECT company, from_company, share, segment, n_articles "
                 "FROM revenue_shares") == [("Microsoft", "TikTok", 25.0, "AI models", 1)]


def test_fact_evidence_carries_article_language(db):
    rows = q(db, "SELECT payer, payee, lang, url FROM fact_evidence "
                 "WHERE kind = 'payment' AND payer = 'TikTok' ORDER BY lang")
    assert rows == [("TikTok", "Microsoft", "en", "https://b.example/2"),
                    ("TikTok", "Microsoft", "it", "https://a.example/1")]
