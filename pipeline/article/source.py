"""Read one page for the `article` command: a local .html/.html.gz file or an http(s) URL.

URLs go through the crawler's fetcher (pipeline.crawl.fetch), so the same safety rules
apply: http/https only, size cap, timeout, robots.txt, private addresses refused unless
allowed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from pipeline.exceptions import InputError

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class Loaded:
    """The bytes of one page and what came with them."""

    body: bytes
    url: str
    content_type: str | None = None
    content_language: str | None = None


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def load(item: str, *, allow_private: bool = False) -> Loaded:
    """Read `item` (path or URL); raise InputError or FetchError with a clear message."""
    if is_url(item):
        return _fetch(item, allow_private)
    if "://" in item:
        raise InputError(f"{item}: only local files and http(s) URLs can be read")
    path = Path(item)
    if not path.is_file():
        raise InputError(f"{item}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"{item}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        body = path.read_bytes()
    except OSError as e:
        raise InputError(f"{item}: {e.strerror or e}") from e
    return Loaded(body=body, url=path.resolve().as_uri())


def _fetch(url: str, allow_private: bool) -> Loaded:
    from pipeline.config import CrawlSettings
    from pipeline.crawl.fetch import HTML_TYPES, Fetcher
    from pipeline.crawl.stats import Stats

    settings = CrawlSettings(allow_private=allow_private, retries=1, per_host_delay=0.0)

    async def run() -> Loaded:
        async with Fetcher(settings, Stats()) as fetcher:
            got = await fetcher.fetch(url, accept=HTML_TYPES)
        return Loaded(body=got.body, url=got.final_url or url,
                      content_type=got.raw_content_type,
                      content_language=got.content_language)

    return asyncio.run(run())
