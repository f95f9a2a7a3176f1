"""Schedule command: crawl + extract every N minutes (or on a crontab line) until stopped."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from pipeline.cli import cli, db_option


def _every(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from pipeline.schedule import parse_every

    if value is None:
        return None
    try:
        return parse_every(value)
    except ValueError as e:
        raise click.BadParameter(str(e), ctx=ctx, param=param) from e


def _logging(quiet: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s",
                                           "%Y-%m-%dT%H:%M:%S%z"))
    log = logging.getLogger("newsfacts")
    log.addHandler(handler)
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)


@cli.command()
@click.option("--every", callback=_every, metavar="INTERVAL",
              help="Run a cycle every INTERVAL: 30s, 10m, 2h, 1d.")
@click.option("--cron", metavar="'M H DOM MON DOW'",
              help='Run on a crontab line instead, in local time, e.g. "*/30 * * * *".')
@click.option("--jitter", type=click.IntRange(min=0), default=None,
              help="Delay each cycle by up to this many random seconds.  "
                   "[default: 5% of the interval, at most 300; 0 for none]")
@click.option("--max-cycles", type=click.IntRange(min=1), default=None,
              help="Stop after this many cycles.  [default: run until stopped]")
@click.option("--wait-lock", is_flag=True,
              help="When another process holds the store, wait for it instead of "
                   "skipping the cycle.")
@click.option("--sources", type=click.Path(dir_okay=False, path_type=Path),
              default="sources.toml", show_default=True,
              help="Sources file, read again at every cycle.")
@click.option("--base-url", help="Resolve relative source URLs against this URL.")
@db_option
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings and errors.")
def schedule(every: int | None, cron: str | None, jitter: int | None,
             max_cycles: int | None, wait_lock: bool, sources: Path, base_url: str | None,
             db_path: str, quiet: bool) -> None:
    """Crawl the sources and extract facts now, then again on a schedule.

    The first cycle starts at once. Cycles never overlap; each holds the store's lock
    only while it works, so `newsfacts run` can work between cycles. A cycle that finds
    the store busy is skipped (logged, and recorded in `newsfacts runs`), unless
    --wait-lock. A failing source or cycle is logged and the schedule goes on.

    SIGTERM or Ctrl-C leaves the pages in flight queued, commits, marks the cycle's
    runs 'interrupted' and exits 0 (the next start resumes the crawl); a second signal
    exits at once (code 128 + signal number) and leaves the store consistent. Exit
    code 2: bad options, store or sources file. See docs/deploy.md.

    \b
    Example:
        newsfacts schedule --every 30m --sources corpora/site/sources.toml \\
            --base-url http://127.0.0.1:8765/ --db data/newsfacts.db
        newsfacts schedule --cron "*/30 * * * *" --quiet
    """
    from pipeline.schedule import ScheduleOptions, make_trigger, run_schedule

    if (every is None) == (cron is None):
        raise click.UsageError("give one of --every or --cron")
    try:
        make_trigger(every, cron, jitter)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--cron") from e
    _logging(quiet)
    opts = ScheduleOptions(db_path=Path(db_path), sources=sources, base_url=base_url,
                           every=every, cron=cron, jitter=jitter, max_cycles=max_cycles,
                           wait_lock=wait_lock)
    result = run_schedule(opts)
    if not quiet:
        ended = "stopped by signal" if result.signal else "done"
        click.echo(f"schedule {ended} after {len(result.cycles)} cycle(s)", err=True)
