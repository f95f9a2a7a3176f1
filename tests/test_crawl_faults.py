"""The crawler against a misbehaving server on 127.0.0.1: every fault ends as a recorded
error or skip, nothing crashes, nothing stays queued, private addresses are never reached."""

from __future__ import annotations

import gzip
import json
import os
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.config import load_config
from pipeline.crawl import crawl
from pipeline.crawl.fetch import Decoder, FetchFailed

ARTICLE = (
    "<html lang='{lang}'><head><meta charset='{meta}'><title>{title}</title></head><body>"
    "<article><h1>{title}</h1>"
    + "".join(f"<p>{{para}} ({n})</p>" for n in ("one", "two", "three", "four", "five"))
    + "</article></body></html>"
)
IT_PARA = ("La società di Milano ha firmato un contratto con un fornitore della città: "
           "pagherà circa due milioni di euro al mese per tre anni, secondo fonti vicine.")
EN_PARA = ("The company signed a multi-year agreement with its cloud provider and will pay "
           "about two million dollars a month for computing capacity, people said.")
ROUTES = ["/ok.html", "/slow.html", "/hang.html", "/flaky.html", "/ratelimit.html",
          "/always500.html", "/reset.html", "/loop.html", "/to-private.html",
          "/to-localhost.html", "/to-file.html", "/big.html", "/chunked-big.html",
          "/bomb.html", "/binary.html", "/wrong-charset.html", "/private/secret.html",
          "/doc.pdf", "/etag.html", "/missing.html", "/copy-of-ok.html", "/first-slow.html",
          "/later-fast.html"]


class FaultHandler(BaseHTTPRequestHandler):
    """One route per fault; the server keeps a log of requests and per-path hit counts."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - a table of routes
        srv: FaultServer = self.server  # type: ignore[assignment]
        path = self.path
        with srv.lock:
            srv.hits[path] += 1
            hits = srv.hits[path]
            srv.log.append((path, dict(self.headers)))
        page = ARTICLE.format(lang="en", meta="utf-8", title=f"Story {path}",
                              para=EN_PARA).encode()
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/":
            links = "".join(f"<li><a href='{r}'>{r}</a></li>" for r in ROUTES)
            self._send(200, f"<html><body><ul>{links}</ul></body></html>".encode())
        elif path in ("/first-slow.html", "/later-fast.html"):
            if path == "/first-slow.html":
                time.sleep(0.4)  # the copy found later finishes first
            body = ARTICLE.format(lang="en", meta="utf-8", title="Twin", para=EN_PARA[::-1])
            self._send(200, body.encode())
        elif path in ("/ok.html", "/copy-of-ok.html"):
            ok = ARTICLE.format(lang="en", meta="utf-8", title="Story ok", para=EN_PARA)
            self._send(200, ok.encode())
        elif path == "/slow.html":
            time.sleep(0.3)
            self._send(200, page)
        elif path == "/hang.html":
            time.sleep(2.5)
            self._send(200, page)
        elif path == "/flaky.html":
            self._send(500 if hits == 1 else 200, page)
        elif path == "/ratelimit.html":
            if hits == 1:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "3600"})
            else:
                self._send(200, page)
        elif path == "/always500.html":
            self._send(503, b"down", "text/plain")
        elif path == "/reset.html":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif path == "/loop.html":
            self._send(302, headers={"Location": "/loop2.html"})
        elif path == "/loop2.html":
            self._send(302, headers={"Location": "/loop.html"})
        elif path == "/to-private.html":
            self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/to-localhost.html":
            self._send(301, headers={"Location": f"http://localhost:{srv.server_port}/ok.html"})
        elif path == "/to-file.html":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/big.html":
            self._send(200, b"<html>" + b"x" * 300_000)
        elif path == "/chunked-big.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"y" * 16_000 + b"</p>"
            try:
                for _ in range(40):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
        elif path == "/bomb.html":
            self._send(200, srv.bomb, headers={"Content-Encoding": "gzip"})
        elif path == "/binary.html":
            self._send(200, b"\x89PNG\r\n\x1a\n" + os.urandom(4000))
        elif path == "/wrong-charset.html":
            body = ARTICLE.format(lang="it", meta="windows-1252", title="Città e società",
                                  para=IT_PARA).encode("cp1252")
            self._send(200, body, "text/html; charset=utf-8")
        elif path == "/doc.pdf":
            self._send(200, b"%PDF-1.4 ...", "application/pdf")
        elif path == "/etag.html":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, headers={"ETag": '"v1"'})
            else:
                self._send(200, page, headers={"ETag": '"v1"'})
        else:
            self._send(404, b"not found", "text/plain")


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.log: list[tuple[str, dict[str, str]]] = []
        self.bomb = gzip.compress(b"<html>" + b"\0" * 20_000_000, 9)  # 20 MB from ~20 KB

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and timeouts are the point here


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


SETTINGS = """
[crawl]
base_url = "http://127.0.0.1:{port}/"
concurrency = 6
per_host_concurrency = 6
per_host_delay = 0
timeout = 1.0
retries = 2
backoff = 0.01
max_retry_after = 0.2
max_bytes = 200000
{private}

