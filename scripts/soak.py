#!/usr/bin/env python3
"""Soak the whole loop: `newsfacts schedule` against a site that keeps publishing, killed
again and again, then checked.

scripts/soaksite.py publishes an article every few seconds (one payment each; some 503
twice first, some slow, some also served at a second URL, some corrected in place later).
`newsfacts schedule --every 20s` crawls and extracts it; every 1-3 cycles this script
sends SIGKILL or SIGTERM at a random moment of the next cycle and starts the schedule
again. After --minutes of publishing it lets the schedule catch up, stops it with SIGTERM
and checks:

- every published article is stored exactly once (at its URL or its copy's), with the
  text of its current version;
- every payment stated is in `payments` exactly once, from one article, and no other;
- PRAGMA integrity_check = ok, and the fact tables are consistent;
- the schedule's RSS did not grow (median after the first cycle, early vs late processes);
- no lock is left behind (the work lock and SQLite's write lock are free, no run is
  left 'running') and no process either (this script is the subreaper of its children);
- no exit other than 0 after SIGTERM and -9 after SIGKILL.

    .venv/bin/python scripts/soak.py --minutes 30
"""

from __future__ import annotations

import argparse
import ctypes
import fcntl
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from soaksite import ROOT, SoakSite, sources_toml

PR_SET_CHILD_SUBREAPER = 36
CYCLE = re.compile(r"cycle (\d+) (ok|interrupted|failed|skipped)")
STOP_WAIT = 120  # seconds a SIGTERMed schedule gets to finish its cycle
CATCH_UP = 600  # seconds at most for the final cycles


@dataclass
class Soak:
    """Counters of the run."""

    processes: int = 0
    cycles: int = 0
    failed_cycles: list[str] = field(default_factory=list)
    sigkill: int = 0
    sigterm: int = 0
    abnormal: list[str] = field(default_factory=list)
    rss: list[list[int]] = field(default_factory=list)  # per process: KB after each cycle
    stragglers: int = 0


class Schedule:
    """One `newsfacts schedule` process, its log lines counted as they come."""

    def __init__(self, db: Path, sources: Path, every: str, log: Path) -> None:
        cmd = [sys.executable, "-m", "pipeline", "schedule", "--every", every, "--jitter", "0",
               "--sources", str(sources), "--db", str(db)]
        self.log = open(log, "a", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "PYTHONFAULTHANDLER": "1"})
        self.cycles: list[str] = []
        self.rss: list[int] = []
        self.failed: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.write(line)
            self.log.flush()
            m = CYCLE.search(line)
            if m and " in " in line or (m and m.group(2) == "skipped"):
                self.cycles.append(m.group(2))
                self.rss.append(rss_kb(self.proc.pid))
                if m.group(2) == "failed":
                    self.failed.append(line.strip())

    def stop(self, sig: int, wait: float) -> int | None:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=10)
        self.log.close()


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def become_subreaper() -> bool:
    try:
        return ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_stragglers(grace: float = 5.0) -> int:
    """Wait for orphaned descendants to exit; kill and count the ones that do not."""
    me = str(os.getpid())
    deadline = time.monotonic() + grace
    while True:
        alive = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                if fields[0] == "Z":
                    os.waitpid(int(entry.name), 0)
                else:
                    alive.append(int(entry.name))
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return len(alive)


def publisher(site: SoakSite, every: float, stop: threading.Event) -> None:
    while not stop.wait(every):
        site.publish()
        if site.rng.random() < 0.15:
            site.update()


