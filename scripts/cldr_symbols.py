#!/usr/bin/env python3
"""Write rules/local_symbols.toml: the currency symbols countries write their own money with,
from CLDR via Babel (`pipeline.facts.currency_names.cldr_local_symbols`).

Deriving them reads every Babel locale (over a second), so the extractor reads this file
instead; run this again after upgrading Babel. tests/test_currency_names.py checks that the
file and Babel agree.

    python scripts/cldr_symbols.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def render(symbols: dict[str, str], glued: dict[str, str],
           shared: dict[str, list[str]]) -> str:
    lines = ["# Currency symbols countries write their own money with (CLDR via Babel), the",
             "# unambiguous ones of three characters or with a sign. Written by",
             "# scripts/cldr_symbols.py; do not edit by hand. rules/currencies.toml's typed",
             "# symbols take precedence.", "", "[symbols]"]
    lines += [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v)}"
              for k, v in sorted(symbols.items())]
    lines += ["", "# Short letter symbols of one current currency: money only glued to a number",
              "# with a scale (\"R4bn\", \"RM19.6mn\"); rules/currencies.toml `glued_not` sets",
              "# some aside.", "[glued]"]
    lines += [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v)}"
              for k, v in sorted(glued.items())]
    lines += ["", "# Symbols of several current currencies (\"FCFA\": XAF and XOF): money whose",
              "# currency the country the text names tells, as for \"pesos\".", "[shared]"]
    lines += [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v)}"
              for k, v in sorted(shared.items())]
    return "\n".join(lines) + "\n"


def main() -> int:
    from pipeline.facts.currency_names import (
        cldr_glued_symbols,
        cldr_local_symbols,
        cldr_shared_symbols,
    )

    out = ROOT / "rules" / "local_symbols.toml"
    out.write_text(render(cldr_local_symbols(), cldr_glued_symbols(),
                                  cldr_shared_symbols()), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
