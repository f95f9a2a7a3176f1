"""The `newsfacts` command: a thin click layer over the library.

Commands live in `pipeline/cli/*_commands.py`, one module per stage, and register
themselves on `cli`. Heavy libraries (spaCy, trafilatura) are imported inside commands so
that `newsfacts --help` stays fast. Library exceptions (NewsfactsError) become one line on
stderr and exit code 2, and so do SQLite failures the user can fix (a locked, full or
read-only store); `--debug` shows the traceback instead.
"""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
import sys
from collections.abc import Callable
from typing import Any

import click

from pipeline import __version__
from pipeline.exceptions import NewsfactsError
from pipeline.output import FORMATS
from pipeline.store import default_db_path
from pipeline.store.errors import user_error


class NewsfactsGroup(click.Group):
    """A group that reports NewsfactsError as `Error: ...` with exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsfactsError as e:
            if ctx.meta.get("newsfacts.debug"):
                raise
            click.echo(f"Error: {e}", err=True)
            ctx.exit(e.exit_code)
        except sqlite3.Error as e:  # met outside the store's write API: same one line
            named = user_error(e, "the store")
            if named is None or ctx.meta.get("newsfacts.debug"):
                raise
            click.echo(f"Error: {named}", err=True)
            ctx.exit(named.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=NewsfactsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsfacts")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Crawl tech-business news and query who pays whom, how much, how often.

    \b
    Example:
        newsfacts init && newsfacts query "select * from payments"
    """
    ctx.meta["newsfacts.debug"] = debug


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`--db PATH`, defaulting to $NEWSFACTS_DB or data/newsfacts.db."""
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False), default=default_db_path,
        show_default="$NEWSFACTS_DB or data/newsfacts.db", help="The SQLite knowledge store.",
    )(fn)


def format_option(*choices: str, default: str = "table") -> Callable[..., Any]:
    """`--format` limited to `choices` (default: every format)."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices or FORMATS), default=default,
        show_default=True, help="Output format.",
    )


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="newsfacts")


def _load_commands() -> None:
    for info in pkgutil.iter_modules(__path__):
        if info.name.endswith("_commands"):
            importlib.import_module(f"{__name__}.{info.name}")


_load_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
