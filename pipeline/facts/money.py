"""Find money amounts in text ("$20M", "1,5 Mrd. Euro", "venti milioni di dollari").

Everything language-specific is data: symbols and ISO codes in `rules/currencies.toml`;
number format, scale words, currency words and minor units in `rules/<lang>/money.toml`;
hedges in `rules/<lang>/hedges.toml`. One regex per language is compiled once and cached.

An amount needs a currency (symbol, code or word): bare numbers ("2024", "25%",
"20 million users") are never amounts. A currency word mapped to "" in the rules is a
currency whose ISO code the word alone does not tell ("francs"): it is returned with
currency None. A range ("$10-15 million", "$10 to 15 million", "between 10 and 15
million dollars") yields its lower bound, marked approximate with hedge "range": a lower
bound is a safe reading, an invented midpoint is not. "10 bis 15 Mio. Euro" keeps 15
million, approximate (it may be a change, "from 10 to 15"). Two amounts that form a range
("$10M-$15M", "entre 10 M€ et 15 M€") are both kept and both marked approximate.
Elliptic amounts ("... e 1,1 milioni all'anno") take the currency named before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from pipeline.exceptions import ConfigError
from pipeline.facts.currency_names import (
    bare_names,
    full_names,
    glued_symbols,
    local_symbols,
    shared_symbols,
)
from pipeline.facts.hedges import hedge_before
from pipeline.facts.lemmas import lemma, participle_infinitives
from pipeline.facts.lexicon import lang_jsonl, lang_toml, load_toml
from pipeline.facts.numbers import (
    digits_pattern,
    parse_digits,
    parse_words,
    trailing_number_words,
)
from pipeline.facts.phrases import norm_phrase, phrase_regex
from pipeline.facts.units import unit_price_regex

_WB = r"(?![^\W\d_])"  # not followed by a letter
_LB = r"(?<![^\W\d_])"  # not preceded by a letter
_TOKEN = re.compile(r"[^\W\d_]+")
_WORDS = r"[^\W\d_]+(?:[\s\-]+[^\W\d_]+){0,3}"


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
    currency_word: str | None = None  # an ambiguous currency word ("pesos"), to resolve
    per_unit: bool = False  # the price of one unit ("$54.20 a share"): money, but no sum paid
    restated: bool = False  # another amount again, in a currency not known ("(N3.68 billion)")
    # an elliptic amount's period when its clause states none: that of the amount whose
    # currency it takes ("30 milioni a stagione ... la Fiorentina incassa 25 milioni")
    shared_period: str | None = None


@dataclass(frozen=True)
class _Lexicon:
    regex: re.Pattern[str]
    bare: re.Pattern[str]  # number + scale with no currency ("1,1 milioni")
    standalone: frozenset[str]  # scale words that are numbers alone ("mil millones")
    cue_tokens: frozenset[str]  # lower-cased word tokens of currencies, minor units, scales
    cue_codes: frozenset[str]
    tail_minor: re.Pattern[str]
    tail_end: re.Pattern[str]
    scales: dict[str, float]
    words: dict[str, str]
    minor: dict[str, tuple[float, str]]
    symbols: dict[str, str]
    codes: dict[str, str]
    code_scales: dict[str, float]
    bare_words: frozenset[str]  # CLDR head nouns ("won"): amounts only with a scale
    folded_symbols: dict[str, str]  # letter symbols in any case ("KSh" for CLDR's "Ksh")
    glued: dict[str, str]  # short letter symbols, money only glued to a number and a scale
    marks: re.Pattern[str]  # a symbol's non-letter character, or a glued symbol before a
    # digit ("R4bn"): the cues that are no words, in one scan


def _symbol_regex(symbol: str) -> str:
    """A symbol as a regex. Letter prefixes of two or more letters ("HK$") may be written
    lower-case or apart ("hk $"); one-letter ones ("A$", "C$") only as written, so that
    "A $20M deal" and "Series C $20M" stay USD. Letter suffixes ("$US", "$ CAD") may
    stand apart."""
    m = re.fullmatch(r"([A-Za-z.]+)([$¥])", symbol)
    if m:
        letters, sign = m.groups()
        if len(letters.rstrip(".")) >= 2 and letters != "US":
            return rf"(?<![\w'’])(?i:{re.escape(letters)})\s?{re.escape(sign)}"
        if letters == "US":
            return rf"(?<![\w'’]){re.escape(letters)}\s?{re.escape(sign)}"
        return rf"(?<![\w'’]){re.escape(symbol)}"
    m = re.fullmatch(r"([$¥])([A-Z]{2,3})", symbol)
    if m:
        return rf"{re.escape(m.group(1))}\s?{m.group(2)}{_WB}"
    if symbol.isalpha() and len(symbol) >= 3:  # "Ksh", written "KSh" and "KSH" too
        return rf"(?<![\w'’])(?i:{re.escape(symbol)})"
    if re.match(r"[A-Za-z]", symbol):  # "Rs.", "zł": not the end of a longer word
        return rf"(?<![\w'’]){re.escape(symbol)}"
    return re.escape(symbol)


def _first_chars(items: list[str], *, fold: bool) -> str:
    chars = {i[0] for i in items if i}
    if fold:
        chars |= {c.upper() for c in chars} | {c.lower() for c in chars}
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else "(?!)"


@cache
def _currency_tables() -> tuple[dict[str, str], dict[str, str], dict[str, float]]:
    """(symbols, codes -> ISO, scaled codes -> scale) from rules/currencies.toml."""
    conf = load_toml("currencies.toml")
    # CLDR's local symbols ("Ksh"), those of several currencies ("FCFA": "", resolved by
    # the country the text names), the typed table first
    symbols = {**dict.fromkeys(shared_symbols(), ""), **local_symbols(),
               **{k: v for k, v in conf.get("symbols", {}).items() if isinstance(v, str)}}
    aliases = conf.get("code_aliases", {})
    codes = {c: aliases.get(c, c) for c in conf.get("codes", [])}
    code_scales = {}
    for code, spec in conf.get("scaled_codes", {}).items():
        try:
            codes[code], code_scales[code] = str(spec["currency"]), float(spec["scale"])
        except (TypeError, KeyError, ValueError) as e:
            raise ConfigError(f"rules/currencies.toml: scaled_codes.{code}: {e}") from e
    return symbols, codes, code_scales


@cache
def _lexicon(lang: str) -> _Lexicon:
    conf = lang_toml(lang, "money")
    symbols, codes, code_scales = _currency_tables()
    try:
        scales = {norm_phrase(k): float(v) for k, v in conf.get("scales", {}).items()}
        typed = {norm_phrase(k): str(v) for k, v in conf.get("currencies", {}).items()}
        minor = {
            norm_phrase(k): (float(v.get("factor", 0.01)), str(v.get("currency", "")))
            for k, v in conf.get("minor_units", {}).items()
        }
    except (TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"rules/{lang}/money.toml: malformed table: {e}") from e
    bare = {norm_phrase(k): v for k, v in bare_names(lang).items()}
    words = {**bare, **{norm_phrase(k): v for k, v in full_names(lang).items()}, **typed}
    bare_words = frozenset(bare) - set(typed)
    connectors = conf.get("connectors", [])

    sym = "|".join(_symbol_regex(s) for s in sorted(symbols, key=lambda s: (-len(s), s)))
    glued = {k: v for k, v in glued_symbols().items() if k not in symbols}
    # one lookbehind and a first-letter test in front of all glued symbols, longest first:
    # the same matches as one branch per symbol, without ~30 lookbehinds at every character
    glued_keys = "|".join(re.escape(k) for k in sorted(glued, key=lambda k: (-len(k), k)))
    glued_rx = (rf"(?<![\w'’$.&-])(?={_first_chars(list(glued), fold=False)})"
                rf"(?:{glued_keys})(?=\d)") if glued else "(?!)"
    code = rf"{_LB}(?:{phrase_regex(list(codes), phrase=False)}){_WB}"
    word = rf"{_LB}(?i:{phrase_regex(list(words))}){_WB}"
    minor_rx = rf"{_LB}(?i:{phrase_regex(list(minor))}){_WB}"
    scale = rf"(?i:{phrase_regex(list(scales))})" + r"(?:(?<=\.)|(?![^\W\d_]))"
    conn = rf"(?i:{phrase_regex(connectors)})\s?" if connectors else ""
    # A scale after the currency ("75 USD million"): words only, never a number word
    standalone = frozenset(norm_phrase(w) for w in conf.get("standalone_scales", []))
    scale2 = phrase_regex([k for k in scales if len(k) > 2 and k not in standalone])
    scale2 = rf"(?i:{scale2})(?![^\W\d_])"
    num = digits_pattern(lang)
    rng = r"\s?[-–]\s?"
    # After a symbol ("$10 to 15 million") a range word is safe; after a bare number it
    # is not ("rose in 2023 to 5 million dollars"), so B ranges take hyphens only.
    range_words = conf.get("range_words", [])
    rng_a = rf"(?:{rng}|\s+(?i:{phrase_regex(range_words)})\s+)" if range_words else rng
    # A: symbol or code first: "$20M", "US$ 3 billion", "CHF 40 Mio.", "$10-15 million"
    a = (
        rf"(?P<a_cur>{sym}|{code}|{glued_rx})\s?(?P<a_num>{num})(?:{rng_a}(?P<a_num2>{num}))?"
        rf"(?:[\s\-]?(?P<a_scale>{scale}))?"
    )
    # "deux milliards et demi d'euros": half the scale word again
    halves = conf.get("half_after_scale", [])

    def half(branch: str) -> str:
        if not halves:
            return ""
        return rf"(?:\s+(?P<{branch}_half>(?i:{phrase_regex(halves)})(?![^\W\d_])))?"

    # B: number first: "20 Mio. US-Dollar", "20 milioni di dollari", "20 M€", "34 cents"
    b = (
        rf"(?P<b_num>{num})(?:{rng}(?P<b_num2>{num}))?"
        rf"(?:[\s\-]?(?P<b_scale>{scale}){half('b')})?"
        rf"[\s\-]?(?:{conn})?(?:(?P<b_cur>(?:{sym})(?!\s?\d)|{code}|{word})"
        rf"(?:\s(?P<b_scale2>{scale2}))?|(?P<b_minor>{minor_rx}))"
    )
    # W: number words, read backwards from here: "(venti) milioni di dollari"
    w = (
        rf"{_LB}(?P<w_scale>{scale}){half('w')}[\s\-]?(?:{conn})?"
        rf"(?P<w_cur>{sym}|{code}|{word})"
        rf"|(?P<w_cur2>{word})|(?P<w_minor>{minor_rx})"
    )
    # A cheap first-character test in front of each branch keeps the scan fast.
    letters = {k.lower(): v for k, v in symbols.items() if k.isalpha() and len(k) >= 3}
    folded = [x for x in symbols if re.fullmatch(r"[A-Za-z.]{2,}[$¥]", x) and x[:2] != "US"]
    folded += list(letters)  # "ksh", "SHS": letter symbols match in any case
    a_first = _first_chars([*symbols, *codes, *(x.lower() for x in folded),
                            *(x.upper() for x in folded), *glued], fold=False)
    w_first = _first_chars([*scales, *words, *minor], fold=True)
    regex = re.compile(rf"(?={a_first})(?:{a})|(?=\d)(?:{b})|{_LB}(?={w_first})(?:{w})")
    cue_tokens = frozenset(
        _cue_token(entry)
        for entry in [*words, *minor, *(s for s in scales if len(s) > 2),
                      # a symbol with a non-letter ("A$", "US$") is caught by marks
                      *(s for s in symbols if not re.search(r"[^\w.]", s))]
        if _TOKEN.search(entry)
    )
    chars = sorted({ch for s in symbols for ch in s if not ch.isalpha() and ch not in "."})
    cue_chars = re.compile("[" + "".join(re.escape(c) for c in chars) + "]" if chars else "(?!)")
    # "15 dollars and 15 cents", "zwei Euro fünfzig": the minor part after a currency word
    and_ = conf.get("cents_connectors", [])
    pre = rf"\s*(?:(?i:{phrase_regex(and_)})\s+)?" if and_ else r"\s*"
    part = rf"(?P<n>\d{{1,2}}(?![\d.,]\d)|{_WORDS})"
    tail_minor = re.compile(rf"{pre}{part}\s+(?P<minor>{minor_rx})")
    tail_end = re.compile(rf"{pre}{part}(?=\s*(?:[.!?;]|$))")
    ones = phrase_regex(conf.get("one_words", []))
    one = rf"|(?<![^\W\d_])(?P<one>(?i:{ones}))\s" if ones else ""
    bare_num = re.compile(rf"(?:(?P<num>{num}){one})\s?(?P<scale>{scale})")
    return _Lexicon(
        regex, bare_num, standalone, cue_tokens, frozenset(codes),
        tail_minor, tail_end, scales, words, minor, symbols, codes, code_scales, bare_words,
        letters, glued, re.compile(rf"{cue_chars.pattern}|{glued_rx}"),
    )


def _cue_token(entry: str) -> str:
    """The longest word of a lexicon entry: every match of the entry contains it, and it is
    never a function word ("di" in "dollari di Hong Kong", "a" in "A$")."""
    return max(_TOKEN.findall(entry), key=len).lower()


def has_money_cue(text: str, lang: str) -> bool:
    """True when `text` holds a currency symbol, code, currency word or scale word (cheap).

    Every amount find_amounts can return contains such a cue, so a False here means
    find_amounts would return [].
    """
    lex = _lexicon(lang)
    if lex.marks.search(text):
        return True
    toks = _TOKEN.findall(text)
    return not (lex.cue_codes.isdisjoint(toks)
                and lex.cue_tokens.isdisjoint(map(str.lower, toks)))


def money_cue_positions(text: str, lang: str) -> list[int]:
    """Where the money cues of `text` stand (the cues `has_money_cue` tests): one pass
    over a whole text tells which of its sentences can hold an amount."""
    return [m.start() for m in _cue_regex(lang).finditer(text)]


@cache
def _cue_regex(lang: str) -> re.Pattern[str]:
    """One regex for every money cue: symbols, codes (as written), words (any case)."""
    lex = _lexicon(lang)
    codes = phrase_regex(list(lex.cue_codes), phrase=False)
    words = phrase_regex(list(lex.cue_tokens), phrase=False)
    return re.compile(rf"{lex.marks.pattern}|{_LB}(?:{codes}){_WB}|{_LB}(?i:{words}){_WB}")


def _currency(lex: _Lexicon, s: str) -> str | None:
    """ISO code for a symbol, code or word; "" for a currency word of unknown country."""
    s = s.strip()
    if s in lex.codes:
        return lex.codes[s]
    compact = re.sub(r"\s+", "", s)
    for form in (compact, compact.upper()):
        if form in lex.symbols:
            return lex.symbols[form]
    if compact in lex.glued:
        return lex.glued[compact]
    folded = lex.folded_symbols.get(compact.lower())  # "" for a shared one ("shs")
    return folded if folded is not None else lex.words.get(norm_phrase(s))


def _scaled(value: float, scale: float) -> float:
    """value x scale without binary noise: 16.4 x 1e6 is 16_400_000.0, not ...999998."""
    return float(Decimal(repr(value)) * Decimal(repr(scale)))


def _scale(lex: _Lexicon, s: str | None) -> float:
    return lex.scales.get(norm_phrase(s), 1.0) if s else 1.0


def has_bare_amount(text: str, lang: str) -> bool:
    """Whether `text` holds a number with a scale word ("80 milioni", "quattro milioni"):
    an elliptic amount when the text before named a currency."""
    lex = _lexicon(lang)
    return lex.bare.search(text) is not None or bool(_bare_numbers(text, lang, lex))


def find_amounts(text: str, lang: str, context_currency: str | None = None) -> list[Amount]:
    """Every money amount in `text`, in order; hedged ones carry approx and the hedge.

    `context_currency`: the currency the sentences before were speaking of, which an
    elliptic amount of this one takes ("Sky verserà 110 milioni di euro. Amazon pagherà 80
    milioni per ...")."""
    lex = _lexicon(lang)
    out: list[Amount] = []
    if not has_money_cue(text, lang) and (context_currency is None or
                                          not lex.bare.search(text)):
        return out
    for m in lex.regex.finditer(text):
        if out and m.start() < out[-1].end:
            continue
        amount = _amount(text, m, lang, lex, out)
        if amount is None or _vague(text, amount, lang):
            continue
        hedge = hedge_before(text, amount.start, lang)
        if hedge:
            amount.approx, amount.hedge = True, hedge
        out.append(amount)
    out = _with_elliptic(text, lang, lex, out, context_currency)
    if out:
        out = _compounded(text, lang, lex, out)
        out = _continued(text, lang, lex, out)
        out = _coordinated(text, lang, lex, out)
        _decimal_comma(lang, lex, out)
        for a in out:
            a.per_unit = _unit_price(text, a, lang)
        _mark_ranges(text, lang, out)
    return out


def _decimal_comma(lang: str, lex: _Lexicon, found: list[Amount]) -> None:
    """"4,245 millones de euros" is 4.245 million: where the language's press writes both
    conventions (Spanish: Mexico groups thousands with a comma, Spain and the euro area write
    decimals so), a comma before three digits and a scale word is a decimal comma in the
    currencies money.toml `decimal_comma_currencies` lists."""
    codes = lang_toml(lang, "money").get("decimal_comma_currencies", [])
    if not codes:
        return
    for a in found:
        m = re.match(r"(\d{1,3}),(\d{3})\s+([^\W\d_]+)", a.text)
        if a.currency in codes and m and m.group(3).lower() in lex.scales:
            a.value = a.value / 1000


def _vague(text: str, a: Amount, lang: str) -> bool:
    """"several hundred million dollars", "mehrere zehn Millionen Euro": a number word after
    a vague quantifier (money.toml `vague_quantifiers`) counts hundreds or tens of an
    unknown number, so no amount is stated."""
    rx = _vague_regex(lang)
    return rx is not None and text[a.start:a.start + 1].isalpha() and \
        rx.search(text, max(0, a.start - 30), a.start) is not None


@cache
def _vague_regex(lang: str) -> re.Pattern[str] | None:
    words = lang_toml(lang, "money").get("vague_quantifiers", [])
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?i:{alt})\s+$")


