"""Put payments on one scale, US dollars per year, so they can be compared and summed.

Periods: month x12, quarter x4, week x52, day x365, year x1; a total over a known term
is spread over it (amount / (term_months / 12)); a total without a term is a one-off and
has no yearly figure (None). Currencies are converted with the dated reference rates of
`rules/fx.toml` (USD per unit): the latest rate dated on or before `as_of`, else - with no
`as_of`, or one earlier than every rate - the latest rate overall and the earliest rate
respectively. An unknown currency gives None rather than a guess.
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import cache

from pipeline.exceptions import ConfigError
from pipeline.facts.lexicon import load_toml

PER_YEAR = {"month": 12.0, "quarter": 4.0, "week": 52.0, "day": 365.0, "year": 1.0}


@cache
def _rates() -> dict[str, tuple[tuple[str, ...], tuple[float, ...]]]:
    """{ISO: (sorted dates, rates)} from rules/fx.toml, validated."""
    table = load_toml("fx.toml").get("rates", {})
    out = {}
    for code, dated in table.items():
        if not isinstance(dated, dict) or not dated:
            raise ConfigError(f"rules/fx.toml: [rates.{code}] must map dates to rates")
        items = []
        for day, rate in dated.items():
            try:
                dt.date.fromisoformat(day)
            except ValueError as e:
                raise ConfigError(f"rules/fx.toml: [rates.{code}]: bad date {day!r}") from e
            if not isinstance(rate, int | float) or rate <= 0:
                raise ConfigError(f"rules/fx.toml: [rates.{code}] {day}: bad rate {rate!r}")
            items.append((day, float(rate)))
        items.sort()
        out[code.upper()] = (tuple(d for d, _ in items), tuple(r for _, r in items))
    return out


def usd_rate(currency: str | None, as_of: str | None = None) -> float | None:
    """US dollars per unit of `currency` valid at `as_of` (ISO date), or None if unknown."""
    if not currency:
        return None
    entry = _rates().get(currency.upper())
    if entry is None:
        return None
    dates, rates = entry
    if as_of is None:
        return rates[-1]
    i = bisect.bisect_right(dates, as_of[:10])
    return rates[max(i - 1, 0)]


def to_usd(amount: float, currency: str | None, as_of: str | None = None) -> float | None:
    """`amount` of `currency` in US dollars, or None for an unknown currency."""
    rate = usd_rate(currency, as_of)
    return None if rate is None else amount * rate


def yearly(amount: float, period: str, term_months: int | None) -> float | None:
    """`amount` per `period` as an amount per year; None for a one-off total."""
    if period in PER_YEAR:
        return amount * PER_YEAR[period]
    if period == "total":
        if term_months and term_months > 0:
            return amount / (term_months / 12)
        return None
    raise ValueError(f"unknown period {period!r}")


def amount_usd_per_year(
    amount: float, currency: str | None, period: str, term_months: int | None,
    as_of: str | None = None,
) -> float | None:
    """The payment as US dollars per year; None for a one-off or an unknown currency."""
    per_year = yearly(amount, period, term_months)
    if per_year is None:
        return None
    usd = to_usd(per_year, currency, as_of)
    return None if usd is None else round(usd, 2)
