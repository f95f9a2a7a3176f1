"""The Datasette plugin over HTTP (a real `newsfacts serve` process): pages, filters in the
URL, readable money in cells while JSON keeps raw numbers, company links, hidden tally."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from bs4 import BeautifulSoup
from test_cli_serve import build_store, served

from pipeline.serve import database_name


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    db = build_store(tmp_path_factory.mktemp("plugin") / "knowledge.db")
    with served(db) as base:
        yield base, database_name(db)


def soup(url: str, **params: str) -> BeautifulSoup:
    r = httpx.get(url, params=params)
    assert r.status_code == 200, r.text
    return BeautifulSoup(r.text, "html.parser")


def test_home_page_and_menu_link_the_pages(server):
    base, _ = server
    hrefs = [a["href"] for a in soup(f"{base}/").select("a")]
    assert "/-/graph" in hrefs and "/-/timeline" in hrefs


def test_cells_read_money_json_keeps_numbers(server):
    base, name = server
    page = soup(f"{base}/{name}/payments")
    cells = {td.get_text(" ", strip=True) for td in page.select("td.col-amount")}
    assert cells == {"≈$20M / month", "$2bn / year"}
    assert page.select_one("td.col-amount span")["title"] in ("20000000.0 USD", "2000000000.0 USD")
    assert {td.get_text(strip=True) for td in page.select("td.col-amount_usd_per_year")} == \
        {"$240M / year", "$2bn / year"}
    link = page.select_one("td.col-payer a.nf-net")
    assert link["href"].startswith("/-/graph?company=")
    rows = httpx.get(f"{base}/{name}/payments.json", params={"_shape": "array"}).json()
    assert sorted(r["amount"] for r in rows) == [20e6, 2e9]


def test_tally_is_hidden_in_pages(server):
    base, name = server
    page = soup(f"{base}/{name}/facts")
    assert page.select("td.col-tally")  # still in the HTML and the JSON ...
    css_urls = [x["href"] for x in page.select("link[rel=stylesheet]")]
    css = httpx.get(base + next(u for u in css_urls if "newsfacts" in u)).text
    assert "body.table-facts .col-tally" in css and "display: none" in css  # ... not shown


def test_graph_filters_in_the_url(server):
    base, _ = server

    def pairs(page: str = "graph", **params: str) -> list[tuple[str, str]]:
        data = httpx.get(f"{base}/-/{page}.json", params=params).json()
        return sorted((p["payer"], p["payee"]) for p in data["payments"])

    everything = [("Snap", "Google"), ("TikTok", "Microsoft")]
    assert pairs() == everything
    assert pairs(company="microsoft corporation") == [("TikTok", "Microsoft")]  # an alias
    assert pairs(company="ByteDance") == [("TikTok", "Microsoft")]  # a parent
    assert pairs(min_usd="1e9") == [("Snap", "Google")]
    assert pairs(since="2025-02-01") == everything  # last seen Feb and March
    assert pairs(since="2025-03-01") == [("Snap", "Google")]
    assert pairs("timeline", company="Snap") == [("Snap", "Google")]
    html = soup(f"{base}/-/graph", company="TikTok")
    assert [g["data-company"] for g in html.select("g.nf-company")] == ["Microsoft", "TikTok"]
    assert html.select_one("input[name=company]")["value"] == "TikTok"
    arrow = html.select_one("g.nf-payment")
    assert arrow.parent.name == "a" and "fact_evidence?fact_id=" in arrow.parent["href"]
    assert "No payments match" in soup(f"{base}/-/graph", min_usd="1e15").get_text()


def test_bad_filters_are_clear_errors(server):
    base, _ = server
    r = httpx.get(f"{base}/-/graph", params={"since": "yesterday"})
    assert r.status_code == 400 and "since=&#39;yesterday&#39; is not a date" in r.text
    r = httpx.get(f"{base}/-/graph.json", params={"min_usd": "-5"})
    assert r.status_code == 400 and r.json()["error"] == "min_usd='-5' must be 0 or more"
    assert httpx.get(f"{base}/-/newsfacts/secret.js").status_code == 404
    assert httpx.get(f"{base}/-/newsfacts/network.js").headers["content-type"].startswith(
        "application/javascript")
