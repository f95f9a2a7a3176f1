"""Sports clubs named by their nicknames ("i bianconeri", "the Gunners", "los colchoneros").

Sports pages name a club once and then by its colours or its nickname: "Jeep versa ai
bianconeri 45 milioni". Such a word is no capitalised name, so the mention finder misses
it, and many nicknames fit several clubs ("rossoblù": Genoa, Bologna, Cagliari). The
lexicon (`rules/<lang>/nicknames.toml`) lists, per club, the names the press gives it and
its nicknames in that language; a nickname stands for a club only when the article names
exactly one of the clubs it fits, so a nickname never brings a club the article does not
speak of (and "les Verts" stays the party unless Saint-Étienne is in the story).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.facts.lexicon import lang_toml


@dataclass(frozen=True)
class Club:
    names: tuple[str, ...]  # how the press names it, the usual form first
    nicknames: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    clubs: tuple[Club, ...]
    by_nickname: dict[str, tuple[Club, ...]]  # folded nickname -> the clubs it fits
    pattern: re.Pattern[str] | None
    words: frozenset[str] = frozenset()  # every word of a nickname: a sentence with none has none


@cache
def lexicon(lang: str) -> Lexicon:
    data = lang_toml(lang, "nicknames")
    clubs = tuple(Club(tuple(c["names"]), tuple(c["nicknames"])) for c in data.get("club", []))
    by: dict[str, list[Club]] = {}
    for c in clubs:
        for n in c.nicknames:
            by.setdefault(n.lower(), []).append(c)
    if not by:
        return Lexicon(clubs, {}, None)
    alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    dets = data.get("determiners", [])
    heads = data.get("heads", [])
    det = rf"(?:{alt(dets)})\s+" if dets else ""
    head = rf"(?:(?P<head>{alt(heads)})\s+)?" if heads else ""
    # a lower-case nickname is a noun after a determiner ("ai bianconeri") or an adjective
    # after a club's head noun ("la società nerazzurra"); a capitalised one stands alone
    # ("the Gunners" is matched with or without its article)
    pattern = re.compile(
        rf"(?<![\w-])(?:(?P<det>{det}){head}(?P<nick>{alt(by)})|(?P<cap>{alt(by)}))(?![\w-])",
        re.IGNORECASE)
    return Lexicon(clubs, {k: tuple(v) for k, v in by.items()}, pattern,
                   frozenset(_WORD.findall(" ".join(by))))


def phrases(sentence: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, nickname) of each nickname phrase of a sentence: from the club's head
    noun when there is one ("la società nerazzurra"), else the nickname alone."""
    lex = lexicon(lang)
    if lex.pattern is None or lex.words.isdisjoint(_WORD.findall(sentence.lower())):
        return []  # the usual case, found by a set test before the long pattern
    out = []
    for m in lex.pattern.finditer(sentence):
        if m.group("nick"):
            s = m.start("head") if m.groupdict().get("head") else m.start("nick")
            out.append((s, m.end("nick"), m.group("nick")))
        elif m.group("cap")[:1].isupper():  # a bare lower-case word is anyone's adjective
            out.append((m.start("cap"), m.end("cap"), m.group("cap")))
    return out


_WORD = re.compile(r"[^\W\d_]+")


def club(nickname: str, lang: str, article: str) -> str | None:
    """The club a nickname stands for in `article`: the one club it fits that the article
    names (in the article's own form of the name), else None."""
    named = [n for n in (_named(c, article) for c in lexicon(lang).by_nickname.get(
        nickname.lower(), ())) if n]
    return named[0] if len(named) == 1 else None


def _named(club: Club, article: str) -> str | None:
    """The form of the club's name the article uses first (the longest there: "Atlético de
    Madrid" over "Atlético"), if any."""
    found = [(m.start(), -len(n), n) for n in club.names
             for m in [re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", article)] if m]
    return min(found)[2] if found else None


__all__ = ["Club", "club", "lexicon", "phrases"]
