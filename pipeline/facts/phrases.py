"""Lexicon phrases as regular expressions: one lookup key per phrase, one prefix-tree
regex for many phrases (money, periods and cue lists all match phrases this way).
"""

from __future__ import annotations

import re
from functools import cache


def norm_phrase(p: str) -> str:
    """The lookup key of a phrase as written: lower case, one space for spaces/hyphens."""
    return re.sub(r"[\s\-]+", " ", p.strip().lower()).replace("’", "'")


def alternation(words: list[str]) -> str:
    """Literal words as one regex alternation, longest first (so "es decir" wins over "es")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def has_word_cue(text: str, cues: tuple[str, ...]) -> bool:
    """Whether any of `cues` stands in `text` as whole words, in any case."""
    rx = _word_cues_re(cues)
    return rx is not None and rx.search(text) is not None


@cache
def _word_cues_re(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled regex per cue list."""
    if not cues:
        return None
    return re.compile(rf"(?<!\w)(?:{alternation(list(cues))})(?!\w)", re.IGNORECASE)


def phrase_regex(items: list[str], *, phrase: bool = True, boundary: bool = False) -> str:
    """One regex for many literal phrases, as a prefix tree (fast: no long alternation).

    With `phrase`, spaces and hyphens match any run of spaces/hyphens and apostrophes
    match straight or curly ones (items are folded with norm_phrase: use it inside (?i:)).
    With `boundary`, a phrase ending in a letter or digit must not be followed by a letter.
    Longer phrases win; the regex backtracks to shorter ones.
    """
    trie: dict[str, dict] = {}
    for item in set(items):
        node = trie
        for ch in norm_phrase(item) if phrase else item:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"  # matches nothing

    def char(c: str) -> str:
        if phrase and c == " ":
            return r"[\s\-]+"
        if phrase and c == "'":
            return "['’]"
        return re.escape(c)

    def render(node: dict[str, dict], last: str) -> str:
        alts = [char(k) + render(node[k], k) for k in sorted(k for k in node if k)]
        if "" in node:
            end = r"(?![^\W\d_])" if boundary and last.isalnum() else ""
            if not alts:
                return end
            if not end:
                return f"(?:{'|'.join(alts)})?"
            alts.append(end)
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return render(trie, "")
