"""`newsfacts init`, `query`, `facts`, `export`, `runs` through click's CliRunner on real files."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.records import ArticleRecord
from pipeline.store import open_store


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def store_path(tmp_path):
    """A store with two payment facts, each with evidence from a real article row."""
    path = tmp_path / "k.db"
    with open_store(path) as store, store.transaction():
        art = store.save_article(
            ArticleRecord(url="http://news.test/it/tiktok", title="TikTok e Microsoft",
                          text="TikTok paga quasi 20 milioni di dollari al mese a Microsoft.",
                          lang="it", published_at="2026-03-01"),
            None, "t1",
        )
        facts = store.db["facts"]
        evidence = store.db["evidence"]
        fid = facts.insert({
            "payer": "TikTok", "payee": "Microsoft", "amount": 20e6, "currency": "USD",
            "period": "month", "approx": 1, "product": "OpenAI models",
            "amount_usd_per_year": 240e6, "confidence": 0.9, "n_articles": 1, "n_sites": 1,
            "first_seen": "2026-03-01", "last_seen": "2026-03-01",
        }).last_pk
        evidence.insert({"fact_id": fid, "article_id": art, "sentence": "TikTok paga ...",
                         "start": 0, "end": 60, "confidence": 0.9, "rule_id": "it/paga"})
        fid2 = facts.insert({
            "payer": "Zentrix", "payee": "Acme Cloud", "amount": 5e6, "currency": "EUR",
            "period": "year", "amount_usd_per_year": 5.4e6, "confidence": 0.8,
            "n_articles": 1, "n_sites": 1, "first_seen": "2025-01-01", "last_seen": "2025-01-01",
        }).last_pk
        evidence.insert({"fact_id": fid2, "article_id": art, "sentence": "Zentrix ...",
                         "start": 61, "end": 80, "confidence": 0.8})
        store.db["companies"].insert({"name": "Microsoft", "aliases": '["Microsoft Corporation"]'})
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_init_creates_and_is_idempotent(tmp_path):
    path = tmp_path / "new.db"
    first = run("init", "--db", str(path))
    assert first.exit_code == 0, first.output
    assert "schema version" in first.output
    assert run("init", "--db", str(path)).exit_code == 0


def test_newsfacts_db_env_var(tmp_path, monkeypatch):
    path = tmp_path / "env.db"
    monkeypatch.setenv("NEWSFACTS_DB", str(path))
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert path.exists()


@pytest.mark.parametrize("sql", [
    "INSERT INTO facts (payer) VALUES ('x')",
    "UPDATE facts SET amount = 1",
    "DELETE FROM facts",
    "DROP TABLE facts",
    "DROP VIEW payments",
    "CREATE TABLE t (x)",
    "ALTER TABLE facts ADD COLUMN y",
    "ATTACH DATABASE 'other.db' AS o",
    "PRAGMA user_version = 99",
    "PRAGMA journal_mode = DELETE",
    "VACUUM",
    "REPLACE INTO companies (name) VALUES ('x')",
    "WITH x AS (SELECT 1) DELETE FROM facts",
    "SELECT 1; DELETE FROM facts",
])
def test_query_refuses_writes_and_leaves_file_unchanged(store_path, sql, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = _digest(store_path)
    result = run("query", sql, "--db", str(store_path))
    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert _digest(store_path) == before
    assert not (tmp_path / "other.db").exists()


def test_query_bad_sql_is_one_line(store_path):
    result = run("query", "SELEC payer FROM facts", "--db", str(store_path))
    assert result.exit_code == 2
    assert result.output.strip() == 'Error: bad SQL: near "SELEC": syntax error'


def test_query_on_missing_store(tmp_path):
    result = run("query", "select 1", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2
    assert "no such store" in result.output
    assert not (tmp_path / "none.db").exists()


def test_query_formats(store_path):
    sql = "SELECT payer, payee, amount FROM payments ORDER BY payer"
    table = run("query", sql, "--db", str(store_path))
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split() == ["payer", "payee", "amount"]
    assert lines[2].split() == ["TikTok", "Microsoft", "20000000.0"]
    rows = list(csv.reader(io.StringIO(run("query", sql, "--db", str(store_path),
                                           "--format", "csv").output)))
    assert rows == [["payer", "payee", "amount"], ["TikTok", "Microsoft", "20000000.0"],
                    ["Zentrix", "Acme Cloud", "5000000.0"]]
    data = json.loads(run("query", sql, "--db", str(store_path), "--format", "json").output)
    assert data[1] == {"payer": "Zentrix", "payee": "Acme Cloud", "amount": 5000000.0}
    jl = run("query", sql, "--db", str(store_path), "--format", "jsonl").output.splitlines()
    assert [json.loads(x)["payer"] for x in jl] == ["TikTok", "Zentrix"]


def test_query_params_and_fts(store_path):
    result = run("query", "SELECT title FROM articles_fts WHERE articles_fts MATCH :q",
                 "-p", "q=milioni", "--db", str(store_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["title", "TikTok e Microsoft"]


def test_unknown_format_is_usage_error(store_path):
    result = run("query", "select 1", "--db", str(store_path), "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.output


def test_payments_view_columns(store_path):
    out = run("query", "SELECT * FROM payments LIMIT 0", "--db", str(store_path),
              "--format", "csv").output.strip().split(",")
    for col in ("payer", "payee", "amount", "currency", "period", "term_months", "approx",
                "product", "amount_usd_per_year", "fx_rate", "fx_date", "usd_note",
                "n_articles", "first_seen", "last_seen"):
        assert col in out


def test_facts_filters(store_path):
    def payers(*args):
        res = run("facts", "--db", str(store_path), "--format", "json", *args)
        assert res.exit_code == 0, res.output
        return [r["payer"] for r in json.loads(res.output)]

    assert payers() == ["TikTok", "Zentrix"]  # largest per-year USD first
    assert payers("--payee", "microsoft") == ["TikTok"]
    assert payers("--payee", "Microsoft Corporation") == ["TikTok"]  # alias
    assert payers("--payer", "Zentrix") == ["Zentrix"]
    assert payers("--since", "2026-01-01") == ["TikTok"]
    assert payers("--min-usd-per-year", "1e7") == ["TikTok"]
    assert payers("--min-confidence", "0.85") == ["TikTok"]  # 0.9, not 0.8
    assert payers("--min-confidence", "0.8") == ["TikTok", "Zentrix"]
    bad = run("facts", "--db", str(store_path), "--min-confidence", "1.5")
    assert bad.exit_code == 2 and "1.5" in bad.output
    assert payers("--lang", "it") == ["TikTok", "Zentrix"]
    assert payers("--lang", "de") == []


def test_facts_table_reads_money_and_json_keeps_raw_numbers(store_path):
    table = run("facts", "--db", str(store_path)).output
    header, _, *lines = table.splitlines()
    assert "currency" not in header.split() and "usd_per_year" in header.split()
    assert "≈$20M / month" in lines[0] and "≈$240M / year" in lines[0]
    assert "€5M / year" in lines[1] and "$5.4M / year" in lines[1]
    [raw] = json.loads(run("facts", "--db", str(store_path), "--format", "json",
                           "--payer", "TikTok").output)
    assert (raw["amount"], raw["currency"], raw["period"], raw["approx"]) == \
        (20e6, "USD", "month", 1)


def test_facts_bad_date_is_usage_error(store_path):
    result = run("facts", "--db", str(store_path), "--since", "yesterday")
    assert result.exit_code == 2


def test_export_formats(store_path, tmp_path):
    out = tmp_path / "facts.jsonl"
    assert run("export", "--db", str(store_path), "-o", str(out)).exit_code == 0
    facts = [json.loads(x) for x in out.read_text().splitlines()]
    assert {f["payer"] for f in facts} == {"TikTok", "Zentrix"}
    tiktok = next(f for f in facts if f["payer"] == "TikTok")
    assert tiktok["evidence"][0]["article_url"] == "http://news.test/it/tiktok"
    assert tiktok["evidence"][0]["rule_id"] == "it/paga"
    rows = list(csv.DictReader(io.StringIO(
        run("export", "--db", str(store_path), "--format", "csv").output)))
    assert len(rows) == 2 and rows[0]["sentence"]
    data = json.loads(run("export", "--db", str(store_path), "--format", "json").output)
    assert len(data) == 2


def test_runs_listing(store_path):
    with open_store(store_path) as store:
        rid = store.start_run("crawl")
        store.finish_run(rid, {"fetched": 2})
    result = run("runs", "--db", str(store_path), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["counts"] == '{"fetched": 2}'


def test_every_command_help_has_an_example():
    root = run("--help")
    assert root.exit_code == 0
    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"{name} --help has no example"
