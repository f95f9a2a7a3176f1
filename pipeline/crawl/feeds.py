"""Entry links from RSS and Atom feeds (feedparser)."""

from __future__ import annotations

import feedparser

from pipeline.exceptions import FetchError


def feed_links(body: bytes, base_url: str) -> list[str]:
    """The article links of a feed, in feed order (may be relative to `base_url`).

    Raises FetchError('bad_feed') when the body is not a feed at all.
    """
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise FetchError("bad_feed", f"{base_url}: not an RSS/Atom feed")
    out: list[str] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    link = alt["href"]
                    break
        if link:
            out.append(link)
    return out
