"""`newsfacts backfill` end to end on a real Dask LocalCluster of 2 worker processes.

The WARC files are written with FastWARC's writer from pages a real crawl fetched from a
local server (the demo site always; the article-extraction benchmark's pages when
../shared is there), so "the store after backfill equals the store after crawling the
same pages" compares two real runs. One cluster serves the whole module.
"""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import psutil
import pytest
from click.testing import CliRunner

from pipeline.backfill import Options, backfill
from pipeline.backfill.warcwrite import Response, write_warc
from pipeline.cli import cli
from pipeline.config import load_config
from pipeline.extraction import check_consistency, crawl_and_extract
from pipeline.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "corpora" / "site"
# the shared datasets: ../shared/ beside the repository, or $NEWSFACTS_SHARED
SHARED = Path(os.environ.get("NEWSFACTS_SHARED") or ROOT.parent / "shared")
BENCH = SHARED / "datasets" / "article-extraction-benchmark" / "html"
sys.path.insert(0, str(ROOT / "scripts"))

import warcgen  # noqa: E402

# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def crawl_store(db: Path, sources: Path, base_url: str) -> None:
    with open_store(db) as store:
        result = crawl_and_extract(store, load_config(sources, base_url=base_url),
                                   progress="quiet")
    assert result.crawl.status == "ok"


