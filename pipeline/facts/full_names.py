"""A party named by its bare institution head ("il Comune", "la Provincia", "die Stadt")
gets the full name the article gives that body elsewhere ("Provincia di Siena", "Stadt
Essen").

News names a public body in full once and by its head noun after that; a store row whose
payer is "Provincia" says nothing. The full name is taken only when the article gives
exactly one: the head, a connector ("di", "de la", "für") and a capitalised name, or the
head and a city or country name ("Stadt Essen"). Heads, connectors and articles are the
language's companies.toml data.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.facts.company_rules import rules
from pipeline.facts.gazetteer import canonical_name, fold
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.name_shapes import person_name
from pipeline.facts.places import city_names, country_names

_CAP = r"[^\W\d_a-zà-ÿ][\w’'-]*"


def complete(name: str, text: str, lang: str) -> str:
    """`name`, or the one full name `text` gives the institution `name` is the head of."""
    if not name or " " in name.strip() or fold(name) not in _heads(lang):
        return name
    found = set()
    for m in _pattern(lang, name.strip().lower()).finditer(text):
        rest = m.group("rest")
        if m.group("conn") is None and fold(rest) not in _places(lang) and \
                not _bare_names(lang):
            continue  # "überwies die Stadt Geld": a German noun, not a name
        full = m.group(0)
        words = full.split()
        cut = next((k for k in range(2, len(words) - 1) if person_name(words[k:k + 2], lang)), None)
        if cut is not None:  # "Poste Italiane Francesco Caio": a person after the name
            full = " ".join(words[:cut])
        found.add(canonical_name(full, lang))
    if len({fold(f) for f in found}) != 1:
        return name
    full = found.pop()
    return full[0].upper() + full[1:] if name[:1].isupper() else full


@cache
def _heads(lang: str) -> frozenset[str]:
    r = rules(lang)
    return frozenset(fold(h) for h in r.institution_heads | r.lower_heads)


@cache
def _bare_names(lang: str) -> bool:
    """Whether a capitalised word right after the head names the body in this language
    ("Lega Serie A", "Regione Lombardia"; companies.toml `head_then_name`): not where
    nouns are capitalised (German), nor in English ("the Council Tax")."""
    return bool(lang_toml(lang, "companies").get("head_then_name", False))


@cache
def _places(lang: str) -> frozenset[str]:
    return city_names(lang) | country_names(lang)


@cache
def _pattern(lang: str, head: str) -> re.Pattern[str]:
    r = rules(lang)
    conns = sorted(r.head_connectors | r.connectors, key=len, reverse=True)
    arts = sorted(r.field_articles, key=len, reverse=True)

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) + (r"\s*" if w[-1:] in "'’" else r"\s+") for w in words)

    conn = rf"(?P<conn>(?:{alt(conns)})(?:{alt(arts)})?)" if conns else "(?P<conn>(?!))"
    inner = rf"(?:{alt(conns)})?" if conns else ""  # "Miranda de Ebro"
    rest = rf"(?P<rest>{_CAP}(?:\s+{inner}{_CAP}){{0,3}})"
    return re.compile(rf"(?<!\w)(?i:{re.escape(head)})\s+(?:{conn})?{rest}")


__all__ = ["complete"]
