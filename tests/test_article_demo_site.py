"""extract_article on the bundled demo site against its ground truth (corpora/site/expected.json)."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from pipeline.article import extract_article

SITE = Path(__file__).resolve().parents[1] / "corpora" / "site"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
ORIGIN = EXPECTED["origin_placeholder"]


@pytest.mark.parametrize("truth", EXPECTED["articles"], ids=lambda a: a["path"])
def test_demo_articles(truth):
    body = (SITE / truth["path"].lstrip("/")).read_bytes()
    rec = extract_article(body, ORIGIN + truth["path"])
    assert rec.is_article
    assert (rec.lang, rec.title, rec.published_at, rec.author) == (
        truth["lang"], truth["title"], truth["published"], truth["author"])
    if truth.get("brief"):
        # a two-paragraph story beside a longer "related" box: exactly its own paragraphs
        doc = lxml.html.fromstring(body.decode(truth["encoding"]))
        own = ["".join(p.itertext()) for p in doc.xpath("//article/p[not(@class)]")]
        assert rec.text == "\n\n".join(own)
    else:
        assert len(rec.text) > 200
    assert rec.extractor in ("dom", "trafilatura", "jsonld", "article")


def test_demo_briefs_cover_each_declaration_in_five_languages():
    briefs = [a for a in EXPECTED["articles"] if a.get("brief")]
    assert {a["lang"] for a in briefs} == {"en", "it", "de", "fr", "es"}
    assert {a["declared_by"] for a in briefs} == {
        "JSON-LD NewsArticle", "og:type article", "<article> with <h1> and <time>"}


@pytest.mark.parametrize("path", ["/index.html", "/en/index.html", "/it/index.html",
                                  "/tag/cloud.html", "/tag/ai.html"])
def test_demo_index_pages_are_not_articles(path):
    rec = extract_article((SITE / path.lstrip("/")).read_bytes(), ORIGIN + path)
    assert rec.is_article is False
    assert rec.text == ""
    assert len(rec.links) >= 5
    assert all(link.startswith(ORIGIN + "/") for link in rec.links if "newsfacts-demo" in link)