def warc_of_crawl(db: Path, out: Path, files: int = 3) -> list[Path]:
    """The pages a crawl fetched, fetched again from the same server and written to WARC
    files with their crawl dates: what an archive of that crawl would hold."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT url, fetched_at FROM pages WHERE kind = 'page' "
                        "AND state = 'done' ORDER BY id").fetchall()
    conn.close()
    responses = []
    with httpx.Client() as http:
        for url, fetched_at in rows:
            r = http.get(url)
            assert r.status_code == 200, url
            headers = [("Content-Language", r.headers["content-language"])] \
                if "content-language" in r.headers else []
            responses.append(Response(
                url=url, body=r.content, content_type=r.headers.get("content-type"),
                headers=headers, date=_parse(fetched_at)))
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(files):
        path = out / f"crawl-{k}.warc.gz"
        write_warc(path, responses[k::files])
        paths.append(path)
    return paths


def _parse(when: str):
    from datetime import UTC, datetime

    return datetime.strptime(when, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[tuple[Path, list[Path], str]]:
    """(the crawled store, WARC files of the same pages, the server's base URL)."""
    from pipeline.demo import running

    tmp = tmp_path_factory.mktemp("demo")
    with running() as base_url:
        crawl_store(tmp / "crawled.db", SITE / "sources.toml", base_url)
        warcs = warc_of_crawl(tmp / "crawled.db", tmp / "warcs")
        yield tmp / "crawled.db", warcs, base_url


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        pages: dict[str, bytes] = self.server.pages  # type: ignore[attr-defined]
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/":
            body = ("<html><body>" + "".join(f"<a href='/{p}'>{p}</a>" for p in pages)
                    + "</body></html>").encode()
            ctype = "text/html; charset=utf-8"
        elif self.path.lstrip("/") in pages:
            body, ctype = pages[self.path.lstrip("/")], "text/html"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def benchmark_pages(tmp_path_factory) -> Iterator[tuple[Path, list[Path]]]:
    """The benchmark's real article pages crawled from a local server, and their WARCs."""
    if not BENCH.is_dir():
        pytest.skip(f"article-extraction benchmark not at {BENCH} (set NEWSFACTS_SHARED)")
    tmp = tmp_path_factory.mktemp("bench")
    pages = {p.name.removesuffix(".gz"): gzip.decompress(p.read_bytes())
             for p in sorted(BENCH.glob("*.html.gz"))[:60]}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    server.pages = pages  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    sources = tmp / "sources.toml"
    # one page at a time: written when the crawler extracted articles in threads, where
    # lxml/trafilatura on several large real pages at once aborted the interpreter (it
    # now extracts in worker processes, pipeline/page_reader.py)
    sources.write_text(
        "[crawl]\nper_host_delay = 0\nconcurrency = 1\nallow_private = true\n"
        "obey_robots = false\n\n[[source]]\nname = \"bench\"\nkind = \"page\"\n"
        f"url = \"{base}\"\nmax_depth = 1\n", encoding="utf-8")
    try:
        crawl_store(tmp / "crawled.db", sources, base)
        yield tmp / "crawled.db", warc_of_crawl(tmp / "crawled.db", tmp / "warcs")
    finally:
        server.shutdown()
        server.server_close()


def run(client, db: Path, paths: list[Path], part_mb: float = 64.0, **options) -> object:
    with open_store(db) as store:
        return backfill(store, [str(p) for p in paths], client=client, part_mb=part_mb,
                        options=Options(**options), progress="quiet")


# --- comparing stores ---------------------------------------------------------------------

ARTICLE_COLS = ("url", "canonical_url", "title", "lang", "published_at", "author", "site",
                "text", "is_article", "extractor_version", "facts_version")


def snapshot(db: Path, texts: bool = True) -> dict[str, list[tuple]]:
    """What a store knows, without row ids, timestamps of the writing or crawl state."""
    conn = sqlite3.connect(db)
    cols = [c for c in ARTICLE_COLS if texts or c != "text"]
    out = {
        "articles": sorted(conn.execute(
            f"SELECT {', '.join(cols)} FROM articles WHERE is_article")),
        "facts": sorted(conn.execute(
            "SELECT kind, payer, payee, amount, currency, period, term_months, approx, product, "
            "as_of, amount_usd_per_year, share, segment, confidence, first_seen, last_seen, "
            "n_articles, n_sites, conflicting FROM facts"), key=repr),
        "evidence": sorted(conn.execute(
            "SELECT e.url, e.site, e.sentence, e.start, e.end, e.payer, e.payee, e.amount, "
            "e.currency, e.period, e.share, e.confidence, e.rule_id, f.payer, f.payee, "
            "f.amount FROM evidence e JOIN facts f ON f.id = e.fact_id"), key=repr),
        "links": sorted(conn.execute(
            "SELECT l.child, l.parent, l.sentence, a.url FROM company_links l "
            "JOIN articles a ON a.id = l.article_id")),
        "companies": sorted(conn.execute("SELECT name, parent, aliases FROM companies")),
        "conflicts": sorted(conn.execute(
            "SELECT a.payer, a.payee, a.amount, b.amount FROM fact_conflicts c "
            "JOIN facts a ON a.id = c.fact_id JOIN facts b ON b.id = c.other_fact_id"),
            key=repr),
    }
    conn.close()
    return out


# --- the store after backfill equals the store after crawling ----------------------------


def test_backfill_of_the_demo_crawl_equals_the_crawl(client, demo, tmp_path):
    crawled, warcs, _ = demo
    result = run(client, tmp_path / "b.db", warcs, keep_text="all", part_mb=0.02)
    assert result.status == "ok" and result.workers == 2
    assert result.files_done == 3 and result.done == result.parts > 3 and result.failed == 0
    want, got = snapshot(crawled), snapshot(tmp_path / "b.db")
    assert got["articles"] == want["articles"] and len(want["articles"]) >= 30
    assert got == want
    assert len(want["facts"]) >= 12
    # the AMP copy (same bytes) is one article, as in the crawl
    assert result.counts.get("article/duplicate", 0) + result.counts.get(
        "article/duplicate_replaced", 0) == 1
    with open_store(tmp_path / "b.db") as store:
        assert check_consistency(store) == []


def test_the_workers_profiler_is_stopped_so_no_parse_tree_leaks(client, demo, tmp_path):
    # Dask's profiler holds the task thread's frames; Resiliparse's trees in them, dropped
    # in the profiler's thread, cannot be freed there (PyO3 "unsendable"): they would leak
    _, warcs, _ = demo
    run(client, tmp_path / "p.db", warcs, part_mb=0.02)
    running = client.run(lambda dask_worker: "profile" in dask_worker.periodic_callbacks)
    assert running and not any(running.values())


def test_by_default_only_articles_with_facts_keep_their_text(client, demo, tmp_path):
    crawled, warcs, _ = demo
    run(client, tmp_path / "b.db", warcs)
    assert snapshot(tmp_path / "b.db", texts=False) == snapshot(crawled, texts=False)
    conn = sqlite3.connect(tmp_path / "b.db")
    rows = conn.execute(
        "SELECT a.url, a.text != '', EXISTS (SELECT 1 FROM evidence e WHERE e.article_id = a.id)"
        " OR EXISTS (SELECT 1 FROM company_links l WHERE l.article_id = a.id), f.path, c.offset "
        "FROM articles a JOIN archive_captures c ON c.article_id = a.id "
        "JOIN archive_files f ON f.id = c.file_id").fetchall()
    conn.close()
    assert rows and all(has_text == bool(has_facts) for _, has_text, has_facts, _, _ in rows)
    assert any(not has_text for _, has_text, _, _, _ in rows)
    from fastwarc.warc import ArchiveIterator

    for url, _, _, path, offset in rows:  # file + offset lead back to the record
        with open(path, "rb") as fh:
            fh.seek(offset)
            assert next(iter(ArchiveIterator(fh))).headers.get("WARC-Target-URI") == url


def test_backfill_of_benchmark_pages_equals_their_crawl(client, benchmark_pages, tmp_path):
    crawled, warcs = benchmark_pages
    run(client, tmp_path / "b.db", warcs, keep_text="all")
    want = snapshot(crawled)
    assert len(want["articles"]) >= 30
    assert snapshot(tmp_path / "b.db") == want


# --- idempotent, stored once --------------------------------------------------------------


def test_running_it_twice_adds_nothing(client, demo, tmp_path):
    _, warcs, _ = demo
    db = tmp_path / "b.db"
    run(client, db, warcs)
    before = snapshot(db)
    again = run(client, db, warcs)
    assert again.already_done == 3 and again.done == 0 and again.records == 0
    assert snapshot(db) == before
    conn = sqlite3.connect(db)
    states = conn.execute(
        "SELECT state, count(*) FROM archive_file_states GROUP BY state").fetchall()
    runs = conn.execute("SELECT kind, status FROM crawl_runs ORDER BY id").fetchall()
    conn.close()
    assert states == [("done", 3)] and runs == [("backfill", "ok"), ("backfill", "ok")]


def test_a_page_in_the_archive_and_the_crawl_is_stored_once(client, demo, tmp_path):
    crawled, warcs, base_url = demo
    db = tmp_path / "both.db"
    run(client, db, warcs)  # archive first, then the live crawl of the same pages
    crawl_store(db, SITE / "sources.toml", base_url)
    conn = sqlite3.connect(db)
    urls = [u for (u,) in conn.execute("SELECT url FROM articles WHERE is_article")]
    conn.close()
    assert sorted(urls) == sorted(a[0] for a in snapshot(crawled)["articles"])
    db2 = tmp_path / "crawl-first.db"  # the crawl first, then the archive
    crawl_store(db2, SITE / "sources.toml", base_url)
    result = run(client, db2, warcs)
    assert result.counts["article/known_url"] >= 30
    assert result.counts.get("article/saved", 0) == 0
    assert snapshot(db2) == snapshot(crawled)


def test_an_existing_cluster_by_scheduler_address(client, demo, tmp_path):
    _, warcs, _ = demo
    with open_store(tmp_path / "s.db") as store:
        result = backfill(store, [str(warcs[0])], scheduler=client.scheduler.address,
                          progress="quiet")
    assert result.status == "ok" and result.files_done == 1 and result.workers == 2


# --- filters ------------------------------------------------------------------------------


def test_lang_and_date_filters(client, demo, tmp_path):
    crawled, warcs, _ = demo
    result = run(client, tmp_path / "f.db", warcs, langs=frozenset({"it", "de"}),
                 since="2020-01-01")
    conn = sqlite3.connect(tmp_path / "f.db")
    langs = {lang for (lang,) in conn.execute("SELECT DISTINCT lang FROM articles")}
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    assert langs == {"it", "de"} and result.counts["filter/lang"] > 0
    want = sum(1 for a in snapshot(crawled)["articles"] if a[3] in ("it", "de"))
    assert n == want
    late = run(client, tmp_path / "late.db", warcs, since="2100-01-01")
    assert late.counts.get("article/saved", 0) == 0 and late.counts["filter/date"] > 0


# --- bad input ----------------------------------------------------------------------------


def test_bad_input_is_counted_by_reason_and_loses_nothing_else(client, tmp_path):
    good = list(warcgen.pages(12, seed=3, fact_rate=0.5))
    french = list(warcgen.pages(4, seed=5))[3]  # a French page, sent as windows-1252
    cp1252 = french.body.decode("utf-8").replace("charset='utf-8'", "charset='windows-1252'")
    wrong_label = Response(french.url.replace("story", "cafe"), cp1252.encode("cp1252"),
                           content_type="text/html; charset=utf-8")
    mixed = [
        good[0],
        Response("https://x.test/broken-header", raw=b"\x00\x01\r\n\r\n<html></html>"),
        good[1],
        Response("https://x.test/huge", b"<html>" + b"x" * 6_000_000),
        good[2],
        Response("https://x.test/binary", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
        good[3],
        wrong_label,
        good[4],
    ]
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "mixed.warc.gz", mixed)
    write_warc(tmp_path / "in" / "cut.warc.gz", good[5:9])
    data = (tmp_path / "in" / "cut.warc.gz").read_bytes()
    starts = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]
    # record 1's gzip member loses its end; the file also ends inside record 3's member
    (tmp_path / "in" / "cut.warc.gz").write_bytes(
        data[:starts[1] + 60] + data[starts[2]:starts[3] + 80])
    write_warc(tmp_path / "in" / "plain.warc", good[9:12], gzip=False)
    (tmp_path / "in" / "notes.warc.gz").write_bytes(gzip.compress(b"just some notes\n" * 50))
    db = tmp_path / "bad.db"
    result = run(client, db, [tmp_path / "in" / "*.warc*"], keep_text="all")
    assert result.files_done == 3 and result.failed == 1
    e = result.errors
    assert e["bad_http_header"] == 1 and e["too_large"] == 1 and e["not_html"] == 1
    assert e["charset_mismatch"] == 1 and e["not_warc"] == 1
    assert e["corrupt_gzip"] == 1 and e["truncated_record"] == 1
    conn = sqlite3.connect(db)
    urls = {u for (u,) in conn.execute("SELECT url FROM articles")}
    cafe = conn.execute("SELECT text FROM articles WHERE url = ?", (wrong_label.url,)).fetchone()
    files = dict(conn.execute("SELECT path, coalesce(reasons, state) FROM archive_file_states"))
    run_errors = conn.execute("SELECT errors FROM crawl_runs").fetchone()[0]
    conn.close()
    want = {g.url for g in good[:5] + [good[5], good[7]] + good[9:12]}
    assert want <= urls  # every good record of every readable file
    from pipeline.article import extract_article

    right = extract_article(french.body, wrong_label.url).text
    assert "é" in right and cafe == (right,)  # the wrong label did not garble the text
    assert files[str(tmp_path / "in" / "notes.warc.gz")] == "not_warc"
    assert '"not_warc": 1' in run_errors and '"too_large": 1' in run_errors


