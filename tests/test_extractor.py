"""The extractor end to end: text in, facts, links and shares out, on both pipeline paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.facts.extractor import (
    FACTS_VERSION,
    Extractor,
    cued_sentences,
    extraction_to_dict,
    worth_reading,
)
from pipeline.facts.nlp import split_sentences
from pipeline.facts.relations import analyse_sentence, assemble, links_in
from pipeline.facts.shares import find_shares

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
    # a payment is stated: the two sentences before are read too, their names may be the
    # parties
    assert analysis.considered == [0, 1, 2]
    revenue = "One. Two without money. Orvane reported sales of $1 million. Four."
    assert rules_only.analyse(revenue, "en").considered == [2]  # no cue, no deal noun


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


# --- the gate before spaCy and the two modes -------------------------------------------

# Filler, a revenue report, a funding round, one payment (and, in English, a payment whose
# payer is a back-reference, a revenue share and a parent link), per language.
TEXTS = {
    "en": ("Cloud spending kept growing this spring. Analysts expect more deals.\n"
           "Orvane reported revenue of $4.2 billion for the quarter. "
           "Telmark raised $60 million in a funding round led by Brisk Ventures.\n"
           "Orvane pays Telmark $3 million a month for mapping data. "
           "The deal runs until 2027.\n"
           "Orvane signed a separate contract with Quillon last year. "
           "The company pays Quillon about $500,000 a quarter for support.\n"
           "The contract accounts for nearly a fifth of the revenue Telmark earns. "
           "Norvik, the Oslo-based owner of Brisa, makes ferries."),
    "it": ("Il mercato del cloud continua a crescere. Gli analisti prevedono nuovi accordi.\n"
           "Velarte ha registrato ricavi per 2 miliardi di euro nel trimestre. "
           "Ondaweb ha raccolto 40 milioni di euro in un round di finanziamento.\n"
           "Velarte paga a Ondaweb 3 milioni di euro al mese per i servizi cloud. "
           "Il contratto scade nel 2027."),
    "de": ("Der Cloud-Markt wächst weiter. Analysten erwarten neue Verträge.\n"
           "Kornblum meldete einen Umsatz von 2 Milliarden Euro im Quartal. "
           "Tessin Data sammelte in einer Finanzierungsrunde 40 Millionen Euro ein.\n"
           "Kornblum zahlt Tessin Data jährlich 2 Millionen Euro für die Tourenplanung. "
           "Der Vertrag läuft bis 2027."),
    "fr": ("Le marché du cloud continue de croître. Les analystes attendent de nouveaux "
           "contrats.\nValrhône a publié un chiffre d'affaires de 2 milliards d'euros pour le "
           "trimestre. Calculis a levé 40 millions d'euros lors d'un tour de table.\n"
           "Valrhône verse 90 000 euros par mois à Calculis pour le calcul. "
           "Le contrat court jusqu'en 2027."),
    "es": ("El mercado de la nube sigue creciendo. Los analistas esperan nuevos acuerdos.\n"
           "Mutua Brava registró ingresos de 2.000 millones de euros en el trimestre. "
           "Datasol captó 40 millones de euros en una ronda de financiación.\n"
           "Mutua Brava paga a Datasol 75.000 euros al mes por el alojamiento. "
           "El contrato vence en 2027."),
}
EXPECTED = {
    "en": [("Orvane", "Telmark", 3e6, "USD", "month", False),
           ("Orvane", "Quillon", 5e5, "USD", "quarter", True)],
    "it": [("Velarte", "Ondaweb", 3e6, "EUR", "month", False)],
    "de": [("Kornblum", "Tessin Data", 2e6, "EUR", "year", False)],
    "fr": [("Valrhône", "Calculis", 9e4, "EUR", "month", False)],
    "es": [("Mutua Brava", "Datasol", 75e3, "EUR", "month", False)],
}


def sentence_texts(text: str, lang: str, indexes: list[int]) -> list[str]:
    spans = split_sentences(text, lang)
    return [text[slice(*spans[i])] for i in indexes]


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_gate_picks_only_money_share_and_link_sentences(lang: str) -> None:
    """The gate knows no verbs: every sentence with a currency amount is read (revenue
    reports and funding rounds too, the rules reject them), and sentences without an
    amount, a share or a link cue never reach spaCy."""
    from pipeline.facts.money import find_amounts

    text = TEXTS[lang]
    spans = split_sentences(text, lang)
    cued = sentence_texts(text, lang, cued_sentences(text, spans, lang))
    with_money = [text[s:e] for s, e in spans if any(a.currency for a in
                                                     find_amounts(text[s:e], lang))]
    assert [s for s in cued if s in with_money] == with_money
    rest = [s for s in cued if s not in with_money]
    if lang == "en":
        assert rest == ["The contract accounts for nearly a fifth of the revenue "
                        "Telmark earns.",
                        "Norvik, the Oslo-based owner of Brisa, makes ferries."]
    else:
        assert rest == []


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_full_document_and_sentence_mode_give_the_same_facts(lang: str) -> None:
    fast = Extractor(full_document=False).extract(TEXTS[lang], lang)
    full = Extractor(full_document=True).extract(TEXTS[lang], lang)
    assert as_tuples(fast) == as_tuples(full) == EXPECTED[lang]
    assert extraction_to_dict(fast) == extraction_to_dict(full)


def test_the_sentence_before_is_read_only_when_the_rules_need_it(rules_only: Extractor) -> None:
    analysis = rules_only.analyse(TEXTS["en"], "en")
    considered = sentence_texts(TEXTS["en"], "en", analysis.considered)
    assert "Orvane signed a separate contract with Quillon last year." in considered
    assert "Analysts expect more deals." not in considered  # before a two-party sentence
    # two before a payment whose sentence before was read for it
    assert "The deal runs until 2027." in considered
    assert len(considered) == 8  # five with an amount, a share, a link, two sentences before
    assert [(x.child, x.parent) for x in analysis.extraction.links] == [("Brisa", "Norvik")]
    assert [(x.company, x.share) for x in analysis.extraction.shares] == [("Telmark", 20.0)]


def test_counters_say_how_much_reached_spacy() -> None:
    items = [(TEXTS[lang], lang, None) for lang in sorted(TEXTS)]
    total = sum(len(split_sentences(t, lang)) for t, lang, _ in items)
    fast = Extractor(prefer_statistical=False)
    assert [len(e.facts) for e in fast.extract_many(items)] == [1, 2, 1, 1, 1]
    assert fast.counters["facts/sentences"] == total
    # 16 sentences with an amount (payments, revenue, funding), one share, one link
    assert fast.counters["facts/sentences_cued"] == 18
    assert fast.counters["facts/sentences_context"] == 1
    assert fast.counters["facts/sentences_context2"] == 1
    assert fast.counters["facts/sentences_considered"] == 20
    assert "facts/nlp_docs" not in fast.counters  # blank pipelines: no spaCy per sentence
    full = Extractor(prefer_statistical=False, full_document=True)
    list(full.extract_many(items))
    assert full.counters["facts/nlp_docs"] == len(items)  # the baseline reads whole texts
    assert full.counters["facts/nlp_chars"] == sum(len(t) for t, _, _ in items)
    assert full.counters["facts/sentences_considered"] == 20


def gold_passages() -> list[tuple[str, str]]:
    out = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["lang"], row["text"]))
    return out


def test_the_gate_keeps_every_sentence_the_rules_can_use() -> None:
    """On the project's gold passages: a sentence that yields any payment candidate, link or
    share without the gate passes the gate."""
    used = 0
    for lang, text in gold_passages():
        for s, e in split_sentences(text, lang):
            view = analyse_sentence(text[s:e], lang, s)
            if assemble(view) or links_in(view) or find_shares(view):
                used += 1
                assert worth_reading(text[s:e], lang), text[s:e]
    assert used > 100


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0), min_size=1, max_size=6))
def test_whole_text_gate_equals_the_sentence_by_sentence_gate(picks: list[int]) -> None:
    pool = POOL
    lang = pool[picks[0] % len(pool)][0]
    same = [t for lg, t in pool if lg == lang]
    text = " ".join(same[p % len(same)] for p in picks)
    spans = split_sentences(text, lang)
    assert cued_sentences(text, spans, lang) == [
        i for i, (s, e) in enumerate(spans) if worth_reading(text[s:e], lang)]


GOLD = Path(__file__).resolve().parents[1] / "corpora" / "gold"
POOL = gold_passages() + [(lang, s) for lang, t in TEXTS.items()
                          for s in sentence_texts(t, lang, list(range(len(
                              split_sentences(t, lang)))))]


def test_gate_offsets_hold_when_lower_casing_changes_the_length() -> None:
    # "İ".lower() is two characters: the gate must still point at the right sentences
    text = ("İSTANBUL İŞ Bankası said nothing new. Orvane pays Telmark $3 million a year. "
            "İzmir is warm.")
    spans = split_sentences(text, "en")
    assert len(text.lower()) != len(text)
    assert cued_sentences(text, spans, "en") == [1]
    assert [f.payer for f in Extractor(False).extract(text, "en").facts] == ["Orvane"]


def test_an_elliptic_amount_takes_the_currency_of_the_sentences_before() -> None:
    from pipeline.facts.extractor import cued_sentences
    from pipeline.facts.money import find_amounts

    first = "Sky verserà alla Uefa 110 milioni di euro a stagione."
    second = "Amazon pagherà 80 milioni per il miglior match del mercoledì."
    text = first + " " + second
    found: dict = {}
    assert cued_sentences(text, [(0, len(first)), (len(first) + 1, len(text))], "it",
                          found) == [0, 1]
    assert [(a.value, a.currency) for a in found[1]] == [(80e6, "EUR")]
    assert find_amounts("Gli utenti sono 20 milioni.", "it") == []  # no currency before


def test_elliptic_amounts_keep_the_context_currency_beside_a_money_word() -> None:
    """A sentence whose only money words are scale words ("millones") has a money cue of
    its own; its elliptic amounts still take the currency of the sentences before, all of
    them, not only the one a price word introduces."""
    from pipeline.facts.extractor import cued_sentences

    first = "Ibercaja adelanta 10 millones de euros al club."
    second = ("Abanca paga al Celta 2 millones anuales y Reale abona a la Real Sociedad 1,5 "
              "millones al año, frente a los 20 millones anuales de Spotify.")
    text = first + " " + second
    found: dict = {}
    assert cued_sentences(text, [(0, len(first)), (len(first) + 1, len(text))], "es",
                          found) == [0, 1]
    assert [(a.value, a.currency) for a in found[1]] == [
        (2e6, "EUR"), (1.5e6, "EUR"), (2e7, "EUR")]


def test_a_sum_restated_with_a_guessed_party_is_one_payment() -> None:
    """The scorer's reading of a restated sum (same payer, amount, currency, period as a
    rule's fact, another payee guessed from a neighbouring sentence) is no second payment;
    two payees a rule read for the same sum stay two."""
    from pipeline.facts.extractor import _merge
    from pipeline.records import Evidence, Fact

    def fact(payee: str, rule: str, approx: bool = False) -> Fact:
        return Fact("Orvane", payee, 2e7, "USD", "month", Evidence("s", 0, 1),
                    approx=approx, rule_id=rule)

    merged = _merge([fact("Telmark", "it.pay"), fact("Brixby", "it.scorer", approx=True)], [])
    assert [(f.payee, f.approx) for f in merged] == [("Telmark", True)]
    both = _merge([fact("Telmark", "it.pay"), fact("Brixby", "it.pay")], [])
    assert [f.payee for f in both] == ["Telmark", "Brixby"]


def test_a_common_word_before_a_reporting_verb_is_no_party() -> None:
    text = ("Orvane pays Telmark $3 million a month for Brixby's models. Orvane, a unit of "
            "Kestrel, uses the models developed by Brixby through a partnership with Telmark. "
            "Reports say Orvane has spent nearly $3 million a month on the service.")
    a = Extractor(prefer_statistical=False).analyse(text, "en")
    assert [(f.payer, f.payee) for f in a.extraction.facts] == [("Orvane", "Telmark")]
    assert "Reports" not in {n for s in a.scored for n in (s.payer.name, s.payee.name)}


SEED = Path(os.environ.get("NEWSFACTS_SHARED") or Path(__file__).resolve().parents[2] / "shared"
            ) / "seed" / "tiktok-microsoft-it.txt"


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed article not at {SEED} (NEWSFACTS_SHARED)")
def test_the_seed_article_gives_exactly_its_one_payment() -> None:
    """The seed case (kept out of the project, read from ../shared/ when present): one
    payment, TikTok -> Microsoft, about 20 million dollars a month, and no other."""
    ex = Extractor().extract(SEED.read_text(encoding="utf-8"), "it")
    assert [(f.payer, f.payee, f.amount, f.currency, f.period, f.approx) for f in ex.facts] == \
        [("TikTok", "Microsoft", 20_000_000.0, "USD", "month", True)]
    assert [(x.child, x.parent) for x in ex.links] == [("TikTok", "ByteDance")]


@pytest.mark.parametrize("lang,shared,single", [
    ("en", "Vodafone has signed contracts worth a combined £2 billion with Ericsson and Nokia "
           "to supply 5G equipment.",
     "Vodafone has signed a contract worth £2 billion with Ericsson to supply 5G equipment."),
    ("es", "Renfe ha contratado a Siemens y Alstom el mantenimiento de sus trenes por un "
           "importe conjunto de 200 millones de euros.",
     "Renfe ha contratado a Siemens el mantenimiento de sus trenes por un importe de 200 "
     "millones de euros."),
    ("fr", "La SNCF a confié à Alstom et Siemens des contrats d'un montant cumulé de 200 "
           "millions d'euros.",
     "La SNCF a confié à Alstom un contrat d'un montant de 200 millions d'euros."),
])
def test_a_sum_several_parties_share_is_no_fact(rules_only: Extractor, lang: str,
                                                shared: str, single: str) -> None:
    assert rules_only.extract(single, lang).facts
    assert rules_only.extract(shared, lang).facts == []


def test_a_combined_sum_of_one_party_stays(statistical: Extractor) -> None:
    """"combined" over two packages one party bought names no sharers side by side."""
    from pipeline.facts.extractor import _shared_sum
    from pipeline.facts.relations import analyse_sentence

    view = analyse_sentence("Viacom18 paid the BCCI a combined Rs 23,758 crore for packages B "
                            "and C.", "en")
    assert not _shared_sum(view, view.amounts[0])
    view = analyse_sentence("Vodafone pays Ericsson and Nokia a combined £2 billion.", "en")
    assert _shared_sum(view, view.amounts[0])


def test_a_company_bought_is_no_payment_for_the_scorer_either(statistical: Extractor) -> None:
    assert statistical.extract("Telefónica compra a Mediapro por 1.000 millones de euros.",
                               "es").facts == []
    assert statistical.extract("Orange rachète Telmark pour 3 milliards d'euros.",
                               "fr").facts == []


@pytest.mark.parametrize("extractor", ["statistical", "rules_only"])
def test_a_list_of_payments_shares_the_first_ones_period(extractor: str,
                                                         request: pytest.FixtureRequest
                                                         ) -> None:
    """Sponsorship lists state the period once ("a stagione"); the elliptic amounts after
    it, without a period of their own, are paid at the same rate, and a coordinated clause
    with a name of its own before the amount has a new subject (the verb left out)."""
    ex = request.getfixturevalue(extractor)
    text = ("Tra gli sponsor di maglia, Voltaria versa al Cagliari 9 milioni di euro a "
            "stagione. La Valdorsa incassa 4 milioni da Lumia e il Brentano 3 milioni dalla "
            "controllante Sarfa.")
    got = {(f.payer, f.payee, f.amount, f.period) for f in ex.extract(text, "it").facts}
    assert ("Lumia", "Valdorsa", 4e6, "year") in got
    assert ("Sarfa", "Brentano", 3e6, "year") in got
    assert not any(f[0] == "Sarfa" and f[1] == "Valdorsa" for f in got)


def test_a_winner_without_payer_takes_the_public_buyer_named_before(
        rules_only: Extractor) -> None:
    """A list of winners after the sentence that says who awarded the contracts."""
    text = ("The Ministry of Transport has awarded three new maintenance contracts for its "
            "northern lines. At Leeds depot, Velcor Rail will receive £12 million for track "
            "renewals, while Duna Signal gets £4 million.")
    got = {(f.payer, f.payee, f.amount) for f in rules_only.extract(text, "en").facts}
    assert ("Ministry of Transport", "Duna Signal", 4e6) in got


@pytest.mark.parametrize("lang,text,expected", [
    # institutes, directorates, universities, hospitals and corps are public bodies
    # (rules/<lang>/deals.toml public_heads)
    ("es", "El Instituto de Crédito Oficial adjudicó a Everis tres contratos informáticos. "
           "Velcor, por su parte, recibió un encargo de 800.112 euros.",
     ("Instituto de Crédito Oficial", "Velcor", 800112.0)),
    ("it", "L'Istituto Oncologico Veneto ha acquistato nuovi server. Velcor riceverà 35 "
           "milioni di euro per la prima fornitura.",
     ("Istituto Oncologico Veneto", "Velcor", 3.5e7)),
])
def test_a_public_institute_or_directorate_is_the_buyer_named_before(
        rules_only: Extractor, lang: str, text: str, expected: tuple) -> None:
    got = {(f.payer, f.payee, f.amount) for f in rules_only.extract(text, lang).facts}
    assert expected in got


def test_a_company_buyer_named_before_is_not_taken(rules_only: Extractor) -> None:
    """Only a public body's award reaches the next sentence (the scorer may still pair the
    two on its own evidence)."""
    text = ("Orvane has ordered new servers for its data centres. Velcor Systems will "
            "receive £12 million for the first batch.")
    assert not any(f.payer == "Orvane" and f.rule_id.endswith(".awarder")
                   for f in rules_only.extract(text, "en").facts)
    public = text.replace("Orvane has", "The Ministry of Defence has")
    assert any(f.payer == "Ministry of Defence" for f in rules_only.extract(public, "en").facts)


def test_die_stadt_refers_back_to_the_town_named_before(rules_only: Extractor) -> None:
    """German news calls a town "die Stadt" or "die Gemeinde" after naming it once; the
    phrase is no name of its own."""
    text = ("Walldorfingen verlängert den Mietvertrag mit dem Hotel Albatrox. Die Stadt zahlt "
            "dem Hotel Albatrox dafür 464.000 Euro im Jahr.")
    got = {(f.payer, f.payee) for f in rules_only.extract(text, "de").facts}
    assert got == {("Walldorfingen", "Hotel Albatrox")}


def test_a_town_word_stands_for_the_bare_name_that_opened_the_sentence_before(
        rules_only: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules read it themselves (no scorer): "die Stadt" is the one name left before,
    unmarked, opening its sentence; a company named so is avoided as the other party."""
    from pipeline.facts import scorer

    monkeypatch.setattr(scorer, "model", lambda: None)
    text = ("Walldorfingen verlängert den Mietvertrag mit dem Hotel Albatrox. Die Stadt zahlt "
            "dem Hotel Albatrox dafür 464.000 Euro im Jahr.")
    got = [(f.payer, f.payee, f.rule_id) for f in rules_only.extract(text, "de").facts]
    assert got == [("Walldorfingen", "Hotel Albatrox", "de.pay")]
    other = ("Orvane verlängert den Mietvertrag mit dem Hotel Albatrox in Walldorfingen. Die "
             "Stadt zahlt dem Hotel Albatrox dafür 464.000 Euro im Jahr.")
    assert [f.payer for f in rules_only.extract(other, "de").facts] in ([], ["Walldorfingen"])


