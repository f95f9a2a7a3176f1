#!/usr/bin/env python3
"""Kill a crawl at random moments, resume it, and check the store every time.

Against a local site with faults (scripts/faultsite.py: the 181 real pages of the
article-extraction benchmark when found, plus slow pages, 500s, a body over the cap, a
gzip bomb, binary bytes, a wrong charset, a truncated response, a redirect loop, a copy),
under CPU load from busy-loop processes, it runs `newsfacts crawl` as a subprocess:

- N cycles of: crawl into an empty store, SIGKILL at a random moment, crawl again to the
  end (the resume);
- N uninterrupted crawls into an empty store.

After each it checks: exit code (0, or -9 where it was killed; anything else is an
abnormal exit and its stderr, with PYTHONFAULTHANDLER's dump, is kept), `PRAGMA
integrity_check` = ok, no URL stored twice (pages, articles, canonical URLs), no page left
queued, and the final store equal to a reference crawl (pages: url, state, status, error,
duplicate, body hash; articles: every field). Processes left behind by a killed crawl are
caught too: this script makes itself the subreaper of its descendants.

    .venv/bin/python scripts/stress_resume.py --cycles 50
    .venv/bin/python scripts/stress_resume.py --cycles 5 --checkout /tmp/old   # other code
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from faultsite import (
    FaultSite,
    benchmark_pages,
    find_benchmark,
    generated_pages,
    sources_toml,
)
from shared_data import ROOT, missing, shared_path

PR_SET_CHILD_SUBREAPER = 36
CRAWL_TIMEOUT = 600
BUSY = "while True: pass"


@dataclass
class Tally:
    """What the cycles found."""

    runs: int = 0
    killed: int = 0  # SIGKILL landed while the crawl ran (then it was resumed)
    finished_before_kill: int = 0  # the crawl had ended: its store is checked as it is
    abnormal: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stragglers: int = 0
    seconds: list[float] = field(default_factory=list)  # uninterrupted crawls
    resume_seconds: list[float] = field(default_factory=list)


def become_subreaper() -> bool:
    """Orphaned descendants (e.g. worker processes of a killed crawl) become our children."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children(exclude: set[int]) -> list[tuple[int, str]]:
    """(pid, state) of this process's children, other than `exclude`."""
    me = str(os.getpid())
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in exclude:
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[1] == me:
            out.append((int(entry.name), fields[0]))
    return out


def reap_stragglers(exclude: set[int], grace: float = 5.0) -> int:
    """Wait up to `grace` seconds for orphans to exit; kill and count those that do not."""
    deadline = time.monotonic() + grace
    while True:
        alive = []
        for pid, state in children(exclude):
            if state == "Z":
                os.waitpid(pid, 0)
            else:
                alive.append(pid)
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return len(alive)


class Crawls:
    """Runs `newsfacts crawl` from a checkout, keeping the stderr of every run."""

    def __init__(self, checkout: Path, sources: Path, logs: Path) -> None:
        self.checkout = checkout
        self.sources = sources
        self.logs = logs
        self.env = {**os.environ, "PYTHONFAULTHANDLER": "1",
                    "PYTHONPATH": str(checkout)}
        self.n = 0

    def start(self, db: Path) -> tuple[subprocess.Popen[bytes], Path]:
        self.n += 1
        log = self.logs / f"run-{self.n:04d}.stderr"
        cmd = [sys.executable, "-m", "pipeline", "crawl", "--sources", str(self.sources),
               "--db", str(db), "--quiet"]
        with open(log, "wb") as fh:
            proc = subprocess.Popen(cmd, cwd=self.checkout, env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=fh)
        return proc, log


