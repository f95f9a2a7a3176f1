"""robots.txt per host, parsed with protego and fetched once per crawl (RFC 9309 rules).

A 4xx robots.txt allows everything; a 5xx or an unreachable one disallows everything
(RFC 9309 2.3.1.3-4), so an unhealthy site is not hammered.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from protego import Protego

from pipeline.crawl.urls import host_key, robots_url
from pipeline.exceptions import FetchError

if TYPE_CHECKING:
    from pipeline.crawl.fetch import Fetcher

MAX_CRAWL_DELAY = 60.0


@dataclass
class Robots:
    """The rules of one host."""

    parser: Protego | None = None
    allow_all: bool = False
    sitemaps: list[str] = field(default_factory=list)

    def allowed(self, url: str, agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay is not None else None


def parse_robots(body: bytes) -> Robots:
    text = body.decode("utf-8", errors="replace")
    parser = Protego.parse(text)
    return Robots(parser=parser, sitemaps=list(parser.sitemaps))


class RobotsCache:
    """Fetches robots.txt once per host and applies its Crawl-delay to the host's slot."""

    def __init__(self, fetcher: Fetcher, agent: str) -> None:
        self.fetcher = fetcher
        self.agent = agent.split("/")[0]  # product token, as robots.txt groups name it
        self._rules: dict[str, Robots] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def get(self, url: str) -> Robots:
        key = host_key(url)
        if key in self._rules:
            return self._rules[key]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._rules:
                self._rules[key] = await self._load(url)
                delay = self._rules[key].crawl_delay(self.agent)
                if delay is not None:
                    slot = self.fetcher.slot(url)
                    slot.delay = max(slot.delay, delay)
        return self._rules[key]

    async def _load(self, url: str) -> Robots:
        stats = self.fetcher.stats
        try:
            resp = await self.fetcher.fetch(robots_url(url), check_robots=False, retries=1,
                                            accept=None)
        except FetchError as e:
            status = getattr(e, "status", None)
            if status is not None and 400 <= status < 500:
                stats.inc("robots/missing")
                return Robots(allow_all=True)
            stats.inc(f"robots/unavailable/{e.reason}")
            return Robots(allow_all=False)
        stats.inc("robots/parsed")
        return parse_robots(resp.body)

    async def check(self, url: str) -> None:
        """Raise FetchError('robots_disallowed' / 'robots_unavailable') when not allowed."""
        robots = await self.get(url)
        if robots.allowed(url, self.agent):
            return
        from pipeline.crawl.fetch import FetchFailed

        reason = "robots_disallowed" if robots.parser is not None else "robots_unavailable"
        raise FetchFailed(reason, f"{url}: not allowed by robots.txt", url=url)
