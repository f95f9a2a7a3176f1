"""The package's modules form a one-way ladder: no two modules import each other, however
indirectly (imports inside functions count; `if TYPE_CHECKING:` imports do not)."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "pipeline"


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        out.update(n for n in names if n in modules)
    return out


def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PKG.rglob("*.py")}
    mods = set(paths)
    return {m: imports(p, mods) - {m} for m, p in paths.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_no_two_modules_import_each_other() -> None:
    g = graph()
    # a package's __init__ re-exporting its own modules is no cycle of the ladder
    for m in g:
        g[m] = {d for d in g[m] if not (m.startswith(d + ".") or d.startswith(m + "."))}
    assert cycles(g) == []


def test_the_facts_stage_does_not_reach_into_later_stages() -> None:
    g = graph()
    later = ("pipeline.store", "pipeline.extraction", "pipeline.consolidate", "pipeline.crawl",
             "pipeline.cli", "pipeline.backfill")
    for m, deps in g.items():
        if m.startswith("pipeline.facts"):
            assert not [d for d in deps if d.startswith(later)], m
