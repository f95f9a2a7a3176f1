"""hedge_before: hedge words right before an amount, per language."""

from __future__ import annotations

import pytest

from pipeline.facts.hedges import hedge_before, hedge_words
from pipeline.facts.money import find_amounts

HEDGED = [
    ("en", "nearly", "$20M"), ("en", "almost", "$20M"), ("en", "about", "$20M"),
    ("en", "around", "$20M"), ("en", "roughly", "$20M"), ("en", "approximately", "$20M"),
    ("en", "close to", "$20M"), ("en", "some", "$20M"), ("en", "more than", "$20M"),
    ("en", "over", "$20M"), ("en", "up to", "$20M"), ("en", "as much as", "$20M"),
    ("en", "an estimated", "$20M"),
    ("it", "quasi", "20 milioni di euro"), ("it", "circa", "20 milioni di euro"),
    ("it", "oltre", "20 milioni di euro"), ("it", "più di", "20 milioni di euro"),
    ("it", "fino a", "20 milioni di euro"), ("it", "intorno a", "20 milioni di euro"),
    ("it", "all'incirca", "20 milioni di euro"),
    ("de", "rund", "20 Mio. Euro"), ("de", "etwa", "20 Mio. Euro"), ("de", "fast", "20 Mio. Euro"),
    ("de", "knapp", "20 Mio. Euro"), ("de", "mehr als", "20 Mio. Euro"),
    ("de", "über", "20 Mio. Euro"), ("de", "bis zu", "20 Mio. Euro"),
    ("de", "ungefähr", "20 Mio. Euro"), ("de", "ca.", "20 Mio. Euro"),
    ("fr", "près de", "20 millions d'euros"), ("fr", "environ", "20 millions d'euros"),
    ("fr", "plus de", "20 millions d'euros"), ("fr", "jusqu'à", "20 millions d'euros"),
    ("fr", "quelque", "20 millions d'euros"), ("fr", "presque", "20 millions d'euros"),
    ("es", "casi", "20 millones de euros"), ("es", "cerca de", "20 millones de euros"),
    ("es", "alrededor de", "20 millones de euros"), ("es", "unos", "20 millones de euros"),
    ("es", "más de", "20 millones de euros"), ("es", "hasta", "20 millones de euros"),
    ("es", "aproximadamente", "20 millones de euros"),
]


@pytest.mark.parametrize("lang,hedge,amount", HEDGED)
def test_hedge_sets_approx(lang: str, hedge: str, amount: str) -> None:
    text = f"X {hedge} {amount} Y"
    (a,) = find_amounts(text, lang)
    assert a.text == amount
    assert (a.approx, a.hedge) == (True, hedge)


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "Nearly everyone agreed; it pays $20M"),  # hedge far from the amount
        ("en", "It pays handsome $20M"),  # "some" inside a word
        ("it", "Quasi tutti pagano 20 milioni di euro"),
        ("de", "Rund um die Uhr zahlt sie 20 Mio. Euro"),
    ],
)
def test_no_hedge_unless_directly_before(lang: str, text: str) -> None:
    (a,) = find_amounts(text, lang)
    assert (a.approx, a.hedge) == (False, None)


def test_hedge_before_is_case_insensitive_and_returns_text_as_written() -> None:
    text = "Close to $5M"
    assert hedge_before(text, text.index("$"), "en") == "Close to"


def test_every_language_has_hedges() -> None:
    for lang in ("en", "it", "de", "fr", "es"):
        assert len(hedge_words(lang)) >= 6


@pytest.mark.parametrize("text,approx", [
    # after a deal, order or payment noun, "über" gives the deal's value: no hedge
    ("Velmora erhielt einen Auftrag über 20 Mio. Euro.", False),
    ("Velmora erhielt den Auftrag der Bundeswehr über 650 Millionen Euro.", False),
    ("Die Stadt vergab Rahmenverträge über 1,2 Mrd. Euro.", False),  # plural compound
    ("Die Zahlungen über 4 Mio. Euro sind fällig.", False),
    # elsewhere it still means "more than"
    ("Die Bahn zahlt mit über 5 Millionen Euro mehr.", True),
    ("Der Vertrag bringt der Stadt über 3 Millionen Euro.", True),  # a verb between
])
def test_german_ueber_after_a_deal_noun_is_the_value_not_a_hedge(text: str, approx: bool
                                                                  ) -> None:
    (a,) = find_amounts(text, "de")
    assert a.approx is approx