def test_an_institution_noun_refers_back_to_the_name_holding_it(rules_only: Extractor) -> None:
    """"the university" stands for the one name holding the word (companies.toml
    `institution_corefs`), not for whoever was the subject before: the payer is then the
    other name."""
    text = ("Kestrel Beverages has signed a pouring-rights deal with Northfield University. "
            "Under the agreement the university will receive $90,000 a year from the drinks "
            "group.")
    got = [(f.payer, f.payee, f.amount) for f in rules_only.extract(text, "en").facts]
    assert got == [("Kestrel Beverages", "Northfield University", 90000.0)]


@pytest.mark.parametrize("lang,text", [
    ("it", "Banca Orsolina ha firmato un accordo quinquennale con Telvanta. La società "
           "torinese riceverà dalla banca 25 milioni di euro in tutto."),
    ("en", "Orsola Bank has signed a five-year deal with Telvanta. The software group will "
           "receive from the bank $25 million in all."),
])
def test_a_back_reference_naming_the_other_party_is_not_the_subject(
        rules_only: Extractor, lang: str, text: str) -> None:
    """"dalla banca" names the bank by its own noun; the subject's back-reference
    ("la società torinese") then stands for someone else, never for the bank (the rules
    read the bank paid by Telvanta when the subject was taken to be the sentence before's)."""
    readings = {(c.payer, c.payee) for c in rules_only.analyse(text, lang).candidates}
    assert not [r for r in readings if r[0] == "Telvanta"]


