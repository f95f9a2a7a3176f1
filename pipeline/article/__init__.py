"""HTML bytes in, article record out: the one entry point the crawler and CLI call.

decode (charset) -> html (one lenient parse, JSON-LD, meta, links) -> text (main text)
-> language -> metadata, dates -> pagetype (article or index page).
"""

from __future__ import annotations

from datetime import datetime

from pipeline.article import dates, decode, html, language, metadata, pagetype, text
from pipeline.records import ArticleRecord

EXTRACTOR_VERSION = "2.0.0"  # bump when the output for the same bytes may change

__all__ = ["EXTRACTOR_VERSION", "extract_article"]


def extract_article(body: bytes, url: str, *, content_type: str | None = None,
                    content_language: str | None = None,
                    fetched_at: datetime | None = None) -> ArticleRecord:
    """Extract the article in `body` (the page fetched from `url`).

    Never raises on bad HTML (empty, truncated, wrongly declared charset): such pages come
    back with is_article=False and empty text. Raises InputError only when `body` is not
    text at all (an image, a PDF, an archive, binary data).
    """
    body = decode.maybe_gunzip(body or b"")
    decode.check_not_binary(body)
    source, _codec = decode.decode_html(body, content_type)
    page = html.parse(source, url)
    record = ArticleRecord(url=url, links=html.links(page))
    if page.tree is None:
        record.is_article = False
        return record
    main, record.extractor = text.choose(page)
    site = metadata.site_name(page)
    record.title = metadata.title(page, site)
    record.lang = language.detect(page, main or record.title or "", content_language)
    main = text.drop_headline(text.clean(main, record.lang), record.title)
    record.site = site
    record.author = metadata.author(page)
    record.canonical_url = metadata.canonical_url(page)
    record.published_at = dates.published_date(page, record.lang, fetched_at)
    record.is_article = pagetype.is_article(page, main, record.canonical_url)
    record.text = main if record.is_article else ""
    return record
