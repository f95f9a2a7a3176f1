"""Knowledge-store commands: extract (articles -> facts), run (crawl + extract), serve."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import click

from pipeline.cli import cli, db_option
from pipeline.cli.signals import stop_on_signals
from pipeline.output import readable_money, render


def _summary(counts: dict[str, int], run_id: int) -> str:
    return (f"extract run {run_id}: {counts.get('extract/articles', 0)} articles, "
            f"{counts.get('extract/evidence/payment', 0)} payment statements, "
            f"{counts.get('extract/evidence/revenue_share', 0)} revenue shares, "
            f"{counts.get('extract/links', 0)} company links; "
            f"{counts.get('facts/total', 0)} payment facts in the store")


@cli.command()
@db_option
@click.option("--batch", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per transaction.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many articles.")
@click.option("--reconsolidate", is_flag=True,
              help="Then re-resolve company names with the current gazetteer and merge "
                   "every fact again.")
@click.option("--renormalise", is_flag=True,
              help="Then compute USD per year again for every stored fact with the current "
                   "ECB rates (after `newsfacts fx update`), without re-reading articles.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes extracting facts (each holds the language models, ~200 MB); "
                   "with 2 or more, extraction overlaps the store's work.")
@click.option("--quiet", is_flag=True, help="Print nothing on success.")
def extract(db_path: str, batch: int, limit: int | None, reconsolidate: bool,
            renormalise: bool, workers: int, quiet: bool) -> None:
    """Extract payment facts from articles not yet read by this extractor version.

    Running it again adds nothing; after an extractor upgrade it re-reads every article
    and replaces its evidence. Each batch is one transaction, so an interrupted run
    leaves the store consistent; the counters go to `newsfacts runs`.

    \b
    Example:
        newsfacts extract --db data/newsfacts.db --batch 64
        newsfacts extract --db data/newsfacts.db --workers 2
        newsfacts fx update --file eurofxref-hist.zip && newsfacts extract --renormalise
    """
    from pipeline.extraction import extract_pending, reconsolidate_store, renormalise_store
    from pipeline.facts.parallel import ProcessExtractor
    from pipeline.store import open_store

    with open_store(db_path) as store, store.work_lock(), \
            ProcessExtractor(workers) as extractor:
        result = extract_pending(store, extractor, batch=batch, limit=limit)
        merged = reconsolidate_store(store) if reconsolidate else None
        renormalised = renormalise_store(store) if renormalise else None
    if not quiet:
        click.echo(_summary(result.counts, result.run_id), err=True)
        if merged is not None:
            click.echo(f"reconsolidated: {merged.get('facts', 0)} facts, "
                       f"{merged.get('conflicts', 0)} conflicts", err=True)
        if renormalised is not None:
            click.echo(f"renormalised: {renormalised.get('renormalise/facts_changed', 0)} of "
                       f"{renormalised.get('renormalise/facts', 0)} facts changed their USD "
                       f"figure, rate or note", err=True)


@cli.command()
@db_option
@click.option("--sources", type=click.Path(dir_okay=False, path_type=Path),
              default="sources.toml", show_default=True, help="The sources file (TOML).")
@click.option("--base-url", help="Resolve relative source URLs against this URL.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Fetch at most this many pages.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes extracting facts (each holds the language models, ~200 MB); "
                   "with 2 or more, extraction overlaps the store's work.")
@click.option("--quiet", is_flag=True, help="No progress, no summary: only the facts table.")
def run(db_path: str, sources: Path, base_url: str | None, max_pages: int | None,
        workers: int, quiet: bool) -> None:
    """Crawl the sources, extract facts from new articles, print the facts table.

    Crawl and extraction run under the store's work lock (exit 2 when another
    crawler or scheduler holds it). SIGTERM or Ctrl-C stops after the pages in
    flight, commits, and exits 0; the next run resumes the crawl. The table lists the
    consolidated payments: payer, payee, amount as written (`≈$20M / month`, ≈ when
    hedged), USD per year, articles, and whether reports conflict.

    \b
    Example:
        newsfacts run --sources corpora/site/sources.toml \\
            --base-url http://127.0.0.1:8765/ --db data/newsfacts.db
    """
    from pipeline.config import load_config
    from pipeline.consolidate import SUMMARY_COLUMNS, summary_rows
    from pipeline.extraction import crawl_and_extract
    from pipeline.facts.parallel import ProcessExtractor
    from pipeline.store import open_store

    config = load_config(sources, base_url=base_url)
    stop = threading.Event()
    with open_store(db_path) as store, stop_on_signals(stop), \
            ProcessExtractor(workers) as extractor:
        result = crawl_and_extract(store, config, max_pages=max_pages,
                                   progress="quiet" if quiet else "auto", stop=stop,
                                   extractor=extractor)
        rows = summary_rows(store)
    if not quiet:
        c = result.crawl
        click.echo(f"crawl run {c.run_id}: {c.status}, {c.processed} pages", err=True)
        if result.extract is not None:
            click.echo(_summary(result.extract.counts, result.extract.run_id), err=True)
    sys.stdout.write(render(*readable_money(SUMMARY_COLUMNS, rows), "table"))


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 exposes the store to the network).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8001, show_default=True,
              help="Port to listen on (0: any free port).")
def serve(db_path: str, host: str, port: int) -> None:
    """Browse the store with Datasette, read-only, while crawls may keep writing to it.

    Facets on payer, payee, currency, period and language, full-text search on
    articles, and canned queries: largest payments, who pays a vendor, what a company
    pays for, single-source facts, facts by month. /-/graph draws who pays whom and
    /-/timeline the payments over time (filters in the URL: ?company=&since=&min_usd=);
    amounts read `≈$20M / month`.

    \b
    Example:
        newsfacts serve --db data/newsfacts.db --port 8001
    """
    from pipeline.serve import serve as run_datasette

    code = run_datasette(db_path, host=host, port=port)
    if code not in (0, -2, -15):
        raise click.exceptions.Exit(code)

