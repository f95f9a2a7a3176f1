"""Readable money: what the store holds (read from text in five languages) as a person reads it."""

from __future__ import annotations

import pytest

from pipeline.facts.money import find_amounts
from pipeline.facts.periods import find_periods
from pipeline.money_format import (
    format_amount,
    format_money,
    format_number,
    format_period,
    format_usd_per_year,
)

# (lang, text as an article words it, what a reader should see)
STATEMENTS = [
    ("it", "circa 20 milioni di dollari al mese", "≈$20M / month"),
    ("en", "about $20 million a month", "≈$20M / month"),
    ("fr", "1,35 milliard d'euros sur dix ans", "€1.35bn over 10 years"),
    ("en", "$150 million over three years", "$150M over 3 years"),
    ("de", "rund 3 Millionen Euro pro Quartal", "≈€3M / quarter"),
    ("es", "700.000 euros al mes", "€700K / month"),
    ("en", "£2.4m a year", "£2.4M / year"),
    ("es", "unos 2.500 millones de yenes en total", "≈¥2.5bn in total"),
    ("fr", "4,5 millions de francs suisses par an", "CHF 4.5M / year"),
    ("de", "2,50 Euro pro Woche", "€2.50 / week"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), STATEMENTS)
def test_amounts_read_in_five_languages_print_readably(lang, text, expected):
    [amount] = find_amounts(text, lang)
    periods = find_periods(text, lang)
    period = periods[-1] if periods else None
    shown = format_amount(amount.value, amount.currency, period and period.period,
                          period and period.term_months, amount.approx)
    assert shown == expected


@pytest.mark.parametrize(("value", "expected"), [
    (20e6, "20M"), (1.35e9, "1.35bn"), (2e12, "2tn"), (12_345_678, "12.3M"),
    (250_000, "250K"), (10_000, "10K"), (9_999, "9,999"), (1_500, "1,500"),
    (999_700, "1M"), (999_400, "999K"), (123.4e9, "123bn"), (1_234e12, "1,234tn"),
])
def test_scales(value, expected):
    assert format_number(value, "USD") == expected


@pytest.mark.parametrize(("amount", "currency", "expected"), [
    (2.5, "USD", "$2.50"), (0.99, "EUR", "€0.99"), (1999.9, "GBP", "£1,999.90"),
    (500.0, "JPY", "¥500"), (1234.4, "JPY", "¥1,234"), (40.0, "USD", "$40"),
    (5e6, "CNY", "CN¥5M"), (7e6, "CAD", "CA$7M"), (3e6, "SEK", "SEK 3M"),
    (8e9, "KRW", "₩8bn"), (2e6, "XYZ", "XYZ 2M"), (2e6, None, "2M"),
])
def test_minor_units_and_symbols_per_currency(amount, currency, expected):
    assert format_money(amount, currency) == expected


def test_hedges_periods_and_terms():
    assert format_amount(20e6, "USD", "month", None, True) == "≈$20M / month"
    assert format_amount(20e6, "USD", "month", None, 1) == "≈$20M / month"
    assert format_amount(1.35e9, "EUR", "total", 120) == "€1.35bn over 10 years"
    assert format_amount(3e6, "EUR", "year", 24) == "€3M / year for 2 years"
    assert format_amount(1e6, "EUR", "total", 18) == "€1M over 18 months"
    assert format_amount(1e6, "EUR", "total", 12) == "€1M over 1 year"
    assert format_amount(1e6, "EUR", "total", 1) == "€1M over 1 month"
    assert format_amount(1e6, "EUR", "total") == "€1M in total"
    assert format_amount(1e6, "EUR") == "€1M"
    assert format_period("day") == "/ day"
    assert format_amount(None, "EUR", "month") == ""


def test_usd_per_year():
    assert format_usd_per_year(240e6) == "$240M / year"
    assert format_usd_per_year(1_009_492_000.0) == "$1.01bn / year"
    assert format_usd_per_year(None) == ""
