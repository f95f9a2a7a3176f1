"""Main text from the parsed tree, at parser speed: find the article's container, clean it.

Paragraphs (<p>, <pre>) of some length and few links vote for their parent (fully) and
grandparent (half), weighted by the tag and by class/id words, as readability does; the
best-scoring node, discounted by its link density, is the core. The core then grows to an
ancestor while that ancestor holds clearly more paragraph text (articles split into chunks
by ads or asides) without diluting it (a teaser grid around the story). Paragraphs inside
small comment, related, widget or footer regions do not vote; such a region that holds most
of the page's prose is a misnamed wrapper and keeps its vote.

The container's markup is parsed again on its own, boilerplate inside it (figures,
captions, share bars, link lists, forms...) is marked, and Resiliparse renders the rest as
text, one block a line. When the <p> hold little prose, the page is read again with text
between <br> lines and "paragraph" divs counted, and the story's own element (`anchor`)
rendered whole if that gives more. Node objects are the cost here (each is a Python
object), so the work stays on paragraphs and their ancestors, never on every element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree, Node
from resiliparse.parse.html.exception import DOMException

from pipeline.article.html import Page, tag, text_of

MIN_PARAGRAPH = 25  # characters; shorter <p> are labels, buttons, datelines
GROW = 1.25  # an ancestor must hold this much more paragraph text to replace the core
DILUTION = 0.5  # ...and keep at least this share of the core's paragraph density
MIN_CLUSTER = 300  # characters of paragraphs under one parent for them to count in growth
OWN_REGION = 0.5  # a "bad" region holding at least this share of all prose is a wrapper
ANCHOR_PROSE = 100  # characters of prose that make the story's own element win
FEW_PARAGRAPHS = 150  # characters in all <p>: below this, <br>-separated text counts too
SHORT_TEXT = 500  # a text this short from <p> alone: try again with <br> text counted
MANY_LINKS = 30  # a list with more links than this, under 100 characters each, is a link list

_SKIP = "data-nf-skip"
_STOP_TAGS = {"body", "html", "#document"}  # what a parent is when it is no container
_NEGATIVE = re.compile(r"comment|meta|foot|related|share|social|sidebar|widget|promo|advert|"
                       r"sponsor|newsletter|subscri|signup|popup|modal|cookie|breadcrumb|"
                       r"byline|caption|credit|nav|menu|recommend|outbrain|taboola|disclaimer|"
                       r"banner|masthead|header|hidden", re.I)
_POSITIVE = re.compile(r"article|body|content|entry|main|post|story|text|blog", re.I)
_REGION = re.compile(r"comment|related|sidebar|widget|promo|advert|newsletter|outbrain|"
                     r"taboola|recommend|footer|teaser|more-stories|read-more|trending|popular|"
                     r"cookie|consent|gdpr|author-bio|about-author|post-author", re.I)
_REGION_TAGS = {"aside", "nav", "footer", "header", "form", "figure", "figcaption"}
_TAG_WEIGHT = {"div": 5, "article": 10, "section": 3, "main": 5, "pre": 3, "td": 3,
               "blockquote": 3, "form": -3, "ul": -3, "ol": -3, "li": -3, "dl": -3,
               "h1": -5, "h2": -5, "h3": -5, "th": -5}
_BOILERPLATE_TAGS = ("figure, figcaption, aside, nav, footer, form, button, select, textarea, "
                     "iframe, noscript, svg, header, dialog, h1")
_BOILERPLATE_WORDS = ("share", "social", "related", "newsletter", "promo", "advert", "sponsor",
                      "subscribe", "caption", "credit", "comment", "recommend", "byline",
                      "breadcrumb", "signup", "popup", "modal", "cookie", "outbrain", "taboola")
# skipped while rendering (no node objects): boilerplate, and what the passes marked
_SKIPPED = [*(t.strip() for t in _BOILERPLATE_TAGS.split(",")),
            *(f'[{a}*="{w}" i]' for w in _BOILERPLATE_WORDS for a in ("class", "id")),
            f"[{_SKIP}]"]


@dataclass
class Found:
    """The main text and the share of the page's paragraph text its container holds."""

    text: str = ""
    share: float = 0.0  # 1.0: every voting paragraph of the page is in the container


