"""Which discovered links enter the frontier: canonical, crawlable, same site, filtered."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.config import Source
from pipeline.crawl.urls import same_site, try_canonicalize


def select_links(links: Iterable[str], base_url: str, source: Source, *,
                 same_site_only: bool, counts: list[str]) -> list[str]:
    """Canonical URLs from `links` that pass the source's filters, in first-seen order.

    Each rejection appends a counter name to `counts` (skip counters are not stored rows).
    """
    seen: set[str] = set()
    out: list[str] = []
    for link in links:
        url = try_canonicalize(link, base_url)
        if url is None:
            counts.append("discover/ignored/not_http")
            continue
        if url in seen:
            continue
        seen.add(url)
        if same_site_only and not same_site(url, source.url):
            counts.append("discover/ignored/offsite")
            continue
        reason = source.filter_reason(url)
        if reason:
            counts.append(f"filter/{reason}")
            continue
        out.append(url)
    return out