[[source]]
name = "faults"
kind = "page"
url = "/"
max_depth = 1
"""


def _crawl(store, write_sources, server, reader,
           private='private_hosts = ["127.0.0.1"]'):
    path = write_sources(SETTINGS.format(port=server.server_port, private=private))
    return crawl(store, load_config(path), reader=reader, progress="quiet")


def _pages(store) -> dict[str, tuple]:
    rows = store.conn.execute(
        "SELECT url, state, error, status, duplicate_of, charset, content_hash FROM pages"
    ).fetchall()
    return {r[0].split("/", 3)[3]: r[1:] for r in rows}


def test_every_fault_is_recorded_and_nothing_is_lost(store, write_sources, fault_server,
                                                     page_reader):
    result = _crawl(store, write_sources, fault_server, page_reader)
    assert result.status == "ok"
    pages = _pages(store)
    expect = {
        "ok.html": ("done", None),
        "slow.html": ("done", None),
        "hang.html": ("error", "timeout"),
        "flaky.html": ("done", None),
        "ratelimit.html": ("done", None),
        "always500.html": ("error", "http_503"),
        "reset.html": ("error", "connection_error"),
        "loop.html": ("error", "too_many_redirects"),
        "to-private.html": ("skipped", "private_address"),
        "to-localhost.html": ("skipped", "private_address"),
        "to-file.html": ("error", "bad_redirect"),
        "big.html": ("error", "too_large"),
        "chunked-big.html": ("error", "too_large"),
        "bomb.html": ("error", "too_large"),
        "binary.html": ("skipped", "not_html"),
        "wrong-charset.html": ("done", None),
        "private/secret.html": ("skipped", "robots_disallowed"),
        "doc.pdf": ("skipped", "bad_content_type"),
        "etag.html": ("done", None),
        "missing.html": ("error", "http_404"),
        "copy-of-ok.html": ("done", None),
        "first-slow.html": ("done", None),
        "later-fast.html": ("done", None),
    }
    assert {k: v[:2] for k, v in pages.items() if k} == expect
    assert pages[""][0] == "done"

    srv = fault_server
    assert srv.hits["/flaky.html"] == 2 and srv.hits["/ratelimit.html"] == 2
    assert srv.hits["/always500.html"] == 3  # first try + 2 retries
    assert srv.hits["/reset.html"] == 3
    assert srv.hits["/private/secret.html"] == 0  # robots: never requested
    assert srv.hits["/loop.html"] + srv.hits["/loop2.html"] == 6  # first + 5 redirects
    assert srv.hits["/ok.html"] == 1  # the localhost redirect target was never fetched

    c = result.counts
    assert c["fetch/retry/http_500"] == 1 and c["fetch/retry/http_429"] == 1
    assert c["fetch/retry/http_503"] == 2 and c["fetch/retry/connection_error"] == 2
    assert result.errors["too_large"] == 3 and result.errors["robots_disallowed"] == 1
    run = store.conn.execute("SELECT status, counts, errors FROM crawl_runs").fetchone()
    assert run[0] == "ok" and json.loads(run[1]) == c and json.loads(run[2]) == result.errors

    # the copy is stored once and gets no second article
    assert pages["copy-of-ok.html"][3] is not None
    assert pages["copy-of-ok.html"][5] == pages["ok.html"][5]
    assert store.conn.execute("SELECT count(*) FROM page_bodies WHERE content_hash = ?",
                              (pages["ok.html"][5],)).fetchone()[0] == 1
    urls = {r[0].rsplit("/", 1)[1] for r in store.conn.execute("SELECT url FROM articles")}
    assert "ok.html" in urls and "copy-of-ok.html" not in urls
    # the page found first keeps the article even when its copy finished first
    first_id = store.conn.execute("SELECT id FROM pages WHERE url LIKE '%/first-slow.html'"
                                  ).fetchone()[0]
    assert pages["first-slow.html"][3] is None and pages["later-fast.html"][3] == first_id
    assert "first-slow.html" in urls and "later-fast.html" not in urls
    assert c["article/saved"] == len(urls) and c["page/duplicate"] == 2

    # the page whose header lies about its charset is decoded by its real one
    charset = pages["wrong-charset.html"][4]
    text = store.conn.execute(
        "SELECT a.text FROM articles a JOIN pages p ON p.id = a.page_id "
        "WHERE p.url LIKE '%wrong-charset.html'").fetchone()[0]
    assert charset != "utf-8" and "città" in text and "società" in text


def test_recrawl_uses_conditional_get_and_records_unchanged(store, write_sources,
                                                            fault_server, page_reader):
    first = _crawl(store, write_sources, fault_server, page_reader)
    second = _crawl(store, write_sources, fault_server, page_reader)
    assert second.run_id == first.run_id + 1
    assert _pages(store)["etag.html"][:2] == ("unchanged", None)
    sent = [h for p, h in fault_server.log if p == "/etag.html"]
    assert len(sent) == 2 and sent[1].get("If-None-Match") == '"v1"'
    assert second.counts["page/unchanged"] >= 1


def test_private_addresses_refused_without_connecting(store, write_sources, fault_server,
                                                      page_reader):
    result = _crawl(store, write_sources, fault_server, page_reader, private="")
    pages = _pages(store)
    assert pages[""][:2] == ("skipped", "private_address")
    assert len(pages) == 1 and fault_server.log == []  # not even robots.txt was requested
    assert result.errors == {"private_address": 1}


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://169.254.169.254/latest/",
                                 "http://[::1]/", "http://[::ffff:127.0.0.1]/",
                                 "http://0.0.0.0/", "http://localhost/"])
def test_safety_guard_refuses_non_public_addresses(url):
    import asyncio

    from pipeline.config import CrawlSettings
    from pipeline.crawl.fetch import Fetcher
    from pipeline.crawl.stats import Stats

    async def check() -> str:
        async with Fetcher(CrawlSettings(), Stats()) as fetcher:
            try:
                await fetcher.check_safe(url)
            except FetchFailed as e:
                return e.reason
        return "allowed"

    assert asyncio.run(check()) == "private_address"


def test_gzip_bomb_decoder_stops_at_the_cap():
    bomb = gzip.compress(b"\0" * 50_000_000, 9)
    decoder = Decoder("gzip", 1_000_000)
    with pytest.raises(FetchFailed) as info:
        for i in range(0, len(bomb), 8192):
            decoder.feed(bomb[i:i + 8192])
    assert info.value.reason == "too_large"
    assert len(decoder.out) <= 1_000_001  # never inflated past the cap


def test_connect_time_guard_stops_dns_rebinding(fault_server):
    """A host that looked public when checked but resolves to loopback when connecting."""
    import asyncio

    from pipeline.config import CrawlSettings
    from pipeline.crawl.fetch import Fetcher
    from pipeline.crawl.stats import Stats

    async def fetch() -> str:
        settings = CrawlSettings(obey_robots=False, retries=0)
        async with Fetcher(settings, Stats()) as fetcher:
            fetcher._safe_hosts["localhost"] = None  # the pre-check's (stale) verdict
            try:
                await fetcher.fetch(f"http://localhost:{fault_server.server_port}/ok.html")
            except FetchFailed as e:
                return e.reason
        return "fetched"

    assert asyncio.run(fetch()) == "private_address"
    assert fault_server.log == []  # no connection reached the server
