"""The network and timeline pages in a real headless Chromium (Debian's, driven by Playwright)
on the demo store: they render without console errors, draw what the store holds, and the
TikTok -> Microsoft arrow's tooltip reads `$20M / month`. Screenshots go to test-artifacts/."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from test_browser import ARTIFACTS, chromium
from test_cli_serve import served

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(demo_store) -> Iterator[tuple[str, Any]]:
    """The demo store served by `newsfacts serve`, and one browser for the module."""
    binary = chromium()
    with served(demo_store) as base, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=binary, args=["--no-sandbox"])
        yield base, browser
        browser.close()


@pytest.fixture
def page(site) -> Iterator[Any]:
    """A page that records console errors and uncaught exceptions in `page.errors`."""
    _, browser = site
    pg = browser.new_page(viewport={"width": 1240, "height": 1000})
    pg.errors = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    pg.close()


def store_rows(db, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert (ARTIFACTS / name).read_bytes()[:4] == b"\x89PNG"


def test_network_page_draws_the_store_and_explains_an_arrow(site, page, demo_store):
    base, _ = site
    page.goto(f"{base}/")
    page.click("a[href='/-/graph'] >> visible=true")  # linked from the home page
    page.wait_for_selector("html[data-nf-ready]")
    companies = {name for pair in store_rows(
        demo_store, "SELECT payer, payee FROM payments") for name in pair}
    n_payments = store_rows(demo_store, "SELECT count(*) FROM payments")[0][0]
    drawn = page.eval_on_selector_all("g.nf-company", "els => els.map(e => e.dataset.company)")
    assert sorted(drawn) == sorted(companies)
    assert page.locator("g.nf-payment").count() == n_payments
    assert page.locator("g.nf-subsidiary[data-child='TikTok'][data-parent='ByteDance']").count()

    arrow = "g.nf-payment[data-payer='TikTok'][data-payee='Microsoft']"
    page.hover(f"{arrow} .nf-label")
    tooltip = page.locator(".nf-tooltip")
    assert tooltip.is_visible()
    assert "$20M / month" in tooltip.inner_text()
    assert "3 articles" in tooltip.inner_text()
    shot(page, "network.png")

    page.click(f"{arrow} .nf-label")  # the panel: the sentences it was read from
    panel = page.locator("#nf-panel")
    assert panel.is_visible()
    assert panel.locator(".nf-evidence li").count() == 3
    assert "20 milioni di dollari al mese" in panel.inner_text()
    page.click("#nf-panel >> text=the fact")
    assert "/facts/" in page.url
    assert page.locator("td.col-amount").first.inner_text() == "≈$20M / month"
    assert not page.locator("td.col-tally").first.is_visible()  # internal column hidden
    assert page.errors == []


def test_company_filter_narrows_the_network(site, page):
    base, _ = site
    page.goto(f"{base}/-/graph?company=Microsoft")
    page.wait_for_selector("html[data-nf-ready]")
    drawn = page.eval_on_selector_all("g.nf-company", "els => els.map(e => e.dataset.company)")
    assert sorted(drawn) == ["Microsoft", "TikTok"]
    assert page.locator("g.nf-payment").count() == 1
    page.goto(f"{base}/-/graph?company=Nobody")
    assert "no company named 'Nobody'" in page.inner_text(".nf-counts")
    assert page.errors == []


def test_timeline_renders_a_lane_per_pair_and_a_dot_per_report(site, page, demo_store):
    base, _ = site
    page.goto(f"{base}/-/timeline")
    page.wait_for_selector("html[data-nf-ready]")
    pairs = store_rows(demo_store, "SELECT count(*) FROM (SELECT DISTINCT payer, payee "
                                   "FROM payments)")[0][0]
    reports = store_rows(demo_store, "SELECT count(*) FROM evidence e JOIN payments p "
                                     "ON p.fact_id = e.fact_id")[0][0]
    assert page.locator("g.nf-lane").count() == pairs
    assert page.locator("g.nf-report").count() == reports
    assert page.locator("g.nf-lane.nf-conflicting").count() == 1  # Nordwind's two reports
    page.hover("g.nf-report[data-fact-id] >> nth=0")
    assert page.locator(".nf-tooltip").is_visible()
    shot(page, "timeline.png")
    assert page.errors == []
