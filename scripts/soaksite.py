"""A news site that keeps publishing, for scripts/soak.py (not for the test suite).

Every `every` seconds it publishes an article stating one payment between two companies
of the gazetteer, in a plain English sentence the extractor reads ("Oracle will pay Nvidia
$12 million a year for ..."), each company pair used once. Some articles are faulty (503
on their first two requests, or slow), some are also served byte for byte at a second URL
(an AMP copy, linked from the feed beside the original), and some are later updated in
place (a correction changes the amount). An RSS feed holds the latest 25 articles, a
sitemap all of them. `expected()` says what a crawl + extract must end with.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEED_SIZE = 25
SLOW_SECONDS = 3.0
FLAKY_FAILURES = 2  # a flaky article answers 503 this many times first
TEMPLATES = (  # (sentence, currency symbol, currency, period)
    ("{payer} will pay {payee} {sym}{n} million a year for {product}, the companies said "
     "on Tuesday.", "$", "USD", "year"),
    ("Under the agreement, {payer} pays {payee} {sym}{n} million a quarter for {product}.",
     "€", "EUR", "quarter"),
    ("{payer} agreed to pay {payee} {sym}{n} million a month for {product}, according to "
     "a filing.", "$", "USD", "month"),
)
PRODUCTS = ("cloud computing capacity", "data centre space", "AI model access",
            "network services", "software licences", "chip supply")
FILLER = (  # neutral sentences: no company, no amount, nothing the extractor could read
    "The deal was announced after months of talks between the two companies.",
    "Analysts said the contract would help both companies plan their spending.",
    "Neither company gave further details about the length of the agreement.",
    "The companies have worked together on smaller projects in the past.",
    "Industry observers expect similar agreements to follow later this year.",
    "The rollout is due to start in the spring and should take several months.",
    "Executives on both sides described the talks as constructive and detailed.",
    "The announcement came during a busy week for the technology sector.",
    "Some investors had expected the negotiations to take considerably longer.",
    "A spokesperson said the teams would meet again after the summer break.",
    "Regulators have not yet said whether they will look at the arrangement.",
    "Employees were told about the plan at an internal meeting on Monday morning.",
)


def companies() -> list[str]:
    """Top-level gazetteer names of letters and spaces only: the extractor misses the
    payment in "AT&T agreed to pay ..." and a dot splits "Warner Bros. Discovery"'s
    sentence, and the soak checks landing, not extraction."""
    names = []
    for line in (ROOT / "rules" / "companies.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            entry = json.loads(line)
            if entry["parent"] is None and re.fullmatch(r"[\w ]+", entry["name"]):
                names.append(entry["name"])
    return names


@dataclass
class Article:
    """One published article and its current version."""

    number: int
    payer: str
    payee: str
    template: int
    amount: int  # millions
    product: str
    published: datetime
    fault: str | None = None  # flaky | slow
    copy: bool = False  # also served at /amp/...
    version: int = 1
    requests: int = 0

    @property
    def path(self) -> str:
        return f"/news/{self.published:%Y/%m}/story-{self.number}.html"

    @property
    def amp_path(self) -> str:
        return f"/amp/story-{self.number}.html"

    def payment(self) -> tuple[str, str, float, str, str]:
        _, _, currency, period = TEMPLATES[self.template]
        return (self.payer, self.payee, self.amount * 1e6, currency, period)

    def html(self) -> bytes:
        sentence, sym, _, _ = TEMPLATES[self.template]
        pay = sentence.format(payer=self.payer, payee=self.payee, sym=sym, n=self.amount,
                              product=self.product)
        rng = random.Random(self.number)
        paras = [" ".join(rng.sample(FILLER, 3)) for _ in range(5)]  # a full-length story
        paras.insert(1, f"{pay} {rng.choice(FILLER)}")
        if self.version > 1:
            paras.append(f"Correction: an earlier version of this article gave a different "
                         f"amount (update {self.version - 1}).")
        body = "".join(f"<p>{p}</p>" for p in paras)
        title = f"{self.payer} signs {self.product} deal with {self.payee}"
        return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}"
                f" | The Soak Times</title></head><body><nav><a href='/'>Home</a></nav>"
                f"<main><article><h1>{title}</h1><p class='byline'>By Staff <time datetime="
                f"'{self.published:%Y-%m-%d}'>{self.published:%d %B %Y}</time></p>{body}"
                "</article></main><footer>The Soak Times, a test site</footer></body>"
                "</html>").encode()


class SoakSite:
    """The site's content; `publish()` and `update()` change it, `serve()` serves it."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        names = companies()
        self.pairs = [(a, b) for a in names for b in names if a != b]
        self.rng.shuffle(self.pairs)
        self.articles: list[Article] = []
        self.lock = threading.Lock()
        self.start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
        self.updates = 0

    def publish(self) -> Article:
        with self.lock:
            n = len(self.articles)
            payer, payee = self.pairs[n]
            roll = self.rng.random()
            art = Article(number=n, payer=payer, payee=payee,
                          template=self.rng.randrange(len(TEMPLATES)),
                          amount=self.rng.randint(2, 95), product=self.rng.choice(PRODUCTS),
                          published=self.start + timedelta(hours=n),
                          fault="flaky" if roll < 0.08 else "slow" if roll < 0.12 else None,
                          copy=self.rng.random() < 0.1)
            self.articles.append(art)
            return art

    def update(self) -> Article | None:
        """Correct the amount of an earlier article, in place (same URL, new bytes)."""
        with self.lock:
            if len(self.articles) < 5:
                return None
            art = self.rng.choice(self.articles[:-2])
            art.amount = art.amount % 90 + 3
            art.version += 1
            self.updates += 1
            return art

    def expected(self) -> dict[str, tuple[str, str, float, str, str]]:
        """URL path of every published article -> the payment its current version states."""
        with self.lock:
            return {a.path: a.payment() for a in self.articles}

    def serve(self) -> Server:
        server = Server(self)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    # --- pages -------------------------------------------------------------------------

    def page(self, path: str, origin: str) -> tuple[int, bytes, str, float]:
        """(status, body, content type, delay) for a request."""
        html = "text/html; charset=utf-8"
        with self.lock:
            arts = list(self.articles)
            if path == "/robots.txt":
                return 200, b"User-agent: *\nAllow: /\n", "text/plain", 0.0
            if path == "/feed.xml":
                return 200, self._feed(arts[-FEED_SIZE:], origin), "application/rss+xml", 0.0
            if path == "/sitemap.xml":
                return 200, self._sitemap(arts, origin), "application/xml", 0.0
            if path == "/":
                links = "".join(f"<li><a href='{a.path}'>{a.payer}</a></li>"
                                for a in reversed(arts[-10:]))
                return 200, f"<html><body><ul>{links}</ul></body></html>".encode(), html, 0.0
            for art in arts:
                if path == art.path or (art.copy and path == art.amp_path):
                    art.requests += 1
                    if art.fault == "flaky" and art.requests <= FLAKY_FAILURES:
                        return 503, b"", html, 0.0
                    return 200, art.html(), html, SLOW_SECONDS if art.fault == "slow" else 0.0
        return 404, b"", html, 0.0

    @staticmethod
    def _feed(arts: list[Article], origin: str) -> bytes:
        items = []
        for a in reversed(arts):
            links = [a.path] + ([a.amp_path] if a.copy else [])
            for link in links:
                items.append(f"<item><title>{a.payer} and {a.payee}</title><link>{origin}"
                             f"{link}?utm_source=rss</link><pubDate>"
                             f"{format_datetime(a.published)}</pubDate></item>")
        return ("<?xml version='1.0'?><rss version='2.0'><channel><title>The Soak Times"
                f"</title><link>{origin}/</link>{''.join(items)}</channel></rss>").encode()

    @staticmethod
    def _sitemap(arts: list[Article], origin: str) -> bytes:
        locs = "".join(f"<url><loc>{origin}{a.path}</loc></url>" for a in arts)
        return ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/"
                f"0.9'>{locs}</urlset>").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        server: Server = self.server  # type: ignore[assignment]
        path = self.path.split("?", 1)[0]
        status, body, ctype, delay = server.site.page(path, server.origin)
        if delay:
            time.sleep(delay)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        if status in (200, 304):
            self.send_header("ETag", etag)
        if status == 200:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64

    def __init__(self, site: SoakSite) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.site = site

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler killed mid-request resets its connections

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
retries = 1
backoff = 0.2
private_hosts = ["127.0.0.1"]

[[source]]
name = "soak-feed"
kind = "feed"
url = "/feed.xml"

[[source]]
name = "soak-sitemap"
kind = "sitemap"
url = "/sitemap.xml"
"""


def sources_toml(origin: str) -> str:
    return SOURCES.format(origin=origin)
