"""The extractor end to end: text in, facts, links and shares out, on both pipeline paths."""

from __future__ import annotations

import pytest

from pipeline.facts.extractor import FACTS_VERSION, Extractor

ARTICLE_IT = (
    "Velarte paga 3 milioni di euro al mese per i servizi cloud di Ondaweb\n"
    "Velarte, una controllata di Gruppo Tessari, ha firmato un accordo con Ondaweb S.p.A.\n"
    "La società versa a Ondaweb quasi 3 milioni di euro (2,6 milioni di sterline) al mese "
    "per l'archiviazione dei dati.\n"
    "Secondo gli analisti, il contratto vale quasi il 15% dei ricavi di Ondaweb.\n"
    "Velarte non ha pagato a Ondaweb alcuna penale nel 2024."
)


@pytest.fixture(scope="module")
def statistical() -> Extractor:
    return Extractor(prefer_statistical=True)


@pytest.fixture(scope="module")
def rules_only() -> Extractor:
    return Extractor(prefer_statistical=False)


def as_tuples(ex) -> list[tuple]:
    return [(f.payer, f.payee, f.amount, f.currency, f.period, f.approx) for f in ex.facts]


def test_article_with_reference_link_share_and_two_currencies(rules_only: Extractor) -> None:
    ex = rules_only.extract(ARTICLE_IT, "it", published_at="2025-03-04")
    assert ex.lang == "it"
    assert as_tuples(ex) == [("Velarte", "Ondaweb", 3e6, "EUR", "month", True)]
    fact = ex.facts[0]
    assert fact.product and "archiviazione" in fact.product
    assert fact.as_of == "2025-03-04"
    assert fact.amount_usd_per_year and fact.amount_usd_per_year > 3e7
    assert 0 < fact.confidence <= 1 and fact.rule_id == "it.pay"
    assert ARTICLE_IT[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
    assert "versa" in fact.evidence.sentence
    assert [(x.child, x.parent) for x in ex.links] == [("Velarte", "Gruppo Tessari")]
    assert [(s.company, s.share, s.approx) for s in ex.shares] == [("Ondaweb", 15.0, True)]


@pytest.mark.parametrize("lang,text", [
    ("en", "Acme Robotics pays Zentrix Labs Inc. $2.5 million a quarter for vision models. "
           "Zentrix Labs also receives $400,000 a month from Brixby Cloud for support."),
    ("fr", "Le transporteur Valrhône verse 90 000 euros par mois à Calculis. "
           "Calculis perçoit aussi de Nuagix 12 000 euros par semaine."),
])
def test_statistical_and_rules_only_paths_agree(statistical: Extractor, rules_only: Extractor,
                                                lang: str, text: str) -> None:
    a = as_tuples(statistical.extract(text, lang))
    b = as_tuples(rules_only.extract(text, lang))
    assert a == b and len(a) == 2


def test_full_document_mode_gives_the_same_facts() -> None:
    text = ("Some filler about the market. Orvane pays Telmark $3 million a year for maps. "
            "More filler without numbers.")
    fast = Extractor(full_document=False).extract(text, "en")
    full = Extractor(full_document=True).extract(text, "en")
    assert as_tuples(fast) == as_tuples(full) == [
        ("Orvane", "Telmark", 3e6, "USD", "year", False)]


def test_language_is_detected_when_not_given(rules_only: Extractor) -> None:
    ex = rules_only.extract("Die Spedition Kornblum zahlt der Firma Tessin Data jährlich "
                            "rund 2 Mio. Euro für die Tourenplanung ihrer Lastwagen.")
    assert ex.lang == "de"
    assert as_tuples(ex) == [("Kornblum", "Tessin Data", 2e6, "EUR", "year", True)]


def test_only_payment_sentences_are_considered(rules_only: Extractor) -> None:
    text = "One. Two without money. Orvane pays Telmark $1 million a month. Four. Five."
    analysis = rules_only.analyse(text, "en")
    assert len(analysis.sentences) == 5
    assert analysis.considered == [2]  # both parties named: the sentence before is not read


def test_shares_and_links_are_read_without_money_in_the_sentence(rules_only: Extractor) -> None:
    text = ("Norvik, the Oslo-based owner of Brisa, makes ferries. Nothing else here. "
            "The contract accounts for nearly a fifth of the revenue Telmark earns.")
    ex = rules_only.extract(text, "en")
    assert [(x.child, x.parent) for x in ex.links] == [("Brisa", "Norvik")]
    assert [(x.company, x.share, x.approx) for x in ex.shares] == [("Telmark", 20.0, True)]
    assert ex.facts == []


def test_extract_many_keeps_order_and_languages(rules_only: Extractor) -> None:
    items = [("Orvane pays Telmark $1 million a month.", "en", None),
             ("Nothing to see here.", "en", None),
             ("Mutua Brava paga a Datasol 75.000 euros al mes.", "es", None)]
    out = list(rules_only.extract_many(items))
    assert [e.lang for e in out] == ["en", "en", "es"]
    assert [len(e.facts) for e in out] == [1, 0, 1]
    assert rules_only.counters["facts/found"] >= 2


def test_unknown_language_yields_nothing(rules_only: Extractor) -> None:
    ex = rules_only.extract("Orvane betaalt Telmark 1 miljoen euro per maand.", "nl")
    assert ex.lang == "nl" and ex.facts == []


def test_facts_version_is_a_string() -> None:
    assert isinstance(FACTS_VERSION, str) and FACTS_VERSION
