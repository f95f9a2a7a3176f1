"""Graph command: the payment network as a file (SVG, PNG, self-contained HTML, JSON)."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import cli, db_option


@cli.command()
@db_option
@click.option("--company", help="Only this company's neighbourhood (canonical name or alias; "
                                "a parent company brings its subsidiaries).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --company: how many payments away from it to draw.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Only payments last seen on or after this date (YYYY-MM-DD).")
@click.option("--min-usd", type=click.FloatRange(min=0),
              help="Only payments worth at least this many US dollars per year.")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "html", "json"]),
              help="Output format (default: from the file name's extension, else svg).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.")
def graph(db_path: str, company: str | None, depth: int, since: object, min_usd: float | None,
          fmt: str | None, output: Path) -> None:
    """Draw who pays whom: companies as circles, payments as arrows payer -> payee.

    Circle area grows with the US dollars a company pays and receives per year; arrow
    width with the payment's, colour shows its period, dashes mark conflicting reports,
    dotted lines join a subsidiary to its parent. Each arrow carries the amount as
    written (`≈$20M / month`). HTML is one self-contained file (tooltips, evidence
    sentences on click) that opens offline; JSON holds the same graph as data. When
    nothing matches, the picture is empty and a one-line note says why.

    \b
    Example:
        newsfacts graph --format html -o payments.html
        newsfacts graph --company Microsoft --since 2026-01-01 --min-usd 1e7 -o ms.svg
    """
    from pipeline.graph.export import summary, write
    from pipeline.graph.model import GraphFilter, load_graph
    from pipeline.store.query import readonly_connection

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in ("svg", "png", "html", "json") else "svg"
    flt = GraphFilter(company=company, depth=depth, min_usd=min_usd,
                      since=since.strftime("%Y-%m-%d") if since else None)  # type: ignore[attr-defined]
    conn = readonly_connection(db_path)
    try:
        drawn = load_graph(conn, flt)
    finally:
        conn.close()
    write(drawn, fmt, output)
    if drawn.note:
        click.echo(f"{output}: empty picture: {drawn.note}", err=True)
    else:
        click.echo(f"{output}: {summary(drawn)}", err=True)