def _unit_price(text: str, a: Amount, lang: str) -> bool:
    """"a 11,99 euro l'una", "$54.20 a share", "25 Euro pro Stück", "6,50 Euro je
    Quadratmeter": the price of one unit (money.toml `per_unit`, or a unit of measure CLDR
    names, units.py) is no sum paid."""
    rx, before = _per_unit_regex(lang)
    units = unit_price_regex(lang)
    return (rx is not None and rx.match(text, a.end) is not None) or (
        before is not None and before.search(text, max(0, a.start - 40), a.start) is not None
    ) or (units is not None and units.match(text, a.end) is not None)


@cache
def _per_unit_regex(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(the words after an amount, the words right before it) that make it a unit price."""
    conf = lang_toml(lang, "money")
    after = before = None
    if words := conf.get("per_unit", []):
        alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        after = re.compile(rf"\s*,?\s*(?i:{alt})(?!\w)")
    if words := conf.get("per_unit_before", []):
        alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        before = re.compile(rf"(?<!\w)(?i:{alt})\s+(?:(?:US)?[$€£]\s?)?$")
    return after, before


def _compounded(text: str, lang: str, lex: _Lexicon, found: list[Amount]) -> list[Amount]:
    """Amounts written in parts take them all: "356 millones 860 mil pesos", "4 milioni e
    850 mila euro", "22 millones 466 mil 880 pesos" (larger scales before, each above the
    sum so far), and in Mexican style "mil 877 millones de pesos", "15 mil 994 millones
    602 mil pesos" (thousands of the part's own scale, money.toml `thousands_of_scale`);
    read alone, the last part is a fraction of the amount. A part under a thousand joins
    only a thousands part before it ("466 mil 880 pesos")."""
    larger, thousands = _compound_regexes(lang)
    out: list[Amount] = []
    for a in found:
        lead = _LEAD_NUMBER.match(a.text)
        n = parse_digits(lead.group(0), lang) if lead else None
        if not n or n >= 1000:
            out.append(a)
            continue
        own = a.value / n  # the scale of the part read so far
        value, start = a.value, a.start
        while True:
            window = text[max(0, start - 40):start]
            m = larger.search(window) if larger else None
            if m and _scale(lex, m.group("scale")) > own and \
                    value < _scale(lex, m.group("scale")) and \
                    (value >= 1000 or _scale(lex, m.group("scale")) == 1000):
                own = _scale(lex, m.group("scale"))
                value += _scaled(parse_digits(m.group("num"), lang) or 0.0, own)
            elif thousands and own >= 1e6 and value >= 1000 and \
                    (m := thousands.search(window)):
                value += _scaled(float(m.group("num") or 1) * 1000, own)
                own *= 1000
            else:
                break
            start -= len(window) - m.start()
        if start == a.start:
            out.append(a)
            continue
        while out and out[-1].end > start:  # the first part, read as an amount of its own
            out.pop()
        out.append(replace(a, start=start, text=text[start:a.end], value=value))
    return out


def _coordinated(text: str, lang: str, lex: _Lexicon, found: list[Amount]) -> list[Amount]:
    """A number coordinated before an amount shares its scale and currency: "por 269,86 y
    233,56 millones respectivamente", "3 and 4.5 million dollars"; not a range ("entre 10 y
    15 millones", read by `_mark_ranges`) nor a year ("en 2023 y 5 millones")."""
    rx = _coordinated_regex(lang)
    between, _ = _range_regexes(lang)
    extra = []
    for a in found:
        lead = _LEAD_NUMBER.match(a.text)
        n = parse_digits(lead.group(0), lang) if lead else None
        scale = round(a.value / n) if n else 0
        if rx is None or scale < 1e3 or abs(a.value / n - scale) > 1e-6 * scale:
            continue  # no scale word ("20 euros"), or a compound ("4 milioni e 850 mila")
        m = rx.search(text, max(0, a.start - 30), a.start)
        if m is None or any(b.start < m.end() and m.start() < b.end for b in found):
            continue
        value = parse_digits(m.group("num"), lang)
        year = re.fullmatch(r"(?:1[89]|2[01])\d\d", m.group("num")) is not None
        if value is None or year or (between and between.search(
                text[max(0, m.start() - 40):m.start()] + m.group(0))):
            continue
        extra.append(replace(a, start=m.start("num"), end=m.end("num"), text=m.group("num"),
                             value=_scaled(value, scale), rule_id="money.coordinated"))
    return sorted(found + extra, key=lambda x: x.start) if extra else found


