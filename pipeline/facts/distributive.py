"""An amount each member of a list pays or is paid: one fact per member.

"awarded contracts worth $3.8 billion each to Magnolia Health, Molina Healthcare and
TrueCare", "Inter e Milan verseranno al Comune circa 3,5 milioni ciascuno", "zahlt Siemens
und Alstom jeweils 20 Millionen". The scorer reads one payer and one payee per amount, so
such a sentence gave one fact of three. Here the reading the scorer chose is spread over
the names coordinated with its payer (or its payee), where a distributive word (cues.toml
`distributive`: each, ciascuno, jeweils, chacun, cada uno) stands beside the amount.

Where no one member's reading passes the threshold, the members share the amount's
probability among them (the choice model splits it between rivals that the text does not
tell apart): their readings together are one reading, "the list pays", which must pass the
threshold as a single reading would.

"Respectively" pairs lists in order: two lists of names with one amount ("A e B pagano
rispettivamente a C e D 750 mila euro"), or a list of amounts with a list of names ("contracts
with IBM and Capgemini worth £525m and £70m respectively"), where each amount goes to the
name in its place, whatever the scorer chose for it alone.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from pipeline.facts.clauses import cue_re, cues
from pipeline.facts.companies import Mention
from pipeline.facts.company_rules import rules
from pipeline.facts.money import Amount
from pipeline.facts.phrases import alternation
from pipeline.facts.scorer import cancelled
from pipeline.facts.view import Candidate, Scored, SentenceView

_BEFORE, _AFTER = 60, 60  # how far a distributive word may stand from its amount


def distributed(view: SentenceView, amount: Amount) -> bool:
    """A distributive word next to `amount` in its clause, not part of a period ("each
    year", "chaque mois") and not before another amount's number."""
    rx = cue_re(view.lang, "distributive")
    if rx is None:
        return False
    text = view.text
    lo, hi = max(0, amount.start - _BEFORE), min(len(text), amount.end + _AFTER)
    for m in rx.finditer(text, lo, hi):
        gap = text[m.end():amount.start] if m.end() <= amount.start else text[amount.end:m.start()]
        if re.search(r"[;.:]\s|\d", gap):
            continue  # another clause, or another amount between them
        if any(p.start <= m.start() < p.end for p in view.periods):
            continue
        if any(a is not amount and a.start <= m.start() < a.end for a in view.amounts):
            continue
        return True
    return False


def respective(view: SentenceView, amount: Amount) -> bool:
    """"Technogym e Banca Apulia pagano rispettivamente a Cesena e Lecce 750 mila euro":
    a "respectively" word (cues.toml `respectively`) in a sentence where `amount` is the
    only amount, so that it pairs names, not amounts with names ("A and B paid $5m and
    $3m respectively")."""
    rx = cue_re(view.lang, "respectively")
    return rx is not None and rx.search(view.text) is not None and \
        all(a is amount for a in view.amounts)


def members(view: SentenceView, m: Mention) -> list[Mention]:
    """The names of the sentence coordinated with `m` ("A, B and C", "à A, à B et à C"),
    `m` among them; just `m` when it stands alone."""
    names = [x for x in view.mentions if x.kind == "name"]
    i = next((k for k, x in enumerate(names) if (x.start, x.end) == (m.start, m.end)), None)
    if i is None:
        return [m]
    joiner = joiner_re(view.lang)
    lo = hi = i
    while lo > 0 and joiner.fullmatch(view.text[names[lo - 1].end:names[lo].run_start]):
        lo -= 1
    while hi + 1 < len(names) and joiner.fullmatch(view.text[names[hi].end:names[hi + 1].run_start]):
        hi += 1
    return names[lo:hi + 1]


@cache
def joiner_re(lang: str) -> re.Pattern[str]:
    """A comma or an "and" word between two names of a list, with at most one preposition
    or article after it ("Magnolia Health and to TrueCare", "à HeuliezBus, à Alstom", "der
    Orvane Bau und der Telmark AG"); not any word ("Orvane, while Telmark")."""
    c = cues(lang)
    ands = alternation([w for w in c.get("and_words", []) if w])
    small = alternation([w for w in c.get("prepositions", []) + c.get("case_markers", [])
                         + sorted(rules(lang).articles) if w])
    return re.compile(rf"\s*(?:,|(?:,\s*)?(?:{ands}))\s+(?:(?:{small})(?:\s+|(?<=['’])))?",
                      re.IGNORECASE)


def spread(view: SentenceView, scored: list[Scored], chosen: list[Scored],
           threshold: float) -> list[tuple[Scored, list[Scored]]]:
    """Per distributed amount of the sentence: the reading that stands for the list (the
    one chosen, else the best of a list whose readings together pass `threshold`) and the
    other members' readings with the same other party."""
    out = []
    taken = {(s.amount.start, s.amount.end): s for s in chosen}
    for amount in view.amounts:
        paired = respective(view, amount)
        if not paired and not distributed(view, amount):
            continue
        key = (amount.start, amount.end)
        readings = [s for s in scored if (s.amount.start, s.amount.end) == key]
        if not readings:
            continue
        if key in taken:
            base = taken[key]
            group = _group(view, base, readings, paired)
        else:
            base, group = _best_group(view, readings, threshold, paired)
        if base is not None and group:
            out.append((base, group))
    return out


def _group(view: SentenceView, base: Scored, readings: list[Scored], paired: bool
           ) -> list[Scored]:
    """The readings of `base`'s amount that swap its payer (or payee) for a name listed
    beside it; where both sides are lists, `paired` ("respectively") and of one length,
    the readings that pair the lists' members in order."""
    payers = members(view, base.payer.mention) if base.payer.origin == "here" else []
    payees = members(view, base.payee.mention) if base.payee.origin == "here" else []
    if len(payers) > 1 and len(payees) > 1:
        return _zipped(base, readings, payers, payees) if paired else []
    out = []
    for s in readings:
        if s is base or cancelled(s):
            continue
        if s.payee.name == base.payee.name and s.payer.name != base.payer.name and \
                _among(s.payer.mention, payers) and len(payers) > 1:
            out.append(s)
        elif s.payer.name == base.payer.name and s.payee.name != base.payee.name and \
                _among(s.payee.mention, payees) and len(payees) > 1:
            out.append(s)
    seen: set[tuple[str, str]] = {(base.payer.name, base.payee.name)}
    kept = []
    for s in sorted(out, key=lambda s: -s.score):
        if (s.payer.name, s.payee.name) not in seen:
            seen.add((s.payer.name, s.payee.name))
            kept.append(s)
    return kept


def _zipped(base: Scored, readings: list[Scored], payers: list[Mention],
            payees: list[Mention]) -> list[Scored]:
    if len(payers) != len(payees):
        return []
    spans = [((x.start, x.end), (y.start, y.end)) for x, y in zip(payers, payees, strict=True)]
    if ((base.payer.mention.start, base.payer.mention.end),
            (base.payee.mention.start, base.payee.mention.end)) not in spans:
        return []
    return [s for s in readings if s is not base and not cancelled(s) and
            ((s.payer.mention.start, s.payer.mention.end),
             (s.payee.mention.start, s.payee.mention.end)) in spans]


def _best_group(view: SentenceView, readings: list[Scored], threshold: float, paired: bool
                ) -> tuple[Scored | None, list[Scored]]:
    for base in sorted(readings, key=lambda s: -s.score):
        if cancelled(base):
            continue
        group = _group(view, base, readings, paired)
        if group and base.score + sum(s.score for s in group) >= threshold:
            return base, group
    return None, []


def _among(m: Mention, ms: list[Mention]) -> bool:
    return any((m.start, m.end) == (x.start, x.end) for x in ms)


def sibling(base: Candidate, s: Scored) -> Candidate:
    """`base` (the list's chosen reading as a fact-ready candidate) with the member of `s`
    in its place: same period, term and product, the list's confidence."""
    head, _, tail = base.rule_id.rpartition(".")
    rule_id = f"{head}.each.{tail}" if tail == "scorer" else f"{base.rule_id}.each"
    return replace(base, payer=s.payer.name, payee=s.payee.name, rule_id=rule_id,
                   notes=base.notes + [f"each: listed with {base.payer} -> {base.payee}"])


def paired_amounts(view: SentenceView, scored: list[Scored], chosen: list[Scored]
                   ) -> list[Scored]:
    """`chosen` with the amounts of a list paired in order with a list of names of the same
    length, when the sentence says "respectively" and a chosen reading of one of the
    amounts already names the list's other party and one of its members: "... worth £525m
    and £70m respectively" gives £70m to Capgemini, not IBM again."""
    rx = cue_re(view.lang, "respectively")
    if rx is None or not rx.search(view.text):
        return chosen
    amounts = _amount_list(view)
    if len(amounts) < 2:
        return chosen
    keys = [(a.start, a.end) for a in amounts]
    picked = {(s.amount.start, s.amount.end): s for s in chosen}
    for base in [picked[k] for k in keys if k in picked]:
        for side in ("payee", "payer"):
            party = getattr(base, side)
            other = base.payer if side == "payee" else base.payee
            if party.origin != "here":
                continue
            names = members(view, party.mention)
            if len(names) != len(amounts):
                continue
            zipped = [_reading(scored, k, side, other.name, m) for k, m in zip(keys, names, strict=True)]
            if any(z is None for z in zipped):
                continue
            # each pair is as likely as the chosen reading that names the lists
            paired = [replace(z, score=max(z.score, base.score)) for z in zipped if z]
            out = [s for s in chosen if (s.amount.start, s.amount.end) not in keys]
            return sorted(out + paired, key=lambda s: s.amount.start)
    return chosen


def _amount_list(view: SentenceView) -> list[Amount]:
    """The longest run of amounts joined by commas or "and" words ("£525m and £70m", "56,3
    et 47,5 millions")."""
    joiner = joiner_re(view.lang)
    best: list[Amount] = []
    run: list[Amount] = []
    for a in sorted(view.amounts, key=lambda a: a.start):
        if run and joiner.fullmatch(view.text[run[-1].end:a.start]):
            run.append(a)
        else:
            run = [a]
        if len(run) > len(best):
            best = list(run)
    return best


def _reading(scored: list[Scored], key: tuple[int, int], side: str, other: str, m: Mention
             ) -> Scored | None:
    for s in scored:
        if (s.amount.start, s.amount.end) != key or cancelled(s):
            continue
        mine, theirs = (s.payee, s.payer) if side == "payee" else (s.payer, s.payee)
        if theirs.name == other and mine.origin == "here" and \
                (mine.mention.start, mine.mention.end) == (m.start, m.end):
            return s
    return None
