"""The `backfill` command: web archives (WARC files) into the store, on Dask."""

from __future__ import annotations

import threading

import click

from pipeline.cli import cli, db_option
from pipeline.cli.signals import stop_on_signals

_LANGS = ("en", "it", "de", "fr", "es")


def _langs(value: str | None) -> frozenset[str] | None:
    if not value:
        return None
    langs = frozenset(x.strip().lower() for x in value.split(",") if x.strip())
    unknown = sorted(langs - set(_LANGS))
    if unknown:
        raise click.BadParameter(f"unknown language(s) {', '.join(unknown)}; "
                                 f"choose from {', '.join(_LANGS)}", param_hint="--lang")
    return langs


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH_OR_GLOB...")
@db_option
@click.option("--workers", type=click.IntRange(min=1),
              help="Worker processes of a local Dask cluster (default: the cores here).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Use the Dask cluster at this scheduler (tcp://host:8786) instead.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Only articles published (else captured) on or after this date.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Only articles published (else captured) on or before this date.")
@click.option("--lang", "lang", metavar="en,it,...", help="Only articles in these languages.")
@click.option("--limit", type=click.IntRange(min=1),
              help="Read at most this many WARC files in this run (the next run goes on).")
@click.option("--part-mb", type=click.FloatRange(min=0.001), default=64.0, show_default=True,
              help="Read new files in byte ranges of this size, one task each (a file "
                   "keeps the split it was first read with).")
@click.option("--keep-text", type=click.Choice(["facts", "all"]), default="facts",
              show_default=True,
              help="facts: full text only for articles that state a fact, metadata and the "
                   "WARC file + offset for the rest; all: every article's text.")
@click.option("--progress", type=click.Choice(["auto", "rich", "plain"]), default="auto",
              show_default=True, help="Progress display (rich on a terminal, else plain).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary line.")
def backfill(paths: tuple[str, ...], db_path: str, workers: int | None, scheduler: str | None,
             since: object, until: object, lang: str | None, limit: int | None,
             part_mb: float, keep_text: str, progress: str, quiet: bool) -> None:
    """Read web archives (.warc, .warc.gz; local paths, globs, s3:// or https:// URLs)
    into the store: the HTML responses go through the same article and fact extraction as
    crawled pages.

    Resumable and idempotent: each WARC file is read in parts (byte ranges, one Dask task
    each) whose state is kept in the store; parts done before are not read again, and a
    part is stored whole or not at all. Damaged records are counted by reason
    (`newsfacts runs`) and the rest of the file is still read.

    \b
    Example:
        newsfacts backfill 'archives/CC-NEWS-2024*.warc.gz' --workers 2
        newsfacts backfill s3://commoncrawl/crawl-data/CC-NEWS/2024/01/*.warc.gz \\
            --scheduler tcp://10.0.0.5:8786 --lang en,de --since 2024-01-01
    """
    from pipeline.backfill import Options
    from pipeline.backfill import backfill as run_backfill
    from pipeline.config import CrawlSettings
    from pipeline.store import open_store

    if workers and scheduler:
        raise click.UsageError("give --workers or --scheduler, not both")
    options = Options(
        keep_text=keep_text, langs=_langs(lang),
        since=since.strftime("%Y-%m-%d") if since else None,  # type: ignore[attr-defined]
        until=until.strftime("%Y-%m-%d") if until else None,  # type: ignore[attr-defined]
        max_bytes=CrawlSettings().max_bytes)
    stop = threading.Event()
    with open_store(db_path) as store, store.work_lock(), stop_on_signals(stop):
        result = run_backfill(store, list(paths), workers=workers, scheduler=scheduler,
                              options=options, limit=limit, part_mb=part_mb,
                              progress="quiet" if quiet else progress, stop=stop)
    if not quiet:
        click.echo(result.summary())
        for line in result.failures[:10]:
            click.echo(f"  failed: {line}", err=True)
