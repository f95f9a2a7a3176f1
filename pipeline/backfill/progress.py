"""Backfill progress: a rich line on a terminal, plain log lines otherwise, or nothing."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any, TextIO

MODES = ("auto", "rich", "plain", "quiet")


@dataclass
class Tally:
    """What the progress display shows (parts: the byte ranges of WARC files read)."""

    parts_total: int = 0
    parts_done: int = 0
    parts_failed: int = 0
    records: int = 0
    articles: int = 0
    facts: int = 0

    def line(self, elapsed: float) -> str:
        rate = self.records / elapsed if elapsed > 0 else 0.0
        failed = f" ({self.parts_failed} failed)" if self.parts_failed else ""
        return (f"{self.parts_done}/{self.parts_total} parts{failed}, {self.records} records, "
                f"{rate:.1f} records/s, {self.articles} articles, {self.facts} facts")


class Progress:
    """Silent; the base of the other modes."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()

    def start(self, tally: Tally) -> None:
        pass

    def update(self, tally: Tally) -> None:
        pass

    def close(self) -> None:
        pass


class PlainProgress(Progress):
    """A log line per `every` seconds at most, and one when the last file is in."""

    def __init__(self, stream: TextIO | None = None, every: float = 5.0) -> None:
        super().__init__()
        self.stream = stream or sys.stderr
        self.every = every
        self._last = 0.0

    def update(self, tally: Tally) -> None:
        now = time.monotonic()
        last_part = tally.parts_done + tally.parts_failed >= tally.parts_total
        if now - self._last < self.every and not last_part:
            return
        self._last = now
        print(f"backfill: {tally.line(now - self.t0)}", file=self.stream, flush=True)


class RichProgress(Progress):
    """A rich progress bar over parts, with the record rate and what was found."""

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self._bar: Any = Bar(TextColumn("parts"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("{task.description}"), TimeElapsedColumn(),
                             console=Console(stderr=True), transient=True)
        self._task = self._bar.add_task("", total=None)

    def start(self, tally: Tally) -> None:
        self._bar.update(self._task, total=tally.parts_total)
        self._bar.start()

    def update(self, tally: Tally) -> None:
        rate = tally.records / max(time.monotonic() - self.t0, 1e-9)
        self._bar.update(self._task, completed=tally.parts_done + tally.parts_failed,
                         description=f"{tally.records} records  {rate:.1f}/s  "
                                     f"{tally.articles} articles  {tally.facts} facts")

    def close(self) -> None:
        self._bar.stop()


def make_progress(mode: str = "auto") -> Progress:
    if mode not in MODES:
        raise ValueError(f"progress mode must be one of {', '.join(MODES)}")
    if mode == "auto":
        mode = "rich" if sys.stderr.isatty() else "plain"
    return {"rich": RichProgress, "plain": PlainProgress}.get(mode, Progress)()
