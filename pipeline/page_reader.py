"""Article extraction for the crawler, in worker processes.

The crawler hands every fetched HTML page to a `PageReader`: the page's bytes go to a
worker process, which runs `pipeline.article.extract_article` and sends the record back.
Extraction never runs in two threads of one process: trafilatura and lxml keep
module-level parser state, and sharing it between threads corrupted the heap (crawls died
with SIGABRT/SIGSEGV, issue 13). Worker processes also give the crawl a second core.

- Workers are started with 'spawn' (a fresh interpreter, never a fork of a process that
  runs threads), ignore Ctrl-C (the parent stops them), and die with the parent (kill -9):
  the kernel kills them (PR_SET_PDEATHSIG on Linux) and a thread watches too, so none are
  left behind.
- A worker that dies (a crash inside a C library) breaks only the pages it held: the pool
  is started again and each such page is tried once more, then recorded as
  `extract_crashed`.
- Every `recycle_after` pages the pool is replaced by a fresh one (the old one finishes
  its pages first), so a long crawl's memory stays bounded.
- `workers=0` runs extraction in one dedicated thread of this process instead.
"""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime

from pipeline.exceptions import FetchError
from pipeline.records import ArticleRecord

RECYCLE_AFTER = 2000  # pages per pool before a fresh one takes over
PARENT_CHECK = 0.5  # seconds between a worker's checks that its parent still lives
PR_SET_PDEATHSIG = 1
# A picklable function: (body, url, content_type, content_language, fetched_at, links)
# -> result.
ReadFunction = Callable[[bytes, str, str | None, str | None, datetime | None, bool],
                        tuple[ArticleRecord, str | None]]


def read_page(body: bytes, url: str, content_type: str | None,
              content_language: str | None, fetched_at: datetime | None, links: bool = True
              ) -> tuple[ArticleRecord, str | None]:
    """The article in one fetched page, and the charset its bytes were decoded with;
    `links` only when the crawl follows the page's links (they cost a sixth of the work)."""
    from pipeline.article import extract_article
    from pipeline.article.decode import decode_html

    record = extract_article(body, url, content_type=content_type,
                             content_language=content_language, fetched_at=fetched_at,
                             links=links)
    return record, decode_html(body, content_type)[1]


# Long enough that language detection loads the models a real article needs (lingua
# reads short texts with larger models, which an article crawl seldom needs).
WARM_PAGE = ("<html lang='en'><head><title>Warm-up</title></head><body><article><h1>Warm-up"
             "</h1>" + "<p>The libraries and their models load once in each worker, while the "
             "crawl fetches its first robots files, feeds and sitemaps, so that the first "
             "article does not wait for them.</p>" * 3 + "</article></body></html>").encode()


def _warm() -> None:
    """Import trafilatura, lingua and dateparser and build their models: a worker's first
    task, submitted as the pool starts so it overlaps the crawl's first fetches."""
    read_page(WARM_PAGE, "http://warm-up.invalid/", None, None, None)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(0)  # the parent died (kill -9): nothing is waiting for our results


def _die_with_parent() -> None:
    """On Linux, ask the kernel to SIGKILL this process when its parent dies: it works even
    while a C library holds the GIL, which the watching thread cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the watching thread alone


def _init_worker(parent: int) -> None:
    """Worker start: Ctrl-C is the parent's to handle; exit when the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        _die_with_parent()
    if os.getppid() != parent:  # it died before we asked
        os._exit(0)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="watch-parent").start()


class PageReader:
    """`await reader.read(...)` extracts one page off the event loop; a context manager."""

    def __init__(self, workers: int = 1, recycle_after: int = RECYCLE_AFTER,
                 read: ReadFunction = read_page) -> None:
        from pipeline.article import EXTRACTOR_VERSION

        if workers < 0:
            raise ValueError("workers must be 0 (one thread) or more")
        self.workers = workers
        self.recycle_after = recycle_after
        self.version = EXTRACTOR_VERSION
        self._read = read
        self._pool: Executor | None = None
        self._served = 0
        self.counts: dict[str, int] = {}

    async def read(self, body: bytes, url: str, content_type: str | None,
                   content_language: str | None, fetched_at: datetime | None = None,
                   links: bool = True) -> tuple[ArticleRecord, str | None]:
        """The page's article record and charset (its links only with `links`);
        InputError for bytes that are not text, FetchError('extract_crashed') when the
        page crashed a worker twice."""
        args = (body, url, content_type, content_language, fetched_at, links)
        for _ in range(2):
            pool = self._current()
            try:
                return await asyncio.wrap_future(pool.submit(self._read, *args))
            except BrokenProcessPool:
                self._count("reader/worker_died")
                self._replace(pool)
        raise FetchError("extract_crashed", f"{url}: article extraction crashed twice")

    # --- the pool --------------------------------------------------------------------

    def _current(self) -> Executor:
        if self._pool is None:
            self._pool = self._start()
        elif self.recycle_after and self._served >= self.recycle_after:
            self._count("reader/recycled")
            self._replace(self._pool)
            self._pool = self._start()
        self._served += 1
        return self._pool

    def _start(self) -> Executor:
        self._served = 0
        if self.workers == 0:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-reader")
        pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"),
                                   initializer=_init_worker, initargs=(os.getpid(),))
        if self._read is read_page:
            for _ in range(self.workers):
                pool.submit(_warm)
        return pool

    def _replace(self, pool: Executor) -> None:
        """Let `pool` finish what it holds and go; the next read starts a new one."""
        if pool is self._pool:
            self._pool = None
        pool.shutdown(wait=False)

    def _count(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    # --- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        """Stop the workers; pages not started yet are dropped (they stay queued)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
