"""One crawl run: take queued pages, fetch them concurrently, commit each result whole.

Each result (page row, body, article, newly found links, run counts) is committed in one
transaction in the event-loop thread, so a kill at any moment loses at most in-flight
pages, which stay queued. Article extraction is the caller's `PageReader` (worker
processes, see pipeline/page_reader.py): crawl/ never imports article/.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pipeline.config import Config, Source
from pipeline.crawl.feeds import feed_links
from pipeline.crawl.fetch import (
    GZIP_TYPES,
    HTML_TYPES,
    TEXT_TYPES,
    XML_TYPES,
    Fetched,
    Fetcher,
    FetchFailed,
)
from pipeline.crawl.frontier import Frontier, PageRow, open_run
from pipeline.crawl.links import select_links
from pipeline.crawl.progress import Progress
from pipeline.crawl.robots import parse_robots
from pipeline.crawl.sitemaps import parse_sitemap
from pipeline.crawl.stats import Stats
from pipeline.crawl.urls import try_canonicalize
from pipeline.exceptions import (
    ConfigError,
    FetchError,
    InputError,
    StoreError,
    StoreLockedError,
)
from pipeline.records import ArticleRecord
from pipeline.store import Store

ACCEPT = {
    "page": HTML_TYPES,
    "feed": XML_TYPES | TEXT_TYPES,
    "sitemap": XML_TYPES | GZIP_TYPES | TEXT_TYPES,
    "robots": None,
}
STOP_GRACE = 3.0  # seconds in-flight pages get to finish after a stop request
# Reasons that mean "deliberately not fetched or not kept" rather than "went wrong".
SKIP_REASONS = frozenset({
    "robots_disallowed", "robots_unavailable", "bad_content_type", "not_html",
    "private_address", "bad_scheme",
})


@dataclass
class CrawlResult:
    """What a crawl did: its run, counters, error codes and final status."""

    run_id: int
    status: str  # ok | interrupted
    counts: dict[str, int]
    errors: dict[str, int]
    processed: int = 0  # pages finished by this invocation
    elapsed: float = 0.0
    resumed: bool = False

    def summary(self) -> str:
        c = self.counts
        rate = self.processed / self.elapsed if self.elapsed > 0 else 0.0
        errors = sum(self.errors.values())
        filtered = c.get("filter/include", 0) + c.get("filter/exclude", 0)
        return (
            f"crawl run {self.run_id} {self.status}: {self.processed} pages in "
            f"{self.elapsed:.1f}s ({rate:.1f}/s); fetched {c.get('page/done', 0)}, "
            f"unchanged {c.get('page/unchanged', 0)}, articles {c.get('article/saved', 0)}, "
            f"duplicates {c.get('page/duplicate', 0)}, filtered {filtered}, "
            f"skipped or failed {errors}"
        )


@dataclass
class Outcome:
    """The result of processing one page, committed in one transaction."""

    state: str
    fields: dict[str, Any] = field(default_factory=dict)
    body: bytes | None = None
    record: ArticleRecord | None = None
    discovered: list[tuple[list[str], str, int]] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)


class PageReader(Protocol):
    """Article extraction as the crawler needs it; `pipeline.page_reader.PageReader` is
    the real one. `read` raises InputError for bytes that are not text at all."""

    version: str  # stored with each article as its extractor version

    async def read(self, body: bytes, url: str, content_type: str | None,
                   content_language: str | None, fetched_at: datetime | None = None,
                   links: bool = True) -> tuple[ArticleRecord, str | None]: ...


def seed_kind(source: Source) -> str:
    if source.kind == "sitemap" and source.url.rstrip("/").endswith("/robots.txt"):
        return "robots"
    return source.kind


class Runner:
    """Drives one crawl over the store's frontier."""

    def __init__(self, store: Store, config: Config, sources: list[Source], *,
                 reader: PageReader, max_pages: int | None, progress: Progress,
                 stop: threading.Event) -> None:
        self.reader = reader
        self.store = store
        self.settings = config.crawl
        self.sources = {s.name: s for s in sources}
        self.max_pages = max_pages
        self.progress = progress
        self.stop = stop

    # --- the run ---------------------------------------------------------------------

    def run(self) -> CrawlResult:
        started = time.monotonic()
        # WAL + NORMAL: a killed process loses nothing committed; only power loss could
        # drop the last transactions, never corrupt the store.
        self.store.conn.execute("PRAGMA synchronous = NORMAL")
        run_id, counts, resumed = open_run(self.store)
        self.stats = Stats(counts)
        self.frontier = Frontier(self.store, run_id)
        self.processed = 0
        with self.store.transaction():
            for src in self.sources.values():
                self.store.upsert_source(src.name, src.kind, src.url, src.lang,
                                         src.config_json())
                if self.frontier.add(src.url, src.name, seed_kind(src), 0):
                    self.stats.inc("discover/seed")
            self.frontier.save_counts(self.stats.as_dict())
        try:
            finished = asyncio.run(self._loop())
        except (StoreError, StoreLockedError):
            # Full, locked or read-only: the run stays 'running' (nothing more can be
            # written now) and the next crawl resumes it from the last commit.
            raise
        except BaseException:
            self.store.finish_run(run_id, self.stats.as_dict(), self.stats.errors(),
                                  "interrupted")
            raise
        status = "ok" if finished else "interrupted"
        self.store.finish_run(run_id, self.stats.as_dict(), self.stats.errors(), status)
        return CrawlResult(run_id=run_id, status=status, counts=self.stats.as_dict(),
                           errors=self.stats.errors(), processed=self.processed,
                           elapsed=time.monotonic() - started, resumed=resumed)

    async def _loop(self) -> bool:
        """Crawl until the frontier is empty (True) or stop/max_pages ends it (False)."""
        names = list(self.sources)
        inflight: dict[asyncio.Task[Outcome], PageRow] = {}
        started = 0
        limit_hit = False
        async with Fetcher(self.settings, self.stats) as fetcher:
            self.fetcher = fetcher
            while not self.stop.is_set():
                free = self.settings.concurrency - len(inflight)
                if self.max_pages is not None:
                    free = min(free, self.max_pages - started)
                    limit_hit = started >= self.max_pages
                busy = {r.id for r in inflight.values()}
                for row in self.frontier.next_batch(names, busy, free):
                    inflight[asyncio.create_task(self._process(row))] = row
                    started += 1
                if not inflight:
                    break
                done, _ = await asyncio.wait(inflight, timeout=0.2,
                                             return_when=asyncio.FIRST_COMPLETED)
                if done:
                    self._commit([(inflight.pop(t), t.result()) for t in done])
                self.progress.update(self.stats, self.processed)
            if inflight:  # stopped: finish what is nearly done, abandon the rest (queued)
                done, _ = await asyncio.wait(inflight, timeout=STOP_GRACE)
                if done:
                    self._commit([(inflight.pop(t), t.result()) for t in done])
                for task in inflight:
                    task.cancel()
                await asyncio.gather(*inflight, return_exceptions=True)
        if self.stop.is_set() or limit_hit:
            return self.frontier.queued(names) == 0
        return True

    def _commit(self, results: list[tuple[PageRow, Outcome]]) -> None:
        """Write finished pages, each whole, and the run's counts in one transaction."""
        with self.store.transaction():
            for row, out in sorted(results, key=lambda r: r[0].id):
                self._write(row, out)
            self.frontier.save_counts(self.stats.as_dict())

    def _write(self, row: PageRow, out: Outcome) -> None:
        fields = dict(out.fields)
        if out.body is not None and fields.get("content_hash"):
            self.frontier.save_body(fields["content_hash"], out.body)
            other = self.frontier.original_of(fields["content_hash"], row.id)
            if other is not None and row.kind == "page":
                # The page found first (lower id) keeps the article, whichever finished
                # first; a copy from an earlier run stays the original.
                removed = None if other < row.id else self.frontier.make_duplicate(other, row.id)
                if removed is None:
                    fields["duplicate_of"] = other
                    out.record = None
                    out.discovered = []
                out.counts.append("page/duplicate")
                if removed:
                    self.stats.inc("article/saved", -removed)  # the copy's article went
        self.frontier.finish(row.id, state=out.state, **fields)
        if out.record is not None:
            self.store.save_article(out.record, row.id, self.reader.version)
            out.counts.append("article/saved")
        for urls, kind, depth in out.discovered:
            added = self.frontier.add_many(urls, row.source, kind, depth)
            self.stats.inc(f"discover/{kind}", added)
        for name in out.counts:
            self.stats.inc(name)
        self.stats.inc(f"page/{out.state}")
        self.processed += 1

    # --- one page --------------------------------------------------------------------

    async def _process(self, row: PageRow) -> Outcome:
        try:
            resp = await self.fetcher.fetch(row.url, etag=row.etag,
                                            last_modified=row.last_modified,
                                            accept=ACCEPT.get(row.kind, HTML_TYPES))
        except FetchFailed as e:
            return self._failed(e, e.status)
        except FetchError as e:
            return self._failed(e, None)
        except Exception as e:  # a client or parser bug must not stop the crawl
            return self._failed(FetchError("internal_error", f"{row.url}: {e!r}"), None)
        try:
            if resp.not_modified:
                out = Outcome("unchanged", {"status": 304, "error": None, "error_detail": None})
                if resp.etag:
                    out.fields["etag"] = resp.etag
                body = self.frontier.stored_body(row.content_hash)
                if body is not None:  # rediscover links from the stored copy
                    await self._discover(row, resp, body, out, extract=row.kind != "page")
                return out
            out = Outcome("done", {
                "status": resp.status, "final_url": resp.final_url,
                "content_type": resp.content_type, "charset": resp.charset,
                "etag": resp.etag, "last_modified": resp.last_modified,
                "content_hash": hashlib.sha256(resp.body).hexdigest(),
                "duplicate_of": None, "error": None, "error_detail": None,
            }, body=resp.body)
            await self._discover(row, resp, resp.body, out, extract=True)
            return out
        except FetchError as e:
            return self._failed(e, resp.status)
        except Exception as e:  # a bug or a parser crash must not stop the crawl
            return self._failed(FetchError("internal_error", f"{row.url}: {e!r}"), resp.status)

    def _failed(self, e: FetchError, status: int | None) -> Outcome:
        state = "skipped" if e.reason in SKIP_REASONS else "error"
        prefix = "skip" if state == "skipped" else "fetch/error"
        return Outcome(state, {"status": status, "error": e.reason,
                               "error_detail": str(e)[:500]},
                       counts=[f"{prefix}/{e.reason}"])

    async def _discover(self, row: PageRow, resp: Fetched, body: bytes, out: Outcome,
                        extract: bool) -> None:
        src = self.sources[row.source]
        base = resp.final_url
        if row.kind == "page":
            await self._page(row, src, resp, body, out, extract)
        elif row.kind == "feed":
            links = select_links(feed_links(body, base), base, src, same_site_only=False,
                                 counts=out.counts)
            out.discovered.append((links, "page", row.depth + 1))
        elif row.kind == "sitemap":
            sm = parse_sitemap(body, base, self.settings.max_bytes)
            pages = select_links(sm.pages, base, src, same_site_only=False, counts=out.counts)
            subs = [u for u in (try_canonicalize(s, base) for s in sm.sitemaps) if u]
            out.discovered += [(pages, "page", row.depth + 1), (subs, "sitemap", row.depth + 1)]
        elif row.kind == "robots":
            subs = [u for u in (try_canonicalize(s, base) for s in parse_robots(body).sitemaps)
                    if u]
            out.discovered.append((subs, "sitemap", row.depth + 1))

    async def _page(self, row: PageRow, src: Source, resp: Fetched, body: bytes,
                    out: Outcome, extract: bool) -> None:
        follow = src.kind == "page" and row.depth < src.max_depth
        if not extract and not follow:
            return
        digest = out.fields.get("content_hash")
        other = self.frontier.original_of(digest, row.id) if digest else None
        if other is not None and other < row.id:
            return  # a copy of a page we have: no second article, same links
        try:
            record, charset = await self.reader.read(
                body, resp.final_url, resp.raw_content_type, resp.content_language,
                datetime.now(UTC), links=follow)  # links only where the crawl follows them
        except InputError as e:
            out.state = "skipped"
            out.body = None
            out.fields.update(content_hash=None, error="not_html", error_detail=str(e)[:500])
            out.counts.append("skip/not_html")
            return
        if extract and out.state == "done":
            out.fields["charset"] = charset
            if record.is_article:
                out.record = record
            else:
                out.counts.append("article/not_article")
        if follow:
            links = select_links(record.links, resp.final_url, src, same_site_only=True,
                                 counts=out.counts)
            out.discovered.append((links, "page", row.depth + 1))


def select_sources(config: Config, source: str | None) -> list[Source]:
    if source is None:
        if not config.sources:
            raise ConfigError(f"{config.path}: no [[source]] to crawl")
        return list(config.sources)
    return [config.source(source)]
