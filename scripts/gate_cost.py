"""The recall the cheap pre-filter costs: of the gold amounts the money rules read, how many
lie in sentences the gate (pipeline.facts.extractor.cued_sentences) does not pass on.

Aggregate only, so it may run on a blind half: it prints counts, never a passage.

    .venv/bin/python scripts/gate_cost.py corpora/realnews17/*.blind1.jsonl

A gold amount counts as read when find_amounts finds it in its sentence the way the
extractor does (with the currency the text named last before it for elliptic amounts); an
amount the rules cannot read at all ("16 milioni" in a passage that never names a currency)
is no amount with or without the gate, and is counted apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.facts import nlp  # noqa: E402
from pipeline.facts.extractor import cued_sentences  # noqa: E402
from pipeline.facts.money import find_amounts  # noqa: E402


def _amounts_by_sentence(text: str, lang: str, sents: list[tuple[int, int]]
                         ) -> dict[int, list[float]]:
    """The values the money rules read in each sentence, elliptic ones ("1.447 millones")
    in the currency the text named last, as the extractor reads them."""
    found: dict[int, list[float]] = {}
    last = None
    for i, (s, e) in enumerate(sents):
        here = find_amounts(text[s:e], lang) or (
            find_amounts(text[s:e], lang, context_currency=last) if last else [])
        found[i] = [a.value for a in here if a.value]
        named = [a.currency for a in here if a.currency]
        if named:
            last = named[-1]
    return found


def gate_cost(paths: list[str]) -> dict[str, int]:
    """Counts over the gold facts of `paths`: total, read by the money rules, and read but
    in a sentence the gate skips (the recall it costs)."""
    total = read = skipped = 0
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                row = json.loads(line)
                text, lang = row["text"], row["lang"]
                sents = nlp.split_sentences(text, lang)
                cued = set(cued_sentences(text, sents, lang))
                found = _amounts_by_sentence(text, lang, sents)
                for fact in row.get("facts", []):
                    total += 1
                    amount = float(fact["amount"])
                    hit = next((i for i, values in found.items()
                                if any(abs(v - amount) <= 0.005 * abs(amount) for v in values)),
                               None)
                    if hit is None:
                        continue
                    read += 1
                    skipped += hit not in cued
    return {"gold": total, "read": read, "skipped": skipped}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+", help="gold JSON Lines files (blind halves allowed)")
    args = ap.parse_args(argv)
    c = gate_cost(args.gold)
    print(f"gold amounts {c['gold']}, read by the money rules {c['read']}, "
          f"in sentences the gate skips {c['skipped']}, "
          f"not read at all {c['gold'] - c['read']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
