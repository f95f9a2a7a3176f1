"""The extract stage on worker processes: the same store as one process, limits and stops kept."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.extraction import check_consistency, extract_pending
from pipeline.facts.extractor import Extractor
from pipeline.facts.parallel import ProcessExtractor
from pipeline.records import ArticleRecord
from pipeline.store import open_store

GOLD = Path(__file__).resolve().parent.parent / "corpora" / "gold"


def fill(db: Path) -> int:
    """Every gold passage as an article of its own (our own sentences)."""
    n = 0
    with open_store(db) as store, store.transaction():
        for path in sorted(GOLD.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                p = json.loads(line)
                store.save_article(ArticleRecord(
                    url=f"https://gold.example/{p['id']}", text=p["text"], lang=p["lang"],
                    published_at=p.get("published_at") or "2025-06-01"), None, "test")
                n += 1
    return n


def contents(db: Path) -> dict[str, list]:
    with open_store(db) as store:
        conn = store.conn
        assert check_consistency(store) == []
        return {
            "facts": conn.execute(
                "SELECT kind, payer, payee, amount, currency, period, approx, n_articles "
                "FROM facts ORDER BY id").fetchall(),
            "evidence": conn.execute(
                "SELECT article_id, fact_id, sentence, start, end, rule_id FROM evidence "
                "ORDER BY id").fetchall(),
            "read": conn.execute("SELECT count(*) FROM articles WHERE facts_version IS NOT NULL"
                                 ).fetchone(),
        }


def test_two_workers_fill_the_store_exactly_as_one_process(tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    n = fill(one)
    fill(two)
    with open_store(one) as store:
        extract_pending(store, Extractor(), batch=16)
    with open_store(two) as store, ProcessExtractor(2) as px:
        result = extract_pending(store, px, batch=16)
    assert result.status == "ok" and result.counts["extract/articles"] == n
    got, want = contents(two), contents(one)
    assert got == want
    assert len(want["evidence"]) > 150


def test_limit_and_stop_hold_with_read_ahead(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    fill(db)
    with open_store(db) as store, ProcessExtractor(2, prefer_statistical=False) as px:
        result = extract_pending(store, px, batch=4, limit=10)
        assert result.counts["extract/articles"] == 10
        assert contents(db)["read"] == (10,)
        calls = 0

        def stop_after_two_batches() -> bool:
            nonlocal calls
            calls += 1
            return calls > 2

        result = extract_pending(store, px, batch=4, stop=stop_after_two_batches)
        assert result.status == "interrupted"
        # the batch read ahead when the stop came is not marked read: the next run has it
        assert contents(db)["read"] == (18,)
        extract_pending(store, px, batch=4)
    clean = tmp_path / "clean.db"
    fill(clean)
    with open_store(clean) as store:
        extract_pending(store, Extractor(prefer_statistical=False), batch=4)
    assert contents(db)["facts"] == contents(clean)["facts"]


def test_extract_command_takes_workers(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    n = fill(db)
    res = CliRunner().invoke(cli, ["extract", "--db", str(db), "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert f"{n} articles" in res.output
    assert contents(db)["read"] == (n,)
