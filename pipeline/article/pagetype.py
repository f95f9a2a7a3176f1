"""Tell articles from index pages (home, section, tag, author, search listings).

An index page's text is a pile of teasers; extracting facts from it would repeat or
mangle the articles it links to. Its links still feed the crawler, so only the text is
dropped. Publisher declarations (JSON-LD, og:type) count most, then the URL's shape
(path words per language in rules/<lang>/article.toml), then the page's shape.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import parse_qs, urlsplit

from pipeline.article.html import Page, ld_types
from pipeline.facts.lexicon import languages, load_toml

MIN_WORDS = 50  # fewer words of main text than this is not an article
_INDEX_LD = {"collectionpage", "itemlist", "searchresultspage", "profilepage", "website"}
_WORD = re.compile(r"\w+")
_SEARCH_PARAMS = {"q", "s", "query", "search", "k", "keyword", "keywords"}


@cache
def _index_segments() -> frozenset[str]:
    words: set[str] = set()
    for code in languages():
        words.update(load_toml(f"{code}/article.toml").get("pagetype", {}).get("index_segments", []))
    return frozenset(w.lower() for w in words)


def index_url(url: str) -> bool:
    """True for URLs shaped like listings: the site root, /tag/x, /category/x, ?s=query."""
    parts = urlsplit(url)
    segments = [s.lower() for s in parts.path.split("/") if s]
    if not segments or (len(segments) == 1 and segments[0] in ("index.html", "index.htm", "index.php")):
        return True
    if _SEARCH_PARAMS & set(parse_qs(parts.query)):
        return True
    # /tag/foo, /category/foo/, /author/bar, /page/2: a listing word followed by at most two segments
    return any(seg in _index_segments() and len(segments) - i <= 3
               for i, seg in enumerate(segments[:-1] if len(segments) > 1 else segments))


def declared_article(page: Page) -> bool:
    """The publisher says it is an article: JSON-LD article type or og:type article."""
    return bool(page.ld_articles()) or page.meta.get("og:type", "").lower() == "article"


def _declared_index(page: Page) -> bool:
    types: set[str] = set()
    for obj in page.jsonld:
        types |= ld_types(obj)
    return bool(types & _INDEX_LD) and not page.ld_articles() and "webpage" not in types


def _teasers(page: Page) -> int:
    """How many linked headlines or <article> cards the page lists."""
    if page.tree is None:
        return 0
    linked = page.tree.xpath("//h2[.//a] | //h3[.//a] | //h4[.//a]")
    cards = page.tree.xpath("//article")
    return max(len(linked), len(cards))


def is_article(page: Page, text: str) -> bool:
    """Whether `page`, whose main text is `text`, is a single article."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return False
    path = urlsplit(page.url).path.strip("/")
    if declared_article(page):
        return bool(path)
    if _declared_index(page) or index_url(page.url):
        return False
    return _teasers(page) < 6
