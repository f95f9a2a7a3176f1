"""Accuracy of find_amounts on the Recognizers-Text currency specs, per language.

Usage: .venv/bin/python scripts/eval_currency.py [CASES.jsonl] [--show-errors N]
       .venv/bin/python scripts/eval_currency.py --gold-facts GOLD.jsonl

With --gold-facts (payment-fact gold lines: text, lang, facts with amount, currency,
period, term_months, approx) it reports mention recall instead: for each gold fact,
whether find_amounts found its amount (within 0.5 %, same currency), with the same
approx flag, and whether find_periods found its period (and term for totals).

For every expected amount with a value, the found amount whose span overlaps it is
compared: `value` (relative difference < 1e-6; a standalone minor unit such as "34 cents"
counts minor units in the spec, so it is compared x 0.01) and, where the spec names or
implies an ISO code (`currency_inferred`), value + currency. Amounts found where the spec
expects none are counted as false positives (they include amounts the spec does not
annotate, e.g. in its negative cases).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared_data import missing, shared_path  # noqa: E402

from pipeline.facts.money import Amount, find_amounts  # noqa: E402

DEFAULT = shared_path("datasets", "recognizers-text-specs", "currency-cases.jsonl")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _overlapping(found: list[Amount], start: int, end: int) -> Amount | None:
    for a in found:
        if a.start < end and start < a.end:
            return a
    return None


def evaluate(path: Path, show_errors: int = 0) -> dict[str, Counter]:
    stats: dict[str, Counter] = {}
    errors: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            lang, text = case["lang"], case["text"]
            c = stats.setdefault(lang, Counter())
            found = find_amounts(text, lang)
            matched: set[int] = set()
            for exp in case["amounts"]:
                if exp["value"] is None or "char_start" not in exp:
                    continue
                c["amounts"] += 1
                want = exp["value"] * (0.01 if exp["minor_unit"] else 1.0)
                got = _overlapping(found, exp["char_start"], exp["char_end"])
                if got is not None:
                    matched.add(id(got))
                ok = got is not None and _close(got.value, want)
                c["value_ok"] += ok
                if exp["currency_inferred"]:
                    c["with_currency"] += 1
                    c["value_currency_ok"] += ok and got.currency == exp["currency_inferred"]
                want_cur = exp["currency_inferred"]
                wrong_cur = bool(want_cur) and (got is None or got.currency != want_cur)
                if not ok or wrong_cur:
                    shown = f"{got.text!r}={got.value} {got.currency}" if got else "nothing"
                    errors.append(
                        f"{case['id']}: want {exp['text']!r}={want} "
                        f"{exp['currency_inferred']} got {shown} | {text[:120]}"
                    )
            c["false_positives"] += sum(1 for a in found if id(a) not in matched)
    for e in errors[:show_errors]:
        print(e)
    return stats


def evaluate_facts(path: Path, show_errors: int = 0) -> dict[str, Counter]:
    from pipeline.facts.periods import find_periods

    stats: dict[str, Counter] = {}
    shown = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            lang, text = case["lang"], case["text"]
            c = stats.setdefault(lang, Counter())
            amounts, periods = find_amounts(text, lang), find_periods(text, lang)
            for f in case.get("facts", []):
                c["facts"] += 1
                hit = [a for a in amounts if abs(a.value - f["amount"]) <= 0.005 * f["amount"]
                       and (f["currency"] is None or a.currency == f["currency"])]
                c["amount_ok"] += bool(hit)
                c["approx_ok"] += bool(hit) and hit[0].approx == bool(f.get("approx"))
                ok = any(p.period == f["period"] and (
                    f["period"] != "total" or p.term_months == f.get("term_months"))
                    for p in periods)
                if f["period"] == "total" and f.get("term_months") is None and not periods:
                    ok = True  # a one-off: no period phrase is the right answer
                c["period_ok"] += ok
                if show_errors > shown and not (hit and ok):
                    shown += 1
                    print(f"{case['id']}: {f['amount']} {f['currency']} {f['period']} | "
                          f"{[a.text for a in amounts]} {[p.text for p in periods]}")
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--show-errors", type=int, default=0, metavar="N")
    ap.add_argument("--gold-facts", type=Path, metavar="GOLD.jsonl")
    args = ap.parse_args()
    if args.gold_facts:
        if not args.gold_facts.exists():
            sys.exit(f"error: {args.gold_facts}: no such file")
        facts = evaluate_facts(args.gold_facts, args.show_errors)
        print(f"{'lang':<6}{'facts':>7}{'amount':>9}{'approx':>9}{'period':>9}")
        total: Counter = Counter()
        for lang in sorted(facts) + ["all"]:
            c = facts[lang] if lang != "all" else total
            if lang != "all":
                total.update(c)
            n = c["facts"] or 1
            print(f"{lang:<6}{c['facts']:>7}{c['amount_ok'] / n:>9.1%}"
                  f"{c['approx_ok'] / n:>9.1%}{c['period_ok'] / n:>9.1%}")
        return
    if not args.cases.exists():
        print(missing(args.cases, "the Recognizers-Text currency cases"), file=sys.stderr)
        sys.exit(2)
    stats = evaluate(args.cases, args.show_errors)
    print(f"{'lang':<6}{'amounts':>8}{'value acc':>11}{'w/ ISO':>8}{'value+cur':>11}{'extra':>7}")
    total: Counter = Counter()
    for lang in sorted(stats):
        c = stats[lang]
        total.update(c)
        _row(lang, c)
    _row("all", total)


def _row(label: str, c: Counter) -> None:
    va = c["value_ok"] / c["amounts"] if c["amounts"] else 0.0
    vc = c["value_currency_ok"] / c["with_currency"] if c["with_currency"] else 0.0
    print(
        f"{label:<6}{c['amounts']:>8}{va:>11.1%}{c['with_currency']:>8}{vc:>11.1%}"
        f"{c['false_positives']:>7}"
    )


if __name__ == "__main__":
    main()
