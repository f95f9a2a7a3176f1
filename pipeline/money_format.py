"""Money as a person reads it: `≈$20M / month`, `€1.35bn over 3 years`, `£2.4M / year`.

The store keeps raw numbers (amount, ISO currency, period, term) for SQL; everything a
person reads (tables in the browser, `facts`, `run`, `explain`, the network pictures) goes
through here, so one amount reads the same everywhere. Symbols and minor units come from
CLDR through Babel; the scale words (K, M, bn, tn) follow the financial press.
"""

from __future__ import annotations

import math

from babel.numbers import get_currency_precision, get_currency_symbol

APPROX = "≈"
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "K"))
_COMPACT_FROM = 10_000  # below this an amount is written out: $2,500, €0.99
_SIGNIFICANT = 3
_RECURRING = {"month": "month", "year": "year", "quarter": "quarter", "week": "week",
              "day": "day"}


def currency_symbol(currency: str) -> str:
    """The English symbol of an ISO 4217 code ($, €, £, CA$), or the code itself."""
    try:
        return get_currency_symbol(currency.upper(), locale="en")
    except (ValueError, AttributeError):
        return currency


def _prefix(currency: str | None) -> str:
    if not currency:
        return ""
    symbol = currency_symbol(currency)
    # A symbol that is only letters (CHF, SEK) reads as a word: keep a space after it.
    return f"{symbol} " if symbol.isalpha() else symbol


def _significant(value: float) -> str:
    """`value` with three significant digits (never fewer than its integer digits)."""
    digits = max(_SIGNIFICANT - 1 - int(math.floor(math.log10(value))), 0) if value else 0
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float, currency: str | None = None) -> str:
    """A positive amount without its currency: `20M`, `1.35bn`, `2,500`, `0.99`."""
    magnitude = abs(value)
    sign = "-" if value < 0 else ""
    if magnitude >= _COMPACT_FROM:
        for scale, word in _SCALES:
            if magnitude >= scale * 0.9995:  # 999,700 reads 1M, not 1,000K
                return f"{sign}{_significant(magnitude / scale)}{word}"
    precision = _precision(currency)
    if magnitude == int(magnitude) or precision == 0:
        return f"{sign}{magnitude:,.0f}"
    return f"{sign}{magnitude:,.{precision}f}"


def _precision(currency: str | None) -> int:
    if not currency:
        return 2
    try:
        return get_currency_precision(currency.upper())
    except (ValueError, AttributeError):
        return 2


def format_money(amount: float | None, currency: str | None, approx: bool = False) -> str:
    """An amount with its currency: `$20M`, `≈€1.35bn`, `CHF 3M`; '' when unknown."""
    if amount is None:
        return ""
    return f"{APPROX if approx else ''}{_prefix(currency)}{format_number(amount, currency)}"


def format_term(months: int) -> str:
    """`36` -> `3 years`, `18` -> `18 months`, `12` -> `1 year`."""
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"


def format_period(period: str | None, term_months: int | None = None) -> str:
    """How often, after an amount: `/ month`, `over 10 years`, `in total`, `/ year for 2 years`."""
    if period in _RECURRING:
        text = f"/ {_RECURRING[period]}"
        return f"{text} for {format_term(term_months)}" if term_months else text
    if period == "total":
        return f"over {format_term(term_months)}" if term_months else "in total"
    return ""


def format_amount(amount: float | None, currency: str | None, period: str | None = None,
                  term_months: int | None = None, approx: bool | int = False) -> str:
    """A fact's amount as written: `≈$20M / month`, `€150M over 3 years`."""
    money = format_money(amount, currency, bool(approx))
    if not money:
        return ""
    when = format_period(period, term_months)
    return f"{money} {when}" if when else money


def format_usd_per_year(value: float | None, approx: bool | int = False) -> str:
    """The normalised yearly figure: `$240M / year` ('' when unknown)."""
    return format_amount(value, "USD", "year", None, approx) if value is not None else ""