def test_cli_errors_are_one_line_with_exit_2(tmp_path):
    r = CliRunner().invoke(cli, ["backfill", str(tmp_path / "none-*.warc.gz"),
                                 "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 2 and "no file matches" in r.output
    r = CliRunner().invoke(cli, ["backfill", "x.warc", "--workers", "2", "--scheduler",
                                 "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "not both" in r.output
    r = CliRunner().invoke(cli, ["backfill", "x.warc", "--lang", "en,xx"])
    assert r.exit_code == 2 and "xx" in r.output


# --- kill -9 and resume -------------------------------------------------------------------


def test_kill_9_then_resume_equals_an_uninterrupted_run(client, tmp_path):
    files = warcgen.write_set(tmp_path / "warcs", 240, 20, seed=11, fact_rate=0.3)
    whole = tmp_path / "whole.db"
    run(client, whole, files)
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "pipeline", "backfill", str(tmp_path / "warcs" / "*.warc.gz"),
           "--db", str(db), "--workers", "2", "--progress", "plain"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    children = []
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            children = psutil.Process(proc.pid).children(recursive=True) or children
            conn = sqlite3.connect(db, timeout=5)
            done = conn.execute(
                "SELECT count(*) FROM archive_parts WHERE state = 'done'").fetchone()[0]
            conn.close()
        except (sqlite3.OperationalError, psutil.NoSuchProcess):
            pass
        if done >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None and 2 <= done < len(files), "the run ended before the kill"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, "worker processes outlived their driver"
    conn = sqlite3.connect(db)
    states = dict(conn.execute("SELECT state, count(*) FROM archive_parts GROUP BY state"))
    files_done = conn.execute(
        "SELECT count(*) FROM archive_file_states WHERE state = 'done'").fetchone()[0]
    conn.close()
    assert states.get("running", 0) >= 1  # files in flight at the kill
    resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{files_done} already done" in resumed.stdout  # not read again
    runs = sqlite3.connect(db).execute("SELECT status, counts FROM crawl_runs ORDER BY id")
    (killed, _), (status, counts) = runs.fetchall()
    assert (killed, status) == ("interrupted", "ok")
    assert f'"warc/part/done": {len(files) - states["done"]}' in counts
    assert snapshot(db) == snapshot(whole)
    with open_store(db) as store:
        assert check_consistency(store) == []


def test_sigterm_stops_after_the_parts_in_flight_and_the_next_run_goes_on(tmp_path):
    warcgen.write_set(tmp_path / "warcs", 200, 10, seed=12, fact_rate=0.2)
    db = tmp_path / "stopped.db"
    cmd = [sys.executable, "-m", "pipeline", "backfill", str(tmp_path / "warcs" / "*.warc.gz"),
           "--db", str(db), "--workers", "1", "--progress", "plain"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            conn = sqlite3.connect(db, timeout=5)
            n = conn.execute("SELECT count(*) FROM archive_parts WHERE state = 'done'"
                             ).fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:
            n = 0
        if n:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert " interrupted: " in out
    conn = sqlite3.connect(db)
    states = dict(conn.execute("SELECT state, count(*) FROM archive_parts GROUP BY state"))
    status = conn.execute("SELECT status FROM crawl_runs").fetchone()[0]
    conn.close()
    assert status == "interrupted" and "running" not in states and states["pending"] > 0
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and " ok: 20 of 20 files done" in again.stdout
    last = again.stderr.strip().splitlines()[-1]  # plain progress: one line when done
    assert last.startswith("backfill: ") and "records/s" in last and "facts" in last
