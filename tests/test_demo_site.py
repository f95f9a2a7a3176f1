"""The demo server and the bundled demo site: headers, safety, and a site that hangs together."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
import lxml.etree
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from protego import Protego

from pipeline.demo import SITE_ORIGIN, default_root, resolve, running, serve
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
    "/" + "a" * 5000,
    "/en/%00.html",
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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("./\\%2eEfAa0:~\x00-_ ")), max_size=40))
def test_resolve_never_escapes_the_root_nor_raises(url_path: str) -> None:
    found = resolve(SITE, "/" + url_path)
    assert found is None or found.is_relative_to(SITE.resolve())


def test_serve_reports_a_busy_port(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(InputError, match=f"127.0.0.1:{port}"):
            serve(tmp_path, port)


def test_serve_refuses_a_missing_root(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        serve(tmp_path / "missing")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_demo_command_prints_url_and_stops_on_signal(tmp_path: Path, sig: int) -> None:
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
        proc.send_signal(sig)
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


# --- the site hangs together ------------------------------------------------------------


def page_links(page: Path) -> list[str]:
    """Every href on a page, resolved against the page's own URL on the placeholder origin."""
    doc = lxml.html.fromstring(page.read_bytes())
    own = ORIGIN + "/" + page.relative_to(SITE).as_posix()
    hrefs = doc.xpath("//a/@href | //link/@href")
    return [urljoin(own, h) for h in hrefs if not h.startswith("#")]


def test_every_html_file_parses_and_has_a_title_and_language() -> None:
    pages = html_files()
    assert len(pages) >= 35
    for page in pages:
        doc = lxml.html.fromstring(page.read_bytes())
        assert doc.tag == "html", page
        assert doc.get("lang") in {"en", "it", "de", "fr", "es"}, page
        assert doc.findtext(".//title").strip(), page
        assert len(doc.xpath("//link[@rel='canonical']")) == 1, page


def test_all_internal_links_resolve_to_files() -> None:
    checked = 0
    for page in html_files():
        for url in page_links(page):
            target = site_path(url)
            if target is None:
                continue
            assert target.is_file(), f"{page.relative_to(SITE)} links to missing {url}"
            checked += 1
    assert checked > 500


def test_canonical_links_point_to_the_page_itself_or_its_original() -> None:
    dups = {d["path"]: d["duplicate_of"] for d in expected()["duplicates"]}
    for page in html_files():
        path = "/" + page.relative_to(SITE).as_posix()
        doc = lxml.html.fromstring(page.read_bytes())
        canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
        want = dups.get(path, path)
        want = want.removesuffix("index.html")
        assert canonical == ORIGIN + want, page


