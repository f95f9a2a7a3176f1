"""Word, elision ("l'", "dell'"), possessive ("'s") and punctuation tokens with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ELISION = r"(?i:l|d|s|c|j|m|n|t|qu|all|dall|dell|nell|sull|coll|un|quest|quell|lorsqu|puisqu|jusqu)['’]"


# an initialism keeps its last period ("U.S. Navy", "S.p.A."), other words do not
TOKEN_RE = re.compile(rf"{_ELISION}(?=[^\W\d_])|(?:[^\W\d_]{{1,2}}\.){{2,}}(?=\s|$)|"
                      rf"\w+(?:[-.+/]\w+)*|['’]s\b|\S")


OPENERS = frozenset({".", ":", ";", "!", "?", "«", "„", "‚", '"', "“", "(", "-", "–", "—", "•", "*"})


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Word, elision ("l'"), possessive ("'s") and punctuation tokens with offsets."""
    return [Token(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]


# --- rules -----------------------------------------------------------------------------

