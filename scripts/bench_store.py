#!/usr/bin/env python3
"""Store write rate: facts and evidence through the extract stage's own write path.

A fresh SQLite store in a temp dir gets N generated articles (`Store.save_article`, timed
on its own); then `pipeline.extraction.extract_pending` runs with a replay extractor that
returns prebuilt extractions (1-3 payment facts per article over a few hundred company
pairs, a revenue share now and then), so the timed part is only what the store does:
evidence rows, placeholder facts, consolidation of each touched pair, per-batch
transactions. Prints a summary and, last, one JSON line (read by scripts/bench.py).

Example:
    .venv/bin/python scripts/bench_store.py --articles 5000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.records import ArticleRecord, Evidence, Extraction, Fact, RevenueShare

NAMES = [f"Bench Company {i:03d}" for i in range(60)]
PERIODS = ("month", "year", "quarter")
CURRENCIES = ("USD", "EUR", "GBP")


def make_pairs(rng: random.Random, n: int = 150) -> list[tuple[str, str, str, str, float]]:
    """(payer, payee, currency, period, usual amount) for `n` distinct company pairs."""
    pairs: dict[tuple[str, str], tuple[str, str, float]] = {}
    while len(pairs) < n:
        payer, payee = rng.sample(NAMES, 2)
        pairs.setdefault((payer, payee), (rng.choice(CURRENCIES), rng.choice(PERIODS),
                                          rng.randint(2, 95) * 1_000_000.0))
    return [(a, b, *rest) for (a, b), rest in pairs.items()]


def make_extraction(rng: random.Random, text: str,
                    pairs: list[tuple[str, str, str, str, float]]) -> Extraction:
    """1-3 payment facts over known pairs (usually the pair's usual amount, so evidence
    clusters into facts; one in five a different figure, so some facts conflict) and a
    revenue share in one article of ten."""
    ex = Extraction("en")
    for payer, payee, currency, period, usual in rng.sample(pairs, rng.randint(1, 3)):
        start = rng.randrange(0, max(1, len(text) - 120))
        ev = Evidence(text[start:start + 120], start, start + 120)
        amount = usual if rng.random() < 0.8 else usual * 1.5
        ex.facts.append(Fact(payer=payer, payee=payee, amount=amount, currency=currency,
                             period=period, evidence=ev, approx=rng.random() < 0.3,
                             as_of="2026-11-01", amount_usd_per_year=amount * 12,
                             confidence=0.8, rule_id="bench.pays"))
    if rng.random() < 0.1:
        payer, company = pairs[rng.randrange(len(pairs))][:2]
        ex.shares.append(RevenueShare(company=company, share=rng.choice((10, 25)),
                                      evidence=Evidence(text[:80], 0, 80), payer=payer,
                                      confidence=0.7, rule_id="bench.share"))
    return ex


class ReplayExtractor:
    """A FactExtractor that hands back prebuilt extractions by text, in order."""

    def __init__(self, by_text: dict[str, Extraction]) -> None:
        self.by_text = by_text

    def extract(self, text: str, lang: str | None = None,
                published_at: str | None = None) -> Extraction:
        return self.by_text[text]

    def extract_many(self, items: Sequence[tuple[str, str | None, str | None]]
                     ) -> list[Extraction]:
        return [self.by_text[text] for text, _, _ in items]


def run(n: int, db: Path, seed: int = 11, batch: int = 32) -> dict[str, Any]:
    from pipeline.extraction import extract_pending
    from pipeline.store.db import open_store

    rng = random.Random(seed)
    texts = [f"Article {i}. " + " ".join(rng.choice(NAMES) for _ in range(40)) for i in range(n)]
    pairs = make_pairs(rng)
    by_text = {t: make_extraction(rng, t, pairs) for t in texts}
    with open_store(db) as store:
        t0 = time.perf_counter()
        for k in range(0, n, 500):
            with store.transaction():
                for i in range(k, min(n, k + 500)):
                    store.save_article(ArticleRecord(url=f"https://bench.example/{i}",
                                                     text=texts[i], lang="en",
                                                     published_at="2026-11-01"), None, "bench")
        articles_s = time.perf_counter() - t0
        marks: list[tuple[int, float]] = []
        t0, c0 = time.perf_counter(), time.process_time()
        result = extract_pending(store, ReplayExtractor(by_text), version="bench", batch=batch,
                                 progress=lambda done, _: marks.append((done, time.perf_counter())))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        conn = store.conn
        evidence = conn.execute("SELECT count(*) FROM evidence").fetchone()[0]
        facts = conn.execute("SELECT count(*) FROM facts").fetchone()[0]
        conflicts = conn.execute("SELECT count(*) FROM facts WHERE conflicting").fetchone()[0]
    return {"articles": n, "first_quarter_articles_per_s": _rate(marks, t0, 0, n // 4),
            "last_quarter_articles_per_s": _rate(marks, t0, n - n // 4, n),
            "article_inserts_per_s": round(n / articles_s),
            "evidence": evidence, "facts": facts, "conflicting_facts": conflicts,
            "extracted": result.counts.get("extract/articles", 0), "batch": batch,
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "evidence_per_s": round(evidence / wall), "articles_per_s": round(n / wall),
            "evidence_per_cpu_s": round(evidence / cpu) if cpu else None,
            "db_mb": round(db.stat().st_size / 2**20, 1)}


def _rate(marks: list[tuple[int, float]], t0: float, lo: int, hi: int) -> float | None:
    """Articles per second between the progress marks nearest `lo` and `hi` articles."""
    points = [(0, t0), *marks]
    a = max((p for p in points if p[0] <= lo), default=None)
    b = min((p for p in points if p[0] >= hi), default=None)
    if a is None or b is None or b[1] <= a[1]:
        return None
    return round((b[0] - a[0]) / (b[1] - a[1]), 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=5000, help="articles to write")
    ap.add_argument("--batch", type=int, default=32, help="articles per transaction")
    args = ap.parse_args()
    if args.articles < 1 or args.batch < 1:
        ap.error("--articles and --batch must be positive")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        r = run(args.articles, Path(tmp) / "bench.db", batch=args.batch)
    print(f"articles: {r['article_inserts_per_s']}/s saved; extract stage wrote "
          f"{r['evidence']} evidence rows into {r['facts']} facts in {r['wall_s']}s = "
          f"{r['evidence_per_s']} evidence/s ({r['articles_per_s']} articles/s, "
          f"{r['batch']} per transaction), store {r['db_mb']} MB; articles/s first quarter "
          f"{r['first_quarter_articles_per_s']}, last quarter {r['last_quarter_articles_per_s']}")
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
