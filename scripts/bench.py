#!/usr/bin/env python3
"""`make bench`: every throughput benchmark in one run, printed as one table beside its baseline.

Runs, each in its own subprocess (own model loads, own peak RSS): fact extraction, pipeline
vs full-document baseline with gold F1 (scripts/bench_extract.py throughput); article
extraction vs plain trafilatura (scripts/bench_article.py); a loopback crawl
(scripts/bench_crawl.py); store writes (scripts/bench_store.py); peak RSS while extracting
growing corpora into a store (scripts/bench_extract.py rss). Prints the machine, the date and
the command, then the table; a full run also rewrites the "Latest run" section of
docs/benchmarks.md. `--quick` is a smoke run with small counts (docs untouched).

Example:
    .venv/bin/python scripts/bench.py --quick
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- latest-run:start -->", "<!-- latest-run:end -->"
SECTIONS = ("extract", "article", "crawl", "store", "rss", "backfill")


@dataclass(frozen=True)
class Counts:
    """How much each benchmark does; the full run fits ~10 minutes on 2 shared cores."""

    pipeline: int
    baseline: int
    workers: str
    article_pages: int  # 0 = all pages of the article benchmark
    crawl_pages: int
    store_articles: int
    rss_sizes: tuple[int, ...]
    backfill_pages: int = 5000
    repeats: int = 3  # rounds of extraction runs (baseline and pipeline take turns)


FULL = Counts(pipeline=3000, baseline=200, workers="1,2", article_pages=0, crawl_pages=5000,
              store_articles=2000, rss_sizes=(1000, 5000, 20000))
QUICK = Counts(pipeline=60, baseline=20, workers="1,2", article_pages=10, crawl_pages=200,
               store_articles=200, rss_sizes=(30, 90), backfill_pages=400, repeats=1)


class BenchError(Exception):
    """A sub-benchmark failed; the message says which and why."""


# --- machine --------------------------------------------------------------------------------


def _proc_field(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, load, Python and spaCy versions of this machine."""
    from importlib.metadata import PackageNotFoundError, version

    mem = _proc_field("/proc/meminfo", "MemTotal")
    try:
        spacy_v = version("spacy")
    except PackageNotFoundError:
        spacy_v = "not installed"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "ram": f"{int(mem.split()[0]) / 2**20:.1f} GB" if mem else "unknown",
        "load": f"{load:.1f}",
        "python": platform.python_version(),
        "spacy": spacy_v,
        "os": f"{platform.system()} {platform.release()}",
    }


# --- running the parts ------------------------------------------------------------------


