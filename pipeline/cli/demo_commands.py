"""Demo command: serve the bundled news site locally so `make run` and tests can crawl it."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click

from pipeline.cli import cli


@cli.command("serve-demo")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to serve.  [default: the bundled corpora/site/]")
def serve_demo(port: int, root: Path | None) -> None:
    """Serve the demo news site on 127.0.0.1 until SIGTERM or Ctrl-C.

    The base URL is printed as the first line of standard output.

    \b
    Example:
        newsfacts serve-demo --port 8765 &
        newsfacts crawl --sources corpora/site/sources.toml --base-url http://127.0.0.1:8765/
    """
    from pipeline.demo import default_root, serve

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGTERM, signal.SIGINT)}
    server, base_url = serve(root or default_root(), port)
    click.echo(base_url)
    click.get_text_stream("stdout").flush()
    try:
        while not stop.wait(3600):
            pass
    finally:
        server.shutdown()
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
