"""An amount each member of a list pays or is paid (pipeline/facts/distributive.py).

Sentences written for these tests. The readings' probabilities are set by hand so that the
spreading itself is tested, whatever the shipped scorer makes of these sentences; one test
runs the whole extractor.
"""

from __future__ import annotations

import pytest

from pipeline.facts.distributive import (
    distributed,
    members,
    paired_amounts,
    respective,
    spread,
)
from pipeline.facts.extractor import Extractor
from pipeline.facts.relations import analyse_sentence
from pipeline.facts.view import Party, Scored, SentenceView


def view(text: str, lang: str) -> SentenceView:
    return analyse_sentence(text, lang)


def reading(v: SentenceView, payer: str, payee: str, score: float, amount: int = 0) -> Scored:
    def party(name: str) -> Party:
        m = next(m for m in v.mentions if m.name == name)
        return Party(m.name, m, "here")
    return Scored(party(payer), party(payee), v.amounts[amount], {}, None, score)


def pairs(groups: list[tuple[Scored, list[Scored]]]) -> list[tuple[str, str]]:
    return [(s.payer.name, s.payee.name) for base, group in groups for s in [base, *group]]


@pytest.mark.parametrize("lang,text", [
    ("en", "The Kelstone Port Authority awarded Orvane Marine and Telmark Dredging contracts "
           "worth $45 million each."),
    ("en", "Orvane Marine and Telmark Dredging each pay the Kelstone Port Authority $3 "
           "million for their berths."),
    ("it", "Il Comune di Valbruna verserà a Orvane Costruzioni e a Telmark Servizi 2 milioni "
           "di euro ciascuna."),
    ("de", "Die Stadt Kelsheim zahlt Orvane Bau und Telmark Service jeweils 4 Millionen Euro."),
    ("fr", "La Ville de Valbrune a attribué à Orvane Bâtiment et à Telmark Services deux lots "
           "de 6 millions d'euros chacun."),
    ("es", "El Ayuntamiento de Valbruna pagará a Orvane Obras y a Telmark Servicios 3 millones "
           "de euros cada una."),
])
def test_a_distributive_word_beside_the_amount(lang: str, text: str) -> None:
    """each, ciascuna, jeweils, chacun, cada una (cues.toml `distributive`)."""
    v = view(text, lang)
    assert len(v.amounts) == 1 and distributed(v, v.amounts[0])


@pytest.mark.parametrize("lang,text", [
    # a period: "each year" is how often, not who
    ("en", "Orvane Marine and Telmark Dredging pay the Kelstone Port Authority $3 million "
           "each year."),
    ("fr", "Orvane Bâtiment et Telmark Services versent à la Ville de Valbrune 6 millions "
           "d'euros chaque année."),
    # no distributive word: the list shares the sum
    ("en", "Orvane Marine and Telmark Dredging pay the Kelstone Port Authority $3 million."),
    # the word belongs to another amount's clause
    ("en", "The two yards cost $20 million each. Orvane Marine pays Telmark Dredging $3 "
           "million."),
])
def test_no_distributive_word_for_the_amount(lang: str, text: str) -> None:
    v = view(text, lang)
    assert not distributed(v, v.amounts[-1])


def test_members_are_the_names_coordinated_with_a_name() -> None:
    v = view("The Kelstone Port Authority awarded contracts to Orvane Marine, Telmark "
             "Dredging and to Brivo Works, while Salvane Group lost.", "en")
    listed = [m.name for m in members(v, next(m for m in v.mentions if m.name == "Telmark Dredging"))]
    assert listed == ["Orvane Marine", "Telmark Dredging", "Brivo Works"]
    alone = next(m for m in v.mentions if m.name == "Kelstone Port Authority")
    assert [m.name for m in members(v, alone)] == ["Kelstone Port Authority"]


def test_the_chosen_reading_is_spread_over_its_list() -> None:
    v = view("The Kelstone Port Authority awarded contracts worth $45 million each to Orvane "
             "Marine, Telmark Dredging and Brivo Works.", "en")
    base = reading(v, "Kelstone Port Authority", "Orvane Marine", 0.7)
    others = [reading(v, "Kelstone Port Authority", "Telmark Dredging", 0.05),
              reading(v, "Kelstone Port Authority", "Brivo Works", 0.04),
              reading(v, "Orvane Marine", "Telmark Dredging", 0.2)]  # not the same payer
    got = spread(v, [base, *others], [base], 0.5)
    assert pairs(got) == [("Kelstone Port Authority", "Orvane Marine"),
                          ("Kelstone Port Authority", "Telmark Dredging"),
                          ("Kelstone Port Authority", "Brivo Works")]


