"""The extract stage with the real fact extractor: incremental, idempotent, version bumps,
crash safety, the `extract` and `run` commands."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import consolidate, extraction
from pipeline.cli import cli
from pipeline.extraction import check_consistency, extract_pending
from pipeline.records import ArticleRecord
from pipeline.store import open_store

# Our own sentences (not from any third-party article).
TEXTS = {
    "https://wire-one.example/tiktok": (
        "en", "2025-04-02",
        "Cloud deal. TikTok pays Microsoft about $20 million a month for OpenAI models, "
        "according to two people briefed on the arrangement."),
    "https://wire-two.example/tiktok-it": (
        "it", "2025-04-05",
        "Accordo cloud. TikTok paga a Microsoft circa 20 milioni di dollari al mese per i "
        "modelli di OpenAI."),
    "https://wire-one.example/weather": (
        "en", "2025-04-03", "The weather in Milan was mild this week and nobody paid anyone."),
}


@pytest.fixture(scope="module")
def extractor():
    from pipeline.facts.extractor import Extractor

    return Extractor()


def fill(store, texts=TEXTS):
    with store.transaction():
        for url, (lang, published, text) in texts.items():
            store.save_article(ArticleRecord(url=url, text=text, lang=lang,
                                             published_at=published), None, "test")


def snapshot(store):
    out = {}
    for table in ("facts", "evidence", "company_links", "companies", "fact_conflicts"):
        out[table] = store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
    return out


def payments(store):
    return store.conn.execute(
        "SELECT payer, payee, amount, currency, period, approx, n_articles, n_sites "
        "FROM facts WHERE kind = 'payment' ORDER BY id").fetchall()


def test_extracts_and_consolidates_across_languages(store, extractor):
    fill(store)
    result = extract_pending(store, extractor)
    assert result.status == "ok" and result.counts["extract/articles"] == 3
    assert payments(store) == [("TikTok", "Microsoft", 20e6, "USD", "month", 1, 2, 2)]
    ev = store.conn.execute(
        "SELECT a.url, e.sentence, e.start, e.end, e.rule_id, e.extractor_version, "
        "a.text FROM evidence e JOIN articles a ON a.id = e.article_id ORDER BY a.url"
    ).fetchall()
    assert len(ev) == 2
    assert [r[0] for r in ev] == sorted(u for u in TEXTS if "tiktok" in u)
    for _url, sentence, start, end, rule_id, version, text in ev:
        assert "TikTok" in sentence and sentence in text  # read from its own article
        assert rule_id and version == extraction.current_version()
        assert 0 <= start < end <= len(text)
    run = store.conn.execute("SELECT kind, status, counts FROM crawl_runs WHERE id = ?",
                             (result.run_id,)).fetchone()
    assert run[:2] == ("extract", "ok")
    assert json.loads(run[2])["extract/articles"] == 3
    versions = {r[0] for r in store.conn.execute("SELECT facts_version FROM articles")}
    assert versions == {extraction.current_version()}
    assert check_consistency(store) == []


def test_an_article_s_address_settles_whose_pesos(store, extractor):
    """The same sentence on a Mexican and an Argentine site: two payments, each in its own
    country's pesos (the words alone name no country)."""
    text = "El Consejo de Promoción Turística entregó a Grupo Televisa 1.400 millones de pesos."
    fill(store, {"https://www.diario.com.mx/n/1": ("es", "2025-04-02", text),
                 "https://www.diario.com.ar/n/2": ("es", "2025-04-02", text),
                 "https://www.diario.example/n/3": ("es", "2025-04-02", text)})
    extract_pending(store, extractor)
    assert sorted(r[3] for r in payments(store)) == ["ARS", "MXN"]


def test_second_run_adds_nothing(store, extractor):
    fill(store)
    extract_pending(store, extractor)
    before = snapshot(store)
    again = extract_pending(store, extractor)
    assert again.counts.get("extract/articles", 0) == 0
    assert snapshot(store) == before


def test_version_bump_replaces_evidence_cleanly(store, extractor, monkeypatch):
    fill(store)
    extract_pending(store, extractor, batch=2)
    facts_before = payments(store)
    old_evidence = {r[0] for r in store.conn.execute("SELECT id FROM evidence")}
    from pipeline.facts import extractor as module

    monkeypatch.setattr(module, "FACTS_VERSION", str(module.FACTS_VERSION) + "-bumped")
    result = extract_pending(store, extractor, batch=2)
    assert result.counts["extract/articles"] == 3
    assert payments(store) == facts_before
    rows = store.conn.execute("SELECT id, extractor_version FROM evidence").fetchall()
    assert len(rows) == len(old_evidence)
    assert {r[1] for r in rows} == {module.FACTS_VERSION}
    assert not old_evidence & {r[0] for r in rows}
    assert check_consistency(store) == []


