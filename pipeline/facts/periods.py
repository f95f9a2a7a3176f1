"""Find payment periods ("a month", "jährlich", "sur cinq ans") and total terms in text.

Data in `rules/<lang>/periods.toml`:
- `[[phrases]]`: fixed phrases with a stable `id`, a `period` (month|year|quarter|week|day|
  total), optionally `term_months` ("quinquennale" -> 60) and `not_before` (words that
  must not follow, so "a quarter of" is not a period).
- `[[terms]]`: regex templates for a total over a term, with `{num}` (digits or number
  words joined by hyphens), `{unit}` (a key of `[units]`, valued in months) or a fixed
  `unit_months`, and `{approx}` (an optional hedge word from hedges.toml: "over roughly
  five years"); `allow_one = false` refuses "a"/"one" as the number ("$20M-a-month" is
  not a term). A template with `period` other than total is a fixed period ("in 2022");
  with `after_amount = true` it counts only right after an amount ("$20bn in 2022", not
  "founded in 2015"), and with `before_amount = true` also right before one (German order:
  "im Jahr 2023 rund 90 Mio. Euro"); with `loose = true` it counts anywhere in the clause
  but only for money that changes hands (see relations.py): "paid ... to Apple in 2021".
- `[time_offsets]`: `phrases` that, followed by one of `words`, say when rather than how
  often ("a year earlier", "im Jahr davor", "le mois dernier"): no period.
- `report_nouns`: a one-word period beside one of these qualifies a publication or an event
  ("annual report", "rapport annuel"): no period.
Single-word phrases match every inflection through their lemma ("jährliche", "anuales").
Overlapping matches keep the longest; on a tie, the phrase listed first. With
`capitalised_is_name = true` (not for German, where nouns are capitalised), a capitalised
phrase inside a sentence is taken for part of a name ("The Daily Telegraph").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.exceptions import ConfigError
from pipeline.facts.gazetteer import fold
from pipeline.facts.hedges import hedge_words
from pipeline.facts.lemmas import lemma
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.numbers import parse_number
from pipeline.facts.phrases import norm_phrase, phrase_regex
from pipeline.facts.places import city_names, country_names

PERIODS = ("month", "year", "quarter", "week", "day", "total")
_NUM = r"(?P<num>\d+|[^\W\d_]+(?:-[^\W\d_]+)?)"
_WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass
class PeriodMention:
    """A period phrase: its span, the period, and for totals the term in months."""

    start: int
    end: int
    text: str
    period: str  # month|year|quarter|week|day|total
    term_months: int | None = None  # "over five years" -> total, 60
    rule_id: str = ""
    loose: bool = False  # a calendar year anywhere in the clause ("... to Apple in 2021")


@dataclass(frozen=True)
class _Term:
    rule_id: str
    regex: re.Pattern[str]
    period: str
    unit_months: int | None
    allow_one: bool
    after_amount: bool
    needs_unit: bool  # the template has {unit}: skipped when no unit word is in the text
    before_amount: bool = False  # German order: "im Jahr 2023 rund 90 Mio. Euro"
    loose: bool = False  # anywhere in the clause, for money that changes hands
    not_after_name: bool = False  # not right after a place or an event ("Paris 2024")


@dataclass(frozen=True)
class _Rules:
    phrases: re.Pattern[str] | None
    phrase_rules: tuple[dict[str, Any], ...]
    by_phrase: dict[str, int]  # normalised phrase -> index in phrase_rules
    terms: tuple[_Term, ...]
    units: dict[str, int]
    one_words: frozenset[str]
    unit_cue: re.Pattern[str]
    capitalised_is_name: bool
    single: dict[str, int]  # one-word phrase -> index in phrase_rules, for lemma matches
    offset_phrases: frozenset[str] = frozenset()  # "a year" in "a year earlier": when, not how often
    offset_words: frozenset[str] = frozenset()
    report_nouns: frozenset[str] = frozenset()  # "annual report", "rapport annuel": no rate
    event_nouns: frozenset[str] = frozenset()  # "Turnier 2014": a year in an event's name


def _template(tpl: str, units: dict[str, int], hedges: list[str]) -> str:
    unit_alt = "|".join(re.escape(u) for u in sorted(units, key=lambda s: (-len(s), s)))
    hedge_alt = "|".join(
        r"\s+".join(re.escape(w) for w in h.split())
        for h in sorted(hedges, key=lambda s: (-len(s), s))
        if h[:1].isalpha()
    )
    rx = r"\s+".join(tpl.split(" "))
    rx = rx.replace("'", "['’]")
    rx = rx.replace("{num}", _NUM).replace("{unit}", f"(?P<unit>{unit_alt})")
    rx = rx.replace("{approx}", rf"(?:(?:{hedge_alt})\s+)?" if hedge_alt else "")
    return r"(?<![^\W\d_])(?i:" + rx + r")(?![^\W\d_])"


@cache
def _rules(lang: str) -> _Rules:
    conf = lang_toml(lang, "periods")
    units = {k.lower(): int(v) for k, v in conf.get("units", {}).items()}
    phrase_rules = tuple(conf.get("phrases", []))
    by_phrase: dict[str, int] = {}
    for i, rule in enumerate(phrase_rules):
        if rule.get("period") not in PERIODS:
            raise ConfigError(f"rules/{lang}/periods.toml: {rule.get('id')}: bad period")
        for w in rule.get("phrases", []):
            by_phrase.setdefault(norm_phrase(w), i)
    phrases = None
    if by_phrase:
        # A cheap first-character test keeps the scan fast; letters must start a word.
        firsts = {w[0] for w in by_phrase} | {w[0].upper() for w in by_phrase}
        letters = "".join(re.escape(c) for c in sorted(c for c in firsts if c.isalnum()))
        others = "".join(re.escape(c) for c in sorted(c for c in firsts if not c.isalnum()))
        gate = rf"(?<![^\W\d_])(?=[{letters}])" if letters else "(?!)"
        if others:
            gate = rf"(?:{gate}|(?=[{others}]))"
        phrases = re.compile(gate + f"(?i:{phrase_regex(list(by_phrase), boundary=True)})")
    hedges = hedge_words(lang)
    terms = []
    for t in conf.get("terms", []):
        if t.get("period", "total") not in PERIODS:
            raise ConfigError(f"rules/{lang}/periods.toml: {t.get('id')}: bad period")
        try:
            regex = re.compile(_template(t["pattern"], units, hedges))
        except (KeyError, re.error) as e:
            raise ConfigError(f"rules/{lang}/periods.toml: {t.get('id')}: bad pattern: {e}") from e
        terms.append(_Term(
            t["id"], regex, t.get("period", "total"),
            int(t["unit_months"]) if "unit_months" in t else None,
            bool(t.get("allow_one", True)),
            bool(t.get("after_amount", False)),
            "{unit}" in t["pattern"],
            bool(t.get("before_amount", False)),
            bool(t.get("loose", False)),
            bool(t.get("not_after_name", False)),
        ))
    one_words = frozenset(w.lower() for w in conf.get("one_words", []))
    unit_alt = "|".join(re.escape(u) for u in sorted(units, key=lambda s: (-len(s), s)))
    unit_cue = re.compile(rf"(?i:{unit_alt})(?![^\W\d_])" if units else "(?!)")
    single = {w: i for w, i in by_phrase.items() if re.fullmatch(r"[^\W\d_]+", w)}
    offsets = conf.get("time_offsets", {})
    return _Rules(
        phrases, phrase_rules, by_phrase, tuple(terms), units, one_words, unit_cue,
        bool(conf.get("capitalised_is_name", False)), single,
        offset_phrases=frozenset(norm_phrase(w) for w in offsets.get("phrases", [])),
        offset_words=frozenset(w.lower() for w in offsets.get("words", [])),
        report_nouns=frozenset(w.lower() for w in conf.get("report_nouns", [])),
        event_nouns=frozenset(w.lower() for w in conf.get("event_nouns", [])),
    )


def _capitalised_inside(text: str, start: int) -> bool:
    """True for a capitalised word that does not start a sentence (part of a name)."""
    if not text[start:start + 1].isupper():
        return False
    before = text[:start].rstrip(" \t\"'“‘«(")
    return bool(before) and before[-1] not in ".!?:;\n"


def _names_it(text: str, start: int, lang: str) -> bool:
    """Whether the word before `start` makes a year part of a name: a country or a city
    ("Russland 2018", "Paris 2024") or an event (periods.toml `event_nouns`: "Turnier
    2014", "WM 2010")."""
    before = re.search(r"([^\W\d_]+)\s+$", text[max(0, start - 40):start])
    if before is None:
        return False
    word = before.group(1)
    return word.lower() in _rules(lang).event_nouns or \
        fold(word) in country_names(lang) or fold(word) in city_names(lang)


def _blocked(text: str, end: int, rule: dict[str, Any]) -> bool:
    """True when one of the rule's `not_before` words follows ("a quarter of"), or a year
    ("im Jahr 2015" names a year, it is no rate)."""
    if re.match(r"\s+(?:19|20)\d\d(?!\d)", text[end:end + 6]):
        return True
    words = rule.get("not_before")
    if not words:
        return False
    m = re.match(r"\s+([^\W\d_]+)", text[end:end + 40])
    return bool(m) and m.group(1).lower() in {w.lower() for w in words}


def _time_offset(text: str, m: re.Match[str], rules: _Rules) -> bool:
    """True for a point in time, not a rate: "a year earlier", "im Jahr davor" (periods.toml
    `time_offsets`: the phrases that read so, and the words after them that make them)."""
    if norm_phrase(m.group(0)) not in rules.offset_phrases:
        return False
    nxt = re.match(r"\s+([^\W\d_]+)", text[m.end():m.end() + 40])
    return nxt is not None and nxt.group(1).lower() in rules.offset_words


def _of_a_report(text: str, start: int, end: int, rules: _Rules) -> bool:
    """True for a one-word period that qualifies a publication or an event, not money:
    "the annual report", "an annual general meeting", "the Pentagon's daily contract
    digest", "rapport annuel", "relazione annuale" (periods.toml `report_nouns`: one of the
    two words after it, or the word before it)."""
    if not rules.report_nouns or " " in text[start:end].strip():
        return False
    after = [w.lower() for w in re.findall(r"[^\W\d_]+", text[end:end + 40])[:2]]
    before = re.search(r"([^\W\d_]+)\s+$", text[max(0, start - 30):start])
    return any(w in rules.report_nouns for w in after) or \
        bool(before and before.group(1).lower() in rules.report_nouns)


def _term_number(s: str, lang: str, rules: _Rules, allow_one: bool) -> float | None:
    s = s.strip()
    if s.lower() in rules.one_words:
        return 1.0 if allow_one else None
    value = parse_number(s, lang)
    if value is None or value <= 0 or value != int(value):
        return None
    if value == 1 and not allow_one:
        return None
    return value


def _follows_amount(text: str, start: int, amounts: list[tuple[int, int]]) -> bool:
    """True when a money amount ends right before `start` ("$20bn in 2022")."""
    before = text[:start].rstrip()
    return any(e == len(before) for _, e in amounts)


def _precedes_amount(text: str, end: int, amounts: list[tuple[int, int]],
                     hedges: frozenset[str]) -> bool:
    """True when a money amount (or its hedge word) starts right after `end`."""
    for s, _ in sorted(amounts):
        if s < end:
            continue
        gap = text[end:s].strip().lower()
        return not gap or gap in hedges
    return False


def find_periods(text: str, lang: str, amounts: list | None = None) -> list[PeriodMention]:
    """Every period or term phrase in `text`, in order, without overlaps.

    `amounts` (the text's money amounts, anything with start and end) lets the phrases
    that count only beside an amount ("$20bn in 2022") count; without it they are loose
    mentions that the relation layer reads for payments only.
    """
    spans = [(a.start, a.end) for a in amounts or []]
    hedges = frozenset(h.lower() for h in hedge_words(lang))
    rules = _rules(lang)
    found: list[tuple[int, PeriodMention]] = []
    if rules.phrases is not None:
        for m in rules.phrases.finditer(text):
            rule = rules.phrase_rules[rules.by_phrase[norm_phrase(m.group(0))]]
            if _blocked(text, m.end(), rule) or _time_offset(text, m, rules) or \
                    _of_a_report(text, m.start(), m.end(), rules):
                continue
            if rules.capitalised_is_name and _capitalised_inside(text, m.start()):
                continue  # "The Daily Telegraph", "Atlantic Monthly"
            term = rule.get("term_months")
            found.append((0, PeriodMention(
                m.start(), m.end(), m.group(0), rule["period"],
                int(term) if term is not None else None, rule["id"],
            )))
    has_unit = rules.unit_cue.search(text) is not None
    for term in rules.terms:
        if term.needs_unit and not has_unit:
            continue
        for m in term.regex.finditer(text):
            if term.period != "total":  # "in 2022": a fixed period, no term
                adjacent = not term.after_amount or _follows_amount(text, m.start(), spans) \
                    or (term.before_amount and _precedes_amount(text, m.end(), spans, hedges))
                if not adjacent and not term.loose:
                    continue
                if term.not_after_name and _names_it(text, m.start(), lang):
                    continue
                found.append((1, PeriodMention(
                    m.start(), m.end(), m.group(0), term.period, None, term.rule_id,
                    loose=not adjacent or (term.loose and not term.after_amount),
                )))
                continue
            num = m.groupdict().get("num")
            n = 1.0 if num is None else _term_number(num, lang, rules, term.allow_one)
            if n is None:
                continue
            per_unit = term.unit_months
            if per_unit is None:
                per_unit = rules.units.get((m.groupdict().get("unit") or "").lower())
            if per_unit is None:
                continue
            found.append((1, PeriodMention(
                m.start(), m.end(), m.group(0), "total", int(n * per_unit), term.rule_id
            )))
    if rules.single:  # "jährliche", "anuales": inflections of one-word phrases
        for m in _WORD_RE.finditer(text):
            i = rules.single.get(lemma(m.group(0), lang))
            if i is None or norm_phrase(m.group(0)) in rules.by_phrase:
                continue
            rule = rules.phrase_rules[i]
            if rules.capitalised_is_name and _capitalised_inside(text, m.start()):
                continue
            term = rule.get("term_months")
            found.append((2, PeriodMention(
                m.start(), m.end(), m.group(0), rule["period"],
                int(term) if term is not None else None, rule["id"])))
    found.sort(key=lambda f: (f[1].start, -(f[1].end - f[1].start), f[0]))
    out: list[PeriodMention] = []
    for _, mention in found:
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out


def period_right_after(text: str, pos: int, lang: str) -> str | None:
    """The recurring period that directly follows an amount ending at `pos` ("30 milioni di
    euro a stagione", "$5M, per year"), or None."""
    after = text[pos:pos + 40]
    found = find_periods(after, lang)
    if not found or found[0].period == "total" or after[:found[0].start].strip(" ,"):
        return None
    return found[0].period
