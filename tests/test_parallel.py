"""Extraction on several processes: same results, same order, bounded memory, errors surface."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.facts.extractor import Extractor, extraction_to_dict
from pipeline.facts.parallel import ProcessExtractor

GOLD = Path(__file__).resolve().parent.parent / "corpora" / "gold"


def gold_items() -> list[tuple[str, str | None, str | None]]:
    items = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            p = json.loads(line)
            items.append((p["text"], p.get("lang"), p.get("published_at")))
    return items


@pytest.mark.parametrize("statistical", [True, False])
def test_two_workers_give_the_serial_results_in_order(statistical: bool) -> None:
    items = gold_items()
    serial = [extraction_to_dict(e) for e in
              Extractor(prefer_statistical=statistical).extract_many(items)]
    with ProcessExtractor(2, prefer_statistical=statistical, chunk_size=7) as px:
        parallel = [extraction_to_dict(e) for e in px.extract_many(items)]
        assert px._pool is not None  # the work really went to worker processes
    assert parallel == serial
    assert sum(len(d["facts"]) for d in parallel) > 100


def test_counters_add_up_over_workers() -> None:
    items = gold_items()
    with ProcessExtractor(2, prefer_statistical=False, chunk_size=16) as px:
        found = sum(len(e.facts) for e in px.extract_many(items))
    assert px.counters["facts/found"] == found
    assert px.counters["facts/sentences"] >= len(items)


def test_one_worker_runs_in_this_process() -> None:
    items = gold_items()[:20]
    px = Extractor(prefer_statistical=False)
    with ProcessExtractor(1, prefer_statistical=False) as one:
        got = [extraction_to_dict(e) for e in one.extract_many(items)]
        assert one._pool is None
    assert got == [extraction_to_dict(e) for e in px.extract_many(items)]


def test_a_stream_is_read_only_a_few_chunks_ahead() -> None:
    consumed = 0

    def endless() -> Iterator[tuple[str, str | None, str | None]]:
        nonlocal consumed
        for n in itertools.count():
            consumed += 1
            yield (f"Acme Corp pays Brightline {n + 1} million dollars a month.", "en", None)

    with ProcessExtractor(2, prefer_statistical=False, chunk_size=4,
                          in_flight_per_worker=2) as px:
        first = list(itertools.islice(px.extract_many(endless()), 10))
    assert [f.facts[0].amount for f in first] == [(n + 1) * 1e6 for n in range(10)]
    # 2 workers x 2 chunks in flight x 4 texts, plus the chunk being filled
    assert consumed <= (2 * 2 + 1) * 4 + 4


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    items = [("Acme pays Brightline $5 million a year.", "en", None), (42, "en", None)]
    with ProcessExtractor(2, prefer_statistical=False, chunk_size=1) as px:
        with pytest.raises(TypeError):
            list(px.extract_many(items))  # type: ignore[arg-type]


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ProcessExtractor(0)


def test_submit_returns_at_once_and_isolates_a_failing_text() -> None:
    items = [(f"Acme Corp pays Brightline {n} million dollars a month.", "en", None)
             for n in range(1, 6)]
    items[2] = (None, "en", None)  # type: ignore[assignment]  # "" -> no facts, no error
    items[3] = (42, "en", None)  # type: ignore[assignment]  # raises in the worker
    with ProcessExtractor(2, prefer_statistical=False) as px:
        pending = px.submit(items)
        results = pending.result()
    assert len(results) == 5
    assert isinstance(results[3], TypeError)
    assert results[2].facts == []
    assert [r.facts[0].amount for i, r in enumerate(results) if i in (0, 1, 4)] == [
        1e6, 2e6, 5e6]