def test_changed_text_is_extracted_again(store, extractor):
    fill(store)
    extract_pending(store, extractor)
    url = "https://wire-two.example/tiktok-it"
    with store.transaction():
        store.save_article(ArticleRecord(url=url, text="Articolo rimosso.", lang="it",
                                         published_at="2025-04-05"), None, "test")
    result = extract_pending(store, extractor)
    assert result.counts["extract/articles"] == 1
    assert payments(store) == [("TikTok", "Microsoft", 20e6, "USD", "month", 1, 1, 1)]
    assert check_consistency(store) == []


def test_crash_mid_batch_leaves_the_store_as_it_was(store, extractor, monkeypatch):
    fill(store)
    extract_pending(store, extractor)
    before = snapshot(store)
    from pipeline.facts import extractor as module

    monkeypatch.setattr(module, "FACTS_VERSION", "crash-test")
    calls = []

    def crash(store_, key, added=None, rates=None):
        calls.append(key)
        raise KeyboardInterrupt  # as if killed while consolidating

    monkeypatch.setattr(consolidate, "regroup", crash)
    with pytest.raises(KeyboardInterrupt):
        extract_pending(store, extractor)
    assert calls
    assert snapshot(store) == before
    assert store.conn.execute("SELECT count(*) FROM articles WHERE facts_version = "
                              "'crash-test'").fetchone()[0] == 0
    status = store.conn.execute(
        "SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert status == "interrupted"
    monkeypatch.undo()
    assert check_consistency(store) == []


def test_limit_and_batch(store, extractor):
    fill(store)
    first = extract_pending(store, extractor, batch=1, limit=2)
    assert first.counts["extract/articles"] == 2
    rest = extract_pending(store, extractor, batch=1)
    assert rest.counts["extract/articles"] == 1


def test_extract_command_and_runs_row(tmp_path, extractor):
    db = tmp_path / "k.db"
    with open_store(db) as st:
        fill(st)
    result = CliRunner().invoke(cli, ["extract", "--db", str(db), "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert "3 articles" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT kind, status FROM crawl_runs").fetchall() == [("extract", "ok")]
    result = CliRunner().invoke(cli, ["extract", "--db", str(db)])
    assert "0 articles" in result.output


def test_run_crawls_the_demo_site_and_prints_the_facts_table(tmp_path, demo_site):
    db = tmp_path / "k.db"
    result = CliRunner().invoke(cli, [
        "run", "--sources", "corpora/site/sources.toml", "--base-url", demo_site,
        "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0].split()
    assert header == ["payer", "payee", "amount", "usd_per_year", "n_articles", "conflicting"]
    lines = [line.split() for line in result.output.splitlines()[2:]]
    assert ["TikTok", "Microsoft", "≈$20M", "/", "month", "≈$240M", "/", "year"] in \
        [line[:8] for line in lines]
    conn = sqlite3.connect(db)
    # every payment the demo site states, and nothing else (denials, robots-blocked pages)
    exp = json.loads(Path("corpora/site/expected.json").read_text(encoding="utf-8"))
    key = ("payer", "payee", "amount", "currency", "period")
    found = {tuple(r) for r in conn.execute(f"SELECT {', '.join(key)} FROM payments")}
    assert found == {tuple(f[k] for k in key) for f in exp["facts"]}
    assert not found & {tuple(f[k] for k in key) for f in exp["must_not_be_facts"]}
    # and the ownership the articles state ("ByteDance, the Beijing-based owner of TikTok")
    links = {tuple(r) for r in conn.execute("SELECT child, parent FROM company_links")}
    assert {(x["child"], x["parent"]) for x in exp["company_links"]} <= links
    kinds = [r[0] for r in conn.execute("SELECT kind FROM crawl_runs ORDER BY id")]
    assert kinds[-1] == "extract" and "crawl" in kinds
    with open_store(db) as st:
        assert check_consistency(st) == []


def test_extract_refuses_a_store_another_process_works_on(tmp_path):
    db = tmp_path / "k.db"
    with open_store(db) as st, st.work_lock():
        result = CliRunner().invoke(cli, ["extract", "--db", str(db)])
    assert result.exit_code == 2
    assert "busy" in result.output and "Traceback" not in result.output
