"""Read numbers as news writes them: digits with each language's separators, or words.

Separators come from `rules/<lang>/money.toml` (`decimal`, `thousands`); number words are
read by text2num, plus the language's `one_words` ("a million", "un milliard").
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.facts.lexicon import lang_toml

_SPACES = " \u00a0\u202f\u2009"
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@cache
def number_format(lang: str) -> tuple[str, str]:
    """(decimal separator, thousands separators) for `lang`; English style when unknown."""
    conf = lang_toml(lang, "money")
    return conf.get("decimal", "."), "".join(conf.get("thousands", [","]))


@cache
def digits_pattern(lang: str) -> str:
    """A regex fragment (no groups) for a written number in `lang`: "1,500.5", "1.500,5"."""
    _, thousands = number_format(lang)
    # the apostrophe groups thousands in Swiss and Peruvian writing ("340'000", "155'188,460")
    seps = "".join(sorted(set(thousands) | {".", ",", "'", "’"}))
    sep = "[" + re.escape(seps) + "]"
    # "12,34,567.89" (lakh grouping) where the language's rules allow it
    indian = r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|" if lang_toml(lang, "money").get(
        "indian_grouping") else ""
    return (
        rf"(?<![\d.,])(?:{indian}\d{{1,3}}(?:{sep}\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
        r"(?![\d])"
    )


def parse_digits(s: str, lang: str) -> float | None:
    """The value of a written number such as "1.500,5" (it) or "1,500.5" (en).

    A separator followed by a group of other than three digits is a decimal mark whatever
    the language ("1.5 Mrd" in German is 1.5); with both marks present the last one is the
    decimal mark; otherwise the language's convention decides.
    """
    s = s.strip()
    decimal, thousands = number_format(lang)
    for ch in _SPACES:
        s = s.replace(ch, "")
    s = s.replace("'", "")
    marks = [c for c in s if c in ".,"]
    if not marks:
        return float(s) if s.isdigit() else None
    if len(set(marks)) == 2:
        dec = s[max(s.rfind("."), s.rfind(","))]
        return _to_float(s, dec)
    mark = marks[0]
    groups = s.split(mark)
    if len(groups) > 2:  # "1.500.000": a repeated mark groups thousands ("12,34,567" lakhs)
        grouped = len(groups[-1]) == 3 and all(len(g) in (2, 3) for g in groups[1:-1])
        return _to_float(s, "") if grouped and len(groups[0]) <= 3 else None
    if len(groups[1]) != 3:
        return _to_float(s, mark)
    if mark == decimal and mark not in thousands:
        return _to_float(s, mark)
    return _to_float(s, "")


def _to_float(s: str, dec: str) -> float | None:
    if dec:
        intpart, _, frac = s.rpartition(dec)
        intpart = intpart.replace(".", "").replace(",", "")
        s = f"{intpart}.{frac}"
    else:
        s = s.replace(".", "").replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


@cache
def _one_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in lang_toml(lang, "money").get("one_words", []))


@cache
def _fraction_words(lang: str) -> dict[str, float]:
    table = lang_toml(lang, "money").get("fraction_words", {})
    return {" ".join(k.lower().replace("-", " ").split()): float(v) for k, v in table.items()}


def parse_words(s: str, lang: str) -> float | None:
    """The value of a number in words ("twenty-five", "fünfundzwanzig", "a", "half a"),
    else None."""
    from text_to_num import text2num

    s = " ".join(s.split())
    if not s:
        return None
    if s.lower() in _one_words(lang):
        return 1.0
    fraction = _fraction_words(lang).get(s.lower())
    if fraction is not None:
        return fraction
    whole = _with_half(s, lang)
    if whole is not None:
        return whole
    if not all(_WORD_RE.fullmatch(w) for w in s.split()):
        return None
    try:
        return float(text2num(s.lower(), lang))
    except (ValueError, IndexError, KeyError):
        return None


@cache
def _halves(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    conf = lang_toml(lang, "money")
    return (tuple(" " + " ".join(w.lower().split()) for w in conf.get("half_joiners", [])),
            tuple(w.lower() for w in conf.get("half_suffixes", [])))


def _with_half(s: str, lang: str) -> float | None:
    """"two and a half" -> 2.5, "zweieinhalb" -> 2.5: a number and a half, read whole (read
    in parts, "a half" alone would make "two and a half billion" half a billion)."""
    low = s.lower()
    joiners, suffixes = _halves(lang)
    for tail in joiners + suffixes:
        if low.endswith(tail) and len(low) > len(tail):
            base = parse_words(s[:len(s) - len(tail)], lang)
            return base + 0.5 if base is not None and base >= 1 else None
    return None


def trailing_number_words(
    before: str, lang: str, max_words: int = 6, offset: int = 0
) -> tuple[float, int] | None:
    """The longest run of number words that ends `before`, as (value, offset + its start).

    "he paid twenty " -> (20.0, 8). Used to read "twenty million dollars" backwards from
    the scale or currency word.
    """
    # an elided article or preposition is no number word: "d'un milliard" reads "un"
    spans = [(m.start() + max(m.group(0).rfind("'"), m.group(0).rfind("’")) + 1, m.end())
             for m in _WORD_RE.finditer(before)]
    if not spans or before[spans[-1][1]:].strip(_SPACES + "\t\n-"):
        return None
    spans = spans[-max_words:]
    for i in range(len(spans)):
        start = spans[i][0]
        between = before[start:spans[-1][1]]
        value = parse_words(between.replace("-", " ") if lang != "fr" else between, lang)
        if value is not None:
            return value, offset + start
    return None


def parse_number(s: str, lang: str) -> float | None:
    """Digits or words, whichever `s` is."""
    s = s.strip()
    if not s:
        return None
    if s[0].isdigit():
        return parse_digits(s, lang)
    return parse_words(s, lang)
