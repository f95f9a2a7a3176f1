"""Sports clubs and leagues among the parties: who takes sponsorship and media-rights money.

A kit sponsor pays the club, a broadcaster pays the league; the verbs of such stories often
leave the direction open ("Arsenal's tie-up with Emirates", "the ACC's package with ESPN").
A party is a sports body when one of the nicknames lexicons (`rules/<lang>/nicknames.toml`,
every language: "Arsenal" is a club in Italian news too) lists its name, or when its name
holds a word that only sports bodies' names use (`companies.toml` `sports_name_words`:
"FC", "Calcio", "Ligue"). The scorer has a feature for it (scorer.py, "sport"; weighed once
the model is retrained with it), and a back-reference by a club's or league's noun ("au
club alsacien") stands for the one such body named (clauses.head_named).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.facts.gazetteer import fold
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.nlp import LANGS


@cache
def _club_names() -> frozenset[str]:
    """Folded names of every club the nicknames lexicons list, in any language."""
    from pipeline.facts.nicknames import lexicon

    return frozenset(fold(n) for lang in LANGS for c in lexicon(lang).clubs for n in c.names)


@cache
def _key(lang: str, key: str) -> frozenset[str]:
    """A word list of `rules/<lang>/companies.toml`, lower-cased."""
    return frozenset(w.lower() for w in lang_toml(lang, "companies").get(key, []))


def _holds(name: str, words: frozenset[str]) -> bool:
    return any(w.lower() in words for w in re.findall(r"[\w+]+", name))


@lru_cache(maxsize=4096)
def is_sports_body(name: str, lang: str) -> bool:
    """Whether `name` names a sports club, team or league ("Hannover 96", "Lega Serie A").
    Cached: the scorer asks for every party of every reading."""
    return fold(name) in _club_names() or _holds(name, _key(lang, "sports_name_words"))


def is_league(name: str, lang: str) -> bool:
    """Whether `name` names a league or federation rather than a club ("Liga MX", "NFL"):
    `companies.toml` `league_name_words`."""
    return _holds(name, _key(lang, "league_name_words"))


def fits_head(name: str, head: str, lang: str) -> bool:
    """Whether a sports body named so fits a back-reference's noun: a league's noun
    (`league_heads`: "la ligue") a league, a club's ("le club", "il club regiomontano") a
    club, never a league."""
    if not is_sports_body(name, lang):
        return False
    return is_league(name, lang) == (head in _key(lang, "league_heads"))


def sports_heads(lang: str) -> frozenset[str]:
    """Nouns that refer back to a club or league ("le club", "the league", "der Verein"):
    `companies.toml` `sports_heads`."""
    return _key(lang, "sports_heads")


def sponsor_heads(lang: str) -> frozenset[str]:
    """Nouns that refer back to a club's sponsor or kit supplier ("l'équipementier", "the
    kit supplier", "der Ausrüster"): `companies.toml` `sponsor_heads`. Such a noun stands
    for the one named party that is no sports body."""
    return _key(lang, "sponsor_heads")
