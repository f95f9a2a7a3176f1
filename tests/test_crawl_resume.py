"""Resumability: a crawl killed (kill -9), signalled or cut short by --max-pages and started
again ends with exactly the pages and articles of an uninterrupted crawl, no duplicates,
and nothing already committed fetched twice in the same run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.crawl import crawl
from pipeline.store import open_store

N_PAGES = 60
WORDS = ("cloud", "contract", "revenue", "model", "licence", "server", "market", "deal",
         "quarter", "supplier", "customer", "capacity", "price", "growth", "team")


def _article(i: int) -> bytes:
    paras = "".join(
        f"<p>Report {i}, part {k}: the {WORDS[(i + k) % 15]} and the {WORDS[(i * 7 + k) % 15]} "
        f"moved {i * 13 + k} points as the {WORDS[(i * 3 + k) % 15]} team explained to "
        f"analysts on day {k + 1} of the meeting in the city.</p>"
        for k in range(5)
    )
    nxt = f"<a href='/news/2026/story-{(i + 1) % N_PAGES}.html'>next</a>"
    return (f"<html lang='en'><head><title>Story number {i}</title></head><body><article>"
            f"<h1>Story number {i}</h1>{paras}</article>{nxt}</body></html>").encode()


class SlowSiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        srv: SlowSite = self.server  # type: ignore[assignment]
        with srv.lock:
            srv.hits[self.path] += 1
        time.sleep(srv.delay)
        ctype = "text/html; charset=utf-8"
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/":
            body = ("<html><body>" + "".join(
                f"<a href='/news/2026/story-{i}.html?utm_source=home'>s{i}</a>"
                for i in range(N_PAGES)) + "</body></html>").encode()
        elif self.path == "/sitemap.xml":
            locs = "".join(f"<url><loc>http://127.0.0.1:{srv.server_port}/news/2026/"
                           f"story-{i}.html</loc></url>" for i in range(0, N_PAGES, 2))
            body = ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                    f"sitemap/0.9'>{locs}</urlset>").encode()
            ctype = "application/xml"
        elif self.path.startswith("/news/2026/story-"):
            body = _article(int(self.path.rsplit("-", 1)[1].split(".")[0]))
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SlowSite(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, delay: float) -> None:
        super().__init__(("127.0.0.1", 0), SlowSiteHandler)
        self.delay = delay
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the crawler killed mid-request resets connections: expected here


@pytest.fixture
def slow_site() -> Iterator[SlowSite]:
    server = SlowSite(delay=0.08)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


SOURCES = """
[crawl]
base_url = "http://127.0.0.1:{port}/"
concurrency = 2
per_host_concurrency = 2
per_host_delay = 0
timeout = 5
private_hosts = ["127.0.0.1"]

[[source]]
name = "home"
kind = "page"
url = "/"
max_depth = 1

