"""The unit of work a Dask worker runs: one WARC file in, compact article records out.

Each response record goes through the crawler's steps for a fetched page (URL
canonicalisation, size cap, decoding, `extract_article`), then fact extraction runs on the
readable articles in batches. What goes back to the driver is small: article metadata,
the text only where the store will keep it, the facts, and counters by reason.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.backfill.paths import open_binary
from pipeline.backfill.warc import Bad, Capture, NotWarcError, records
from pipeline.records import ArticleRecord, Extraction

KEEP_TEXT = ("facts", "all")
FACTS_BATCH = 128  # articles per fact-extraction call: bounds a worker's memory per file

_extractor: Any = None  # one fact Extractor per worker process, loaded on first use


@dataclass(frozen=True)
class Options:
    """What to take from the archives and what to keep of it."""

    keep_text: str = "facts"  # facts: text only for articles with facts; all: every text
    langs: frozenset[str] | None = None
    since: str | None = None  # YYYY-MM-DD, on the publication date (else the capture date)
    until: str | None = None
    max_bytes: int = 5_000_000  # the crawler's body cap
    prefer_statistical: bool = True


@dataclass
class Archived:
    """One article read from an archive, ready for the store."""

    record: ArticleRecord  # links dropped; text empty unless kept
    offset: int
    captured_at: str | None  # ISO 8601, UTC
    content_hash: str  # sha256 of the body, as the crawler computes it
    extraction: Extraction | None
    text_kept: bool
    extract_failed: bool = False  # left for `newsfacts extract` to try again


@dataclass
class FileResult:
    """What reading one WARC file (or a byte range of it) gave: its articles and counters,
    or why it failed."""

    path: str
    start: int = 0
    end: int | None = None
    state: str = "done"  # done | failed
    reason: str | None = None
    detail: str | None = None
    articles: list[Archived] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    records: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this worker process's CPU time on it


def _iso(when: datetime | None) -> str | None:
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def get_extractor(prefer_statistical: bool = True) -> Any:
    """This process's fact Extractor (the language models load once per worker)."""
    global _extractor
    if _extractor is None:
        from pipeline.facts.extractor import Extractor

        _extractor = Extractor(prefer_statistical=prefer_statistical)
    return _extractor


def quiet_profiler(dask_worker: Any = None) -> bool:
    """Stop this Dask worker's statistical profiler (run on every worker by
    `client.run`). It holds the task thread's frames, and with them the parse trees of
    Resiliparse, which must be freed by the thread that made them: dropped later in the
    profiler's thread they cannot be, and leak. Whether it was running."""
    if dask_worker is None:
        return False
    stopped = False
    for key in ("profile", "profile-cycle"):
        pc = dask_worker.periodic_callbacks.pop(key, None)
        if pc is not None:
            pc.stop()
            stopped = True
    return stopped


def read_file(path: str, options: Options, start: int = 0, end: int | None = None
              ) -> FileResult:
    """Read the records of the WARC file at `path` (local or fsspec URL) that start in
    [start, end) into a FileResult. Never raises for bad input: a file that cannot be read
    at all comes back `failed` with a reason."""
    started, cpu = time.perf_counter(), time.process_time()
    result = FileResult(path, start, end)
    counts: Counter[str] = Counter()
    try:
        with open_binary(path) as fh:
            _read(fh, options, result, counts)
    except NotWarcError as e:
        result.state, result.reason, result.detail = "failed", e.reason, str(e)[:500]
    except OSError as e:
        result.state, result.reason = "failed", "unreadable"
        result.detail = f"{path}: {e.strerror or e}"[:500]
    if result.state == "failed":
        counts[f"warc/error/{result.reason}"] += 1
        result.articles = []
    counts[f"warc/part/{result.state}"] += 1
    result.counts = dict(counts)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu
    return result


def _read(fh: Any, options: Options, result: FileResult, counts: Counter[str]) -> None:
    batch: list[Archived] = []
    for item in records(fh, options.max_bytes, result.start, result.end):
        result.records += 1
        counts["warc/records"] += 1
        if isinstance(item, Bad):
            counts[f"{'skip' if item.skip else 'warc/error'}/{item.reason}"] += 1
            continue
        archived = _article(item, options, counts)
        if archived is None:
            continue
        batch.append(archived)
        if len(batch) >= FACTS_BATCH:
            result.articles.extend(_with_facts(batch, options, counts))
            batch = []
    result.articles.extend(_with_facts(batch, options, counts))


def _article(capture: Capture, options: Options, counts: Counter[str]) -> Archived | None:
    """The crawler's article step for one captured page, or None (counted) to leave it."""
    from pipeline.article import extract_article
    from pipeline.article.decode import decode_html, header_charset
    from pipeline.crawl.urls import BadURL, canonicalize
    from pipeline.exceptions import InputError

    try:
        url = canonicalize(capture.url)
    except BadURL:
        counts["skip/bad_url"] += 1
        return None
    try:
        record = extract_article(capture.body, url, content_type=capture.content_type,
                                 content_language=capture.content_language,
                                 fetched_at=capture.captured_at or datetime.now(UTC),
                                 links=False)  # an archive's links lead nowhere here
    except InputError:  # binary data behind a text/html label
        counts["skip/not_html"] += 1
        return None
    declared = header_charset(capture.content_type)
    if declared and decode_html(capture.body, capture.content_type)[1] != declared:
        counts["warn/charset_mismatch"] += 1  # read anyway, with the charset that fits
    if not record.is_article:
        counts["article/not_article"] += 1
        return None
    captured_at = _iso(capture.captured_at)
    if options.langs is not None and record.lang not in options.langs:
        counts["filter/lang"] += 1
        return None
    day = (record.published_at or captured_at or "")[:10]
    if (options.since and day < options.since) or (options.until and day > options.until):
        counts["filter/date"] += 1
        return None
    counts["article/read"] += 1
    return Archived(record=record, offset=capture.offset, captured_at=captured_at,
                    content_hash=hashlib.sha256(capture.body).hexdigest(), extraction=None,
                    text_kept=True)


def _with_facts(batch: list[Archived], options: Options, counts: Counter[str]
                ) -> Iterator[Archived]:
    """`batch` with its extractions; texts that hold nothing are dropped unless kept."""
    if not batch:
        return
    extractor = get_extractor(options.prefer_statistical)
    readable = [a for a in batch if a.record.text.strip()]
    items = [(a.record.text, a.record.lang, a.record.published_at, a.record.url)
             for a in readable]
    try:
        results = list(extractor.extract_many(items))
    except Exception:  # isolate the text that fails; the others go on
        results = []
        for item in items:
            try:
                results.append(extractor.extract(*item))
            except Exception as e:  # noqa: BLE001 - counted; the article keeps its text
                counts[f"extract/error/{type(e).__name__}"] += 1
                results.append(None)
    for a, extraction in zip(readable, results, strict=True):
        a.extraction = extraction
        a.extract_failed = extraction is None
    for a in batch:
        found = a.extraction is not None and bool(
            a.extraction.facts or a.extraction.shares or a.extraction.links)
        if not (found or a.extract_failed or options.keep_text == "all"):
            a.record.text = ""
            a.text_kept = False
        yield a
