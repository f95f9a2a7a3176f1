#!/usr/bin/env python3
"""Write rules/class_vetoes.json: per cue class, the veto a rules' reading must pass.

The scorer keeps a reading the rules made unless the model gives it less than the veto
(rules/scorer.json, 0.18): one veto for every cue. Over the scorer's training sets, the
rules' readings the model scores between that veto and `--raise-to` (0.3) are right for some
cue classes and nearly always wrong for others ("pay", "award", "deal": 7 right of 150 on
the read sets). A class with at least `--support` such readings and a precision under
`--precision` gets the higher veto; a class with fewer keeps the model's (too little
evidence to judge it). The classes are the rules' ids less the language ("fr.receive" ->
"receive").

    python scripts/class_vetoes.py                 # on train_scorer's default sets
    python scripts/class_vetoes.py --dry-run       # the table only
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def rule_class(rule_id: str) -> str:
    """"de.flow.coordinated" -> "flow.coordinated"."""
    return rule_id.split(".", 1)[1] if "." in rule_id else rule_id


def main() -> int:
    import train_scorer

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=train_scorer.DEFAULT_SETS)
    ap.add_argument("--raise-to", type=float, default=0.3)
    ap.add_argument("--support", type=int, default=5)
    ap.add_argument("--precision", type=float, default=0.25)
    ap.add_argument("--out", default=str(ROOT / "rules" / "class_vetoes.json"))
    ap.add_argument("--dry-run", action="store_true")
    a = ap.parse_args()

    from pipeline.facts import scorer
    scorer.class_vetoes.cache_clear()
    scorer.class_vetoes = lambda: {}  # type: ignore[assignment]  # measure under one veto
    m = scorer.model()
    if m is None:
        sys.exit("rules/scorer.json is missing: no veto to raise")
    passages = train_scorer.load(a.sets)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, s, k in train_scorer.readings(passages):
        if s.rule is not None and m.veto <= s.score < a.raise_to:
            c = counts[rule_class(s.rule.rule_id)]
            c[0] += k is not None
            c[1] += 1
    raised = {}
    for cls, (right, n) in sorted(counts.items(), key=lambda kv: -kv[1][1]):
        up = n >= a.support and right / n < a.precision
        print(f"{cls:28s} {right:4d} right of {n:4d}{'  -> ' + str(a.raise_to) if up else ''}")
        if up:
            raised[cls] = a.raise_to
    if a.dry_run:
        return 0
    data = {"about": "per cue class, the scorer's veto for the rules' readings "
                     "(scripts/class_vetoes.py); classes not listed keep rules/scorer.json's",
            "sets": a.sets, "raise_to": a.raise_to, "support": a.support,
            "precision": a.precision, "vetoes": raised}
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"wrote {a.out}: {len(raised)} classes at {a.raise_to}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