[[source]]
name = "sitemap"
kind = "sitemap"
url = "/sitemap.xml"
"""


def _snapshot(db: Path) -> tuple[list, list, int]:
    conn = sqlite3.connect(db)
    try:
        pages = conn.execute("SELECT url, state, error, duplicate_of IS NOT NULL FROM pages "
                             "ORDER BY url").fetchall()
        articles = conn.execute("SELECT url, title, text FROM articles ORDER BY url").fetchall()
        bodies = conn.execute("SELECT count(*) FROM page_bodies").fetchone()[0]
    finally:
        conn.close()
    return pages, articles, bodies


def _done(db: Path) -> set[str]:
    if not db.exists():
        return set()
    conn = sqlite3.connect(db, timeout=10)
    try:
        return {r[0] for r in conn.execute(
            "SELECT url FROM pages WHERE state != 'queued' AND url LIKE '%/story-%'")}
    except sqlite3.OperationalError:
        return set()
    finally:
        conn.close()


def _cli(sources: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "crawl", "--sources", str(sources),
            "--db", str(db), "--quiet", *extra]


def _reference(tmp_path: Path, write_sources, site: SlowSite, reader
               ) -> tuple[list, list, int]:
    path = write_sources(SOURCES.format(port=site.server_port))
    db = tmp_path / "reference.db"
    with open_store(db) as st:
        result = crawl(st, load_config(path), reader=reader, progress="quiet")
    assert result.status == "ok"
    site.hits.clear()
    return _snapshot(db)


def _wait_for(db: Path, proc: subprocess.Popen, n: int) -> None:
    deadline = time.monotonic() + 120
    while len(_done(db)) < n:
        assert proc.poll() is None, "crawl ended before it could be interrupted"
        assert time.monotonic() < deadline, "crawl made no progress"
        time.sleep(0.05)


def test_kill_9_then_restart_matches_an_uninterrupted_crawl(tmp_path, write_sources,
                                                            slow_site, page_reader):
    reference = _reference(tmp_path, write_sources, slow_site, page_reader)
    assert len(reference[1]) == N_PAGES  # every story became an article

    sources = write_sources(SOURCES.format(port=slow_site.server_port))
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(_cli(sources, db), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _wait_for(db, proc, 12)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = _done(db)
    assert 12 <= len(committed) < N_PAGES
    hits_before = Counter(slow_site.hits)

    done = subprocess.run(_cli(sources, db), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _snapshot(db) == reference

    # the restart continued the same run and fetched no committed page again
    again = {p for p, n in slow_site.hits.items() if n > hits_before.get(p, 0)}
    assert not {u.split("/", 3)[3] for u in committed} & {p.lstrip("/") for p in again}
    conn = sqlite3.connect(db)
    runs = conn.execute("SELECT id, status FROM crawl_runs").fetchall()
    conn.close()
    assert runs == [(1, "ok")]
    twice = [p for p, n in slow_site.hits.items() if p.startswith("/news/") and n > 1]
    assert len(twice) <= 2  # at most the pages in flight at the kill


def test_sigterm_stops_cleanly_and_the_next_crawl_continues(tmp_path, write_sources,
                                                           slow_site, page_reader):
    reference = _reference(tmp_path, write_sources, slow_site, page_reader)
    sources = write_sources(SOURCES.format(port=slow_site.server_port))
    db = tmp_path / "term.db"
    proc = subprocess.Popen(_cli(sources, db), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    _wait_for(db, proc, 8)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    hits_at_stop = Counter(slow_site.hits)
    conn = sqlite3.connect(db)
    status, counts = conn.execute("SELECT status, counts FROM crawl_runs").fetchone()
    queued = conn.execute("SELECT count(*) FROM pages WHERE state = 'queued'").fetchone()[0]
    conn.close()
    assert status == "interrupted" and queued > 0 and '"page/done"' in counts
    committed = _done(db)
    assert all(hits_at_stop["/" + u.split("/", 3)[3]] == 1 for u in committed)

    done = subprocess.run(_cli(sources, db), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _snapshot(db) == reference
    twice = {p for p, n in slow_site.hits.items() if p.startswith("/news/") and n > 1}
    assert not twice & {"/" + u.split("/", 3)[3] for u in committed}
    assert len(twice) <= 2  # in-flight pages are finished within a grace period, if not
    # abandoned (queued) and fetched again: at most `concurrency` of them


def test_run_command_stops_cleanly_on_sigterm(tmp_path, write_sources, slow_site, page_reader):
    """`newsfacts run` (crawl + extract) treats SIGTERM like `crawl` does: exit 0, the crawl
    run marked interrupted, and the next `run` finishes the same pages."""
    reference = _reference(tmp_path, write_sources, slow_site, page_reader)
    sources = write_sources(SOURCES.format(port=slow_site.server_port))
    db = tmp_path / "run.db"
    cmd = [sys.executable, "-m", "pipeline", "run", "--sources", str(sources),
           "--db", str(db), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _wait_for(db, proc, 8)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    conn = sqlite3.connect(db)
    kind, status = conn.execute("SELECT kind, status FROM crawl_runs ORDER BY id").fetchone()
    conn.close()
    assert (kind, status) == ("crawl", "interrupted")
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _snapshot(db) == reference


def test_max_pages_and_stop_event_continue_the_same_run(store, write_sources, slow_site,
                                                       page_reader):
    slow_site.delay = 0.0
    cfg = load_config(write_sources(SOURCES.format(port=slow_site.server_port)))
    first = crawl(store, cfg, reader=page_reader, max_pages=10, progress="quiet")
    assert first.status == "interrupted" and first.processed == 10
    stop = threading.Event()
    stop.set()  # stopped before it starts anything: nothing fetched, run still open
    second = crawl(store, cfg, reader=page_reader, stop=stop, progress="quiet")
    assert second.run_id == first.run_id and second.processed == 0
    third = crawl(store, cfg, reader=page_reader, progress="quiet")
    assert third.run_id == first.run_id and third.status == "ok" and third.resumed
    assert first.processed + third.processed == store.conn.execute(
        "SELECT count(*) FROM pages").fetchone()[0]
    assert third.counts["page/done"] == N_PAGES + 2  # home + sitemap + stories, counted once
    news_hits = [n for p, n in slow_site.hits.items() if p.startswith("/news/")]
    assert len(news_hits) == N_PAGES and set(news_hits) == {1}
    # a new run re-queues the seeds and re-fetches what it meets again
    fourth = crawl(store, cfg, reader=page_reader, progress="quiet")
    assert fourth.run_id == first.run_id + 1 and fourth.status == "ok"
    assert os.getpid() == store.conn.execute(
        "SELECT pid FROM crawl_runs WHERE id = ?", (fourth.run_id,)).fetchone()[0]
