"""URLs from XML sitemaps, sitemap indexes and news sitemaps (gzip-compressed or not)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from pipeline.crawl.fetch import gunzip_capped
from pipeline.exceptions import FetchError

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          recover=True, remove_comments=True, remove_pis=True)


@dataclass
class Sitemap:
    """What one sitemap file lists: pages (urlset) or further sitemaps (sitemapindex)."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_sitemap(body: bytes, url: str, max_bytes: int) -> Sitemap:
    """Parse a sitemap; raises FetchError('bad_sitemap') for anything else."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip_capped(body, max_bytes)
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError) as e:
        raise FetchError("bad_sitemap", f"{url}: not XML: {e}") from e
    if root is None:
        raise FetchError("bad_sitemap", f"{url}: empty sitemap")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise FetchError("bad_sitemap", f"{url}: root element <{kind}> is not a sitemap")
    out = Sitemap()
    target = out.pages if kind == "urlset" else out.sitemaps
    for entry in root:
        if _local(entry.tag) not in ("url", "sitemap"):
            continue
        for child in entry:
            if _local(child.tag) == "loc" and child.text and child.text.strip():
                target.append(child.text.strip())
                break
    return out
