"""Store commands: init, query, facts, export, backup, runs."""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli import cli, db_option, format_option
from pipeline.output import readable_money, render
from pipeline.store import open_store, reports, run_query


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


@cli.command()
@db_option
def init(db_path: str) -> None:
    """Create the knowledge store, or migrate it to the current schema.

    \b
    Example:
        newsfacts init --db data/newsfacts.db
    """
    with open_store(db_path) as store:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    click.echo(f"{db_path}: newsfacts store, schema version {version}")


@cli.command()
@click.argument("sql")
@db_option
@format_option("table", "csv", "json", "jsonl")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Named parameter for :NAME in the SQL (repeatable).")
def query(sql: str, db_path: str, fmt: str, params: tuple[str, ...]) -> None:
    """Run a read-only SQL query against the store.

    Writes of any kind (INSERT, UPDATE, DELETE, DROP, ATTACH, PRAGMA assignments)
    are refused with exit code 2 and leave the file unchanged.

    \b
    Example:
        newsfacts query "select payer, payee, amount_usd_per_year from payments" --format csv
    """
    bound = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        bound[name] = value
    columns, rows = run_query(db_path, sql, bound)
    sys.stdout.write(render(columns, rows, fmt))


@cli.command()
@db_option
@click.option("--payer", help="Canonical name or alias of the paying company.")
@click.option("--payee", help="Canonical name or alias of the company paid.")
@click.option("--lang", help="Only facts with evidence in this language (en, it, de, fr, es).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Only facts last seen on or after this date (YYYY-MM-DD).")
@click.option("--min-usd-per-year", type=float, help="Only facts worth at least this much.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              help="Only facts at least this likely right (0.9: about nine in ten right on "
                   "unseen news, see README).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@format_option("table", "csv", "json", "jsonl")
def facts(db_path: str, payer: str | None, payee: str | None, lang: str | None,
          since: object, min_usd_per_year: float | None, min_confidence: float | None,
          limit: int | None, fmt: str) -> None:
    """List consolidated payment facts, largest per-year USD amount first.

    The table shows amounts as written (`≈$20M / month`); CSV and JSON keep the raw
    amount, currency, period, term and hedge columns.

    \b
    Example:
        newsfacts facts --payee Microsoft --min-usd-per-year 1e8 --format json
        newsfacts facts --min-confidence 0.9
    """
    flt = reports.FactFilter(
        payer=payer, payee=payee, lang=lang,
        since=since.strftime("%Y-%m-%d") if since else None,  # type: ignore[attr-defined]
        min_usd_per_year=min_usd_per_year, min_confidence=min_confidence, limit=limit,
    )
    columns, rows = reports.facts(db_path, flt)
    if fmt == "table":  # people read the table; CSV and JSON keep the raw numbers
        columns, rows = readable_money(columns, rows)
    sys.stdout.write(render(columns, rows, fmt))


@cli.command()
@db_option
@format_option("csv", "json", "jsonl", default="jsonl")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def export(db_path: str, fmt: str, output: str | None) -> None:
    """Export every payment fact with its evidence (sentence, article URL, confidence).

    CSV has one row per piece of evidence; JSON and JSON Lines nest the evidence.

    \b
    Example:
        newsfacts export --format csv -o facts.csv
    """
    if fmt == "csv":
        columns, rows = reports.export_rows(db_path)
        _emit(render(columns, rows, "csv"), output)
        return
    nested = reports.export_nested(db_path)
    if fmt == "json":
        text = json.dumps(nested, ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in nested)
    _emit(text, output)


@cli.command()
@db_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The backup file to write.")
@click.option("--force", is_flag=True, help="Replace OUTPUT when it exists.")
def backup(db_path: str, output: str, force: bool) -> None:
    """Copy the store to OUTPUT, safely, even while a crawl or schedule writes to it.

    SQLite's online backup API copies the store as of one commit, into a single file
    checked with quick_check; OUTPUT appears only once the copy is whole. To restore,
    stop every newsfacts process and copy the backup over the store.

    \b
    Example:
        newsfacts backup --db data/newsfacts.db -o backups/newsfacts-2026-12-01.db
    """
    from pipeline.store.backup import backup as copy_store

    click.echo(copy_store(db_path, output, force=force).summary())


@cli.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option("table", "csv", "json", "jsonl")
def runs(db_path: str, limit: int, fmt: str) -> None:
    """List recent crawl, extract and schedule runs with their counts and errors.

    \b
    Example:
        newsfacts runs --limit 5
    """
    columns, rows = run_query(
        db_path,
        "SELECT id, kind, started_at, finished_at, status, counts, errors FROM crawl_runs "
        "ORDER BY id DESC LIMIT :limit",
        {"limit": limit},
    )
    sys.stdout.write(render(columns, rows, fmt))