def test_a_club_s_noun_stands_for_the_club_not_its_league(rules_only: Extractor) -> None:
    """"el club regiomontano" with a club and its league named before: a club's noun fits
    a club (companies.toml `league_name_words` and `league_heads` tell a league)."""
    text = ("El CF Nortesur es el segundo club mejor pagado de la Liga Andina. Televela ha "
            "cerrado un acuerdo por el que el club regiomontano recibirá de Televela 28 "
            "millones de dólares al año.")
    got = [(f.payer, f.payee, f.amount) for f in rules_only.extract(text, "es").facts]
    assert got == [("Televela", "CF Nortesur", 28e6)]


def test_the_partner_of_a_deal_that_earns_money_is_not_its_receiver(
        rules_only: Extractor) -> None:
    """"an agreement with Lumetra brings in $8 million": the money comes from the partner
    the deal is with; the receiving verb's subject is the deal, not the name inside it."""
    text = "A smaller licensing agreement with Telvanta brings in $8 million annually."
    readings = {(c.payer, c.payee) for c in rules_only.analyse(text, "en").candidates}
    assert not [r for r in readings if r[1] == "Telvanta"]


@pytest.mark.parametrize("lang,text,payer", [
    ("es", "Orvane Obras se ha adjudicado la reforma de los túneles por 56,3 millones de euros. "
           "El contrato, licitado por la Dirección General de Carreteras, atrajo 16 ofertas, "
           "la más cara de 62,7 millones.", "Dirección General de Carreteras"),
    ("en", "Velcor Systems has won the maintenance of the bridges for £12 million. The "
           "contract, tendered by Northshire County Council, drew nine bids worth up to £15 "
           "million.", "Northshire County Council"),
])
def test_a_winner_is_paid_by_the_body_that_put_it_out_to_tender(
        rules_only: Extractor, lang: str, text: str, payer: str) -> None:
    """A winner's reading names no payer; the one body named after a tender phrase
    (deals.toml `tender_agents`) in its sentence or the next is the buyer."""
    facts = rules_only.extract(text, lang).facts
    assert [(f.payer, f.rule_id.rsplit(".", 1)[-1]) for f in facts] == [(payer, "tenderer")]


