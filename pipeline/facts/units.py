"""Units of measure per language, from CLDR through Babel: an amount followed by "per" and
a unit ("6,50 Euro je Quadratmeter", "65 francs CFA le kilowattheure", "$80 per barrel")
is the price of one unit, not a sum paid.

The unit names (singular and plural, long and short forms) and the word for "per" come
from Babel's locale data, so every unit CLDR knows is covered in every language without a
typed list; money.toml `unit_price_words` adds the articles a language also says it with
("le kilowattheure", "al metro quadrato", "je Tonne"). Durations are left out: "per year"
and "a month" are periods (periods.py), not units.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pipeline.facts.lexicon import lang_toml

_SKIP_KINDS = ("duration-", "concentr-", "general-")


@cache
def unit_names(lang: str) -> frozenset[str]:
    """Lower-cased names of CLDR's units in `lang` and its regional locales (not durations),
    two characters or more; a short form that is also a word of the language ("in" for
    inches) is left out."""
    import simplemma
    from babel import Locale, UnknownLocaleError

    try:
        data = Locale.parse(lang)._data
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names: set[str] = set()
    for key, widths, width in _patterns(lang, data):
        if key.startswith(_SKIP_KINDS):
            continue
        for plural, pattern in dict(widths.get(width, {})).items():
            if plural == "per" or not isinstance(pattern, str):
                continue
            name = pattern.replace("{0}", "").replace("\xa0", " ").replace("\u202f", " ")
            name = name.strip()
            if len(name) < 2 or name[0].isdigit():
                continue
            if width == "short" and name.isalpha() and simplemma.is_known(name, lang=lang):
                continue  # "in" (inches), "t": a word of the language first
            names.add(name.lower())
    return frozenset(names)


def _patterns(lang: str, data: Any) -> Iterator[tuple[str, Any, str]]:
    """(unit, its patterns, width): the language's own long and short names, and the long
    names its regional locales write ("tonnes" in en_GB, where en says "metric tons")."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    for key, widths in data["unit_patterns"].items():
        yield key, widths, "long"
        yield key, widths, "short"
    for ident in locale_identifiers():
        if ident.startswith(f"{lang}_"):
            local = Locale.parse(ident)._data.get("unit_patterns", {})
            for key, widths in local.items():
                yield key, widths, "long"


@cache
def per_words(lang: str) -> tuple[str, ...]:
    """How `lang` says "per" before a unit: CLDR's compound pattern ("{0} pro {1}") and the
    language's own articles (money.toml `unit_price_words`)."""
    from babel import Locale, UnknownLocaleError

    words = set(lang_toml(lang, "money").get("unit_price_words", []))
    try:
        per = dict(Locale.parse(lang)._data["compound_unit_patterns"]["per"]["long"])
    except (UnknownLocaleError, ValueError, KeyError):
        per = {}
    pattern = per.get("compound")
    middle = pattern.replace("{0}", "").replace("{1}", "").strip() if isinstance(pattern, str) \
        else ""
    if middle.isalpha():
        words.add(middle)
    return tuple(sorted(words, key=len, reverse=True))


@cache
def unit_price_regex(lang: str) -> re.Pattern[str] | None:
    """The words right after an amount that make it a unit's price: a "per" word and a
    CLDR unit name."""
    names, per = unit_names(lang), per_words(lang)
    if not names or not per:
        return None
    units = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pers = "|".join(re.escape(w) for w in per)
    # a currency code the amount left out may stand between ("65 francs CFA le kilowattheure")
    return re.compile(rf"\s*(?:[A-Z]{{2,4}}\s+)?(?i:(?:{pers})(?:\s+|(?<=['’]))(?:{units}))(?![\w²³])")


__all__ = ["per_words", "unit_names", "unit_price_regex"]
