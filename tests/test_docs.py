"""The README stays true: generated sections current, every command and make target described."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_generated_sections_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_command_is_in_the_readme_with_an_example():
    for name in cli.commands:
        assert re.search(rf"`newsfacts {re.escape(name)}\b[^`]*`", README), name


def test_every_make_target_is_in_the_readme():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):.*##", makefile, re.MULTILINE)
    assert {"setup", "run", "test", "bench", "eval", "serve", "schedule", "lint",
            "clean"} <= set(targets)
    for target in targets:
        if target == "help":
            continue
        assert f"`make {target}`" in README, target


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "`make test`" in README
