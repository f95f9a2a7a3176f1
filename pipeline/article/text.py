"""Find the main text of a page: our own pass over the parsed tree, trafilatura when unsure.

The fast path (pipeline.article.dom) reads the tree that every other field uses. When it
finds little prose (a short text whose container does not hold all of the page's
paragraphs), trafilatura runs on an lxml parse of the same markup, with precision favoured
and comments off, then a recall-oriented run if that prunes too hard; its answer replaces
ours when clearly longer (a brief's text plus its repeated headline is not clearly
longer). A sane JSON-LD articleBody wins over a text that is much shorter than it. Which path gave the text is returned with it (the `extractor` column).
Finally lines of boilerplate at the edges (newsletter pitches, share prompts: per-language
patterns in rules/<lang>/article.toml) are trimmed and paragraphs are separated by a blank line.
"""

from __future__ import annotations

import html as htmllib
import re
from functools import cache
from itertools import islice
from typing import Any

from pipeline.article import dom
from pipeline.article.html import Page
from pipeline.article.pagetype import article_element
from pipeline.facts.lexicon import languages, load_toml

SHORT_TEXT = 250  # below this many characters a second, recall-oriented run is tried
SURE_TEXT = 500  # characters of fast-path text from which trafilatura is not consulted
# ...or this many, when its container holds (nearly) all the page's paragraphs: a short story
WHOLE_PAGE, SURE_SHORT_TEXT = 0.9, 200
FALLBACK_GAIN = 1.5  # trafilatura's text replaces a short fast-path text this much longer
# Which path gave the text: the `extractor` value stored with each article.
DOM, TRAFILATURA, JSONLD, ARTICLE = "dom", "trafilatura", "jsonld", "article"
_TAGS = re.compile(r"<[^>]{0,2000}>")
_SHORTCODE = re.compile(r"\[/?(?:button|caption|embed|gallery|video|audio|playlist|su_\w+|"
                        r"vc_\w+|et_pb_\w+|tweet|instagram|youtube|ad|ads)\b[^\]]{0,500}\]", re.I)
# runs of spaces, or any other blank: a single plain space (most of them) is left alone
_SPACES = re.compile(r"[\t\u00a0\u2009\u202f\u200b][ \t\u00a0\u2009\u202f\u200b]*"
                     r"| [ \t\u00a0\u2009\u202f\u200b]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")


def main_text(page: Page) -> str:
    """The article's raw text, one paragraph a line (see clean()); '' when none is found."""
    return choose(page)[0]


def choose(page: Page) -> tuple[str, str | None]:
    """(raw main text, the path that gave it: DOM, TRAFILATURA or JSONLD; None for no tree).

    The `extractor` ARTICLE is decided later (pipeline.article), once the date is known."""
    if page.tree is None:
        return "", None
    anchor = page.itemprop("articleBody") or article_element(page)
    found = dom.main_content(page, anchor)
    text, how = found.text, DOM
    if len(text) < (SURE_TEXT if found.share < WHOLE_PAGE else SURE_SHORT_TEXT):
        fallback = trafilatura_text(page)
        if words(fallback) > FALLBACK_GAIN * words(text) + 5:
            text, how = fallback, TRAFILATURA
    body = ld_article_body(page)
    if body and words(body) > 2 * words(text, up_to=words(body) // 2 + 1):
        text, how = body, JSONLD
    return text, how


def trafilatura_text(page: Page) -> str:
    """trafilatura's text: precision favoured, without its own fallbacks (readability,
    jusText: our pass already failed on this page) and so nearly twice as fast; a full
    recall-oriented run when that is short."""
    text = _trafilatura(page, favor_precision=True, fast=True)
    if len(text) < SHORT_TEXT:
        fuller = _trafilatura(page, favor_precision=False)
        if len(fuller) > 2 * len(text) + 200:
            text = fuller
    return text


def _trafilatura(page: Page, *, favor_precision: bool, fast: bool = False) -> str:
    import trafilatura

    tree = page.lxml_tree()
    if tree is None:
        return ""
    try:
        out = trafilatura.extract(
            tree, url=page.url, favor_precision=favor_precision, include_comments=False,
            include_tables=True, deduplicate=False, with_metadata=False, fast=fast)
    except Exception:  # trafilatura can fail deep inside on odd trees
        return ""
    return out or ""


def own_element_text(page: Page) -> str:
    """The raw text of the article's own element ([itemprop=articleBody], the <article>
    holding the <h1>, else <main>), boilerplate left out: for short declared articles,
    whose few sentences the general extractors may take for boilerplate."""
    node = page.itemprop("articleBody") or article_element(page) or page.first("main")
    return dom.render(node) if node is not None else ""


def words(text: str, up_to: int | None = None) -> int:
    """How many words `text` has, counting no further than `up_to`."""
    found = _WORD.finditer(text)
    return sum(1 for _ in (islice(found, up_to) if up_to is not None else found))


def ld_article_body(page: Page) -> str:
    """JSON-LD articleBody when present and plausible (prose, not a teaser), else ''."""
    best = ""
    for obj in page.ld_articles():
        body = obj.get("articleBody")
        if isinstance(body, list):
            body = "\n".join(b for b in body if isinstance(b, str))
        if not isinstance(body, str):
            continue
        body = htmllib.unescape(_TAGS.sub("\n", body.replace("</p>", "\n")))
        if len(body) > len(best) and words(body, up_to=80) >= 80:
            best = body
    return best


def clean(text: str, lang: str | None = None) -> str:
    """Normalise spaces, drop shortcodes and edge boilerplate, blank line between paragraphs."""
    text = _SPACES.sub(" ", _SHORTCODE.sub(" ", _CONTROL.sub("", text)))
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    patterns = _edge_patterns(lang)
    while lines and any(p.search(lines[0]) for p in patterns):
        lines.pop(0)
    while lines and any(p.search(lines[-1]) for p in patterns):
        lines.pop()
    return "\n\n".join(lines)


@cache
def _edge_patterns(lang: str | None) -> tuple[re.Pattern[str], ...]:
    """Edge-boilerplate regexes for `lang`, or for every language when it is unknown."""
    langs = [lang] if lang and lang in languages() else languages()
    out: list[re.Pattern[str]] = []
    for code in langs:
        section: Any = load_toml(f"{code}/article.toml").get("boilerplate", {})
        out.extend(re.compile(p) for p in section.get("edge_lines", []))
    return tuple(out)


def drop_headline(text: str, title: str | None) -> str:
    """Remove a first paragraph that repeats the title (the record keeps it as `title`)."""
    if not title or not text:
        return text
    first, sep, rest = text.partition("\n\n")
    if sep and _WORD.findall(first.lower()) == _WORD.findall(title.lower()):
        return rest
    return text
