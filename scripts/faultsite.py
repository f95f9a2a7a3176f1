"""A local news site with faults, for the stress and soak scripts (not for the test suite).

The articles are the 181 real pages of the article-extraction benchmark when the shared
datasets are found (`../shared/` beside the repository, $NEWSFACTS_SHARED, or --data),
otherwise generated pages. Next to them sit the fault routes a real
crawl meets: slow pages, 500s, a body over the size cap, a gzip bomb, binary bytes sent as
HTML, a page in windows-1252 that says UTF-8, a truncated response, a redirect loop and a
copy of another page. Everything is deterministic, so two crawls of the site must end
with the same store.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from shared_data import shared_path

BENCHMARK = Path("datasets") / "article-extraction-benchmark"
HTML = "text/html; charset=utf-8"
SLOW_SECONDS = 1.5
HUGE_BYTES = 3_000_000  # over the cap the sources below set (2 MB)
BOMB_BYTES = 40_000_000


def find_benchmark(explicit: Path | None = None) -> Path | None:
    """The benchmark folder: --data, else the shared datasets (../shared/ beside the
    repository, or $NEWSFACTS_SHARED); None when it is not there."""
    folder = explicit or shared_path(*BENCHMARK.parts)
    return folder if (folder / "html").is_dir() else None


def benchmark_pages(folder: Path) -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in sorted((folder / "html").glob("*.html.gz"))]


WORDS = ("cloud contract revenue model licence server market deal quarter supplier customer "
         "capacity price growth team platform analyst investor chip data centre software "
         "agreement partner billing service operator network storage compute region").split()


def generated_pages(n: int = 181, seed: int = 11) -> list[bytes]:
    """Plain news-like pages, for machines without the benchmark data."""
    rng = random.Random(seed)
    pages = []
    for i in range(n):
        paras = "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90)))
                        + ".</p>" for _ in range(rng.randint(4, 9)))
        pages.append((f"<html lang='en'><head><title>Report {i}</title></head><body>"
                      f"<nav><a href='/'>home</a></nav><article><h1>Report {i}</h1>"
                      f"<time datetime='2026-0{1 + i % 9}-1{i % 10}'>date</time>{paras}"
                      "</article><footer>The Fault Gazette</footer></body></html>").encode())
    return pages


def _slug(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:12]


class FaultSite:
    """Routes of the site: path -> handler. Build once, serve with `serve`."""

    def __init__(self, pages: list[bytes], seed: int = 5) -> None:
        rng = random.Random(seed)
        special, pages = pages[:5], pages[5:]  # pages served only behind a fault
        self.articles = {f"/news/{_slug(b)}.html": b for b in pages}
        paths = list(self.articles)
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        for path, body in self.articles.items():
            self.routes[path] = _static(body, HTML)
        # faults, each a link on the home page and in the sitemap
        faults: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        for k in range(3):
            faults[f"/fault/slow-{k}.html"] = _slow(special[k])
            faults[f"/fault/error-{k}.html"] = _status(500)
        faults["/fault/gone.html"] = _status(404)
        faults["/fault/huge.html"] = _static(b"<html><body><p>" + b"x" * HUGE_BYTES
                                             + b"</p></body></html>", HTML)
        faults["/fault/bomb.html"] = _static(gzip.compress(b"<p>" + b"0" * BOMB_BYTES), HTML,
                                             {"Content-Encoding": "gzip"})
        faults["/fault/binary.html"] = _static(rng.randbytes(50_000), HTML)
        latin = special[3].decode("utf-8", "replace")
        faults["/fault/charset.html"] = _static(latin.encode("cp1252", "replace")
                                                + b"\xe9\xe8 caf\xe9", HTML)
        faults["/fault/truncated.html"] = _truncated(special[4])
        faults["/fault/loop.html"] = _redirect("/fault/loop.html")
        faults["/fault/copy.html"] = _static(self.articles[paths[0]], HTML)
        faults["/fault/empty.html"] = _static(b"", HTML)
        self.faults = list(faults)
        self.routes.update(faults)
        self.routes["/robots.txt"] = _static(b"User-agent: *\nDisallow: /private/\n",
                                             "text/plain")
        links = paths + self.faults + ["/private/secret.html"]
        self.routes["/"] = _static(("<html><body><h1>The Fault Gazette</h1><ul>" + "".join(
            f"<li><a href='{p}'>{p}</a></li>" for p in links) + "</ul></body></html>").encode(),
            HTML)
        self.routes["/sitemap.xml"] = _sitemap(paths[::2] + self.faults[::2])

    def serve(self) -> Server:
        server = Server(self.routes)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


def _static(body: bytes, ctype: str, headers: dict[str, str] | None = None
            ) -> Callable[[BaseHTTPRequestHandler], None]:
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'

    def handle(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("ETag", etag)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handle


def _slow(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    inner = _static(body, HTML)

    def handle(h: BaseHTTPRequestHandler) -> None:
        time.sleep(SLOW_SECONDS)
        inner(h)

    return handle


def _status(code: int) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(code)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handle


def _truncated(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Content-Length", str(len(body) + 10_000))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.wfile.flush()
        h.close_connection = True

    return handle


def _redirect(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handle


def _sitemap(paths: list[str]) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(h: BaseHTTPRequestHandler) -> None:
        origin = f"http://127.0.0.1:{h.server.server_address[1]}"
        locs = "".join(f"<url><loc>{origin}{p}</loc></url>" for p in paths)
        _static((f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                 f"sitemap/0.9'>{locs}</urlset>").encode(), "application/xml")(h)

    return handle


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        server: Server = self.server  # type: ignore[assignment]
        path = self.path.split("?", 1)[0]
        with server.lock:
            server.hits += 1
        route = server.routes.get(path)
        if route is None:
            _status(404)(self)
        else:
            route(self)


class Server(ThreadingHTTPServer):
    """The site on 127.0.0.1 (port chosen by the system); `origin` is its base URL."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 64

    def __init__(self, routes: dict[str, Callable[[BaseHTTPRequestHandler], None]]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes = routes
        self.lock = threading.Lock()
        self.hits = 0

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler killed mid-request resets its connections: expected here

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


SOURCES = """
[crawl]
base_url = "{origin}/"
concurrency = 8
per_host_concurrency = 8
per_host_delay = 0
timeout = 10
max_bytes = 2000000
retries = 1
backoff = 0.1
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


def sources_toml(origin: str) -> str:
    return SOURCES.format(origin=origin)

