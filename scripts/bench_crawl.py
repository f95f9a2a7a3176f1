"""Crawl throughput: a generated news site on 127.0.0.1, crawled by `newsfacts crawl`.

The site (fixed seed) has a home page, section pages and N article pages listed in
sitemaps; politeness is off for loopback. The crawl runs in a subprocess so its peak RSS
can be measured; prints pages/s, articles and peak RSS.

    .venv/bin/python scripts/bench_crawl.py --pages 5000
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WORDS = (
    "cloud contract revenue model licence server market deal quarter supplier customer "
    "capacity price growth team platform analyst investor chip data centre software "
    "agreement partner billing service operator network storage compute region launch"
).split()
PER_SECTION = 100
PER_SITEMAP = 1000


def make_site(n_pages: int, seed: int = 7) -> dict[str, tuple[bytes, str]]:
    """path -> (body, content type) for a site with `n_pages` articles."""
    rng = random.Random(seed)
    site: dict[str, tuple[bytes, str]] = {}
    html = "text/html; charset=utf-8"
    articles = [f"/news/{i // PER_SECTION}/story-{i}.html" for i in range(n_pages)]
    for i, path in enumerate(articles):
        paras = "".join(
            "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))) + ".</p>"
            for _ in range(rng.randint(4, 9))
        )
        related = "".join(f"<a href='{articles[rng.randrange(n_pages)]}?utm_source=rel'>r</a>"
                          for _ in range(3))
        body = (f"<html lang='en'><head><title>Story {i}</title></head><body><nav>"
                f"<a href='/'>home</a></nav><article><h1>Story {i}: {rng.choice(WORDS)}</h1>"
                f"{paras}</article><aside>{related}</aside></body></html>")
        site[path] = (body.encode(), html)
    sections = range((n_pages + PER_SECTION - 1) // PER_SECTION)
    for s in sections:
        links = "".join(f"<li><a href='{p}'>{p}</a></li>"
                        for p in articles[s * PER_SECTION:(s + 1) * PER_SECTION])
        site[f"/news/{s}/"] = (f"<html><body><ul>{links}</ul></body></html>".encode(), html)
    home = "".join(f"<a href='/news/{s}/'>section {s}</a>" for s in sections)
    site["/"] = (f"<html><body>{home}</body></html>".encode(), html)
    site["/robots.txt"] = (b"User-agent: *\nDisallow: /private/\n", "text/plain")
    maps = []
    for k in range(0, n_pages, PER_SITEMAP):
        locs = "".join(f"<url><loc>{{origin}}{p}</loc></url>" for p in articles[k:k + PER_SITEMAP])
        name = f"/sitemap-{k // PER_SITEMAP}.xml"
        maps.append(name)
        site[name] = ((f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                       f"sitemap/0.9'>{locs}</urlset>").encode(), "application/xml")
    index = "".join(f"<sitemap><loc>{{origin}}{m}</loc></sitemap>" for m in maps)
    site["/sitemap.xml"] = ((f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org"
                             f"/schemas/sitemap/0.9'>{index}</sitemapindex>").encode(),
                            "application/xml")
    return site


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        if path not in site:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, ctype = site[path]
        body = body.replace(b"{origin}", self.server.origin.encode())  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


SOURCES = """
[crawl]
base_url = "{origin}/"
concurrency = {concurrency}
per_host_concurrency = {concurrency}
per_host_delay = 0
timeout = 30
private_hosts = ["127.0.0.1"]

[[source]]
name = "bench-sitemap"
kind = "sitemap"
url = "sitemap.xml"

[[source]]
name = "bench-home"
kind = "page"
url = "/"
max_depth = 2
"""


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            except OSError:
                continue
            if ppid == str(pid):
                out.append(int(entry.name))
    return out


def watch_cpu(child: subprocess.Popen[str], every: float = 0.25) -> dict[int, float]:
    """Wait for `child`; return the CPU seconds last seen of it (first key) and of each of
    its child processes (the article-extraction workers)."""
    seen: dict[int, float] = {child.pid: 0.0}
    while child.poll() is None:
        for pid in [child.pid, *_children(child.pid)]:
            cpu = _cpu_seconds(pid)
            if cpu is not None and "resource_tracker" not in _cmdline(pid):
                seen[pid] = cpu
        time.sleep(every)
    return seen


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=5000, help="article pages (default 5000)")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int,
                    help="article-extraction processes (crawl --workers; default: the crawl's)")
    args = ap.parse_args()

    site = make_site(args.pages, args.seed)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.site = site  # type: ignore[attr-defined]
    server.origin = f"http://127.0.0.1:{server.server_port}"  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(SOURCES.format(origin=server.origin,  # type: ignore[attr-defined]
                                          concurrency=args.concurrency))
        db = Path(tmp) / "bench.db"
        cmd = [sys.executable, "-m", "pipeline", "crawl", "--sources", str(sources),
               "--db", str(db), "--progress", "plain"]
        if args.workers is not None:
            cmd += ["--workers", str(args.workers)]
        t0 = time.monotonic()
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            child = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
            cpu_by_pid = watch_cpu(child)
            out.seek(0)
            err.seek(0)
            proc = subprocess.CompletedProcess(cmd, child.returncode, out.read(), err.read())
        wall = time.monotonic() - t0
        if proc.returncode != 0:
            sys.exit(f"crawl failed:\n{proc.stderr}")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        conn = sqlite3.connect(db)
        pages, articles = conn.execute(
            "SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM articles)").fetchone()
        conn.close()
    server.shutdown()
    summary = proc.stdout.strip().splitlines()[-1]
    m = re.search(r"(\d+) pages in ([\d.]+)s", summary)
    crawled, secs = (int(m.group(1)), float(m.group(2))) if m else (pages, wall)
    print(f"site: {len(site)} URLs ({args.pages} articles), concurrency {args.concurrency}")
    print(f"crawl: {crawled} pages, {articles} articles in {secs:.1f}s "
          f"= {crawled / secs:.1f} pages/s (wall incl. start-up {wall:.1f}s)")
    print(f"crawl process CPU: {cpu:.1f}s = {crawled / cpu:.1f} pages per CPU-second "
          "(steadier than wall time on a shared machine)")
    print(f"peak RSS of the crawl process: {peak_mb:.0f} MB")  # or of its largest worker
    main_cpu = cpu_by_pid.pop(next(iter(cpu_by_pid)), 0.0) if cpu_by_pid else 0.0
    workers = sorted((c for c in cpu_by_pid.values() if c >= 0.05), reverse=True)
    busiest = max([main_cpu, *workers])
    print(f"CPU by process: crawl {main_cpu:.1f}s, workers "
          f"{', '.join(f'{c:.1f}s' for c in workers) or 'none'}; busiest "
          f"{crawled / busiest:.1f} pages per CPU-second (what an idle core per process allows)")
    print(summary)


if __name__ == "__main__":
    main()
