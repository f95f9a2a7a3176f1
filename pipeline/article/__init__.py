"""HTML bytes in, article record out: the one entry point the crawler and CLI call.

decode (charset) -> html (one lenient Resiliparse parse, JSON-LD, meta, links) -> text
(main text: our pass over the tree, trafilatura when unsure) -> language -> metadata,
dates -> pagetype (article or index page). `extract_response` is the same for a stored
HTTP response (headers as a mapping), with an optional byte-level currency pre-test
(`could_state_amount`) for runs that only want facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pipeline.article import dates, decode, html, language, metadata, pagetype, text
from pipeline.article.currency import could_state_amount
from pipeline.records import ArticleRecord

EXTRACTOR_VERSION = "2.0.0"  # bump when the output for the same bytes may change
SKIPPED = "skipped"  # the `extractor` of a page whose text was not read (no currency)

__all__ = ["EXTRACTOR_VERSION", "SKIPPED", "could_state_amount", "extract_article",
           "extract_response"]


def extract_article(body: bytes, url: str, *, content_type: str | None = None,
                    content_language: str | None = None,
                    fetched_at: datetime | None = None,
                    skip_without_currency: bool = False, links: bool = True) -> ArticleRecord:
    """Extract the article in `body` (the page fetched from `url`).

    Never raises on bad HTML (empty, truncated, wrongly declared charset): such pages come
    back with is_article=False and empty text. Raises InputError only when `body` is not
    text at all (an image, a PDF, an archive, binary data). With `skip_without_currency`,
    a page whose bytes name no currency gets its metadata from its <head> only, and no
    text or links (extractor "skipped"). `links=False` leaves the record's links empty
    (a backfill follows none; they are a tenth of the time).
    """
    body = decode.maybe_gunzip(body or b"")
    decode.check_not_binary(body)
    if skip_without_currency and not could_state_amount(body, content_type):
        return _metadata_only(body, url, content_type, content_language, fetched_at)
    source, _codec = decode.decode_html(body, content_type)
    page = html.parse(source, url)
    record = ArticleRecord(url=url, links=html.links(page) if links else [])
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
    if text.words(main, pagetype.MIN_WORDS) < pagetype.MIN_WORDS and \
            pagetype.declared_article(page, record.published_at):
        own = text.drop_headline(text.clean(text.own_element_text(page), record.lang),
                                 record.title)
        if text.words(own) > text.words(main):
            main, record.extractor = own, text.ARTICLE
    record.is_article = pagetype.is_article(page, main, record.canonical_url,
                                            record.published_at)
    record.text = main if record.is_article else ""
    return record


def _metadata_only(body: bytes, url: str, content_type: str | None,
                   content_language: str | None, fetched_at: datetime | None) -> ArticleRecord:
    """The record of a page whose text is not wanted: title, date, language, canonical URL,
    author and site from its <head> alone (where publishers put them for search engines and
    social cards), which is all that is parsed; no text, no links."""
    source, _codec = decode.decode_html(decode.head_of(body), content_type)
    page = html.parse(source, url)
    record = ArticleRecord(url=url, extractor=SKIPPED)
    if page.tree is None:
        record.is_article = False
        return record
    record.site = metadata.site_name(page)
    record.title = metadata.title(page, record.site)
    record.lang = language.detect(page, record.title or "", content_language)
    record.author = metadata.author(page)
    record.canonical_url = metadata.canonical_url(page)
    record.published_at = dates.published_date(page, record.lang, fetched_at)
    record.is_article = pagetype.looks_single(page, record.canonical_url)
    return record


def extract_response(body: bytes, url: str, headers: Mapping[str, str] | None = None, *,
                     fetched_at: datetime | None = None,
                     skip_without_currency: bool = False, links: bool = True
                     ) -> ArticleRecord:
    """extract_article for a stored response (a WARC record, a cache entry): the charset
    and language come from its headers, matched without regard to case."""
    lower = {k.lower(): v for k, v in (headers or {}).items()}
    return extract_article(body, url, content_type=lower.get("content-type"),
                           content_language=lower.get("content-language"),
                           fetched_at=fetched_at, skip_without_currency=skip_without_currency,
                           links=links)
