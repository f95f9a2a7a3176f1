"""Rewrite the generated parts of README.md (like cog): the crawl settings table.

`python scripts/update_docs.py` rewrites; `--check` exits 1 when README.md is stale
(tests/test_docs.py runs the same check).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pipeline.config import settings_doc

README = Path(__file__).resolve().parents[1] / "README.md"


def sections() -> dict[str, str]:
    return {"settings": settings_doc()}


def render(text: str) -> str:
    for name, body in sections().items():
        pattern = re.compile(
            rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL
        )
        text = pattern.sub(lambda m, b=body: m.group(1) + b + "\n" + m.group(2), text)
    return text


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md is stale: run python scripts/update_docs.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
