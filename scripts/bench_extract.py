#!/usr/bin/env python3
"""Fact-extraction benchmarks: cheap-first pipeline vs full-document baseline, and peak RSS.

`throughput` loads the spaCy pipelines once (timed apart), scores both modes on the gold
set (corpora/gold) with pipeline.evaluate, then times `Extractor.extract_many` over
generated articles (scripts/benchgen.py): the pipeline (spaCy on money-cue sentences only)
with 1 and 2 worker processes, and the baseline (`full_document=True`: spaCy over whole
texts, same rules). `rss` streams N generated articles into a fresh store and extracts
them with the extract stage, reporting the process's peak RSS. Both print a human summary
and, last, one JSON line (read by scripts/bench.py). Rates are per wall second and per
CPU second: the machine may be shared, CPU seconds say what the code costs.

Example:
    .venv/bin/python scripts/bench_extract.py throughput --pipeline 500 --baseline 100
    .venv/bin/python scripts/bench_extract.py rss --articles 1000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchgen  # noqa: E402  (scripts/ is not a package)

LANGS = benchgen.LANGS


def rss_mb() -> float:
    """Current resident set size of this process in MB (from /proc/self/status)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_models() -> float:
    """Load every language pipeline and warm the rule caches once; seconds taken."""
    from pipeline.facts import nlp as nlp_mod
    from pipeline.facts.extractor import Extractor

    start = time.perf_counter()
    for lang in LANGS:
        nlp_mod.load_pipeline(lang)
    warm = [(text, lang, None) for lang, text in benchgen.articles(len(LANGS), seed=1)]
    for mode in (False, True):
        list(Extractor(full_document=mode).extract_many(warm))
    return time.perf_counter() - start


def gold_scores(full_document: bool) -> dict[str, Any]:
    """Precision, recall and F1 ("all" row) of one mode on the project's gold passages."""
    from pipeline.evaluate import evaluate, load_gold
    from pipeline.facts.extractor import Extractor

    extractor = Extractor(full_document=full_document)

    def predict(passage: Any) -> list[dict[str, Any]]:
        ex = extractor.extract(passage.text, lang=passage.lang,
                               published_at=passage.published_at)
        return [f.to_dict() for f in ex.facts]

    passages = load_gold()
    total = evaluate(passages, predict).row("all")
    return {"passages": len(passages), "gold": total.gold, "predicted": total.predicted,
            "tp": total.tp, "precision": round(total.precision, 4),
            "recall": round(total.recall, 4), "f1": round(total.f1, 4)}


def corpus(n: int, seed: int = benchgen.DEFAULT_SEED) -> list[tuple[str, str]]:
    return list(benchgen.articles(n, seed=seed))


def words_in(items: list[tuple[str, str]]) -> int:
    return sum(len(text.split()) for _, text in items)


def time_single(items: list[tuple[str, str]], full_document: bool) -> dict[str, Any]:
    """One process, one Extractor over `items`: wall and CPU seconds, facts, sentences."""
    from pipeline.facts.extractor import Extractor

    extractor = Extractor(full_document=full_document)
    inputs = [(text, lang, None) for lang, text in items]
    wall0, cpu0 = time.perf_counter(), time.process_time()
    facts = sum(len(ex.facts) for ex in extractor.extract_many(inputs))
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return _rates(items, wall, cpu, facts, extractor.counters, workers=1)


def _rates(items: list[tuple[str, str]], wall: float, cpu: float, facts: int,
           counters: dict[str, int], workers: int) -> dict[str, Any]:
    n, words = len(items), words_in(items)
    sentences = counters.get("facts/sentences", 0)
    considered = counters.get("facts/sentences_considered", 0)
    return {"articles": n, "words": words, "chars": sum(len(t) for _, t in items),
            "nlp_chars": counters.get("facts/nlp_chars", 0), "workers": workers, "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2), "articles_per_s": round(n / wall, 2),
            "words_per_s": round(words / wall), "articles_per_cpu_s": round(n / cpu, 2),
            "facts": facts, "sentences": sentences, "considered": considered}