def test_a_total_restated_as_its_yearly_share_is_one_fact(rules_only: Extractor) -> None:
    """"300 millones a cinco años ... unos 60 millones anuales": one payment, in the form
    stated first."""
    text = ("Orvane ha firmado con Velcor un contrato de 300 millones de dólares a cinco años. "
            "Orvane se compromete así a pagar a Velcor unos 60 millones anuales.")
    facts = rules_only.extract(text, "es").facts
    assert [(f.amount, f.period, f.term_months) for f in facts] == [(3e8, "total", 60)]


@pytest.mark.parametrize("lang,text", [
    ("es", "Colombia ya tiene contrato. El Ministerio de Defensa firmó con la sueca Velcor la "
           "compra de 17 cazas por unos 16,5 billones de pesos, equivalentes a cerca de 3.100 "
           "millones de euros, una cifra que incluye armamento."),
    ("de", "Das Verteidigungsministerium hat bei Velcor zehn Schiffe für 500 Millionen Pfund "
           "bestellt, das entspricht 580 Millionen Euro."),
    ("en", "The Ministry of Defence ordered ten ships from Velcor for 500 million pounds, the "
           "equivalent of 580 million euros."),
])
def test_a_sum_converted_after_a_word_of_equivalence_is_one_fact(lang: str, text: str) -> None:
    """"16,5 billones de pesos, equivalentes a 3.100 millones de euros": one payment in two
    currencies, the first stated (money.toml `restatements`, every form of the word)."""
    from pipeline.facts.extractor import Extractor
    facts = Extractor().extract(text, lang).facts
    assert len(facts) == 1 and facts[0].currency != "EUR"


