"""Path-style crawl counters (fetch/status/200, fetch/error/too_large, skip/robots_disallowed).

Counted where the event happens, saved with each page in crawl_runs.counts, so a resumed
run continues from the counts its pages were committed with.
"""

from __future__ import annotations

from collections import Counter

# Counter prefixes whose last segment is an error/skip reason code.
REASON_PREFIXES = ("fetch/error/", "skip/")


class Stats:
    """A counter keyed by path-style names."""

    def __init__(self, initial: dict[str, int] | None = None) -> None:
        self.counts: Counter[str] = Counter(initial or {})

    def inc(self, path: str, n: int = 1) -> None:
        self.counts[path] += n

    def get(self, path: str) -> int:
        return self.counts.get(path, 0)

    def total(self, prefix: str) -> int:
        return sum(v for k, v in self.counts.items() if k.startswith(prefix))

    def errors(self) -> dict[str, int]:
        """Reason code -> count, over fetch errors and skips."""
        out: Counter[str] = Counter()
        for key, value in self.counts.items():
            for prefix in REASON_PREFIXES:
                if key.startswith(prefix):
                    out[key[len(prefix):]] += value
        return dict(sorted(out.items()))

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))
