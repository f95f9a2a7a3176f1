"""Generate WARC files of news article pages: benchmark sets and test fixtures.

Each page is an HTML article (title, publication date, byline, navigation, paragraphs of
`benchgen` prose in five languages, a footer); `fact_rate` of the articles state a payment,
the rest have ordinary news text. Written with FastWARC's writer, one gzip member per
record. Deterministic for a seed.

    .venv/bin/python scripts/warcgen.py --pages 5000 --per-file 500 --out data/warcs
"""

from __future__ import annotations

import argparse
import html
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchgen  # noqa: E402

from pipeline.backfill.warcwrite import Response, write_warc  # noqa: E402

SITES = ("news.example.com", "ledger.example.it", "wirtschaft.example.de",
         "tech.example.fr", "noticias.example.es")
START = datetime(2024, 1, 1, tzinfo=UTC)


def page(rng: random.Random, i: int, fact_rate: float) -> Response:
    """One article page; about `fact_rate` of them state a payment."""
    k = i % len(benchgen.LANGS)
    lang, site = benchgen.LANGS[k], SITES[k]
    with_fact = rng.random() < fact_rate
    text = benchgen.article(rng, lang, payment_rate=0.0, distractor_rate=0.04)
    paragraphs = text.split("\n\n")
    if with_fact:
        sentence = benchgen._fill(rng, rng.choice(benchgen.PAYMENTS[lang]))
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), sentence)
    title = f"{rng.choice(benchgen.COMPANIES)} {rng.choice(('update', 'report', 'news'))} {i}"
    published = START + timedelta(minutes=7 * i)
    url = f"https://{site}/{published:%Y/%m}/story-{i}.html"
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    doc = (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
           f"<title>{html.escape(title)}</title><link rel='canonical' href='{url}'>"
           f"<meta property='article:published_time' content='{published.isoformat()}'>"
           f"</head><body><nav><a href='/'>Home</a> <a href='/tech/'>Tech</a></nav>"
           f"<article><h1>{html.escape(title)}</h1><p class='byline'>Staff reporter</p>"
           f"{body}</article><footer>Copyright {site}</footer></body></html>")
    return Response(url=url, body=doc.encode("utf-8"), date=published + timedelta(hours=2))


def pages(n: int, seed: int = benchgen.DEFAULT_SEED, fact_rate: float = 0.05
          ) -> Iterator[Response]:
    rng = random.Random(seed)
    for i in range(n):
        yield page(rng, i, fact_rate)


def write_set(out: Path, n: int, per_file: int, seed: int = benchgen.DEFAULT_SEED,
              fact_rate: float = 0.05) -> list[Path]:
    """`n` pages in files of `per_file` records under `out`; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    it = pages(n, seed, fact_rate)
    files = []
    for k in range(0, n, per_file):
        path = out / f"gen-{k // per_file:05d}.warc.gz"
        write_warc(path, (next(it) for _ in range(min(per_file, n - k))))
        files.append(path)
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--per-file", type=int, default=500)
    ap.add_argument("--fact-rate", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=benchgen.DEFAULT_SEED)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    files = write_set(args.out, args.pages, args.per_file, args.seed, args.fact_rate)
    print(f"{len(files)} files, {args.pages} pages in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