@pytest.mark.parametrize("lang,text", [
    ("es", "Orvane pagará a Velcor 30.000 euros más que el año pasado."),
    ("es", "Orvane pagará a Velcor un descuento de 30.000 euros."),
    ("en", "Orvane paid Velcor $3 million more than it paid Brixby."),
])
def test_an_amount_that_is_a_change_is_no_payment(rules_only: Extractor, lang: str,
                                                 text: str) -> None:
    # each reads as a payment without the difference cues (extractor._difference)
    assert rules_only.extract(text, lang).facts == []


@pytest.mark.parametrize("lang,text", [
    ("fr", "Après les enchères, Orvane déboursera 854 millions d'euros, Velcor 728 millions."),
    ("en", "After the auction, Orvane will spend $854 million, Velcor $728 million."),
])
def test_a_gapped_clause_names_no_party_of_the_first(lang: str, text: str) -> None:
    """Velcor opens a clause whose verb is left out: no reading makes it a party of Orvane's
    amount, or pairs the two for its own (the first clause names no payee), though the
    scorer builds such readings."""
    from pipeline.facts import scorer
    from pipeline.facts.extractor import sentence_candidates, sentence_readings
    from pipeline.facts.relations import analyse_sentence

    view = analyse_sentence(text, lang)
    built = scorer.candidates(view, None, sentence_candidates(view, None), True)
    kept = sentence_readings(view, None)[1]
    pairs = {(s.payer.name, s.payee.name) for s in built}
    assert ("Orvane", "Velcor") in pairs or ("Velcor", "Orvane") in pairs
    assert not any({s.payer.name, s.payee.name} == {"Orvane", "Velcor"} for s in kept)


def test_a_gapped_payee_keeps_the_first_payer(rules_only: Extractor) -> None:
    text = "Orvane pays Brixby $100 million a year, Velcor $60 million."
    got = {(f.payer, f.payee, f.amount) for f in rules_only.extract(text, "en").facts}
    assert ("Orvane", "Brixby", 1e8) in got and ("Brixby", "Velcor", 6e7) not in got


@pytest.mark.parametrize("lang,text", [
    ("fr", "Le comité exécutif de Varennes recommande au conseil d'adjuger à Orvane un contrat "
           "de 6 398 523 $."),
    ("es", "La Junta de Gobierno ha propuesto adjudicar a Orvane la obra por 3,1 millones de "
           "euros."),
])
def test_a_recommended_award_is_no_payment_yet(rules_only: Extractor, lang: str,
                                               text: str) -> None:
    # cues.toml hypothetical: "recommande au conseil d'adjuger", "propuesto adjudicar"
    assert rules_only.extract(text, lang).facts == []


@pytest.mark.parametrize("lang,text,option", [
    ("it", "Velcor ha firmato con Orvane un contratto da 861 milioni di euro, con un'opzione da "
           "287 milioni per altri dieci convogli.", 2.87e8),
    ("en", "Velcor signed a $861 million contract with Orvane, with an option worth $287 "
           "million for ten more trains.", 2.87e8),
])
def test_an_options_value_is_no_payment(lang: str, text: str, option: float) -> None:
    from pipeline.facts.extractor import _difference
    from pipeline.facts.relations import analyse_sentence

    view = analyse_sentence(text, lang)
    assert {a.value: _difference(view, a) for a in view.amounts} == {8.61e8: False,
                                                                     option: True}


def test_a_court_ordered_payment_is_no_fact(rules_only: Extractor) -> None:
    # damages a court orders are no payment under a deal (cues.toml settlement)
    text = "A court had earlier ordered Orvane to pay Velcor $521 million."
    assert rules_only.extract(text, "en").facts == []
    assert rules_only.extract("Orvane paid Velcor $521 million.", "en").facts


def test_a_donation_is_no_payment(rules_only: Extractor) -> None:
    # cues.toml non_payment: "un don", "a donation", "una donación", "eine Spende"
    text = "Orvane a accordé à Velcor un don de 200 millions de yuans pour ses projets."
    assert rules_only.extract(text, "fr").facts == []
    assert rules_only.extract(text.replace("un don", "un contrat"), "fr").facts


def test_a_town_whose_organ_awards_is_the_buyer(rules_only: Extractor) -> None:
    """"Le comité exécutif de Varennes a octroyé ... La firme X touchera N": the town whose
    organ gave out the contracts pays the winner (companies.toml organ_heads)."""
    text = ("Le comité exécutif de Valbrune a octroyé mercredi les deux premiers contrats du "
            "chantier. La firme Orvane touchera 800 000 $ pour les travaux souterrains.")
    assert [(f.payer, f.payee) for f in rules_only.extract(text, "fr").facts] == [
        ("Valbrune", "Orvane")]
    from pipeline.facts.awarders import with_awarder

    a = rules_only.analyse(text, "fr")  # the rules alone: the winner's reading, filled
    partial = [c for c in a.candidates if c.payee == "Orvane"]
    assert [(c.payer, c.payee) for c in (with_awarder(p, a.views) for p in partial) if c] == [
        ("Valbrune", "Orvane")]


@pytest.mark.parametrize("lang,text", [
    ("it", "Il Comune di Ardea ha liquidato a Velcor 663.676,38 euro per il terzo trimestre del "
           "2025."),
    ("en", "Orvane paid Velcor $2 million for the third quarter of 2025."),
    ("fr", "Orvane a versé à Velcor 2 millions d'euros pour le troisième trimestre."),
    ("es", "Orvane pagó a Velcor 2 millones de euros por el tercer trimestre de 2025."),
    ("de", "Orvane zahlte an Velcor 2 Millionen Euro für das dritte Quartal."),
])
def test_an_amount_for_one_quarter_is_that_quarters(rules_only: Extractor, lang: str,
                                                    text: str) -> None:
    # periods.toml in_quarter, as "in 2022" makes an amount that year's
    assert [f.period for f in rules_only.extract(text, lang).facts] == ["quarter"]


