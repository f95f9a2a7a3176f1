"""A static server for the bundled demo news site, so crawls and tests never touch the web.

It serves one folder on 127.0.0.1 with the headers a crawler cares about: a Content-Type
per file kind (RSS, Atom, sitemap, robots, HTML with its real charset), ETag and
Last-Modified with 304 answers to conditional requests, 404 for anything missing,
no directory listings and nothing outside the root.

A page that is deliberately not UTF-8 gets a sidecar file `<name>.charset` holding the
charset name (e.g. `windows-1252`); the server sends that charset in Content-Type.
Sidecars themselves are never served.

Feeds, sitemaps, robots.txt and canonical links need absolute URLs, but the port changes on
every run: the site's files write the placeholder origin `http://newsfacts-demo.test` and
the server rewrites it to its own base URL in every textual response.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import sys
import threading
from collections.abc import Iterator
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.exceptions import InputError

CHARSET_SIDECAR = ".charset"
SITE_ORIGIN = b"http://newsfacts-demo.test"

_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".toml": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}
_TEXTUAL = {"text/html", "text/css", "text/javascript", "text/plain", "text/markdown",
            "application/json", "image/svg+xml"}


def default_root() -> Path:
    """The bundled demo site: corpora/site/ beside the package."""
    return Path(__file__).resolve().parent.parent / "corpora" / "site"


def xml_content_type(head: bytes) -> str:
    """RSS, Atom or plain XML, judged from the document's first bytes."""
    sample = head[:2048].lower()
    if b"<rss" in sample:
        return "application/rss+xml"
    if b"<feed" in sample and b"http://www.w3.org/2005/atom" in sample:
        return "application/atom+xml"
    return "application/xml"


def content_type(path: Path, body: bytes) -> str:
    """The Content-Type header for a file, with the charset for text."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return f"{xml_content_type(body)}; charset=utf-8"
    kind = _TYPES.get(suffix, "application/octet-stream")
    if kind not in _TEXTUAL:
        return kind
    sidecar = path.with_name(path.name + CHARSET_SIDECAR)
    charset = sidecar.read_text("ascii").strip() if sidecar.is_file() else "utf-8"
    return f"{kind}; charset={charset}"


def _is_textual(kind: str) -> bool:
    return kind.split(";")[0] in _TEXTUAL or (kind.startswith("application/") and "xml" in kind)


def resolve(root: Path, url_path: str) -> Path | None:
    """The file under `root` that `url_path` names, or None (missing, outside, hidden)."""
    parts = [p for p in unquote(urlsplit(url_path).path).split("/") if p not in ("", ".")]
    if any(p == ".." or "\\" in p or "\x00" in p for p in parts):
        return None
    if any(p.startswith(".") or p.endswith(CHARSET_SIDECAR) for p in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        if candidate.is_dir():
            candidate = candidate / "index.html"
        real = candidate.resolve(strict=True)
        if not real.is_file() or not real.is_relative_to(root.resolve()):
            return None
    except (OSError, RuntimeError, ValueError):  # too long, loops, bad bytes
        return None
    return real


def etag_for(body: bytes) -> str:
    """A strong ETag: a quoted digest of the bytes."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _not_modified(headers: Message, etag: str, mtime: int) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since is None:
            return False
        return mtime <= int(since.timestamp())
    return False


class DemoHandler(BaseHTTPRequestHandler):
    """GET/HEAD for files under the server's root; quiet, no listings."""

    server_version = "newsfacts-demo/0.1"
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds an idle keep-alive connection is held

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._respond(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silence the per-request log lines."""

    def _respond(self, with_body: bool) -> None:
        root: Path = self.server.root  # type: ignore[attr-defined]
        path = resolve(root, self.path)
        if path is None:
            self._send_plain(HTTPStatus.NOT_FOUND, b"404 not found\n", with_body)
            return
        body = path.read_bytes()
        kind = content_type(path, body)
        if _is_textual(kind):
            base_url: str = self.server.base_url  # type: ignore[attr-defined]
            body = body.replace(SITE_ORIGIN, base_url.rstrip("/").encode("ascii"))
        mtime = int(path.stat().st_mtime)
        etag = etag_for(body)
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        if _not_modified(self.headers, etag, mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.send_header("Cache-Control", "max-age=0, must-revalidate")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _send_plain(self, status: HTTPStatus, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)


class DemoServer(ThreadingHTTPServer):
    """A threading HTTP server bound to 127.0.0.1 that knows its root folder."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root
        super().__init__(("127.0.0.1", port), DemoHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-request is normal for a crawler; stay quiet about it."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT/`."""
        return f"http://127.0.0.1:{self.server_address[1]}/"


def serve(root: Path, port: int = 0) -> tuple[DemoServer, str]:
    """Start serving `root` on 127.0.0.1:`port` (0 = a free port) in a daemon thread.

    Returns the server and its base URL; stop it with `server.shutdown()` then
    `server.server_close()`.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root}: not a folder to serve")
    try:
        server = DemoServer(root, port)
    except OSError as e:
        raise InputError(f"cannot listen on 127.0.0.1:{port}: {e.strerror or e}") from e
    thread = threading.Thread(target=server.serve_forever, name="demo-server", daemon=True)
    thread.start()
    return server, server.base_url


@contextlib.contextmanager
def running(root: Path | None = None, port: int = 0) -> Iterator[str]:
    """Serve `root` (default: the bundled site) for the duration of a `with`; yields base URL."""
    server, base_url = serve(root or default_root(), port)
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()
