"""The store under hostile conditions: another process holding the write lock, a read-only
file or folder, a full disk. Each ends the command with one line on stderr and exit code 2,
loses nothing committed, and the next run continues to the same store an uninterrupted
crawl makes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from newssite import NEWS_PAGES, news_article

from pipeline.config import load_config
from pipeline.crawl import crawl
from pipeline.exceptions import StoreFullError
from pipeline.records import ArticleRecord
from pipeline.store import open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sources(news_site, write_sources) -> Path:
    return write_sources(news_site.sources())


def _snapshot(db: Path) -> tuple[list, list]:
    conn = sqlite3.connect(db)
    try:
        pages = conn.execute("SELECT url, state, error, content_hash FROM pages ORDER BY url"
                             ).fetchall()
        articles = conn.execute("SELECT url, title, text FROM articles ORDER BY url").fetchall()
    finally:
        conn.close()
    return pages, articles


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _done(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=10)
        try:
            return conn.execute("SELECT count(*) FROM pages WHERE state = 'done'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


@pytest.fixture
def reference(tmp_path, sources, page_reader) -> tuple[list, list]:
    db = tmp_path / "reference" / "ref.db"
    with open_store(db) as st:
        assert crawl(st, load_config(sources), reader=page_reader,
                     progress="quiet").status == "ok"
    snap = _snapshot(db)
    assert len(snap[1]) == NEWS_PAGES
    return snap


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def _env(wait: float = 2.0) -> dict[str, str]:
    return {**os.environ, "NEWSFACTS_LOCK_TIMEOUT": str(wait)}


def _crawl_args(sources: Path, db: Path) -> list[str]:
    return _cli("crawl", "--sources", str(sources), "--db", str(db), "--quiet")


def _run(args: list[str], wait: float = 2.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env=_env(wait))


def _one_line_error(stderr: str, words: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0], stderr
    assert "Traceback" not in stderr


HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock_held(db: Path) -> Iterator[None]:
    """Another process holds the store's SQLite write lock until the block ends."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_write_lock_taken_mid_crawl_waits_then_fails_and_the_next_crawl_finishes(
        tmp_path, sources, reference):
    db = tmp_path / "s.db"
    proc = subprocess.Popen(_crawl_args(sources, db), cwd=ROOT, env=_env(2.0),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _done(db) < 10:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    with write_lock_held(db):
        held = time.monotonic()
        _, err = proc.communicate(timeout=120)
        waited = time.monotonic() - held
        committed = _done(db)  # readers still read while the lock is held
    assert proc.returncode == 2
    _one_line_error(err, "write lock for over 2s")
    assert waited >= 1.9  # it waited for the lock before giving up
    assert 10 <= committed < NEWS_PAGES + 1
    again = _run(_crawl_args(sources, db))
    assert again.returncode == 0, again.stderr
    assert _snapshot(db) == reference and _integrity(db) == "ok"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*), min(status) FROM crawl_runs").fetchone() == (1, "ok")
    conn.close()


def test_a_write_lock_released_within_the_wait_is_waited_for(tmp_path):
    db = tmp_path / "s.db"
    assert _run(_cli("init", "--db", str(db))).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD.replace("sys.stdin.read()", "import time; time.sleep(1.5)"),
         str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    result = _run(_cli("extract", "--db", str(db)), wait=30.0)
    holder.wait(timeout=30)
    assert time.monotonic() - started >= 1.0
    assert result.returncode == 0, result.stderr
    assert "extract run 1" in result.stderr


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder unwritable, even for root (chattr +i), for the block."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("chattr is needed to make a file read-only for root")
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"chattr +i not supported here: {made.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_is_refused_in_one_line_and_kept(tmp_path, sources, reference,
                                                          what):
    folder = tmp_path / "store"
    db = folder / "s.db"
    first = _run(_crawl_args(sources, db) + ["--max-pages", "20"])
    assert first.returncode == 0, first.stderr
    before = _snapshot(db)
    for side in folder.glob("s.db-*"):  # a clean close leaves no -wal/-shm behind
        assert side.stat().st_size == 0 or side.name.endswith("-shm")
    with read_only(db if what == "file" else folder):
        for args in (_crawl_args(sources, db), _cli("extract", "--db", str(db))):
            result = _run(args)
            assert result.returncode == 2, (args, result.stderr)
            _one_line_error(result.stderr, "read-only")
    assert _snapshot(db) == before
    again = _run(_crawl_args(sources, db))
    assert again.returncode == 0, again.stderr
    assert _snapshot(db) == reference and _integrity(db) == "ok"


@contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """A size-limited tmpfs mounted at `where` (root only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    where.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_mid_crawl_loses_nothing_and_the_next_crawl_finishes(tmp_path, sources,
                                                                         reference):
    with small_disk(tmp_path / "disk", "700k") as disk:
        db = disk / "s.db"
        full = _run(_crawl_args(sources, db))
        assert full.returncode == 2, full.stderr
        _one_line_error(full.stderr, "disk full")
        assert _integrity(db) == "ok"
        committed = _done(db)
        assert 0 < committed < NEWS_PAGES
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        again = _run(_crawl_args(sources, db))
        assert again.returncode == 0, again.stderr
        assert _snapshot(db) == reference and _integrity(db) == "ok"


def test_a_full_store_rolls_back_the_whole_transaction(store):
    """The same failure injected at the SQLite level (max_page_count), where no small
    file system can be mounted: the transaction goes whole, the store stays usable."""
    def record(i: int) -> ArticleRecord:
        return ArticleRecord(url=f"http://x.test/{i}", title=f"T{i}", lang="en",
                             text=news_article(i).decode())

    with store.transaction():
        store.save_article(record(0), None, "1")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    with pytest.raises(StoreFullError, match="disk full"):
        with store.transaction():
            for i in range(1, 40):
                store.save_article(record(i), None, "1")
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert not store.conn.in_transaction
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    with store.transaction():
        store.save_article(record(1), None, "1")
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
