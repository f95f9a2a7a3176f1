"""The knowledge store: creation, idempotent migrations, refusal of foreign or newer files."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.exceptions import StoreError, StoreLockedError
from pipeline.records import ArticleRecord
from pipeline.store import open_store, schema


def _schema_dump(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()
        return rows + [version]
    finally:
        conn.close()


def test_create_sets_version_wal_and_tables(tmp_path):
    path = tmp_path / "sub" / "k.db"
    with open_store(path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = set(store.db.table_names())
    assert {"sources", "pages", "articles", "companies", "facts", "evidence",
            "crawl_runs", "articles_fts"} <= tables
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_migrating_twice_changes_nothing(tmp_path):
    path = tmp_path / "k.db"
    open_store(path).close()
    before = _schema_dump(path)
    open_store(path).close()
    assert _schema_dump(path) == before


def test_a_version_1_store_gains_the_extractor_column(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)  # what a build before migration 2 left behind
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    schema.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO articles (url, text) VALUES ('https://x.com/old', 'old text')")
    conn.commit()
    conn.close()
    with open_store(path) as store:
        with store.transaction():
            store.save_article(ArticleRecord(url="https://x.com/new", text="t", extractor="dom"),
                               None, "2.0.0")
        rows = store.conn.execute("SELECT url, extractor FROM articles ORDER BY url").fetchall()
    assert rows == [("https://x.com/new", "dom"), ("https://x.com/old", None)]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == \
        schema.SCHEMA_VERSION


def test_refuses_foreign_sqlite_file_without_writing(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a newsfacts store"):
        open_store(path)
    assert path.read_bytes() == before


def test_refuses_non_sqlite_file(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database at all" * 10)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(path)


def test_refuses_store_newer_than_code(tmp_path):
    path = tmp_path / "k.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this newsfacts"):
        open_store(path)


def test_missing_store_without_create(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_fts_follows_article_inserts_and_updates(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        with store.transaction():
            aid = store.save_article(
                ArticleRecord(url="http://x/a", title="Cloud deal", text="Zentrix pays Acme"),
                None, "t1",
            )
        hits = store.conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'zentrix'"
        ).fetchall()
        assert hits == [(aid,)]
        with store.transaction():
            store.save_article(
                ArticleRecord(url="http://x/a", title="Cloud deal", text="Borealis pays Acme"),
                None, "t1",
            )
        assert store.conn.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zentrix'"
        ).fetchone()[0] == 0
        assert store.conn.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'borealis'"
        ).fetchone()[0] == 1


def test_changed_text_resets_facts_version(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        with store.transaction():
            aid = store.save_article(ArticleRecord(url="u", text="one"), None, "t1")
            store.conn.execute("UPDATE articles SET facts_version = 'f1' WHERE id = ?", (aid,))
            store.save_article(ArticleRecord(url="u", text="one"), None, "t1")
        assert store.conn.execute("SELECT facts_version FROM articles").fetchone()[0] == "f1"
        with store.transaction():
            store.save_article(ArticleRecord(url="u", text="two"), None, "t1")
        assert store.conn.execute("SELECT facts_version FROM articles").fetchone()[0] is None


def test_transaction_rolls_back_on_error(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.save_article(ArticleRecord(url="u", text="x"), None, "t1")
            raise RuntimeError("boom")
        assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_work_lock_is_exclusive(tmp_path):
    path = tmp_path / "k.db"
    with open_store(path) as first, open_store(path) as second:
        with first.work_lock():
            with pytest.raises(StoreLockedError, match="busy"):
                with second.work_lock():
                    pass
        with second.work_lock():
            pass


def test_runs_are_recorded(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        run = store.start_run("crawl")
        store.finish_run(run, {"fetch/status/200": 3}, {"timeout": 1})
        row = store.conn.execute(
            "SELECT kind, status, counts, errors, finished_at FROM crawl_runs WHERE id = ?",
            (run,),
        ).fetchone()
    assert row[:4] == ("crawl", "ok", '{"fetch/status/200": 3}', '{"timeout": 1}')
    assert row[4]
