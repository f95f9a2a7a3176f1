"""`newsfacts schedule`: cycles on a trigger, the store lock, signals, and the run history.

Everything runs against a copy of the demo site served on 127.0.0.1. The signal tests
drive the real CLI in a subprocess; a gate on the server holds HTML pages in flight so a
signal reliably lands mid-cycle. No timing assertions: waits poll with generous limits.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.demo import DemoHandler, default_root, serve
from pipeline.exceptions import ConfigError
from pipeline.schedule import (
    Cycle,
    ScheduleOptions,
    default_jitter,
    format_every,
    make_trigger,
    parse_every,
    reap_stale_runs,
    run_cycle,
    run_schedule,
)
from pipeline.store import open_store

NEWSFACTS = str(Path(sys.executable).with_name("newsfacts"))
WAIT = 180.0  # seconds: an upper bound for anything to happen, never an expectation

NEW_ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Quillmark signs a hosting deal with Brightspan | The Ledger Wire</title>
<link rel="canonical" href="http://newsfacts-demo.test/en/quillmark-brightspan-hosting.html">
<meta property="og:type" content="article">
<meta property="og:title" content="Quillmark signs a hosting deal with Brightspan">
<meta property="article:published_time" content="2026-11-21T08:00:00+00:00">
</head>
<body class="article-page">
<article>
<h1>Quillmark signs a hosting deal with Brightspan</h1>
<p>Quillmark, the note-taking start-up, has moved its whole archive to Brightspan's
data centres this autumn, according to two people who worked on the migration and asked
not to be named because the terms are private.</p>
<p>Under the agreement Quillmark pays Brightspan about 2 million euros a year for storage
and bandwidth, a figure neither company would confirm when asked on Friday.</p>
<p>The move ends a long period in which the start-up ran its own servers in a rented cage
near the airport, an arrangement its engineers described as cheap but fragile during the
busy weeks before the holidays.</p>
</article>
</body>
</html>
"""

FEED_ITEM = """<item>
      <title>Quillmark signs a hosting deal with Brightspan</title>
      <link>http://newsfacts-demo.test/en/quillmark-brightspan-hosting.html</link>
      <guid isPermaLink="true">http://newsfacts-demo.test/en/quillmark-brightspan-hosting.html</guid>
      <pubDate>Sat, 21 Nov 2026 08:00:00 +0000</pubDate>
    </item>
  </channel>"""


# --- fixtures -----------------------------------------------------------------------------


class GatedHandler(DemoHandler):
    """The demo handler, but HTML pages wait for the server's `gate` to open."""

    def _respond(self, with_body: bool) -> None:
        if not self.path.endswith((".xml", ".txt")):
            self.server.gate.wait(WAIT)  # type: ignore[attr-defined]
        super()._respond(with_body)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the demo site that a test may add pages to."""
    root = tmp_path / "site"
    shutil.copytree(default_root(), root)
    return root


@pytest.fixture
def server(site: Path) -> Iterator[tuple[str, threading.Event]]:
    """The site copy on 127.0.0.1 with an open gate; yields (base URL, gate)."""
    srv, base_url = serve(site)
    srv.gate = threading.Event()  # type: ignore[attr-defined]
    srv.gate.set()  # type: ignore[attr-defined]
    srv.RequestHandlerClass = GatedHandler
    try:
        yield base_url, srv.gate  # type: ignore[attr-defined]
    finally:
        srv.gate.set()  # type: ignore[attr-defined]
        srv.shutdown()
        srv.server_close()


# Two of the demo site's sources keep the test crawls short; the read timeout is long
# enough for pages held at the gate.
SOURCES = """
[crawl]
per_host_concurrency = 4
per_host_delay = 0
timeout = 600
allow_private = true

[[source]]
name = "en-feed"
kind = "feed"
url = "en/feed.xml"
lang = "en"