@pytest.mark.parametrize("lang,text,payer", [
    ("fr", "Plusieurs équipements de Valbrune seront rénovés. Le conseil d'arrondissement a "
           "confié à Orvane la réfection du terrain, des travaux de 205 600 $.", "Valbrune"),
    ("en", "Velcor signed a parking deal with the Town of Marlowe on Monday. Orvane will pay "
           "the town $300,000 a year.", "Marlowe"),
    ("de", "Die Stadt Valbrunn will sparen. Der Gemeinderat vergab den Auftrag für 68.000 Euro "
           "an Orvane.", "Stadt Valbrunn"),
    ("es", "El Ayuntamiento de Valbruna sacó a concurso la limpieza. El consistorio pagará a "
           "Orvane 2 millones de euros al año.", "Ayuntamiento de Valbruna"),
])
def test_a_town_back_reference_stands_for_the_town_named_before(
        rules_only: Extractor, statistical: Extractor, lang: str, text: str,
        payer: str) -> None:
    """"Le conseil d'arrondissement", "the town", "der Gemeinderat", "el consistorio" stand
    for the town named last (companies.toml town_corefs), never for a company."""
    for ex in (rules_only, statistical):
        got = {(f.payer, f.payee) for f in ex.extract(text, lang).facts}
        if lang == "en":  # the town is paid
            assert got == {("Orvane", payer)}
        else:
            assert got == {(payer, "Orvane")}


def test_a_town_back_reference_is_no_name_before_a_name_or_after_a_locative() -> None:
    from pipeline.facts.companies import find_mentions

    def corefs(text: str, lang: str) -> list[str]:
        return [m.text for m in find_mentions(text, lang) if m.kind == "coref"]

    assert corefs("Le conseil d'arrondissement a confié à Orvane la réfection.", "fr") == [
        "Le conseil d'arrondissement"]
    assert corefs("La Ville de Valbrune a confié à Orvane la réfection.", "fr") == []
    assert corefs("Velcor a signé avec l'arrondissement londonien de Camden.", "fr") == []
    assert corefs("Orvane will cover the north of the borough for £1.7m.", "en") == []
    assert corefs("Orvane will pay the council £1.7m.", "en") == ["the council"]


@pytest.mark.parametrize("text,payer", [
    # a town's adjective before what a town runs names the council's town
    ("Im Wendlinger Gemeinderat ging es um den Winterdienst. Das Gremium vergab den Auftrag "
     "für 18.500 Euro an die Firma Orvane.", "Wendling"),
    # the first one-word place a town's preposition governs, the sentence before
    ("In Oberlauchheim wird das Hallenbad saniert, geplant hat es das Büro Wellmann. Der "
     "Gemeinderat vergab den Bauauftrag für 120.000 Euro an die Firma Orvane.", "Oberlauchheim"),
])
def test_a_council_stands_for_the_town_its_story_names(rules_only: Extractor,
                                                        statistical: Extractor, text: str,
                                                        payer: str) -> None:
    """"Das Gremium", "der Gemeinderat" with no "Stadt X" before: the town's adjective
    (companies.toml town_adjective_nouns) or the place the story opens in."""
    for ex in (rules_only, statistical):
        assert {(f.payer, f.payee) for f in ex.extract(text, "de").facts} == {(payer, "Orvane")}


def test_award_to_a_named_recipient_passes_over_the_bare_object(rules_only: Extractor,
                                                                  statistical: Extractor
                                                                  ) -> None:
    """"vergab das Hauptlos an X": the bare noun is what is handed over, the name the frame's
    first preposition marks receives it (verbs.jsonl lists "an" before the bare object)."""
    text = ("Die Feuerwehr der Stadt Kellerbach bekommt ein neues Fahrzeug. Der Gemeinderat "
            "vergab das Hauptlos an die Orvane Fahrzeugbau GmbH, die es für 412.000 Euro "
            "liefert.")
    for ex in (rules_only, statistical):
        got = {(f.payer, f.payee) for f in ex.extract(text, "de").facts}
        assert got == {("Stadt Kellerbach", "Orvane Fahrzeugbau")}


@pytest.mark.parametrize("lang,text", [
    ("fr", "Le tribunal a condamné Orvane à verser 80 431 euros à Velcor."),
    ("it", "Il tribunale ha condannato Orvane a versare 80.000 euro a Velcor."),
    ("es", "El juez ha condenado a Orvane a pagar 80.000 euros a Velcor."),
])
def test_a_court_order_is_no_payment(rules_only: Extractor, lang: str, text: str) -> None:
    # cues.toml settlement: "condamné", "condannato", "condenado" anywhere in the sentence
    assert rules_only.extract(text, lang).facts == []


@pytest.mark.parametrize("text,pair", [
    ("Il Velcor ha rilevato a titolo definitivo l'attaccante dall'Orvane per 10 milioni di "
     "euro.", ("Velcor", "Orvane")),
    ("Il Velcor ha ceduto il difensore olandese all'Orvane per 67 milioni di euro.",
     ("Orvane", "Velcor")),
])
def test_a_players_transfer_is_paid_by_the_club_that_takes_him(
        rules_only: Extractor, text: str, pair: tuple[str, str]) -> None:
    # verbs.jsonl it.buy_from "rilevare", "prelevare", "ingaggiare"; it.sell "cedere"
    assert [(f.payer, f.payee) for f in rules_only.extract(text, "it").facts] == [pair]


def test_acquiring_goods_from_a_seller_is_buying_them(rules_only: Extractor) -> None:
    # verbs.jsonl de.buy_from "erwerben": the seller marked with "bei" or "von"
    text = ("Für rund 108.000 Euro erwirbt die Stadt Lindau bei der Firma Orvane "
            "Software-Lizenzen für das Rathaus.")
    assert [(f.payer, f.payee, f.amount) for f in rules_only.extract(text, "de").facts] == [
        ("Stadt Lindau", "Orvane", 108000.0)]


