"""The backfill writer's rules for two copies of a page do not depend on the order parts
arrive in: newest capture of a URL wins, one article per body, crawled URLs stay."""

from __future__ import annotations

import itertools
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.backfill.warcwrite import Response, write_warc
from pipeline.backfill.worker import Options, read_file
from pipeline.backfill.writer import ArchiveWriter
from pipeline.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import warcgen  # noqa: E402


def backfill_in_order(db: Path, files: list[Path]) -> None:
    """What the Dask driver does, in this process and in the given order."""
    with open_store(db) as store:
        writer = ArchiveWriter(store, store.start_run("backfill"))
        for part in writer.register([str(p) for p in files], 10**9):
            writer.write(part, read_file(part.path, Options(keep_text="all")))


def articles(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = sorted(conn.execute(
        "SELECT a.url, a.text, c.captured_at, f.path, c.offset, "
        "(SELECT count(*) FROM evidence e WHERE e.article_id = a.id) FROM articles a "
        "JOIN archive_captures c ON c.article_id = a.id "
        "JOIN archive_files f ON f.id = c.file_id"))
    facts = sorted(conn.execute("SELECT payer, payee, amount, n_articles FROM facts"))
    conn.close()
    return rows + facts


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> list[Path]:
    """Three WARC files: an old and a new capture of one URL (different text), and one
    page under two URLs (the same bytes), one of them its canonical URL."""
    tmp = tmp_path_factory.mktemp("copies")
    old, new, other = list(warcgen.pages(3, seed=21, fact_rate=1.0))
    url = old.url
    old.date = datetime(2024, 1, 1, tzinfo=UTC)
    new.url, new.date = url, datetime(2024, 6, 1, tzinfo=UTC)
    alias = Response(other.url + "?amp=1", other.body, date=other.date)
    write_warc(tmp / "a.warc.gz", [old, alias])
    write_warc(tmp / "b.warc.gz", [new])
    write_warc(tmp / "c.warc.gz", [other])
    return [tmp / "a.warc.gz", tmp / "b.warc.gz", tmp / "c.warc.gz"]


def test_the_store_is_the_same_whatever_order_the_parts_arrive_in(copies, tmp_path):
    results = []
    for k, order in enumerate(itertools.permutations(copies)):
        backfill_in_order(tmp_path / f"{k}.db", list(order))
        results.append(articles(tmp_path / f"{k}.db"))
    assert all(r == results[0] for r in results[1:])
    stored = {r[0]: r for r in results[0] if len(r) == 6}
    assert len(stored) == 2 and not any("amp=1" in u for u in stored)  # canonical URL kept
    twice = list(warcgen.pages(1, seed=21, fact_rate=1.0))[0].url  # captured twice
    assert stored[twice][2] == "2024-06-01T00:00:00Z"  # the newer capture's text won
    assert stored[twice][3].endswith("b.warc.gz")


def test_a_crawled_url_is_left_to_the_crawler(copies, tmp_path):
    from pipeline.records import ArticleRecord

    db = tmp_path / "crawled.db"
    with open_store(db) as store, store.transaction():
        crawled = list(warcgen.pages(1, seed=21, fact_rate=1.0))[0]
        store.save_article(ArticleRecord(url=crawled.url, text="the crawler's text"), None,
                           "1.0.0")
    backfill_in_order(db, copies)
    conn = sqlite3.connect(db)
    text = conn.execute("SELECT text FROM articles WHERE url = ?", (crawled.url,)).fetchone()
    conn.close()
    assert text == ("the crawler's text",)
