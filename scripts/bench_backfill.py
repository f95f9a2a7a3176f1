"""Backfill throughput on Dask: WARC records/s with 1 and 2 workers, the read ceiling, the
driver's cost per record, and what the store costs per million archived pages.

A generated WARC set (scripts/warcgen.py: article pages in five languages, `--fact-rate` of
them stating a payment) is read: by FastWARC alone (iterate and read every payload: the
ceiling no backfill can pass), then by `backfill` on a LocalCluster of 1 and of 2 worker
processes, each into a fresh store, with the workers' models loaded before the clock
starts. A last run with `--keep-text all` gives the store size when every text is kept.
Prints a JSON line last.

    .venv/bin/python scripts/bench_backfill.py --pages 5000
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import warcgen  # noqa: E402
from shared_data import shared_path  # noqa: E402


def read_ceiling(files: list[Path]) -> dict[str, float]:
    """Records/s of FastWARC alone: every response record's payload read, nothing else."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    t0 = time.perf_counter()
    n = size = 0
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, record_types=WarcRecordType.response):
                size += len(record.reader.read())
                n += 1
    s = time.perf_counter() - t0
    return {"records": n, "seconds": round(s, 3), "records_per_s": round(n / s, 1),
            "mb_per_s": round(size / s / 1e6, 1)}


BENCH_PAGES = shared_path("datasets", "article-extraction-benchmark", "html")


def real_pages_cost(out: Path) -> dict[str, float] | None:
    """A worker's CPU-ms per record on real news pages (the article benchmark's, when here),
    read in this process: what a real archive costs a worker, against the driver's cost."""
    import gzip

    from pipeline.backfill.warcwrite import Response, write_warc
    from pipeline.backfill.worker import Options, get_extractor, read_file

    pages = sorted(BENCH_PAGES.glob("*.html.gz")) if BENCH_PAGES.is_dir() else []
    if not pages:
        return None
    path = out / "real.warc.gz"
    write_warc(path, (Response(f"https://bench.test/{p.name[:-3]}", gzip.decompress(
        p.read_bytes())) for p in pages))
    get_extractor()
    result = read_file(str(path), Options())
    return {"records": result.records,
            "worker_ms_per_record": round(1000 * result.cpu_seconds / result.records, 1)}


def _plain_worker(args: tuple[list[tuple[str, int, int | None]], Any]) -> tuple[int, float]:
    from pipeline.backfill.worker import Options, get_extractor, read_file

    parts, go = args
    get_extractor()
    go.wait()  # every process starts the clock with its models loaded
    t0, n = time.perf_counter(), 0
    for path, start, end in parts:
        n += read_file(path, Options(), start, end).records
    return n, time.perf_counter() - t0


