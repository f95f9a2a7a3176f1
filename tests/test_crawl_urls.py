"""URL canonicalisation and the discovery parsers (feeds, sitemaps, robots)."""

from __future__ import annotations

import gzip

import pytest

from pipeline.config import Source
from pipeline.crawl.feeds import feed_links
from pipeline.crawl.links import select_links
from pipeline.crawl.robots import parse_robots
from pipeline.crawl.sitemaps import parse_sitemap
from pipeline.crawl.urls import BadURL, canonicalize, host_key, same_site
from pipeline.exceptions import FetchError


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://News.Example.COM:80/a/b?z=1&a=2#frag", "http://news.example.com/a/b?a=2&z=1"),
        ("https://news.example:443", "https://news.example/"),
        ("https://news.example:8443/x", "https://news.example:8443/x"),
        ("http://n.example/a?utm_source=x&utm_MEDIUM=y&id=3&fbclid=abc&gclid=1",
         "http://n.example/a?id=3"),
        ("http://n.example/a?utm_campaign=x", "http://n.example/a"),
        ("http://n.example//a//b", "http://n.example/a/b"),
        ("http://n.example/a?b=&a=1", "http://n.example/a?a=1&b="),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
    ],
)
def test_canonicalize(url, canonical):
    assert canonicalize(url) == canonical
    assert canonicalize(canonical) == canonical  # idempotent


def test_relative_urls_resolve_against_base():
    assert canonicalize("../b?x=1#top", "http://n.example/a/c/d") == "http://n.example/a/b?x=1"


@pytest.mark.parametrize("url", ["ftp://x.example/", "mailto:a@b.example", "javascript:void(0)",
                                 "/relative", "http://user:pw@x.example/", "http://x:99999/"])
def test_not_crawlable(url):
    with pytest.raises(BadURL):
        canonicalize(url)


def test_host_key_and_same_site():
    assert host_key("https://a.example/x") == "https://a.example:443"
    assert host_key("http://a.example:8080/x") == "http://a.example:8080"
    assert same_site("http://www.a.example/x", "https://a.example/y")
    assert not same_site("http://a.example/", "http://b.example/")


def test_select_links_filters_and_counts():
    src = Source("s", "page", "http://a.example/", include=["/en/"], exclude=["/tag/"])
    counts: list[str] = []
    got = select_links(
        ["/en/one.html", "/en/one.html#c", "/it/two.html", "/en/tag/x", "mailto:x@y.example",
         "http://elsewhere.example/en/z"],
        "http://a.example/", src, same_site_only=True, counts=counts)
    assert got == ["http://a.example/en/one.html"]
    assert sorted(counts) == ["discover/ignored/not_http", "discover/ignored/offsite",
                              "filter/exclude", "filter/include"]


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>http://a.example/en/a.html?utm_source=rss</link></item>
<item><title>b</title><link>/en/b.html</link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>t</title><entry><title>a</title><link rel="alternate" href="http://a.example/x"/>
<id>1</id></entry></feed>"""


def test_feed_links_rss_and_atom():
    assert feed_links(RSS, "http://a.example/en/feed.xml") == [
        "http://a.example/en/a.html?utm_source=rss", "http://a.example/en/b.html"]
    assert feed_links(ATOM, "http://a.example/feed") == ["http://a.example/x"]


def test_not_a_feed():
    with pytest.raises(FetchError) as info:
        feed_links(b"<html><body>hello</body></html>", "http://a.example/f")
    assert info.value.reason == "bad_feed"


URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://a.example/1</loc><news:news><news:title>x</news:title></news:news></url>
<url><loc> http://a.example/2 </loc></url></urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://a.example/s1.xml</loc></sitemap></sitemapindex>"""


def test_sitemaps_urlset_news_index_and_gzip():
    assert parse_sitemap(URLSET, "u", 10**6).pages == ["http://a.example/1", "http://a.example/2"]
    idx = parse_sitemap(INDEX, "u", 10**6)
    assert idx.sitemaps == ["http://a.example/s1.xml"] and idx.pages == []
    assert parse_sitemap(gzip.compress(URLSET), "u", 10**6).pages[0] == "http://a.example/1"


def test_bad_sitemap_and_entity_expansion_refused():
    for body in (b"<html/>", b"not xml at all", RSS):
        with pytest.raises(FetchError) as info:
            parse_sitemap(body, "u", 10**6)
        assert info.value.reason == "bad_sitemap"
    bomb = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "' + b"x" * 1000 + b'">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<urlset><url><loc>http://a.example/&b;</loc></url></urlset>')
    pages = parse_sitemap(bomb, "u", 10**6).pages
    assert all(len(p) < 100 for p in pages)


def test_gzip_sitemap_over_cap_stops():
    with pytest.raises(FetchError) as info:
        parse_sitemap(gzip.compress(b" " * 2_000_000 + URLSET), "u", 100_000)
    assert info.value.reason == "too_large"


def test_robots_rules_delay_and_sitemaps():
    robots = parse_robots(b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n"
                          b"Sitemap: http://a.example/sitemap.xml\n")
    assert robots.allowed("http://a.example/en/x", "newsfacts")
    assert not robots.allowed("http://a.example/private/x", "newsfacts")
    assert robots.crawl_delay("newsfacts") == 2.0
    assert robots.sitemaps == ["http://a.example/sitemap.xml"]