def _env() -> dict[str, str]:
    """The environment of the timed runs: this checkout's package first on the path, so
    that a benchmark run from another worktree times that worktree's code, not the
    installed (editable) package's."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}


def _run(args: list[str], what: str) -> str:
    cmd = [sys.executable, *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=_env())
    if proc.returncode != 0:
        tail = " | ".join(proc.stderr.strip().splitlines()[-3:])
        raise BenchError(f"{what} failed (exit {proc.returncode}): {tail}")
    return proc.stdout


def _json_tail(out: str, what: str) -> dict[str, Any]:
    for line in reversed(out.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise BenchError(f"{what}: no JSON result line in its output")


def bench_extract(c: Counts) -> dict[str, Any]:
    out = _run([str(SCRIPTS / "bench_extract.py"), "throughput", "--pipeline", str(c.pipeline),
                "--baseline", str(c.baseline), "--workers", c.workers,
                "--repeats", str(c.repeats)], "bench_extract")
    return _json_tail(out, "bench_extract")


_ARTICLE_ROW = re.compile(r"^(newsfacts|trafilatura|resiliparse)\s+([\d.]+)\s+([\d.]+)\s+"
                          r"[\d.]+x\s+([\d.]+)\s+[\d.]+x$", re.M)
_PATHS_LINE = re.compile(r"^newsfacts paths: (.*) \((\d+) pages\)$", re.M)
_NO_LINKS_LINE = re.compile(r"^newsfacts without links .*: ([\d.]+) pages/s", re.M)


def bench_article(c: Counts) -> dict[str, Any]:
    args = [str(SCRIPTS / "bench_article.py"), "--out", "data/bench_article",
            "--rounds", str(max(2, c.repeats))]
    if c.article_pages:
        args += ["--limit", str(c.article_pages)]
    return parse_article(_run(args, "bench_article"))


def parse_article(out: str) -> dict[str, Any]:
    """The figures in scripts/bench_article.py's summary table and paths line."""
    rows = {name: (float(f1), float(rate), float(cpu))
            for name, f1, rate, cpu in _ARTICLE_ROW.findall(out)}
    paths = _PATHS_LINE.search(out)
    if set(rows) != {"newsfacts", "trafilatura", "resiliparse"} or not paths:
        raise BenchError("bench_article: output not understood (no F1 and pages/s table)")
    return {"pages": int(paths.group(2)), "paths": paths.group(1),
            "ours_pages_per_s": rows["newsfacts"][1], "ours_f1": rows["newsfacts"][0],
            "ours_pages_per_cpu_s": rows["newsfacts"][2],
            "trafilatura_pages_per_cpu_s": rows["trafilatura"][2],
            "trafilatura_pages_per_s": rows["trafilatura"][1],
            "trafilatura_f1": rows["trafilatura"][0],
            "resiliparse_pages_per_s": rows["resiliparse"][1],
            "resiliparse_f1": rows["resiliparse"][0],
            "no_links_pages_per_s": float(m.group(1)) if (m := _NO_LINKS_LINE.search(out))
            else None}


_CRAWL = re.compile(r"crawl: (\d+) pages, (\d+) articles in ([\d.]+)s = ([\d.]+) pages/s")
_CRAWL_RSS = re.compile(r"peak RSS of the crawl process: (\d+) MB")


def bench_crawl(c: Counts) -> dict[str, Any]:
    out = _run([str(SCRIPTS / "bench_crawl.py"), "--pages", str(c.crawl_pages)], "bench_crawl")
    m, rss = _CRAWL.search(out), _CRAWL_RSS.search(out)
    if not m:
        raise BenchError("bench_crawl: output not understood (no 'crawl: ... pages/s' line)")
    return {"site_articles": c.crawl_pages, "pages": int(m.group(1)),
            "articles": int(m.group(2)), "seconds": float(m.group(3)),
            "pages_per_s": float(m.group(4)), "peak_rss_mb": int(rss.group(1)) if rss else None}


def bench_store(c: Counts) -> dict[str, Any]:
    out = _run([str(SCRIPTS / "bench_store.py"), "--articles", str(c.store_articles)],
               "bench_store")
    return _json_tail(out, "bench_store")


def bench_rss(c: Counts) -> list[dict[str, Any]]:
    runs = []
    for n in c.rss_sizes:
        out = _run([str(SCRIPTS / "bench_extract.py"), "rss", "--articles", str(n)],
                   f"bench_extract rss {n}")
        runs.append(_json_tail(out, f"bench_extract rss {n}"))
    return runs