def plain_processes(files: list[Path], n: int) -> dict[str, float]:
    """The backfill's worker function over the same files in `n` plain forked processes, no
    Dask, no driver, no store: what this machine gives `n` workers at best."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parts = [(str(p), 0, None) for p in files]
    with ctx.Manager() as manager:
        go = manager.Event()
        with ctx.Pool(n) as pool:
            res = pool.map_async(_plain_worker, [(parts[i::n], go) for i in range(n)])
            time.sleep(10)  # let every process load its models
            t0 = time.perf_counter()
            go.set()
            got = res.get()
            wall = time.perf_counter() - t0
    records = sum(g[0] for g in got)
    return {"processes": n, "records": records, "records_per_s": round(records / wall, 1)}


def db_bytes(path: Path) -> int:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.stat().st_size


def run(files: list[Path], workers: int, db: Path, part_mb: float, keep_text: str = "facts"
        ) -> dict[str, float]:
    from distributed import Client, LocalCluster

    from pipeline.backfill import Options, backfill
    from pipeline.backfill.worker import get_extractor
    from pipeline.store import open_store

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        client.run(get_extractor)  # models loaded in every worker before the clock starts
        with open_store(db) as store:
            r = backfill(store, [str(p) for p in files], client=client, part_mb=part_mb,
                         options=Options(keep_text=keep_text), progress="quiet")
    assert r.status == "ok" and r.failed == 0, r.failures
    c = r.counts
    worker_ms = 1000 * r.worker_cpu_seconds / r.records  # CPU: what a record costs a worker
    # the driver's CPU receiving and writing the results, per record
    driver_ms = 1000 * r.driver_cpu_seconds / r.records
    return {
        "workers": workers, "parts": r.parts, "records": r.records,
        "seconds": round(r.seconds, 2),
        "records_per_s": round(r.records / r.seconds, 1),
        "articles": c.get("article/saved", 0),
        "with_text": c.get("article/saved", 0) - c.get("article/text_dropped", 0),
        "evidence": c.get("extract/evidence/payment", 0),
        "worker_ms_per_record": round(worker_ms, 2),
        "driver_ms_per_record": round(driver_ms, 3),
        "driver_wall_ms_per_record": round(1000 * r.driver_seconds / r.records, 3),
        "driver_process_cpu_share": round(r.process_cpu_seconds / r.seconds, 3),
        "workers_one_driver_feeds": int(worker_ms / driver_ms) if driver_ms else 0,
        "store_bytes": db_bytes(db),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--per-file", type=int, default=250)
    ap.add_argument("--fact-rate", type=float, default=0.05)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeats", type=int, default=2,
                    help="rounds, the worker counts taking turns; the fastest run of each counts")
    ap.add_argument("--part-mb", type=float, default=0.06,
                    help="byte ranges per task (small files: enough tasks to balance workers)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-backfill-") as tmp:
        base = Path(tmp)
        files = warcgen.write_set(base / "warcs", args.pages, args.per_file,
                                  fact_rate=args.fact_rate)
        warc_bytes = sum(p.stat().st_size for p in files)
        print(f"{len(files)} WARC files, {args.pages} pages, {warc_bytes / 1e6:.1f} MB; "
              f"load {os.getloadavg()[0]:.2f}", flush=True)
        ceiling = read_ceiling(files)
        print(f"FastWARC alone: {ceiling['records_per_s']} records/s", flush=True)
        best: dict[int, dict] = {}
        for k in range(args.repeats):
            for w in (int(x) for x in args.workers.split(",")):
                got = run(files, w, base / f"w{w}-{k}.db", args.part_mb)
                got["load"] = round(os.getloadavg()[0], 2)
                print(f"round {k + 1}, {w} workers: {got}", flush=True)
                if w not in best or got["records_per_s"] > best[w]["records_per_s"]:
                    best[w] = got
        runs = [best[w] for w in sorted(best)]
        plain = {}
        for n in sorted(best):  # the same work in plain processes: the machine's ceiling
            plain[n] = plain_processes(files, n)
            print(f"plain processes: {plain[n]}", flush=True)
        full = run(files, max(r["workers"] for r in runs), base / "all.db", args.part_mb,
                   keep_text="all")
        print(f"--keep-text all: {full['store_bytes']} bytes", flush=True)
        real = real_pages_cost(base)
        print(f"real pages: {real}", flush=True)
    one = next((r for r in runs if r["workers"] == 1), None)
    two = next((r for r in runs if r["workers"] == 2), None)
    per_million = 1_000_000 / args.pages
    out = {
        "pages": args.pages, "files": len(files), "fact_rate": args.fact_rate,
        "repeats": args.repeats,
        "warc_mb": round(warc_bytes / 1e6, 1), "ceiling": ceiling, "runs": runs,
        "scaling": round(two["records_per_s"] / one["records_per_s"], 2) if one and two else None,
        "plain": [plain[n] for n in sorted(plain)],
        "plain_scaling": round(plain[2]["records_per_s"] / plain[1]["records_per_s"], 2)
        if 1 in plain and 2 in plain else None,
        "store_mb_per_million": round(runs[-1]["store_bytes"] * per_million / 1e6),
        "store_all_text_mb_per_million": round(full["store_bytes"] * per_million / 1e6),
        "warc_gb_per_million": round(warc_bytes * per_million / 1e9, 1),
        "load": round(os.getloadavg()[0], 2),
        "real_pages": real,
    }
    if real:
        driver = max(r["driver_ms_per_record"] for r in runs)
        real["workers_one_driver_feeds"] = int(real["worker_ms_per_record"] / driver)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