def main_content(page: Page, anchor: Node | None = None) -> Found:
    """The article text of `page` from its own tree; empty when no paragraph votes.

    `anchor` is the story's own element when the page marks one (the <article> holding
    the <h1>): if the votes pick a container apart from it while it holds prose of its
    own, the anchor wins (a short brief beside a longer "related" box).
    """
    body = page.body
    if body is None:
        return Found()
    container, share = _container(body, anchor, more_blocks=False)
    found = Found(render(container), share) if container is not None else Found()
    if len(found.text) < SHORT_TEXT:  # little prose in <p>: read <br> and "paragraph" divs
        container, share = _container(body, anchor, more_blocks=True)
        if container is not None:
            again = Found(render(container), share)
            found = again if len(again.text) > len(found.text) else found
    if len(found.text) < SHORT_TEXT and anchor is not None:  # text straight in the story
        own = render(anchor)  # element, in no paragraph at all
        found = Found(own, found.share) if len(own) > len(found.text) else found
    return found


def render(node: Node) -> str:
    """The text of `node`'s subtree without boilerplate, one block a line."""
    try:
        sub = HTMLTree.parse(node.html)
    except (DOMException, ValueError):
        return ""
    if sub.body is None:
        return ""
    for el in sub.body.query_selector_all("ul, ol").values():
        n, links = len(text_of(el)), len(el.get_elements_by_tag_name("a"))
        if links and (links > MANY_LINKS and n < 100 * links or _link_chars(el) > 0.5 * n):
            el.setattr(_SKIP, "")  # a list of links: "more stories", tags, sharing
    return extract_plain_text(sub, preserve_formatting=True, list_bullets=False,
                              alt_texts=False, main_content=False, comments=False,
                              skip_elements=_SKIPPED)


def _link_chars(node: Node) -> int:
    if not node.child_element_count:
        return 0  # plain text: most paragraphs, and ten times cheaper to tell
    # get_elements_by_tag_name: no selector to parse, twice as fast as query_selector_all;
    # counting its matches creates no node objects, reading them does
    links = node.get_elements_by_tag_name("a")
    return sum(len(text_of(a)) for a in links.values()) if len(links) else 0


def _weight(node: Node) -> int:
    w = _TAG_WEIGHT.get(tag(node) or "", 0)
    for value in (node.class_name, node.id):
        if value:
            w += 25 if _POSITIVE.search(value) else 0
            w -= 25 if _NEGATIVE.search(value) else 0
    return w


class _Ancestry:
    """Parent lookups with memory: paragraphs share most of their ancestors."""

    def __init__(self) -> None:
        self._parent: dict[Node, Node | None] = {}
        self._lineage: dict[Node, tuple[Node, ...]] = {}

    def parent(self, node: Node) -> Node | None:
        try:
            return self._parent[node]
        except KeyError:
            up = node.parent
            if up is not None and up.tag in _STOP_TAGS:
                up = None
            self._parent[node] = up
            return up

    def lineage(self, node: Node) -> tuple[Node, ...]:
        """`node` and its ancestors below <body>, nearest first; each built once."""
        found = self._lineage.get(node)
        if found is None:
            up = self.parent(node)
            found = self._lineage[node] = (node, *(self.lineage(up) if up is not None else ()))
        return found