def bench_backfill(c: Counts) -> dict[str, Any]:
    per_file = max(20, c.backfill_pages // 20)
    out = _run([str(SCRIPTS / "bench_backfill.py"), "--pages", str(c.backfill_pages),
                "--per-file", str(per_file), "--repeats", str(min(c.repeats, 2))],
               "bench_backfill")
    return _json_tail(out, "bench_backfill")


RUNNERS = {"extract": bench_extract, "article": bench_article, "crawl": bench_crawl,
           "store": bench_store, "rss": bench_rss, "backfill": bench_backfill}


# --- the table ----------------------------------------------------------------------------


def _x(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "-"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _extract_row(label: str, run: dict[str, Any], base: dict[str, Any],
                 f1: str, setup: str) -> list[str]:
    return [
        label,
        f"{run['articles_per_s']:.1f} articles/s, {run['words_per_s']:,} words/s "
        f"({run['articles_per_cpu_s']:.1f} articles/CPU-s)",
        f"{base['articles_per_s']:.1f} articles/s, {base['words_per_s']:,} words/s "
        f"({base['articles_per_cpu_s']:.1f} articles/CPU-s)",
        f"{_x(run['articles_per_s'], base['articles_per_s'])} "
        f"(CPU {_x(run['articles_per_cpu_s'], base['articles_per_cpu_s'])})",
        f1, setup,
    ]


def extract_rows(r: dict[str, Any]) -> list[list[str]]:
    base, gp, gb = r["baseline"], r["gold_pipeline"], r["gold_baseline"]
    f1 = f"F1 {gp['f1']:.3f} vs {gb['f1']:.3f} (P {gp['precision']:.3f} vs {gb['precision']:.3f})"
    rows = []
    for run in r["pipeline"]:
        w = run["workers"]
        rows.append(_extract_row(
            f"fact extraction, {w} process{'es' if w > 1 else ''}", run, base, f1,
            f"{run['articles']} vs {base['articles']} generated articles (5 languages); spaCy "
            f"read {_pct(run['nlp_chars'], run['chars'])} of the text vs "
            f"{_pct(base['nlp_chars'], base['chars'])}; rules read "
            f"{_pct(run['considered'], run['sentences'])} of sentences; fastest of "
            f"{r.get('repeats', 1)} rounds taking turns with the baseline"))
    single = next((x for x in r["pipeline"] if x["workers"] == 1), None)
    ner = ", ".join(base.get("ner_langs", []))
    names = {"ner": f"fact extraction, {ner} (spaCy NER model)",
             "blank": "fact extraction, languages with spacy.blank (no model)"}
    for group, label in names.items():
        run, b = (single or {}).get("groups", {}).get(group), base.get("groups", {}).get(group)
        if run and b:
            rows.append(_extract_row(
                label, run, b, "", f"1 process; {run['articles']} vs {b['articles']} articles; "
                f"spaCy read {_pct(run['nlp_chars'], run['chars'])} of the text vs "
                f"{_pct(b['nlp_chars'], b['chars'])}"))
    rows.append(["model + rule load", f"{r['load_s']:.1f} s", "", "", "",
                 f"once per process, outside the timed runs; RSS after load "
                 f"{r['rss_after_load_mb']:.0f} MB"])
    return rows


def article_rows(r: dict[str, Any]) -> list[list[str]]:
    return [["article extraction", f"{r['ours_pages_per_s']:.1f} pages/s "
             f"({r['ours_pages_per_cpu_s']:.1f} pages/CPU-s)",
             f"{r['trafilatura_pages_per_s']:.1f} pages/s "
             f"({r['trafilatura_pages_per_cpu_s']:.1f} pages/CPU-s, plain trafilatura)",
             f"{_x(r['ours_pages_per_s'], r['trafilatura_pages_per_s'])} "
             f"(CPU {_x(r['ours_pages_per_cpu_s'], r['trafilatura_pages_per_cpu_s'])})",
             f"F1 {r['ours_f1']:.3f} vs {r['trafilatura_f1']:.3f}",
             f"{r['pages']} pages of the article-extraction benchmark; paths: {r['paths']}; "
             + (f"without links {r['no_links_pages_per_s']:.1f} pages/s; "
                if r.get("no_links_pages_per_s") else "") +
             f"plain Resiliparse {r['resiliparse_pages_per_s']:.1f} pages/s, "
             f"F1 {r['resiliparse_f1']:.3f}"]]


def crawl_rows(r: dict[str, Any]) -> list[list[str]]:
    rss = f", peak RSS {r['peak_rss_mb']} MB" if r.get("peak_rss_mb") else ""
    return [["crawl (127.0.0.1)", f"{r['pages_per_s']:.1f} pages/s", "", "", "",
             f"{r['pages']} pages ({r['articles']} articles) in {r['seconds']:.0f} s{rss}"]]


def store_rows(r: dict[str, Any]) -> list[list[str]]:
    return [
        ["store: facts + evidence", f"{r['evidence_per_s']:,} evidence rows/s "
         f"({r['evidence_per_cpu_s']:,}/CPU-s)", "", "", "",
         f"{r['evidence']:,} evidence rows -> {r['facts']:,} facts from {r['articles']:,} "
         f"articles, {r['batch']} per transaction; articles/s first quarter "
         f"{r['first_quarter_articles_per_s']}, last quarter {r['last_quarter_articles_per_s']}"],
        ["store: articles", f"{r['article_inserts_per_s']:,} articles/s", "", "", "",
         "Store.save_article, 500 per transaction"],
    ]


def extrapolate(runs: list[dict[str, Any]], target: int = 100_000) -> str:
    """Peak RSS at `target` articles on the line through the two largest runs (the marginal
    growth, after start-up caches have filled); a falling line counts as flat."""
    if len(runs) < 2:
        return "needs two sizes"
    (x0, y0), (x1, y1) = sorted((r["articles"], r["peak_rss_mb"]) for r in runs)[-2:]
    slope = max(0.0, (y1 - y0) / (x1 - x0)) if x1 != x0 else 0.0
    top = max(r["peak_rss_mb"] for r in runs)
    at = top + slope * (target - x1)
    grows = f"{slope * 1000:+.1f} MB per 1,000 articles" if slope else "no growth measured"
    return (f"{grows}; straight line to {target:,} articles: {at:,.0f} MB "
            f"({'under' if at < 1024 else 'OVER'} 1 GB)")


def rss_rows(runs: list[dict[str, Any]]) -> list[list[str]]:
    rows = [[f"peak RSS, {r['articles']:,} articles", f"{r['peak_rss_mb']} MB", "", "", "",
             f"streamed into a store and extracted in {r['wall_s']:.0f} s "
             f"({r['evidence']} evidence rows); RSS after load {r['rss_after_load_mb']} MB, "
             f"first/last quarter {r['rss_first_quarter_mb']}/{r['rss_last_quarter_mb']} MB"
             + (f"; extract stage {r['ms_per_article']} ms/article (first/last quarter "
                f"{r['first_quarter_ms_per_article']}/{r['last_quarter_ms_per_article']})"
                if "ms_per_article" in r else "")]
            for r in runs]
    rows.append(["peak RSS trend", extrapolate(runs), "", "", "",
                 f"measured up to {max(r['articles'] for r in runs):,} articles"])
    return rows


def backfill_rows(r: dict[str, Any]) -> list[list[str]]:
    ceiling = r["ceiling"]
    setup = (f"{r['pages']:,} generated article pages in {r['files']} .warc.gz files "
             f"({r['warc_mb']} MB, {100 * r['fact_rate']:.0f}% stating a payment), "
             f"{r['runs'][0]['parts']} parts; LocalCluster, models loaded before the clock; "
             f"fastest of {r.get('repeats', 1)} rounds, worker counts taking turns")
    rows = []
    for run in r["runs"]:
        w = run["workers"]
        rows.append([
            f"backfill, {w} worker{'s' if w > 1 else ''}", f"{run['records_per_s']:.1f} records/s",
            f"{ceiling['records_per_s']:,.0f} records/s (FastWARC read alone)",
            f"{r['scaling']:.2f}x 1 worker" if w == 2 and r.get("scaling") else "", "",
            f"{setup}; load {run.get('load', '?')} after it; worker "
            f"{run['worker_ms_per_record']} CPU-ms/record, driver "
            f"{run['driver_ms_per_record']} CPU-ms/record receiving and writing "
            f"({run['driver_wall_ms_per_record']} ms wall; the driver process with the "
            f"scheduler used {100 * run['driver_process_cpu_share']:.0f}% of a core): one "
            f"driver feeds "
            f"~{run['workers_one_driver_feeds']} workers"])
    for plain in r.get("plain", []):
        n = plain["processes"]
        rows.append([
            f"backfill's worker function, {n} plain process{'es' if n > 1 else ''}",
            f"{plain['records_per_s']:.1f} records/s", "",
            f"{r['plain_scaling']:.2f}x 1 process" if n == 2 and r.get("plain_scaling") else "",
            "", "the same files, `read_file` in forked processes with their models loaded, no "
            "Dask, no driver, no store: the ceiling this machine gives that many workers"])
    real = r.get("real_pages")
    if real:
        rows.append(["backfill: worker cost on real pages",
                     f"{real['worker_ms_per_record']} CPU-ms/record", "", "", "",
                     f"{real['records']} pages of the article-extraction benchmark in one WARC, "
                     f"one worker; against the driver's cost above, one driver feeds "
                     f"~{real['workers_one_driver_feeds']} such workers"])
    rows.append(["backfill: store per 1M pages", f"{r['store_mb_per_million']:,} MB "
                 "(text only where a fact is)", f"{r['store_all_text_mb_per_million']:,} MB "
                 "(--keep-text all)", "", "",
                 f"measured on {r['pages']:,} pages, times {1_000_000 // r['pages']}; the WARC "
                 f"input itself: {r['warc_gb_per_million']} GB per 1M pages"])
    return rows


ROWS = {"extract": extract_rows, "article": article_rows, "crawl": crawl_rows,
        "store": store_rows, "rss": rss_rows, "backfill": backfill_rows}
HEADER = ["benchmark", "newsfacts", "baseline", "speed-up", "quality", "setup"]


def markdown_table(rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"

    return "\n".join([line(HEADER), line(["---"] * len(HEADER)), *map(line, rows)])


def report(info: dict[str, str], command: str, when: str, rows: list[list[str]],
           seconds: float, errors: list[str]) -> str:
    head = [f"Run: {when}, {seconds / 60:.1f} min in all. Command: `{command}`",
            f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM, load average "
            f"{info['load']} at start; {info['os']}; Python {info['python']}, "
            f"spaCy {info['spacy']}", ""]
    tail = ["", *(f"FAILED: {e}" for e in errors)] if errors else []
    return "\n".join([*head, markdown_table(rows), *tail])


def write_docs(path: Path, text: str) -> None:
    """Replace the text between the latest-run markers of `path` (append them if absent)."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{START}\n{text}\n{END}"
    if START in old and END in old:
        new = old[:old.index(START)] + block + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n## Latest run\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke run with small counts")
    ap.add_argument("--only", default=",".join(SECTIONS),
                    help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})")
    ap.add_argument("--docs", type=Path, default=DOCS,
                    help="file whose latest-run section a full run rewrites")
    ap.add_argument("--no-docs", action="store_true", help="do not touch the docs file")
    args = ap.parse_args()
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        ap.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    counts = QUICK if args.quick else FULL
    command = " ".join(["python scripts/bench.py", *map(shlex.quote, sys.argv[1:])]).strip()
    info = machine()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"{when}  {command}\n{info['cpu']}, {info['cores']} cores, {info['ram']}, "
          f"load {info['load']}, Python {info['python']}, spaCy {info['spacy']}", flush=True)

    rows: list[list[str]] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    for name in sections:
        s0 = time.perf_counter()
        try:
            result = RUNNERS[name](counts)
            rows.extend(ROWS[name](result))
            print(f"  {name}: done in {time.perf_counter() - s0:.0f}s", flush=True)
        except BenchError as e:
            errors.append(str(e))
            print(f"  {name}: {e}", file=sys.stderr, flush=True)
    text = report(info, command, when, rows, time.perf_counter() - t0, errors)
    print()
    print(text)
    if not args.quick and not args.no_docs and set(sections) == set(SECTIONS):
        write_docs(args.docs, text)
        print(f"\nwrote the table to {args.docs}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
