"""amount_usd_per_year: periods to a yearly figure, currencies to USD with dated rates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.exceptions import ConfigError
from pipeline.facts import normalise
from pipeline.facts.lexicon import load_toml
from pipeline.facts.normalise import amount_usd_per_year, usd_rate, yearly


@pytest.mark.parametrize(
    "period,term,factor",
    [("month", None, 12), ("quarter", None, 4), ("week", None, 52), ("day", None, 365),
     ("year", None, 1), ("total", 60, 1 / 5), ("total", 120, 1 / 10), ("total", 18, 1 / 1.5),
     ("total", 6, 2)],
)
def test_yearly(period: str, term: int | None, factor: float) -> None:
    assert yearly(1000.0, period, term) == pytest.approx(1000.0 * factor)


def test_total_without_term_is_a_one_off() -> None:
    assert yearly(1000.0, "total", None) is None
    assert amount_usd_per_year(1000.0, "USD", "total", None) is None


def test_unknown_period_is_an_error() -> None:
    with pytest.raises(ValueError, match="fortnight"):
        yearly(1.0, "fortnight", None)


def test_seed_case_twenty_million_dollars_a_month() -> None:
    assert amount_usd_per_year(20_000_000, "USD", "month", None) == 240_000_000


def test_currency_converted_with_rate_valid_at_as_of() -> None:
    rate_2022 = usd_rate("EUR", "2022-06-30")
    rate_2024 = usd_rate("EUR", "2024-06-30")
    assert rate_2022 != rate_2024
    assert amount_usd_per_year(1e6, "EUR", "year", None, "2022-06-30") == pytest.approx(
        1e6 * rate_2022
    )
    assert amount_usd_per_year(1e6, "EUR", "month", None, "2024-06-30") == pytest.approx(
        12e6 * rate_2024
    )


def test_no_as_of_uses_latest_rate_and_early_as_of_the_earliest() -> None:
    dates, rates = normalise._rates()["EUR"]
    assert usd_rate("EUR") == rates[-1]
    assert usd_rate("EUR", "1990-01-01") == rates[0]
    assert usd_rate("eur", dates[1]) == rates[1]  # a rate applies from its own date


def test_unknown_currency_gives_none() -> None:
    assert usd_rate("XYZ") is None
    assert amount_usd_per_year(5.0, "XYZ", "year", None) is None
    assert amount_usd_per_year(5.0, None, "year", None) is None


def test_fx_file_covers_the_main_currencies() -> None:
    for code in ("USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "KRW", "SEK"):
        assert usd_rate(code) is not None and usd_rate(code) > 0


@pytest.fixture
def rules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private rules folder selected with NEWSFACTS_RULES; caches cleared around it."""
    monkeypatch.setenv("NEWSFACTS_RULES", str(tmp_path))
    load_toml.cache_clear()
    normalise._rates.cache_clear()
    yield tmp_path
    monkeypatch.delenv("NEWSFACTS_RULES")
    load_toml.cache_clear()
    normalise._rates.cache_clear()


def test_fx_file_is_replaceable(rules_dir: Path) -> None:
    (rules_dir / "fx.toml").write_text(
        '[rates.EUR]\n"2020-01-01" = 2.0\n"2023-01-01" = 3.0\n', encoding="utf-8"
    )
    assert amount_usd_per_year(10.0, "EUR", "year", None, "2021-05-01") == 20.0
    assert amount_usd_per_year(10.0, "EUR", "year", None) == 30.0
    assert usd_rate("GBP") is None


@pytest.mark.parametrize(
    "body,message",
    [
        ('[rates.EUR]\n"2020-13-01" = 1.1\n', "bad date"),
        ('[rates.EUR]\n"2020-01-01" = -1\n', "bad rate"),
        ("[rates.EUR\n", "fx.toml"),
    ],
)
def test_bad_fx_file_is_a_config_error(rules_dir: Path, body: str, message: str) -> None:
    (rules_dir / "fx.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        usd_rate("EUR")
