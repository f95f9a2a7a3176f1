"""Fact extraction on several processes, for machines with cores to spare.

`ProcessExtractor` has the interface of `Extractor` (extract, extract_many, counters) and
hands chunks of texts to worker processes, each with its own Extractor. Where the
platform can fork, the language pipelines are loaded once in this process first and the
workers inherit them (no second load, pages shared); elsewhere each worker loads its own.
Results come back in input order, and at most a few chunks per worker are in flight, so a
stream of any length runs in bounded memory.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.facts.extractor import Extractor, Item
from pipeline.records import Extraction

_worker: Extractor | None = None


def _init_worker(prefer_statistical: bool, full_document: bool) -> None:
    """Worker start: one Extractor; Ctrl-C and SIGTERM are the parent's to handle."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker = Extractor(prefer_statistical=prefer_statistical, full_document=full_document)


def _extract_chunk(chunk: list[Item], isolate: bool = False
                   ) -> tuple[list[Extraction | Exception], dict[str, int]]:
    """Extractions of one chunk, and the worker's counter increments for it.

    With `isolate`, a chunk that fails is redone text by text and each failing text gets
    its exception in place of an extraction, so one bad text costs only itself.
    """
    assert _worker is not None, "worker not initialised"
    before = dict(_worker.counters)
    out: list[Extraction | Exception]
    try:
        out = list(_worker.extract_many(chunk))
    except Exception:
        if not isolate:
            raise
        out = []
        for item in chunk:
            try:
                out.append(_worker.extract(*item))
            except Exception as e:  # noqa: BLE001 - handed to the caller in order
                out.append(e)
    delta = {k: v - before.get(k, 0) for k, v in _worker.counters.items()
             if v != before.get(k, 0)}
    return out, delta


class Pending:
    """Extractions under way in the workers (see `ProcessExtractor.submit`)."""

    def __init__(self, owner: ProcessExtractor, results: list[Any]) -> None:
        self._owner = owner
        self._results = results

    def result(self) -> list[Extraction | Exception]:
        """Wait for them: one Extraction, or the exception its text raised, per item."""
        out: list[Extraction | Exception] = []
        for r in self._results:
            out.extend(self._owner._collect(r))
        return out


class ProcessExtractor:
    """`Extractor` over `workers` processes; results in input order.

    Use as a context manager (or call `close`) to stop the workers. `workers=1` runs in
    this process, with no pool at all, so callers need no second code path.
    """

    def __init__(self, workers: int, prefer_statistical: bool = True,
                 full_document: bool = False, chunk_size: int = 256,
                 in_flight_per_worker: int = 2) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.prefer_statistical = prefer_statistical
        self.full_document = full_document
        self.chunk_size = chunk_size
        self.in_flight = max(1, in_flight_per_worker) * workers
        self.counters: dict[str, int] = {}
        self._local: Extractor | None = None
        self._pool: Any = None

    # --- the Extractor interface -----------------------------------------------------

    def extract(self, text: str, lang: str | None = None,
                published_at: str | None = None, url: str | None = None) -> Extraction:
        return next(iter(self.extract_many([(text, lang, published_at, url)])))

    def extract_many(self, items: Iterable[Item]) -> Iterator[Extraction]:
        """`Extractor.extract_many` on the workers: same results, same order."""
        if self.workers == 1:
            yield from self._extract_here(items)
            return
        pool = self._start()
        pending: deque[Any] = deque()
        for chunk in _chunks(items, self.chunk_size):
            pending.append(pool.apply_async(_extract_chunk, (chunk,)))
            if len(pending) >= self.in_flight:
                yield from self._collect(pending.popleft())
        while pending:
            yield from self._collect(pending.popleft())

    def submit(self, items: list[Item]) -> Pending:
        """Start extracting `items`, spread over the workers, and return at once: the
        caller can do other work (store the previous batch) while they run. A text that
        raises gets its exception in `Pending.result()` instead of an Extraction."""
        pool = self._start()
        size = max(1, -(-len(items) // self.workers))  # one share per worker
        return Pending(self, [pool.apply_async(_extract_chunk, (items[i:i + size], True))
                              for i in range(0, len(items), size)])

    # --- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        """Stop the worker processes (pending work is dropped)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> ProcessExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals -------------------------------------------------------------------

    def _extract_here(self, items: Iterable[Item]) -> Iterator[Extraction]:
        if self._local is None:
            self._local = Extractor(prefer_statistical=self.prefer_statistical,
                                    full_document=self.full_document)
            self._local.counters = self.counters
        yield from self._local.extract_many(items)

    def _start(self) -> Any:
        if self._pool is None:
            methods = mp.get_all_start_methods()
            if "fork" in methods:
                preload(self.prefer_statistical)
            ctx = mp.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ctx.Pool(self.workers, initializer=_init_worker,
                                  initargs=(self.prefer_statistical, self.full_document))
        return self._pool

    def _collect(self, result: Any) -> list[Any]:
        extractions, delta = result.get()
        for key, value in delta.items():
            self.counters[key] = self.counters.get(key, 0) + value
        return extractions


def preload(prefer_statistical: bool = True) -> None:
    """Load every language pipeline in this process, so that forked workers inherit them
    instead of loading their own."""
    from pipeline.facts import nlp as nlp_mod
    from pipeline.facts.lexicon import languages

    for lang in languages():
        nlp_mod.load_pipeline(lang, prefer_statistical)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
