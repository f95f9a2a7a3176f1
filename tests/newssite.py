"""A small, slow news site on 127.0.0.1 for crawls that are interrupted, locked, filled up or
backed up while they run: a home page linking NEWS_PAGES articles of ~6 KB of text each."""

from __future__ import annotations

import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NEWS_PAGES = 40
WORDS = ("cloud contract revenue model licence server market deal quarter supplier customer "
         "capacity price growth team platform analyst investor chip data centre software "
         "agreement partner billing service operator network storage compute region").split()

SOURCES = """
[crawl]
base_url = "http://127.0.0.1:{port}/"
concurrency = 2
per_host_concurrency = 2
per_host_delay = 0
private_hosts = ["127.0.0.1"]

[[source]]
name = "home"
kind = "page"
url = "/"
max_depth = 1
"""


def news_article(i: int) -> bytes:
    rng = random.Random(i)
    paras = "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".</p>"
                    for _ in range(15))  # text that compresses like prose
    return (f"<html lang='en'><head><title>Story {i}</title></head><body><article>"
            f"<h1>Story {i}</h1>{paras}</article></body></html>").encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.server.delay)  # type: ignore[attr-defined]
        ctype = "text/html; charset=utf-8"
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/":
            body = ("<html><body>" + "".join(f"<a href='/news/{i}.html'>s{i}</a>"
                                             for i in range(NEWS_PAGES))
                    + "</body></html>").encode()
        elif self.path.startswith("/news/"):
            body = news_article(int(self.path.split("/")[-1].split(".")[0]))
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


class NewsSite(ThreadingHTTPServer):
    """The site, serving in a daemon thread from construction; `delay` per request."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, delay: float = 0.05) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.delay = delay
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler that stops mid-request resets its connections

    def sources(self) -> str:
        return SOURCES.format(port=self.server_port)

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