@pytest.mark.parametrize("lang", ["en", "it", "de", "fr", "es"])
def test_feeds_parse_and_list_existing_articles_of_their_language(lang: str) -> None:
    feed = feedparser.parse((SITE / lang / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version in {"rss20", "atom10"}
    assert len(feed.entries) >= 5
    articles = {a["path"]: a for a in expected()["articles"]}
    for entry in feed.entries:
        path = urlsplit(entry.link).path
        assert (SITE / path.lstrip("/")).is_file(), entry.link
        assert articles[path]["lang"] == lang
        assert entry.title == articles[path]["title"]
        assert entry.get("published_parsed") is not None


def test_feeds_come_in_both_formats() -> None:
    versions = {feedparser.parse((SITE / lg / "feed.xml").read_bytes()).version
                for lg in ("en", "it", "de", "fr", "es")}
    assert versions == {"rss20", "atom10"}


def sitemap_locs(name: str) -> tuple[str, list[str]]:
    root = lxml.etree.fromstring((SITE / name).read_bytes())
    return root.tag, [loc.text.strip() for loc in root.iter(f"{SM}loc")]


def test_sitemap_index_lists_sitemaps_that_list_existing_pages() -> None:
    tag, sitemaps = sitemap_locs("sitemap_index.xml")
    assert tag == f"{SM}sitemapindex"
    assert len(sitemaps) >= 2
    listed = set()
    for url in sitemaps:
        target = site_path(url)
        assert target is not None and target.is_file(), url
        tag, locs = sitemap_locs(target.name)
        assert tag == f"{SM}urlset"
        for loc in locs:
            page = site_path(loc)
            assert page is not None and page.is_file(), loc
            listed.add(urlsplit(loc).path)
    news = lxml.etree.fromstring((SITE / "sitemap-news.xml").read_bytes())
    ns = {"n": "http://www.google.com/schemas/sitemap-news/0.9"}
    assert news.xpath("//n:news/n:publication_date", namespaces=ns)
    assert not any(p.startswith("/private/") for p in listed)


def test_robots_txt_disallows_the_private_path_and_names_the_sitemap_index() -> None:
    robots = Protego.parse((SITE / "robots.txt").read_text("utf-8"))
    ua = "newsfacts/0.1"
    for path in expected()["robots_disallowed"]:
        assert (SITE / path.lstrip("/")).is_file()
        assert not robots.can_fetch(ORIGIN + path, ua)
    for a in expected()["articles"]:
        assert robots.can_fetch(ORIGIN + a["path"], ua)
    assert list(robots.sitemaps) == [ORIGIN + "/sitemap_index.xml"]


def test_private_page_is_linked_but_not_in_feeds_or_sitemaps() -> None:
    private = expected()["robots_disallowed"][0]
    linked_from = [p for p in html_files() if ORIGIN + private in page_links(p)]
    assert linked_from, "the crawler must meet the disallowed URL to skip it"
    for name in ("sitemap-articles.xml", "sitemap-news.xml", "sitemap-pages.xml"):
        assert private not in (SITE / name).read_text("utf-8")
    for lg in ("en", "it", "de", "fr", "es"):
        assert private not in (SITE / lg / "feed.xml").read_text("utf-8")


def test_link_only_article_is_reachable_from_its_section_page_only() -> None:
    feeds_and_maps = "".join(
        (SITE / name).read_text("utf-8")
        for name in ["sitemap-articles.xml", "sitemap-news.xml"]
        + [f"{lg}/feed.xml" for lg in ("en", "it", "de", "fr", "es")]
    )
    only = expected()["link_only_articles"]
    assert only
    for path in only:
        assert path not in feeds_and_maps
        section = SITE / path.split("/")[1] / "index.html"
        assert ORIGIN + path in page_links(section)
        assert ORIGIN + path not in page_links(SITE / "index.html")  # depth 2, not 1


def test_duplicate_urls_serve_identical_bytes() -> None:
    dups = expected()["duplicates"]
    assert dups
    for d in dups:
        assert (SITE / d["path"].lstrip("/")).read_bytes() == \
            (SITE / d["duplicate_of"].lstrip("/")).read_bytes()


def test_home_page_has_a_tracking_link_with_fragment() -> None:
    home = lxml.html.fromstring((SITE / "index.html").read_bytes())
    hrefs = home.xpath("//a/@href")
    for t in expected()["tracking_links"]:
        assert t["href"] in hrefs
        parts = urlsplit(t["href"])
        assert parts.path == t["canonical"] and "utm_" in parts.query and parts.fragment


def test_expected_json_refers_to_existing_pages() -> None:
    exp = expected()
    paths = {a["path"] for a in exp["articles"]}
    assert len(paths) == len(exp["articles"]) >= 30
    assert {a["lang"] for a in exp["articles"]} == {"en", "it", "de", "fr", "es"}
    for path in paths | set(exp["robots_disallowed"]) | {d["path"] for d in exp["duplicates"]}:
        assert (SITE / path.lstrip("/")).is_file(), path
    fact_paths = set()
    ids = set()
    for fact in exp["facts"]:
        assert fact["period"] in {"month", "year", "quarter", "week", "day", "total"}
        assert (fact["term_months"] is not None) == (fact["period"] == "total")
        assert set(fact["articles"]) <= paths
        ids.add(fact["id"])
        fact_paths |= set(fact["articles"])
    assert len(ids) == len(exp["facts"])
    assert set(exp["no_fact_articles"]) == paths - fact_paths
    for conflict in exp["conflicts"]:
        assert set(conflict["facts"]) <= ids
    assert set(exp["link_only_articles"]) <= paths
    for nf in exp["must_not_be_facts"]:
        assert set(nf["articles"]) <= paths | set(exp["robots_disallowed"])
    assert {"child": "TikTok", "parent": "ByteDance"}.items() <= exp["company_links"][0].items()
    for path in exp["non_articles"]:
        assert site_path(ORIGIN + path).is_file(), path


def article_text(path: str) -> str:
    page = SITE / path.lstrip("/")
    sidecar = page.with_name(page.name + ".charset")
    charset = sidecar.read_text("ascii").strip() if sidecar.exists() else "utf-8"
    doc = lxml.html.fromstring(page.read_bytes().decode(charset))
    body = doc.xpath("//div[@class='story-body']//text()")
    return " ".join(body or doc.xpath("//article/p[not(@class)]//text()"))  # briefs: no div


def test_expected_articles_match_their_pages() -> None:
    for a in expected()["articles"]:
        page = SITE / a["path"].lstrip("/")
        raw = page.read_bytes()
        doc = lxml.html.fromstring(raw.decode(a["encoding"]))
        assert doc.findtext(".//h1") == a["title"], a["path"]
        assert doc.get("lang") == a.get("html_lang", a["lang"]), a["path"]
        assert a["published"] in raw.decode(a["encoding"]) or a["date_source"] == "visible text"
        assert bool(doc.xpath("//script[@type='application/ld+json']")) == a["has_json_ld"]
        if a["has_json_ld"]:
            ld = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
            assert ld["@type"] == "NewsArticle" and ld["inLanguage"] == a["lang"]
            assert ld["headline"] == a["title"] and ld["datePublished"].startswith(a["published"])
        if a.get("brief"):  # a news brief: its story, then one more paragraph, in <article>
            assert len(doc.xpath("//article/p[not(@class)]")) == 2, a["path"]
            assert doc.xpath("//aside[@class='related']//p"), a["path"]  # the longer neighbour
            declared = {"JSON-LD NewsArticle": bool(a["has_json_ld"]),
                        "og:type article": bool(doc.xpath("//meta[@property='og:type']")),
                        "<article> with <h1> and <time>": True}
            assert declared[a["declared_by"]], a["path"]
            if a["declared_by"] != "JSON-LD NewsArticle":
                assert not a["has_json_ld"]
            if a["declared_by"] == "<article> with <h1> and <time>":
                assert not doc.xpath("//meta[@property='og:type']")
                assert doc.xpath("//article[.//h1][.//time[@datetime]]"), a["path"]
            continue
        paras = doc.xpath("//div[@class='story-body']/p")
        assert 4 <= len(paras) <= 12, a["path"]


def test_expected_facts_name_companies_that_appear_in_their_articles() -> None:
    for fact in expected()["facts"]:
        for path in fact["articles"]:
            text = article_text(path)
            for name in (fact["payer"], fact["payee"]):
                assert name in text, (fact["id"], path, name)
    for nf in expected()["must_not_be_facts"]:
        for path in nf["articles"]:
            if path.startswith("/private/"):
                continue
            assert nf["payer"] in article_text(path), (path, nf["payer"])


def test_demo_sources_toml_follows_the_format_and_points_at_the_site() -> None:
    cfg = tomllib.loads((SITE / "sources.toml").read_text("utf-8"))
    crawl = cfg["crawl"]
    assert crawl["allow_private"] is True and crawl["per_host_delay"] == 0
    assert crawl["base_url"] == ""
    names = [s["name"] for s in cfg["source"]]
    assert len(names) == len(set(names))
    kinds = {s["kind"] for s in cfg["source"]}
    assert kinds == {"feed", "sitemap", "page"}
    for s in cfg["source"]:
        assert "://" not in s["url"]
        target = site_path(urljoin(ORIGIN + "/", s["url"]))
        assert target is not None and target.is_file(), s["url"]
        if s["kind"] == "page":
            assert s["max_depth"] == 2


def test_top_level_sources_toml_is_a_polite_real_starter_list() -> None:
    cfg = tomllib.loads((Path(__file__).parent.parent / "sources.toml").read_text("utf-8"))
    crawl = cfg["crawl"]
    assert crawl["allow_private"] is False and crawl["per_host_delay"] >= 2
    names = [s["name"] for s in cfg["source"]]
    assert len(names) == len(set(names))
    assert {s["lang"] for s in cfg["source"]} == {"en", "it", "de", "fr", "es"}
    for s in cfg["source"]:
        assert s["kind"] in {"feed", "sitemap", "page"}
        assert s["url"].startswith("https://"), s["url"]


def test_pages_with_the_served_origin_have_no_placeholder_left(base_url: str) -> None:
    body = get(base_url, "/en/nordwind-quantara-route-planning-contract.html").text
    assert f'<link rel="canonical" href="{base_url}en/nordwind-quantara-route-planning-contract.html">' \
        in body


def test_discovery_routes_in_expected_json_match_feeds_sitemaps_and_sections() -> None:
    feeds = {lg: {urlsplit(e.link).path for e in
                  feedparser.parse((SITE / lg / "feed.xml").read_bytes()).entries}
             for lg in ("en", "it", "de", "fr", "es")}
    in_sitemap = {urlsplit(u).path for u in sitemap_locs("sitemap-articles.xml")[1]}
    for a in expected()["articles"]:
        routes = set(a["discovered_by"])
        assert ("feed" in routes) == (a["path"] in feeds[a["lang"]]), a["path"]
        assert ("sitemap" in routes) == (a["path"] in in_sitemap), a["path"]
        section = SITE / a["lang"] / "index.html"
        assert ORIGIN + a["path"] in page_links(section), a["path"]
