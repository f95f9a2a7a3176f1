"""Backfill from web archives: WARC files in, articles and facts in the store, on Dask.

paths (local, globs, fsspec URLs) -> engine (Dask: one WARC file per task) -> worker
(FastWARC records -> the crawler's article step -> fact extraction) -> writer (the one
process that writes SQLite, one transaction per file with the file's `done` state).
"""

from __future__ import annotations

from pipeline.backfill.engine import BackfillResult, backfill, dask_client
from pipeline.backfill.worker import KEEP_TEXT, Options

__all__ = ["KEEP_TEXT", "BackfillResult", "Options", "backfill", "dask_client"]
