"""Parse decoded HTML once, leniently, and read the structured parts every field needs.

The lxml tree, JSON-LD objects, <meta> values and links are read here so that the
metadata, date, language and page-type modules share one parse and never re-parse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_LD_TYPES_ARTICLE = {"article", "newsarticle", "blogposting", "reportagenews",
                     "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle",
                     "backgroundnewsarticle", "techarticle", "report", "liveblogposting",
                     "scholarlyarticle", "socialmediaposting", "advertisercontentarticle"}


@dataclass
class Page:
    """One parsed page: the tree plus the parts read from it."""

    url: str
    tree: Any  # lxml.html.HtmlElement, or None when nothing could be parsed
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # lowercased name/property -> content

    @property
    def base_url(self) -> str:
        if self.tree is not None:
            for href in self.tree.xpath("//base/@href")[:1]:
                if href.strip():
                    return urljoin(self.url, href.strip())
        return self.url

    def ld_articles(self) -> list[dict[str, Any]]:
        """JSON-LD objects whose @type is an article type."""
        return [o for o in self.jsonld if ld_types(o) & _LD_TYPES_ARTICLE]

    def html_lang(self) -> str | None:
        if self.tree is None:
            return None
        val = self.tree.get("lang") or self.tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        return val.strip() if val and val.strip() else None


def ld_types(obj: dict[str, Any]) -> set[str]:
    """The lowercased @type values of a JSON-LD object."""
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {i.lower() for i in items if isinstance(i, str)}


def parse(text: str, url: str) -> Page:
    """Parse `text` leniently; a page with no parseable markup gets tree=None."""
    text = _CONTROL.sub("", _XML_DECL.sub("", text, count=1))
    tree = None
    if text.strip():
        try:
            tree = lxml.html.document_fromstring(text)
        except (etree.ParserError, ValueError):
            tree = None
    page = Page(url=url, tree=tree)
    if tree is not None:
        page.jsonld = _read_jsonld(tree)
        page.meta = _read_meta(tree)
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


def _read_jsonld(tree: Any) -> list[dict[str, Any]]:
    out = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip().rstrip(";")
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        out.extend(_walk(data))
    return out


def _read_meta(tree: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), content.strip())
    return meta


def links(page: Page) -> list[str]:
    """Absolute http(s) links on the page, without fragments, in order, once each."""
    if page.tree is None:
        return []
    base = page.base_url
    seen: dict[str, None] = {}
    for href in page.tree.xpath("//a/@href|//area/@href"):
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        if href.startswith(("http://", "https://")):
            absolute = href.partition("#")[0]
        else:
            try:
                absolute = urljoin(base, href).partition("#")[0]
            except ValueError:
                continue
        if absolute.startswith(("http://", "https://")) and len(absolute.split("/", 3)[2]) > 0:
            seen.setdefault(absolute, None)
    return list(seen)