def check_store(db: Path, site: SoakSite) -> dict[str, object]:
    """What the store holds against what the site published."""
    expected = site.expected()
    copies = {a.amp_path: a.path for a in site.articles if a.copy}
    conn = sqlite3.connect(db)
    out: dict[str, object] = {}
    try:
        out["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
        rows = conn.execute("SELECT url, text, is_article FROM articles").fetchall()
        by_article: dict[str, list[str]] = {}
        stray = []
        for url, text, is_article in rows:
            path = "/" + url.split("/", 3)[3]
            path = copies.get(path, path)
            if path in expected and is_article:
                by_article.setdefault(path, []).append(text)
            else:
                stray.append(url)
        missing = sorted(set(expected) - set(by_article))
        twice = sorted(p for p, texts in by_article.items() if len(texts) > 1)
        stale = []
        for path, (payer, payee, amount, _cur, _per) in expected.items():
            texts = by_article.get(path, [])
            if texts and not any(f"{amount / 1e6:g} million" in t and payer in t and payee in t
                                 for t in texts):
                stale.append(path)
        payments = conn.execute(
            "SELECT payer, payee, amount, currency, period, n_articles FROM payments"
        ).fetchall()
        got = [(p, q, a, c, per) for p, q, a, c, per, _ in payments]
        want = sorted(expected.values())
        out.update(
            published=len(expected), articles_stored=len(by_article), missing=missing[:5],
            n_missing=len(missing), stored_twice=twice[:5], n_stored_twice=len(twice),
            stale_text=stale[:5], n_stale=len(stale), stray_articles=stray[:5],
            n_stray=len(stray), payments_expected=len(want), payments_found=len(got),
            payments_missing=sorted(set(want) - set(got))[:5],
            n_payments_missing=len(set(want) - set(got)),
            payments_unexpected=sorted(set(got) - set(want))[:5],
            n_payments_unexpected=len(set(got) - set(want)),
            payments_twice=len(got) - len(set(got)),
            payments_not_one_article=sum(1 for *_, n in payments if n != 1),
            running_runs=conn.execute(
                "SELECT count(*) FROM crawl_runs WHERE status = 'running'").fetchone()[0],
        )
    finally:
        conn.close()
    from pipeline.extraction import check_consistency
    from pipeline.store import open_store

    with open_store(db, create=False) as store:
        out["consistency_problems"] = check_consistency(store)[:5]
    return out


def locks_free(db: Path) -> dict[str, bool]:
    """The work lock and SQLite's write lock can both be taken at once."""
    free = {}
    with open(str(db) + ".lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(fh, fcntl.LOCK_UN)
            free["work_lock_free"] = True
        except BlockingIOError:
            free["work_lock_free"] = False
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        free["write_lock_free"] = True
    except sqlite3.OperationalError:
        free["write_lock_free"] = False
    finally:
        conn.close()
    return free


def caught_up(db: Path, site: SoakSite) -> bool:
    """Every published article stored in its current version and read by the extractor."""
    try:
        report = check_store(db, site)
        conn = sqlite3.connect(db)
        pending = conn.execute("SELECT count(*) FROM articles WHERE facts_version IS NULL "
                               "AND is_article = 1").fetchone()[0]
        conn.close()
    except sqlite3.Error:
        return False
    return (not report["n_missing"] and not report["n_stale"] and not pending
            and not report["n_payments_missing"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=30, help="minutes of publishing")
    ap.add_argument("--publish-every", type=float, default=4.0, help="seconds per article")
    ap.add_argument("--every", default="20s", help="the schedule's interval")
    ap.add_argument("--kill-after", type=int, default=3,
                    help="signal the schedule after 1..this many cycles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the store and logs in this folder")
    ap.add_argument("--json", type=Path, help="write the summary as JSON here")
    args = ap.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rng = random.Random(args.seed)
    subreaper = become_subreaper()
    work = args.keep or Path(tempfile.mkdtemp(prefix="soak-"))
    work.mkdir(parents=True, exist_ok=True)
    site = SoakSite(seed=args.seed)
    for _ in range(5):
        site.publish()
    server = site.serve()
    sources = work / "sources.toml"
    sources.write_text(sources_toml(server.origin), encoding="utf-8")
    db, log = work / "soak.db", work / "schedule.log"
    stop_publishing = threading.Event()
    threading.Thread(target=publisher, args=(site, args.publish_every, stop_publishing),
                     daemon=True).start()
    soak = Soak()
    started = time.monotonic()
    end = started + args.minutes * 60
    load_avg = os.getloadavg()[0]
    sched: Schedule | None = None
    try:
        while time.monotonic() < end:
            sched = Schedule(db, sources, args.every, log)
            soak.processes += 1
            target = rng.randint(1, args.kill_after)
            while (len(sched.cycles) < target and sched.proc.poll() is None
                   and time.monotonic() < end):
                time.sleep(0.2)
            time.sleep(rng.uniform(0, 20))  # a random moment of the next cycle
            sig = rng.choice((signal.SIGKILL, signal.SIGTERM))
            rc = sched.stop(sig, STOP_WAIT)
            if sig == signal.SIGKILL:
                soak.sigkill += 1
                ok = rc == -signal.SIGKILL
            else:
                soak.sigterm += 1
                ok = rc == 0
            if not ok:
                soak.abnormal.append(f"process {soak.processes}: {signal.Signals(sig).name} "
                                     f"-> exit {rc}")
            sched.close()
            soak.cycles += len(sched.cycles)
            soak.failed_cycles += sched.failed
            soak.rss.append(sched.rss)
            soak.stragglers += reap_stragglers()
            print(f"{(time.monotonic() - started) / 60:5.1f} min: process {soak.processes} "
                  f"ran {len(sched.cycles)} cycles, {signal.Signals(sig).name} -> {rc}; "
                  f"{len(site.articles)} published", flush=True)
        stop_publishing.set()
        # catch up: run without signals until the store has everything, then SIGTERM
        sched = Schedule(db, sources, args.every, log)
        soak.processes += 1
        deadline = time.monotonic() + CATCH_UP
        seen = 0
        while time.monotonic() < deadline and sched.proc.poll() is None:
            if len(sched.cycles) > seen:
                seen = len(sched.cycles)
                if caught_up(db, site):
                    break
            time.sleep(0.5)
        rc = sched.stop(signal.SIGTERM, STOP_WAIT)
        soak.sigterm += 1
        if rc != 0:
            soak.abnormal.append(f"final stop: SIGTERM -> exit {rc}")
        sched.close()
        soak.cycles += len(sched.cycles)
        soak.failed_cycles += sched.failed
        soak.rss.append(sched.rss)
        soak.stragglers += reap_stragglers()
        sched = None
    finally:
        stop_publishing.set()
        if sched is not None:
            sched.close()
        server.stop()

    report = check_store(db, site)
    report.update(locks_free(db))
    warm = [statistics.median(r[1:]) for r in soak.rss if len(r) > 1]
    third = max(1, len(warm) // 3)
    early, late = (statistics.median(warm[:third]), statistics.median(warm[-third:])) \
        if warm else (0, 0)
    summary = {
        "minutes": round((time.monotonic() - started) / 60, 1),
        "publishing_minutes": args.minutes, "load_average_at_start": round(load_avg, 2),
        "schedule_processes": soak.processes, "cycles": soak.cycles,
        "failed_cycles": len(soak.failed_cycles), "sigkill": soak.sigkill,
        "sigterm": soak.sigterm, "abnormal_exits": len(soak.abnormal),
        "published": len(site.articles), "updated_in_place": site.updates,
        "faulty": sum(1 for a in site.articles if a.fault),
        "with_copy": sum(1 for a in site.articles if a.copy),
        "rss_mb_early": round(early / 1024, 1), "rss_mb_late": round(late / 1024, 1),
        "stragglers": soak.stragglers, "subreaper": subreaper, **report,
    }
    rss_grew = late > early * 1.15 + 20 * 1024
    failures = [
        soak.abnormal, report["n_missing"], report["n_stored_twice"], report["n_stale"],
        report["n_stray"], report["n_payments_missing"], report["n_payments_unexpected"],
        report["payments_twice"], report["payments_not_one_article"],
        report["consistency_problems"], report["integrity"] != "ok", rss_grew,
        not report["work_lock_free"], not report["write_lock_free"],
        report["running_runs"], soak.stragglers,
    ]
    for line in soak.abnormal + soak.failed_cycles:
        print(line)
    for key, value in summary.items():
        print(f"{key}: {value}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str))
    if args.keep is None and not any(failures):
        shutil.rmtree(work)
    else:
        print(f"store and schedule log kept in {work}")
    return 1 if any(failures) else 0


if __name__ == "__main__":
    sys.exit(main())
