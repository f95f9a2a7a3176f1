"""Exchange-rate commands: which ECB reference rates convert amounts to USD, and updating them."""

from __future__ import annotations

from datetime import datetime

import click

from pipeline.cli import cli, db_option


@cli.group()
def fx() -> None:
    """The ECB reference rates behind amount_usd_per_year.

    \b
    Example:
        newsfacts fx show EUR 2024-01-06
        newsfacts fx update --file eurofxref-hist.zip
    """


@fx.command()
@db_option
@click.option("--file", "source", required=True, metavar="PATH|URL",
              help="An ECB reference-rate file: eurofxref-hist.zip (or .csv, or the 90-day "
                   "or daily file) as downloaded from the ECB; a URL is fetched.")
def update(db_path: str, source: str) -> None:
    """Load a newer ECB rate history for the stores in the data folder (the --db folder).

    The file is merged into the history in use (days are added, none dropped) and written
    to that folder; nothing is downloaded unless --file is a URL. Stored facts keep
    their figures until `newsfacts extract --renormalise` computes them again.

    \b
    Example:
        newsfacts fx update --file ~/Downloads/eurofxref-hist.zip
        newsfacts extract --renormalise
    """
    from pipeline.fx import data_dir_of
    from pipeline.fx_file import update_rates

    r = update_rates(data_dir_of(db_path), source)
    click.echo(f"{r.path}: ECB rates {r.first} to {r.last}, {r.currencies} currencies; "
               f"{r.added_days} days added (the last day was {r.previous_last})", err=True)
    click.echo("next: `newsfacts extract --renormalise` converts the stored facts again",
               err=True)


@fx.command()
@db_option
@click.argument("currency", required=False)
@click.argument("date", required=False, type=click.DateTime(["%Y-%m-%d"]))
def show(db_path: str, currency: str | None, date: datetime | None) -> None:
    """The rates file in use; with CURRENCY, its USD rate on DATE (default: the latest).

    \b
    Example:
        newsfacts fx show
        newsfacts fx show CHF 2019-06-15
    """
    from pipeline.facts.normalise import NOTES
    from pipeline.fx import data_dir_of, load_rates

    rates = load_rates(data_dir_of(db_path))
    if currency is None:
        click.echo(f"source: {rates.source}")
        click.echo(f"days: {rates.first} to {rates.last}")
        click.echo(f"currencies: {', '.join(sorted(rates.currencies))}")
        return
    quote = rates.usd_per_unit(currency, date.date() if date else None)
    if quote.rate is None:
        click.echo(f"{currency.upper()}: no rate ({quote.note}: {NOTES[quote.note]})")
        return
    line = f"1 {currency.upper()} = {quote.rate!r} USD"
    if quote.day:
        line += f" (ECB reference rates of {quote.day})"
    if quote.note:
        line += f"; {quote.note}: {NOTES[quote.note]}"
    click.echo(line)
