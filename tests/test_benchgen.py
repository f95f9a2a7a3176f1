"""Sanity of the benchmark generator and of the benchmark table helpers (no timings)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import bench  # noqa: E402
import benchgen  # noqa: E402

from pipeline.facts.money import find_amounts  # noqa: E402
from pipeline.facts.nlp import split_sentences  # noqa: E402


def test_same_seed_same_articles_other_seed_others() -> None:
    first = list(benchgen.articles(12))
    assert first == list(benchgen.articles(12))
    assert first != list(benchgen.articles(12, seed=benchgen.DEFAULT_SEED + 1))


def test_languages_rotate_and_count_is_kept() -> None:
    items = list(benchgen.articles(11))
    assert len(items) == 11
    assert [lang for lang, _ in items] == [benchgen.LANGS[i % 5] for i in range(11)]
    assert set(benchgen.LANGS) == {"en", "it", "de", "fr", "es"}


@pytest.mark.parametrize("lang", benchgen.LANGS)
def test_articles_have_news_length_in_paragraphs(lang: str) -> None:
    rng = random.Random(3)
    for _ in range(20):
        text = benchgen.article(rng, lang)
        assert 20 <= len(split_sentences(text, lang)) <= 55
        paragraphs = text.split("\n\n")
        assert all(1 <= len(split_sentences(p, lang)) <= 3 for p in paragraphs)


def test_payments_are_rare_and_fillers_hold_no_money() -> None:
    rng = random.Random(5)
    kinds: dict[str, int] = {}
    for i in range(400):
        lang = benchgen.LANGS[i % 5]
        for kind, sentence in benchgen.labelled_sentences(rng, lang):
            kinds[kind] = kinds.get(kind, 0) + 1
            found = find_amounts(sentence, lang)
            if kind == "filler":
                assert found == [], (lang, sentence)
            else:
                assert len(found) == 1, (lang, sentence)
    total = sum(kinds.values())
    assert 0.015 < kinds["payment"] / total < 0.05
    assert 0.025 < kinds["distractor"] / total < 0.06


def test_extrapolation_uses_the_largest_sizes() -> None:
    runs = [{"articles": 100, "peak_rss_mb": 250}, {"articles": 1000, "peak_rss_mb": 300},
            {"articles": 3000, "peak_rss_mb": 302}]
    text = bench.extrapolate(runs)
    assert "+1.0 MB per 1,000 articles" in text
    assert "399 MB (under 1 GB)" in text
    assert bench.extrapolate(runs[:1]) == "needs two sizes"
    falling = [{"articles": 1000, "peak_rss_mb": 214}, {"articles": 5000, "peak_rss_mb": 206}]
    assert bench.extrapolate(falling) == ("no growth measured; straight line to 100,000 "
                                          "articles: 214 MB (under 1 GB)")


def test_write_docs_replaces_only_the_latest_run(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nHow to read it.\n", encoding="utf-8")
    bench.write_docs(doc, "first table")
    bench.write_docs(doc, "second table")
    text = doc.read_text(encoding="utf-8")
    assert text.count(bench.START) == 1 and "second table" in text
    assert "first table" not in text and text.startswith("# Benchmarks\n\nHow to read it.")


def test_article_output_lines_are_understood() -> None:
    out = ("newsfacts                    0.973 ± 0.006  0.962 ± 0.008\n"
           "\nextractor          F1   pages/s  vs trafilatura\n"
           "newsfacts       0.973     301.2            5.3x        310.0            5.4x\n"
           "trafilatura     0.953      56.4            1.0x         57.0            1.0x\n"
           "resiliparse     0.898     640.0           11.3x        650.2           11.4x\n"
           "newsfacts paths: dom 171 (94.5%), trafilatura 10 (5.5%) (181 pages)\n"
           "newsfacts without links (links=False, as a backfill needs): 340.5 pages/s, 6.0x "
           "trafilatura\n")
    got = bench.parse_article(out)
    assert (got["ours_pages_per_s"], got["trafilatura_pages_per_s"], got["ours_f1"]) == (
        301.2, 56.4, 0.973)
    assert got["pages"] == 181 and got["paths"].startswith("dom 171")
    assert (got["ours_pages_per_cpu_s"], got["trafilatura_pages_per_cpu_s"]) == (310.0, 57.0)
    assert "plain Resiliparse 640.0 pages/s" in bench.article_rows(got)[0][-1]
    assert got["no_links_pages_per_s"] == 340.5
    assert "without links 340.5 pages/s" in bench.article_rows(got)[0][-1]


def test_bench_times_the_code_of_its_own_checkout(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A benchmark run from another worktree imports that worktree's package, not the
    installed (editable) one: its "before" times the code before."""
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "scripts").mkdir()  # a script's own folder leads its path, not the checkout
    (tmp_path / "scripts" / "probe.py").write_text(
        "import pipeline\nprint(pipeline.__file__)\n", encoding="utf-8")
    monkeypatch.setattr(bench, "ROOT", tmp_path)
    out = bench._run(["scripts/probe.py"], "import")
    assert Path(out.strip()) == tmp_path / "pipeline" / "__init__.py"
