"""`newsfacts graph`: the payment network of a real store as SVG, PNG, HTML and JSON files."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.graph.draw import draw_network
from pipeline.graph.model import Graph
from pipeline.store import open_store

SVG = "{http://www.w3.org/2000/svg}"


def graph(db: Path, out: Path, *args: str):
    return CliRunner().invoke(cli, ["graph", "--db", str(db), "-o", str(out), *args])


def payments(db: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT fact_id, payer, payee FROM payments").fetchall()


def svg_groups(path: Path, cls: str) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    return [g for g in root.iter(f"{SVG}g") if cls in g.get("class", "").split()]


def test_svg_names_every_company_in_payments_and_draws_every_payment(demo_store, tmp_path):
    out = tmp_path / "net.svg"
    result = graph(demo_store, out, "--format", "svg")
    assert result.exit_code == 0, result.output
    rows = payments(demo_store)
    companies = {name for _, payer, payee in rows for name in (payer, payee)}
    names = {g.get("data-company") for g in svg_groups(out, "nf-company")}
    assert names == companies
    texts = {t.text for t in ET.parse(out).getroot().iter(f"{SVG}text")}
    assert companies <= texts  # each name is written on the picture, not only in attributes
    drawn = {int(g.get("data-fact-id")) for g in svg_groups(out, "nf-payment")}
    assert drawn == {fact_id for fact_id, _, _ in rows}
    [tiktok] = [g for g in svg_groups(out, "nf-payment") if g.get("data-payer") == "TikTok"]
    assert tiktok.get("data-label") == "≈$20M / month"
    assert "3 articles on 1 site" in tiktok.find(f"{SVG}title").text
    links = {(g.get("data-child"), g.get("data-parent")) for g in svg_groups(out, "nf-subsidiary")}
    assert ("TikTok", "ByteDance") in links
    assert f"{len(companies)} companies, {len(rows)} payments" in result.output


def test_json_round_trips_and_redraws_the_same_picture(demo_store, tmp_path):
    out = tmp_path / "net.json"
    assert graph(demo_store, out).exit_code == 0  # format from the extension
    data = json.loads(out.read_text(encoding="utf-8"))
    again = Graph.from_dict(data)
    assert again.to_dict() == data
    assert {p["fact_id"] for p in data["payments"]} == {f for f, _, _ in payments(demo_store)}
    svg = tmp_path / "net.svg"
    graph(demo_store, svg)
    assert draw_network(again) in svg.read_text(encoding="utf-8")


def test_company_filter_png_and_html(demo_store, tmp_path):
    out = tmp_path / "bytedance.json"
    result = graph(demo_store, out, "--company", "bytedance")  # a parent brings TikTok
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {(p["payer"], p["payee"]) for p in data["payments"]} == {("TikTok", "Microsoft")}
    png = tmp_path / "net.png"
    assert graph(demo_store, png, "--min-usd", "1e8").exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = tmp_path / "net.html"
    assert graph(demo_store, page, "--since", "2026-01-01").exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "nf-data" in html and "≈$20M / month" in html
    assert "src=" not in html and "href=\"http" not in html.split("<svg")[0]  # no CDN


def test_empty_store_gives_an_empty_picture_and_a_note(tmp_path):
    db = tmp_path / "empty.db"
    open_store(db).close()
    out = tmp_path / "empty.svg"
    result = graph(db, out)
    assert result.exit_code == 0
    assert result.output.strip() == f"{out}: empty picture: no payments in the store"
    root = ET.parse(out).getroot()
    assert not svg_groups(out, "nf-payment")
    assert "No payments in the store." in [t.text for t in root.iter(f"{SVG}text")]


def test_a_filter_that_matches_nothing_says_so(demo_store, tmp_path):
    out = tmp_path / "none.json"
    result = graph(demo_store, out, "--min-usd", "1e13")
    assert result.exit_code == 0
    assert "no payments match these filters: at least $10tn / year" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["payments"] == []
    result = graph(demo_store, out, "--company", "Nobody Inc")
    assert "no company named 'Nobody Inc' in the store" in result.output


def test_bad_options_and_stores_are_one_line_errors(tmp_path):
    result = graph(tmp_path / "missing.db", tmp_path / "x.svg")
    assert result.exit_code == 2 and "no such store" in result.output
    result = CliRunner().invoke(cli, ["graph", "--since", "soon", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.svg").exists()
