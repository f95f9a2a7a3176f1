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
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from pipeline.backfill.paths import expand
from pipeline.backfill.progress import Tally, make_progress
from pipeline.backfill.worker import Options, quiet_profiler, read_file
from pipeline.backfill.writer import ArchiveWriter, Part
from pipeline.extraction import WAL_CHECKPOINT_PAGES
from pipeline.store import Store

IN_FLIGHT_PER_WORKER = 2
PART_MB = 64.0  # a part of a WARC file per task: ~2,500 records of CC-NEWS
REASON_PREFIXES = ("warc/error/", "skip/", "warn/")


@dataclass
class BackfillResult:
    """What one backfill run did."""

    run_id: int
    status: str  # ok | interrupted
    counts: dict[str, int]
    errors: dict[str, int]
    files: int = 0  # matched by the paths
    already_done: int = 0  # files done by an earlier run, not read again
    parts: int = 0  # parts to read in this run
    done: int = 0  # parts read
    failed: int = 0  # parts failed
    files_done: int = 0  # files done in the store, at the end
    records: int = 0
    seconds: float = 0.0
    driver_seconds: float = 0.0  # receiving and writing results, in this process
    driver_cpu_seconds: float = 0.0  # this process's CPU time while doing that
    process_cpu_seconds: float = 0.0  # all of it during the run (a LocalCluster's scheduler too)
    workers: int = 0
    worker_seconds: float = 0.0  # reading files, summed over the workers
    worker_cpu_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        rate = self.records / self.seconds if self.seconds > 0 else 0.0
        skipped = f", {self.already_done} already done" if self.already_done else ""
        return (f"backfill run {self.run_id} {self.status}: {self.files_done} of {self.files} "
                f"files done{skipped}; {self.done} of {self.parts} parts read, {self.failed} "
                f"failed; {self.records} records in "
                f"{self.seconds:.1f}s ({rate:.1f}/s) on {self.workers} "
                f"worker{'s' if self.workers != 1 else ''}; articles "
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
    log = logging.getLogger("distributed")
    level = log.level
    try:
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            try:
                yield client
            finally:
                _quiet_shutdown(client)
    finally:
        log.setLevel(level)  # this process logs as before once the cluster is gone


def _quiet_shutdown(client: Any) -> None:
    """Before the local cluster closes, its processes stop logging errors: a worker's last
    heartbeat racing the scheduler's close ("CommClosedError: ... Stream is closed") is no
    error of the run, and would print after its summary line."""
    for nanny in (False, True):
        with suppress(Exception):  # a process already gone needs no silencing
            client.run(_silence_distributed, nanny=nanny)
    _silence_distributed()


def _silence_distributed() -> None:
    logging.getLogger("distributed").setLevel(logging.CRITICAL)


def backfill(store: Store, patterns: list[str], *, client: Any = None,
             workers: int | None = None, scheduler: str | None = None,
             options: Options | None = None, limit: int | None = None,
             part_mb: float = PART_MB, progress: str = "auto",
             stop: threading.Event | None = None) -> BackfillResult:
    """Read the WARC files that `patterns` name into `store`, in parts of `part_mb` MB;
    parts done before are not read again. `limit`: at most this many files with work left.
    Uses `client` when given, else a cluster from `dask_client`. The caller holds
    `store.work_lock()`."""
    options = options or Options()
    stop = stop or threading.Event()
    paths = expand(patterns)
    store.conn.execute("PRAGMA synchronous = NORMAL")
    store.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    with store.transaction():  # runs of a process that died (the caller holds the lock)
        store.conn.execute("UPDATE crawl_runs SET status = 'interrupted' "
                           "WHERE kind = 'backfill' AND status = 'running'")
    run_id = store.start_run("backfill")
    result = BackfillResult(run_id, "failed", {}, {}, files=len(paths))
    counts: Counter[str] = Counter()
    started, cpu = time.monotonic(), time.process_time()
    file_ids: set[int] = set()
    try:
        writer = ArchiveWriter(store, run_id)
        parts = writer.register(paths, int(part_mb * 1_000_000))
        file_ids = {p.file_id for p in parts}
        open_files = list(dict.fromkeys(p.path for p in parts if p.state != "done"))
        result.already_done = len(paths) - len(open_files)
        chosen = set(open_files[:limit] if limit is not None else open_files)
        todo = [p for p in parts if p.state != "done" and p.path in chosen]
        result.parts = len(todo)
        if todo:
            if client is not None:
                _run(client, writer, todo, options, result, counts, progress, stop)
            else:
                with dask_client(workers, scheduler) as own:
                    _run(own, writer, todo, options, result, counts, progress, stop)
        result.status = "interrupted" if stop.is_set() else "ok"
    except KeyboardInterrupt:
        result.status = "interrupted"
        raise
    finally:
        result.seconds = time.monotonic() - started
        result.process_cpu_seconds = time.process_time() - cpu
        result.counts = dict(sorted(counts.items()))
        result.errors = reasons(result.counts)
        result.files_done = sum(1 for (file_id,) in store.conn.execute(
            "SELECT file_id FROM archive_file_states WHERE state = 'done'")
            if file_id in file_ids)
        store.finish_run(run_id, result.counts, result.errors, result.status)
    return result


def _run(client: Any, writer: ArchiveWriter, todo: list[Part], options: Options,
         result: BackfillResult, counts: Counter[str], progress: str,
         stop: threading.Event) -> None:
    from distributed import wait

    client.run(quiet_profiler)  # see quiet_profiler: no parse tree may leak
    result.workers = max(1, sum(client.nthreads().values()))
    limit = IN_FLIGHT_PER_WORKER * result.workers
    queue = list(reversed(todo))
    live: dict[Any, Part] = {}  # future -> its part, for the parts in flight
    tally = Tally(parts_total=len(todo))
    bar = make_progress(progress)

    def submit() -> None:
        part = queue.pop()
        writer.running(part.id)
        future = client.submit(read_file, part.path, options, part.start, part.end,
                               pure=False, key=f"backfill-{writer.run_id}-{part.id}")
        live[future] = part

    for _ in range(min(limit, len(queue))):
        submit()
    bar.start(tally)
    try:
        while live and not stop.is_set():
            try:
                finished = wait(list(live), timeout=0.5, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                continue  # look at `stop` again
            for future in finished:
                part = live.pop(future)
                _receive(future, part, writer, result, counts)
                tally.parts_done, tally.parts_failed = result.done, result.failed
                tally.records = result.records
                tally.articles = counts["article/saved"] + counts["article/replaced"]
                tally.facts = counts["extract/evidence/payment"]
                bar.update(tally)
                if queue and not stop.is_set():
                    submit()
    finally:
        bar.close()
        for future in live:
            future.cancel()
        if live:
            writer.pending([p.id for p in live.values()])


def _receive(future: Any, part: Part, writer: ArchiveWriter, result: BackfillResult,
             counts: Counter[str]) -> None:
    """Take one finished part: store its result, or mark it failed."""
    t0, cpu = time.perf_counter(), time.process_time()
    try:
        got = future.result()
    except Exception as e:  # a worker died or a bug: the part is marked, others go on
        reason = "worker_died" if type(e).__name__ == "KilledWorker" else "task_error"
        writer.failed(part, reason, f"{type(e).__name__}: {e}"[:500])
        counts[f"warc/error/{reason}"] += 1
        counts["warc/part/failed"] += 1
        result.failed += 1
        result.failures.append(f"{part.path} [{part.start}:]: {reason}: {e}")
    else:
        written = writer.write(part, got)
        counts.update(got.counts)
        counts.update(written)
        result.records += got.records
        result.worker_seconds += got.seconds
        result.worker_cpu_seconds += got.cpu_seconds
        if got.state == "done":
            result.done += 1
        else:
            result.failed += 1
            result.failures.append(f"{got.path}: {got.reason}: {got.detail}")
    result.driver_seconds += time.perf_counter() - t0
    result.driver_cpu_seconds += time.process_time() - cpu
    future.release()
