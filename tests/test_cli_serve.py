"""`newsfacts serve`: a real Datasette process on a free loopback port, read-only, configured."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.consolidate import CompanyIndex
from pipeline.extraction import record_extraction
from pipeline.records import ArticleRecord, CompanyLink, Evidence, Extraction, Fact
from pipeline.serve import CANNED_QUERIES, database_name, metadata
from pipeline.store import open_store

INDEX = CompanyIndex([
    {"name": "Microsoft", "aliases": ["Microsoft Corporation"], "parent": None},
    {"name": "TikTok", "aliases": [], "parent": "ByteDance"},
    {"name": "ByteDance", "aliases": [], "parent": None},
])


def build_store(path: Path) -> Path:
    """A small store written through the store's API: TikTok pays Microsoft, seen twice."""
    statements = [
        ("https://news-a.example/tiktok-azure", "en", "2025-01-12",
         "TikTok pays Microsoft about $20 million a month for OpenAI models.",
         Fact("TikTok", "Microsoft", 20e6, "USD", "month",
              Evidence("TikTok pays Microsoft about $20 million a month.", 0, 48),
              approx=True, product="OpenAI models", amount_usd_per_year=240e6,
              confidence=0.9, rule_id="en.pay.subject_verb_object")),
        ("https://news-b.example/it/tiktok", "it", "2025-02-03",
         "TikTok paga a Microsoft 240 milioni di dollari all'anno.",
         Fact("TikTok", "Microsoft Corporation", 240e6, "USD", "year",
              Evidence("TikTok paga a Microsoft 240 milioni di dollari all'anno.", 0, 56),
              amount_usd_per_year=240e6, confidence=0.8, rule_id="it.pay.paga")),
        ("https://news-c.example/snap", "en", "2025-03-01",
         "Snap pays Google $2 billion a year for cloud services.",
         Fact("Snap", "Google", 2e9, "USD", "year",
              Evidence("Snap pays Google $2 billion a year.", 0, 34),
              amount_usd_per_year=2e9, confidence=0.8, rule_id="en.pay.subject_verb_object")),
    ]
    with open_store(path) as store:
        for url, lang, published, text, fact in statements:
            with store.transaction():
                aid = store.save_article(ArticleRecord(url=url, text=text, title=text[:30],
                                                       lang=lang, published_at=published),
                                         None, "test")
            link = CompanyLink("TikTok", "ByteDance", Evidence("TikTok, owned by ByteDance", 0, 9))
            record_extraction(store, aid, Extraction(lang, [fact], [link]), "v1", INDEX)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(db: Path) -> Iterator[str]:
    """`newsfacts serve` in a subprocess; yields its base URL, stops it afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # a bound on waiting for start-up, not a speed check
            if proc.poll() is not None:
                pytest.fail(f"serve exited {proc.returncode}: {proc.stdout.read()}")
            try:
                if httpx.get(f"{base}/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("serve did not answer")
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    db = build_store(tmp_path_factory.mktemp("serve") / "knowledge.db")
    with served(db) as base:
        yield base, database_name(db), db


def test_payments_view_answers_with_titles_and_facets(server):
    base, name, _ = server
    data = httpx.get(f"{base}/{name}/payments.json", params={
        "_shape": "objects", "_extra": "facet_results"}).json()
    rows = data["rows"]
    assert [(r["payer"], r["payee"], r["n_articles"]) for r in rows] == \
        [("Snap", "Google", 1), ("TikTok", "Microsoft", 2)]
    facets = data["facet_results"]
    facets = facets.get("results", facets)
    assert {"payer", "payee", "currency", "period"} <= set(facets)
    html = httpx.get(f"{base}/{name}/payments").text
    assert "One row per consolidated payment" in html


def test_canned_query_with_parameter_matches_aliases(server):
    base, name, _ = server
    rows = httpx.get(f"{base}/{name}/who_pays.json",
                     params={"vendor": "microsoft corporation", "_shape": "objects"}).json()
    assert [(r["payer"], r["amount"], r["period"], r["n_sites"]) for r in rows["rows"]] == \
        [("TikTok", 20e6, "month", 2)]
    rows = httpx.get(f"{base}/{name}/largest_payments.json",
                     params={"min_usd_per_year": "1e9", "_shape": "objects"}).json()
    assert [r["payer"] for r in rows["rows"]] == ["Snap"]
    rows = httpx.get(f"{base}/{name}/largest_payments.json",  # two sites: 0.9 and 0.8
                     params={"min_confidence": "0.9", "_shape": "objects"}).json()
    assert [(r["payer"], r["confidence"] >= 0.9) for r in rows["rows"]] == [("TikTok", True)]
    rows = httpx.get(f"{base}/{name}/facts_by_month.json", params={"_shape": "objects"}).json()
    assert [(r["month"], r["n_facts"]) for r in rows["rows"]] == [("2025-03", 1), ("2025-01", 1)]
    rows = httpx.get(f"{base}/{name}/single_source_facts.json",
                     params={"_shape": "objects"}).json()
    assert [(r["payer"], r["source_url"]) for r in rows["rows"]] == \
        [("Snap", "https://news-c.example/snap")]


def test_full_text_search_on_articles(server):
    base, name, _ = server
    rows = httpx.get(f"{base}/{name}/articles.json",
                     params={"_search": "milioni", "_shape": "objects"}).json()["rows"]
    assert [r["url"] for r in rows] == ["https://news-b.example/it/tiktok"]


def test_served_store_refuses_writes_and_sees_new_commits(server):
    base, name, db = server
    r = httpx.get(f"{base}/{name}.json", params={"sql": "delete from facts"})
    assert r.status_code == 400
    count = httpx.get(f"{base}/{name}.json", params={
        "sql": "select count(*) as n from facts", "_shape": "array"}).json()[0]["n"]
    assert count == 2  # the delete did nothing
    # Mutable mode: a write committed by another process shows up without restarting.
    with open_store(db) as store, store.transaction():
        store.conn.execute("INSERT INTO companies (name) VALUES ('Newco')")
    rows = httpx.get(f"{base}/{name}/companies.json",
                     params={"name": "Newco", "_shape": "objects"}).json()["rows"]
    assert [r["name"] for r in rows] == ["Newco"]


def test_metadata_names_every_canned_query_and_view():
    meta = metadata("k")["databases"]["k"]
    assert set(meta["queries"]) == {"largest_payments", "who_pays", "what_company_pays_for",
                                    "single_source_facts", "facts_by_month"}
    assert all(q["title"] and q["description"] for q in CANNED_QUERIES.values())
    assert meta["tables"]["articles"]["fts_table"] == "articles_fts"


def test_serve_refuses_a_file_that_is_not_a_store(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not sqlite")
    result = CliRunner().invoke(cli, ["serve", "--db", str(bad), "--port", "0"])
    assert result.exit_code == 2
    assert "notes.db" in result.output and "Traceback" not in result.output
