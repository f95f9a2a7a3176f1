"""A party named by a bare institution head takes the one full name its article gives."""

from __future__ import annotations

import pytest

from pipeline.facts.extractor import Extractor
from pipeline.facts.full_names import complete


@pytest.mark.parametrize("name,text,lang,expected", [
    ("Provincia", "Provincia di Siena e Vetrano hanno firmato. La Provincia verserà...", "it",
     "Provincia di Siena"),
    ("Ayuntamiento", "El Ayuntamiento de Miranda de Ebro cobra... el Ayuntamiento", "es",
     "Ayuntamiento de Miranda de Ebro"),
    ("Ville", "La Ville de Lyon a voté. La Ville paiera...", "fr", "Ville de Lyon"),
    # two bodies with the same head: which one is meant is not said
    ("Comune", "Il Comune di Asti e il Comune di Alba... il Comune", "it", "Comune"),
    # a company's name is never rewritten
    ("Vetrano", "Vetrano di Siena...", "it", "Vetrano"),
    # a German noun after the head is no name
    ("Stadt", "Die Stadt Geld überwiesen... die Stadt", "de", "Stadt"),
    # in Italian, French and Spanish a capitalised word after the head names the body
    ("Lega", "L'assemblea della Lega Basket Nord ha scelto Orvane. Orvane verserà alla Lega "
             "3 milioni.", "it", "Lega Basket Nord"),
    ("Région", "La Région Grand Ouest a choisi Orvane. Orvane versera à la Région...", "fr",
     "Région Grand Ouest"),
    # but not in English ("the Council Tax")
    ("Council", "Orvane collects the Council Tax for the Council...", "en", "Council"),
    # nor the person who speaks for it
    ("Regione", "La Regione Molise Marco Rossi ha detto... la Regione", "it", "Regione Molise"),
])
def test_complete(name: str, text: str, lang: str, expected: str) -> None:
    assert complete(name, text, lang) == expected


def test_a_fact_names_the_province_in_full() -> None:
    text = ("Provincia di Siena e Vetrano hanno firmato una convenzione per il raccordo. "
            "In base all'intesa, la Provincia verserà a Vetrano un contributo di 700mila euro.")
    facts = Extractor(prefer_statistical=False).extract(text, "it").facts
    assert [(f.payer, f.payee, f.amount) for f in facts] == \
        [("Provincia di Siena", "Vetrano", 700000.0)]
