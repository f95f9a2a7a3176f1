"""Which words are deal, order, payment or bill nouns (`rules/<lang>/deals.toml`).

Its own module, below money and hedges: a hedge reads it ("ein Auftrag über 650 Millionen"
states a value) and so do the deal and relation rules, without importing each other.
"""

from __future__ import annotations

from functools import cache

from pipeline.facts.lemmas import lemma
from pipeline.facts.lexicon import lang_toml


@cache
def _kinds(lang: str) -> dict[str, str]:
    """Deal, order, payment and bill words -> their kind (orders first)."""
    conf = lang_toml(lang, "deals")
    out: dict[str, str] = {}
    for kind, key in (("order", "order_nouns"), ("deal", "nouns"),
                      ("payment", "payment_nouns"), ("bill", "bill_nouns")):
        for w in conf.get(key, []):
            out.setdefault(w.lower(), kind)
    return out


@cache
def compound_kinds(lang: str) -> tuple[tuple[str, str], ...]:
    """(ending, kind) for languages that build compounds ("Rahmenvertrag", "Jahresmiete"),
    orders first; empty elsewhere."""
    conf = lang_toml(lang, "deals")
    if not conf.get("compounds", False):
        return ()
    return tuple((w.lower(), kind) for kind, key in (("order", "order_nouns"), ("deal", "nouns"),
                                                     ("payment", "payment_nouns"))
                 for w in sorted(conf.get(key, [])) if len(w) >= 5)


@cache
def _suffixes(lang: str) -> tuple[str, ...]:
    return tuple(s for s, _ in compound_kinds(lang))


def deal_noun(word: str, lang: str) -> str | None:
    """The kind of deal noun `word` is (order, deal, payment, bill), in any inflection and,
    where the language builds compounds, at the end of one ("Rahmenverträge"); else None."""
    kinds = _kinds(lang)
    low, lem = word.lower(), lemma(word, lang)
    kind = kinds.get(low) or kinds.get(lem)
    if kind is None and _suffixes(lang):
        for form in (low, lem):
            if form.endswith(_suffixes(lang)):
                return next(k for s, k in compound_kinds(lang) if form.endswith(s))
    return kind
