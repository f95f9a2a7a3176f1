"""Politeness: per-host concurrency, Crawl-delay, robots.txt status rules, User-Agent."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.config import CrawlSettings, load_config
from pipeline.crawl import crawl
from pipeline.crawl.fetch import Fetcher
from pipeline.crawl.stats import Stats

N = 12


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        srv: Site = self.server  # type: ignore[assignment]
        with srv.lock:
            srv.agents.add(self.headers.get("User-Agent", ""))
            srv.paths.append(self.path)
            srv.active += 1
            srv.max_active = max(srv.max_active, srv.active)
        try:
            if self.path == "/robots.txt":
                status, body, ctype = srv.robots_status, srv.robots.encode(), "text/plain"
            elif self.path == "/":
                links = "".join(f"<a href='/p{i}.html'>{i}</a>" for i in range(N))
                status, body, ctype = 200, f"<html><body>{links}</body></html>".encode(), \
                    "text/html"
            else:
                time.sleep(0.05)  # long enough for requests to overlap if allowed to
                status, body, ctype = 200, b"<html><body><p>short</p></body></html>", \
                    "text/html"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with srv.lock:
                srv.active -= 1


class Site(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.active = self.max_active = 0
        self.agents: set[str] = set()
        self.paths: list[str] = []
        self.robots_status = 200
        self.robots = "User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


SOURCES = """
[crawl]
base_url = "http://127.0.0.1:{port}/"
user_agent = "newsfacts-test/9.9 (+https://example.invalid/bot)"
concurrency = 8
per_host_concurrency = 2
per_host_delay = 0
timeout = 5
retries = 1
backoff = 0.01
private_hosts = ["127.0.0.1"]

[[source]]
name = "site"
kind = "page"
url = "/"
max_depth = 1
"""


def _run(store, write_sources, site, reader):
    cfg = load_config(write_sources(SOURCES.format(port=site.server_port)))
    return crawl(store, cfg, reader=reader, progress="quiet")


def test_per_host_concurrency_and_user_agent(store, write_sources, site, page_reader):
    result = _run(store, write_sources, site, page_reader)
    assert result.counts["page/done"] == N + 1
    assert site.max_active == 2  # 8 global slots, but only 2 at a time on one host
    assert site.agents == {"newsfacts-test/9.9 (+https://example.invalid/bot)"}
    assert site.paths.count("/robots.txt") == 1  # cached per host


def test_robots_5xx_disallows_everything(store, write_sources, site, page_reader):
    site.robots_status = 503
    result = _run(store, write_sources, site, page_reader)
    assert result.errors == {"robots_unavailable": 1}
    assert site.paths == ["/robots.txt", "/robots.txt"]  # one retry, then nothing else


def test_robots_404_allows_everything(store, write_sources, site, page_reader):
    site.robots_status = 404
    result = _run(store, write_sources, site, page_reader)
    assert result.counts["page/done"] == N + 1 and result.counts["robots/missing"] == 1


def test_crawl_delay_slows_the_host_slot(site):
    site.robots = "User-agent: *\nCrawl-delay: 7\n"
    settings = CrawlSettings(private_hosts=["127.0.0.1"], per_host_delay=0.5)
    url = f"http://127.0.0.1:{site.server_port}/p1.html"

    async def delays() -> tuple[float, float]:
        async with Fetcher(settings, Stats()) as fetcher:
            before = fetcher.slot(url).delay
            await fetcher.robots.get(url)
            return before, fetcher.slot(url).delay

    assert asyncio.run(delays()) == (0.5, 7.0)
