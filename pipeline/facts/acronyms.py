"""A short form in brackets says where the long name it abbreviates begins.

"La Gerencia de Informática de la Seguridad Social (GISS)", "die Kölner Verkehrs-Betriebe
(KVB)", "l'Agenzia spaziale europea (Esa)": capitalisation alone cuts such names at their
connectors ("de la") or at their lower-case words, and a cut name is a wrong party. The
bracketed initials are evidence of the whole name: walking back from the bracket, the words
whose initials spell the short form, connectors and articles skipped, are that name.
"""

from __future__ import annotations

import re

from pipeline.facts.tokens import Token

_SHORT = re.compile(r"\s*\(\s*([A-ZÀ-Ý][A-Za-zÀ-ÿ.&]{1,9})\s*\)")
MAX_WORDS = 12


def _initials(word: str) -> list[str]:
    """What a word may give an acronym: its first letter, or one per hyphenated part
    ("Verkehrs-Betriebe" -> "v" or "vb")."""
    parts = [p for p in re.split(r"[-‐]", word) if p]
    out = [word[0].lower()]
    if len(parts) > 1:
        out.append("".join(p[0].lower() for p in parts))
    return out


def _spells(words: list[str], letters: str, skippable: frozenset[str]) -> bool:
    """Whether `words`, in order, spell `letters` with their initials: a skippable word
    (connector, article, preposition) gives its initial or nothing, every other word one."""
    if not words:
        return not letters
    w, rest = words[0], words[1:]
    if w.lower() in skippable and _spells(rest, letters, skippable):
        return True
    return any(letters.startswith(i) and _spells(rest, letters[len(i):], skippable)
               for i in _initials(w))


def acronym_start(sentence: str, toks: list[Token], end: int,
                  skippable: frozenset[str]) -> int | None:
    """Where the name ending at `end` begins, when a bracketed short form follows it and
    spells the initials of a longer run of words than the one ending there; else None."""
    m = _SHORT.match(sentence, end)
    if m is None:
        return None
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", m.group(1)).lower()
    if len(letters) < 2:
        return None
    last = next((k for k in range(len(toks) - 1, -1, -1) if toks[k].end <= end), None)
    if last is None:
        return None
    best = None
    for k in range(last, max(-1, last - MAX_WORDS), -1):
        t = toks[k]
        if not re.match(r"[\wÀ-ÿ]", t.text) or (k < last and sentence[t.end:toks[k + 1].start]
                                                    not in (" ", "")):
            break  # punctuation or a gap other than a space ends the name
        if t.text[0].isupper() and t.text.lower() not in skippable and \
                _spells([x.text for x in toks[k:last + 1]], letters, skippable):
            best = k  # the longest run that spells it, starting on a capitalised word
    return toks[best].start if best is not None else None


__all__ = ["acronym_start"]
