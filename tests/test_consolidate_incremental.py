"""Incremental consolidation over big pairs: what the extract stage builds batch by batch
(only the facts new rows join are read) equals a recompute of every pair from its rows."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import consolidate
from pipeline.clustering import Observation, same_payment
from pipeline.consolidate import CompanyIndex
from pipeline.extraction import check_consistency, extract_pending
from pipeline.records import ArticleRecord, CompanyLink, Evidence, Extraction, Fact, RevenueShare
from pipeline.store import open_store

INDEX = CompanyIndex([{"name": n, "aliases": [], "parent": None}
                      for n in ("TikTok", "Microsoft", "Oracle", "Nvidia")])
PAIRS = [("TikTok", "Microsoft"), ("Oracle", "Nvidia"), ("Microsoft", "Oracle")]
CURRENCY_PERIOD = [("USD", "month", 12), ("USD", "year", 1), ("EUR", "year", 1.08),
                   ("GBP", "quarter", 5.0)]


def _article(rng: random.Random, n: int) -> Extraction:
    """1-3 statements over a few pairs, amounts from a small pool (so pairs gather many
    facts, merges and conflicts), sometimes a year, a product, a revenue share, a parent."""
    ex = Extraction("en")
    for i in range(rng.randint(0, 3)):
        payer, payee = rng.choice(PAIRS)
        currency, period, to_usd = rng.choice(CURRENCY_PERIOD)
        amount = rng.choice([2, 5, 10, 10.1, 20, 20.3, 21, 40, 41, 80, 240]) * 1e6
        ex.facts.append(Fact(
            payer=payer, payee=payee, amount=amount, currency=currency, period=period,
            evidence=Evidence(f"{payer} pays {payee} {amount}.", i * 100, i * 100 + 30),
            approx=rng.random() < 0.3, product=rng.choice([None, "models", "cloud"]),
            as_of=rng.choice([None, "2025-03-01", "2025-12-30", "2026-01-02", "2024-06-01"]),
            amount_usd_per_year=amount * to_usd, confidence=rng.choice([0.5, 0.8, 0.95]),
            rule_id="test.pay"))
    if rng.random() < 0.2:
        payer, company = rng.choice(PAIRS)
        ex.shares.append(RevenueShare(company, rng.choice([10.0, 10.3, 25.0, 30.0]),
                                      Evidence("a share", 0, 7), payer=payer,
                                      segment=rng.choice([None, "cloud"]), rule_id="test.s"))
    if rng.random() < 0.2:  # names only links use come and go with the articles saying them
        child = rng.choice(["TikTok", "Zeta Labs", f"Unit {n % 7}"])
        ex.links.append(CompanyLink(child, rng.choice(["ByteDance", "Omega Holdings"]),
                                    Evidence("a parent", 0, 8), rule_id="test.l"))
    return ex


class Replay:
    """A FactExtractor that hands back prebuilt extractions by text."""

    def __init__(self, by_text: dict[str, Extraction]) -> None:
        self.by_text = by_text

    def extract(self, text, lang=None, published_at=None, url=None):
        return self.by_text[text]

    def extract_many(self, items):
        return [self.by_text[text] for text, *_ in items]


def _state(store) -> tuple:
    conn = store.conn
    facts = conn.execute(
        "SELECT id, kind, payer, payee, amount, currency, period, term_months, approx, "
        "product, as_of, amount_usd_per_year, share, segment, confidence, first_seen, "
        "last_seen, n_articles, n_sites, conflicting FROM facts ORDER BY id").fetchall()
    return (facts, conn.execute("SELECT id, fact_id FROM evidence ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM fact_conflicts ORDER BY 1, 2").fetchall())


def _recompute_all(store) -> None:
    with store.transaction():
        for key in store.conn.execute("SELECT DISTINCT kind, payer, payee FROM facts"):
            consolidate.regroup(store, tuple(key))
        consolidate.refresh_companies(store, INDEX)


def _companies(store) -> list[tuple]:
    return store.conn.execute(
        "SELECT name, aliases, parent, origin FROM companies ORDER BY name").fetchall()


def test_incremental_batches_over_big_pairs_equal_a_recompute_from_every_row(tmp_path):
    rng = random.Random(8)
    texts = [f"article {n}" for n in range(400)]
    by_text = {t: _article(rng, n) for n, t in enumerate(texts)}
    with open_store(tmp_path / "k.db") as store:
        with store.transaction():
            for n, text in enumerate(texts):
                store.save_article(ArticleRecord(
                    url=f"https://{'abc'[n % 3]}.example/{n}", text=text, lang="en",
                    published_at=f"2025-{n % 12 + 1:02d}-01"), None, "test")
        result = extract_pending(store, Replay(by_text), version="v1", batch=9, index=INDEX)
        # some articles say something else now, some are gone: pairs lose rows
        for n in rng.sample(range(400), 40):
            by_text[texts[n]] = _article(rng, n)
        with store.transaction():
            store.conn.execute("UPDATE articles SET facts_version = NULL WHERE id % 10 = 3")
            store.conn.execute("DELETE FROM articles WHERE id % 17 = 5")
        extract_pending(store, Replay(by_text), version="v1", batch=9, index=INDEX)
        # and new articles arrive on top
        more = [f"article {n}" for n in range(400, 500)]
        by_text.update((t, _article(rng, n)) for n, t in enumerate(more, 400))
        with store.transaction():
            for n, text in enumerate(more, 400):
                store.save_article(ArticleRecord(url=f"https://d.example/{n}", text=text,
                                                 lang="en"), None, "test")
        last = extract_pending(store, Replay(by_text), version="v1", batch=9, index=INDEX)

        sizes = Counter(r[0] for r in store.conn.execute(
            "SELECT payer || payee FROM facts WHERE kind = 'payment'"))
        assert max(sizes.values()) >= 20  # big pairs: many facts each
        assert result.counts["consolidate/from_tallies"] > 100  # the incremental path ran
        assert last.counts["consolidate/from_tallies"] > 0
        assert store.conn.execute("SELECT count(*) FROM fact_conflicts").fetchone()[0] > 50
        assert check_consistency(store) == []
        incremental, companies = _state(store), _companies(store)
        assert {"Zeta Labs", "Omega Holdings"} <= {c[0] for c in companies}
        _recompute_all(store)
        assert _state(store) == incremental
        assert _companies(store) == companies


def test_a_fact_that_loses_rows_behind_consolidation_loses_its_tally(tmp_path):
    rng = random.Random(3)
    by_text = {f"article {n}": _article(rng, n) for n in range(30)}
    with open_store(tmp_path / "k.db") as store:
        with store.transaction():
            for n, text in enumerate(by_text):
                store.save_article(ArticleRecord(url=f"https://a.example/{n}", text=text,
                                                 lang="en"), None, "test")
        extract_pending(store, Replay(by_text), version="v1", index=INDEX)
        conn = store.conn
        assert conn.execute("SELECT count(*) FROM facts WHERE tally IS NULL").fetchone()[0] == 0
        fact_id, article_id = conn.execute(
            "SELECT fact_id, article_id FROM evidence ORDER BY id LIMIT 1").fetchone()
        with store.transaction():  # the crawler drops a duplicate page's article
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        assert conn.execute("SELECT tally FROM facts WHERE id = ?", (fact_id,)).fetchone() \
            == (None,)
        assert conn.execute("SELECT count(*) FROM facts WHERE tally IS NULL").fetchone()[0] == 1


# --- the SQL value windows hold every row `same_payment` could join ---------------------------

_value = st.one_of(st.none(), st.floats(1e3, 1e10))
_obs = st.builds(
    lambda kind, amount, currency, period, usd, share, segment, as_of: Observation(
        1, 1, kind, 1, amount, currency, period, None, False, None, as_of, usd, share,
        segment, 0.5, 0, None, None),
    st.sampled_from(["payment", "revenue_share"]), _value,
    st.sampled_from(["USD", "EUR", None]), st.sampled_from(["month", "year"]), _value,
    st.one_of(st.none(), st.floats(0.01, 100)), st.sampled_from([None, "cloud", "Cloud"]),
    st.sampled_from([None, "2025-01-01", "2024-12-20"]))


def _near(a: Observation, factor: float, shift: float) -> Observation:
    """`a` with its numbers moved a little (so some pairs match and some do not)."""
    def move(x):
        return None if x is None else x * factor
    return a._replace(amount=move(a.amount), usd=move(a.usd),
                      share=None if a.share is None else a.share + shift)


@settings(max_examples=300, deadline=None)
@given(_obs, st.floats(0.9, 1.1), st.floats(-0.7, 0.7), st.booleans())
def test_value_windows_hold_every_row_same_payment_joins(o, factor, shift, other_currency):
    n = _near(o, factor, shift)
    if other_currency:
        n = n._replace(currency="GBP")
    windows = consolidate._value_windows([o])
    if windows is None:
        return  # the caller reads every row then
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE evidence (amount, currency, period, amount_usd_per_year, share)")
    conn.execute("INSERT INTO evidence VALUES (?, ?, ?, ?, ?)",
                 (n.amount, n.currency, n.period, n.usd, n.share))
    inside = conn.execute(f"SELECT count(*) FROM evidence WHERE {windows[0]}",
                          windows[1]).fetchone()[0]
    if o.kind == n.kind and same_payment(n, o):
        assert inside == 1


def test_companies_follow_links_a_later_batch_removes_or_adds(tmp_path):
    def saying(*links):
        return Extraction("en", links=[CompanyLink(c, p, Evidence("a parent", 0, 8))
                                       for c, p in links])

    by_text = {f"article {n}": saying(("Zeta Labs", "Omega Holdings")) for n in range(20)}
    by_text["article 15"] = saying(("Solo Child", "Solo Parent"), ("Zeta Labs", "Other"))
    with open_store(tmp_path / "k.db") as store:
        with store.transaction():
            for n, text in enumerate(by_text):
                store.save_article(ArticleRecord(url=f"https://a.example/{n}", text=text,
                                                 lang="en"), None, "test")
        extract_pending(store, Replay(by_text), version="v1", batch=5, index=INDEX)
        assert ("Solo Child", "[]", "Solo Parent", "text") in _companies(store)
        by_text["article 15"] = saying()  # read again in the third batch: says nothing now
        for n in range(16, 20):
            by_text[f"article {n}"] = saying(("Zeta Labs", "Other"))
        with store.transaction():
            store.conn.execute("UPDATE articles SET facts_version = NULL")
        extract_pending(store, Replay(by_text), version="v1", batch=5, index=INDEX)
        companies = _companies(store)
        assert not {"Solo Child", "Solo Parent"} & {c[0] for c in companies}
        assert ("Zeta Labs", "[]", "Omega Holdings", "text") in companies
        _recompute_all(store)
        assert _companies(store) == companies


def test_new_rows_of_one_batch_join_each_other_and_bridge_stored_facts(tmp_path):
    def pays(*amounts):
        return Extraction("en", [Fact(payer="TikTok", payee="Microsoft", amount=a,
                                      currency="USD", period="month",
                                      evidence=Evidence("TikTok pays.", i * 50, i * 50 + 9),
                                      amount_usd_per_year=a * 12, confidence=0.8)
                                 for i, a in enumerate(amounts)])

    first = {"a": pays(20e6, 20.8e6), "b": pays(20.8e6)}  # 3.8% apart: two facts, a in both
    later = {"c": pays(30e6), "d": pays(30.1e6), "e": pays(20.4e6)}  # c+d new; e bridges
    with open_store(tmp_path / "k.db") as store:
        for batch in (first, later):
            with store.transaction():
                for text in batch:
                    store.save_article(ArticleRecord(url=f"https://a.example/{text}",
                                                     text=text, lang="en"), None, "test")
            result = extract_pending(store, Replay({**first, **later}), version="v1",
                                     batch=9, index=INDEX)
            assert result.counts["consolidate/from_tallies"] == 1
        facts = store.conn.execute(
            "SELECT id, amount, n_articles FROM facts ORDER BY id").fetchall()
        assert [f[1:] for f in facts] == [(20.8e6, 3), (30e6, 2)]  # a, b, e; c, d
        assert facts[0][0] == 1  # the bridged fact keeps the smallest id
        incremental = _state(store)
        _recompute_all(store)
        assert _state(store) == incremental