def test_a_list_whose_readings_together_pass_the_threshold() -> None:
    """The choice model splits the amount between rivals the text does not tell apart: the
    list's readings together are one reading, and must pass the threshold as one."""
    v = view("Orvane Marine and Telmark Dredging each pay the Kelstone Port Authority $3 "
             "million for their berths.", "en")
    a = reading(v, "Orvane Marine", "Kelstone Port Authority", 0.3)
    b = reading(v, "Telmark Dredging", "Kelstone Port Authority", 0.25)
    assert pairs(spread(v, [a, b], [], 0.5)) == [("Orvane Marine", "Kelstone Port Authority"),
                                                 ("Telmark Dredging", "Kelstone Port Authority")]
    a.score, b.score = 0.2, 0.2
    assert spread(v, [a, b], [], 0.5) == []


def test_without_a_distributive_word_nothing_is_spread() -> None:
    v = view("Orvane Marine and Telmark Dredging pay the Kelstone Port Authority $3 million "
             "for their berths.", "en")
    a = reading(v, "Orvane Marine", "Kelstone Port Authority", 0.7)
    b = reading(v, "Telmark Dredging", "Kelstone Port Authority", 0.2)
    assert spread(v, [a, b], [a], 0.5) == []


def test_respectively_pairs_two_lists_in_order() -> None:
    v = view("Brivo Energia e Salvane Gas pagano rispettivamente a Orvane Costruzioni e a "
             "Telmark Servizi 750 mila euro l'anno.", "it")
    assert respective(v, v.amounts[0])
    base = reading(v, "Brivo Energia", "Orvane Costruzioni", 0.6)
    crossed = reading(v, "Brivo Energia", "Telmark Servizi", 0.2)
    second = reading(v, "Salvane Gas", "Telmark Servizi", 0.1)
    assert pairs(spread(v, [base, crossed, second], [base], 0.5)) == [
        ("Brivo Energia", "Orvane Costruzioni"), ("Salvane Gas", "Telmark Servizi")]
    # a crossed reading chosen: the lists do not pair that way, nothing is spread
    assert spread(v, [base, crossed, second], [crossed], 0.5) == []


def test_respectively_with_two_amounts_pairs_amounts_not_names() -> None:
    v = view("Orvane Marine and Telmark Dredging pay the Kelstone Port Authority $5 million "
             "and $3 million respectively.", "en")
    assert len(v.amounts) == 2 and not respective(v, v.amounts[0])


def test_the_extractor_writes_one_fact_per_member() -> None:
    text = ("El Ayuntamiento de Valbruna pagará a Orvane Obras y a Telmark Servicios 3 "
            "millones de euros cada una por el mantenimiento de los parques.")
    facts = Extractor(prefer_statistical=False).extract(text, "es").facts
    got = sorted((f.payer, f.payee, f.amount, f.currency) for f in facts)
    assert got == [("Ayuntamiento de Valbruna", "Orvane Obras", 3e6, "EUR"),
                   ("Ayuntamiento de Valbruna", "Telmark Servicios", 3e6, "EUR")]
    assert len({f.confidence for f in facts}) == 1  # the list's confidence, for each
    assert any(".each." in f.rule_id for f in facts)


def test_respectively_pairs_a_list_of_amounts_with_a_list_of_names() -> None:
    """"contracts with A and B worth £525m and £70m respectively": each amount goes to the
    name in its place, whatever the scorer chose for it alone."""
    v = view("The Kelstone Port Authority signed contracts with Orvane Marine and Telmark "
             "Dredging worth £525m and £70m respectively.", "en")
    first = reading(v, "Kelstone Port Authority", "Orvane Marine", 0.8, 0)
    again = reading(v, "Kelstone Port Authority", "Orvane Marine", 0.55, 1)  # the same name
    second = reading(v, "Kelstone Port Authority", "Telmark Dredging", 0.3, 1)
    got = paired_amounts(v, [first, again, second], [first, again])
    assert [(s.payee.name, s.amount.text, s.score) for s in got] == [
        ("Orvane Marine", "£525m", 0.8), ("Telmark Dredging", "£70m", 0.8)]
    assert second.score == 0.3  # the readings themselves are left as they were


def test_amounts_are_not_paired_without_respectively_or_with_lists_of_other_lengths() -> None:
    v = view("The Kelstone Port Authority signed contracts with Orvane Marine and Telmark "
             "Dredging worth £525m and £70m.", "en")
    first = reading(v, "Kelstone Port Authority", "Orvane Marine", 0.8, 0)
    second = reading(v, "Kelstone Port Authority", "Telmark Dredging", 0.3, 1)
    assert paired_amounts(v, [first, second], [first]) == [first]
    v = view("The Kelstone Port Authority signed contracts with Orvane Marine, Brivo Works "
             "and Telmark Dredging worth £525m and £70m respectively.", "en")
    first = reading(v, "Kelstone Port Authority", "Orvane Marine", 0.8, 0)
    second = reading(v, "Kelstone Port Authority", "Brivo Works", 0.3, 1)
    assert paired_amounts(v, [first, second], [first]) == [first]
