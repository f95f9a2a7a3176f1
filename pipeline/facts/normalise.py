"""Put payments on one scale, US dollars per year, so they can be compared and summed.

Periods: month x12, quarter x4, week x52, day x365, year x1; a total over a known term
is spread over it (amount / (term_months / 12)); a total without a term is a one-off and
has no yearly figure. Currencies are converted at the ECB reference rate of the payment's
date, or of the nearest earlier business day (pipeline/fx.py). What has no USD figure
says why (`UsdFigure.note`: ONE_OFF or one of pipeline.fx.NOTES), never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline import fx

PER_YEAR = {"month": 12.0, "quarter": 4.0, "week": 52.0, "day": 365.0, "year": 1.0}
ONE_OFF = "one_off"  # a total without a term: no yearly figure
NOTES = {ONE_OFF: "a one-off total without a term: no yearly figure", **fx.NOTES}


@dataclass(frozen=True)
class UsdFigure:
    """A payment in US dollars per year, with the rate (USD per unit) and the ECB day used
    and a note code when there is something to say (always when `usd` is None)."""

    usd: float | None
    rate: float | None = None
    rate_date: str | None = None
    note: str | None = None


def yearly(amount: float, period: str, term_months: int | None) -> float | None:
    """`amount` per `period` as an amount per year; None for a one-off total."""
    if period in PER_YEAR:
        return amount * PER_YEAR[period]
    if period == "total":
        if term_months and term_months > 0:
            return amount / (term_months / 12)
        return None
    raise ValueError(f"unknown period {period!r}")


def usd_per_year(amount: float, currency: str | None, period: str, term_months: int | None,
                 day: str | dt.date | None, rates: fx.Rates | None = None) -> UsdFigure:
    """The payment in US dollars per year at the rate of `day` (ISO date; None: the latest
    rate), from `rates` (default: those of the default data folder)."""
    per_year = yearly(amount, period, term_months)
    if per_year is None:
        return UsdFigure(None, None, None, ONE_OFF)
    quote = (rates or fx.load_rates()).usd_per_unit(currency, day)
    if quote.rate is None:
        return UsdFigure(None, None, None, quote.note)
    return UsdFigure(round(per_year * quote.rate, 2), quote.rate, quote.day, quote.note)


def amount_usd_per_year(
    amount: float, currency: str | None, period: str, term_months: int | None,
    as_of: str | None = None,
) -> float | None:
    """The payment as US dollars per year at the rate of `as_of`; None for a one-off or a
    currency the ECB does not quote on that date."""
    return usd_per_year(amount, currency, period, term_months, as_of).usd
