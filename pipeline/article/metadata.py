"""Title, author, site name and canonical URL, from the most deliberate signal available.

Publishers state these in JSON-LD and Open Graph for search engines and social cards;
those win over visible markup (<h1>, <title>, bylines), which is the fallback.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from pipeline.article.html import Page, text_of

_SPACES = re.compile(r"[\s\x00-\x08\x0e-\x1f\x7f]+")
_BY = re.compile(r"^(by|von|di|da|par|por|de)\s+", re.I)
# Most specific first: a name element beats the byline sentence around it.
_BYLINE_CLASSES = ("author", "autor", "auteur", "verfasser", "firma", "byline")
_BYLINE_RE = re.compile("|".join(_BYLINE_CLASSES), re.I)
_BYLINE_SELECTOR = ", ".join(f'[class*="{c}" i]' for c in _BYLINE_CLASSES)
# Markup inside <title>: its end tag was lost ("<\x8ctitle>"), and HTML then reads the rest of
# the page as the title; the title is what comes before the first tag.
_TAG_IN_TITLE = re.compile(r"<[^\s<>]+[^<>]*>")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")


def _clean(value: Any, limit: int = 300) -> str | None:
    if not isinstance(value, str):
        return None
    value = _SPACES.sub(" ", value).strip()
    return value[:limit] if value else None


def _first_text(page: Page, selector: str) -> str | None:
    for el in page.select(selector)[:3]:
        text = _clean(text_of(el))
        if text:
            return text
    return None


def site_name(page: Page) -> str | None:
    """og:site_name, JSON-LD publisher name, application-name, then the host name."""
    site = _clean(page.meta.get("og:site_name"), 120)
    if not site:
        for obj in page.ld_articles():
            pub = obj.get("publisher")
            if isinstance(pub, list) and pub:
                pub = pub[0]
            if isinstance(pub, dict) and _clean(pub.get("name"), 120):
                site = _clean(pub.get("name"), 120)
                break
    site = site or _clean(page.meta.get("application-name"), 120)
    if not site:
        host = urlsplit(page.url).hostname or ""
        site = host.removeprefix("www.") or None
    return site


def title(page: Page, site: str | None = None) -> str | None:
    """The headline, without a trailing or leading site name."""
    if page.tree is None:
        return None
    for obj in page.ld_articles():
        headline = _clean(obj.get("headline")) or _clean(obj.get("name"))
        if headline:
            return headline
    for key in ("og:title", "twitter:title"):
        if _clean(page.meta.get(key)):
            return _strip_site(_clean(page.meta[key]) or "", site)
    h1 = _first_text(page, "h1")
    raw = _first_text(page, "head > title") or _first_text(page, "title")
    raw = _TAG_IN_TITLE.split(raw, maxsplit=1)[0].strip() if raw else raw
    if raw:
        stripped = _strip_site(raw, site)
        if h1 and h1 in raw:
            return h1
        return stripped
    return h1


def _strip_site(text: str, site: str | None) -> str:
    for sep in _TITLE_SEPARATORS:
        if sep not in text:
            continue
        head, _, tail = text.rpartition(sep)
        first, _, rest = text.partition(sep)
        if (site and tail.strip().lower() == site.lower()) or (len(tail) < 40 and len(head) > 20):
            return head.strip()
        if site and first.strip().lower() == site.lower():
            return rest.strip()
    return text


def author(page: Page) -> str | None:
    """The byline's name(s), joined with ', '; None when the page names nobody."""
    if page.tree is None:
        return None
    for obj in page.ld_articles():
        names = _ld_names(obj.get("author"))
        if names:
            return ", ".join(names)
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                "dcterms.creator", "twitter:creator"):
        value = _clean(page.meta.get(key), 200)
        if value and not value.startswith(("http://", "https://", "@")):
            return _BY.sub("", value)
    for text in _byline_texts(page):
        # "Von Miriam Kessler 30. Juni 2026", "By Dana Roe · 3 min read": name only
        text = re.split(r"\s[·•|,]\s?|\s[-–—]\s|\d", text)[0]
        text = _BY.sub("", text.strip()).strip(" ,;:")
        if text and len(text) <= 80:
            return text
    return None


def _byline_texts(page: Page) -> list[str]:
    """Texts of author-ish elements, rel/itemprop author first, then by class name."""
    found: list[str] = []
    for el in page.select('[rel="author"], [itemprop="author"]')[:2]:
        found.append(" ".join(text_of(el).split()))
    ranked: list[tuple[int, int, str]] = []
    for n, el in enumerate(page.select(_BYLINE_SELECTOR)):
        cls = (el.class_name or "").lower()
        m = _BYLINE_RE.search(cls)
        if not m or "comment" in cls or el.closest('[class*="comment"]') is not None:
            continue
        ranked.append((_BYLINE_CLASSES.index(m.group(0).lower()), n,
                       " ".join(text_of(el).split())))
        if len(ranked) >= 20:
            break
    found.extend(text for _, _, text in sorted(ranked))
    return [t for t in found if t]


def _ld_names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:10]:
        name = _clean(item.get("name"), 120) if isinstance(item, dict) else _clean(item, 120)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def canonical_url(page: Page) -> str | None:
    """<link rel=canonical>, else og:url, made absolute; None when absent or not http(s)."""
    if page.tree is None:
        return None
    # <link rel=canonical> belongs in <head>: looking there spares a walk of the document
    head = page.tree.head
    links = page.select('link[rel="canonical"][href]', head) if head is not None else []
    candidates = [el.getattr("href") or "" for el in links]
    candidates += [page.meta["og:url"]] if page.meta.get("og:url") else []
    for href in candidates:
        try:
            url = urldefrag(urljoin(page.base_url, href.strip())).url
        except ValueError:
            continue
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname:
            return url
    return None