@cache
def _coordinated_regex(lang: str) -> re.Pattern[str] | None:
    ands = [w for w in lang_toml(lang, "cues").get("and_words", []) if w.isalpha()]
    if not ands:
        return None
    return re.compile(rf"(?P<num>{digits_pattern(lang)})\s+(?:{'|'.join(ands)})\s+$")


_LEAD_NUMBER = re.compile(r"\d[\d.,' ]*\d|\d")


def _continued(text: str, lang: str, lex: _Lexicon, found: list[Amount]) -> list[Amount]:
    """Amounts whose symbol comes first take the parts written after their scale: "Q86 mil
    750" is 86,750, "S/ 8 millones 968 mil 183,79" 8,968,183.79, "US$ 3 millones 200 mil"
    3.2 million (each part's scale below the one before it; a last part of three digits,
    cents allowed, only after a thousands word), as `_compounded` reads them when the
    currency comes last."""
    parts = _part_regex(lang)
    if parts is None:
        return found
    out: list[Amount] = []
    for a in found:
        tail = re.search(r"(?i:[^\W\d_]+)\.?$", a.text)
        own = _scale(lex, tail.group(0)) if tail else 1.0
        value, end = a.value, a.end
        if own < 1000 or a.rule_id == "money.minor":
            out.append(a)
            continue
        while (m := parts.match(text, end)) is not None:
            if m.group("scale"):
                scale = _scale(lex, m.group("scale"))
                if not 1000 <= scale < own:
                    break
            elif own != 1000:
                break
            else:
                scale = 1.0
            n = parse_digits(m.group("num") or m.group("num3"), lang)
            if n is None:
                break
            value, end, own = value + _scaled(n, scale), m.end(), scale
            if scale == 1.0:
                break
        if end == a.end:
            out.append(a)
            continue
        out.append(replace(a, end=end, text=text[a.start:end], value=value))
    merged: list[Amount] = []
    for a in out:  # a part read as an amount of its own goes
        if merged and a.start < merged[-1].end:
            continue
        merged.append(a)
    return merged


