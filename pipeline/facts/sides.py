"""Who buys and who sells: the deal lexicon (rules/<lang>/deals.toml) and the sides it gives.

A public body (a ministry, an army, a city, a state) buys; a descriptor or apposition says
a party's side ("the planemaker Avialta": seller; "the customer": buyer); a league, club
or federation sells its rights. Read by deals.py (a deal's direction), relations.py (a
payee named by description) and scorer.py (features), so it imports none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.facts.companies import Mention
from pipeline.facts.gazetteer import company_role, fold
from pipeline.facts.lemmas import lemma
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.phrases import alternation
from pipeline.facts.places import country_names
from pipeline.facts.view import SentenceView

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class _Rules:
    nouns: frozenset[str]
    order_nouns: frozenset[str]
    order_markers: frozenset[str]
    seller_name_words: frozenset[str]
    payment_nouns: frozenset[str]
    bill_nouns: frozenset[str]
    value_words: frozenset[str]
    partner_markers: frozenset[str]
    payee_markers: frozenset[str]
    from_markers: frozenset[str]
    owner_markers: frozenset[str]
    public_heads: frozenset[str]
    public_suffixes: tuple[str, ...]
    seller_heads: frozenset[str]
    buyer_heads: frozenset[str]
    definite: frozenset[str]
    countries: frozenset[str]
    compounds: bool  # German: "Rahmenvertrag", "Jahresmiete" end with a deal noun
    value_nouns: frozenset[str] = frozenset()  # "der Auftragswert": a deal's value, named before
    company_words: frozenset[str] = frozenset()  # "Systems", "GmbH": a firm's name, not a body
    copulas: tuple[str, ...] = ()  # "Auftraggeber ist X": the head before says X's side


@cache
def rules(lang: str) -> _Rules:
    d = lang_toml(lang, "deals")

    def low(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in d.get(key, []))

    return _Rules(
        nouns=low("nouns"), order_nouns=low("order_nouns"), order_markers=low("order_markers"),
        seller_name_words=low("seller_name_words"),
        payment_nouns=low("payment_nouns"), bill_nouns=low("bill_nouns"),
        value_words=low("value_words"), partner_markers=low("partner_markers"),
        payee_markers=low("payee_markers"), from_markers=low("from_markers"),
        owner_markers=low("owner_markers"), public_heads=low("public_heads"),
        public_suffixes=tuple(w.lower() for w in d.get("public_suffixes", [])),
        seller_heads=low("seller_heads"), buyer_heads=low("buyer_heads"),
        definite=low("definite"), countries=country_names(lang),
        compounds=bool(d.get("compounds", False)), value_nouns=low("value_nouns"),
        company_words=low("company_words"),
        copulas=tuple(w.lower() for w in d.get("copulas", [])),
    )


def is_public(m: Mention, lang: str) -> bool:
    """Whether a mention names a public body: a ministry, army, agency, city or state."""
    r = rules(lang)
    if fold(m.name) in r.countries or company_role(m.name) == "public":
        return True
    name = [w.lower() for w in _WORD.findall(m.text)]
    if len(name) > 1 and name[-1] in r.company_words:
        return False  # "General Dynamics European Land Systems": "Land" inside a firm's
        # name, which a firm's word closes ("Marine Corps Systems Command" stays public)
    words = name + [w.lower() for w in _WORD.findall(f"{m.parent} {m.organ}")]
    return any(w in r.public_heads or lemma(w, lang) in r.public_heads
               or (len(w) > 6 and w.endswith(r.public_suffixes)) for w in words)


def side(view: SentenceView, m: Mention, r: _Rules) -> str | None:
    """"seller" or "buyer" when a descriptor before the name ("the planemaker Avialta")
    or an apposition after it ("Alstom, the French train maker,") says so; a league, club
    or federation sells its rights ("Premier League", "FC Bayern")."""
    text = view.text
    if any(w.lower() in r.seller_name_words for w in _WORD.findall(m.name)) or \
            company_role(m.name) == "vendor":
        return "seller"
    words = [w.lower() for w in _WORD.findall(text[m.run_start:m.start])]
    if m.kind == "coref":  # "con il costruttore francese": the back-reference's own head
        words += [w.lower() for w in _WORD.findall(m.text)]
    appos = re.match(r"\s*,\s*([^,;:()]{1,60}?)\s*[,;:)]", text[m.end:])
    if appos:
        words += [w.lower() for w in _WORD.findall(appos.group(1))]
    predicate = _predicate_head(text[:m.run_start], r)
    if predicate:
        words.append(predicate)  # "Auftraggeber ist die Nawaro GmbH": nearest of all
    for w in reversed(words):
        lem = lemma(w, view.lang)
        if w in r.seller_heads or lem in r.seller_heads or \
                any(w.endswith(h) for h in r.seller_heads if len(h) > 5):
            return "seller"
        if w in r.buyer_heads or lem in r.buyer_heads:
            return "buyer"
    return None


def _predicate_head(before: str, r: _Rules) -> str | None:
    """The noun a copula joins to the name that follows ("Auftraggeber ist die Nawaro
    Engineering GmbH", "the customer is X", "committente è X"), lower-cased; a side's head
    there says the name's side as an apposition would."""
    if not r.copulas:
        return None
    rx = _predicate_re(r.copulas, r.definite)
    found = rx.search(before[-80:])
    return found.group(1).lower() if found else None


@cache
def _predicate_re(copulas: tuple[str, ...], definite: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"([^\W\d_]+)\s+(?:{alternation(list(copulas))})\s+"
                      rf"(?:(?:{alternation(sorted(definite))})\s*)?(?:[^\W\d_]+\s+)?$",
                      re.IGNORECASE)
