"""Lemmas of single words through simplemma's dictionaries, cached per (word, language).

Lexicons list lemmas ("pagare", "liefern"), so every inflected form of a cue word is found
without typing it; simplemma covers the five languages with one pure-Python lookup.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1 << 17)
def lemma(word: str, lang: str) -> str:
    """Lower-case lemma of `word` in `lang` (the word itself, lower-cased, when unknown)."""
    import simplemma

    low = word.lower()
    try:
        return simplemma.lemmatize(low, lang=lang).lower()
    except ValueError:  # a language simplemma does not know
        return low
