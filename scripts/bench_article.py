#!/usr/bin/env python3
"""Benchmark article extraction: ours vs plain trafilatura and plain Resiliparse, same run.

Runs pipeline.article.extract_article (the whole record: text, title, date, language, page
type, links), trafilatura.extract (defaults) and Resiliparse's
extract_plain_text(main_content=True) on every page of the article-extraction benchmark,
in one process, taking turns page by page for a few rounds; each page's fastest time of
each counts (this machine is shared and its speed drifts; turns page by page spread a
burst of load evenly). The texts are scored by the benchmark's own score.py.
Prints F1 and pages/s of each, the share of pages that took each path of ours, the
currency pre-test's share of skipped pages and facts lost, then publication dates against
htmldate's on the demo site.

Example:
    .venv/bin/python scripts/bench_article.py --rounds 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from shared_data import missing, shared_path

DEFAULT_DATA = shared_path("datasets", "article-extraction-benchmark")
ROOT = Path(__file__).resolve().parents[1]
DEMO_SITE = ROOT / "corpora" / "site"
SCORED = ("newsfacts", "trafilatura", "resiliparse")
FACTS_ONLY = "newsfacts, facts only"  # timed, not scored: pages without currency lose text
NO_LINKS = "newsfacts, no links"  # timed, not scored: the same text, the record without links


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (0 = all)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds per extractor")
    ap.add_argument("--out", type=Path, default=Path("data/bench_article"),
                    help="folder for the predictions JSON files")
    args = ap.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        print(missing(args.data, "the article-extraction benchmark"), file=sys.stderr)
        return 2

    gt = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gt)[: args.limit or None]
    pages = [(i, gt[i]["url"], gzip.decompress((args.data / "html" / f"{i}.html.gz").read_bytes()))
             for i in ids]
    print(f"load average before: {_load()}")
    runs = _extractors()
    texts: dict[str, dict[str, str]] = {name: {} for name in SCORED}
    paths: Counter[str] = Counter()
    wall, cpu = _timed_in_turns(runs, pages, max(1, args.rounds), texts, paths)
    best = {name: sum(times) for name, times in wall.items()}
    best_cpu = {name: sum(times) for name, times in cpu.items()}
    print(f"load average after:  {_load()}")
    f1 = _score(args, gt, ids, texts)
    base = len(pages) / best["trafilatura"]
    base_cpu = len(pages) / best_cpu["trafilatura"]
    print(f"\n{'extractor':<14}{'F1':>7}{'pages/s':>10}{'vs trafilatura':>16}"
          f"{'pages/CPU-s':>13}{'vs trafilatura':>16}")
    for name in SCORED:
        rate, cpu_rate = len(pages) / best[name], len(pages) / best_cpu[name]
        print(f"{name:<14}{f1[name]:>7.3f}{rate:>10.1f}{rate / base:>15.1f}x"
              f"{cpu_rate:>13.1f}{cpu_rate / base_cpu:>15.1f}x")
    shares = ", ".join(f"{how} {n} ({100 * n / len(pages):.1f}%)"
                       for how, n in paths.most_common())
    print(f"newsfacts paths: {shares} ({len(pages)} pages)")
    rate = len(pages) / best[NO_LINKS]
    print(f"newsfacts without links (links=False, as a backfill needs): {rate:.1f} pages/s, "
          f"{rate / base:.1f}x trafilatura")
    _currency_pretest(pages, len(pages) / best[FACTS_ONLY], len(pages) / best["newsfacts"])
    if (DEMO_SITE / "expected.json").exists():
        compare_dates(DEMO_SITE)
    return 0


def _timed_in_turns(runs: dict[str, Callable[[bytes, str, Counter[str]], str]],
                    pages: list[tuple[str, str, bytes]], rounds: int,
                    texts: dict[str, dict[str, str]], paths: Counter[str]
                    ) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds per extractor and page: the fastest of `rounds` tries, the
    extractors taking turns page by page, so a burst of load on this shared machine hits
    them alike. Texts and path counts are kept from the last round."""
    wall = {name: [float("inf")] * len(pages) for name in runs}
    cpu = {name: [float("inf")] * len(pages) for name in runs}
    for r in range(rounds):
        if r == rounds - 1:
            paths.clear()
        for k, (page_id, url, body) in enumerate(pages):
            for name, run in runs.items():
                start, used = time.perf_counter(), time.process_time()
                out = run(body, url, paths if r == rounds - 1 else Counter())
                wall[name][k] = min(wall[name][k], time.perf_counter() - start)
                cpu[name][k] = min(cpu[name][k], time.process_time() - used)
                if name in texts:
                    texts[name][page_id] = out
    return wall, cpu


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _extractors() -> dict[str, Callable[[bytes, str, Counter[str]], str]]:
    """The runners, each (body, url, path counter) -> text."""
    import trafilatura
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    from pipeline.article import extract_article

    def ours(body: bytes, url: str, paths: Counter[str]) -> str:
        record = extract_article(body, url, content_type="text/html; charset=utf-8")
        paths[record.extractor or "none"] += 1
        if not record.is_article:
            paths["not an article"] += 1
        return record.text

    def facts_only(body: bytes, url: str, paths: Counter[str]) -> str:
        return extract_article(body, url, content_type="text/html; charset=utf-8",
                               skip_without_currency=True).text

    def no_links(body: bytes, url: str, paths: Counter[str]) -> str:
        return extract_article(body, url, content_type="text/html; charset=utf-8",
                               links=False).text

    def plain_trafilatura(body: bytes, url: str, paths: Counter[str]) -> str:
        return trafilatura.extract(body, url=url) or ""

    def plain_resiliparse(body: bytes, url: str, paths: Counter[str]) -> str:
        return extract_plain_text(HTMLTree.parse_from_bytes(body, "utf-8"), main_content=True)

    return {"newsfacts": ours, "trafilatura": plain_trafilatura,
            "resiliparse": plain_resiliparse, FACTS_ONLY: facts_only, NO_LINKS: no_links}