[[source]]
name = "news-sitemap"
kind = "sitemap"
url = "sitemap-news.xml"
"""


@pytest.fixture
def sources(site: Path) -> Path:
    path = site / "test-sources.toml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def options(tmp_path: Path, sources: Path, base_url: str, name: str = "k.db",
            **kw: object) -> ScheduleOptions:
    return ScheduleOptions(db_path=tmp_path / name, sources=sources, base_url=base_url,
                           every=kw.pop("every", 1), jitter=kw.pop("jitter", 0),
                           **kw)  # type: ignore[arg-type]


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def runs(db: Path, kind: str) -> list[tuple[int, str, dict, dict]]:
    return [(i, status, json.loads(c or "{}"), json.loads(e or "{}")) for i, status, c, e in
            rows(db, "SELECT id, status, counts, errors FROM crawl_runs WHERE kind = ? "
                     "ORDER BY id", kind)]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """What a crawl + extract leaves behind, without ids and times."""
    return {
        "pages": rows(db, "SELECT url, kind, state, status, content_hash FROM pages "
                          "ORDER BY url"),
        "articles": rows(db, "SELECT url, text_hash, is_article, facts_version IS NOT NULL "
                             "FROM articles ORDER BY url"),
        "evidence": rows(db, "SELECT url, sentence, payer, payee, amount, period "
                             "FROM evidence ORDER BY url, start"),
        "facts": rows(db, "SELECT payer, payee, amount, currency, period, n_articles "
                          "FROM facts ORDER BY payer, payee, amount"),
    }


def wait_for(what: str, check: Callable[[], object], timeout: float = WAIT) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def start_cli(args: list[str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as fh:
        return subprocess.Popen([NEWSFACTS, *args], stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)


def schedule_args(db: Path, sources: Path, base_url: str, *more: str) -> list[str]:
    return ["schedule", "--every", "1h", "--jitter", "0", "--sources", str(sources),
            "--base-url", base_url, "--db", str(db), *more]


def finish(proc: subprocess.Popen) -> int:
    try:
        return proc.wait(WAIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise


def mid_crawl(db: Path) -> bool:
    """A crawl is running, some pages are done and some are still queued (held at the gate)."""
    if not db.exists():
        return False
    try:
        running = rows(db, "SELECT count(*) FROM crawl_runs WHERE kind = 'crawl' "
                           "AND status = 'running'")[0][0]
        done = rows(db, "SELECT count(*) FROM pages WHERE state != 'queued'")[0][0]
        queued = rows(db, "SELECT count(*) FROM pages WHERE state = 'queued'")[0][0]
    except sqlite3.OperationalError:  # not created yet
        return False
    return bool(running and done >= 2 and queued)


@pytest.fixture
def reference(tmp_path: Path, server: tuple[str, threading.Event], sources: Path) -> Path:
    """A store filled by one uninterrupted cycle: what a stopped-and-restarted one must match."""
    base_url, _ = server
    cycle = run_cycle(1, options(tmp_path, sources, base_url, "reference.db"),
                      threading.Event())
    assert cycle.status == "ok", cycle.message
    return tmp_path / "reference.db"


# --- options ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, seconds", [
    ("30s", 30), ("10m", 600), ("2h", 7200), ("1d", 86400), (" 1h30m ", 5400), ("45S", 45),
])
def test_parse_every_accepts_units(text, seconds):
    assert parse_every(text) == seconds
    assert parse_every(format_every(seconds)) == seconds


@pytest.mark.parametrize("text", ["", "30", "m", "10x", "-5m", "1.5h", "0s", "10m junk"])
def test_parse_every_refuses_the_rest(text):
    with pytest.raises(ValueError):
        parse_every(text)


def test_default_jitter_is_a_few_percent_capped():
    assert default_jitter(1800) == 90
    assert default_jitter(86400) == 300
    assert default_jitter(10) == 0


def test_cron_trigger_gets_jitter_from_its_interval():
    assert make_trigger(cron="*/30 * * * *").jitter == 90
    assert make_trigger(cron="*/30 * * * *", jitter=0).jitter is None
    assert make_trigger(every=600).jitter == 30
    with pytest.raises(ValueError):
        make_trigger(cron="61 * * * *")
    with pytest.raises(ValueError):
        make_trigger(every=60, cron="* * * * *")


@pytest.mark.parametrize("args, message", [
    (["--every", "10x"], "not an interval"),
    ([], "give one of --every or --cron"),
    (["--every", "1m", "--cron", "* * * * *"], "give one of --every or --cron"),
    (["--cron", "* * *"], "Wrong number of fields"),
    (["--every", "1m", "--jitter", "-1"], "--jitter"),
    (["--every", "1m", "--max-cycles", "0"], "--max-cycles"),
])
def test_bad_options_are_usage_errors(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["schedule", "--db", str(tmp_path / "k.db"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "k.db").exists()


def test_bad_sources_file_exits_2_before_any_cycle(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text("[[source]]\nname = 'x'\nkind = 'feed'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["schedule", "--every", "1m", "--sources", str(bad),
                                      "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 2
    assert "url is required" in result.output
    assert not (tmp_path / "k.db").exists()


# --- cycles -------------------------------------------------------------------------------


def test_two_cycles_pick_up_a_new_article_and_revalidate_the_rest(
        tmp_path, site, server, sources):
    base_url, _ = server
    db = tmp_path / "k.db"
    feed_url = base_url + "en/feed.xml"
    new_url = base_url + "en/quillmark-brightspan-hosting.html"
    after_first: dict[str, str] = {}

    def add_article(cycle: Cycle) -> None:
        if cycle.number != 1:
            return
        after_first.update(rows(db, "SELECT url, state FROM pages"))
        (site / "en" / "quillmark-brightspan-hosting.html").write_text(
            NEW_ARTICLE, encoding="utf-8")
        feed = site / "en" / "feed.xml"
        text = feed.read_text("utf-8")
        assert text.count("</channel>") == 1
        feed.write_text(text.replace("</channel>", FEED_ITEM), encoding="utf-8")

    opts = options(tmp_path, sources, base_url, max_cycles=2)
    result = run_schedule(opts, on_cycle=add_article, handle_signals=False)

    assert [c.status for c in result.cycles] == ["ok", "ok"]
    schedule_runs = runs(db, "schedule")
    crawl_runs = runs(db, "crawl")
    assert [r[1] for r in schedule_runs] == ["ok", "ok"]
    assert [r[2]["schedule/cycle"] for r in schedule_runs] == [1, 2]
    assert [r[1] for r in crawl_runs] == ["ok", "ok"]
    assert [r[2]["schedule/crawl_run"] for r in schedule_runs] == [r[0] for r in crawl_runs]
    assert [r[1] for r in runs(db, "extract")] == ["ok", "ok"]

    # Cycle 1 fetched everything; cycle 2 got 304 for every page that had not changed and
    # 200 for the edited feed and the new article it links to.
    done_first = {u for u, state in after_first.items() if state == "done"}
    assert feed_url in done_first and new_url not in after_first
    assert len(done_first) >= 5
    unchanged = done_first - {feed_url}
    first, second = crawl_runs[0][2], crawl_runs[1][2]
    assert first.get("fetch/status/304", 0) == 0
    assert second["fetch/status/304"] == second["page/unchanged"] == len(unchanged)
    assert second["page/done"] == 2 and second["article/saved"] == 1
    states = dict(rows(db, "SELECT url, state FROM pages"))
    assert {u for u, state in states.items() if state == "unchanged"} == unchanged
    assert states[feed_url] == states[new_url] == "done"

    # Extraction in cycle 2 read the new article and nothing else.
    article = rows(db, "SELECT title, facts_version FROM articles WHERE url = ?", new_url)
    assert article and article[0][0].startswith("Quillmark") and article[0][1]
    assert schedule_runs[1][2]["extract/articles"] == 1
    assert rows(db, "SELECT count(*) FROM articles WHERE facts_version IS NULL") == [(0,)]


def test_a_failing_cycle_and_a_failing_source_do_not_stop_the_schedule(
        tmp_path, server, sources):
    base_url, _ = server
    good = sources.read_text("utf-8")
    sources.write_text(good + '\n[[source]]\nname = "gone"\nkind = "feed"\n'
                       'url = "no/such/feed.xml"\n', encoding="utf-8")
    with_broken_source = sources.read_text("utf-8")

    def break_then_fix(cycle: Cycle) -> None:
        if cycle.number == 1:
            sources.write_text("[[source]\nthis is not TOML", encoding="utf-8")
        elif cycle.number == 2:
            sources.write_text(with_broken_source, encoding="utf-8")

    opts = options(tmp_path, sources, base_url, max_cycles=3)
    result = run_schedule(opts, on_cycle=break_then_fix, handle_signals=False)

    assert [c.status for c in result.cycles] == ["ok", "failed", "ok"]
    assert "invalid TOML" in result.cycles[1].message
    history = runs(opts.db_path, "schedule")
    assert [r[1] for r in history] == ["ok", "failed", "ok"]
    assert history[1][3] == {"config_error": 1}
    assert history[0][3].get("http_404", 0) >= 1  # the missing feed, counted not fatal
    assert history[2][3].get("http_404", 0) >= 1
    gone = rows(opts.db_path, "SELECT state, error FROM pages WHERE source = 'gone'")
    assert gone == [("error", "http_404")]


# --- the store lock -----------------------------------------------------------------------


def test_locked_store_skips_the_cycle_and_records_it(tmp_path, server, sources):
    base_url, _ = server
    opts = options(tmp_path, sources, base_url)
    with open_store(opts.db_path) as other, other.work_lock():
        cycle = run_cycle(1, opts, threading.Event())
    assert cycle.status == "skipped"
    assert "store busy, skipping this cycle" in cycle.message
    assert runs(opts.db_path, "schedule") == [
        (cycle.run_id, "skipped", {"schedule/cycle": 1}, {"store_busy": 1})]
    assert rows(opts.db_path, "SELECT count(*) FROM pages") == [(0,)]
    assert runs(opts.db_path, "crawl") == []


def test_second_scheduler_skips_then_waits_with_wait_lock(tmp_path, server, sources):
    base_url, _ = server
    db = tmp_path / "k.db"
    with open_store(db) as holder:
        with holder.work_lock():
            skipped = subprocess.run(
                [NEWSFACTS, *schedule_args(db, sources, base_url, "--every", "1s",
                                           "--max-cycles", "2")],
                capture_output=True, text=True, timeout=WAIT)
            assert skipped.returncode == 0, skipped.stderr
            assert skipped.stderr.count("store busy, skipping this cycle") == 2
            assert [r[1] for r in runs(db, "schedule")] == ["skipped", "skipped"]
            assert runs(db, "crawl") == []

            log = tmp_path / "wait.log"
            waiting = start_cli(schedule_args(db, sources, base_url, "--wait-lock",
                                              "--max-cycles", "1"), log)
            wait_for("the scheduler to wait for the lock",
                     lambda: "waiting for the lock" in log.read_text())
            assert waiting.poll() is None
        # Lock released: the waiting scheduler now runs its cycle.
        assert finish(waiting) == 0, log.read_text()
    assert [r[1] for r in runs(db, "schedule")] == ["skipped", "skipped", "ok"]
    assert [r[1] for r in runs(db, "crawl")] == ["ok"]


def test_sigterm_between_cycles_exits_0_at_once(tmp_path, server, sources):
    base_url, _ = server
    db = tmp_path / "k.db"
    log = tmp_path / "schedule.log"
    with open_store(db) as holder, holder.work_lock():  # cycle 1 skips: no crawl needed
        proc = start_cli(schedule_args(db, sources, base_url), log)
        wait_for("the first cycle to end", lambda: "next cycle at" in log.read_text())
        proc.send_signal(signal.SIGTERM)
        assert finish(proc) == 0, log.read_text()
    text = log.read_text()
    assert "store busy, skipping this cycle" in text
    assert "schedule stopped by signal after 1 cycle(s)" in text
    assert [r[1] for r in runs(db, "schedule")] == ["skipped"]


def test_reap_marks_dead_processes_runs_interrupted(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with open_store(tmp_path / "k.db") as store:
        ours = store.start_run("schedule")
        theirs = store.start_run("crawl")
        store.conn.execute("UPDATE crawl_runs SET pid = ? WHERE id = ?", (dead.pid, theirs))
        with store.work_lock():
            assert reap_stale_runs(store) == 1
        status = dict(store.conn.execute("SELECT id, status FROM crawl_runs"))
    assert status == {ours: "running", theirs: "interrupted"}


# --- signals ------------------------------------------------------------------------------


def test_sigterm_mid_cycle_exits_0_and_a_restart_loses_nothing(
        tmp_path, server, sources, reference):
    base_url, gate = server
    db = tmp_path / "k.db"
    log = tmp_path / "schedule.log"
    gate.clear()  # HTML pages now hang in flight
    proc = start_cli(schedule_args(db, sources, base_url), log)
    wait_for("pages done and pages held in flight", lambda: mid_crawl(db))

    # Meanwhile the store is busy: a manual run and a second scheduler say so.
    manual = subprocess.run(
        [NEWSFACTS, "run", "--quiet", "--sources", str(sources), "--base-url", base_url,
         "--db", str(db)], capture_output=True, text=True, timeout=WAIT)
    assert manual.returncode == 2
    assert "store is busy" in manual.stderr and f"pid {proc.pid}" in manual.stderr
    second = subprocess.run(
        [NEWSFACTS, *schedule_args(db, sources, base_url, "--max-cycles", "1")],
        capture_output=True, text=True, timeout=WAIT)
    assert second.returncode == 0
    assert "store busy, skipping this cycle" in second.stderr

    proc.send_signal(signal.SIGTERM)
    assert finish(proc) == 0, log.read_text()
    assert "SIGTERM" in log.read_text()
    crawl_runs = runs(db, "crawl")
    assert [r[1] for r in crawl_runs] == ["interrupted"]
    statuses = [r[1] for r in runs(db, "schedule")]
    assert sorted(statuses) == ["interrupted", "skipped"]
    queued = rows(db, "SELECT count(*) FROM pages WHERE state = 'queued'")[0][0]
    assert queued > 0  # the pages held at the gate were abandoned, still queued

    gate.set()
    restart = subprocess.run(
        [NEWSFACTS, *schedule_args(db, sources, base_url, "--max-cycles", "1")],
        capture_output=True, text=True, timeout=WAIT)
    assert restart.returncode == 0, restart.stderr
    # The interrupted crawl run was resumed and finished; nothing queued, lost or doubled.
    assert [r[:2] for r in runs(db, "crawl")] == [(crawl_runs[0][0], "ok")]
    assert snapshot(db) == snapshot(reference)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_second_signal_exits_at_once_and_the_store_survives(
        tmp_path, server, sources, reference):
    base_url, gate = server
    db = tmp_path / "k.db"
    log = tmp_path / "schedule.log"
    gate.clear()
    proc = start_cli(schedule_args(db, sources, base_url), log)
    wait_for("pages done and pages held in flight", lambda: mid_crawl(db))

    # Hold the write lock so the graceful stop cannot commit: only the second signal ends it.
    blocker = sqlite3.connect(db, timeout=60, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        proc.send_signal(signal.SIGINT)
        wait_for("the first signal to be handled", lambda: "SIGINT" in log.read_text())
        proc.send_signal(signal.SIGINT)
        assert finish(proc) == 128 + signal.SIGINT, log.read_text()
        assert "exiting now" in log.read_text()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    # It did exit before committing: its rows still say running.
    assert [r[1] for r in runs(db, "crawl")] == ["running"]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]

    gate.set()
    restart = subprocess.run(
        [NEWSFACTS, *schedule_args(db, sources, base_url, "--max-cycles", "1")],
        capture_output=True, text=True, timeout=WAIT)
    assert restart.returncode == 0, restart.stderr
    assert [r[1] for r in runs(db, "schedule")] == ["interrupted", "ok"]  # stale row reaped
    assert [r[1] for r in runs(db, "crawl")] == ["ok"]
    assert snapshot(db) == snapshot(reference)


def test_config_error_names_the_file(tmp_path):
    with pytest.raises(ConfigError, match="no such sources file"):
        run_schedule(ScheduleOptions(db_path=tmp_path / "k.db", sources=tmp_path / "nope.toml",
                                     every=60), handle_signals=False)
    assert not os.path.exists(tmp_path / "k.db")
