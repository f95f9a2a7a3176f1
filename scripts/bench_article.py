#!/usr/bin/env python3
"""Benchmark article extraction: ours vs plain trafilatura on the same pages, same run.

Runs pipeline.article.extract_article and trafilatura.extract (defaults) on every page of
the article-extraction benchmark, writes both predictions as JSON, scores them with the
benchmark's own score.py and prints F1 and pages/s side by side. Then compares publication
dates with htmldate's on the demo site's articles (ground truth: corpora/site/expected.json).

Example:
    .venv/bin/python scripts/bench_article.py --limit 20
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

from shared_data import missing, shared_path

DEFAULT_DATA = shared_path("datasets", "article-extraction-benchmark")
DEMO_SITE = Path(__file__).resolve().parents[1] / "corpora" / "site"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (0 = all)")
    ap.add_argument("--out", type=Path, default=Path("data/bench_article"),
                    help="folder for the predictions JSON files")
    args = ap.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        print(missing(args.data, "the article-extraction benchmark"), file=sys.stderr)
        return 2

    import trafilatura

    from pipeline.article import extract_article

    gt = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gt)[: args.limit or None]
    pages = [(i, gzip.decompress((args.data / "html" / f"{i}.html.gz").read_bytes())) for i in ids]
    ours: dict[str, str] = {}
    theirs: dict[str, str | None] = {}
    not_article = 0

    # one untimed call each: loading lingua's models and dateparser's data happens once per process
    extract_article(pages[0][1], gt[pages[0][0]]["url"])
    trafilatura.extract(pages[0][1], url=gt[pages[0][0]]["url"])
    start = time.perf_counter()
    for i, body in pages:
        record = extract_article(body, gt[i]["url"], content_type="text/html; charset=utf-8")
        ours[i] = record.text
        not_article += not record.is_article
    ours_s = time.perf_counter() - start

    start = time.perf_counter()
    for i, body in pages:
        theirs[i] = trafilatura.extract(body, url=gt[i]["url"])
    theirs_s = time.perf_counter() - start

    args.out.mkdir(parents=True, exist_ok=True)
    files = {"newsfacts": args.out / "newsfacts.json", "trafilatura": args.out / "trafilatura.json"}
    files["newsfacts"].write_text(json.dumps(ours, ensure_ascii=False), encoding="utf-8")
    files["trafilatura"].write_text(json.dumps(theirs, ensure_ascii=False), encoding="utf-8")
    if args.limit:
        subset = args.out / "ground-truth.subset.json"
        subset.write_text(json.dumps({i: gt[i] for i in ids}), encoding="utf-8")
        gt_path = subset
    else:
        gt_path = args.data / "ground-truth.json"
    scored = subprocess.run(
        [sys.executable, str(args.data / "score.py"), str(files["newsfacts"]),
         str(files["trafilatura"]), "--gt", str(gt_path), "--n-bootstrap", "200"],
        capture_output=True, text=True, check=True)
    print(scored.stdout.rstrip())
    print(f"{'pages/s':<10} newsfacts {len(pages) / ours_s:6.1f}   "
          f"trafilatura {len(pages) / theirs_s:6.1f}   ({len(pages)} pages)")
    print(f"newsfacts judged {not_article} of {len(pages)} pages not to be articles")
    if (DEMO_SITE / "expected.json").exists():
        compare_dates(DEMO_SITE)
    return 0


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