@pytest.mark.parametrize("lang,bought,goods", [
    ("en", "Velcor bought Tecnimont from Orvane for 180 million euros.",
     "Velcor bought turbines from Orvane for 180 million euros."),
    ("fr", "Velcor a acheté Tecnimont à Orvane pour 180 millions d'euros.",
     "Velcor a acheté des turbines à Orvane pour 180 millions d'euros."),
    ("de", "Velcor kaufte Tecnimont von Orvane für 180 Millionen Euro.",
     "Velcor kaufte Turbinen von Orvane für 180 Millionen Euro."),
    ("de", "Velcor erwarb Tecnimont von Orvane für 180 Millionen Euro.",
     "Velcor erwarb Turbinen von Orvane für 180 Millionen Euro."),
    ("it", "Velcor ha acquistato da Orvane, per 350 milioni di euro, il 100% della Tundra "
           "Corporation.",
     "Velcor ha acquistato da Orvane, per 350 milioni di euro, due navi metaniere."),
])
def test_a_company_bought_is_an_acquisition_not_a_payment(
        statistical: Extractor, lang: str, bought: str, goods: str) -> None:
    # extractor._bought_company: a buy verb whose object is a company or a share of one
    assert statistical.extract(bought, lang).facts == []
    assert [(f.payer, f.payee) for f in statistical.extract(goods, lang).facts] == [
        ("Velcor", "Orvane")]


def test_a_parenthesis_after_the_seller_leaves_what_is_bought_after_it(
        rules_only: Extractor) -> None:
    # relations._object_follows: "compró a X (ACR) 26 trenes": X sells, it is not bought
    text = "Velcor ha comprado a Construcciones Orvane (COR) 26 trenes por 276 millones de euros."
    assert [(f.payer, f.payee) for f in rules_only.extract(text, "es").facts] == [
        ("Velcor", "Construcciones Orvane")]


@pytest.mark.parametrize("lang,text", [
    ("fr", "La Ville de Valbrune a conclu un contrat estimé à 250 000 $ avec Orvane."),
    ("es", "El Ministerio de Defensa firmó con Orvane un contrato estimado en 25 millones "
           "de euros."),
])
def test_an_estimated_contract_value_is_no_hypothesis(rules_only: Extractor, lang: str,
                                                      text: str) -> None:
    # cues.toml not_hypothetical: "un contrat estimé à" states a contract's value
    from pipeline.facts.clauses import cue

    assert cue(lang, "hypothetical", text) is None
    assert cue(lang, "hypothetical", "Orvane estime que Velcor paiera 3 millions.") \
        if lang == "fr" else cue(lang, "hypothetical", "Orvane estima que Velcor pagará.")
    assert [f.payee for f in rules_only.extract(text, lang).facts] == ["Orvane"]


@pytest.mark.parametrize("lang,text,payee", [
    ("es", "El Ministerio de Defensa adjudicó a Orvane la red por 109 millones de euros, "
           "impuestos incluidos.", "Orvane"),
    ("it", "Il contratto con Orvane garantisce all'Inter 12,5 milioni di euro a stagione più i "
           "bonus.", "Inter"),
])
def test_taxes_included_or_bonuses_on_top_cancel_no_payment(
        rules_only: Extractor, lang: str, text: str, payee: str) -> None:
    # cues.toml not_non_payment: "impuestos incluidos", "più i bonus" state what the sum
    # holds or what comes on top of it; a tax or a bonus paid is still no payment
    assert [f.payee for f in rules_only.extract(text, lang).facts] == [payee]
    assert rules_only.extract("Orvane pagó 109 millones de euros en impuestos al Estado.",
                              "es").facts == []


@pytest.mark.parametrize("lang,goods,company", [
    ("es", "El Ministerio de Defensa ha firmado con Orvane la adquisición de 100 helicópteros "
           "por 4.000 millones de euros.",
     "La adquisición de Orvane por Velcor costó 4.000 millones de euros."),
    ("fr", "Le ministère des Armées a signé avec Orvane l'acquisition de 12 hélicoptères pour "
           "400 millions d'euros.",
     "L'acquisition d'Orvane par Velcor a coûté 400 millions d'euros."),
])
def test_buying_goods_is_no_takeover(lang: str, goods: str, company: str) -> None:
    # cues.toml not_non_payment: "la adquisición de 100 helicópteros" buys goods
    from pipeline.facts.clauses import cue

    assert cue(lang, "non_payment", goods) is None
    assert cue(lang, "non_payment", company) is not None


@pytest.mark.parametrize("lang,key,text", [
    ("fr", "hypothetical", "Le contrat conclu avec Orvane, estimé à 6,5 milliards d'euros, "
                           "prévoit la livraison de 26 avions."),
    ("it", "non_payment", "Il Velcor aveva preso l'attaccante dall'Orvane in prestito biennale "
                          "per 10 milioni di euro."),
])
def test_a_contracts_estimated_value_and_a_players_loan_fee_are_payments(
        lang: str, key: str, text: str) -> None:
    # cues.toml not_hypothetical ("contrat ..., estimé à"), not_non_payment ("in prestito")
    from pipeline.facts.clauses import cue

    assert cue(lang, key, text) is None
    assert cue("it", "non_payment", "La banca ha concesso a Orvane un prestito di 10 milioni.")


@pytest.mark.parametrize("text,payer,payee", [
    ("Having agreed to pay Vornetta $40 million a year for the league's match rights, Quillbrook "
     "is now looking for shows to fill the schedule.", "Quillbrook", "Vornetta"),
    ("Paying Harlsen about $2 million a month, Dravico remains the studio's largest client.",
     "Dravico", "Harlsen"),
])
def test_a_participle_opening_the_sentence_is_no_party_its_subject_pays(
        text: str, payer: str, payee: str) -> None:
    """A participle opens the clause the payment is in ("Having committed to pay X ..., Y
    ..."): the verb form is no name, and the name after the clause is who pays (the rules
    read it so; the scorer may still find the far name too unsure for a fact)."""
    for ex in (Extractor(prefer_statistical=False), Extractor()):
        a = ex.analyse(text, "en")
        assert [(c.payer, c.payee) for c in a.candidates] == [(payer, payee)]
        assert {(f.payer, f.payee) for f in a.extraction.facts} <= {(payer, payee)}
        assert not {"Having", "Paying"} & {n for s in a.scored for n in (s.payer.name, s.payee.name)}


def test_a_state_run_descriptor_is_no_part_of_the_name(rules_only: Extractor) -> None:
    """"State-run Brelmont Aeronautics": "-run", like "-owned" and "-based", describes."""
    text = ("State-run Brelmont Aeronautics Ltd said on Monday it had signed a Rs 6,100 crore "
            "contract with the Defence Ministry to build 41 helicopters.")
    facts = rules_only.analyse(text, "en").extraction.facts
    assert [(f.payer, f.payee) for f in facts] == [("Defence Ministry", "Brelmont Aeronautics")]


