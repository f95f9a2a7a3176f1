"""Find money amounts in text ("$20M", "1,5 Mrd. Euro", "venti milioni di dollari").

Everything language-specific is data: symbols and ISO codes in `rules/currencies.toml`,
number format, scale words and currency words in `rules/<lang>/money.toml`, hedges in
`rules/<lang>/hedges.toml`. One regex per language is compiled once and cached.

An amount needs a currency (symbol, code or word): bare numbers ("2024", "25%",
"20 million users") are never amounts. A range ("$10-15 million") yields its lower bound,
marked approximate with hedge "range": a lower bound is a safe reading, an invented
midpoint is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipeline.facts.hedges import hedge_before
from pipeline.facts.lexicon import lang_toml, load_toml
from pipeline.facts.numbers import digits_pattern, parse_digits, trailing_number_words

_WB = r"(?![^\W\d_])"  # not followed by a letter
_LB = r"(?<![^\W\d_])"  # not preceded by a letter


@dataclass
class Amount:
    """A money mention: its span, value in currency units and ISO currency."""

    start: int
    end: int
    text: str
    value: float  # absolute value in currency units: "$20M" -> 20_000_000.0
    currency: str | None  # ISO 4217; None when the text names no currency
    approx: bool = False  # a hedge word directly governs it ("nearly $20M")
    hedge: str | None = None  # the hedge text
    rule_id: str = ""


@dataclass(frozen=True)
class _Lexicon:
    regex: re.Pattern[str]
    cue: re.Pattern[str]
    scales: dict[str, float]
    words: dict[str, str]
    symbols: dict[str, str]
    codes: dict[str, str]


def _phrase(p: str) -> str:
    """A literal phrase as a regex in which spaces and hyphens may vary."""
    return r"[\s\-]+".join(re.escape(part) for part in re.split(r"[\s\-]+", p))


def _alternation(items: list[str], *, phrase: bool = False) -> str:
    items = sorted(set(items), key=lambda s: (-len(s), s))
    if not items:
        return "(?!)"  # matches nothing
    return "|".join(_phrase(i) if phrase else re.escape(i) for i in items)


def _symbol_regex(symbol: str) -> str:
    """"C$" also matches "C $" (tokenised text); "$" must not end a word ("US$" ok)."""
    m = re.fullmatch(r"([A-Za-z.]+)([$¥])", symbol)
    if m:
        return re.escape(m.group(1)) + r"\s?" + re.escape(m.group(2))
    return re.escape(symbol)


@cache
def _currency_tables() -> tuple[dict[str, str], dict[str, str]]:
    conf = load_toml("currencies.toml")
    symbols = {k: v for k, v in conf.get("symbols", {}).items() if isinstance(v, str)}
    aliases = conf.get("code_aliases", {})
    codes = {c: aliases.get(c, c) for c in conf.get("codes", [])}
    return symbols, codes


@cache
def _lexicon(lang: str) -> _Lexicon:
    conf = lang_toml(lang, "money")
    symbols, codes = _currency_tables()
    scales = {k.lower(): float(v) for k, v in conf.get("scales", {}).items()}
    words = {k.lower(): v for k, v in conf.get("currencies", {}).items()}
    connectors = conf.get("connectors", [])

    sym = "|".join(_symbol_regex(s) for s in sorted(symbols, key=lambda s: (-len(s), s)))
    code = rf"{_LB}(?:{_alternation(list(codes))}){_WB}"
    word = rf"{_LB}(?i:{_alternation(list(words), phrase=True)}){_WB}"
    scale = rf"(?i:{_alternation(list(scales), phrase=True)})" + r"(?:(?<=\.)|(?![^\W\d_]))"
    conn = rf"(?i:{_alternation(connectors)})\s?" if connectors else ""
    num = digits_pattern(lang)
    rng = r"\s?[-–]\s?"
    # A: symbol or code first: "$20M", "US$ 3 billion", "CHF 40 Mio.", "$10-15 million"
    a = (
        rf"(?P<a_cur>{sym}|{code})\s?(?P<a_num>{num})(?:{rng}(?P<a_num2>{num}))?"
        rf"(?:\s?(?P<a_scale>{scale}))?"
    )
    # B: number first: "20 Mio. US-Dollar", "20 milioni di dollari", "20 M€", "2bn euros"
    b = (
        rf"(?P<b_num>{num})(?:{rng}(?P<b_num2>{num}))?(?:\s?(?P<b_scale>{scale}))?"
        rf"\s?(?:{conn})?(?P<b_cur>{sym}|{code}|{word})"
    )
    # W: number words, read backwards from here: "(venti) milioni di dollari"
    w = rf"{_LB}(?P<w_scale>{scale})\s?(?:{conn})?(?P<w_cur>{sym}|{code}|{word})" + rf"|(?P<w_cur2>{word})"
    regex = re.compile(f"{a}|{b}|{w}")
    cue_scales = [s for s in scales if len(s) > 2]
    cue = re.compile(
        rf"{sym}|{code}|{word}|{_LB}(?i:{_alternation(cue_scales, phrase=True)}){_WB}"
    )
    return _Lexicon(regex, cue, scales, words, symbols, codes)


def has_money_cue(text: str, lang: str) -> bool:
    """True when `text` holds a currency symbol, code, currency word or scale word (cheap)."""
    return _lexicon(lang).cue.search(text) is not None


def _currency(lex: _Lexicon, s: str) -> str | None:
    s = s.strip()
    if s in lex.codes:
        return lex.codes[s]
    compact = re.sub(r"\s+", "", s)
    if compact in lex.symbols:
        return lex.symbols[compact]
    return lex.words.get(re.sub(r"[\s\-]+", " ", s.lower()), lex.words.get(s.lower()))


def _scaled(value: float, scale: float) -> float:
    """value x scale without binary noise: 16.4 x 1e6 is 16_400_000.0, not ...999998."""
    return float(Decimal(repr(value)) * Decimal(repr(scale)))


def _scale(lex: _Lexicon, s: str | None) -> float:
    if not s:
        return 1.0
    key = re.sub(r"[\s\-]+", " ", s.lower())
    return lex.scales.get(key, 1.0)


def find_amounts(text: str, lang: str) -> list[Amount]:
    """Every money amount in `text`, in order; hedged ones carry approx and the hedge."""
    lex = _lexicon(lang)
    out: list[Amount] = []
    for m in lex.regex.finditer(text):
        g = m.groupdict()
        kind = "a" if g["a_cur"] else "b" if g["b_cur"] else "w"
        start, end = m.start(), m.end()
        if kind == "w":
            value_start = _words_amount(text, m, lang, out)
            if value_start is None:
                continue
            value, start = value_start
            value = _scaled(value, _scale(lex, g["w_scale"]))
            currency = _currency(lex, g["w_cur"] or g["w_cur2"])
            num2 = None
        else:
            value = parse_digits(g[f"{kind}_num"], lang)
            if value is None:
                continue
            value = _scaled(value, _scale(lex, g[f"{kind}_scale"]))
            currency = _currency(lex, g[f"{kind}_cur"])
            num2 = g[f"{kind}_num2"]
        if currency is None:
            continue
        amount = Amount(start, end, text[start:end], value, currency, rule_id=f"money.{kind}")
        if num2 is not None:
            amount.approx, amount.hedge, amount.rule_id = True, "range", "money.range"
        hedge = hedge_before(text, start, lang)
        if hedge:
            amount.approx, amount.hedge = True, hedge
        out.append(amount)
    return out


def _words_amount(
    text: str, m: re.Match[str], lang: str, found: list[Amount]
) -> tuple[float, int] | None:
    """(value, start) of the number words before a scale/currency match, else None."""
    floor = found[-1].end if found else 0
    window_start = max(floor, m.start() - 80)
    words = trailing_number_words(text[window_start:m.start()], lang)
    if words is None:
        return None
    value, offset = words
    return value, window_start + offset
