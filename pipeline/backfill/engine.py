"""Run a backfill on Dask: WARC files go to the workers, their results to the one writer.

The driver (this process) registers the files in the store, keeps a bounded number of
files in flight on the cluster (a `LocalCluster` of worker processes, or an existing
cluster at a scheduler address), and writes each result as it arrives. The work is one
WARC file per task, so a worker holds at most one file's result at a time and a stopped
or killed backfill loses only the files in flight, which the next run reads again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pipeline.backfill.paths import expand
from pipeline.backfill.progress import Tally, make_progress
from pipeline.backfill.worker import Options, read_file
from pipeline.backfill.writer import ArchiveWriter
from pipeline.extraction import WAL_CHECKPOINT_PAGES
from pipeline.store import Store

IN_FLIGHT_PER_WORKER = 2
REASON_PREFIXES = ("warc/error/", "skip/", "warn/")


@dataclass
class BackfillResult:
    """What one backfill run did."""

    run_id: int
    status: str  # ok | interrupted
    counts: dict[str, int]
    errors: dict[str, int]
    files: int = 0  # matched by the paths
    already_done: int = 0  # done by an earlier run, not read again
    done: int = 0
    failed: int = 0
    records: int = 0
    seconds: float = 0.0
    driver_seconds: float = 0.0  # receiving and writing results, in this process
    workers: int = 0
    worker_seconds: float = 0.0  # reading files, summed over the workers
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        rate = self.records / self.seconds if self.seconds > 0 else 0.0
        skipped = f", {self.already_done} already done" if self.already_done else ""
        return (f"backfill run {self.run_id} {self.status}: {self.done} of {self.files} files "
                f"read{skipped}, {self.failed} failed; {self.records} records in "
                f"{self.seconds:.1f}s ({rate:.1f}/s) on {self.workers} workers; articles "
                f"{c.get('article/saved', 0)} new, {c.get('article/replaced', 0)} replaced; "
                f"{c.get('extract/evidence/payment', 0)} payment statements; "
                f"{sum(self.errors.values())} records skipped or bad")


def reasons(counts: dict[str, int]) -> dict[str, int]:
    """Reason code -> count over bad input, skips and warnings."""
    out: Counter[str] = Counter()
    for key, value in counts.items():
        for prefix in REASON_PREFIXES:
            if key.startswith(prefix):
                out[key[len(prefix):]] += value
    return dict(sorted(out.items()))


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client: on the cluster at `scheduler`, else on a new LocalCluster of
    `workers` single-threaded worker processes (default: this machine's cores)."""
    import os

    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def backfill(store: Store, patterns: list[str], *, client: Any = None,
             workers: int | None = None, scheduler: str | None = None,
             options: Options | None = None, limit: int | None = None,
             progress: str = "auto", stop: threading.Event | None = None) -> BackfillResult:
    """Read the WARC files that `patterns` name into `store`; files done before are not
    read again. Uses `client` when given, else a cluster from `dask_client`. The caller
    holds `store.work_lock()`."""
    options = options or Options()
    stop = stop or threading.Event()
    paths = expand(patterns)
    store.conn.execute("PRAGMA synchronous = NORMAL")
    store.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    run_id = store.start_run("backfill")
    writer = ArchiveWriter(store, run_id)
    files = writer.register(paths)
    todo = [(fid, path) for fid, path, state in files if state != "done"]
    if limit is not None:
        todo = todo[:limit]
    result = BackfillResult(run_id, "interrupted", {}, {}, files=len(files),
                            already_done=len(files) - sum(s != "done" for _, _, s in files))
    counts: Counter[str] = Counter()
    started = time.monotonic()
    try:
        if todo:
            if client is not None:
                _run(client, writer, todo, options, result, counts, progress, stop)
            else:
                with dask_client(workers, scheduler) as own:
                    _run(own, writer, todo, options, result, counts, progress, stop)
        result.status = "interrupted" if stop.is_set() else "ok"
    finally:
        result.seconds = time.monotonic() - started
        result.counts = dict(sorted(counts.items()))
        result.errors = reasons(result.counts)
        store.finish_run(run_id, result.counts, result.errors, result.status)
    return result


def _run(client: Any, writer: ArchiveWriter, todo: list[tuple[int, str]], options: Options,
         result: BackfillResult, counts: Counter[str], progress: str,
         stop: threading.Event) -> None:
    from distributed import as_completed

    result.workers = max(1, sum(client.nthreads().values()))
    limit = IN_FLIGHT_PER_WORKER * result.workers
    queue = list(reversed(todo))
    names: dict[str, int] = {}  # future key -> file id, for the files in flight
    live: dict[str, Any] = {}
    tally = Tally(files_total=len(todo))
    bar = make_progress(progress)

    def submit() -> Any:
        file_id, path = queue.pop()
        writer.running(file_id)
        future = client.submit(read_file, path, options, pure=False,
                               key=f"backfill-{writer.run_id}-{file_id}")
        names[future.key] = file_id
        live[future.key] = future
        return future

    pending = as_completed([submit() for _ in range(min(limit, len(queue)))])
    bar.start(tally)
    try:
        for future in pending:
            file_id = names.pop(future.key)
            live.pop(future.key)
            t0 = time.perf_counter()
            try:
                got = future.result()
            except Exception as e:  # a worker died or a bug: the file is marked, others go on
                reason = "worker_died" if type(e).__name__ == "KilledWorker" else "task_error"
                writer.failed(file_id, reason, f"{type(e).__name__}: {e}"[:500])
                counts[f"warc/error/{reason}"] += 1
                counts["warc/file/failed"] += 1
                result.failed += 1
                result.failures.append(f"{reason}: {e}")
            else:
                written = writer.write(file_id, got)
                counts.update(got.counts)
                counts.update(written)
                result.records += got.records
                result.worker_seconds += got.seconds
                if got.state == "done":
                    result.done += 1
                else:
                    result.failed += 1
                    result.failures.append(f"{got.path}: {got.reason}: {got.detail}")
            result.driver_seconds += time.perf_counter() - t0
            future.release()
            tally.files_done, tally.files_failed = result.done, result.failed
            tally.records = result.records
            tally.articles = counts["article/saved"] + counts["article/replaced"]
            tally.facts = counts["extract/evidence/payment"]
            bar.update(tally)
            if stop.is_set():
                break
            if queue:
                pending.add(submit())
    finally:
        bar.close()
        left = list(names.values())
        for future in live.values():
            future.cancel()
        if left:  # in flight when stopped: read again next run
            with writer.store.transaction():
                writer.conn.executemany(
                    "UPDATE archive_files SET state = 'pending' WHERE id = ?",
                    [(i,) for i in left])
