"""Tell articles from index pages (home, section, tag, author, search listings).

An index page's text is a pile of teasers; extracting facts from it would repeat or
mangle the articles it links to. Its links still feed the crawler, so only the text is
dropped. Publisher declarations (JSON-LD, og:type, an <article> with its headline and
date) count most, then the URL's shape (path words per language in
rules/<lang>/article.toml), then the page's shape. A declared article is one even when
short (a news brief of two sentences), unless its URL or markup says listing.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from urllib.parse import parse_qs, urlsplit

from resiliparse.parse.html import Node

from pipeline.article.html import Page, ld_types, tag, text_of
from pipeline.facts.lexicon import languages, load_toml

MIN_WORDS = 50  # fewer words of main text than this is not an article, unless declared
MIN_BRIEF_WORDS = 15  # a declared article needs this many ("X pays Y $5M a year, ...")
_INDEX_LD = {"collectionpage", "itemlist", "searchresultspage", "profilepage", "website"}
_WORD = re.compile(r"\w+")
_SEARCH_PARAMS = {"q", "s", "query", "search", "k", "keyword", "keywords"}
_INDEX_FILES = {"index.html", "index.htm", "index.php", "index.shtml", "default.aspx",
                "default.asp", "home.html"}
_LANG_HOME = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$")
# WordPress and common CMS body classes: listing pages vs single posts.
_INDEX_BODY = {"home", "archive", "category", "tag", "search", "search-results", "blog",
               "section-page", "front", "front-page", "frontpage", "index-page", "listing"}
_ARTICLE_BODY = {"single", "single-post", "article-page", "post-template-default"}
TEASER_SHARE = 0.5  # at least this share of the text in teaser cards: a listing


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
    if not segments or segments[-1] in _INDEX_FILES:
        return True
    if len(segments) == 1 and _LANG_HOME.match(segments[0]):
        return True  # /de/, /en-gb/: an edition's home page
    if _SEARCH_PARAMS & set(parse_qs(parts.query)):
        return True
    # /tag/foo, /category/foo/, /author/bar, /page/2: a listing word followed by at most two segments
    return any(seg in _index_segments() and len(segments) - i <= 3
               for i, seg in enumerate(segments[:-1] if len(segments) > 1 else segments))


def declared_article(page: Page, published: str | None = None) -> bool:
    """The publisher says it is an article: JSON-LD article type, og:type article, or an
    <article> element holding the page's <h1>, on a page with a publication date."""
    if page.ld_articles() or page.meta.get("og:type", "").lower() == "article":
        return True
    return published is not None and article_element(page) is not None


def article_element(page: Page) -> Node | None:
    """The <article> that holds the page's first <h1>, or the page's only <article>."""
    h1 = page.first("h1")
    own = h1.closest("article") if h1 is not None else None
    if own is None:
        articles = page.select("article")
        own = articles[0] if len(articles) == 1 and h1 is not None \
            and articles[0].query_selector("h1") is not None else None
    return own


def _declared_index(page: Page) -> bool:
    types: set[str] = set()
    for obj in page.jsonld:
        types |= ld_types(obj)
    return bool(types & _INDEX_LD) and not page.ld_articles() and "webpage" not in types


def _body_classes(page: Page) -> set[str]:
    body = page.body
    return set((body.class_name or "").lower().split()) if body is not None else set()


def _cards(page: Page) -> list[str]:
    """Texts of teaser cards: a short block that starts with a linked headline."""
    cards = []
    for a in page.anchors:
        label = " ".join(text_of(a).split())
        if len(label) < 25 or len(label.split()) < 4:
            continue
        node = a
        for _ in range(3):
            node = node.parent
            if tag(node) in (None, "body", "html", "main") or node.child_element_count > 20:
                break  # a container, not a card (and too big to read cheaply)
            block = " ".join(text_of(node).split())
            if len(block) > 600:
                break
            if len(block) > len(label) + 20:
                if block.startswith(label) or a.closest("h2, h3, h4") is not None:
                    cards.append(block)
                break
    return cards


def teaser_share(page: Page, text: str) -> float:
    """The share of `text` made of linked headlines and the teaser cards they open."""
    if page.tree is None or not text:
        return 0.0
    cards = _cards(page)
    if not cards:
        return 0.0
    covered = 0
    for line in text.splitlines():
        line = " ".join(line.split())
        if len(line) >= 20 and any(line in card for card in cards):
            covered += len(line)
    return covered / len(text)


def is_article(page: Page, text: str, canonical: str | None = None,
               published: str | None = None) -> bool:
    """Whether `page`, whose main text is `text`, is a single article."""
    words = sum(1 for _ in islice(_WORD.finditer(text), MIN_WORDS))
    path = urlsplit(page.url).path.strip("/")
    declared = declared_article(page, published)
    if words >= MIN_WORDS and declared:
        return bool(path)
    if words < (MIN_BRIEF_WORDS if declared else MIN_WORDS) or not looks_single(page, canonical):
        return False
    return teaser_share(page, text) < TEASER_SHARE


def looks_single(page: Page, canonical: str | None = None) -> bool:
    """Nothing in the URL, JSON-LD or body classes says listing (home, section, tag...)."""
    if _declared_index(page) or index_url(page.url) or (canonical and index_url(canonical)):
        return False
    classes = _body_classes(page)
    return not (classes & _INDEX_BODY and not classes & _ARTICLE_BODY)
