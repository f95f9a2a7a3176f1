"""Find "as of" dates ("as of March", "dal 2023", "seit Januar") and resolve them to ISO.

Cue words, articles and month names are data in `rules/<lang>/dates.toml`. The date
after the cue is resolved with dateparser restricted to the language, relative to the
reference date (the article's publication date): a month without a year takes the latest
such month not after the reference; a bare year is its first day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from pipeline.facts.lexicon import lang_toml


@dataclass
class DateMention:
    """An as-of date: its span (cue included) and the resolved ISO date."""

    start: int
    end: int
    text: str
    date: str  # YYYY-MM-DD
    rule_id: str = ""


def _alt(items: list[str]) -> str:
    items = sorted(set(items), key=lambda s: (-len(s), s))
    parts = (r"\s+".join(re.escape(w) for w in i.split()) for i in items)
    return "|".join(p.replace("'", "['’]") for p in parts) or "(?!)"


@cache
def _regex(lang: str) -> re.Pattern[str] | None:
    conf = lang_toml(lang, "dates")
    if not conf.get("cues") or not conf.get("months"):
        return None
    month_only = conf.get("month_only_cues", [])
    cue = _alt([c for c in conf["cues"] if c not in month_only])
    article = _alt(conf.get("articles", []))
    month = _alt([m for names in conf["months"] for m in names])
    if not conf.get("months_case_sensitive"):
        month = f"(?i:{month})"
    suffix = f"(?i:{_alt(conf.get('day_suffixes', []))})"
    conn = f"(?i:{_alt(conf.get('year_connectors', []))})"
    year = r"(?:19|20)\d\d(?![\d%,.]\d|\s?%)"
    day = rf"\d{{1,2}}(?:{suffix}|\.|°|º)?"
    with_month = (
        rf"(?:{day}\s+(?:(?:{conn})\s+)?)?(?P<month>{month})\.?(?![^\W\d_])"
        rf"(?:\s+\d{{1,2}}(?:{suffix})?(?!\d),?)?(?:\s+(?:(?:{conn})\s+)?(?P<year>{year}))?"
    )
    gap = r"(?:(?<=['’])|\s+)"  # "dall'aprile", "since May"
    lead = rf"{gap}(?:(?i:{article}){gap})?"
    any_date = (
        rf"(?<![^\W\d_])(?i:{cue}){lead}(?P<date>{with_month}|(?P<bare_year>{year}))"
    )
    if not month_only:
        return re.compile(any_date)
    # Cues such as "al"/"au" mark a date only before a month ("al 31 marzo"), not a year.
    with_month2 = with_month.replace("?P<month>", "?P<month2>").replace("?P<year>", "?P<year2>")
    return re.compile(
        rf"{any_date}|(?<![^\W\d_])(?i:{_alt(month_only)}){lead}(?P<date2>{with_month2})"
    )


def find_as_of(
    text: str, lang: str, reference: dt.date | str | None = None
) -> list[DateMention]:
    """Every as-of phrase in `text` with its date resolved against `reference`.

    `reference` is the article's publication date (a date, or an ISO string such as
    ArticleRecord.published_at); today when missing or unreadable.
    """
    regex = _regex(lang)
    if regex is None:
        return []
    ref = _reference(reference)
    out = []
    for m in regex.finditer(text):
        if m.group("bare_year"):
            iso = f"{m.group('bare_year')}-01-01"
        else:
            iso = _resolve(m.group("date") or m.group("date2"), lang, ref)
        if iso is None:
            continue
        out.append(DateMention(m.start(), m.end(), m.group(0), iso, f"{lang}.as_of"))
    return out


def _reference(reference: dt.date | str | None) -> dt.date:
    if isinstance(reference, dt.datetime):
        return reference.date()
    if isinstance(reference, dt.date):
        return reference
    if isinstance(reference, str):
        try:
            return dt.date.fromisoformat(reference[:10])
        except ValueError:
            pass
    return dt.date.today()


def _resolve(expr: str, lang: str, ref: dt.date) -> str | None:
    import dateparser

    settings = {
        "RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(expr, languages=[lang], settings=settings)
    return parsed.date().isoformat() if parsed else None
