"""Crawl counters and progress output."""

from __future__ import annotations

import io

import pytest

from pipeline.crawl.progress import PlainProgress, Progress, RichProgress, make_progress
from pipeline.crawl.stats import Stats


def test_stats_paths_and_error_codes():
    stats = Stats({"page/done": 2})
    stats.inc("fetch/status/200", 3)
    stats.inc("fetch/error/timeout")
    stats.inc("skip/robots_disallowed", 2)
    stats.inc("skip/bad_content_type")
    assert stats.total("fetch/") == 4 and stats.get("page/done") == 2
    assert stats.errors() == {"bad_content_type": 1, "robots_disallowed": 2, "timeout": 1}
    assert list(stats.as_dict()) == sorted(stats.as_dict())


def test_plain_progress_writes_a_line_with_rate_and_errors():
    out = io.StringIO()
    progress = PlainProgress(stream=out, every=0)
    stats = Stats({"article/saved": 4, "fetch/error/http_404": 1})
    progress.update(stats, 7)
    line = out.getvalue().strip()
    assert line.startswith("crawl: 7 pages, ") and "/s, 4 articles, 1 skipped or failed" in line


def test_modes(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())  # not a terminal
    assert type(make_progress("quiet")) is Progress
    assert isinstance(make_progress("plain"), PlainProgress)
    assert isinstance(make_progress("rich"), RichProgress)
    assert isinstance(make_progress("auto"), PlainProgress)
    with pytest.raises(ValueError):
        make_progress("loud")
