"""Where the shared datasets are: `../shared/` beside the repository, wherever it is cloned.

`NEWSFACTS_SHARED` points elsewhere (a git worktree, a CI checkout with the data mounted
somewhere else). Scripts that need a dataset print `missing(...)`, one line, when it is not
there.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """`$NEWSFACTS_SHARED`, else the `shared` folder beside the repository root."""
    return Path(os.environ.get("NEWSFACTS_SHARED") or ROOT.parent / "shared")


def shared_path(*parts: str) -> Path:
    return shared_dir().joinpath(*parts)


def missing(path: Path, what: str) -> str:
    """The one-line hint for a dataset that is not at `path`."""
    return (f"{what} not found at {path}: put the shared datasets in ../shared/ beside the "
            f"repository ({ROOT.parent / 'shared'}) or set NEWSFACTS_SHARED to their folder")
