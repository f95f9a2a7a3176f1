"""The crawler: sources.toml in, `pages` (and `articles`) filled, politely and resumably."""

from __future__ import annotations

import threading

from pipeline.config import Config
from pipeline.crawl.progress import make_progress
from pipeline.crawl.runner import CrawlResult, PageReader, Runner, select_sources
from pipeline.store import Store

__all__ = ["CrawlResult", "PageReader", "crawl"]


def crawl(store: Store, config: Config, *, reader: PageReader, source: str | None = None,
          max_pages: int | None = None, progress: str = "auto",
          stop: threading.Event | None = None) -> CrawlResult:
    """Crawl the config's sources (or one) into `store`; resume an unfinished run.

    `reader` extracts the article of each HTML page (`pipeline.page_reader.PageReader`).
    The caller holds `store.work_lock()`. Setting `stop` ends the run early: in-flight
    pages stay queued and the run is recorded as 'interrupted', to be continued.
    """
    sources = select_sources(config, source)
    bar = make_progress(progress)
    runner = Runner(store, config, sources, reader=reader, max_pages=max_pages,
                    progress=bar, stop=stop or threading.Event())
    bar.start()
    try:
        return runner.run()
    finally:
        bar.close()
