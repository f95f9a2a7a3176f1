"""Loading a newer ECB rate file: both ECB shapes, zip or CSV, merged without losing a day."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from pipeline import fx
from pipeline.exceptions import ConfigError, InputError
from pipeline.fx_file import current, merge, parse, update_rates

# The ECB's daily file (eurofxref.zip holds this CSV): one day, English date, spaces.
DAILY = ("Date, USD, JPY, GBP, CHF, \n"
         "20 November 2026, 1.2000, 180.00, 0.90000, 0.9500, \n")
# A history file in the ECB's own shape, newest day first, N/A where a rate is missing.
HISTORY = ("Date,USD,JPY,GBP,CHF,\n"
           "2026-11-20,1.2,180,0.9,0.95,\n"
           "2026-11-19,1.19,179.5,0.89,N/A,\n")


def zipped(name: str, text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, text)
    return buf.getvalue()


def test_parses_the_daily_and_the_history_shapes() -> None:
    daily = parse("eurofxref.csv", DAILY.encode())
    assert daily.currencies == ["USD", "JPY", "GBP", "CHF"]
    assert daily.days == {dt.date(2026, 11, 20): {"USD": "1.2000", "JPY": "180.00",
                                                  "GBP": "0.90000", "CHF": "0.9500"}}
    history = parse("eurofxref-hist.zip", zipped("eurofxref-hist.csv", HISTORY))
    assert history.days[dt.date(2026, 11, 19)] == {"USD": "1.19", "JPY": "179.5",
                                                   "GBP": "0.89"}


def test_reads_the_bundled_history() -> None:
    bundled = current(Path("/nonexistent-data-dir"))
    assert min(bundled.days) == dt.date(1999, 1, 4)
    assert bundled.days[dt.date(2024, 1, 2)]["USD"] == "1.0956"
    assert "USD" in bundled.currencies and "MAD" not in bundled.currencies


def test_merge_adds_days_and_currencies_and_drops_none() -> None:
    old = parse("old.csv", b"Date,USD,RUB\n2022-03-01,1.1162,117.201\n2022-02-28,1.1240,N/A\n")
    new = parse("new.csv", b"Date,USD,GBP\n2022-03-02,1.1106,0.83316\n2022-03-01,1.1162,\n")
    merged = merge(old, new)
    assert merged.currencies == ["USD", "RUB", "GBP"]
    assert sorted(merged.days) == [dt.date(2022, 2, 28), dt.date(2022, 3, 1),
                                   dt.date(2022, 3, 2)]
    assert merged.days[dt.date(2022, 3, 1)] == {"USD": "1.1162", "RUB": "117.201"}
    assert merged.days[dt.date(2022, 3, 2)] == {"USD": "1.1106", "GBP": "0.83316"}


@pytest.mark.parametrize("content,message", [
    (b"<html>404 Not Found</html>", "not an ECB rates file"),
    (b"Date,JPY\n2024-01-02,155.68\n", "no USD column"),
    (b"Date,USD\n2024-13-02,1.09\n", "line 2: bad date"),
    (b"Date,USD\n2024-01-02,-1\n", "line 2: bad USD rate"),
    (b"Date,USD\n2024-01-02,abc\n", "line 2: bad USD rate"),
    (b"Date,USD,Euro\n2024-01-02,1.09,1\n", "not a currency code"),
    (b"Date,USD\n", "no rates"),
    (b"PK\x03\x04 broken", "not a readable zip file"),
    (zipped("readme.txt", "hello"), "no .csv file"),
])
def test_a_file_that_is_not_ecb_rates_is_refused(content: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse("f", content)


def test_update_writes_the_data_folder_file_that_the_rates_then_read(tmp_path: Path) -> None:
    before = fx.load_rates(tmp_path)
    assert before.path is None  # the bundled history
    source = tmp_path / "eurofxref.csv"
    source.write_text(DAILY, encoding="utf-8")
    result = update_rates(tmp_path, str(source))
    assert result.path == tmp_path / fx.RATES_FILE
    assert result.last == dt.date(2026, 11, 20) and result.first == dt.date(1999, 1, 4)
    assert result.previous_last == before.last and result.added_days == 1
    after = fx.load_rates(tmp_path)
    assert after.path == result.path.resolve()
    assert after.usd_per_unit("GBP", "2026-11-22") == fx.Quote(1.2 / 0.9, "2026-11-20")
    # the days before are still there, byte for byte as the ECB published them
    assert after.usd_per_unit("EUR", "2024-01-02") == fx.Quote(1.0956, "2024-01-02")
    assert after.usd_per_unit("RUB", "2022-03-01").rate == 1.1162 / 117.201


def test_a_second_update_merges_into_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(DAILY, encoding="utf-8")
    (tmp_path / "b.zip").write_bytes(zipped("h.csv", HISTORY.replace("2026-11-20", "2026-11-23")
                                            .replace("2026-11-19", "2026-11-18")))
    update_rates(tmp_path, str(tmp_path / "a.csv"))
    result = update_rates(tmp_path, str(tmp_path / "b.zip"))
    assert result.added_days == 2 and result.previous_last == dt.date(2026, 11, 20)
    rates = fx.load_rates(tmp_path)
    assert rates.usd_per_unit("EUR", "2026-11-20").rate == 1.2
    assert rates.usd_per_unit("EUR", "2026-11-18").rate == 1.19


def test_a_bad_file_leaves_the_rates_as_they_were(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(DAILY, encoding="utf-8")
    update_rates(tmp_path, str(tmp_path / "a.csv"))
    written = (tmp_path / fx.RATES_FILE).read_bytes()
    (tmp_path / "bad.csv").write_text("Date,USD\n2026-11-21,oops\n", encoding="utf-8")
    with pytest.raises(InputError):
        update_rates(tmp_path, str(tmp_path / "bad.csv"))
    with pytest.raises(InputError, match="cannot read"):
        update_rates(tmp_path, str(tmp_path / "missing.zip"))
    assert (tmp_path / fx.RATES_FILE).read_bytes() == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "bad.csv", fx.RATES_FILE]


def test_a_damaged_rates_file_is_a_one_line_config_error(tmp_path: Path) -> None:
    (tmp_path / fx.RATES_FILE).write_text("garbage\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="delete it to use the bundled rates"):
        fx.load_rates(tmp_path)