def _container(body: Node, anchor: Node | None,
               more_blocks: bool) -> tuple[Node | None, float]:
    """The element holding the article's paragraphs, and its share of all of them."""
    anc = _Ancestry()
    votes = _votes(body, anc, more_blocks)  # (parent, chars, vote) per paragraph
    clusters: dict[Node, int] = {}  # paragraph characters directly under each parent
    for parent, chars, _ in votes:
        clusters[parent] = clusters.get(parent, 0) + chars
    total = sum(clusters.values())
    if not total:
        return None, 0.0
    everywhere = _spread(clusters, anc)
    anchored = everywhere.get(anchor, 0) if anchor is not None else 0
    regions = {node for node, chars in everywhere.items()
               if chars < OWN_REGION * total and _is_region(node)}
    inside = {parent for parent in clusters
              if not (regions and any(node in regions for node in anc.lineage(parent)))}
    scores: dict[Node, float] = {}
    for parent, _, vote in votes:
        if parent not in inside:
            continue
        for node, share in zip(anc.lineage(parent)[:2], (1.0, 0.5), strict=False):
            if node not in scores:
                scores[node] = _weight(node)
            scores[node] += vote * share
    if not scores:
        return (anchor, anchored / total) if anchored >= ANCHOR_PROSE else (None, 0.0)
    best, best_score = None, float("-inf")
    for node, score in sorted(scores.items(), key=lambda kv: -kv[1])[:3]:
        n = len(text_of(node))
        score *= 1 - min(1.0, _link_chars(node) / n) if n else 0
        if score > best_score:
            best, best_score = node, score
    prose = _spread({p: c for p, c in clusters.items() if p in inside and c >= MIN_CLUSTER}, anc)
    container = _grow(best, prose, anc)
    if anchored >= ANCHOR_PROSE and not (anchor.contains(container)
                                         or container.contains(anchor)):
        return anchor, anchored / total
    return container, everywhere.get(container, 0) / total


def _votes(body: Node, anc: _Ancestry, more_blocks: bool) -> list[tuple[Node, int, float]]:
    """(parent, characters outside links, vote) of every paragraph of some length and few
    links; paragraphs that are mostly a link are marked to be skipped in the text."""
    # one walk of the body for both tags (two get_elements_by_tag_name walks cost more)
    blocks = body.query_selector_all("p, pre").values()
    texts = [text_of(p) for p in blocks]
    if more_blocks or sum(map(len, texts)) < FEW_PARAGRAPHS:
        extra = _other_blocks(body)
        blocks += extra
        texts += [text_of(p) for p in extra]
    out = []
    for p, text in zip(blocks, texts, strict=True):
        text = text.strip()
        n = len(text)
        links = _link_chars(p) if n else 0
        if n < MIN_PARAGRAPH or links > 0.5 * n:
            if n and links > 0.7 * n:
                p.setattr(_SKIP, "")  # a linked headline or "read more" line, even inside
            continue
        parent = anc.parent(p)
        if parent is not None:
            out.append((parent, n - links, 1 + text.count(",") + min(n // 100, 3)))
    return out


def _spread(clusters: dict[Node, int], anc: _Ancestry) -> dict[Node, int]:
    """Paragraph characters under every element: each parent's count added up its lineage."""
    under: dict[Node, int] = {}
    for parent, chars in clusters.items():
        for node in anc.lineage(parent):
            under[node] = under.get(node, 0) + chars
    return under


def _other_blocks(body: Node) -> list[Node]:
    """Paragraph-like elements of pages with few <p>: divs named "paragraph", and elements
    whose text runs between <br> lines (old CMS templates, blog engines)."""
    found: dict[Node, None] = {}
    for div in body.query_selector_all('div[class*="paragraph" i]').values():
        if div.query_selector("p, div") is None:
            found[div] = None
    breaks: dict[Node, int] = {}
    for br in body.get_elements_by_tag_name("br").values():
        up = br.parent
        if up is not None and tag(up) not in ("p", "pre", "li", "td", "th", None):
            breaks[up] = breaks.get(up, 0) + 1
    found.update((node, None) for node, n in breaks.items() if n >= 2)
    return list(found)


def _is_region(node: Node) -> bool:
    return tag(node) in _REGION_TAGS or bool(_REGION.search(f"{node.class_name or ''} "
                                                            f"{node.id or ''}"))


def _grow(core: Node, prose: dict[Node, int], anc: _Ancestry) -> Node:
    density = prose.get(core, 0) / max(1, len(text_of(core)))
    up = anc.parent(core)
    while up is not None:
        if up in prose and prose[up] >= GROW * prose.get(core, 0) \
                and prose[up] / max(1, len(text_of(up))) >= DILUTION * density:
            core = up
        up = anc.parent(up)
    return core