@pytest.mark.parametrize("lang,text,payer,payee", [
    ("fr", "Le club Valdor quitte Brixel pour Korvane, qui lui versera près de 75 millions d'euros "
           "par saison pendant dix ans.", "Korvane", "Valdor"),
    ("it", "Il club Valdor lascia Brixel per Korvane, che gli verserà 20 milioni di euro "
           "a stagione.", "Korvane", "Valdor"),
])
def test_a_clitic_in_a_relative_clause_stands_for_the_main_subject(
        rules_only: Extractor, lang: str, text: str, payer: str, payee: str) -> None:
    """"X quitte Y pour Z, qui lui versera ...": Z pays, and "lui" is X, the main clause's
    subject, not Y, the name nearest to it."""
    a = rules_only.analyse(text, lang)
    assert [(c.payer, c.payee) for c in a.candidates] == [(payer, payee)]


@pytest.mark.parametrize("text", [
    "Korvex has picked up a $12 million order from Brelmont for 40 buses.",
    "Korvex scooped a $12 million order from Brelmont for 40 buses.",
])
def test_picking_up_or_scooping_an_order_wins_it(rules_only: Extractor, text: str) -> None:
    """"picked up £80m of work from X": a phrasal verb of winning, its subject paid by the
    name "from" marks."""
    facts = rules_only.analyse(text, "en").extraction.facts
    assert [(f.payer, f.payee, f.amount) for f in facts] == [("Brelmont", "Korvex", 12_000_000)]


@pytest.mark.parametrize("lang,text,payer,payee", [
    ("fr", "La PME Brelvo vient de remporter auprès de la RATP un marché de 4,2 millions "
           "d'euros pour éclairer 23 stations.", "RATP", "Brelvo"),
    ("en", "The SME Brelvo has won a £4.2 million contract from Transport for London to light "
           "23 stations.", "Transport for London", "Brelvo"),
])
def test_a_firms_size_class_acronym_describes_the_name(rules_only: Extractor, lang: str,
                                                      text: str, payer: str, payee: str) -> None:
    """"la PME SFEL": a size class (PME, ETI, PMI, pyme, SME) opens a description, not the
    firm's name."""
    facts = rules_only.analyse(text, lang).extraction.facts
    assert [(f.payer, f.payee) for f in facts] == [(payer, payee)]


@pytest.mark.parametrize("text,payer,payee,amount", [
    ("Das Landesinnenministerium hat Airbus Helicopters mit der Lieferung von bis zu 44 "
     "Hubschraubern vom Typ V20 für die Landespolizei beauftragt. Der Vertrag hat einen Wert "
     "von 1,9 Milliarden Euro.", "Landesinnenministerium", "Airbus Helicopters", 1.9e9),
    ("Die Velmischen Bundesbahnen haben Siemens Mobility den Zuschlag für 116 neue "
     "Doppelstockzüge erteilt; 95 davon sollen im Grossraum Velm fahren, der Rest in der "
     "Westschweiz. Das Auftragsvolumen beziffern die VBB auf rund zwei Milliarden Franken.",
     "Velmischen Bundesbahnen", "Siemens Mobility", 2e9),
])
def test_two_bare_names_before_a_german_verb_that_closes_its_clause(
        rules_only: Extractor, monkeypatch: pytest.MonkeyPatch, text: str, payer: str,
        payee: str, amount: float) -> None:
    """"X hat Y ... beauftragt": German puts the subject first and the object after it
    before a participle that closes the clause, also when the amount comes later."""
    from pipeline.facts import scorer

    monkeypatch.setattr(scorer, "model", lambda: None)  # the rules' own reading
    got = [(f.payer, f.payee, f.amount) for f in rules_only.extract(text, "de").facts]
    assert got == [(payer, payee, amount)]


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "According to Varga's annual report, the drugmaker pays Nordlys Research $2 million "
           "a year.", ("Varga", "Nordlys Research", 2e6)),
    ("it", "Secondo il bilancio di Sestante, la società versa 90.000 euro al mese a "
           "Pixelfabbrica.", ("Sestante", "Pixelfabbrica", 90_000)),
    ("fr", "Selon le rapport annuel d'Orevia, l'éditeur de jeux verse 700 000 euros par mois à "
           "Pixelune.", ("Orevia", "Pixelune", 700_000)),
])
def test_a_company_document_as_the_source_names_a_party(
        statistical: Extractor, lang: str, text: str, expected: tuple) -> None:
    """"according to X's annual report": X owns the document (companies.toml
    `source_documents`), so it is no report's source and a back-reference may stand for it.
    Read by the rules or the scorer (which may veto the rules' reading on an invented
    sentence), never as another pair."""
    read = {(c.payer, c.payee, c.amount.value)
            for c in statistical.analyse(text, lang).candidates if c.payer and c.payee}
    kept = {(f.payer, f.payee, f.amount) for f in statistical.extract(text, lang).facts}
    assert expected in read | kept and kept <= {expected} and read <= {expected}


def test_a_bodys_reports_stay_a_source() -> None:
    from pipeline.facts.companies import find_mentions

    text = ("Selon les rapports de la DNCG publiés par la Ligue, l'AS Velmont a encaissé 10 "
            "millions d'euros de sponsoring.")
    assert "DNCG" not in [m.name for m in find_mentions(text, "fr")]


@pytest.mark.parametrize("lang,text", [
    ("es", "Orvane ejecutará las obras para el Ayuntamiento de Berlanga por 1,2 millones de "
           "euros."),
    ("de", "Orvane baut für die Stadt Kellerbach eine Sporthalle für 2,4 Millionen Euro."),
    ("de", "Orvane errichtet für die Stadt Kellerbach eine Sporthalle für 2,4 Millionen Euro."),
])
def test_who_builds_or_carries_out_the_works_is_paid(rules_only: Extractor, lang: str,
                                                      text: str) -> None:
    """Building and carrying out works are supply verbs (verbs.jsonl: "bauen", "errichten",
    "ausführen", "ejecutar", as "build", "construire", "costruire" already were): the one
    they are done for pays."""
    got = [(c.payer, c.payee, c.rule_id) for c in rules_only.analyse(text, lang).candidates]
    payer = "Ayuntamiento de Berlanga" if lang == "es" else "Stadt Kellerbach"
    assert got == [(payer, "Orvane", f"{lang}.supply")]