def _score(args: argparse.Namespace, gt: dict, ids: list[str],
           texts: dict[str, dict[str, str]]) -> dict[str, float]:
    """Write the predictions, run the benchmark's score.py on them, return F1 by name."""
    args.out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, out in texts.items():
        path = args.out / f"{name}.json"
        path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    gt_path = args.data / "ground-truth.json"
    if args.limit:
        gt_path = args.out / "ground-truth.subset.json"
        gt_path.write_text(json.dumps({i: gt[i] for i in ids}), encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(args.data / "score.py"), *files, "--gt", str(gt_path),
         "--n-bootstrap", "200"], capture_output=True, text=True, check=True)
    print(scored.stdout.rstrip())
    f1 = {}
    for line in scored.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in texts:
            f1[parts[0]] = float(parts[1])
    return f1


def _currency_pretest(pages: list[tuple[str, str, bytes]], with_test: float,
                      without: float) -> None:
    """Share of pages the byte-level currency test skips, its cost, the pages/s of
    extraction with it, and the facts it would lose."""
    from pipeline.article import could_state_amount

    could_state_amount(pages[0][2])  # builds the automaton, once per process
    start = time.perf_counter()
    kept = [could_state_amount(body) for _, _, body in pages]
    cost = (time.perf_counter() - start) / len(pages) * 1000
    skipped = kept.count(False)
    lost_pages, with_facts = _facts_lost(pages, kept)
    gold_lost, gold_with = _gold_facts_lost()
    print(f"currency pre-test: skips {skipped} of {len(pages)} pages "
          f"({100 * skipped / len(pages):.1f}%) at {cost:.2f} ms/page; facts lost: "
          f"{lost_pages} of {with_facts} benchmark pages with facts, "
          f"{gold_lost} of {gold_with} gold passages with facts; extraction with it "
          f"{with_test:.1f} pages/s, without {without:.1f}")


def _facts_lost(pages: list[tuple[str, str, bytes]], kept: list[bool]) -> tuple[int, int]:
    from pipeline.article import extract_article
    from pipeline.facts.extractor import Extractor

    facts = Extractor()
    lost = with_facts = 0
    for (_, url, body), keep in zip(pages, kept, strict=True):
        record = extract_article(body, url, content_type="text/html; charset=utf-8")
        if record.text and facts.extract(record.text, record.lang).facts:
            with_facts += 1
            lost += not keep
    return lost, with_facts


def _gold_facts_lost() -> tuple[int, int]:
    """Gold passages with a fact, each wrapped in a page: how many the pre-test skips."""
    from pipeline.article import could_state_amount

    lost = with_facts = 0
    for path in sorted((ROOT / "corpora" / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if not item.get("facts"):
                continue
            with_facts += 1
            page = f"<html><body><article><p>{item['text']}</p></article></body></html>"
            lost += not could_state_amount(page.encode("utf-8"))
    return lost, with_facts


def compare_dates(site: Path) -> None:
    """Publication dates: ours vs htmldate (original_date=True) on the demo articles."""
    from htmldate import find_date

    from pipeline.article import extract_article

    truth = json.loads((site / "expected.json").read_text(encoding="utf-8"))
    origin = truth["origin_placeholder"]
    tally = {"newsfacts": [0, 0, 0], "htmldate": [0, 0, 0]}  # right, wrong, unknown
    for art in truth["articles"]:
        body = (site / art["path"].lstrip("/")).read_bytes()
        ours = extract_article(body, origin + art["path"]).published_at
        theirs = find_date(body, url=origin + art["path"], original_date=True)
        for name, got in (("newsfacts", ours), ("htmldate", theirs)):
            tally[name][0 if got == art["published"] else 2 if got is None else 1] += 1
    n = len(truth["articles"])
    for name, (right, wrong, unknown) in tally.items():
        print(f"dates      {name:<11} {right}/{n} right, {wrong} wrong, {unknown} unknown "
              f"(demo site)")


if __name__ == "__main__":
    sys.exit(main())
