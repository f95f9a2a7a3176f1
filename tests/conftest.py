"""Shared fixtures: a temporary store, the demo site on 127.0.0.1, sources files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh knowledge store in a temporary folder."""
    with open_store(tmp_path / "newsfacts.db") as st:
        yield st


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
