"""The network and timeline as data and SVG: filters, neighbourhoods, layout, drawing."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.exceptions import InputError
from pipeline.graph.draw import draw_network, radii
from pipeline.graph.model import GraphFilter, load_graph
from pipeline.graph.timeline import draw_timeline
from pipeline.records import ArticleRecord
from pipeline.store import open_store
from pipeline.store.query import readonly_connection

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1]

# payer, payee, amount, currency, period, usd per year, last seen, conflicting, evidence dates
FACTS = [
    ("Acme", "Bolt Cloud", 2e6, "USD", "month", 24e6, "2026-03-01", 0, ["2026-01-10", "2026-03-01"]),
    ("Bolt Cloud", "Corex", 5e6, "EUR", "year", 5.6e6, "2026-02-01", 0, ["2026-02-01"]),
    ("Corex", "Dyna", 1e6, "EUR", "year", 1.1e6, "2025-06-01", 0, ["2025-06-01"]),
    ("Nord", "Quanta", 6e6, "EUR", "year", 6.7e6, "2026-05-21", 1, ["2026-05-21"]),
    ("Nord", "Quanta", 4.5e6, "EUR", "year", 5e6, "2026-05-20", 1, ["2026-05-20"]),
]


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "g.db"
    with open_store(path) as store, store.transaction():
        for i, (payer, payee, amount, cur, period, usd, last, conflicting, days) in \
                enumerate(FACTS):
            fid = store.db["facts"].insert({
                "payer": payer, "payee": payee, "amount": amount, "currency": cur,
                "period": period, "amount_usd_per_year": usd, "n_articles": len(days),
                "n_sites": 1, "first_seen": days[0], "last_seen": last,
                "conflicting": conflicting}).last_pk
            for j, day in enumerate(days):
                art = store.save_article(ArticleRecord(
                    url=f"https://news.example/{i}-{j}", text="...", title=f"story {i}-{j}",
                    lang="en", published_at=day), None, "t")
                store.db["evidence"].insert({
                    "fact_id": fid, "article_id": art, "sentence": f"{payer} pays {payee}.",
                    "amount": amount * (j + 1), "currency": cur, "period": period})
        store.db["companies"].insert_all([
            {"name": "Bolt Cloud", "aliases": '["Bolt"]', "parent": "Bolt Holdings"},
            {"name": "Bolt Holdings", "aliases": "[]", "parent": "Omni"}])
    return path


def load(db: Path, **kw) -> object:
    conn = readonly_connection(db)
    try:
        return load_graph(conn, GraphFilter(**kw))
    finally:
        conn.close()


def names(graph) -> set[str]:
    return {c.name for c in graph.companies if c.in_payments}


def test_neighbourhoods_follow_depth_aliases_and_parents(db):
    assert names(load(db, company="Acme", depth=0)) == set()
    assert names(load(db, company="Acme")) == {"Acme", "Bolt Cloud"}
    assert names(load(db, company="acme", depth=2)) == {"Acme", "Bolt Cloud", "Corex"}
    assert names(load(db, company="Bolt")) == {"Acme", "Bolt Cloud", "Corex"}  # alias
    assert names(load(db, company="Bolt Holdings")) == {"Acme", "Bolt Cloud", "Corex"}
    graph = load(db, company="Acme")
    # parents are drawn up the chain, as parents only
    assert {(x.child, x.parent) for x in graph.links} == {
        ("Bolt Cloud", "Bolt Holdings"), ("Bolt Holdings", "Omni")}
    assert {c.name for c in graph.companies if not c.in_payments} == {"Bolt Holdings", "Omni"}


def test_date_and_size_filters_and_notes(db):
    assert names(load(db, since="2026-01-01")) == {"Acme", "Bolt Cloud", "Corex", "Nord",
                                                  "Quanta"}
    assert names(load(db, min_usd=6e6)) == {"Acme", "Bolt Cloud", "Nord", "Quanta"}
    assert load(db, min_usd=1e12).note == "no payments match these filters: at least $1tn / year"
    assert load(db, company="Zed").note == "no company named 'Zed' in the store"
    graph = load(db, company="Dyna", since="2026-01-01")
    assert graph.note == ("no payments match these filters: company Dyna (depth 1), "
                          "since 2026-01-01")


def test_conflicting_reports_are_not_summed_and_big_stores_are_cut(db):
    graph = load(db)
    nord = next(c for c in graph.companies if c.name == "Nord")
    assert nord.paid_usd == 0.0  # two reports that disagree: neither is counted
    acme = next(c for c in graph.companies if c.name == "Acme")
    assert acme.paid_usd == 24e6
    r = radii(graph)
    assert r["Bolt Cloud"] > r["Acme"] > r["Dyna"]
    conn = readonly_connection(db)
    cut = load_graph(conn, GraphFilter(), max_payments=2)
    assert [p.usd_per_year for p in cut.payments] == [24e6, 6.7e6] and cut.matched == 5


def test_filters_from_a_url():
    flt = GraphFilter.from_query({"company": " TikTok ", "since": "2026-01-01",
                                  "min_usd": "1e7", "depth": "2"})
    assert (flt.company, flt.since, flt.min_usd, flt.depth) == ("TikTok", "2026-01-01", 1e7, 2)
    assert flt.query() == {"company": "TikTok", "since": "2026-01-01", "min_usd": "1e+07",
                           "depth": "2"}
    assert GraphFilter.from_query(flt.query()) == flt
    for bad, message in [({"since": "2026-13-01"}, "since='2026-13-01' is not a date"),
                         ({"min_usd": "lots"}, "min_usd='lots' is not a number"),
                         ({"depth": "-1"}, "depth='-1' must be 0 or more"),
                         ({"min_usd": "nan"}, "min_usd='nan' must be 0 or more")]:
        with pytest.raises(InputError, match=re.escape(message)):
            GraphFilter.from_query(bad)


def test_drawing_separates_parallel_arrows_and_marks_kinds(db):
    root = ET.fromstring(draw_network(load(db)))
    arrows = {g.get("data-fact-id"): g for g in root.iter(f"{SVG}g")
              if "nf-payment" in g.get("class", "")}
    assert len(arrows) == 5
    nord = [g for g in arrows.values() if g.get("data-payer") == "Nord"]
    paths = {g.find(f"{SVG}path[@class='nf-line']").get("d") for g in nord}
    assert len(paths) == 2  # two curves, not one line drawn twice
    assert all("nf-conflicting" in g.get("class") for g in nord)
    assert all(g.find(f"{SVG}path[@class='nf-line']").get("stroke-dasharray") for g in nord)
    links = [g for g in root.iter(f"{SVG}g") if "nf-subsidiary" in g.get("class", "")]
    assert {g.find(f"{SVG}line").get("stroke-dasharray") for g in links} == {"2 4"}
    labels = {g.get("data-label") for g in arrows.values()}
    assert {"$2M / month", "€5M / year", "€4.5M / year"} <= labels
    parent = next(g for g in root.iter(f"{SVG}g") if g.get("data-company") == "Omni")
    assert "nf-parent" in parent.get("class")


def test_the_same_store_gives_the_same_picture_in_every_process(demo_store):
    code = ("import sys, hashlib; from pipeline.graph.draw import draw_network; "
            "from pipeline.graph.model import load_graph; "
            "from pipeline.store.query import readonly_connection; "
            "print(hashlib.sha256(draw_network(load_graph(readonly_connection(sys.argv[1])))"
            ".encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code, str(demo_store)], capture_output=True,
                              text=True, check=True, cwd=ROOT,
                              env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
               for seed in ("1", "2", "3")}
    assert len(digests) == 1


def test_timeline_lanes_dots_and_changed_amounts(db):
    conn = readonly_connection(db)
    root = ET.fromstring(draw_timeline(load_graph(conn, GraphFilter(), max_reports=None)))
    lanes = [g for g in root.iter(f"{SVG}g") if "nf-lane" in g.get("class", "")]
    assert len(lanes) == 4  # Nord -> Quanta once, with both facts
    assert [g.get("data-payer") for g in lanes if "nf-conflicting" in g.get("class")] == ["Nord"]
    dots = [g for g in root.iter(f"{SVG}g") if g.get("class") == "nf-report"]
    assert len(dots) == 6
    acme = [g.get("data-label") for g in dots if g.get("data-fact-id") == "1"]
    assert acme == ["$2M / month", "$4M / month"]  # the second article said twice as much
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "⚠ conflicting reports" in texts and "Jan 2026" in texts
    assert ET.fromstring(draw_timeline(load(db, min_usd=1e12))).get("class") == \
        "nf-graph nf-empty"
