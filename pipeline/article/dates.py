"""The publication date: the first trustworthy signal wins, and unknown beats wrong.

Order: JSON-LD datePublished, publication meta tags, <time>/itemprop markup, a date in
the URL path, then short visible date lines (class/id says date, time, byline...) read by
dateparser in the page's language only, relative dates ("hace 2 días") counted back from
the fetch time. A candidate in the future or before 1995 is rejected, never clamped.
Dates are returned as YYYY-MM-DD, the publisher's own calendar day.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from pipeline.article.html import Page, ld_types, tag, text_of

EARLIEST = date(1995, 1, 1)
_META_KEYS = ("article:published_time", "og:article:published_time", "datepublished",
              "article.published", "published_time", "publishdate", "publish-date",
              "publish_date", "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued",
              "dcterms.issued", "dcterms.created", "dc.date", "dcterms.date", "date",
              "original-publish-date", "cxenseparse:recs:publishtime")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")
_URL_COMPACT = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATEISH = ("date", "time", "publish", "posted", "byline", "dateline", "meta", "timestamp",
            "data", "datum", "fecha", "zeit", "pubdate", "article-info", "article__info")
_UPDATED = re.compile(r"^\W*(updated|last updated|modified|aggiornat[oa]|aktualisiert|"
                      r"mis à jour|actualizad[oa]|modificad[oa])\b", re.I)
_DATEISH_RE = re.compile("|".join(_DATEISH), re.I)
_DATEISH_SELECTOR = "time, " + ", ".join(f'[class*="{w}" i], [id*="{w}" i]' for w in _DATEISH)
_NOT_DATE_TAGS = {"script", "style", "body", "html", "main", "article", "meta"}


def published_date(page: Page, lang: str | None = None,
                   fetched_at: datetime | None = None) -> str | None:
    """The publication date as YYYY-MM-DD, or None when no signal is trustworthy."""
    now = _naive(fetched_at) if fetched_at else datetime.now()
    latest = now.date() + timedelta(days=1)
    for candidate in _structured(page):
        day = parse_iso(candidate)
        if day and EARLIEST <= day <= latest:
            return day.isoformat()
    day = _from_url(page.url)
    if day and EARLIEST <= day <= latest:
        return day.isoformat()
    if page.tree is not None and lang:
        day = _visible(page, lang, now)
        if day and EARLIEST <= day <= latest:
            return day.isoformat()
    return None


def _naive(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _structured(page: Page):
    """Date strings from JSON-LD, meta tags and time markup, most deliberate first."""
    for obj in page.ld_articles():
        for key in ("datePublished", "dateCreated"):
            if isinstance(obj.get(key), str):
                yield obj[key]
    for obj in page.jsonld:  # some sites date the WebPage, not the Article
        if ld_types(obj) & {"webpage", "itempage"} and isinstance(obj.get("datePublished"), str):
            yield obj["datePublished"]
    for key in _META_KEYS:
        if key in page.meta:
            yield page.meta[key]
    if page.tree is None:
        return
    el = page.itemprop("datePublished")
    if el is not None:
        yield el.getattr("datetime") or el.getattr("content") or text_of(el)
    el = page.first("time[pubdate]")
    if el is not None:
        yield el.getattr("datetime") or text_of(el)
    el = page.first("article time[datetime]") or page.first("time[datetime]")
    if el is not None and not _UPDATED.search(text_of(el)) \
            and "modif" not in (el.class_name or "") and "updat" not in (el.class_name or ""):
        yield el.getattr("datetime")


def parse_iso(value: Any) -> date | None:
    """The calendar day of an ISO 8601 (or RFC 822) date string; None when unreadable."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value:
        return None
    m = re.match(r"^((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?:$|[T ])", value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if _YEAR.search(value) and len(value) < 60:
        import dateparser

        parsed = dateparser.parse(value, languages=["en"],
                                  settings={"STRICT_PARSING": True,
                                            "RETURN_AS_TIMEZONE_AWARE": False})
        return parsed.date() if parsed else None
    return None


def _from_url(url: str) -> date | None:
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern in (_URL_DATE, _URL_COMPACT):
        m = pattern.search(path)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _visible(page: Page, lang: str, now: datetime) -> date | None:
    """A date from a short date-ish line of visible text, read in `lang` only."""
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": now, "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False, "DATE_ORDER": _date_order(lang)}
    seen = 0
    for text in _dateish_lines(page):
        seen += 1
        if seen > 12:
            break
        if _UPDATED.search(text):
            continue
        text = _digits(text, lang)
        if not _YEAR.search(text) and not _has_relative_word(text, lang):
            continue  # nothing _acceptable could take: no year and no "ago" word
        day = _written_date(text, lang, settings)
        if day is not None:
            return day
        try:
            found = search_dates(text, languages=[lang], settings=settings) or []
        except Exception:  # dateparser raises assorted errors on odd input
            continue
        for matched, moment in found:
            at = max(text.find(matched), 0)
            if _acceptable(matched, text[max(at - 12, 0): at + len(matched) + 12], lang):
                return moment.date()
    return None


