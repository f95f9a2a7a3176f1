"""The backfill's one writer: WARC file states, and each file's articles and facts, in SQLite.

A file's result is written in one transaction together with its `done` state, so a kill at
any moment leaves each file either wholly stored or still to read. Articles go through the
same calls as crawled ones (`Store.save_article`, the extract stage's `save_extraction` and
`consolidate_groups`); what decides between two copies of a page is order-free, so files
may finish in any order and a resumed backfill ends where an uninterrupted one does:

- a URL the crawler stored is left to the crawler (it sees the live page);
- of two captures of one URL, the newer one (WARC-Date, then file path, then offset) wins;
- of two URLs with the same body, the one that is its own canonical URL wins, then the
  smaller URL; a body the crawler stored under another URL is not stored again.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from pipeline.backfill.worker import Archived, FileResult
from pipeline.consolidate import CompanyIndex, GroupKey
from pipeline.crawl.urls import try_canonicalize
from pipeline.extraction import PairChanges, consolidate_groups, current_version, save_extraction
from pipeline.store.db import Store, utcnow

STATES = ("pending", "running", "done", "failed")


@dataclass
class Part:
    """A byte range of a WARC file, the unit of work, with its state."""

    id: int
    file_id: int
    path: str
    start: int
    end: int | None
    state: str


def _rank(url: str, canonical: str | None) -> tuple[bool, str]:
    """Lower is preferred among URLs with one body: its own canonical URL first."""
    return (try_canonicalize(canonical or "") != url, url)


class ArchiveWriter:
    """Writes file states and file results for one backfill run."""

    def __init__(self, store: Store, run_id: int, index: CompanyIndex | None = None) -> None:
        from pipeline.article import EXTRACTOR_VERSION

        self.store = store
        self.conn = store.conn
        self.run_id = run_id
        self.article_version = EXTRACTOR_VERSION
        self.facts_version = current_version()
        self.index = index or CompanyIndex.from_gazetteer()
        self._companies_fresh = False
        self._now = utcnow()
        # crawled pages to compare bodies with (none in a store only archives fill); the
        # work lock keeps the crawler out while this writer runs
        self._crawled = bool(self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM pages WHERE kind = 'page' "
            "AND content_hash IS NOT NULL)").fetchone()[0])

    # --- file and part states -----------------------------------------------------------

    def register(self, paths: list[str], part_bytes: int) -> list[Part]:
        """The parts of `paths` in order, each with its state. A new file is split into
        byte ranges of `part_bytes` (its split stays as first registered); a `running`
        part belongs to a process that died (the caller holds the work lock): pending."""
        from pipeline.backfill.paths import size_of

        known = dict(self.conn.execute("SELECT path, id FROM archive_files"))
        new = [(p, size_of(p)) for p in paths if p not in known]
        with self.store.transaction():
            for path, size in new:
                file_id = self.conn.execute(
                    "INSERT INTO archive_files (path, size) VALUES (?, ?)",
                    (path, size)).lastrowid
                starts = list(range(0, max(size, 1), max(part_bytes, 1)))
                self.conn.executemany(
                    "INSERT INTO archive_parts (file_id, start, end) VALUES (?, ?, ?)",
                    [(file_id, s, starts[i + 1] if i + 1 < len(starts) else None)
                     for i, s in enumerate(starts)])
                known[path] = file_id
            self.conn.execute("UPDATE archive_parts SET state = 'pending' "
                              "WHERE state = 'running'")
        wanted = {known[p]: p for p in paths}
        parts = []
        for part_id, file_id, start, end, state in self.conn.execute(
                "SELECT id, file_id, start, end, state FROM archive_parts "
                "ORDER BY file_id, start"):
            if file_id in wanted:
                parts.append(Part(part_id, file_id, wanted[file_id], start, end, state))
        order = {p: i for i, p in enumerate(paths)}
        return sorted(parts, key=lambda p: (order[p.path], p.start))

    def running(self, part_id: int) -> None:
        with self.store.transaction():
            self.conn.execute(
                "UPDATE archive_parts SET state = 'running', run_id = ?, started_at = ?, "
                "reason = NULL, detail = NULL WHERE id = ?", (self.run_id, utcnow(), part_id))

    def pending(self, part_ids: list[int]) -> None:
        """Parts in flight when the run stopped: read again next run."""
        with self.store.transaction():
            self.conn.executemany("UPDATE archive_parts SET state = 'pending' WHERE id = ?",
                                  [(i,) for i in part_ids])

    def failed(self, part: Part, reason: str, detail: str) -> None:
        """A part whose task failed outside the reader (a worker died, a bug)."""
        with self.store.transaction():
            self._finish(part.id, "failed", reason, detail, 0, 0, {f"warc/error/{reason}": 1})

    def _finish(self, part_id: int, state: str, reason: str | None, detail: str | None,
                records: int, articles: int, counts: dict[str, int]) -> None:
        self.conn.execute(
            "UPDATE archive_parts SET state = ?, reason = ?, detail = ?, run_id = ?, "
            "records = ?, articles = ?, counts = ?, finished_at = ? WHERE id = ?",
            (state, reason, detail, self.run_id, records, articles,
             json.dumps(counts, sort_keys=True), utcnow(), part_id))

    # --- one file's result ---------------------------------------------------------------

    def write(self, part: Part, result: FileResult) -> Counter[str]:
        """Store `result` and the part's final state in one transaction; return the
        counters of the writing (articles saved, evidence, consolidation)."""
        counts: Counter[str] = Counter()
        with self.store.transaction():
            keys: set[GroupKey] = set()
            changes = PairChanges()
            self._now = utcnow()
            self._lookup(result.articles)
            for archived in result.articles:
                keys |= self._article(part.file_id, part.path, archived, counts, changes)
            if keys or not self._companies_fresh:
                consolidate_groups(self.store, keys, self.index, counts, changes,
                                   all_companies=not self._companies_fresh)
                self._companies_fresh = True
            stored = counts["article/saved"] + counts["article/replaced"]
            self._finish(part.id, result.state, result.reason, result.detail, result.records,
                         stored, {**result.counts, **counts})
        return counts

    def _lookup(self, articles: list[Archived]) -> None:
        """What the store holds for a part's URLs and bodies, read in a few queries (not
        two per article); `_article` keeps both maps current as it writes."""
        # url -> (id, archived?, captured_at, path, offset, body hash)
        self._urls: dict[str, tuple] = {}
        self._bodies: dict[bytes, dict[int, tuple[str, str | None]]] = {}
        urls = list({a.record.url for a in articles})
        bodies = list({bytes.fromhex(a.content_hash)[:16] for a in articles})
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            for url, *rest in self.conn.execute(
                    "SELECT a.url, a.id, c.article_id IS NOT NULL, c.captured_at, f.path, "
                    "c.offset, c.body_hash FROM articles a "
                    "LEFT JOIN archive_captures c ON c.article_id = a.id "
                    "LEFT JOIN archive_files f ON f.id = c.file_id "
                    f"WHERE a.url IN ({', '.join('?' * len(chunk))})", chunk):
                self._urls[url] = tuple(rest)
        for i in range(0, len(bodies), 500):
            chunk = bodies[i:i + 500]
            for body, article_id, url, canonical in self.conn.execute(
                    "SELECT c.body_hash, a.id, a.url, a.canonical_url FROM archive_captures c "
                    "JOIN articles a ON a.id = c.article_id "
                    f"WHERE c.body_hash IN ({', '.join('?' * len(chunk))})", chunk):
                self._bodies.setdefault(body, {})[article_id] = (url, canonical)

    def _article(self, file_id: int, path: str, a: Archived, counts: Counter[str],
                 changes: PairChanges) -> set[GroupKey]:
        rec = a.record
        conn = self.conn
        row = self._urls.get(rec.url)
        if row is not None and not row[1]:
            counts["article/known_url"] += 1  # the crawler's copy
            return set()
        if row is not None and (row[2] or "", row[3], row[4]) >= (a.captured_at or "", path,
                                                                   a.offset):
            counts["article/older_capture"] += 1
            return set()
        if self._crawled and conn.execute(
                "SELECT 1 FROM pages WHERE content_hash = ? AND kind = 'page' "
                "AND duplicate_of IS NULL AND url != ? LIMIT 1",
                (a.content_hash, rec.url)).fetchone():
            counts["article/duplicate"] += 1
            return set()
        body_hash = bytes.fromhex(a.content_hash)[:16]
        keys: set[GroupKey] = set()
        others = [(i, url, canonical) for i, (url, canonical)
                  in self._bodies.get(body_hash, {}).items() if url != rec.url]
        for _, other_url, other_canonical in others:
            if _rank(other_url, other_canonical) <= _rank(rec.url, rec.canonical_url):
                counts["article/duplicate"] += 1
                return keys
        for other_id, _, _ in others:  # the new copy wins: the old one goes
            keys |= save_extraction(self.store, other_id, None, self.facts_version,
                                    self.index, counts, changes)
            conn.execute("DELETE FROM articles WHERE id = ?", (other_id,))
            self._forget(other_id, body_hash)
            counts["article/duplicate_replaced"] += 1
        article_id = self.store.save_article(rec, None, self.article_version)
        if row is not None and row[5] is not None:
            self._forget(article_id, row[5])
        self._urls[rec.url] = (article_id, True, a.captured_at, path, a.offset, body_hash)
        self._bodies.setdefault(body_hash, {})[article_id] = (rec.url, rec.canonical_url)
        conn.execute(
            "INSERT INTO archive_captures (article_id, file_id, offset, captured_at, body_hash) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
            "file_id = excluded.file_id, offset = excluded.offset, "
            "captured_at = excluded.captured_at, body_hash = excluded.body_hash",
            (article_id, file_id, a.offset, a.captured_at, body_hash))
        counts["article/replaced" if row is not None else "article/saved"] += 1
        if not a.text_kept:
            counts["article/text_dropped"] += 1
        if a.extract_failed:  # facts_version stays unset: `newsfacts extract` tries again
            return keys
        found = a.extraction is not None and (a.extraction.facts or a.extraction.shares
                                              or a.extraction.links)
        if found or row is not None:  # a new article with nothing in it has nothing to replace
            keys |= save_extraction(self.store, article_id, a.extraction, self.facts_version,
                                    self.index, counts, changes)
        conn.execute("UPDATE articles SET facts_version = ?, facts_at = ? WHERE id = ?",
                     (self.facts_version, self._now, article_id))
        counts["extract/articles"] += 1
        return keys

    def _forget(self, article_id: int, body_hash: bytes) -> None:
        """Drop an article that left the store (or changed body) from the lookup maps."""
        entry = self._bodies.get(body_hash, {}).pop(article_id, None)
        if entry is not None and self._urls.get(entry[0], (None,))[0] == article_id:
            del self._urls[entry[0]]
