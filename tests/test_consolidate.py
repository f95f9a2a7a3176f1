"""Consolidation: one fact per payment across articles, conflicts, companies, order-independence."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import consolidate
from pipeline.consolidate import CompanyIndex, name_key
from pipeline.extraction import check_consistency, record_extraction
from pipeline.records import ArticleRecord, CompanyLink, Evidence, Extraction, Fact, RevenueShare
from pipeline.store import open_store

GAZETTEER = [
    {"name": "Microsoft", "aliases": ["Microsoft Corporation", "MSFT"], "parent": None},
    {"name": "TikTok", "aliases": ["Douyin"], "parent": "ByteDance"},
    {"name": "ByteDance", "aliases": ["ByteDance Ltd."], "parent": None},
    {"name": "Google", "aliases": ["Alphabet's Google"], "parent": "Alphabet"},
    {"name": "Apple", "aliases": [], "parent": None},
]
INDEX = CompanyIndex(GAZETTEER)


def fact(payer="TikTok", payee="Microsoft", amount=20e6, currency="USD", period="month",
         approx=False, product=None, as_of=None, confidence=0.8, start=0):
    """A statement as the extractor gives it; the store computes its USD per year."""
    return Fact(payer=payer, payee=payee, amount=amount, currency=currency, period=period,
                evidence=Evidence(f"{payer} pays {payee} {amount} {currency}/{period}.",
                                  start, start + 40),
                approx=approx, product=product, as_of=as_of, confidence=confidence, rule_id="test.pay")


def add(store, url, *facts, published="2025-03-01", links=(), shares=(), version="v1"):
    with store.transaction():
        article_id = store.save_article(
            ArticleRecord(url=url, text="text of " + url, lang="en", published_at=published),
            None, "test")
    record_extraction(store, article_id,
                      Extraction("en", list(facts), list(links), list(shares)), version, INDEX)
    return article_id


def rows(store, sql, *params):
    return store.conn.execute(sql, params).fetchall()


def payments(store):
    return rows(store, "SELECT payer, payee, amount, currency, period, approx, "
                       "amount_usd_per_year, n_articles, n_sites, first_seen, last_seen, "
                       "conflicting FROM facts WHERE kind = 'payment' ORDER BY id")


def test_name_key_drops_case_punctuation_and_legal_suffix():
    assert name_key("Microsoft Corp.") == name_key("microsoft") == "microsoft"
    assert name_key("ByteDance Ltd.") == "bytedance"
    assert name_key("Co") == "co"  # a name that is only a suffix stays
    assert INDEX.canonical("MSFT") == "Microsoft"
    assert INDEX.canonical("  Microsoft   Corporation ") == "Microsoft"
    assert INDEX.canonical("Acme Widgets") == "Acme Widgets"


def test_same_payment_from_three_articles_is_one_fact(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://www.news-a.example/1", fact(), published="2025-03-02")
        add(store, "https://news-a.example/2", fact(payee="Microsoft Corp."),
            published="2025-03-05")
        add(store, "https://news-b.example/x", fact(payee="MSFT", approx=True),
            published="2025-02-27")
        assert payments(store) == [("TikTok", "Microsoft", 20e6, "USD", "month", 1, 240e6,
                                    3, 2, "2025-02-27", "2025-03-05", 0)]
        ev = rows(store, "SELECT payer, payee, article_id FROM evidence ORDER BY id")
        assert [e[1] for e in ev] == ["Microsoft", "Microsoft Corp.", "MSFT"]  # as read
        assert len({e[2] for e in ev}) == 3
        assert check_consistency(store) == []


def test_monthly_and_yearly_statement_of_one_amount_merge(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(amount=20e6, period="month"))
        add(store, "https://b.example/1", fact(amount=240e6, period="year"))
        (row,) = payments(store)
        assert row[7:9] == (2, 2)
        assert row[6] == 240e6


def test_pound_figure_merges_with_dollar_figure_within_tolerance(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(amount=20e6))
        # 15.45M GBP a month: $233.7M a year at the ECB rate of 2025-02-28 (the business
        # day before the article's date), within 5 % of $240M
        add(store, "https://b.example/1", fact(amount=15.45e6, currency="GBP"))
        assert len(payments(store)) == 1


def test_amounts_within_two_percent_merge_and_beyond_do_not(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(amount=20e6))
        add(store, "https://b.example/1", fact(amount=20.3e6))
        assert len(payments(store)) == 1
        add(store, "https://c.example/1", fact(amount=21.5e6))
        facts = payments(store)
        assert len(facts) == 2
        assert [f[-1] for f in facts] == [0, 0]  # 6% apart: not the same, not clearly different


def test_clearly_different_amounts_conflict_and_the_conflict_goes_with_the_article(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(amount=20e6))
        b = add(store, "https://b.example/1", fact(amount=600e6, period="year"))
        facts = rows(store, "SELECT id, amount, conflicting FROM facts ORDER BY id")
        assert [(f[1], f[2]) for f in facts] == [(20e6, 1), (600e6, 1)]
        ids = [f[0] for f in facts]
        assert sorted(rows(store, "SELECT fact_id, other_fact_id FROM fact_conflicts")) == \
            [(ids[0], ids[1]), (ids[1], ids[0])]
        record_extraction(store, b, Extraction("en"), "v1", INDEX)  # b now says nothing
        assert rows(store, "SELECT id, conflicting FROM facts") == [(ids[0], 0)]
        assert rows(store, "SELECT count(*) FROM fact_conflicts") == [(0,)]
        assert check_consistency(store) == []


def test_different_years_or_products_are_not_conflicts(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1",
            fact("Google", "Apple", 20e9, period="year", as_of="2022"))
        add(store, "https://b.example/1",
            fact("Google", "Apple", 18e9, period="year", as_of="2021"))
        add(store, "https://c.example/1",
            fact("Apple", "Google", 1e9, period="year", product="cloud storage"))
        add(store, "https://d.example/1",
            fact("Apple", "Google", 2e9, period="year", product="maps licensing"))
        assert [f[-1] for f in payments(store)] == [0, 0, 0, 0]
        # a third report with neither year nor product disagrees with both 2021 and 2022
        add(store, "https://e.example/1", fact("Google", "Apple", 5e9, period="year"))
        flags = {r[0]: r[1] for r in rows(
            store, "SELECT amount, conflicting FROM facts WHERE payer = 'Google'")}
        assert flags == {20e9: 1, 18e9: 1, 5e9: 1}
        assert rows(store, "SELECT count(*) FROM fact_conflicts")[0][0] == 4


def test_an_article_repeating_a_payment_gives_one_evidence_row(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(confidence=0.6, start=0),
            fact(confidence=0.9, start=300, approx=True))
        (ev,) = rows(store, "SELECT start, confidence FROM evidence")
        assert ev == (300, 0.9)


def test_same_company_and_bad_period_are_skipped(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(payer="MSFT", payee="Microsoft"),
            fact(period="fortnight"))
        assert payments(store) == []


def test_revenue_shares_links_and_companies(tmp_path):
    ev = Evidence("TikTok, a ByteDance subsidiary, ...", 0, 30)
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(),
            links=[CompanyLink("Acme Cloud", "Acme Holdings", ev),
                   CompanyLink("TikTok", "Some Other Parent", ev)],
            shares=[RevenueShare("Microsoft Corporation", 25.0, ev, payer="TikTok",
                                 segment="AI models", approx=True)])
        add(store, "https://b.example/1",
            shares=[RevenueShare("Microsoft", 25.2, ev, payer="TikTok", segment="AI models")])
        shares = rows(store, "SELECT payer, payee, share, segment, approx, n_articles "
                             "FROM facts WHERE kind = 'revenue_share'")
        assert shares == [("TikTok", "Microsoft", 25.2, "AI models", 1, 2)]  # exact figure wins
        companies = dict((r[0], r[1:]) for r in rows(
            store, "SELECT name, parent, origin FROM companies"))
        assert companies["TikTok"] == ("ByteDance", "gazetteer")  # gazetteer wins over text
        assert companies["Acme Cloud"] == ("Acme Holdings", "text")
        assert companies["Acme Holdings"] == (None, "text")
        assert "Apple" in companies  # every gazetteer entry is listed


def test_reconsolidate_applies_a_new_alias(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(payee="Microsoft"))
        add(store, "https://b.example/1", fact(payee="Redmond giant"))
        assert len(payments(store)) == 2
        index = CompanyIndex([{**GAZETTEER[0], "aliases": ["Redmond giant"]}, *GAZETTEER[1:]])
        with store.transaction():
            consolidate.reconsolidate(store, index)
        assert [f[:2] + f[7:8] for f in payments(store)] == [("TikTok", "Microsoft", 2)]
        assert "Redmond giant" not in {r[0] for r in rows(store, "SELECT name FROM companies")}
        assert check_consistency(store) == []


# --- order independence ----------------------------------------------------------------------

_AMOUNTS = [(20e6, "month"), (20.2e6, "month"), (240e6, "year"), (55e6, "month"),
            (1e9, "total"), (15.45e6, "month")]
_statement = st.tuples(st.sampled_from(["TikTok", "Douyin", "ByteDance"]),
                       st.sampled_from(["Microsoft", "MSFT"]),
                       st.integers(0, len(_AMOUNTS) - 1), st.booleans())
_article = st.tuples(st.sampled_from(["a.example", "b.example", "c.example"]),
                     st.sampled_from(["2025-01-10", "2025-02-01", "2025-03-15", None]),
                     st.lists(_statement, min_size=0, max_size=3))


def _fill(path: Path, articles) -> set:
    with open_store(path) as store:
        for n, (host, published, statements) in articles:
            facts = []
            for i, (payer, payee, k, approx) in enumerate(statements):
                amount, period = _AMOUNTS[k]
                currency = "GBP" if k == 5 else "USD"
                facts.append(fact(payer, payee, amount, currency, period, approx=approx,
                                  start=i * 100))
            add(store, f"https://{host}/{n}", *facts, published=published or "2025-01-01")
        assert check_consistency(store) == []
        content = {}
        for row in rows(store, "SELECT id, kind, payer, payee, amount, currency, period, "
                               "approx, amount_usd_per_year, share, confidence, first_seen, "
                               "last_seen, n_articles, n_sites, conflicting FROM facts"):
            urls = tuple(sorted(r[0] for r in rows(
                store, "SELECT url || '#' || start FROM evidence WHERE fact_id = ?", row[0])))
            content[row[0]] = (row[1:], urls)
        pairs = {frozenset((content[a], content[b])) for a, b in rows(
            store, "SELECT fact_id, other_fact_id FROM fact_conflicts")}
        return set(content.values()) | {("conflict", p) for p in pairs}


@settings(max_examples=30, deadline=None)
@given(st.lists(_article, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_consolidation_does_not_depend_on_article_order(articles, rnd):
    numbered = list(enumerate(articles))
    shuffled = numbered[:]
    rnd.shuffle(shuffled)
    with tempfile.TemporaryDirectory() as tmp:
        assert _fill(Path(tmp) / "a.db", numbered) == _fill(Path(tmp) / "b.db", shuffled)


def test_publication_dates_either_side_of_new_year_still_merge(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact(as_of="2025-12-30"), published="2025-12-30")
        add(store, "https://b.example/1", fact(as_of="2026-01-03"), published="2026-01-03")
        add(store, "https://c.example/1", fact(as_of="2024-06-01"), published="2024-06-01")
        facts = payments(store)
        assert [(f[7], f[9], f[10]) for f in facts] == \
            [(2, "2025-12-30", "2026-01-03"), (1, "2024-06-01", "2024-06-01")]


def test_sites_come_from_evidence_site_and_older_rows_fall_back_to_the_url(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://www.news-a.example/1", fact())
        add(store, "https://news-b.example/2", fact())
        assert rows(store, "SELECT site FROM evidence ORDER BY id") == \
            [("news-a.example",), ("news-b.example",)]
        with store.transaction():  # rows written before the column existed
            store.conn.execute("UPDATE evidence SET site = NULL")
            store.conn.execute("UPDATE facts SET n_sites = 0")
            consolidate.regroup(store, ("payment", "TikTok", "Microsoft"))
        assert [f[8] for f in payments(store)] == [2]


# --- tallies: adding evidence without re-reading it gives what reading it all gives -------------


def _state(store):
    facts = rows(store, "SELECT id, kind, payer, payee, amount, currency, period, term_months, "
                        "approx, product, as_of, amount_usd_per_year, share, segment, "
                        "confidence, first_seen, last_seen, n_articles, n_sites, conflicting "
                        "FROM facts ORDER BY id")
    return (facts, rows(store, "SELECT id, fact_id FROM evidence ORDER BY id"),
            rows(store, "SELECT * FROM fact_conflicts ORDER BY 1, 2"))


def _recompute_all(store):
    with store.transaction():
        for key in rows(store, "SELECT DISTINCT kind, payer, payee FROM facts"):
            consolidate.regroup(store, tuple(key))


_SHARES = [(25.0, "AI models"), (25.2, "ai models"), (30.0, None), (10.0, "cloud")]
_tally_article = st.tuples(
    st.sampled_from(["a.example", "b.example", "www.c.example"]),
    st.sampled_from(["2025-01-10", "2025-12-30", "2026-01-02", "2024-06-01"]),
    st.lists(st.tuples(st.sampled_from(["TikTok", "MSFT", "Apple"]),
                       st.integers(0, len(_AMOUNTS) - 1), st.booleans(),
                       st.sampled_from([None, "2025-06-01", "2024-01-01"]),
                       st.sampled_from([None, "models", "cloud"]),
                       st.sampled_from([0.5, 0.8, 0.95])), max_size=3),
    st.lists(st.integers(0, len(_SHARES) - 1), max_size=1),
    st.booleans())  # extracted again later (its old evidence goes)


@settings(max_examples=40, deadline=None)
@given(st.lists(_tally_article, min_size=1, max_size=8))
def test_facts_from_tallies_equal_facts_recomputed_from_every_row(articles):
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "k.db") as store:
        ids = []
        for n, (host, published, statements, shares, _) in enumerate(articles):
            facts = []
            for i, (payer, k, approx, as_of, product, conf) in enumerate(statements):
                amount, period = _AMOUNTS[k]
                currency = "GBP" if k == 5 else "USD"
                facts.append(fact(payer, "Microsoft", amount, currency, period,
                                  approx=approx, as_of=as_of, product=product,
                                  confidence=conf, start=i * 100))
            ev = Evidence("TikTok gives Microsoft a share.", 0, 30)
            ids.append(add(store, f"https://{host}/{n}", *facts, published=published,
                           shares=[RevenueShare("Microsoft", _SHARES[s][0], ev, payer="TikTok",
                                                segment=_SHARES[s][1]) for s in shares]))
        for article_id, (*_, again) in zip(ids, articles, strict=True):
            if again:  # says nothing now
                record_extraction(store, article_id, Extraction("en"), "v2", INDEX)
        assert check_consistency(store) == []
        incremental = _state(store)
        _recompute_all(store)
        assert _state(store) == incremental


def test_new_evidence_updates_facts_from_their_tallies(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        add(store, "https://a.example/1", fact())
        counts = record_extraction(store, add(store, "https://b.example/1"),
                                   Extraction("en", [fact(amount=20.1e6)]), "v1", INDEX)
        assert counts["consolidate/from_tallies"] == 1
        (tally_text,) = rows(store, "SELECT tally FROM facts")[0]
        assert '"rows": 2' in tally_text
        # evidence removed behind the tally's back: the pair is read again in full
        with store.transaction():
            store.conn.execute("DELETE FROM articles WHERE url = 'https://a.example/1'")
        counts = record_extraction(store, add(store, "https://c.example/1"),
                                   Extraction("en", [fact()]), "v1", INDEX)
        assert counts["consolidate/from_tallies"] == 0
        assert [f[7:9] for f in payments(store)] == [(2, 2)]
        assert check_consistency(store) == []


_row = st.tuples(st.sampled_from([(20e6, "USD", "month"), (240e6, "USD", "year"),
                                  (20.2e6, "USD", "month"), (15.45e6, "GBP", "month")]),
                 st.integers(1, 4), st.sampled_from([0.5, 0.8, 0.95]), st.booleans(),
                 st.sampled_from([None, 12, 24]), st.sampled_from([None, 240e6, 238e6]),
                 st.sampled_from([None, "models", "cloud"]),
                 st.sampled_from([None, "a.example", "b.example"]),
                 st.sampled_from([None, "2025-01-02", "2025-03-01"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_row, min_size=1, max_size=12), st.integers(0, 12))
def test_a_tally_summarizes_like_the_rows_also_merged_and_stored(rows_, cut):
    from pipeline.fact_tally import Tally, summary, tally

    # rows from `cut` on come from other articles: what new articles add to a fact
    group = [consolidate.Observation(i, 1, "payment", article if i < cut else article + 10,
                                     amount, currency, period, term, approx, product, seen, usd,
                                     None, None, conf, 0, seen, host)
             for i, ((amount, currency, period), article, conf, approx, term, usd, product,
                     host, seen) in enumerate(rows_)]
    assert summary(tally(group)) == consolidate.summarize(group)
    merged = Tally.from_json(tally(group[cut:]).to_json())
    merged.merge(Tally.from_json(tally(group[:cut]).to_json()))
    assert summary(merged) == consolidate.summarize(group)
    assert merged.to_json() == tally(group).to_json()
