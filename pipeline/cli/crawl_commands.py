"""The `crawl` command: fill the store's frontier and pages from sources.toml."""

from __future__ import annotations

import threading

import click

from pipeline.cli import cli, db_option
from pipeline.cli.signals import stop_on_signals


@cli.command()
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False),
              default="sources.toml", show_default=True, help="The sources file.")
@click.option("--base-url", help="Resolve relative source URLs against this URL.")
@click.option("--source", "source_name", help="Crawl only the source with this name.")
@click.option("--max-pages", type=click.IntRange(min=1),
              help="Stop after this many pages; the next crawl continues the run.")
@db_option
@click.option("--progress", type=click.Choice(["auto", "rich", "plain"]), default="auto",
              show_default=True, help="Progress display (rich on a terminal, else plain).")
@click.option("--workers", type=click.IntRange(min=0),
              help="Article-extraction processes (0: one thread in this process).  "
                   "[default: extract_workers in sources.toml, else 1]")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary line.")
def crawl(sources_path: str, base_url: str | None, source_name: str | None,
          max_pages: int | None, db_path: str, progress: str, workers: int | None,
          quiet: bool) -> None:
    """Crawl the feeds, sitemaps and pages in sources.toml into the store.

    Polite (robots.txt, per-host delay and concurrency), safe (http/https only, no
    private addresses unless allow_private) and resumable: a crawl stopped by a signal,
    --max-pages or a crash is continued by the next one. Ends with a one-line summary.

    \b
    Example:
        newsfacts crawl --sources corpora/site/sources.toml \\
            --base-url http://127.0.0.1:8000/ --max-pages 200
    """
    from pipeline.config import load_config
    from pipeline.crawl import crawl as run_crawl
    from pipeline.page_reader import PageReader
    from pipeline.store import open_store

    config = load_config(sources_path, base_url=base_url)
    if workers is not None:
        config.crawl.extract_workers = workers
    stop = threading.Event()
    with open_store(db_path) as store, store.work_lock(), stop_on_signals(stop), \
            PageReader(config.crawl.extract_workers) as reader:
        result = run_crawl(store, config, reader=reader, source=source_name,
                           max_pages=max_pages, progress="quiet" if quiet else progress,
                           stop=stop)
    if not quiet:
        click.echo(result.summary())
