"""The crawl frontier, kept in the store's `pages` table so a killed crawl resumes exactly.

A row is 'queued' until a result for it is committed (done, unchanged, skipped, error)
together with its body, article and the links it led to. `run_id` names the last run
that worked on the row: a URL met again in a later run is queued again (and fetched
with a conditional GET), never twice in the same run.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.store import Store
from pipeline.store.db import utcnow

RESUMABLE = ("running", "interrupted")


@dataclass
class PageRow:
    """A queued page as the runner needs it."""

    id: int
    url: str
    source: str
    kind: str  # robots | feed | sitemap | page
    depth: int
    etag: str | None
    last_modified: str | None
    content_hash: str | None


def open_run(store: Store) -> tuple[int, dict[str, int], bool]:
    """Resume the last crawl run if it never finished, else start one.

    Returns (run_id, counts so far, resumed). The caller holds the store's work lock, so
    a run still marked 'running' belongs to a process that died.
    """
    row = store.conn.execute(
        "SELECT id, status, counts FROM crawl_runs WHERE kind = 'crawl' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row and row[1] in RESUMABLE:
        with store.transaction():
            store.conn.execute(
                "UPDATE crawl_runs SET status = 'running', finished_at = NULL, pid = ? "
                "WHERE id = ?", (os.getpid(), row[0]))
        return int(row[0]), json.loads(row[2] or "{}"), True
    return store.start_run("crawl"), {}, False


class Frontier:
    """Queue operations on `pages` for one run. Writes run inside the caller's transaction."""

    def __init__(self, store: Store, run_id: int) -> None:
        self.conn = store.conn
        self.run_id = run_id

    def add(self, url: str, source: str, kind: str, depth: int) -> bool:
        """Queue `url` unless this run already has it; True when it was (re)queued."""
        cur = self.conn.execute(
            "INSERT INTO pages (url, source, kind, depth, state, run_id) "
            "VALUES (?, ?, ?, ?, 'queued', ?) "
            "ON CONFLICT(url) DO UPDATE SET state = 'queued', source = excluded.source, "
            "kind = excluded.kind, depth = excluded.depth, run_id = excluded.run_id "
            "WHERE pages.state != 'queued' AND pages.run_id IS NOT excluded.run_id",
            (url, source, kind, depth, self.run_id),
        )
        return cur.rowcount > 0

    def add_many(self, urls: Iterable[str], source: str, kind: str, depth: int) -> int:
        return sum(self.add(u, source, kind, depth) for u in urls)

    def next_batch(self, sources: list[str], busy: set[int], limit: int) -> list[PageRow]:
        """Up to `limit` queued rows of `sources`, shallowest first, not already in flight."""
        if limit <= 0 or not sources:
            return []
        marks = ", ".join("?" for _ in sources)
        rows = self.conn.execute(
            "SELECT id, url, source, kind, depth, etag, last_modified, content_hash "
            f"FROM pages WHERE state = 'queued' AND source IN ({marks}) "
            "ORDER BY depth, id LIMIT ?",
            (*sources, limit + len(busy)),
        ).fetchall()
        return [PageRow(*r) for r in rows if r[0] not in busy][:limit]

    def queued(self, sources: list[str]) -> int:
        marks = ", ".join("?" for _ in sources)
        return self.conn.execute(
            f"SELECT count(*) FROM pages WHERE state = 'queued' AND source IN ({marks})",
            tuple(sources),
        ).fetchone()[0]

    def original_of(self, content_hash: str, page_id: int) -> int | None:
        """The first other page with this body, when there is one."""
        row = self.conn.execute(
            "SELECT id FROM pages WHERE content_hash = ? AND id != ? AND duplicate_of IS NULL "
            "AND kind = 'page' ORDER BY id LIMIT 1",
            (content_hash, page_id),
        ).fetchone()
        return int(row[0]) if row else None

    def make_duplicate(self, page_id: int, original: int) -> int | None:
        """Turn `page_id` (fetched in this run) into a copy of `original`; it loses its
        article. Returns the number of articles removed, or None when the page belongs to
        an earlier run (then it stays the original)."""
        cur = self.conn.execute(
            "UPDATE pages SET duplicate_of = ? WHERE id = ? AND run_id = ?",
            (original, page_id, self.run_id))
        if cur.rowcount == 0:
            return None
        self.conn.execute("UPDATE pages SET duplicate_of = ? WHERE duplicate_of = ?",
                          (original, page_id))
        return self.conn.execute("DELETE FROM articles WHERE page_id = ?", (page_id,)).rowcount

    def stored_body(self, content_hash: str | None) -> bytes | None:
        if not content_hash:
            return None
        row = self.conn.execute(
            "SELECT body FROM page_bodies WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return zlib.decompress(row[0]) if row else None

    def save_body(self, content_hash: str, body: bytes) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO page_bodies (content_hash, body, size) VALUES (?, ?, ?)",
            (content_hash, zlib.compress(body, 6), len(body)),
        )

    def finish(self, page_id: int, **values: object) -> None:
        """Record a page's result (state, status, error, ...) for this run."""
        values = {**values, "run_id": self.run_id, "fetched_at": utcnow()}
        sets = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(
            f"UPDATE pages SET {sets}, attempts = attempts + 1 WHERE id = ?",
            (*values.values(), page_id),
        )

    def save_counts(self, counts: dict[str, int]) -> None:
        self.conn.execute("UPDATE crawl_runs SET counts = ? WHERE id = ?",
                          (json.dumps(counts, sort_keys=True), self.run_id))