def _written_date(text: str, lang: str, settings: dict[str, Any]) -> date | None:
    """A whole date written out in `text` ("18 November 2019", "November 18th, 2019",
    "5 de febrero de 2026", "18.11.2019"), read by dateparser.parse: a tenth of the cost of
    search_dates over the line, which remains for what this does not find."""
    import dateparser

    for m in _date_shapes(lang).finditer(text):
        matched = m.group(0)
        if not _acceptable(matched, text[max(m.start() - 12, 0): m.end() + 12], lang):
            continue
        try:
            moment = dateparser.parse(matched, languages=[lang], settings=settings)
        except Exception:  # dateparser raises assorted errors on odd input
            continue
        if moment is not None:
            return moment.date()
    return None


@cache
def _date_shapes(lang: str) -> re.Pattern[str]:
    """Day month year, month day year (month names of dateparser's locale) and numbers."""
    try:
        from dateparser.languages.loader import default_loader

        info = default_loader.get_locale(lang).info
    except Exception:  # a language dateparser does not know
        info = {}
    names = {n.lower() for m in ("january", "february", "march", "april", "may", "june",
                                 "july", "august", "september", "october", "november",
                                 "december") for n in info.get(m, []) if isinstance(n, str)}
    month = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)) or "(?!)"
    year = r"(?:19|20)\d\d"
    return re.compile(
        rf"(?<!\w)\d{{1,2}}(?:st|nd|rd|th|er|º|ª)?\.?\s+(?:de\s+)?(?:{month})\.?,?\s+"
        rf"(?:de\s+)?{year}(?!\d)"
        rf"|(?<!\w)(?:{month})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{year}(?!\d)"
        rf"|(?<!\d){year}-\d\d-\d\d(?!\d)",
        re.I)


def _dateish_lines(page: Page):
    found = 0
    for el in page.select(_DATEISH_SELECTOR):
        if tag(el) in _NOT_DATE_TAGS:
            continue
        found += 1
        if found > 60:
            return
        text = " ".join(text_of(el).split())
        if 4 <= len(text) <= 120:
            yield text


def _digits(text: str, lang: str) -> str:
    """'hace dos días' -> 'hace 2 días', so dateparser reads written-out numbers."""
    try:
        from text_to_num import alpha2digit

        return alpha2digit(text, lang, threshold=0)
    except Exception:  # unsupported language or odd text: leave it as it is
        return text


def _acceptable(matched: str, around: str, lang: str) -> bool:
    """A full date with a year, or a past relative expression ('2 days ago', 'ieri').

    `around` is the match with a few characters either side: dateparser sometimes leaves
    part of the 'ago' words out of the match ('il y a 2 jours' -> 'a 2 jours').
    """
    low = around.lower()
    if _YEAR.search(matched):
        numeric = re.fullmatch(r"\W*(\d{1,2})[./-](\d{1,2})[./-]\d{4}\W*", matched)
        if numeric and lang == "en" and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12:
            return False  # US or UK order? Unknown is better than wrong.
        return bool(re.search(r"[^\W\d_]{3,}|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d\d-\d\d", matched))
    return _has_relative_word(low, lang)


def _has_relative_word(text: str, lang: str) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in _relative_words(lang))


@cache
def _relative_words(lang: str) -> tuple[str, ...]:
    """'ago' words and past relative-day words ('yesterday', 'ieri') of dateparser's locale."""
    try:
        from dateparser.languages.loader import default_loader

        info = default_loader.get_locale(lang).info
    except Exception:  # a language dateparser does not know
        return ()
    words = list(info.get("ago", []))
    for key, values in info.get("relative-type", {}).items():
        if key.endswith("day ago") and not key.startswith("0"):
            words.extend(values)
    return tuple(w.lower() for w in words if w)


@cache
def _date_order(lang: str) -> str:
    try:
        from dateparser.languages.loader import default_loader

        return default_loader.get_locale(lang).info.get("date_order", "DMY")
    except Exception:
        return "DMY"
