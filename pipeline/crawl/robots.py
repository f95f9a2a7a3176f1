"""robots.txt per host, parsed with protego and loaded once per crawl (RFC 9309 rules).

A 4xx robots.txt allows everything; a 5xx or an unreachable one disallows everything
(RFC 9309 2.3.1.3-4), so an unhealthy site is not hammered. Fetching it is the fetcher's
job: this module only parses, caches and judges (it imports nothing of fetch.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from protego import Protego

from pipeline.crawl.urls import host_key

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


def rules_after_error(status: int | None) -> Robots:
    """The rules when robots.txt could not be read: a 4xx answer allows everything, a 5xx
    or no answer disallows everything (RFC 9309 2.3.1.3-4)."""
    return Robots(allow_all=status is not None and 400 <= status < 500)


def refusal(robots: Robots, url: str, agent: str) -> str | None:
    """The reason code when `robots` does not allow `url`, else None."""
    if robots.allowed(url, agent):
        return None
    return "robots_disallowed" if robots.parser is not None else "robots_unavailable"


class RobotsCache:
    """The rules of each host, loaded once per crawl by `load` (given by the fetcher, which
    fetches robots.txt), even when many requests ask for the same host at once."""

    def __init__(self, load: Callable[[str], Awaitable[Robots]], agent: str) -> None:
        self.load = load
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
                self._rules[key] = await self.load(url)
        return self._rules[key]

    async def refusal(self, url: str) -> str | None:
        """'robots_disallowed' / 'robots_unavailable' when `url` may not be fetched."""
        return refusal(await self.get(url), url, self.agent)
