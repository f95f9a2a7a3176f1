"""Parse decoded HTML once, leniently, and read the structured parts every field needs.

One Resiliparse (lexbor) parse serves text, title, dates, language and page type; the
JSON-LD objects, <meta> values and links are read here so the other modules never
re-parse. Only the trafilatura fallback needs lxml: `Page.lxml_tree()` builds that tree
lazily, on the few pages that take it.

Resiliparse node lists are read with `.values()`: indexing or iterating the list object
itself costs a walk from its start per item (quadratic on large pages).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from resiliparse.parse.html import HTMLTree, Node
from resiliparse.parse.html.exception import DOMException

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_LD_TYPES_ARTICLE = {"article", "newsarticle", "blogposting", "reportagenews",
                     "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                     "reviewnewsarticle", "backgroundnewsarticle", "techarticle", "report",
                     "liveblogposting", "scholarlyarticle", "socialmediaposting",
                     "advertisercontentarticle"}
_SKIP_HREF = ("#", "javascript:", "mailto:", "tel:", "data:")
_WEB = ("http://", "https://")
_BLANKS = " \t\n\r\f"
_NOT_TAGS = {"#document", "#text", "#comment", None}


@dataclass
class Page:
    """One parsed page: the tree plus the parts read from it."""

    url: str
    tree: HTMLTree | None  # None when nothing could be parsed
    source: str = ""  # the decoded markup the tree was built from
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # lowercased name/property -> content
    _lxml: Any = None
    _base: str | None = None
    _anchors: list[Node] | None = None

    @property
    def body(self) -> Node | None:
        return self.tree.body if self.tree is not None else None

    def select(self, selector: str, root: Node | None = None) -> list[Node]:
        """Elements matching a CSS selector list, in document order ([] without a tree)."""
        if root is None:
            if self.tree is None or self.tree.document is None:
                return []
            root = self.tree.document
        return root.query_selector_all(selector).values()

    @property
    def anchors(self) -> list[Node]:
        """The <a href> and <area href> elements, read once for the links and the page-type
        test."""
        if self._anchors is None:
            self._anchors = self.select("a[href], area[href]")
        return self._anchors

    def itemprop(self, name: str) -> Node | None:
        """The first element whose itemprop is `name` (microdata), found by attribute."""
        if self.tree is None or self.tree.document is None:
            return None
        found = self.tree.document.get_elements_by_attr("itemprop", name)
        return found.values()[0] if len(found) else None

    def first(self, selector: str) -> Node | None:
        if self.tree is None or self.tree.document is None:
            return None
        return self.tree.document.query_selector(selector)

    @property
    def base_url(self) -> str:
        if self._base is None:
            self._base = self.url
            # <base> belongs in <head>: looking there spares a walk of the whole document
            head = self.tree.head if self.tree is not None else None
            el = head.query_selector("base[href]") if head is not None else None
            href = (el.getattr("href") or "").strip() if el is not None else ""
            if href:
                try:
                    self._base = urljoin(self.url, href)
                except ValueError:
                    pass
        return self._base

    def ld_articles(self) -> list[dict[str, Any]]:
        """JSON-LD objects whose @type is an article type."""
        return [o for o in self.jsonld if ld_types(o) & _LD_TYPES_ARTICLE]

    def html_lang(self) -> str | None:
        root = self.tree.document.document_element if self.tree is not None else None
        if root is None:
            return None
        val = root.getattr("lang") or root.getattr("xml:lang")
        return val.strip() if val and val.strip() else None

    def lxml_tree(self) -> Any:
        """The same markup parsed by lxml, for trafilatura; built on first use, None if unparseable."""
        if self._lxml is None and self.source.strip():
            import lxml.html
            from lxml import etree

            # libxml2 refuses control characters, and an encoding declaration in a str
            source = _CONTROL.sub("", _XML_DECL.sub("", self.source, count=1))
            try:
                self._lxml = lxml.html.document_fromstring(source)
            except (etree.ParserError, ValueError):
                self._lxml = None
        return self._lxml


def ld_types(obj: dict[str, Any]) -> set[str]:
    """The lowercased @type values of a JSON-LD object."""
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {i.lower() for i in items if isinstance(i, str)}


def tag(node: Node | None) -> str | None:
    """An element's lowercase tag name; None for documents, text and missing nodes."""
    name = node.tag if node is not None else None
    return None if name in _NOT_TAGS else name


def text_of(node: Node) -> str:
    """All text under `node` (like lxml's text_content(): script text included)."""
    return node.text or ""


def parse(text: str, url: str) -> Page:
    """Parse `text` leniently; a page with no parseable markup gets tree=None.

    lexbor follows the HTML standard for control characters and XML declarations, so the
    text goes in as it is (clean() drops control characters from the main text).
    """
    tree = None
    if text.strip():
        try:
            tree = HTMLTree.parse(text)
        except (DOMException, ValueError):
            tree = None
        if tree is not None and tree.document is None:
            tree = None
    page = Page(url=url, tree=tree, source=text)
    if tree is not None:
        page.jsonld = _read_jsonld(page)
        page.meta = _read_meta(page)
    return page


def _walk(obj: Any, depth: int = 0):
    if depth > 6:
        return
    if isinstance(obj, dict):
        yield obj
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in obj:
                yield from _walk(obj[key], depth + 1)
    elif isinstance(obj, list):
        for item in obj[:50]:
            yield from _walk(item, depth + 1)


def _read_jsonld(page: Page) -> list[dict[str, Any]]:
    out = []
    for script in page.select('script[type="application/ld+json" i]'):
        raw = text_of(script).strip().rstrip(";")
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        out.extend(_walk(data))
    return out


def _read_meta(page: Page) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in page.select("meta[content]"):
        key = (el.getattr("property") or el.getattr("name") or el.getattr("itemprop")
               or el.getattr("http-equiv"))
        content = el.getattr("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), content.strip())
    return meta


def links(page: Page) -> list[str]:
    """Absolute http(s) links on the page, without fragments, in order, once each."""
    if page.tree is None:
        return []
    base = page.base_url
    parts = urlsplit(base)
    # Root-relative hrefs ("/x/y") join as origin + href; urljoin only for the rest.
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None
    seen: dict[str, None] = {}
    for el in page.anchors:  # the per-link work is kept to a few string tests
        href = el.getattr("href")
        if not href:
            continue
        if href[0] in _BLANKS or href[-1] in _BLANKS:
            href = href.strip()
            if not href:
                continue
        if "#" in href:
            href = href.partition("#")[0]
            if not href:
                continue  # "#top": a fragment of this page
        if href.startswith(_WEB):
            if href[href.index("//") + 2:][:1] not in ("", "/"):
                seen[href] = None
        elif origin and href[0] == "/" and href[1:2] != "/" and "/." not in href \
                and "\\" not in href:
            seen[origin + href] = None
        elif not href.startswith(_SKIP_HREF):
            try:
                absolute = urljoin(base, href)
            except ValueError:
                continue
            if absolute.startswith(_WEB) and len(absolute.split("/", 3)[2]) > 0:
                seen[absolute] = None
    return list(seen)