@cache
def _part_regex(lang: str) -> re.Pattern[str] | None:
    """A part after an amount's scale: "<1-3 digits> <smaller scale>", or three digits
    (with cents in the language's decimal mark) ending the amount."""
    scales = sorted(lang_toml(lang, "money").get("scales", {}), key=len, reverse=True)
    if not scales:
        return None
    dec = re.escape(lang_toml(lang, "money").get("decimal", "."))
    alt = "|".join(re.escape(w) for w in scales)
    return re.compile(rf"[ \u00a0](?:(?P<num>\d{{1,3}})[ \u00a0](?i:(?P<scale>{alt}))(?![^\W\d_])"
                      rf"|(?P<num3>\d{{3}}(?:{dec}\d{{1,2}})?)(?![\d.,]?\d))")


@cache
def _compound_regexes(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    conf = lang_toml(lang, "money")
    scales = sorted(conf.get("scales", {}), key=len, reverse=True)
    ands = lang_toml(lang, "cues").get("and_words", [])
    larger = None
    if scales:
        and_alt = "|".join(re.escape(w) for w in ands if w.isalpha())
        conj = rf"(?:(?:{and_alt})\s+)?" if and_alt else ""
        larger = re.compile(rf"(?P<num>{digits_pattern(lang)})\s+(?i:(?P<scale>"
                            rf"{'|'.join(re.escape(w) for w in scales)}))\s+{conj}$")
    words = conf.get("thousands_of_scale", [])
    thousands = re.compile(rf"(?:(?<![\d.,])(?P<num>\d{{1,3}})\s+)?(?<!\w)(?i:"
                           rf"{'|'.join(re.escape(w) for w in words)})\s+$") if words else None
    return larger, thousands


@cache
def _range_regexes(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(between-and before an amount, "<n> to" before an amount) for `lang`."""
    conf = lang_toml(lang, "money")
    pairs = conf.get("between", [])
    words = conf.get("range_words", [])
    between = to = None
    if pairs:
        firsts = phrase_regex([p[0] for p in pairs])
        seconds = phrase_regex([p[1] for p in pairs])
        between = re.compile(
            rf"(?<![^\W\d_])(?i:{firsts})\s+(?P<low>\d[\d.,]*)"
            rf"(?:\s+(?i:{seconds})\s+|(?P<gap>\s*\S*\s+(?i:{seconds})\s+))\Z"
        )
    if words:
        to = re.compile(rf"(?<![\d.,])(?P<low>\d[\d.,]*)\s+(?i:{phrase_regex(words)})\s+\Z")
    return between, to


def _extend_to_lower_bound(
    text: str, lang: str, a: Amount, m: re.Match[str], offset: int
) -> None:
    """"between 10 and 15 million dollars": read as 10 million, approximate."""
    a.approx, a.hedge = True, a.hedge or "range"
    own = re.match(digits_pattern(lang), a.text)
    low = parse_digits(m.group("low"), lang)
    high = parse_digits(own.group(0), lang) if own else None
    if low is None or not high or low >= high:
        return
    a.value = float(Decimal(repr(low)) * Decimal(repr(a.value)) / Decimal(repr(high)))
    a.start = offset + m.start("low")
    a.text = text[a.start:a.end]
    a.rule_id = "money.range"


def _mark_ranges(text: str, lang: str, found: list[Amount]) -> None:
    """Ranges: "between 10 and 15 million dollars" reads as its lower bound; "10 to 15
    million dollars" keeps 15 million (it may be a change, "from 10 to 15"); both are
    approximate, and so are both amounts of "$10M-$15M" and "between $10M and $15M"."""
    between, to = _range_regexes(lang)
    for a in found:
        head = text[max(0, a.start - 40):a.start]
        m = between.search(head) if between else None
        if m and not m.group("gap"):
            _extend_to_lower_bound(text, lang, a, m, max(0, a.start - 40))
            continue
        m = to.search(head) if to else None
        if m:
            own = re.match(digits_pattern(lang), a.text)
            low = parse_digits(m.group("low"), lang)
            high = parse_digits(own.group(0), lang) if own else None
            if low is not None and high and low < high:
                a.approx, a.hedge = True, a.hedge or "range"
    for a, b in zip(found, found[1:], strict=False):
        if a.currency != b.currency:
            continue
        gap = text[a.end:b.start]
        pair = re.fullmatch(r"\s*[-–]\s*", gap) is not None
        if not pair and between is not None:
            m = between.search(text[max(0, a.start - 40):a.start] + "0 " + gap.strip() + " ")
            pair = m is not None and m.group("gap") is None
        if pair:
            for x in (a, b):
                x.approx, x.hedge = True, x.hedge or "range"


def _with_elliptic(text: str, lang: str, lex: _Lexicon, found: list[Amount],
                   context_currency: str | None = None) -> list[Amount]:
    """Add elliptic amounts: a number with a scale word and no currency, "1,1 milioni
    all'anno" after "90.000 euro al mese ... e", or "por 998 millones." after "2.445
    millones de euros". It counts when a period phrase follows it or it closes its phrase
    (punctuation or a coordinator next, never a noun: "20 millones de usuarios" is no
    amount), and takes the currency of the nearest amount before it in the same text, or
    none (the caller may know it from the sentences before) (rule money.elliptic)."""
    from pipeline.facts.periods import find_periods

    extra = []
    for n in _bare_numbers(text, lang, lex):
        if any(a.start < n.end and n.start < a.end for a in found + extra):
            continue
        restated = _restatement(text, n.start, found)
        after = text[n.end:n.end + 40]
        periods = find_periods(after, lang)
        periodic = bool(periods) and not after[:periods[0].start].strip() \
            and periods[0].period != "total"
        # an amount before in an ambiguous currency word ("8.000 millones de pesos ... y
        # otros 1.505 millones") lends its word, resolved later like its own
        before = [a for a in found if a.end <= n.start and (a.currency or a.currency_word)]
        if not restated and not periodic and not _closes(after, lang) and \
                not (before and _clause_goes_on(after, lang)):
            continue
        value = n.value
        if value is None:
            continue
        if not before and not _price_word_before(text, n.start, lang) and \
                context_currency is None:
            continue  # "gli utenti sono 20 milioni": a count, not money
        value = _scaled(value, _scale(lex, n.scale))
        amount = Amount(n.start, n.end, text[n.start:n.end], value,
                        before[-1].currency if before else context_currency,
                        rule_id="money.elliptic",
                        currency_word=before[-1].currency_word if before else None,
                        restated=restated)
        hedge = hedge_before(text, n.start, lang)
        if hedge:
            amount.approx, amount.hedge = True, hedge
        extra.append(amount)
    extra += _grouped_elliptic(text, lang, found + extra)
    return sorted(found + extra, key=lambda a: a.start) if extra else found


def _restatement(text: str, start: int, found: list[Amount]) -> bool:
    """Whether a number with a scale word at `start` restates an amount in a currency the
    lexicon does not know: glued to a letter ("N3.68 billion": naira), or opening a
    parenthesis right after an amount ("$23 million (N3.68 billion)", "(about 4.6
    million)"). Read as an elliptic amount, it would take the currency before it and become
    a second, wrong payment: it stays an amount (no name is read in it) that pays nothing."""
    if start > 0 and text[start - 1].isalpha():
        return True
    opened = re.search(r"\(\s*(?:[^\W\d]{1,6}\s+)?\S{0,4}$", text[:start])
    return opened is not None and any(
        not text[a.end:opened.start()].strip() for a in found if a.end <= opened.start())


@dataclass
class _Bare:
    """A number with a scale word and no currency: its span, its value before the scale."""

    start: int
    end: int
    value: float | None
    scale: str | None


def _bare_numbers(text: str, lang: str, lex: _Lexicon) -> list[_Bare]:
    """Numbers with a scale word and no currency, in digits ("1,1 milioni") or in words
    ("quattro milioni l'anno", "zwei Millionen"), in order."""
    out = [_Bare(m.start(), m.end(),
                 parse_digits(m.group("num"), lang) if m.group("num") else 1.0,
                 m.group("scale")) for m in lex.bare.finditer(text)]
    taken = [(b.start, b.end) for b in out]
    for m in _scale_re(lang).finditer(text):
        if any(lo <= m.start() < hi for lo, hi in taken):
            continue
        lo = max(0, m.start() - 60)
        words = trailing_number_words(text[lo:m.start()], lang, offset=lo)
        if words is not None and words[0] >= 2 and not text[words[1]:m.start()].strip()[:1] \
                .isdigit():
            out.append(_Bare(words[1], m.end(), words[0], m.group("scale")))
    return sorted(out, key=lambda b: b.start)


@cache
def _scale_re(lang: str) -> re.Pattern[str]:
    """A scale word standing alone after a space ("milioni", "Millionen", "billion")."""
    scales = [k for k in _lexicon(lang).scales if len(k) > 2]
    return re.compile(rf"(?<=\s)(?P<scale>(?i:{phrase_regex(scales)})){_WB}")


# a number grouped in thousands and nothing else: "200.000", "70,000", "18 500"
_GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?![\w]|[.,]\d)")


def _grouped_elliptic(text: str, lang: str, found: list[Amount]) -> list[Amount]:
    """"el cantante Pablo cobrará 350.000 reales, Thiago Freitas 200.000 y Gisele Sousa
    70.000": after a sum in a currency, a number grouped in thousands that closes its
    phrase, with no scale word, is a sum in that currency too, when it is within a
    hundredfold of it (rule money.elliptic)."""
    out: list[Amount] = []
    for m in _GROUPED.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in found):
            continue
        before = [a for a in found if a.end <= m.start() and a.currency and
                  a.rule_id != "money.elliptic"]
        if not before or not _closes(text[m.end():m.end() + 40], lang):
            continue
        value = parse_digits(m.group(0), lang)
        if value is None or not before[-1].value / 100 <= value <= before[-1].value * 100:
            continue
        amount = Amount(m.start(), m.end(), m.group(0), value, before[-1].currency,
                        rule_id="money.elliptic", currency_word=before[-1].currency_word)
        hedge = hedge_before(text, m.start(), lang)
        if hedge:
            amount.approx, amount.hedge = True, hedge
        out.append(amount)
    return out


@cache
def _closers(lang: str) -> re.Pattern[str]:
    """Punctuation, a coordinator, a preposition that marks a party or a purpose ("y 12
    millones a los Xolos", "da 168 milioni per 21 convogli", "25 milioni da Mediacom",
    "1.505 millones por licitación") or a word that follows a sum (money.toml
    `elliptic_followers`: "3,5 milioni ciascuna", "780 milioni versati da"); not "20
    millones de usuarios", not "20 million over five years", not "20 Millionen Nutzer"."""
    cues = lang_toml(lang, "cues")
    marking = [w for w, cls in cues.get("marker_classes", {}).items()
               if cls in ("to", "for", "from", "by", "at")]
    words = cues.get("coordinators", []) + cues.get("and_words", []) + marking + \
        lang_toml(lang, "money").get("elliptic_followers", [])
    alts = "|".join(re.escape(w) for w in words if w.isalpha())
    return re.compile(rf"\s*(?:[,.;:)\]–—]|$|(?i:{alts})\b)" if alts else r"\s*(?:[,.;:)\]]|$)")


@cache
def _adjectives(lang: str) -> re.Pattern[str]:
    """money.toml `elliptic_adjectives` ("extra", "adicionales") right after an amount."""
    words = lang_toml(lang, "money").get("elliptic_adjectives", [])
    alts = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\s*(?i:{alts})\b") if alts else re.compile("(?!)")


def _price_word_before(text: str, pos: int, lang: str) -> bool:
    """"por 998 millones", "a 3.000 millones", "for 600 million": a word that introduces a
    price (rules/<lang>/money.toml `price_words`) stands right before the number."""
    words = lang_toml(lang, "money").get("price_words", [])
    before = _TOKEN.findall(text[max(0, pos - 30):pos])[-2:]  # the word, or one hedge later
    return any(w.lower() in words for w in before)


def _closes(after: str, lang: str) -> bool:
    """Whether an elliptic amount ends its phrase: punctuation or a coordinator follows, or
    a payment verb of the language ("780 milioni versati da Sky", "2 millones pagados")."""
    if _closers(lang).match(after) is not None or _owner_after(lang).match(after):
        return True
    adjective = _adjectives(lang).match(after)
    if adjective is not None:  # "400 million extra." or "... extra to Moderna", never
        # "400 million extra shots"
        return _closes(after[adjective.end():], lang)
    word = _NEXT_WORD.match(after)
    if word is None or not word.group(1).islower():
        return False
    verbs = _verb_lemmas(lang)
    return lemma(word.group(1), lang) in verbs or \
        any(v in verbs for v in participle_infinitives(word.group(1), lang))


def _clause_goes_on(after: str, lang: str) -> bool:
    """After a sum in a currency, whether an elliptic amount ends its noun phrase because
    its clause's verb follows ("602 milioni vanno all'azienda", "220 milioni destinati al
    gruppo": a word simplemma takes to an infinitive, cues.toml `infinitive_endings`) or the
    year it is of ("i 18,6 milioni del 2015")."""
    if re.match(r"\s+(?:[^\W\d_]{1,4}\s+)?(?:19|20)\d\d\b", after):
        return True
    adjective = _adjectives(lang).match(after)
    if adjective is not None:  # the word after "supplémentaires" says, not the adjective
        return _clause_goes_on(after[adjective.end():], lang)
    word = _NEXT_WORD.match(after)
    endings = tuple(lang_toml(lang, "cues").get("infinitive_endings", []))
    if word is None or not endings or not word.group(1).islower():
        return False
    low = word.group(1)
    base = lemma(low, lang)
    return (base != low and base.endswith(endings)) or \
        any(v.endswith(endings) for v in participle_infinitives(low, lang))


@cache
def _verb_lemmas(lang: str) -> frozenset[str]:
    """The lemmas of the payment verbs (rules/<lang>/verbs.jsonl)."""
    return frozenset(x.lower() for row in lang_jsonl(lang, "verbs") if not row.get("aux")
                     for x in row.get("lemmas", []))


@cache
def _owner_after(lang: str) -> re.Pattern[str]:
    """"i 6 milioni di Gate.io", "los 3 millones de Iberdrola": an of-preposition and a
    capitalised name, whose money it is (not "20 millones de usuarios")."""
    cues = lang_toml(lang, "cues")
    of = [w for w, cls in cues.get("marker_classes", {}).items() if cls == "of"]
    alts = "|".join(re.escape(w) + (r"\s*" if w.endswith("'") else r"\s+") for w in of)
    return re.compile(rf"\s*(?:{alts})(?=[A-ZÀ-Þ])") if alts else re.compile("(?!)")


_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _amount(
    text: str, m: re.Match[str], lang: str, lex: _Lexicon, found: list[Amount]
) -> Amount | None:
    g = m.groupdict()
    kind = "a" if g["a_cur"] else "b" if g["b_num"] else "w"
    start, end = m.start(), m.end()
    minor_word = g["b_minor"] or g["w_minor"]
    collective = None
    if kind == "w":
        words = _words_before(text, m, lang, found)
        if words is None and g["w_scale"]:
            words = collective = _collective_before(text, start, lang)
        if words is None and g["w_scale"] and norm_phrase(g["w_scale"]) in lex.standalone:
            words = (1.0, start)  # "mil millones de dólares"
        if words is None:
            return None
        value, start = words
        value = _scaled(value + (0.5 if g.get("w_half") else 0.0), _scale(lex, g["w_scale"]))
        cur_text = g["w_cur"] or g["w_cur2"]
    else:
        value = parse_digits(g[f"{kind}_num"], lang)
        if value is None:
            return None
        upper = parse_digits(g[f"{kind}_num2"], lang) if g[f"{kind}_num2"] else None
        scale = g[f"{kind}_scale"] or g.get(f"{kind}_scale2")
        if upper is None or upper >= value:
            value = _scaled(value + (0.5 if g.get(f"{kind}_half") else 0.0),
                            _scale(lex, scale))
        # else "$500,000-1 million": the scale belongs to the upper bound only
        cur_text = g[f"{kind}_cur"]
        if kind == "a" and cur_text in lex.glued and not scale:
            return None  # "R4bn" is money, "R4" or "Q3" is no amount
    if minor_word:
        factor, currency = lex.minor[norm_phrase(minor_word)]
        value = _scaled(value, factor)
        kind = "minor"
    else:
        currency = _currency(lex, cur_text)
        if currency is None:
            return None
        if norm_phrase(cur_text) in lex.bare_words and not (
                g.get(f"{kind}_scale") or g.get("w_scale") or _grouped(g.get(f"{kind}_num"))
                or _after_thousands(text, start, lang, lex)):
            return None  # "in 2023 won": a bare head noun needs "million" or "20,000"
        if cur_text in lex.code_scales:  # "30 MUSD", "TEUR 500"
            value = _scaled(value, lex.code_scales[cur_text])
        if cur_text[:1].isalpha() and not g.get(f"{kind}_scale"):
            end, value = _with_minor_part(text, end, value, lang, lex)
    amount = Amount(start, end, text[start:end], value, currency or None, rule_id=f"money.{kind}",
                    currency_word=norm_phrase(cur_text) if currency == "" and cur_text else None)
    if g.get("a_num2") or g.get("b_num2"):
        amount.approx, amount.hedge, amount.rule_id = True, "range", "money.range"
    if collective is not None:  # "une vingtaine de millions": about twenty
        amount.approx, amount.hedge = True, text[start:m.start()].split()[0]
    return amount


def _collective_before(text: str, pos: int, lang: str) -> tuple[float, int] | None:
    """(value, start) of a collective numeral right before a scale word: "une vingtaine
    de millions d'euros", "una ventina di milioni", "una veintena de millones"
    (rules/<lang>/money.toml `collectives`: the round number each stands for, and the
    words that join it to the scale); the amount it makes is approximate."""
    rx = _collective_re(lang)
    m = rx.search(text, max(0, pos - 40), pos) if rx is not None else None
    if m is None:
        return None
    table = lang_toml(lang, "money").get("collectives", {}).get("numerals", {})
    return float(table[m.group("word").lower()]), m.start("word")


@cache
def _collective_re(lang: str) -> re.Pattern[str] | None:
    conf = lang_toml(lang, "money").get("collectives", {})
    words = list(conf.get("numerals", {}))
    if not words:
        return None
    joiners = phrase_regex(conf.get("joiners", [])) or "(?!)"
    return re.compile(rf"{_LB}(?P<word>(?i:{phrase_regex(words)}))"
                      rf"(?:\s+(?i:{joiners}))?\s+$")


def _after_thousands(text: str, start: int, lang: str, lex: _Lexicon) -> bool:
    """Whether a thousands part stands right before `start`: "466 mil | 880 pesos"."""
    larger, _ = _compound_regexes(lang)
    m = larger.search(text, max(0, start - 40), start) if larger else None
    return m is not None and _scale(lex, m.group("scale")) == 1000


def _grouped(num: str | None) -> bool:
    """Whether a number is written with a thousands separator ("20,000", "1.500.000")."""
    return bool(num) and re.search(r"\d[.,\s\u00a0\u202f']\d{3}(?!\d)", num) is not None


def _with_minor_part(
    text: str, end: int, value: float, lang: str, lex: _Lexicon
) -> tuple[int, float]:
    """Extend "15 dollars" with "and 15 cents" / "fünfzig" (end of sentence) when present."""
    for regex in (lex.tail_minor, lex.tail_end):
        t = regex.match(text, end)
        if t is None:
            continue
        n = t.group("n")
        cents = parse_digits(n, lang) if n[0].isdigit() else parse_words(_dehyphen(n, lang), lang)
        if cents is None or not 0 < cents < 100 or cents != int(cents):
            continue
        if "minor" in t.groupdict() and t.group("minor"):
            factor = lex.minor[norm_phrase(t.group("minor"))][0]
        else:
            factor = 0.01
        return t.end(), float(Decimal(repr(value)) + Decimal(repr(cents)) * Decimal(repr(factor)))
    return end, value


def _dehyphen(s: str, lang: str) -> str:
    return s if lang == "fr" else s.replace("-", " ")


def _words_before(
    text: str, m: re.Match[str], lang: str, found: list[Amount]
) -> tuple[float, int] | None:
    """(value, start) of the number words before a scale/currency match, else None."""
    floor = found[-1].end if found else 0
    window_start = max(floor, m.start() - 80)
    return trailing_number_words(text[window_start:m.start()], lang, offset=window_start)
