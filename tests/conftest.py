"""Shared fixtures: a temporary store, the demo site on 127.0.0.1, sources files."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh knowledge store in a temporary folder."""
    with open_store(tmp_path / "newsfacts.db") as st:
        yield st


@pytest.fixture(scope="module")
def page_reader() -> Iterator[object]:
    """Article extraction in one worker process, as `newsfacts crawl` runs it, for the
    tests of a module that call `crawl()` directly. Closed with the module: its pool's
    threads must not be alive when a later test forks this process (ProcessExtractor)."""
    from pipeline.page_reader import PageReader

    with PageReader(workers=1) as reader:
        yield reader


@pytest.fixture
def news_site() -> Iterator[object]:
    """tests/newssite.py's slow news site on 127.0.0.1 (`.sources()` gives its sources.toml)."""
    from newssite import NewsSite

    site = NewsSite()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def demo_site() -> Iterator[str]:
    """The bundled demo news site served on 127.0.0.1; yields its base URL."""
    from pipeline.demo import running

    with running() as base_url:
        yield base_url


@pytest.fixture
def write_sources(tmp_path: Path) -> Callable[[str], Path]:
    """Write a sources.toml with the given text into tmp_path; returns its path."""

    def write(text: str, name: str = "sources.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The demo store `make run` makes: the demo site crawled and read by `newsfacts run`
    (once per test session; tests only read it)."""
    from pipeline.demo import running

    db = tmp_path_factory.mktemp("demo-store") / "newsfacts.db"
    with running() as base_url:
        subprocess.run([sys.executable, "-m", "pipeline", "run", "--quiet", "--db", str(db),
                        "--sources", str(ROOT / "corpora" / "site" / "sources.toml"),
                        "--base-url", base_url], cwd=ROOT, check=True, capture_output=True,
                       timeout=600)
    return db


@pytest.fixture(scope="session")
def load_script() -> Callable[[str], ModuleType]:
    """Import one of scripts/*.py by name, as the measurement tests read them."""
    def load(name: str) -> ModuleType:
        path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    return load
