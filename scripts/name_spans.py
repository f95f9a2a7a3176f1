"""Name-span recall and precision on gold passages, per language.

The issue asks for name spans to be measured on blind text, apart from whole facts: a fact
is lost when a party is never recognised as a name, and wrong when a recognised span is
not the company's name ("Gasimporteur Sefe", "Intérieur Bernard Quintin").

- recall: of the gold parties of a passage (a payer or payee with its listed forms), how
  many the company recogniser finds as a name span in any sentence the extractor read
  (`Analysis.views`), compared as `newsfacts eval` compares names;
- reach: the same over every sentence of the passage (names the extractor never looked
  for, since their sentence had no amount or cue, count here only);
- precision: of the payer and payee names of the extracted facts on positive passages,
  how many are one of that passage's gold parties (a right name in a wrong role counts).

Aggregate only (counts per language), so it may run on a blind half:

    .venv/bin/python scripts/name_spans.py corpora/realnews52/*.blind1.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import load_gold, normalise_name  # noqa: E402
from pipeline.facts.companies import find_mentions  # noqa: E402
from pipeline.facts.extractor import Extractor  # noqa: E402


def _parties(facts: list[dict]) -> list[frozenset[str]]:
    """A passage's gold parties, each as the set of its normalised forms, once each."""
    out: list[frozenset[str]] = []
    for f in facts:
        for side in ("payer", "payee"):
            value = f[side] if isinstance(f[side], list) else [f[side]]
            forms = frozenset(normalise_name(str(v)) for v in value if v)
            if forms and not any(forms & p for p in out):
                out.append(forms)
    return out


def measure(paths: list[str]) -> dict[str, Counter]:
    """Counts per language (and "all"): gold parties, found where read, found anywhere,
    predicted party names, of them gold."""
    extractor = Extractor()
    counts: dict[str, Counter] = {}
    for p in load_gold(paths):
        if not p.facts:
            continue
        c = counts.setdefault(p.lang, Counter())
        analysis = extractor.analyse(p.text, p.lang, p.published_at, p.url)
        read = {normalise_name(m.name) for v in analysis.views.values() for m in v.mentions
                if m.kind == "name"}
        anywhere = set(read)
        for s, e in analysis.sentences:
            anywhere |= {normalise_name(m.name) for m in find_mentions(p.text[s:e], p.lang)
                         if m.kind == "name"}
        parties = _parties(p.facts)
        c["parties"] += len(parties)
        c["found"] += sum(1 for forms in parties if forms & read)
        c["reached"] += sum(1 for forms in parties if forms & anywhere)
        gold_forms = frozenset().union(*parties)
        for f in analysis.extraction.facts if analysis.extraction else []:
            for name in (f.payer, f.payee):
                c["named"] += 1
                c["named_right"] += normalise_name(name) in gold_forms
    total = Counter()
    for c in counts.values():
        total.update(c)
    counts["all"] = total
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", help="gold JSONL files or folders")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = ap.parse_args()
    counts = measure(args.gold)
    if args.json:
        print(json.dumps({k: dict(v) for k, v in counts.items()}, sort_keys=True))
        return
    print(f"{'lang':<5} {'parties':>7} {'recall':>7} {'reach':>7} {'names':>6} {'precision':>9}")
    for lang in sorted(counts, key=lambda k: (k == "all", k)):
        c = counts[lang]
        rec = c["found"] / c["parties"] if c["parties"] else 0.0
        reach = c["reached"] / c["parties"] if c["parties"] else 0.0
        prec = c["named_right"] / c["named"] if c["named"] else 0.0
        print(f"{lang:<5} {c['parties']:>7} {rec:>7.3f} {reach:>7.3f} {c['named']:>6} {prec:>9.3f}")


if __name__ == "__main__":
    main()
