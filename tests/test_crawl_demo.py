"""`newsfacts crawl` end to end on the bundled demo site, checked against its expected.json."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

SITE = Path(__file__).resolve().parent.parent / "corpora" / "site"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def crawled(tmp_path, demo_site):
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(SITE / "sources.toml"),
                                      "--base-url", demo_site, "--db", str(db)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    yield conn, db, result.output, demo_site
    conn.close()


def test_demo_crawl_finds_every_article_once(crawled):
    conn, _, output, _ = crawled
    articles = {_path(u) for (u,) in conn.execute("SELECT url FROM articles WHERE is_article")}
    expected = {a["path"] for a in EXPECTED["articles"]}
    assert expected <= articles  # feeds, sitemaps and link-only pages alike
    # (is_article is the article module's call; the crawler saves exactly those pages)
    assert not articles & set(EXPECTED["robots_disallowed"])
    pages = {_path(u): (state, err, dup) for u, state, err, dup in conn.execute(
        "SELECT url, state, error, duplicate_of FROM pages")}
    assert not [p for p, v in pages.items() if v[0] == "queued"]
    for path in EXPECTED["robots_disallowed"]:
        assert pages[path][:2] == ("skipped", "robots_disallowed")
    # canonical URLs: no tracking parameters or fragments in the frontier
    assert not [p for p in pages if "utm_" in p or "#" in p]
    for dup in EXPECTED["duplicates"]:
        original = conn.execute("SELECT id FROM pages WHERE url LIKE ?",
                                ("%" + dup["duplicate_of"],)).fetchone()[0]
        assert pages[dup["path"]][2] == original
    assert output.strip().splitlines()[-1].startswith("crawl run 1 ok:")
    briefs = {a["path"] for a in EXPECTED["articles"] if a.get("brief")}
    assert briefs and briefs <= articles  # short declared stories are articles too
    paths = dict(conn.execute("SELECT extractor, count(*) FROM articles WHERE is_article "
                              "GROUP BY extractor").fetchall())
    assert set(paths) <= {"dom", "trafilatura", "jsonld", "article"}
    assert paths.get("dom", 0) >= len(expected) - 2  # the fast path reads this site
    status, counts = conn.execute("SELECT status, counts FROM crawl_runs").fetchone()
    counts = json.loads(counts)
    assert status == "ok" and counts["article/saved"] == len(articles)
    assert counts["skip/robots_disallowed"] == len(EXPECTED["robots_disallowed"])
    assert counts["filter/exclude"] >= 1  # /tag/ and /about.html links of the home page


def test_demo_recrawl_is_all_conditional(crawled):
    conn, db, _, base = crawled
    result = CliRunner().invoke(cli, ["crawl", "--sources", str(SITE / "sources.toml"),
                                      "--base-url", base, "--db", str(db), "--quiet"])
    assert result.exit_code == 0 and result.output == ""
    run = conn.execute("SELECT id, status, counts FROM crawl_runs ORDER BY id DESC").fetchone()
    counts = json.loads(run[2])
    assert run[:2] == (2, "ok")
    assert counts["fetch/status/304"] == counts["page/unchanged"] > 0
    assert "page/done" not in counts and "article/saved" not in counts
    n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert n_articles == json.loads(conn.execute(
        "SELECT counts FROM crawl_runs WHERE id = 1").fetchone()[0])["article/saved"]


def test_one_source_and_bad_input(tmp_path, demo_site, write_sources):
    db = tmp_path / "one.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["crawl", "--sources", str(SITE / "sources.toml"),
                                 "--base-url", demo_site, "--db", str(db),
                                 "--source", "demo-it-feed", "--quiet"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    sources = {s for (s,) in conn.execute("SELECT DISTINCT source FROM pages")}
    langs = {lang for (lang,) in conn.execute("SELECT DISTINCT lang FROM articles")}
    conn.close()
    assert sources == {"demo-it-feed"} and langs == {"it"}

    result = runner.invoke(cli, ["crawl", "--sources", str(SITE / "sources.toml"),
                                 "--db", str(db), "--source", "nope", "--base-url", demo_site])
    assert result.exit_code == 2 and "no source named 'nope'" in result.output
    result = runner.invoke(cli, ["crawl", "--sources", str(SITE / "sources.toml"),
                                 "--db", str(db)])
    assert result.exit_code == 2 and "pass --base-url" in result.output
    bad = write_sources("[crawl]\nconcurency = 2\n")
    result = runner.invoke(cli, ["crawl", "--sources", str(bad), "--db", str(db)])
    assert result.exit_code == 2
    assert f"Error: {bad}:2: unknown [crawl] key 'concurency'" in result.output
    result = runner.invoke(cli, ["crawl", "--sources", str(tmp_path / "missing.toml"),
                                 "--db", str(db)])
    assert result.exit_code == 2 and "no such sources file" in result.output


def test_crawl_refuses_a_locked_store(tmp_path, demo_site, store):
    with store.work_lock():
        result = CliRunner().invoke(cli, ["crawl", "--sources", str(SITE / "sources.toml"),
                                          "--base-url", demo_site, "--db", str(store.path)])
    assert result.exit_code == 2 and "store is busy" in result.output


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["crawl", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "--max-pages" in result.output
