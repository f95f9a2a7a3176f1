"""Hedge words that make an amount approximate ("nearly $20M", "quasi 20 milioni").

The words are data in `rules/<lang>/hedges.toml` (`hedges = [...]`); a hedge counts only
when it directly precedes the amount (whitespace between them, nothing else).
"""

from __future__ import annotations

import re
from functools import cache

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
    return m.group(0).strip() if m else None


def hedge_words(lang: str) -> list[str]:
    """The hedge words of `lang` (for other modules' cue lists)."""
    return list(lang_toml(lang, "hedges").get("hedges", []))
