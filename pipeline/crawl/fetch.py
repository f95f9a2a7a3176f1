"""The polite, safe HTTP fetcher: per-host slots, robots, retries, redirects and size caps.

Order of steps for one URL: scheme and address safety, robots.txt, the host's slot
(concurrency and delay), the request; redirects repeat the first three per hop; connect
errors, resets, 429 and 5xx are retried with exponential backoff, jitter and Retry-After.
Failures raise FetchError with a stable reason code.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
import zlib
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.config import CrawlSettings
from pipeline.crawl.robots import Robots, RobotsCache, parse_robots, rules_after_error
from pipeline.crawl.safety import PRIVATE_MARK, guarded_transport, is_public, resolve
from pipeline.crawl.stats import Stats
from pipeline.crawl.urls import BadURL, canonicalize, host_key, robots_url
from pipeline.exceptions import FetchError

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
XML_TYPES = frozenset({
    "application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
    "application/rdf+xml", "application/rss", "application/feed+xml",
})
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip", "application/octet-stream"})
TEXT_TYPES = frozenset({"text/plain"})
REDIRECTS = (301, 302, 303, 307, 308)


class FetchFailed(FetchError):
    """A FetchError that carries the HTTP status and the URL it happened at."""

    def __init__(self, reason: str, message: str = "", status: int | None = None,
                 url: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason, message)
        self.status = status
        self.url = url
        self.retry_after = retry_after


class _Retryable(FetchFailed):
    """A failure worth another attempt (connect error, reset, 429, 5xx)."""


@dataclass
class Fetched:
    """A successful (2xx) or not-modified (304) response, body read within the cap."""

    url: str
    final_url: str
    status: int
    content_type: str  # media type, lower-case, no parameters ('' when absent)
    charset: str | None  # from the Content-Type header
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_language: str | None = None
    raw_content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def split_content_type(value: str | None) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'."""
    if not value:
        return "", None
    msg = Message()
    msg["content-type"] = value
    charset = msg.get_param("charset")
    return msg.get_content_type().lower() if "/" in value else "", (
        str(charset).strip().lower() if charset else None
    )


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class HostSlot:
    """Politeness for one host: a semaphore and a minimum gap between request starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.sem = asyncio.Semaphore(concurrency)
        self.delay = delay
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        async with self._lock:
            now = time.monotonic()
            if self._next > now:
                await asyncio.sleep(self._next - now)
                now = time.monotonic()
            self._next = now + self.delay


class Decoder:
    """Content-Encoding decoding with a running size cap (a gzip bomb stops at the cap)."""

    def __init__(self, encoding: str, cap: int) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._obj = None
        elif encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._obj = zlib.decompressobj(zlib.MAX_WBITS + 32)  # zlib or gzip header
        else:
            raise FetchFailed("bad_encoding", f"unsupported Content-Encoding {encoding!r}")
        self.cap = cap
        self.out = bytearray()

    def feed(self, chunk: bytes) -> None:
        if self._obj is None:
            self.out += chunk
        else:
            try:
                self.out += self._obj.decompress(chunk, self.cap + 1 - len(self.out))
            except zlib.error as e:
                raise FetchFailed("bad_encoding", f"corrupt compressed body: {e}") from e
            if self._obj.unconsumed_tail:
                raise FetchFailed("too_large", f"body over {self.cap} bytes once decompressed")
        if len(self.out) > self.cap:
            raise FetchFailed("too_large", f"body over {self.cap} bytes")


def gunzip_capped(data: bytes, cap: int) -> bytes:
    """Decompress a gzip file (e.g. sitemap.xml.gz) without passing `cap` bytes."""
    dec = Decoder("gzip", cap)
    dec.feed(data)
    return bytes(dec.out)


class Fetcher:
    """An httpx AsyncClient with slots per host, robots, retries and safety checks."""

    def __init__(self, settings: CrawlSettings, stats: Stats) -> None:
        self.settings = settings
        self.stats = stats
        self._slots: dict[str, HostSlot] = {}
        self._safe_hosts: dict[str, str | None] = {}
        timeout = httpx.Timeout(settings.timeout, pool=None)
        limits = httpx.Limits(max_connections=max(settings.concurrency, 1) + 4,
                              max_keepalive_connections=max(settings.concurrency, 1))
        transport = None
        if not settings.allow_private:  # check addresses again when connecting
            transport = guarded_transport(settings.private_hosts, limits=limits,
                                          trust_env=False)
        self.client = httpx.AsyncClient(
            timeout=timeout, limits=limits, follow_redirects=False, transport=transport,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
            trust_env=False,
        )
        self.robots = RobotsCache(self._load_robots, settings.user_agent)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    # --- politeness and safety -------------------------------------------------------

    def slot(self, url: str) -> HostSlot:
        key = host_key(url)
        if key not in self._slots:
            self._slots[key] = HostSlot(self.settings.per_host_concurrency,
                                        self.settings.per_host_delay)
        return self._slots[key]

    async def _load_robots(self, url: str) -> Robots:
        """Fetch and parse the robots.txt of `url`'s host; its Crawl-delay slows the slot."""
        try:
            resp = await self.fetch(robots_url(url), check_robots=False, retries=1, accept=None)
        except FetchError as e:
            rules = rules_after_error(getattr(e, "status", None))
            self.stats.inc("robots/missing" if rules.allow_all
                           else f"robots/unavailable/{e.reason}")
            return rules
        self.stats.inc("robots/parsed")
        rules = parse_robots(resp.body)
        delay = rules.crawl_delay(self.robots.agent)
        if delay is not None:
            slot = self.slot(url)
            slot.delay = max(slot.delay, delay)
        return rules

    async def check_safe(self, url: str) -> None:
        """Refuse non-http(s) URLs and, unless allow_private, non-public addresses."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchFailed("bad_scheme", f"{url}: only http and https are fetched", url=url)
        host = parts.hostname or ""
        if not host:
            raise FetchFailed("bad_url", f"{url}: no host", url=url)
        if self.settings.allow_private or host.lower() in self.settings.private_hosts:
            return
        if host not in self._safe_hosts:
            self._safe_hosts[host] = await self._resolve_problem(host, parts.port)
        problem = self._safe_hosts[host]
        if problem:
            reason, _, detail = problem.partition(":")
            raise FetchFailed(reason, f"{url}: {detail}", url=url)

    async def _resolve_problem(self, host: str, port: int | None) -> str | None:
        try:
            addrs = await asyncio.wait_for(resolve(host, port or 443),
                                           timeout=self.settings.timeout)
        except (OSError, TimeoutError) as e:
            return f"dns_error:cannot resolve {host}: {e}"
        for ip in addrs:
            if not is_public(ip):
                return f"private_address:{host} resolves to non-public address {ip}"
        return None

    # --- fetching --------------------------------------------------------------------

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None,
                    accept: frozenset[str] | None = HTML_TYPES | XML_TYPES,
                    check_robots: bool = True, retries: int | None = None) -> Fetched:
        """GET `url` following safe redirects; raise FetchFailed with a reason code."""
        retries = self.settings.retries if retries is None else retries
        attempt = 0
        while True:
            try:
                return await self._follow(url, etag, last_modified, accept, check_robots)
            except _Retryable as e:
                if attempt >= retries:
                    raise FetchFailed(e.reason, str(e), status=e.status, url=e.url) from None
                wait = self.settings.backoff * (2 ** attempt) * (1 + random.random() / 2)
                if e.retry_after is not None:
                    wait = max(wait, e.retry_after)
                wait = min(wait, self.settings.max_retry_after)
                self.stats.inc(f"fetch/retry/{e.reason}")
                attempt += 1
                await asyncio.sleep(wait)

    async def _follow(self, url: str, etag: str | None, last_modified: str | None,
                      accept: frozenset[str] | None, check_robots: bool) -> Fetched:
        current = url
        for hop in range(self.settings.max_redirects + 1):
            await self.check_safe(current)
            if check_robots and self.settings.obey_robots:
                reason = await self.robots.refusal(current)
                if reason:
                    raise FetchFailed(reason, f"{current}: not allowed by robots.txt",
                                      url=current)
            result = await self._get_once(current, etag, last_modified, accept)
            if isinstance(result, Fetched):
                result.url = url
                return result
            if hop == self.settings.max_redirects:
                break
            try:
                current = canonicalize(urljoin(current, result))
            except BadURL as e:
                raise FetchFailed("bad_redirect", f"{current}: redirect to {e}",
                                  url=current) from e
            self.stats.inc("fetch/redirect")
        raise FetchFailed("too_many_redirects",
                          f"{url}: more than {self.settings.max_redirects} redirects", url=url)

    async def _get_once(self, url: str, etag: str | None, last_modified: str | None,
                        accept: frozenset[str] | None) -> Fetched | str:
        """One request; a str result is a redirect Location."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        slot = self.slot(url)
        async with slot.sem:
            await slot.wait_turn()
            self.stats.inc("fetch/requests")
            try:
                async with self.client.stream("GET", url, headers=headers) as resp:
                    return await self._read(url, resp, accept)
            except FetchFailed:
                raise
            except httpx.ConnectTimeout as e:
                raise _Retryable("connect_timeout", f"{url}: {e!r}", url=url) from e
            except httpx.ConnectError as e:
                if str(e).startswith(PRIVATE_MARK):
                    raise FetchFailed(PRIVATE_MARK, f"{url}: {e}", url=url) from e
                raise _Retryable("connect_error", f"{url}: {e}", url=url) from e
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as e:
                raise _Retryable("connection_error", f"{url}: {e!r}", url=url) from e
            except httpx.TimeoutException as e:
                raise FetchFailed("timeout", f"{url}: {e!r}", url=url) from e
            except (httpx.HTTPError, httpx.InvalidURL) as e:
                raise FetchFailed("http_error", f"{url}: {e!r}", url=url) from e

    async def _read(self, url: str, resp: httpx.Response,
                    accept: frozenset[str] | None) -> Fetched | str:
        status = resp.status_code
        self.stats.inc(f"fetch/status/{status}")
        if status in REDIRECTS and resp.headers.get("location"):
            return resp.headers["location"]
        if status == 429 or status >= 500:
            raise _Retryable(f"http_{status}", f"{url}: HTTP {status}", status=status, url=url,
                             retry_after=parse_retry_after(resp.headers.get("retry-after")))
        if status != 304 and not 200 <= status < 300:
            raise FetchFailed(f"http_{status}", f"{url}: HTTP {status}", status=status, url=url)
        raw_type = resp.headers.get("content-type")
        ctype, charset = split_content_type(raw_type)
        common: dict[str, Any] = {
            "url": url, "final_url": url, "status": status, "content_type": ctype,
            "charset": charset, "etag": resp.headers.get("etag"),
            "last_modified": resp.headers.get("last-modified"),
            "content_language": resp.headers.get("content-language"),
            "raw_content_type": raw_type,
        }
        if status == 304:
            return Fetched(body=b"", **common)
        if accept is not None and ctype and ctype not in accept:
            raise FetchFailed("bad_content_type", f"{url}: content type {ctype!r} not crawled",
                              status=status, url=url)
        cap = self.settings.max_bytes
        length = resp.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise FetchFailed("too_large", f"{url}: Content-Length {length} over {cap}",
                              status=status, url=url)
        decoder = Decoder(resp.headers.get("content-encoding", ""), cap)
        raw = 0
        try:
            async for chunk in resp.aiter_raw():
                raw += len(chunk)
                if raw > cap:
                    raise FetchFailed("too_large", f"{url}: body over {cap} bytes")
                decoder.feed(chunk)
        except FetchFailed as e:
            raise FetchFailed(e.reason, f"{url}: {e}", status=status, url=url) from None
        return Fetched(body=bytes(decoder.out), **common)