def _children_cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) used so far by the processes `pids` (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def time_pool(items: list[tuple[str, str]], workers: int, full_document: bool = False,
              chunk: int = 256) -> dict[str, Any]:
    """The product's multi-process path (pipeline.facts.parallel.ProcessExtractor):
    `workers` forked processes inheriting the models loaded here. Wall seconds from the
    first chunk sent to the last result received (workers started and warmed before);
    CPU seconds of this process and the workers."""
    from pipeline.facts.parallel import ProcessExtractor

    inputs = [(text, lang, None) for lang, text in items]
    with ProcessExtractor(workers, full_document=full_document, chunk_size=chunk) as px:
        list(px.extract_many(inputs[:workers * chunk]))  # start and warm the workers
        pids = [p.pid for p in px._pool._pool]
        px.counters.clear()
        cpu_children0, cpu0 = _children_cpu_s(pids), time.process_time()
        wall0 = time.perf_counter()
        facts = sum(len(ex.facts) for ex in px.extract_many(inputs))
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0 + _children_cpu_s(pids) - cpu_children0
        counters = dict(px.counters)
    return _rates(items, wall, cpu, facts, counters, workers)


def ner_languages() -> list[str]:
    """The languages whose loaded pipeline has NER (the costly spaCy path)."""
    from pipeline.facts import nlp as nlp_mod

    return [lang for lang in LANGS if nlp_mod.has_ner(nlp_mod.load_pipeline(lang))]


def time_by_group(items: list[tuple[str, str]], full_document: bool) -> dict[str, Any]:
    """`time_single` over NER languages and over the rest, separately, plus their sum."""
    ner = set(ner_languages())
    groups = {"ner": [x for x in items if x[0] in ner],
              "blank": [x for x in items if x[0] not in ner]}
    runs = {k: time_single(v, full_document) for k, v in groups.items() if v}
    counters = {key: sum(r[name] for r in runs.values())
                for key, name in (("facts/sentences", "sentences"),
                                  ("facts/sentences_considered", "considered"),
                                  ("facts/nlp_chars", "nlp_chars"))}
    total = _rates(items, sum(r["wall_s"] for r in runs.values()),
                   sum(r["cpu_s"] for r in runs.values()),
                   sum(r["facts"] for r in runs.values()), counters, workers=1)
    total["groups"] = runs
    total["ner_langs"] = sorted(ner)
    return total


def throughput(n_pipeline: int, n_baseline: int, workers: list[int],
               with_gold: bool = True, repeats: int = 3) -> dict[str, Any]:
    """Everything the extraction rows of the benchmark table need.

    Baseline and pipeline runs take turns, `repeats` rounds, and each keeps its fastest
    round (as timeit does): a shared machine only ever slows a run down, so the fastest
    is the closest to what the code costs; all wall times are kept in `walls_s`.
    """
    out: dict[str, Any] = {"load_s": round(load_models(), 2), "rss_after_load_mb": rss_mb(),
                           "repeats": repeats}
    if with_gold:
        out["gold_pipeline"] = gold_scores(False)
        out["gold_baseline"] = gold_scores(True)
    items = corpus(max(n_pipeline, n_baseline))
    rounds: dict[str, list[dict[str, Any]]] = {"baseline": [], **{f"x{w}": [] for w in workers}}
    for _ in range(max(1, repeats)):
        rounds["baseline"].append(time_by_group(items[:n_baseline], full_document=True))
        for w in workers:
            rounds[f"x{w}"].append(time_by_group(items[:n_pipeline], False) if w == 1
                                   else time_pool(items[:n_pipeline], w))
    out["baseline"] = _fastest(rounds["baseline"])
    out["pipeline"] = [_fastest(rounds[f"x{w}"]) for w in workers]
    return out


def _fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    best = dict(min(runs, key=lambda r: r["wall_s"]))
    best["walls_s"] = [r["wall_s"] for r in runs]
    return best


# --- peak RSS while extracting into a store ----------------------------------------------


def stream_into_store(n: int, db: Path, batch: int = 500) -> int:
    """Save `n` generated articles into the store at `db`, `batch` per transaction."""
    from pipeline.records import ArticleRecord
    from pipeline.store.db import open_store

    saved = 0
    with open_store(db) as store:
        pending: list[ArticleRecord] = []

        def flush() -> None:
            with store.transaction():
                for rec in pending:
                    store.save_article(rec, None, "bench")
            pending.clear()

        for i, (lang, text) in enumerate(benchgen.articles(n)):
            pending.append(ArticleRecord(url=f"https://bench.example/{lang}/{i}", text=text,
                                         lang=lang, published_at="2026-11-01"))
            saved += 1
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
    return saved


def rss_run(n: int, db: Path) -> dict[str, Any]:
    """Peak RSS of one process that loads the models, then streams and extracts `n` articles."""
    from pipeline.extraction import extract_pending
    from pipeline.facts.extractor import Extractor
    from pipeline.store.db import open_store

    load_s = load_models()
    after_load = rss_mb()
    wall0 = time.perf_counter()
    stream_into_store(n, db)
    insert_s = time.perf_counter() - wall0
    samples: list[float] = []
    marks: list[tuple[int, float]] = []  # (articles done, seconds since the stage started)

    def progress(done: int, total: int) -> None:
        samples.append(rss_mb())
        marks.append((done, time.perf_counter() - extract0))

    with open_store(db) as store:
        extract0 = time.perf_counter()
        result = extract_pending(store, Extractor(), batch=64, progress=progress)
        extract_s = time.perf_counter() - extract0
        evidence = store.conn.execute("SELECT count(*) FROM evidence").fetchone()[0]
        facts = store.conn.execute("SELECT count(*) FROM facts").fetchone()[0]
    wall = time.perf_counter() - wall0
    quarter = max(1, len(samples) // 4)
    return {"articles": n, "load_s": round(load_s, 2), "insert_s": round(insert_s, 2),
            "wall_s": round(wall, 2), "extract_s": round(extract_s, 2),
            "ms_per_article": round(1000 * extract_s / n, 2),
            "first_quarter_ms_per_article": _ms_per_article(marks, 0, n // 4),
            "last_quarter_ms_per_article": _ms_per_article(marks, n - n // 4, n),
            "extracted": result.counts.get("extract/articles", 0),
            "evidence": evidence, "facts": facts,
            "db_mb": round(os.path.getsize(db) / 2**20, 1),
            "rss_after_load_mb": round(after_load), "rss_first_quarter_mb":
            round(max(samples[:quarter], default=0)), "rss_last_quarter_mb":
            round(max(samples[-quarter:], default=0)), "peak_rss_mb": round(peak_rss_mb())}


def _ms_per_article(marks: list[tuple[int, float]], lo: int, hi: int) -> float | None:
    """Extract-stage milliseconds per article between the progress marks nearest `lo` and
    `hi` articles (is the cost per article flat as the store grows?)."""
    points = [(0, 0.0), *marks]
    a = max((p for p in points if p[0] <= lo), default=None)
    b = min((p for p in points if p[0] >= hi), default=None)
    if a is None or b is None or b[0] <= a[0]:
        return None
    return round(1000 * (b[1] - a[1]) / (b[0] - a[0]), 2)


# --- command line ------------------------------------------------------------------------


def _print_throughput(r: dict[str, Any]) -> None:
    print(f"models + rules loaded in {r['load_s']:.1f}s (outside timed regions)")
    for key in ("gold_pipeline", "gold_baseline"):
        if key in r:
            g = r[key]
            print(f"{key:<14} F1 {g['f1']:.3f}  P {g['precision']:.3f}  R {g['recall']:.3f}"
                  f"  ({g['passages']} passages, {g['gold']} gold facts)")
    runs = [("baseline", r["baseline"])] + [("pipeline", x) for x in r["pipeline"]]
    for name, run in runs + [(f"{n} {g}", x) for n, top in runs
                             for g, x in top.get("groups", {}).items()]:
        print(f"{name:<9} x{run['workers']}: {run['articles']} articles in {run['wall_s']}s = "
              f"{run['articles_per_s']} articles/s, {run['words_per_s']} words/s, "
              f"{run['articles_per_cpu_s']} articles/CPU-s; cue sentences (+ the one before) "
              f"{run['considered']} of "
              f"{run['sentences']} sentences; spaCy read {run['nlp_chars']} of "
              f"{run['chars']} characters; {run['facts']} facts")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("throughput", help="pipeline vs baseline: articles/s, words/s, F1")
    t.add_argument("--pipeline", type=int, default=1000, help="generated articles (pipeline)")
    t.add_argument("--baseline", type=int, default=200, help="generated articles (baseline)")
    t.add_argument("--workers", default="1,2", help="worker counts for the pipeline")
    t.add_argument("--no-gold", action="store_true", help="skip the gold-set F1")
    t.add_argument("--repeats", type=int, default=3,
                   help="rounds of baseline and pipeline runs, taking turns; each keeps its "
                        "fastest (default 3)")
    r = sub.add_parser("rss", help="peak RSS extracting N articles into a fresh store")
    r.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()

    if args.cmd == "throughput":
        workers = [int(w) for w in args.workers.split(",") if w.strip()]
        if args.pipeline < 1 or args.baseline < 1 or not workers or min(workers) < 1:
            ap.error("counts and worker numbers must be positive")
        result = throughput(args.pipeline, args.baseline, workers, not args.no_gold,
                            args.repeats)
        _print_throughput(result)
    else:
        if args.articles < 1:
            ap.error("--articles must be positive")
        with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
            result = rss_run(args.articles, Path(tmp) / "bench.db")
        print(f"{result['articles']} articles: peak RSS {result['peak_rss_mb']} MB "
              f"(after model load {result['rss_after_load_mb']} MB), {result['wall_s']}s, "
              f"{result['evidence']} evidence rows, store {result['db_mb']} MB; extract stage "
              f"{result['ms_per_article']} ms/article (first quarter "
              f"{result['first_quarter_ms_per_article']}, last quarter "
              f"{result['last_quarter_ms_per_article']})")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
