"""Crawl progress: a rich bar on a terminal, plain log lines otherwise, or nothing."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from pipeline.crawl.stats import Stats

MODES = ("auto", "rich", "plain", "quiet")


class Progress:
    """Silent progress; the base of the other modes."""

    def start(self) -> None:
        pass

    def update(self, stats: Stats, processed: int) -> None:
        pass

    def close(self) -> None:
        pass


class PlainProgress(Progress):
    """A log line every `every` seconds: pages done, rate, errors."""

    def __init__(self, stream: TextIO | None = None, every: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self._t0 = time.monotonic()
        self._last = self._t0

    def update(self, stats: Stats, processed: int) -> None:
        now = time.monotonic()
        if now - self._last < self.every:
            return
        self._last = now
        rate = processed / max(now - self._t0, 1e-9)
        errors = sum(stats.errors().values())
        print(f"crawl: {processed} pages, {rate:.1f}/s, {stats.get('article/saved')} articles, "
              f"{errors} skipped or failed", file=self.stream, flush=True)


class RichProgress(Progress):
    """A live rich progress line on the terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            Progress as RichBar,
        )
        from rich.progress import (
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar: Any = RichBar(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._bar.add_task("crawling", total=None)
        self._t0 = time.monotonic()

    def start(self) -> None:
        self._bar.start()

    def update(self, stats: Stats, processed: int) -> None:
        rate = processed / max(time.monotonic() - self._t0, 1e-9)
        errors = sum(stats.errors().values())
        self._bar.update(self._task, description=(
            f"{processed} pages  {rate:.1f}/s  {stats.get('article/saved')} articles  "
            f"{errors} skipped/failed"))

    def close(self) -> None:
        self._bar.stop()


def make_progress(mode: str = "auto") -> Progress:
    if mode not in MODES:
        raise ValueError(f"progress mode must be one of {', '.join(MODES)}")
    if mode == "auto":
        mode = "rich" if sys.stderr.isatty() else "plain"
    if mode == "rich":
        return RichProgress()
    if mode == "plain":
        return PlainProgress()
    return Progress()
