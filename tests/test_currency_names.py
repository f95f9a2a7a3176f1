"""Currency names from CLDR (pipeline/facts/currency_names.py) as money.py reads them."""

from __future__ import annotations

import pytest

from pipeline.facts.currency_names import bare_names, current_currencies, full_names
from pipeline.facts.money import find_amounts

M = 1_000_000


def test_current_currencies_hold_the_majors_and_not_retired_ones() -> None:
    codes = current_currencies()
    assert {"USD", "EUR", "KRW", "MAD", "COP", "BRL", "CHF", "INR"} <= codes
    assert not {"FIM", "ESP", "DEM"} & codes


@pytest.mark.parametrize("lang,name,code", [
    ("en", "swiss francs", "CHF"), ("it", "franchi svizzeri", "CHF"),
    ("de", "brasilianische real", "BRL"), ("fr", "dirhams marocains", "MAD"),
    ("es", "pesos colombianos", "COP"), ("es", "wons surcoreanos", "KRW"),
])
def test_full_names_map_to_one_code(lang: str, name: str, code: str) -> None:
    assert full_names(lang)[name] == code


def test_bare_heads_are_unique_or_ambiguous() -> None:
    assert bare_names("de")["franken"] == "CHF"
    assert bare_names("en")["won"] == "KRW"  # bare_preference over KPW
    assert bare_names("es")["pesos"] == ""  # MXN, COP, ARS, ...: the word alone does not tell


@pytest.mark.parametrize("lang,text,value,currency", [
    ("en", "Samsung pays the studio 2 trillion won a year.", 2e12, "KRW"),
    ("en", "a contract worth 3.5 billion Moroccan dirhams", 3.5e9, "MAD"),
    ("it", "un accordo da 40 milioni di franchi svizzeri", 40 * M, "CHF"),
    ("de", "zahlt jährlich 12 Millionen Franken", 12 * M, "CHF"),
    ("fr", "un contrat de 200 millions de réals brésiliens", 200 * M, "BRL"),
    ("es", "pagará 500 millones de pesos colombianos", 500 * M, "COP"),
    ("en", "fees of 20,000 rupees a month", 20_000, "INR"),
])
def test_cldr_names_are_amounts(lang: str, text: str, value: float, currency: str) -> None:
    found = find_amounts(text, lang)
    assert [(a.value, a.currency) for a in found] == [(value, currency)]


@pytest.mark.parametrize("lang,text", [
    ("en", "The team that in 2023 won the tender."),
    ("en", "It has 5 real problems."),
    ("es", "En 2021 real Madrid ganó."),
])
def test_bare_head_needs_a_scale_or_grouped_number(lang: str, text: str) -> None:
    assert find_amounts(text, lang) == []
