"""The demo server and the bundled demo site: headers, safety, and a site that hangs together."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from pipeline.demo import SITE_ORIGIN, default_root, running, serve
from pipeline.exceptions import InputError

SITE = default_root()
ORIGIN = SITE_ORIGIN.decode()
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running(SITE) as url:
        yield url


def get(base_url: str, path: str, **headers: str) -> httpx.Response:
    return httpx.get(urljoin(base_url, path), headers=headers, timeout=5)


def raw_get(base_url: str, raw_path: str) -> int:
    """Send a request line exactly as given (no client-side path normalisation)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        conn.putrequest("GET", raw_path, skip_accept_encoding=True)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def site_path(url: str) -> Path | None:
    """The file a same-site URL (absolute on the placeholder origin, or root-relative) names."""
    parts = urlsplit(url)
    if parts.scheme and f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return None
    rel = parts.path.lstrip("/")
    target = SITE / rel
    return target / "index.html" if rel == "" or rel.endswith("/") else target


def html_files() -> list[Path]:
    return sorted(SITE.rglob("*.html"))


def expected() -> dict:
    return json.loads((SITE / "expected.json").read_text("utf-8"))


# --- the server -------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "ctype"), [
    ("/", "text/html; charset=utf-8"),
    ("/index.html", "text/html; charset=utf-8"),
    ("/en/feed.xml", "application/rss+xml; charset=utf-8"),
    ("/it/feed.xml", "application/atom+xml; charset=utf-8"),
    ("/sitemap_index.xml", "application/xml; charset=utf-8"),
    ("/sitemap-news.xml", "application/xml; charset=utf-8"),
    ("/robots.txt", "text/plain; charset=utf-8"),
    ("/static/site.css", "text/css; charset=utf-8"),
])
def test_content_types(base_url: str, path: str, ctype: str) -> None:
    r = get(base_url, path)
    assert r.status_code == 200
    assert r.headers["content-type"] == ctype
    assert int(r.headers["content-length"]) == len(r.content)


def test_placeholder_origin_is_rewritten_to_the_server(base_url: str) -> None:
    for path in ("/robots.txt", "/en/feed.xml", "/sitemap_index.xml", "/index.html"):
        body = get(base_url, path).text
        assert ORIGIN not in body
        assert base_url.rstrip("/") in body


def test_windows_1252_page_is_served_with_its_charset(base_url: str) -> None:
    sidecars = sorted(SITE.rglob("*.html.charset"))
    assert sidecars, "the site must have one deliberately non-UTF-8 page"
    for sidecar in sidecars:
        page = sidecar.with_name(sidecar.name.removesuffix(".charset"))
        charset = sidecar.read_text("ascii").strip()
        r = get(base_url, "/" + page.relative_to(SITE).as_posix())
        assert r.headers["content-type"] == f"text/html; charset={charset}"
        raw = page.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert f'charset="{charset}"'.encode() in raw  # declared in the page too
        # bytes unchanged but for the origin (the placeholder is ASCII in any charset)
        assert r.content == raw.replace(SITE_ORIGIN, base_url.rstrip("/").encode())
        # the sidecar itself is not served
        assert get(base_url, "/" + sidecar.relative_to(SITE).as_posix()).status_code == 404


def test_etag_and_if_none_match(base_url: str) -> None:
    first = get(base_url, "/en/feed.xml")
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = get(base_url, "/en/feed.xml", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = get(base_url, "/en/feed.xml", **{"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    assert other.content == first.content


def test_last_modified_and_if_modified_since(base_url: str) -> None:
    first = get(base_url, "/robots.txt")
    last_modified = first.headers["last-modified"]
    assert get(base_url, "/robots.txt", **{"If-Modified-Since": last_modified}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert get(base_url, "/robots.txt", **{"If-Modified-Since": old}).status_code == 200
    # If-None-Match wins over If-Modified-Since when both are sent
    stale = {"If-None-Match": '"nope"', "If-Modified-Since": last_modified}
    assert get(base_url, "/robots.txt", **stale).status_code == 200


def test_etag_differs_between_files_and_head_has_no_body(base_url: str) -> None:
    a = get(base_url, "/en/feed.xml").headers["etag"]
    b = get(base_url, "/it/feed.xml").headers["etag"]
    assert a != b
    head = httpx.head(urljoin(base_url, "/en/feed.xml"), timeout=5)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == a


def test_missing_files_are_404(base_url: str) -> None:
    assert get(base_url, "/no/such/page.html").status_code == 404
    assert get(base_url, "/en/nothing-here.html").status_code == 404


def test_no_directory_listing(base_url: str) -> None:
    assert not (SITE / "static" / "index.html").exists()
    assert get(base_url, "/static/").status_code == 404
    assert get(base_url, "/en/").headers["content-type"].startswith("text/html")  # index.html


@pytest.mark.parametrize("raw_path", [
    "/../pyproject.toml",
    "/../../etc/passwd",
    "/%2e%2e/pyproject.toml",
    "/en/%2E%2E/%2E%2E/pyproject.toml",
    "/en/..%2f..%2fpyproject.toml",
    "/..\\pyproject.toml",
    "/.git/HEAD",
])
def test_path_traversal_refused(base_url: str, raw_path: str) -> None:
    assert raw_get(base_url, raw_path) == 404


def test_symlink_out_of_root_refused(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "ok.html").write_text("<p>ok</p>", "utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", "utf-8")
    (root / "leak.txt").symlink_to(secret)
    with running(root) as url:
        assert get(url, "/ok.html").status_code == 200
        assert get(url, "/leak.txt").status_code == 404


def test_query_string_is_ignored_for_lookup(base_url: str) -> None:
    plain = get(base_url, "/en/feed.xml")
    tracked = get(base_url, "/en/feed.xml?utm_source=x&utm_medium=y")
    assert tracked.status_code == 200
    assert tracked.content == plain.content


def test_serve_refuses_a_missing_root(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        serve(tmp_path / "missing")


def test_serve_demo_command_prints_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!DOCTYPE html><p>hello</p>", "utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve-demo", "--root", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        first = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert first.startswith("http://127.0.0.1:") and first.endswith("/")
        assert "hello" in httpx.get(first, timeout=5).text
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        assert proc.stderr.read() == ""  # type: ignore[union-attr]  # no request logging
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_demo_command_bad_root_is_one_line_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "serve-demo", "--root", str(tmp_path / "nope")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nope" in result.stderr