def snapshot(db: Path) -> tuple[list[tuple], list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        pages = conn.execute(
            "SELECT url, state, status, error, duplicate_of IS NOT NULL, content_hash "
            "FROM pages ORDER BY url").fetchall()
        articles = conn.execute(
            "SELECT url, canonical_url, title, lang, published_at, author, site, text, "
            "is_article FROM articles ORDER BY url").fetchall()
    finally:
        conn.close()
    return pages, articles


def check_store(db: Path, reference: tuple[list, list] | None) -> list[str]:
    """Problems with a finished crawl's store (empty: none)."""
    problems = []
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        for what, sql in (
            ("page url", "SELECT url FROM pages GROUP BY url HAVING count(*) > 1"),
            ("article url", "SELECT url FROM articles GROUP BY url HAVING count(*) > 1"),
            ("article page", "SELECT page_id FROM articles GROUP BY page_id "
                             "HAVING count(*) > 1"),
            ("canonical url", "SELECT canonical_url FROM articles WHERE canonical_url "
                              "IS NOT NULL GROUP BY canonical_url HAVING count(*) > 1"),
        ):
            dupes = conn.execute(sql).fetchall()
            if dupes:
                problems.append(f"{what} stored twice: {dupes[:3]}")
        queued = conn.execute("SELECT count(*) FROM pages WHERE state = 'queued'").fetchone()[0]
        if queued:
            problems.append(f"{queued} pages still queued")
        status = conn.execute("SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1"
                              ).fetchone()
        if not status or status[0] != "ok":
            problems.append(f"last crawl run status {status}")
    finally:
        conn.close()
    if reference is not None:
        pages, articles = snapshot(db)
        for name, ours, ref in (("pages", pages, reference[0]),
                                ("articles", articles, reference[1])):
            if ours != ref:
                extra = sorted(set(ours) - set(ref), key=str)[:2]
                missing = sorted(set(ref) - set(ours), key=str)[:2]
                problems.append(f"{name} differ from the reference: {len(ours)} vs "
                                f"{len(ref)} rows; extra {[r[:4] for r in extra]}; "
                                f"missing {[r[:4] for r in missing]}")
    return problems


def crawl_finished(db: Path) -> bool:
    """True when the store's last crawl run ended ('ok'): a later crawl would be a new run."""
    if not db.exists():
        return False
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return bool(row) and row[0] == "ok"


def run_to_end(crawls: Crawls, db: Path, tally: Tally, label: str) -> float:
    started = time.monotonic()
    proc, log = crawls.start(db)
    try:
        rc = proc.wait(timeout=CRAWL_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
        tally.abnormal.append(f"{label}: timed out after {CRAWL_TIMEOUT}s ({log})")
        return time.monotonic() - started
    tally.runs += 1
    if rc != 0:
        tally.abnormal.append(f"{label}: exit {rc} ({log})")
    else:
        log.unlink()
    return time.monotonic() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=50,
                    help="kill+resume cycles, and as many uninterrupted crawls (default 50)")
    ap.add_argument("--load", type=int, default=1,
                    help="busy-loop processes running beside the crawls (default 1)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, help="the article-extraction-benchmark folder")
    ap.add_argument("--checkout", type=Path, default=ROOT,
                    help="the newsfacts checkout whose code runs (default: this one)")
    ap.add_argument("--keep", type=Path, help="keep stores and logs in this folder")
    ap.add_argument("--json", type=Path, help="write the summary as JSON here")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-up below
    data = find_benchmark(args.data)
    if data is None:
        print(missing(shared_path("datasets", "article-extraction-benchmark"),
                      "the article-extraction benchmark") + "; using 181 generated pages",
              file=sys.stderr)
        pages, corpus = generated_pages(), "181 generated pages"
    else:
        pages, corpus = benchmark_pages(data), f"{len(benchmark_pages(data))} benchmark pages"
    site = FaultSite(pages)
    server = site.serve()
    subreaper = become_subreaper()
    work = args.keep or Path(tempfile.mkdtemp(prefix="stress-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "logs").mkdir(exist_ok=True)
    sources = work / "sources.toml"
    sources.write_text(sources_toml(server.origin), encoding="utf-8")
    crawls = Crawls(args.checkout.resolve(), sources, work / "logs")
    load = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(args.load)]
    keep = {p.pid for p in load}
    tally = Tally()
    started = time.monotonic()
    load_avg = os.getloadavg()[0]
    try:
        for attempt in range(1, 6):  # the abnormal exits of failed attempts count too
            ref_db = work / f"reference-{attempt}.db"
            before = len(tally.abnormal)
            ref_seconds = run_to_end(crawls, ref_db, tally, f"reference attempt {attempt}")
            if len(tally.abnormal) == before:
                break
        else:
            print(f"no reference crawl ended normally: {tally.abnormal}", file=sys.stderr)
            return 1
        reference = snapshot(ref_db)
        problems = check_store(ref_db, None)
        tally.problems += [f"reference: {p}" for p in problems]
        print(f"reference crawl: {len(reference[0])} pages, {len(reference[1])} articles in "
              f"{ref_seconds:.1f}s; {corpus}, {len(site.faults)} fault routes", flush=True)
        reported = len(tally.abnormal) + len(tally.problems)
        for cycle in range(1, args.cycles + 1):
            # crawl, SIGKILL at a random moment, resume
            db = work / f"killed-{cycle}.db"
            proc, log = crawls.start(db)
            typical = statistics.median(tally.seconds) if tally.seconds else ref_seconds
            time.sleep(rng.uniform(0.05, 0.95) * typical)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            rc = proc.wait()
            tally.runs += 1
            if rc not in (0, -signal.SIGKILL):
                tally.abnormal.append(f"cycle {cycle} killed run: exit {rc} ({log})")
            else:
                log.unlink()
            tally.stragglers += reap_stragglers(keep)
            if crawl_finished(db):  # the kill came after the crawl's end: nothing to resume
                tally.finished_before_kill += 1
                label = "finished before the kill"
            else:
                tally.killed += 1
                label = "resumed"
                tally.resume_seconds.append(
                    run_to_end(crawls, db, tally, f"cycle {cycle} resume"))
                tally.stragglers += reap_stragglers(keep)
            tally.problems += [f"cycle {cycle} {label}: {p}" for p in check_store(db, reference)]
            # an uninterrupted crawl into an empty store
            fresh = work / f"fresh-{cycle}.db"
            tally.seconds.append(run_to_end(crawls, fresh, tally, f"cycle {cycle} fresh"))
            tally.stragglers += reap_stragglers(keep)
            tally.problems += [f"cycle {cycle} fresh: {p}" for p in check_store(fresh, reference)]
            if args.keep is None:
                for path in work.glob(f"*-{cycle}.db*"):
                    path.unlink()
            print(f"cycle {cycle}/{args.cycles}: abnormal exits {len(tally.abnormal)}, "
                  f"problems {len(tally.problems)}, stragglers {tally.stragglers}", flush=True)
            for line in (tally.abnormal + tally.problems)[reported:]:
                print(f"  {line}", flush=True)
            reported = len(tally.abnormal) + len(tally.problems)
    finally:
        for p in load:
            p.kill()
            p.wait()
        server.stop()
    n_pages = len(reference[0])
    summary = {
        "cycles": args.cycles, "corpus": corpus, "fault_routes": len(site.faults),
        "pages": n_pages, "articles": len(reference[1]), "load_processes": args.load,
        "load_average_at_start": round(load_avg, 2), "crawl_runs": tally.runs,
        "sigkills_landed": tally.killed, "finished_before_kill": tally.finished_before_kill,
        "abnormal_exits": len(tally.abnormal), "store_problems": len(tally.problems),
        "stragglers": tally.stragglers, "subreaper": subreaper,
        "uninterrupted_seconds_median": round(statistics.median(tally.seconds), 1)
        if tally.seconds else None,
        "pages_per_second_median": round(n_pages / statistics.median(tally.seconds), 1)
        if tally.seconds else None,
        "minutes": round((time.monotonic() - started) / 60, 1),
        "checkout": str(args.checkout),
    }
    for key, value in summary.items():
        print(f"{key}: {value}")
    if args.json:
        args.json.write_text(json.dumps({**summary, "abnormal": tally.abnormal,
                                         "problems": tally.problems}, indent=2))
    if args.keep is None and not tally.abnormal:
        shutil.rmtree(work)
    elif tally.abnormal:
        print(f"stderr of the abnormal exits kept in {work / 'logs'}")
    return 1 if tally.abnormal or tally.problems or tally.stragglers else 0


if __name__ == "__main__":
    sys.exit(main())
