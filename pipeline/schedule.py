"""Run crawl + extract again and again on a schedule: one cycle at a time, locked, stoppable.

How a schedule behaves (docs/deploy.md says the same for operators):

- The first cycle starts at once, then cycles follow the trigger (`--every` or `--cron`)
  with up to `jitter` seconds of random delay. Cycles never overlap (max_instances=1): a
  firing that comes while a cycle still runs is skipped (and logged), and firings missed
  while the process was asleep (a suspended laptop) collapse into one (coalesce).
- A cycle holds the store's work lock (`Store.work_lock`) only while it works, so a manual
  `newsfacts run` fits between cycles. A cycle that finds the store locked logs "store busy,
  skipping this cycle" (or, with `wait_lock`, waits for the lock) and the schedule goes on.
- sources.toml is read again at every cycle, so edits apply without a restart; a cycle whose
  config is broken fails, is logged, and the schedule goes on.
- Every cycle writes one `crawl_runs` row of kind 'schedule' (status ok | interrupted |
  failed | skipped) whose counts merge the crawl's and the extraction's counters, beside the
  rows that crawl and extraction write themselves.
- The first SIGTERM/SIGINT stops the cycle in hand the way `crawl(stop=...)` does (pages in
  flight are finished or left queued, everything is committed, runs are marked
  'interrupted') and the process exits 0. A second signal exits at once with 128 + signal
  number; SQLite transactions and WAL keep the store consistent, and the next cycle marks
  the dead process's 'running' rows 'interrupted'.

The scheduler is APScheduler's BackgroundScheduler: its loop and the cycles run in worker
threads, so the main thread only waits on an event and signal handlers only set events.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from pipeline.exceptions import ConfigError, NewsfactsError, StoreLockedError
from pipeline.store import open_store
from pipeline.store.db import Store, utcnow

log = logging.getLogger("newsfacts.schedule")

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"(\d+)\s*([smhd])")
JITTER_SHARE = 0.05  # default jitter: 5% of the interval ...
JITTER_CAP = 300  # ... but at most five minutes
LOCK_POLL = 1.0  # seconds between lock attempts with wait_lock
JOB_ID = "cycle"


def parse_every(text: str) -> int:
    """'30s', '10m', '2h', '1d' (or '1h30m') -> seconds; ValueError for anything else."""
    raw = text.strip().lower()
    parts = _EVERY.findall(raw)
    if not raw or _EVERY.sub("", raw).strip() or not parts:
        raise ValueError(f"{text!r} is not an interval like 30s, 10m, 2h or 1d")
    seconds = sum(int(n) * UNITS[unit] for n, unit in parts)
    if seconds < 1:
        raise ValueError(f"{text!r}: the interval must be at least 1s")
    return seconds


def format_every(seconds: int) -> str:
    """3600 -> '1h', 5400 -> '1h30m': the inverse of parse_every."""
    out = ""
    for unit, size in sorted(UNITS.items(), key=lambda kv: -kv[1]):
        n, seconds = divmod(seconds, size)
        if n:
            out += f"{n}{unit}"
    return out or "0s"


def default_jitter(interval_seconds: float) -> int:
    """A few percent of the interval, capped, in whole seconds."""
    return int(min(JITTER_CAP, interval_seconds * JITTER_SHARE))


def make_trigger(every: int | None = None, cron: str | None = None,
                 jitter: int | None = None) -> Any:
    """An APScheduler trigger for `every` seconds or a crontab line (local time).

    `jitter=None` picks `default_jitter` of the interval (for cron: of the gap between its
    next two firings). Raises ValueError for a bad crontab line or when both or neither
    of `every`/`cron` are given.
    """
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    if (every is None) == (cron is None):
        raise ValueError("give exactly one of an interval or a crontab line")
    if every is not None:
        j = default_jitter(every) if jitter is None else jitter
        return IntervalTrigger(seconds=every, jitter=j or None)
    trigger = CronTrigger.from_crontab(cron)
    if jitter is None:
        jitter = default_jitter(cron_gap(trigger))
    trigger.jitter = jitter or None
    return trigger


def cron_gap(trigger: Any) -> float:
    """Seconds between a cron trigger's next two firings (its interval, roughly)."""
    now = datetime.now(trigger.timezone)
    first = trigger.get_next_fire_time(None, now)
    if first is None:
        return 0.0
    second = trigger.get_next_fire_time(first, first)
    return (second - first).total_seconds() if second else 0.0


