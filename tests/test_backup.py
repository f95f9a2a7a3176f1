"""`newsfacts backup`: SQLite's online backup API gives a consistent, single-file copy of
the store, even while a crawl is writing to it, and never a half-written FILE."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from newssite import NEWS_PAGES

from pipeline.cli import cli
from pipeline.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _done(db: Path) -> int:
    try:
        return _rows(db, "SELECT count(*) FROM pages WHERE state = 'done'")[0][0]
    except sqlite3.OperationalError:
        return 0


def test_backups_taken_while_a_crawl_writes_are_consistent_snapshots(tmp_path, news_site,
                                                                     write_sources):
    news_site.delay = 0.15
    sources = write_sources(news_site.sources())
    db = tmp_path / "live.db"
    crawl = subprocess.Popen([sys.executable, "-m", "pipeline", "crawl", "--sources",
                              str(sources), "--db", str(db), "--quiet"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _done(db) < 3:
        assert crawl.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    copies = []
    while crawl.poll() is None and len(copies) < 4:
        out = tmp_path / f"copy-{len(copies)}.db"
        result = subprocess.run([sys.executable, "-m", "pipeline", "backup", "--db", str(db),
                                 "-o", str(out)], cwd=ROOT, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        assert str(out) in result.stdout and "quick_check ok" in result.stdout
        copies.append(out)
        time.sleep(0.3)
    _, err = crawl.communicate(timeout=300)
    assert crawl.returncode == 0, err  # the backups did not disturb the crawl
    final = dict(_rows(db, "SELECT url, text FROM articles"))
    assert len(final) == NEWS_PAGES
    done = []
    for copy in copies:
        assert not Path(str(copy) + "-wal").exists()  # one self-contained file
        assert _rows(copy, "PRAGMA integrity_check") == [("ok",)]
        assert _rows(copy, "PRAGMA journal_mode") == [("delete",)]
        with open_store(copy, create=False) as st:  # a newsfacts store as it is
            assert st.conn.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] == 1
        articles = _rows(copy, "SELECT a.url, a.text, p.state FROM articles a "
                               "JOIN pages p ON p.id = a.page_id")
        # whole commits only: every article has its page, finished, with the final text
        assert all(state == "done" and final[url] == text for url, text, state in articles)
        assert len(articles) == len(_rows(copy, "SELECT id FROM articles"))
        done.append(_done(copy))
    assert done == sorted(done) and 3 <= done[0] < NEWS_PAGES + 1  # taken mid-crawl


def test_backup_refuses_to_replace_a_file_unless_forced(tmp_path):
    db, out = tmp_path / "s.db", tmp_path / "copy.db"
    open_store(db).close()
    out.write_bytes(b"precious")
    runner = CliRunner()
    refused = runner.invoke(cli, ["backup", "--db", str(db), "-o", str(out)])
    assert refused.exit_code == 2 and "already exists" in refused.output
    assert out.read_bytes() == b"precious"
    forced = runner.invoke(cli, ["backup", "--db", str(db), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert _rows(out, "PRAGMA integrity_check") == [("ok",)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_backup_of_a_missing_or_foreign_file_is_refused(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli, ["backup", "--db", str(tmp_path / "no.db"),
                                  "-o", str(tmp_path / "c.db")])
    assert missing.exit_code == 2 and "no such store" in missing.output
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    foreign = runner.invoke(cli, ["backup", "--db", str(other), "-o", str(tmp_path / "c.db")])
    assert foreign.exit_code == 2 and "not a newsfacts store" in foreign.output
    assert not (tmp_path / "c.db").exists()
