"""Hedge words that make an amount approximate ("nearly $20M", "quasi 20 milioni").

The words are data in `rules/<lang>/hedges.toml` (`hedges = [...]`); a hedge counts only
when it directly precedes the amount (whitespace between them, nothing else).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.facts.deal_words import deal_noun
from pipeline.facts.lexicon import lang_toml

_WINDOW = 40  # characters looked at before an amount


@cache
def _hedge_regex(lang: str) -> re.Pattern[str] | None:
    words = lang_toml(lang, "hedges").get("hedges", [])
    if not words:
        return None
    words = sorted(set(words), key=lambda s: (-len(s), s))
    alt = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    return re.compile(rf"(?<![^\W\d_])(?i:{alt})\s*\Z")


def hedge_before(text: str, start: int, lang: str) -> str | None:
    """The hedge that ends right before `text[start]`, as written, or None."""
    regex = _hedge_regex(lang)
    if regex is None:
        return None
    window = text[max(0, start - _WINDOW):start]
    m = regex.search(window)
    if m is None:
        return None
    word = m.group(0).strip()
    if word.lower() in _value_words(lang) and _after_deal_noun(window[:m.start()], lang):
        return None
    return word


@cache
def _value_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in lang_toml(lang, "hedges").get("value_after_deal", []))


@cache
def _phrase_joins(lang: str) -> frozenset[str]:
    """Words a noun phrase may hold between its head and the value word, the value word too."""
    return _value_words(lang) | frozenset(lang_toml(lang, "hedges").get("phrase_joins", []))


def _after_deal_noun(before: str, lang: str) -> bool:
    """Whether the noun phrase that ends `before` is headed by a deal, order or payment noun
    of the deals lexicon: "ein Auftrag über 650 Millionen", "den Auftrag der Bundeswehr
    über ..." (the order's value, no hedge); "zahlt mit über 5 Millionen" keeps its hedge.
    The phrase is walked back over nouns (capitalised) and the articles between them."""
    joins = _phrase_joins(lang)
    for word in reversed(_WORD.findall(before.rsplit(",", 1)[-1])[-5:]):
        if deal_noun(word, lang) is not None:
            return True
        if not word[:1].isupper() and word.lower() not in joins:
            return False
    return False


_WORD = re.compile(r"[^\W\d_]+")


def hedge_words(lang: str) -> list[str]:
    """The hedge words of `lang` (for other modules' cue lists)."""
    return list(lang_toml(lang, "hedges").get("hedges", []))