@dataclass
class ScheduleOptions:
    """What to crawl, where to store it, and when."""

    db_path: Path
    sources: Path
    base_url: str | None = None
    every: int | None = None  # seconds; or
    cron: str | None = None  # a crontab line
    jitter: int | None = None  # seconds; None = default_jitter
    max_cycles: int | None = None
    wait_lock: bool = False
    progress: str = "quiet"  # crawl() progress mode: the schedule logs per cycle


@dataclass
class Cycle:
    """What one cycle did: its 'schedule' run row, status, merged counters and errors."""

    number: int
    status: str  # ok | interrupted | failed | skipped
    run_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    message: str = ""
    seconds: float = 0.0


@dataclass
class ScheduleResult:
    """How the schedule ended: its cycles, and the signal that stopped it (if one did)."""

    cycles: list[Cycle] = field(default_factory=list)
    signal: int | None = None


def _merge(into: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        into[key] = into.get(key, 0) + int(value)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_stale_runs(store: Store) -> int:
    """Mark 'running' rows of dead processes 'interrupted'; call while holding the work lock."""
    rows = store.conn.execute(
        "SELECT id, pid FROM crawl_runs WHERE status = 'running'"
    ).fetchall()
    stale = [run_id for run_id, pid in rows
             if pid != os.getpid() and not (pid and _pid_alive(pid))]
    if stale:
        with store.transaction():
            store.conn.executemany(
                "UPDATE crawl_runs SET status = 'interrupted', finished_at = ? WHERE id = ?",
                [(utcnow(), run_id) for run_id in stale],
            )
    return len(stale)


@contextmanager
def cycle_lock(store: Store, wait: bool, stop: threading.Event) -> Iterator[None]:
    """The store's work lock; with `wait`, poll for it until it frees up or `stop` is set."""
    waited = False
    with ExitStack() as stack:
        while True:
            try:
                stack.enter_context(store.work_lock())
                break
            except StoreLockedError as e:
                if not wait or stop.is_set():
                    raise
                if not waited:
                    log.warning("store busy, waiting for the lock (%s)", e)
                    waited = True
                if stop.wait(LOCK_POLL):
                    raise
        yield


class LazyExtractor:
    """Builds the spaCy-backed fact extractor on first use, then keeps it across cycles."""

    def __init__(self) -> None:
        self._extractor: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self._extractor is None:
                from pipeline.facts.extractor import Extractor

                self._extractor = Extractor()
            return self._extractor

    def extract_many(self, items: Any) -> Any:
        return self.get().extract_many(items)

    def extract(self, text: str, lang: str | None = None,
                published_at: str | None = None, url: str | None = None) -> Any:
        return self.get().extract(text, lang=lang, published_at=published_at, url=url)


def _crawl_and_extract(store: Store, opts: ScheduleOptions, stop: threading.Event,
                       cycle: Cycle, extractor: LazyExtractor) -> None:
    """One crawl then one extraction pass, counters merged into `cycle`."""
    from pipeline.config import load_config
    from pipeline.crawl import crawl
    from pipeline.extraction import extract_pending
    from pipeline.page_reader import PageReader

    config = load_config(opts.sources, base_url=opts.base_url)
    with PageReader(config.crawl.extract_workers) as reader:  # its workers end with the crawl
        result = crawl(store, config, reader=reader, progress=opts.progress, stop=stop)
    _merge(cycle.counts, result.counts)
    _merge(cycle.errors, result.errors)
    cycle.counts["schedule/crawl_run"] = result.run_id
    if stop.is_set():
        return
    extracted = extract_pending(store, extractor, stop=stop.is_set)
    _merge(cycle.counts, extracted.counts)
    cycle.counts["schedule/extract_run"] = extracted.run_id
    failed = sum(v for k, v in extracted.counts.items() if k.startswith("extract/error/"))
    if failed:
        _merge(cycle.errors, {"extract_error": failed})


def run_cycle(number: int, opts: ScheduleOptions, stop: threading.Event,
              extractor: LazyExtractor | None = None) -> Cycle:
    """One cycle: lock the store, crawl, extract, write the 'schedule' row. Never raises
    for a cycle-level problem: it is logged and returned as the cycle's status."""
    cycle = Cycle(number=number, status="ok")
    started = time.monotonic()
    try:
        with open_store(opts.db_path) as store:
            try:
                with cycle_lock(store, opts.wait_lock, stop):
                    _locked_cycle(store, opts, stop, cycle, extractor or LazyExtractor())
            except StoreLockedError as e:
                cycle.status, cycle.message = "skipped", f"store busy, skipping this cycle ({e})"
                cycle.errors["store_busy"] = 1
                if not stop.is_set():
                    _record_skip(store, cycle)
    except NewsfactsError as e:  # the store itself cannot be opened
        cycle.status, cycle.message = "failed", str(e)
        cycle.errors[_reason(e)] = 1
    cycle.seconds = time.monotonic() - started
    return cycle


def _reason(exc: BaseException) -> str:
    """A stable short code for a failed cycle: config_error, store_error, ... or the class."""
    name = type(exc).__name__
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _locked_cycle(store: Store, opts: ScheduleOptions, stop: threading.Event,
                  cycle: Cycle, extractor: LazyExtractor) -> None:
    reaped = reap_stale_runs(store)
    if reaped:
        cycle.counts["schedule/stale_runs_marked"] = reaped
    cycle.run_id = store.start_run("schedule")
    try:
        _crawl_and_extract(store, opts, stop, cycle, extractor)
    except Exception as e:  # one failing cycle must not end the schedule
        cycle.status, cycle.message = "failed", f"{type(e).__name__}: {e}"
        cycle.errors[_reason(e)] = cycle.errors.get(_reason(e), 0) + 1
        if not isinstance(e, NewsfactsError):
            log.exception("cycle %d failed", cycle.number)
    else:
        if stop.is_set():
            cycle.status = "interrupted"
    cycle.counts["schedule/cycle"] = cycle.number
    store.finish_run(cycle.run_id, cycle.counts, cycle.errors, status=cycle.status)


def _record_skip(store: Store, cycle: Cycle) -> None:
    """A 'skipped' schedule row, so `newsfacts runs` shows the busy store; best effort."""
    try:
        cycle.run_id = store.start_run("schedule")
        store.finish_run(cycle.run_id, {"schedule/cycle": cycle.number}, cycle.errors,
                         status="skipped")
    except Exception as e:  # the other process may hold a long write transaction
        log.warning("could not record the skipped cycle: %s", e)


# (label, counter) pairs shown in a cycle's log line; the full counters are in crawl_runs.
SUMMARY = (
    ("fetched", "page/done"), ("unchanged", "page/unchanged"), ("articles", "article/saved"),
    ("facts extracted from", "extract/articles"), ("facts in store", "facts/total"),
)


def describe(cycle: Cycle) -> str:
    """One log line for a cycle."""
    if cycle.status == "skipped":
        return f"cycle {cycle.number}: {cycle.message}"
    head = f"cycle {cycle.number} {cycle.status} in {cycle.seconds:.1f}s"
    if cycle.run_id is not None:
        head += f" (run {cycle.run_id})"
    if cycle.status == "failed":
        return f"{head}: {cycle.message}"
    body = ", ".join(f"{label} {cycle.counts.get(key, 0)}" for label, key in SUMMARY)
    errors = ", ".join(f"{k} {v}" for k, v in sorted(cycle.errors.items()))
    return f"{head}: {body}" + (f"; errors: {errors}" if errors else "")


class Schedule:
    """A running schedule: APScheduler for timing, events for stopping."""

    def __init__(self, opts: ScheduleOptions,
                 on_cycle: Callable[[Cycle], None] | None = None) -> None:
        self.opts = opts
        self.on_cycle = on_cycle
        self.stop = threading.Event()  # a signal arrived: stop the cycle in hand
        self.done = threading.Event()  # the main thread may return
        self.result = ScheduleResult()
        self._count = 0
        self._count_lock = threading.Lock()
        self.extractor = LazyExtractor()
        self._scheduler: Any = None
        self._busy_logged = 0

    def _job(self) -> None:
        with self._count_lock:
            if self.done.is_set() or self.stop.is_set():
                return
            if self.opts.max_cycles is not None and self._count >= self.opts.max_cycles:
                return
            self._count += 1
            number = self._count
        try:
            cycle = run_cycle(number, self.opts, self.stop, self.extractor)
            self.result.cycles.append(cycle)
            level = logging.WARNING if cycle.status in ("failed", "skipped") else logging.INFO
            log.log(level, describe(cycle))
            if self.on_cycle is not None:
                self.on_cycle(cycle)
        except Exception:
            log.exception("cycle %d failed", number)
        finally:
            last = self.opts.max_cycles is not None and number >= self.opts.max_cycles
            if last or self.stop.is_set():
                self.done.set()
            else:
                self._log_next()

    def _on_busy(self, event: Any) -> None:
        if self._busy_logged != self._count:  # once per cycle
            self._busy_logged = self._count
            log.info("cycle %d still running at its next firing time: that firing is "
                     "skipped", self._count)

    def _log_next(self) -> None:
        job = self._scheduler.get_job(JOB_ID) if self._scheduler else None
        if job is not None and job.next_run_time is not None:
            log.info("next cycle at %s", job.next_run_time.isoformat(timespec="seconds"))

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stop.is_set():
            name = signal.Signals(signum).name
            os.write(2, f"{name} again: exiting now; the store stays consistent\n".encode())
            os._exit(128 + signum)
        self.result.signal = signum
        log.warning("%s: finishing the cycle in hand, then exiting (send it again to exit "
                    "at once)", signal.Signals(signum).name)
        self.stop.set()
        self.done.set()

    def run(self, handle_signals: bool = True) -> ScheduleResult:
        """Run cycles until max_cycles or a signal; returns after the last cycle has ended."""
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        trigger = make_trigger(self.opts.every, self.opts.cron, self.opts.jitter)
        scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
        )
        self._scheduler = scheduler
        scheduler.add_listener(self._on_busy, EVENT_JOB_MAX_INSTANCES)
        first = datetime.now(trigger.timezone)
        scheduler.add_job(self._job, trigger, id=JOB_ID, name="crawl + extract",
                          next_run_time=first)
        previous: dict[int, Any] = {}
        if handle_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, self._on_signal)
        when = (f"every {format_every(self.opts.every)}" if self.opts.every is not None
                else f"on cron {self.opts.cron!r}")
        log.info("schedule: %s with up to %ss jitter, first cycle now; store %s, sources %s",
                 when, trigger.jitter or 0, self.opts.db_path, self.opts.sources)
        try:
            scheduler.start()
            while not self.done.wait(3600):
                pass
        finally:
            if scheduler.running:
                scheduler.shutdown(wait=True)  # waits for the cycle in hand
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return self.result


def run_schedule(opts: ScheduleOptions, on_cycle: Callable[[Cycle], None] | None = None,
                 handle_signals: bool = True) -> ScheduleResult:
    """Check the store and sources once, then run the schedule until it ends.

    Raises StoreError/ConfigError up front for a bad store or sources file, ValueError for
    a bad trigger; later problems only fail the cycle they happen in.
    """
    from pipeline.config import load_config

    make_trigger(opts.every, opts.cron, opts.jitter)
    config = load_config(opts.sources, base_url=opts.base_url)
    if not config.sources:
        raise ConfigError(f"{opts.sources}: no [[source]] to crawl")
    open_store(opts.db_path).close()
    return Schedule(opts, on_cycle).run(handle_signals=handle_signals)


__all__ = [
    "Cycle", "Schedule", "ScheduleOptions", "ScheduleResult", "cron_gap", "cycle_lock",
    "default_jitter", "describe", "make_trigger", "parse_every", "reap_stale_runs",
    "run_cycle", "run_schedule",
]
