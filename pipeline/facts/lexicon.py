"""Load rule and lexicon files from `rules/`: one folder per language, data not code.

`rules/<lang>/<name>.toml` loads as a dict, `rules/<lang>/<name>.jsonl` as a list of
dicts (each line validated as JSON, errors name the file and line). Adding a language
means adding a folder. `NEWSFACTS_RULES` points at another rules folder.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.exceptions import ConfigError
from pipeline.jsonl import iter_objects

_DEFAULT_RULES = Path(__file__).resolve().parents[2] / "rules"


def rules_dir() -> Path:
    return Path(os.environ.get("NEWSFACTS_RULES") or _DEFAULT_RULES)


def languages() -> list[str]:
    """Languages that have a rules folder."""
    return sorted(p.name for p in rules_dir().iterdir() if p.is_dir() and len(p.name) == 2)


@cache
def load_words(relpath: str) -> frozenset[str]:
    """`rules/<relpath>` as a set of words, one a line, `#` comments skipped; empty when
    the file does not exist (a language without the lexicon)."""
    path = rules_dir() / relpath
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def load_toml(relpath: str) -> dict[str, Any]:
    """`rules/<relpath>` as a dict; {} when the file does not exist."""
    path = rules_dir() / relpath
    if not path.exists():
        return {}
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}") from e


@cache
def load_jsonl(relpath: str) -> list[dict[str, Any]]:
    """`rules/<relpath>` as a list of objects; [] when the file does not exist."""
    path = rules_dir() / relpath
    if not path.exists():
        return []
    return [obj for _, obj in iter_objects(path, ConfigError)]


def lang_toml(lang: str, name: str) -> dict[str, Any]:
    return load_toml(f"{lang}/{name}.toml")


def lang_jsonl(lang: str, name: str) -> list[dict[str, Any]]:
    return load_jsonl(f"{lang}/{name}.jsonl")
