"""Role assembly: who pays whom in one sentence, and what cancels a reading."""

from __future__ import annotations

import pytest

from pipeline.facts.clauses import conditional_verb
from pipeline.facts.relations import analyse_sentence, assemble
from pipeline.facts.shares import find_shares


def facts(text: str, lang: str, prev: str | None = None) -> list[tuple]:
    pv = analyse_sentence(prev, lang) if prev else None
    out = []
    for c in assemble(analyse_sentence(text, lang), pv):
        if c.payer and c.payee:
            out.append((c.payer, c.payee, c.amount.value, c.amount.currency, c.period))
    return out


POSITIVE = [
    # English: active, progressive, passive, receive, spend, buy from, coreference
    ("en", "Acme Robotics pays Zentrix Labs $2 million a month for sensor data.",
     ("Acme Robotics", "Zentrix Labs", 2e6, "USD", "month")),
    ("en", "Orvane is paying Telmark about $40,000 a week for map tiles, people said.",
     ("Orvane", "Telmark", 4e4, "USD", "week")),
    ("en", "Telmark is paid $3 million a year by the retailer Orvane Stores for forecasts.",
     ("Orvane Stores", "Telmark", 3e6, "USD", "year")),
    ("en", "Telmark will receive $90 million from Orvane over three years.",
     ("Orvane", "Telmark", 9e7, "USD", "total")),
    ("en", "Orvane spends roughly $5 million a quarter with Brixby Cloud.",
     ("Orvane", "Brixby Cloud", 5e6, "USD", "quarter")),
    ("en", "Orvane has agreed to buy $1 billion of storage from Brixby Cloud.",
     ("Orvane", "Brixby Cloud", 1e9, "USD", "total")),
    ("en", "Under the 2024 agreement, Orvane owes Telmark $50 million in total.",
     ("Orvane", "Telmark", 5e7, "USD", "total")),
    ("en", "Quanta Freight, a Norvik subsidiary, pays Celto Analytics £800,000 a month.",
     ("Quanta Freight", "Celto Analytics", 8e5, "GBP", "month")),
    ("en", "Analysts at Borvale said that Orvane had paid Alphabet's Google $9 million.",
     ("Orvane", "Google", 9e6, "USD", "total")),
    # Italian: dative "a", passive "da", receive "da", amount first
    ("it", "La catena Ortofresco paga a Nuvolari Cloud 200.000 euro al mese per il magazzino.",
     ("Ortofresco", "Nuvolari Cloud", 2e5, "EUR", "month")),
    ("it", "Brennero Dati viene pagata da Telsina 1,5 milioni di euro all'anno.",
     ("Telsina", "Brennero Dati", 1.5e6, "EUR", "year")),
    ("it", "Secondo Il Sole, Lucanet riceve da Vetrix 300 mila euro a trimestre.",
     ("Vetrix", "Lucanet", 3e5, "EUR", "quarter")),
    ("it", "Circa 2 milioni di euro al mese: è quanto Ortofresco versa a Nuvolari Cloud.",
     ("Ortofresco", "Nuvolari Cloud", 2e6, "EUR", "month")),
    # German: dative object, inverted subject, receive "von", verb-final
    ("de", "Der Versandhändler Kornblum zahlt dem Kölner Softwarehaus Tessin Data monatlich "
           "2 Mio. Euro für Lagerplanung.",
     ("Kornblum", "Tessin Data", 2e6, "EUR", "month")),
    ("de", "Für die Lizenzen überweist der Autobauer Strela der Firma Pixwerk jährlich "
           "12 Mio. Euro.",
     ("Strela", "Pixwerk", 12e6, "EUR", "year")),
    ("de", "Tessin Data erhält von Kornblum pro Quartal 450.000 Euro.",
     ("Kornblum", "Tessin Data", 4.5e5, "EUR", "quarter")),
    ("de", "Strela wird Pixwerk über vier Jahre 80 Mio. Euro zahlen.",
     ("Strela", "Pixwerk", 8e7, "EUR", "total")),
    ("de", "Die Bank Strela wird Pixwerk 80 Mio. Euro für den Betrieb ihrer Rechner zahlen.",
     ("Strela", "Pixwerk", 8e7, "EUR", "total")),
    ("de", "Bekannt ist, dass der Fahrdienst Strela dem Anbieter Pixwerk jährlich 4 Mio. Euro "
           "zahlt.",
     ("Strela", "Pixwerk", 4e6, "EUR", "year")),
    ("de", "Vom Versicherer Kornblum erhält der Anbieter Tessin Data jährlich 2 Mio. Euro.",
     ("Kornblum", "Tessin Data", 2e6, "EUR", "year")),
    ("it", "Da marzo la catena Ortofresco paga a Nuvolari 40.000 euro al mese.",
     ("Ortofresco", "Nuvolari", 4e4, "EUR", "month")),
    ("it", "Nuvolari viene pagata 600.000 euro all'anno dalla catena di negozi Ortofresco.",
     ("Ortofresco", "Nuvolari", 6e5, "EUR", "year")),
    # French: "à", passive "par", receive "de", spend "chez"
    ("fr", "Valrhône versera 5 millions d'euros au fournisseur de centres de données Nuagix.",
     ("Valrhône", "Nuagix", 5e6, "EUR", "total")),
    ("fr", "Le transporteur Valrhône verse 90 000 euros par mois à Calculis pour ses tournées.",
     ("Valrhône", "Calculis", 9e4, "EUR", "month")),
    ("fr", "Calculis est rémunéré par la banque Crédit Sévigné 2 millions d'euros par an.",
     ("Crédit Sévigné", "Calculis", 2e6, "EUR", "year")),
    ("fr", "Calculis perçoit de Valrhône environ 500 000 euros par trimestre.",
     ("Valrhône", "Calculis", 5e5, "EUR", "quarter")),
    ("fr", "Le site Voyagio dépense 3 000 euros par jour chez Nuagix.",
     ("Voyagio", "Nuagix", 3e3, "EUR", "day")),
    # Spanish: "a", passive "por", receive "de", spend "en ... de"
    ("es", "La aseguradora Mutua Brava paga a Datasol 75.000 euros al mes por su web.",
     ("Mutua Brava", "Datasol", 7.5e4, "EUR", "month")),
    ("es", "Datasol es remunerada por el banco Caja Serrana con 1,2 millones de euros al año.",
     ("Caja Serrana", "Datasol", 1.2e6, "EUR", "year")),
    ("es", "Datasol ingresa 400.000 euros al trimestre de la cadena Hoteles Brisa.",
     ("Hoteles Brisa", "Datasol", 4e5, "EUR", "quarter")),
    ("es", "Rutas Vega gasta 9.000 euros diarios en los servicios de mapas de Geonex.",
     ("Rutas Vega", "Geonex", 9e3, "EUR", "total")),
    # contributing money to a party is paying it
    ("es", "La naviera Puertos Caribe aportará a Datasol 12 millones de dólares anuales.",
     ("Puertos Caribe", "Datasol", 1.2e7, "USD", "year")),
    ("fr", "L'équipementier Valkor apporte 4 millions d'euros par saison au club Nuagix.",
     ("Valkor", "Nuagix", 4e6, "EUR", "year")),
]


@pytest.mark.parametrize("lang,text,expected", POSITIVE)
def test_payment_frames(lang: str, text: str, expected: tuple) -> None:
    got = facts(text, lang)
    assert len(got) == 1, got
    payer, payee, amount, currency, period = got[0]
    assert (payer, payee, currency) == expected[:2] + expected[3:4]
    assert amount == pytest.approx(expected[2])
    if expected[4] != "total":
        assert period == expected[4]


NEGATIVE = [
    ("en", "Orvane did not pay Telmark $5 million last year."),
    ("en", "Marbrook denied paying Telmark $12 million a year for placement."),
    ("en", "If the deal closes, Orvane would pay Telmark $40 million."),
    ("en", "Orvane could pay Telmark up to $2 million a month."),
    ("en", "How much does Orvane pay Telmark $1 million for?"),
    ("en", "Orvane raised $300 million from investors led by Granite Partners."),
    ("en", "Orvane will pay a fine of $20 million to Telmark's regulator."),
    ("en", "Orvane agreed to buy Telmark for $2 billion."),
    ("en", "Orvane invests $4 billion in its own data centres."),
    ("en", "Telmark reported revenue of $2 billion in the quarter."),
    ("en", "Orvane paid $3 billion to acquire Telmark Audio."),
    ("en", "Orvane paid Telmark $13 billion to buy the grocer."),
    ("en", "Orvane agreed to pay Telmark Games $70 million to settle the lawsuit."),
    ("en", "Brixby sees Orvane's cloud transfers to Telmark reaching $2 million."),
    ("en", "Telmark Cloud will receive $8 billion from Orvane's new investment round."),
    ("en", "Orvane expects to pay Telmark more than $20 billion next year."),
    ("de", "Kornblum will Tessin Data künftig 3 Mio. Euro im Jahr zahlen."),
    ("it", "Ortofresco non ha pagato a Nuvolari 2 milioni di euro."),
    ("it", "Ortofresco potrebbe pagare a Nuvolari 2 milioni di euro l'anno."),
    # the conditional mood reports a rumour, an estimate or a plan, in any verb
    ("it", "Ortofresco pagherebbe a Nuvolari 3 milioni di euro l'anno, secondo fonti."),
    ("fr", "Selon la presse, Valrhône s'apprêterait à commander à Calculis 40 serveurs pour "
           "2 millions d'euros."),
    ("fr", "Le ministre a confirmé que l'État commanderait à Calculis des serveurs pour "
           "2 millions d'euros."),
    ("es", "Según un analista, Mutua Brava abonaría a Datasol 2 millones de euros al año."),
    ("it", "Il gruppo Ferretti ha smentito di versare 3 milioni di euro a Nuvolari."),
    ("de", "Kornblum zahlt Tessin Data keine 2 Mio. Euro."),
    ("de", "Sollte der Vertrag verlängert werden, würde Kornblum Tessin Data 5 Mio. Euro zahlen."),
    ("de", "Die Behörde verhängte gegen Kornblum eine Strafe von 9 Mio. Euro."),
    ("fr", "Valrhône ne paie pas 90 000 euros à Calculis."),
    ("fr", "Valrhône pourrait verser 2 millions d'euros à Calculis."),
    ("fr", "Valrhône a levé 30 millions d'euros auprès de Fonds Azur."),
    ("es", "Mutua Brava no paga 75.000 euros a Datasol."),
    ("es", "Mutua Brava podría pagar a Datasol 2 millones de euros."),
    ("es", "La CNMC impuso a Mutua Brava una multa de 3 millones de euros."),
    ("en", "Orvane will pay Telmark shareholders $45 a share in cash."),
    ("en", "Orvane stopped paying Telmark $2 million a month last year."),
    ("en", "Orvane spent $4 billion on data centres last year, up from $3 billion, it said in "
     "a filing with Telmark Capital."),
    ("de", "Tessin Data erhielt von Kornblum eine Finanzspritze von 20 Millionen Euro."),
    ("it", "Ortofresco ha smesso di pagare a Nuvolari 2 milioni di euro al mese."),
    ("es", "Mutua Brava dejó de pagar a Datasol 2 millones de euros al mes."),
    # about to win is not won
    ("fr", "Valrhône est en passe de décrocher le contrat de la SNCB, pour plus de 3 "
     "milliards d'euros."),
    ("en", "Orvane is on the verge of winning a $3 billion contract from Telmark."),
]


@pytest.mark.parametrize("lang,text", NEGATIVE)
def test_cancelled_readings(lang: str, text: str) -> None:
    assert facts(text, lang) == []


def test_money_as_subject_flows_to_a_payee() -> None:
    got = facts("Die Reederei Kornblum hat zwei Verträge: 2 Mio. Euro pro Jahr fließen an "
                "Tessin Data, weitere 500.000 Euro pro Jahr an den Anbieter Pixwerk.", "de")
    assert [(g[0], g[1], g[2]) for g in got] == [("Kornblum", "Tessin Data", 2e6),
                                                 ("Kornblum", "Pixwerk", 5e5)]
    assert facts("2 milioni di euro versati a Nuvolari, secondo fonti.", "it") == []


@pytest.mark.parametrize("lang,text,expected", [
    ("it", "Nel bilancio di Ortofresco figurano due voci: 80.000 euro al mese versati a "
     "Nuvolari e 1,2 milioni l'anno pagati a Tessin Data.",
     [("Ortofresco", "Nuvolari", 8e4, "EUR", "month"),
      ("Ortofresco", "Tessin Data", 1.2e6, "EUR", "year")]),
    ("fr", "Dans les comptes de Kornblum apparaissent 40 000 euros par mois versés à "
     "Pixwerk.", [("Kornblum", "Pixwerk", 4e4, "EUR", "month")]),
    ("es", "En las cuentas de Mutua Brava constan 130.000 euros al mes pagados a Datasol.",
     [("Mutua Brava", "Datasol", 1.3e5, "EUR", "month")]),
])
def test_flow_from_whose_accounts(lang: str, text: str, expected: list) -> None:
    """With no unmarked name before the money, the only one in a genitive pays it: the
    accounts' owner (a payee the list named earlier does not count)."""
    assert facts(text, lang) == expected


def test_flow_owner_is_the_only_name_before() -> None:
    assert facts("Nel bilancio di Ortofresco e di Kornblum figurano 80.000 euro versati a "
                 "Nuvolari.", "it") == []


def test_relative_pronoun_with_preposition_points_to_the_payee() -> None:
    got = facts("Nuvolari, alla quale il gruppo Ortofresco versa un canone di 2 milioni di "
                "euro l'anno, apre una sede.", "it")
    assert got == [("Ortofresco", "Nuvolari", 2e6, "EUR", "year")]


def test_a_german_relative_before_a_name_and_a_final_verb_points_to_the_payee() -> None:
    # ", dem Chevrolet ... überweist": "dem" is the relative (its antecedent is paid), the
    # name after it is the subject; an article before a noun and "zu zahlen" is no relative
    got = facts("Spitzenreiter bleibt Brivalo United, dem Orvane jedes Jahr 47 Millionen "
                "Pfund überweist.", "de")
    assert got == [("Orvane", "Brivalo United", 47e6, "GBP", "year")]
    got = facts("Die Stadt Meerbusch verpflichtet sich, dem Kartendienst Orvane jährlich "
                "5 Millionen Euro zu zahlen.", "de")
    assert got == [("Stadt Meerbusch", "Orvane", 5e6, "EUR", "year")]


def test_a_german_verb_closing_its_clause_takes_the_amount_before_it() -> None:
    got = facts("Größter Kunde war das Brivalo-Ministerium, das fast 110 Millionen Euro an "
                "Orvane zahlte, gefolgt vom Innenministerium mit rund 40 Millionen Euro.", "de")
    assert ("Brivalo-Ministerium", "Orvane", 110e6, "EUR", "total") in got
    assert not any(g[2] == 40e6 and g[0] == "Brivalo-Ministerium" for g in got[:1])
    # and no payee from the next, gapped clause
    got = facts("Vodafone muss für seine Rechte 2,1 Milliarden Euro zahlen, die Orvane "
                "1,8 Milliarden Euro.", "de")
    assert not any(g[1] == "Orvane" for g in got)


@pytest.mark.parametrize("lang,text,expected", [
    ("it", "Orvane garantisce al Brivalo 12 milioni di euro l'anno.",
     ("Orvane", "Brivalo", 12e6, "EUR", "year")),
    ("es", "Orvane garantiza al club Brivalo 150 millones de euros por temporada.",
     ("Orvane", "Brivalo", 150e6, "EUR", "year")),
    ("fr", "Orvane garantit au club Brivalo 5 millions d'euros par an.",
     ("Orvane", "Brivalo", 5e6, "EUR", "year")),
])
def test_guaranteeing_a_party_an_amount_is_paying_it(lang: str, text: str,
                                                      expected: tuple) -> None:
    """Sponsorship and rights news say what a sponsor "guarantees" a club or a league."""
    assert expected in facts(text, lang)


def test_a_guarantee_with_no_recipient_is_no_payment() -> None:
    assert facts("Il contratto prevede un minimo garantito di 70 treni per 1,6 miliardi di "
                 "euro.", "it") == []


def test_cost_frame_names_the_owner_as_payee() -> None:
    got = facts("Monatlich 40.000 Euro kostet den Händler Kornblum die Kartenschnittstelle "
                "von Tessin Data.", "de")
    assert got == [("Kornblum", "Tessin Data", 4e4, "EUR", "month")]
    assert facts("Die Übernahme von Tessin Data kostet den Händler Kornblum 2 Mrd. Euro.",
                 "de") == []


def test_no_payee_means_no_fact() -> None:
    assert facts("Orvane pays $2 million a month for cloud services.", "en") == []


def test_restated_amount_in_another_currency_is_not_a_second_fact() -> None:
    got = facts("Orvane pays Telmark €5 million ($5.4 million) a year.", "en")
    assert got == [("Orvane", "Telmark", 5e6, "EUR", "year")]


@pytest.mark.parametrize("lang,text,expected", [
    ("es", "Orvane ha adjudicado a Telmark la planta por 200 millones de libras, unos 250 "
     "millones de euros.", ("Orvane", "Telmark", 2e8, "GBP", "total")),
    ("en", "Orvane will pay Telmark €40 million, roughly $43 million, a year.",
     ("Orvane", "Telmark", 4e7, "EUR", "year")),
    ("fr", "Orvane versera à Telmark 89,1 millions de dollars, environ 77,2 millions "
     "d'euros.", ("Orvane", "Telmark", 8.91e7, "USD", "total")),
])
def test_a_hedged_amount_in_another_currency_after_a_comma_is_a_conversion(
        lang: str, text: str, expected: tuple) -> None:
    """"200 millones de libras, unos 250 millones de euros": the same payment converted,
    one fact in the first currency (the issue's convention), not a second fact, and no
    amount the scorer reads on its own."""
    from pipeline.facts.clauses import parenthetical
    from pipeline.facts.relations import analyse_sentence

    view = analyse_sentence(text, lang)
    assert [parenthetical(view, a) for a in view.amounts] == [False, True]
    assert facts(text, lang) == [expected]


def test_a_hedged_amount_of_another_payee_after_a_comma_is_no_conversion() -> None:
    from pipeline.facts.clauses import parenthetical
    from pipeline.facts.relations import analyse_sentence

    view = analyse_sentence("Orvane pays Telmark €40 million and Brixby about $43 million.",
                            "en")
    assert [parenthetical(view, a) for a in view.amounts] == [False, False]


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Orvane pays Telmark £900m, or about £60m a season, for its shirts.",
     ("Orvane", "Telmark", 9e8, "GBP", "total")),
    ("fr", "Orvane versera à Telmark 158,5 millions d'euros au total, soit 31,7 millions "
     "par saison.", ("Orvane", "Telmark", 1.585e8, "EUR", "total")),
    ("it", "Orvane verserà a Telmark 105 milioni di euro, ovvero 35 milioni l'anno.",
     ("Orvane", "Telmark", 1.05e8, "EUR", "total")),
    ("es", "Orvane pagará a Telmark 600 millones de euros, es decir, 200 millones al año.",
     ("Orvane", "Telmark", 6e8, "EUR", "total")),
])
def test_an_amount_restated_in_another_form_keeps_its_own_period(
        lang: str, text: str, expected: tuple) -> None:
    """The same payment stated two ways is one fact in the first form; the restatement's
    period is its own, not the first amount's."""
    assert facts(text, lang) == [expected]


def test_a_unit_price_then_the_payment_is_no_restatement() -> None:
    from pipeline.facts.clauses import worded_restatement
    from pipeline.facts.relations import analyse_sentence

    view = analyse_sentence("Orvane paiera à Telmark 13,32 cents le kilowattheure, soit quelque "
                            "30 milliards de dollars sur 25 ans.", "fr")
    # the unit price is read as one ("le kilowattheure": fr_CA's unit name) and set aside
    assert [(a.value, worded_restatement(view, a)) for a in view.amounts] == [(3e10, False)]
    view = analyse_sentence("Orvane paiera à Telmark 90 millions d'euros, soit 30 millions "
                            "par an.", "fr")
    assert [worded_restatement(view, a) for a in view.amounts] == [False, True]


def test_coordinated_payees() -> None:
    got = facts("Orvane pays Telmark $2 million a month for hosting and Brixby $300,000 "
                "a month for backups.", "en")
    assert [(g[1], g[2]) for g in got] == [("Telmark", 2e6), ("Brixby", 3e5)]
    got = facts("L'éditeur Ludix verse 10 000 euros par mois à Pixaro et 4 000 euros par "
                "semaine à Sonaro.", "fr")
    assert [(g[0], g[1], g[4]) for g in got] == [("Ludix", "Pixaro", "month"),
                                                 ("Ludix", "Sonaro", "week")]


def test_back_references_to_the_previous_sentence() -> None:
    prev = "Orvane signed a cloud contract with Brixby in 2023."
    assert facts("It pays Brixby $3 million a year.", "en", prev) == [
        ("Orvane", "Brixby", 3e6, "USD", "year")]
    prev = "Il gruppo Ortofresco ha scelto la piattaforma della start-up Nuvolari."
    assert facts("Le versa 40.000 euro al mese.", "it", prev) == [
        ("Ortofresco", "Nuvolari", 4e4, "EUR", "month")]
    prev = "La start-up Calculis gère la paie du cabinet Morand & Fils."
    assert facts("Celui-ci lui verse 8 000 euros par mois.", "fr", prev) == [
        ("Morand & Fils", "Calculis", 8e3, "EUR", "month")]


def test_descriptive_back_reference_to_the_other_party() -> None:
    prev = "Orvane, a Dutch battery start-up, signed a compute deal with Brixby in May."
    assert facts("The company pays the cloud giant $80,000 a week.", "en", prev) == [
        ("Orvane", "Brixby", 8e4, "USD", "week")]


def test_a_descriptive_subject_is_the_known_other_party_when_the_payee_was_the_subject() -> None:
    # the sentence before's subject is paid here, so the giant is the one name left there
    prev = "La Asociación del Fútbol Argentino ha prorrogado el contrato con Disney."
    assert facts("El gigante estadounidense abonará a la AFA 45 millones de dólares.", "es",
                 prev) == [("Disney", "AFA", 45e6, "USD", "total")]


def test_the_company_refers_back_inside_the_sentence() -> None:
    got = facts("Telmark's data business is growing: Orvane pays the company $6 million "
                "a year.", "en")
    assert got == [("Orvane", "Telmark", 6e6, "USD", "year")]


def test_revenue_share() -> None:
    view = analyse_sentence("That is nearly 30% of Telmark's cloud revenue.", "en")
    [share] = find_shares(view)
    assert (share.company, share.share, share.approx) == ("Telmark", 30.0, True)
    view = analyse_sentence("Il contratto vale il 12% dei ricavi di Nuvolari.", "it")
    [share] = find_shares(view)
    assert (share.company, share.share, share.approx) == ("Nuvolari", 12.0, False)
    view = analyse_sentence("The deal is worth about a third of the revenue Telmark makes.", "en")
    [share] = find_shares(view)
    assert (share.company, share.share, share.approx) == ("Telmark", 33.3, True)
    view = analyse_sentence("La spesa di Ortofresco vale circa il 20% dei ricavi che Nuvolari "
                            "incassa nel cloud.", "it")
    [share] = find_shares(view)
    assert (share.company, share.payer, share.share, share.approx) == (
        "Nuvolari", "Ortofresco", 20.0, True)


def test_german_passive_with_the_participle_at_the_end() -> None:
    got = facts("Der Hersteller Kranwerk wird von der Sparkasse Uferland mit rund 80.000 Euro "
                "pro Quartal für die Wartung bezahlt.", "de")
    assert got == [("Sparkasse Uferland", "Kranwerk", 8e4, "EUR", "quarter")]
    # without the auxiliary "bezahlt" is active: the subject pays
    got = facts("Die Sparkasse Uferland bezahlt dem Hersteller Kranwerk 80.000 Euro im Monat.",
                "de")
    assert got == [("Sparkasse Uferland", "Kranwerk", 8e4, "EUR", "month")]
    # the auxiliary of another clause does not make it passive
    assert facts("Es wird erwartet, dass Kranwerk 2 Mio. Euro bezahlt.", "de") == []


def test_german_separable_verb_gibt_aus() -> None:
    got = facts("Der Händler Kornblum gibt täglich rund 20.000 Euro für die Cloud von Tessin "
                "Data aus.", "de")
    assert got == [("Kornblum", "Tessin Data", 2e4, "EUR", "day")]
    # "aus" as a preposition is no particle
    assert facts("Kornblum gibt 2 Mio. Euro aus dem Budget an Tessin Data weiter.", "de") == []


def test_german_separable_verb_kauft_ab() -> None:
    """"X kauft/hat Y ... abgekauft": the buyer pays the one it buys from (dative)."""
    assert facts("Der Sender Telvora hat dem Verband Ligaro die europäischen TV-Rechte für "
                 "1,3 Milliarden Euro abgekauft.", "de") == [("Telvora", "Ligaro", 1.3e9, "EUR", "total")]
    assert facts("Flixbahn kauft dem Hersteller Talvik 30 Züge für 500 Millionen Euro ab.",
                 "de") == [("Flixbahn", "Talvik", 5e8, "EUR", "total")]


def test_a_dropped_demonym_leaves_the_preposition_governing_the_name() -> None:
    got = facts("Corvane has received an order worth SEK 9.6 billion from the Swedish "
                "Vattenfall, covering two submarines.", "en")
    assert got == [("Vattenfall", "Corvane", 9.6e9, "SEK", "total")]
    # before capitalised words the gazetteer does not know, the demonym is part of the name
    got = facts("Corvane has received an order worth SEK 9.6 billion from the Swedish "
                "Materiel Agency, covering two submarines.", "en")
    assert got == [("Swedish Materiel Agency", "Corvane", 9.6e9, "SEK", "total")]


def test_a_german_plural_noun_after_a_name_is_not_in_it() -> None:
    got = facts("Der Versicherer Alvena hat der Tochter T-Netrix Rechenzentren für 80 Millionen "
                "Euro abgekauft.", "de")
    assert got == [("Alvena", "T-Netrix", 8e7, "EUR", "total")]
    # an English plural stays in the name
    assert facts("Die japanische MC Aviation Partners zahlt Boeing für zwei Maschinen 153 "
                 "Mio. Dollar.", "de")[0][0] == "MC Aviation Partners"


def test_possessive_determiner_makes_a_german_noun_no_name() -> None:
    got = facts("Für die Abrechnung ihrer Ladesäulen überweist die Stromwerk AG dem "
                "Zahlungsdienstleister Payfix jeden Monat rund 85.000 Euro.", "de")
    assert got == [("Stromwerk", "Payfix", 8.5e4, "EUR", "month")]


def test_hands_is_a_payment_verb() -> None:
    got = facts("Orvane now hands Telmark about $310,000 every quarter.", "en")
    assert got == [("Orvane", "Telmark", 3.1e5, "USD", "quarter")]
    assert facts("Orvane handed the keys to Telmark.", "en") == []


@pytest.mark.parametrize("lang,text,expected", [
    ("it", "A Nuvolari vanno ogni anno 3 milioni di euro da Ortofresco.",
     ("Ortofresco", "Nuvolari", 3e6, "EUR", "year")),
    ("de", "An das Start-up Tessin Data fließen von der Reederei Kornblum monatlich 250.000 "
     "Euro.", ("Kornblum", "Tessin Data", 2.5e5, "EUR", "month")),
    ("de", "Jedes Jahr fließen rund 5 Millionen Euro von Kornblum an Tessin Data.",
     ("Kornblum", "Tessin Data", 5e6, "EUR", "year")),
    ("es", "A la consultora Datasol le llegan cada mes 130.000 euros de la aseguradora "
     "Mutua Brava.", ("Mutua Brava", "Datasol", 1.3e5, "EUR", "month")),
])
def test_flow_with_a_marked_payer(lang: str, text: str, expected: tuple) -> None:
    assert facts(text, lang) == [expected]


def test_flow_after_the_verb_needs_a_marked_payer_before_the_payee() -> None:
    assert facts("Kornblum sagt, es fließen 5 Millionen Euro an Tessin Data.", "de") == []
    assert facts("An Tessin Data fließen 5 Millionen Euro an Fördermitteln von der "
                 "Reederei Kornblum.", "de") == []
    assert facts("A Nuvolari non arrivano più 3 milioni di euro da Ortofresco.", "it") == []


@pytest.mark.parametrize("lang,prev,text,expected", [
    ("en", "Orvane Media struck a licensing deal with Telmark Studios in March.",
     "The New York-based publisher pays the studio $2 million a quarter.",
     ("Orvane Media", "Telmark Studios", 2e6, "USD", "quarter")),
    ("it", "Ortofresco ha firmato un contratto con Nuvolari.",
     "Il vettore verserà alla società torinese 2 milioni di euro all'anno.",
     ("Ortofresco", "Nuvolari", 2e6, "EUR", "year")),
    ("fr", "Valrhône a signé un contrat avec Calculis.",
     "L'avionneur versera à l'équipementier 2 millions d'euros par an.",
     ("Valrhône", "Calculis", 2e6, "EUR", "year")),
    ("es", "Mutua Brava ha firmado un contrato con Datasol.",
     "La aerolínea pagará al fabricante 2 millones de euros al año.",
     ("Mutua Brava", "Datasol", 2e6, "EUR", "year")),
])
def test_descriptive_references_to_the_previous_sentence(lang: str, prev: str, text: str,
                                                         expected: tuple) -> None:
    assert facts(text, lang, prev) == [expected]


def test_a_descriptive_phrase_before_a_name_is_no_reference() -> None:
    got = facts("OpenAI versera 2 millions d'euros au fournisseur de centres de données "
                "Calculis.", "fr")
    assert got == [("OpenAI", "Calculis", 2e6, "EUR", "total")]
    assert facts("Orvane pays the cloud provider $2 million a month.", "en") == []


def test_german_references_with_dative_articles() -> None:
    prev = "Kornblum hat mit dem Anbieter Tessin Data einen Vertrag geschlossen."
    assert facts("Der Konzern zahlt dem Anbieter 120.000 Euro im Quartal.", "de", prev) == \
        [("Kornblum", "Tessin Data", 1.2e5, "EUR", "quarter")]
    assert facts("Sie zahlt dem Unternehmen 120.000 Euro im Quartal.", "de", prev) == \
        [("Kornblum", "Tessin Data", 1.2e5, "EUR", "quarter")]


def test_conversion_after_or_about_keeps_the_period() -> None:
    got = facts("Orvane pays Telmark 600,000 euros, or about $650,000, a month.", "en")
    assert got == [("Orvane", "Telmark", 6e5, "EUR", "month")]
    got = facts("Valrhône verse à Calculis 20 millions d'euros, soit environ 22 millions de "
                "dollars, par an.", "fr")
    assert got == [("Valrhône", "Calculis", 2e7, "EUR", "year")]


def test_reference_to_a_marked_name_earlier_in_the_sentence() -> None:
    got = facts("Ortofresco, che da anni si affida a Nuvolari, paga alla società circa 2 "
                "milioni di euro all'anno.", "it")
    assert got == [("Ortofresco", "Nuvolari", 2e6, "EUR", "year")]


@pytest.mark.parametrize("lang,text", [
    ("en", "Orvane Media and Telmark Group pay Brixby a combined $5 million a year."),
    ("en", "Orvane pays Telmark and Brixby Cloud a combined $5 million a year."),
    ("it", "Ortofresco paga a Nuvolari e a Brixby complessivamente 5 milioni di euro all'anno."),
    ("de", "Kornblum und Pixwerk zahlen Tessin Data zusammen 5 Millionen Euro im Jahr."),
    ("fr", "Valrhône et Brixby versent à Calculis 5 millions d'euros par an."),
    ("en", "Orvane signed partnerships with Telmark and Brixby that together top $10 billion."),
])
def test_an_amount_shared_by_joined_names_is_no_fact(lang: str, text: str) -> None:
    assert facts(text, lang) == []


def test_a_second_verb_after_and_keeps_the_first_subject() -> None:
    got = facts("Orvane pays Telmark $5 million a year for software and pays Brixby another "
                "$1.5 million a year.", "en")
    assert got == [("Orvane", "Telmark", 5e6, "USD", "year"),
                   ("Orvane", "Brixby", 1.5e6, "USD", "year")]
    got = facts("Orvane hired Telmark and now pays Brixby $2 million a month.", "en")
    assert got == [("Orvane", "Brixby", 2e6, "USD", "month")]


def test_relative_clause_subject_is_the_antecedent() -> None:
    assert facts("Orvane Media, which pays Telmark $2 million a month, is expanding.", "en") == \
        [("Orvane Media", "Telmark", 2e6, "USD", "month")]
    assert facts("Telmark, which is paid $2 million a month by Orvane, is profitable.", "en") \
        == [("Orvane", "Telmark", 2e6, "USD", "month")]


def test_german_relative_clause_with_the_verb_last() -> None:
    got = facts("Tessin Data, das von Kornblum jährlich rund 7 Millionen Euro erhält, plant "
                "einen Börsengang.", "de")
    assert got == [("Kornblum", "Tessin Data", 7e6, "EUR", "year")]
    assert facts("Die Tochter Tessin Data von Kornblum erhält 7 Millionen Euro.", "de") == []


def test_the_period_after_a_range_applies_to_it() -> None:
    got = facts("Orvane pays Telmark between $2 million and $3 million a year.", "en")
    assert got == [("Orvane", "Telmark", 2e6, "USD", "year")]


def test_a_back_reference_that_opens_a_phrase_is_governed_only_by_what_touches_it() -> None:
    prev = "Cassa Valtellina ha scelto la start-up Nuvolari per i controlli."
    # "Per il servizio" is a phrase of its own: "la banca" is the subject, not "per"
    assert facts("Per il servizio la banca paga a Nuvolari 90.000 euro al mese.", "it",
                 prev) == [("Cassa Valtellina", "Nuvolari", 9e4, "EUR", "month")]
    prev = "Orvane signed a cloud contract with Brixby in 2023."
    assert facts("For years the company has paid Brixby $3 million a year.", "en", prev) == [
        ("Orvane", "Brixby", 3e6, "USD", "year")]
    # a preposition right before the phrase still governs it
    assert facts("Brixby riceve dalla banca Cassa Valtellina 90.000 euro al mese.", "it") == [
        ("Cassa Valtellina", "Brixby", 9e4, "EUR", "month")]


@pytest.mark.parametrize("lang,text,period", [
    ("en", "Anthropic, founded in 2021, pays Orvane $5 million.", "total"),
    ("fr", "Google a payé 18 milliards de dollars à Apple en 2021 pour rester le moteur "
           "par défaut.", "year"),
    ("en", "In 2012 Telmark signed a $90 million contract with the Ministry of Defence.",
     "total"),
    # the clause after a colon opens with the year like a sentence would
    ("fr", "Le montant était bien gardé : en 2022, Orvane a versé 20 milliards de dollars à "
           "Telmark pour rester le moteur par défaut.", "year"),
])
def test_a_calendar_year_in_the_clause_is_a_year_for_payments_only(lang: str, text: str,
                                                                   period: str) -> None:
    from pipeline.facts.extractor import Extractor

    (fact,) = Extractor(prefer_statistical=False).extract(text, lang).facts
    assert fact.period == period


def periods(text: str, lang: str) -> list[tuple]:
    return [(c.payer, c.payee, c.amount.value, c.period, c.term_months)
            for c in assemble(analyse_sentence(text, lang)) if c.payee]


def test_coordinated_amounts_share_a_period_stated_once() -> None:
    got = periods("Fox Sports paga 13.5 millones de dólares anuales a los Tuzos del Pachuca "
                  "y 13 millones al León.", "es")
    assert [(p, y) for _, p, _, y, _ in got] == [("Tuzos del Pachuca", "year"), ("León", "year")]
    got = periods("Cementos Ruiz paid the trucking firm Transportes Bajío 72 million euros and "
                  "the rail operator FerroNorte another 115 million euros to move clinker in "
                  "2024, according to its filing.", "en")
    assert [(p, y) for _, p, _, y, _ in got] == [("Transportes Bajío", "year"),
                                                 ("FerroNorte", "year")]


def test_a_deal_value_keeps_its_total() -> None:
    got = periods("Apple already pays Major League Baseball $85 million a year for Friday Night "
                  "Baseball and struck a $2.5 billion deal with MLS.", "en")
    assert all(y == "total" for _, _, v, y, _ in got if v == 2.5e9)


def test_a_recurring_period_with_a_term() -> None:
    got = periods("La commune de Vizille paiera chaque année, pendant quatre ans, 1,2 million "
                  "d'euros à Verdure Services.", "fr")
    assert got and got[0][3:] == ("year", 48)


def test_a_currency_word_is_no_verb() -> None:
    got = periods("Daesung Heavy Industries has been paying the operator Haneul Terminals "
                  "3.2 billion won a quarter.", "en")
    assert got and got[0][3] == "quarter"


@pytest.mark.parametrize("lang,text", [
    ("en", "Sandwell Council has picked BT as preferred bidder for a £300m contract."),
    ("es", "CAF y Talgo pujarán por el contrato para suministrar a Renfe trenes por 2.642 "
           "millones de euros."),
    ("es", "Cellnex solo tendrá que pagar 2,55 millones de euros de la multa con la que la "
           "CNMC sancionó a Abertis Telecom."),
    ("en", "Analysts reckon Apple hands Qualcomm roughly $15 in royalties per handset."),
])
def test_bids_fines_and_estimates_are_no_payments(lang: str, text: str) -> None:
    assert facts(text, lang) == []


def test_a_pronoun_object_skips_every_form_of_the_subject() -> None:
    # the subject's short form ("Halden") must not let "it" resolve to its long form
    prev = "Brixby Analytics won a new client in March when the insurer Halden Mutual moved " \
           "its claims platform onto Brixby's servers."
    assert facts("Halden pays it about £1.4 million a year.", "en", prev) == [
        ("Halden", "Brixby", 1.4e6, "GBP", "year")]


@pytest.mark.parametrize("lang,prev,text,expected", [
    ("es", "Farmacias Olmedo firmó un acuerdo con la tecnológica gallega Nubaria para su "
           "tienda en línea.", "La cadena pagará a su socio 300.000 euros al año.",
     ("Farmacias Olmedo", "Nubaria", 3e5, "EUR", "year")),
    ("it", "Il gruppo Ortofresco ha firmato un accordo con la start-up Nuvolari.",
     "Ortofresco verserà al suo partner 90.000 euro al mese.",
     ("Ortofresco", "Nuvolari", 9e4, "EUR", "month")),
])
def test_a_back_reference_right_before_the_amount(lang: str, prev: str, text: str,
                                                  expected: tuple) -> None:
    # "a su socio 300.000 euros": the digits after the phrase are the amount, not a name
    # the phrase would introduce ("la empresa Andes Analytics")
    assert facts(text, lang, prev) == [expected]


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Ventisca Air ordered ten A350-1000 jets for $4.2 billion.",
     ("Ventisca Air", "Airbus", 4.2e9, "USD", "total")),
    ("it", "La compagnia Ventisca ha ordinato otto ATR 72-600 per 200 milioni di dollari.",
     ("Ventisca", "ATR", 2e8, "USD", "total")),
    ("fr", "Ventisca a commandé 12 Rafale pour 2 milliards d'euros.",
     ("Ventisca", "Dassault Aviation", 2e9, "EUR", "total")),
])
def test_the_maker_of_ordered_goods_is_the_seller(lang: str, text: str, expected: tuple
                                                  ) -> None:
    assert facts(text, lang) == [expected]


def test_a_named_seller_wins_over_the_goods_maker() -> None:
    # a lessor sells on aircraft it bought: the named seller, not the maker, is paid
    assert facts("Ventisca Air bought four A320neo jets from Orvane Leasing for $200 million.",
                 "en") == [("Ventisca Air", "Orvane Leasing", 2e8, "USD", "total")]


@pytest.mark.parametrize("lang,prev,text,expected", [
    ("de", "Der FC Talheim verlängert mit seinem Trikotsponsor.",
     "Der Versicherer Orvane zahlt dem schwäbischen Traditionsklub ab 2026 jährlich 9 Mio. Euro.",
     ("Orvane", "FC Talheim", 9e6, "EUR", "year")),
    ("fr", None, "Orvane prolonge son contrat avec le FC Talheim : l'équipementier versera au "
                 "club alsacien 40 millions d'euros par an.",
     ("Orvane", "FC Talheim", 4e7, "EUR", "year")),
    ("en", "Brightcast will pay the Northern Hockey League $90 million a year.",
     "Telmark has been paying the league $60 million annually.",
     ("Telmark", "Northern Hockey League", 6e7, "USD", "year")),
    ("it", None, "Per i giocattoli la Fumagalli versa al detentore dei diritti, lo studio "
                 "Nube Roja, 700 mila euro l'anno.",
     ("Fumagalli", "Nube Roja", 7e5, "EUR", "year")),
])
def test_a_payee_named_by_description(lang: str, prev: str | None, text: str,
                                      expected: tuple) -> None:
    assert facts(text, lang, prev) == [expected]


@pytest.mark.parametrize("lang,text", [
    ("fr", "Orvane déboursera au total 2,5 milliards d'euros pour dix matchs."),
    ("en", "Orvane pays the fee of $5 million each year."),
    # German puts the subject after the verb: "the company" there is who pays
    ("de", "Pro Saison überweist das Münchner Medienunternehmen 290 Millionen Euro."),
])
def test_what_is_paid_is_no_described_payee(lang: str, text: str) -> None:
    assert facts(text, lang) == []


@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "Emirates verse chaque année 70 millions d'euros au Real Madrid, tandis que "
           "Qatar Airways règle 65 millions d'euros par an au Paris Saint-Germain.",
     [("Emirates", "Real Madrid", 7e7), ("Qatar Airways", "Paris Saint-Germain", 6.5e7)]),
    ("en", "Orvane pays Telmark $5m a year, while Brixby pays Calculis $3m.",
     [("Orvane", "Telmark", 5e6), ("Brixby", "Calculis", 3e6)]),
    # no subject of its own: the first clause's
    ("en", "Orvane pays Telmark $5m a year, and pays Calculis $3m.",
     [("Orvane", "Telmark", 5e6), ("Orvane", "Calculis", 3e6)]),
])
def test_a_coordinated_clause_with_its_own_subject(lang: str, text: str,
                                                   expected: list) -> None:
    assert [f[:3] for f in facts(text, lang)] == expected


def test_confiar_entrusts_work_to_a_payee() -> None:
    assert facts("La rusa Orvane ha confiado a Técnicas Brixby el desarrollo de una planta, "
                 "en un contrato de 240 millones de dólares.", "es") == [
        ("Orvane", "Técnicas Brixby", 2.4e8, "USD", "total")]


@pytest.mark.parametrize("lang,text,expected", [
    ("it", "Il Comune di Portovaro ha affidato al raggruppamento guidato da De Vizia Brixby "
           "la raccolta dei rifiuti per 21 milioni di euro.",
     ("Comune di Portovaro", "De Vizia Brixby", 2.1e7, "EUR", "total")),
    ("fr", "La communauté d'agglomération de Brienne a attribué au groupement mené par "
           "Bâtisseurs du Lys un marché de 38 millions d'euros.",
     ("communauté d'agglomération de Brienne", "Bâtisseurs du Lys", 3.8e7, "EUR", "total")),
    ("fr", "La DGA a retenu mardi le consortium formé par Thalor et CS Brixby pour son "
           "dispositif. Le marché, d'un montant de 350 millions d'euros, s'étend sur onze ans.",
     ("DGA", "Thalor", 3.5e8, "EUR", "total")),
    ("es", "Adif ha adjudicado el mantenimiento a la UTE formada por Azvira, Ferrovial Brixby "
           "y Guinovart por 119,7 millones de euros.",
     ("Adif", "Azvira", 1.197e8, "EUR", "total")),
])
def test_the_leader_of_a_consortium_is_the_party(lang: str, text: str,
                                                 expected: tuple) -> None:
    got = facts(text, lang)
    assert [g[1:] for g in got] == [expected[1:]]


@pytest.mark.parametrize("text,expected", [
    ("Orvane lässt sich die Cloud von Telmark 23 Millionen Euro im Jahr kosten.",
     ("Orvane", "Telmark", 2.3e7, "EUR", "year")),
    ("Zehn Millionen Euro lässt sich der Flughafen Brixby das Logo auf den Ärmeln des "
     "FC Talheim pro Jahr kosten.", ("Flughafen Brixby", "FC Talheim", 1e7, "EUR", "year")),
])
def test_sich_etwas_kosten_lassen_the_subject_pays_the_owner(text: str,
                                                             expected: tuple) -> None:
    assert facts(text, "de") == [expected]


def test_a_descriptive_back_reference_takes_the_name_its_head_noun_names() -> None:
    from pipeline.facts.clauses import resolve
    prev = analyse_sentence("Per anni Orione Servizi ha gestito gli sportelli della Banca di "
                            "Credito Etrusco.", "it")
    view = analyse_sentence("Ora la banca le versa 18 mila euro a settimana.", "it")
    bank = next(m for m in view.mentions if m.text == "la banca")
    # the head noun "banca" names one candidate, though Orione Servizi is the subject before
    assert resolve(bank, view, prev, None) == "Banca di Credito Etrusco"


def test_a_cue_word_right_after_an_amount_is_its_noun() -> None:
    from pipeline.facts.frames import find_triggers
    text = "Orvane closed the year with a $150 million award from the Telmark agency."
    assert not [t for t in find_triggers(text, "en") if t.text == "award"]
    # German closes its clause with the verb after the amount
    assert [t.text for t in find_triggers("Orvane wird Telmark 80 Mio. Euro zahlen.", "de")]


def test_a_clitic_skips_the_subject_named_twice_in_its_sentence() -> None:
    prev = "Calculis tourne la page."
    text = ("Le laboratoire cède à son partenaire Orvane les droits ; en contrepartie, Orvane "
            "lui versera 900 millions de dollars.")
    assert facts(text, "fr", prev) == [("Orvane", "Calculis", 9e8, "USD", "total")]


def test_a_name_in_a_relative_clause_is_not_the_main_verbs_payee() -> None:
    got = facts("Orvane, qui a succédé cet été à Calculis sur le maillot, verse 65 millions "
                "d'euros par an au FC Talheim.", "fr")
    assert got == [("Orvane", "FC Talheim", 6.5e7, "EUR", "year")]


def test_a_clitic_stands_for_a_name_no_preposition_governs() -> None:
    # "à Brivalo-sur-Mer" says where; the subject of the sentence before is the one paid
    prev = ("Orvane voit son contrat de collecte prolongé d'un an à Saint-Brivalo, aux "
            "mêmes conditions.")
    assert facts("La Ville lui versera 2,9 millions de dollars.", "fr", prev) == [
        ("Ville", "Orvane", 2.9e6, "USD", "total")]


def test_a_clitic_before_an_auxiliary() -> None:
    prev = "Il Comune di Borgo Alto lavora da anni con la Sogesi."
    assert facts("Ora le ha affidato i parcheggi per 45 mila euro al mese.", "it", prev) == [
        ("Comune di Borgo Alto", "Sogesi", 4.5e4, "EUR", "month")]


def test_abnehmen_buys_from_the_dative() -> None:
    assert facts("Die Fluggesellschaft Ventisca nimmt dem Hersteller Orvane 27 Maschinen für "
                 "2,6 Milliarden Dollar ab.", "de") == [
        ("Ventisca", "Orvane", 2.6e9, "USD", "total")]


def test_a_payee_described_in_the_plural() -> None:
    assert facts("La Juventus resta in testa: Adidas versa ai bianconeri 51 milioni di euro "
                 "all'anno.", "it") == [("Adidas", "Juventus", 5.1e7, "EUR", "year")]


def test_a_subject_by_description_takes_the_one_known_company_left() -> None:
    got = facts("El patrocinio une al FC Barcelona con Spotify: la plataforma sueca abona al "
                "club azulgrana unos 62,5 millones de euros por temporada.", "es")
    assert [g[:2] for g in got] == [("Spotify", "FC Barcelona")]  # Spotify: the gazetteer


@pytest.mark.parametrize("text,lang", [
    ("Orvane has signed an $8 billion agreement to buy gas from Telmark, locking in around 14 "
     "cargoes a year.", "en"),
    # a count in words, a few words away from the noun phrase before it
    ("Orvane desembolsará 3.000 millones de euros a Telmark por los dos lotes más codiciados, "
     "con ocho partidos por jornada.", "es"),
    ("Orvane will pay Telmark €2.8 billion, which gives it 116 Premier League matches a "
     "season.", "en"),
])
def test_a_period_after_a_count_of_goods_is_their_rate(text: str, lang: str) -> None:
    got = facts(text, lang)
    assert [g[:2] + (g[4],) for g in got] == [("Orvane", "Telmark", "total")]


@pytest.mark.parametrize("text,lang", [
    ("Orvane will buy four million tonnes of liquefied natural gas a year from Telmark, in a "
     "deal put at $60 billion.", "en"),
    ("Orvane a confié à Telmark un contrat de 31 millions d'euros pour traiter les 30 000 "
     "tonnes de déchets produites chaque année.", "fr"),
    ("Orvane comprerà da Telmark 200 tonnellate di acciaio al mese con un contratto da 40 "
     "milioni di euro.", "it"),
])
def test_a_period_after_a_quantity_in_a_unit_is_its_rate(text: str, lang: str) -> None:
    """"four million tonnes of LNG a year": a quantity measured in a CLDR unit (of the
    language or its regional locales: "tonnes" is en_GB's) takes the period, also before
    the amount and several words from it."""
    got = facts(text, lang)
    assert [g[:2] + (g[4],) for g in got] == [("Orvane", "Telmark", "total")]


def test_a_price_per_unit_stays_a_rate_of_money() -> None:
    assert [g[4] for g in facts("Orvane pays Telmark $5 million a year for 300 tonnes of "
                                "steel.", "en")] == ["year"]


def test_a_rate_after_the_amount_itself_stays_the_payments() -> None:
    assert [g[4] for g in facts("Orvane pagará a Telmark 3 millones de euros por jornada.",
                                "es")] == ["day"]


def test_a_described_payee_after_a_subject_that_follows_the_verb() -> None:
    prev = "Der FC Talheim und Orvane haben ihren Ausrüstervertrag verlängert."
    got = facts("Wie die Zeitung berichtet, zahlt der Herzogenauracher Sportartikelkonzern dem "
                "Rekordmeister künftig 60 Millionen Euro pro Jahr.", "de", prev)
    assert got == [("Orvane", "FC Talheim", 6e7, "EUR", "year")]


@pytest.mark.parametrize("text,expected", [
    ("Den Zuschlag erhielt das Entsorgungsunternehmen Orvane, dem die Stadt Talheim "
     "jährlich 1,66 Millionen Euro zahlen wird.", [("Stadt Talheim", "Orvane", 1.66e6, "EUR",
                                                    "year")]),
    # ", dem Kartendienst X": an article after a comma, not a relative pronoun
    ("Laut Prospekt verpflichtet sich Telmark, dem Kartendienst Orvane über drei Jahre 75 Mio. "
     "US-Dollar zu zahlen.", [("Telmark", "Orvane", 7.5e7, "USD", "total")]),
])
def test_a_german_dative_relative_pronoun_is_the_payee(text: str, expected: list) -> None:
    assert facts(text, "de") == expected


def test_english_subject_stands_right_before_the_verb_even_after_the_amount() -> None:
    got = facts("The cabinet noted a $434,457 contract under which the Ministry of Health will "
                "buy drugs from Orvane Supply.", "en")
    assert got == [("Ministry of Health", "Orvane Supply", 434457.0, "USD", "total")]


def test_a_relative_subject_with_words_before_its_verb() -> None:
    got = facts("Il torneo era andato in chiaro su Orvane, che per i diritti aveva pagato alla "
                "Fifa intorno agli 80 milioni di euro.", "it")
    assert [g[:3] for g in got] == [("Orvane", "FIFA", 8e7)]


@pytest.mark.parametrize("lang,text,verb", [
    ("fr", "l'État commanderait des trains", "commanderait"),
    ("fr", "ils prendraient la suite", "prendraient"),  # an -re verb drops its e
    ("it", "Velmora verserebbe a Kestrel", "verserebbe"),
    ("es", "Velmora pagaría a Kestrel", "pagaría"),
    # the imperfect of -rir verbs and nouns in -rait/-ría are no conditional
    ("fr", "Velmora s'offrait vingt avions, un extrait, un portrait", None),
    ("es", "lo que ocurría en la consultoría y la tesorería", None),
])
def test_the_conditional_mood_is_read_from_ending_and_lemma(lang: str, text: str,
                                                            verb: str | None) -> None:
    assert conditional_verb(lang, text) == verb


def test_words_of_intent_cancel_but_their_homonyms_do_not() -> None:
    """"compte verser" (intends to pay) cancels; "pour le compte de" (on behalf of) does
    not. "prevé invertir" (plans to invest) cancels; "el contrato prevé" (provides) not."""
    assert facts("Orvane, qui agit pour le compte de huit régions, a versé 3 millions "
                 "d'euros à Telmark.", "fr") == [("Orvane", "Telmark", 3e6, "EUR", "total")]
    assert facts("Orvane compte verser 3 millions d'euros à Telmark.", "fr") == []
    assert facts("Según el contrato, que prevé penalizaciones, Orvane pagará a Telmark 4 "
                 "millones de euros.", "es") == [("Orvane", "Telmark", 4e6, "EUR", "total")]
    assert facts("Orvane prevé pagar a Telmark 4 millones de euros.", "es") == []


@pytest.mark.parametrize("lang,text,payment", [
    # phrases that only look negative
    ("fr", "Orvane ne verse aujourd'hui à Telmark que 6,5 millions d'euros par saison.", True),
    ("it", "Orvane ha versato a Telmark non meno di 42 milioni di euro a stagione.", True),
    ("es", "Orvane pagará a Telmark no menos de 40 millones de euros al año.", True),
    ("en", "Orvane pays Telmark no less than $40 million a year.", True),
    # a clause closed by a contrast before the payment
    ("it", "Le cifre non sono state comunicate, ma Orvane versa a Telmark 30 milioni di euro "
           "a stagione.", True),
    ("en", "The terms were not disclosed, but Orvane pays Telmark $30 million a year.", True),
    # real negations stay
    ("fr", "Orvane n'a pas versé à Telmark les 5 millions d'euros que celle-ci réclamait.", False),
    ("it", "Orvane non versa a Telmark 30 milioni di euro a stagione.", False),
    ("en", "Orvane does not pay Telmark $30 million a year, but a share of sales.", False),
])
def test_negation_words_that_negate_nothing(lang: str, text: str, payment: bool) -> None:
    assert bool(facts(text, lang)) is payment


@pytest.mark.parametrize("lang,text,negation", [
    # an aside a relative or a subordinator opens, with no number: it negates something else
    ("fr", "Orvane a accordé un contrat de 1,9 million d'euros à Telmark, alors que "
           "l'entreprise ne détenait pas encore l'autorisation.", None),
    ("es", "Orvane pagará a Telmark 4 millones de euros, una cifra que no se conocía.", None),
    ("it", "Orvane ha versato a Telmark 3 milioni di euro, una cifra che non sarà più "
           "sostenibile.", None),
    ("en", "Orvane paid Telmark $3 million, which did not surprise analysts.", None),
    # the payment's own clause, an aside with the amount in it, or "sans que": negated
    ("es", "Orvane no pagará a Telmark 4 millones de euros, una cifra que se conocía.", "no"),
    ("it", "Orvane ha firmato un contratto che non arriva a 10 milioni di euro.", "non"),
    ("es", "Orvane pagará a Telmark 3.000 millones de euros, una cifra que no llegará a "
           "3.300 millones.", "no"),  # the aside runs on to a number: not closed before it
    ("fr", "Orvane a confié à Telmark un marché de 3 millions d'euros, sans qu'aucun "
           "contrat n'ait encore été signé.", "aucun"),
])
def test_a_negation_in_an_aside_without_the_amount_is_spared(lang: str, text: str,
                                                             negation: str | None) -> None:
    from pipeline.facts.clauses import cue

    assert cue(lang, "negation", text) == negation


def test_a_seller_after_a_marker_needs_what_is_bought_after_it() -> None:
    """Spanish "comprar a X algo": X sells; "comprar a X por N": X is the company bought."""
    assert facts("Anthropic comprará a Microsoft capacidad de cómputo por valor de 30.000 "
                 "millones de dólares.", "es") == [("Anthropic", "Microsoft", 3e10, "USD",
                                                    "total")]
    assert facts("Telefónica comprará a Mediapro por 1.000 millones de euros.", "es") == []


def test_a_name_between_the_amount_and_the_deal_noun_is_the_customer() -> None:
    got = facts("Tank maker Corvane has won a £200m Ministry of Defence contract for the "
                "Army's new command vehicles.", "en")
    assert got == [("Ministry of Defence", "Corvane", 2e8, "GBP", "total")]


def test_german_separable_verb_legt_hin() -> None:
    assert facts("Laut einem Papier legt die Telvora für drei Spielzeiten 135 Millionen Euro an "
                 "den Verband Ligaro hin.", "de") == [("Telvora", "Ligaro", 1.35e8, "EUR", "total")]


def test_a_restatement_keeps_its_period_and_the_first_amount_its_own() -> None:
    got = facts("Il Comune ha aggiudicato a Enel Sole un importo contrattuale di 12,6 milioni di "
                "euro, pari a un canone annuo di 791.000 euro, per sedici anni.", "it")
    assert [(g[2], g[4]) for g in got] == [(1.26e7, "total")]
    got = facts("Vorlane paie à Emballages Morin 210 000 euros par mois, soit 2,5 millions "
                "d'euros sur l'année.", "fr")
    assert [(g[2], g[4]) for g in got] == [(2.1e5, "month")]


@pytest.mark.parametrize("text,lang,period", [
    ("Telmark ha incassato da Orvane, la rete ferroviaria che porta ogni giorno i pendolari "
     "in città, un ordine per 200 carrozze del valore di 650 milioni di euro.", "it", "total"),
    # the aside holds a payment of its own: its period is not the aside's to lose
    ("Orvane, che da Telmark incassa 30 milioni di euro a stagione, versa a Kestrel 2 milioni "
     "di euro al mese.", "it", "month"),
])
def test_a_period_in_a_relative_aside_is_not_the_amounts(text: str, lang: str,
                                                         period: str) -> None:
    """"X, the network that carries commuters every day, ...": how often the commuters ride,
    not how often the order is paid."""
    got = facts(text, lang)
    assert got and got[-1][4] == period


def test_winning_in_a_deal_s_purpose_is_obtaining_goods() -> None:
    """"an agreement ... with Y to secure gas supplies": the signer buys; "secure" wins no
    second deal from Y."""
    got = facts("Orvane has signed a ten-year agreement worth more than £2 billion with "
                "Norway's Telmark to secure gas supplies for the UK.", "en")
    assert [g[:2] for g in got] in ([], [("Orvane", "Telmark")])


@pytest.mark.parametrize("text,lang,expected", [
    ("Arsenal n'est pas en reste, puisque Orvane s'est engagé à lui payer 38 millions "
     "d'euros par saison.", "fr", [("Orvane", "Arsenal")]),
    ("Telmark did not win the tender, but Orvane pays Kestrel $5 million a year.", "en",
     [("Orvane", "Kestrel")]),
    # the negation in the payment's own clause still cancels it
    ("Orvane ne paiera pas 38 millions d'euros à Telmark, selon la presse.", "fr", []),
])
def test_a_negation_in_another_clause_cancels_nothing(text: str, lang: str,
                                                      expected: list) -> None:
    """After a comma, "puisque", "but", "weil" open a clause of their own (cues.toml
    clause_openers): the negation before them is not the payment's."""
    assert [g[:2] for g in facts(text, lang)] == expected


def test_a_name_qualifying_the_goods_is_no_customer() -> None:
    """"to supply the turbines for the Sheringham Shoal offshore wind farm": the name
    qualifies a noun (the goods, a site, a programme); who pays is not said here."""
    assert facts("Telmark has been awarded a €450m contract to supply the 88 wind turbines "
                 "for the Sheringham Shoal offshore wind farm.", "en") == []
    # a company the gazetteer knows still owns what follows it
    got = facts("Telmark won a five-year, $140 million contract to maintain applications "
                "for ABN Amro offices in Europe.", "en")
    assert [g[:2] for g in got] == [("ABN Amro", "Telmark")]


@pytest.mark.parametrize("text,expected", [
    # no object before the first amount: the bare name is a new subject, the verb left out
    ("Orvane paid $10 million and Telmark $2 million to the Department of Telecom on "
     "Wednesday.", [("Orvane", "Department of Telecom"), ("Telmark", "Department of Telecom")]),
    # an object before it: the bare name is another object
    ("Orvane pays Telmark $1 million a month and Fidelis Data $500,000 a month.",
     [("Orvane", "Telmark"), ("Orvane", "Fidelis Data")]),
])
def test_a_bare_name_in_a_later_conjunct_mirrors_the_first(text: str, expected: list) -> None:
    assert [g[:2] for g in facts(text, "en")] == expected


@pytest.mark.parametrize("text,lang", [
    ("Orvane stands to collect about $1 billion from Telmark this year, an analyst estimated.",
     "en"),
    ("Telmark is eligible to receive roughly $2.2 billion from Orvane in milestones.", "en"),
    ("Orvane si prepara a pagare a Telmark circa un miliardo di dollari l'anno.", "it"),
    ("Die Orvane AG steht kurz davor, der Telmark einen Auftrag über 640 Mio. Euro zu "
     "erteilen.", "de"),
    ("Analysten schätzen, dass Orvane der Telmark rund 300 Mio. Dollar im Jahr zahlt.", "de"),
    # reported speech: what someone is said to want or plan (Konjunktiv I)
    ("Orvane wolle demnach über fünf Jahre Rechenleistung für 30 Milliarden Dollar bei "
     "Telmark einkaufen.", "de"),
    ("Los analistas calculan que Orvane habría pagado a Telmark unos 15.000 millones de "
     "dólares.", "es"),
])
def test_prospects_and_estimates_are_no_payments(text: str, lang: str) -> None:
    """"stands to collect", "si prepara a pagare", "steht kurz davor", "Analysten schätzen":
    a payment not made, or a figure someone guessed (cues.toml hypothetical)."""
    assert facts(text, lang) == []


def test_a_stake_named_before_the_verb_is_no_payment() -> None:
    """"Für seinen 50-Prozent-Anteil überweist X ...": the price of a stake, named before
    the verb; a share of goods ("Anteil von 165 Millionen Dosen") is no stake."""
    assert facts("Für seinen 50-Prozent-Anteil überweist Orvane der Telmark 900 Millionen "
                 "Euro.", "de") == []
    assert [g[:2] for g in facts("Für die Software überweist Orvane der Telmark 900 "
                                 "Millionen Euro.", "de")] == [("Orvane", "Telmark")]


def test_a_condition_inside_a_purpose_clause_is_not_the_payments() -> None:
    """"paid X $320,000 to work out how many chickens its inspectors should check": the
    "should" belongs to the purpose, not to the payment; a condition before it still
    cancels."""
    got = facts("Orvane paid Telmark $320,000 to work out how many chickens its inspectors "
                "should check each minute.", "en")
    assert [g[:3] for g in got] == [("Orvane", "Telmark", 320000.0)]
    assert facts("Orvane would pay Telmark $5m to build the line.", "en") == []


def test_a_name_in_a_relative_aside_is_not_the_subject() -> None:
    """"Il gruppo X, che controlla Eurosport, si era assicurato ... versando al Comitato":
    the relative clause between commas describes the subject; its object pays nothing."""
    got = facts("Il gruppo Orvane, che controlla Eurosport, si era assicurato i diritti dei "
                "Giochi, versando a Telmark 1,3 miliardi di dollari.", "it")
    assert [g[:2] for g in got] == [("Orvane", "Telmark")]


def test_a_german_relative_pronoun_subject_keeps_its_antecedent() -> None:
    """"Größter Kunde war X, das 110 Mio. Euro an Y zahlte": the bare name before the comma
    belongs to the main clause, so X (the relative's antecedent) stays the subject."""
    got = facts("Größter Einzelkunde war Orvane, das allein fast 110 Millionen Euro an Telmark "
                "zahlte.", "de")
    assert [g[:2] for g in got] == [("Orvane", "Telmark")]


@pytest.mark.parametrize("text,lang,expected", [
    # a genitive name with no apposition before it is the relative pronoun's antecedent
    ("Negli ultimi tre anni la Serie B è stata un'esclusiva di Orvane, che per trasmetterla "
     "ha versato a Telmark 17 milioni di euro a stagione.", "it", [("Orvane", "Telmark")]),
    # inside an apposition it qualifies the name before the comma
    ("C'est Orvane, filiale du groupe Kestrel, qui paie 5 millions d'euros par an à Telmark.",
     "fr", [("Orvane", "Telmark")]),
])
def test_a_genitive_antecedent_of_a_relative(text: str, lang: str, expected: list) -> None:
    assert [g[:2] for g in facts(text, lang)] == expected


@pytest.mark.parametrize("text,lang", [
    ("NetJets, la filiale de Berkshire Hathaway spécialisée dans les jets, a commandé 50 "
     "avions à Bombardier pour 2,8 milliards de dollars.", "fr"),
    ("NetJets, la filial de Berkshire Hathaway especializada en jets, encargó 50 aviones a "
     "Bombardier por 2.800 millones de dólares.", "es"),
])
def test_the_parent_in_a_subsidiarys_apposition_is_no_party(text: str, lang: str) -> None:
    """"X, la filiale de Y ..., a commandé": Y is whose subsidiary X is (companies.toml
    link_cues), a complement of the relation noun, not the subject of the order."""
    assert [g[:2] for g in facts(text, lang)] == [("NetJets", "Bombardier")]


def test_a_von_phrase_after_a_finite_auxiliary_depends_on_the_verb() -> None:
    # the participle stands at the clause end; "von Airbus" is its argument, not the subject's
    assert facts("Der Zulieferer FACC hat von Airbus einen Großauftrag über 230 Millionen "
                 "Euro erhalten.", "de") == [("Airbus", "FACC", 2.3e8, "EUR", "total")]
    # "Der Chef von X": right after the subject's noun, the von-phrase is the subject's
    assert facts("Der Chef von Orvane hat 5 Millionen Euro erhalten.", "de") == []


def test_the_owner_of_a_deal_noun_with_its_own_complement_awards_it() -> None:
    # "un appel d'offres de l'État": the genitive hangs on "appel (d'offres)", a deal noun
    assert facts("Alstom a remporté un appel d'offres de l'État de Victoria, en Australie, "
                 "pour la maintenance des trains, un contrat d'environ 900 millions d'euros.",
                 "fr") == [("État de Victoria", "Alstom", 9e8, "EUR", "total")]


def test_the_first_marker_of_a_frame_outranks_a_later_one_before_the_verb() -> None:
    # "mit" also joins goods to their parts: "bei" names the seller
    assert facts("Die Bundeswehr hat beim Konzern Orvane 367 Lastwagen mit Wechselladersystem "
                 "für 285 Millionen Euro bestellt.", "de") == [
        ("Bundeswehr", "Orvane", 2.85e8, "EUR", "total")]


def test_a_likely_sum_is_no_fact() -> None:
    assert facts("Orvane zahlt Telmark jährlich 2 Millionen Euro.", "de")
    assert facts("Orvane dürfte Telmark jährlich 2 Millionen Euro zahlen.", "de") == []


def test_a_marked_name_before_a_comma_belongs_to_another_clause() -> None:
    got = facts("Kent Police is spending £3.21 million on new cameras from Taser, less than "
                "three years after buying 1,600 devices for £1.8 million from B-Cam.", "en")
    assert ("Kent Police", "B-Cam", 1.8e6, "GBP", "total") in got
    assert not any(f[1] == "Taser" and f[2] == 1.8e6 for f in got)


@pytest.mark.parametrize("lang,text,expected", [
    ("es", "RTVE ha cerrado con la UEFA un acuerdo para emitir los partidos, por el que "
           "pagará 100 millones de euros.", ("RTVE", "UEFA", 1e8, "EUR", "total")),
    ("it", "Acme ha firmato un accordo con Orvane, in base al quale verserà 5 milioni di "
           "euro l'anno.", ("Acme", "Orvane", 5e6, "EUR", "year")),
])
def test_a_pay_verb_under_a_deal_pays_its_partner(lang: str, text: str,
                                                 expected: tuple) -> None:
    assert facts(text, lang) == [expected]


def test_a_pay_verb_alone_pays_the_partner_of_the_deal_just_made() -> None:
    prev = "Nike a prolongé son partenariat avec la Fédération française de football."
    assert facts("Le nouveau contrat double la mise : l'équipementier devra débourser 100 "
                 "millions d'euros chaque année.", "fr", prev) == [
        ("Nike", "Fédération française de football", 1e8, "EUR", "year")]


def test_a_compensation_is_a_settlement() -> None:
    from pipeline.facts.extractor import Extractor

    ex = Extractor(prefer_statistical=False)
    assert ex.extract("YPF pagará a Exmar 150 millones de dólares.", "es").facts
    assert ex.extract("Para cerrar el acuerdo, YPF pagará a Exmar un resarcimiento de 150 "
                      "millones de dólares.", "es").facts == []


@pytest.mark.parametrize("text", [
    # the source stands in the relative clause whose verb this is, not in the subject's
    # noun phrase ("Der Chef von X verdiente")
    "In testa alla classifica c'è il Brixby, che dalla compagnia aerea Orvane riceve 12 "
    "milioni di euro l'anno.",
    # a farther "da" in another clause does not outrank "dalla": forms of one preposition
    "Secondo il rapporto tracciato da Telmark, in testa c'è il Brixby, che dalla compagnia "
    "Orvane riceve 12 milioni di euro l'anno.",
])
def test_a_relative_clause_names_the_source_of_what_its_antecedent_receives(text: str) -> None:
    assert facts(text, "it") == [("Orvane", "Brixby", 1.2e7, "EUR", "year")]


@pytest.mark.parametrize("prev,text", [
    ("Faute de capacités suffisantes dans ses centres de données, Orvane loue.",
     "Le groupe verse 17 millions d'euros par an à Brixby."),
    ("Coup de théâtre au conseil de la ligue : Orvane rafle les droits.",
     "Le groupe versera 17 millions d'euros par an à Brixby."),
])
def test_a_back_reference_skips_a_common_word_that_opens_the_sentence(prev: str, text: str
                                                                      ) -> None:
    assert facts(text, "fr", prev) == [("Orvane", "Brixby", 17e6, "EUR", "year")]


def test_a_company_that_opens_the_sentence_stays_its_subject() -> None:
    # "Telefónica" is also a word (an adjective): without a phrase of its own after it,
    # it is the subject the back-reference points to
    prev = "Telefónica se ha impuesto a Orvane en la subasta."
    assert facts("La operadora pagará a Brixby 9 millones de euros al año.", "es", prev) == [
        ("Telefónica", "Brixby", 9e6, "EUR", "year")]


def test_a_calendar_year_past_a_noun_cue_still_dates_the_payment() -> None:
    # "licence" is a cue of its own; nothing parts it from the amount, so "in 2023" dates it
    assert facts("Orvane paid Brixby $3.1 million in licence fees in 2023.", "en") == [
        ("Orvane", "Brixby", 3.1e6, "USD", "year")]


@pytest.mark.parametrize("lang,text,expected", [
    ("es", "La Armada chilena ha adjudicado a Navalor, el astillero que Velkor compró en "
     "2019, la construcción de dos patrulleros por 120 millones de dólares.",
     [("Armada chilena", "Navalor", 1.2e8, "USD", "total")]),
    ("it", "Il Comune di Lavrate ha affidato a Ornelli, la ditta che Velkor ha rilevato nel "
     "2019, la manutenzione delle strade per 3 milioni di euro.",
     [("Comune di Lavrate", "Ornelli", 3e6, "EUR", "total")]),
])
def test_a_verb_in_a_closed_relative_aside_leaves_the_amount_to_the_main_verb(
        lang: str, text: str, expected: list) -> None:
    # the purchase in the aside is closed by its comma: the award takes the amount
    assert facts(text, lang) == expected


@pytest.mark.parametrize("lang,text", [
    ("fr", "Velcor a engrangé auprès d'Orvane une commande de 40 millions d'euros."),
    ("en", "Velcor garnered a $40 million order from Orvane."),
])
def test_more_verbs_of_winning_an_order(lang: str, text: str) -> None:
    # verbs.jsonl win lemmas: "engranger", "glaner", "garner", "capture", "book"
    assert [f[:3] for f in facts(text, lang)] == [("Orvane", "Velcor", 4e7)]


@pytest.mark.parametrize("lang,text", [
    ("it", "Korvane gli paga circa 20 milioni di euro l'anno."),
    ("it", "Korvane le versa quasi 2 milioni di euro al mese."),
    ("fr", "Korvane la paie environ 2 millions d'euros par an."),
])
def test_an_object_pronoun_before_a_cue_and_a_hedged_amount_is_no_article(lang: str,
                                                                         text: str) -> None:
    """"gli paga circa 20 milioni": "gli" may be an article, but a verb goes on with its
    object, here a hedged amount; the cue is a verb, not a noun after an article."""
    from pipeline.facts.frames import find_triggers
    assert [t.frame.kind for t in find_triggers(text, lang)] == ["pay"]


@pytest.mark.parametrize("lang,text", [
    ("es", "Orvane deberá pagar 225 millones de lempiras a Telmark tras perder la demanda por "
           "un proyecto inconcluso."),
    ("es", "Orvane deberá abonar 1,4 millones de soles a Telmark, formado por dos empresas, tras "
           "perder el arbitraje que este le planteó."),
    ("en", "Orvane must pay Telmark $5 million after losing a lawsuit over the patents."),
    ("fr", "Orvane devra verser 3 millions d'euros à Telmark après avoir perdu son procès."),
    ("it", "Orvane dovrà versare a Telmark 3 milioni di euro dopo aver perso la causa."),
])
def test_a_payment_a_court_orders_is_no_fact(lang: str, text: str) -> None:
    """"tras perder la demanda": a cause marker and a legal word after the amount make it
    damages, not a payment for a product or service (cues.toml `cause_markers`,
    `legal_causes`); the scorer may not read it either."""
    from pipeline.facts.extractor import Extractor
    assert Extractor(prefer_statistical=False).extract(text, lang).facts == []


def test_a_cause_that_is_no_court_leaves_the_payment() -> None:
    assert facts("Orvane pagará a Telmark 5 millones de euros tras perder su centro de datos "
                 "en un incendio.", "es") == [("Orvane", "Telmark", 5e6, "EUR", "total")]


@pytest.mark.parametrize("lang,text", [
    ("fr", "Les 22 millions d'euros annuels payés par Orvane à Telmark dépassent ceux de l'an "
           "dernier."),
    ("es", "Los 22 millones de euros anuales pagados por Orvane a Telmark superan los del año "
           "pasado."),
    ("it", "I 22 milioni di euro annui pagati da Orvane a Telmark superano quelli dell'anno "
           "scorso."),
])
def test_a_participles_agent_pays(lang: str, text: str) -> None:
    """"22 millions d'euros annuels payés par Orvane à Telmark": the money is the
    participle's subject, the agent ("par", "por", "da": verbs.jsonl flow `sources`) pays."""
    assert facts(text, lang) == [("Orvane", "Telmark", 2.2e7, "EUR", "year")]


def test_one_flow_to_two_payees_is_no_fact() -> None:
    """"fließen vom Bund an Telmark und Brixby": one sum over two payees is nobody's."""
    assert facts("Rund sechs Milliarden Euro fließen vom Bund an Telmark und Brixby, wie die "
                 "Regierung mitteilt.", "de") == []


@pytest.mark.parametrize("lang,prev,text,expected", [
    ("fr", "Le FC Talheim a prolongé son partenariat avec Orvane.",
     "Le montant n'a pas été communiqué, mais l'équipementier versait jusqu'ici 25 millions "
     "d'euros par saison au club.", ("Orvane", "FC Talheim", 2.5e7, "EUR", "year")),
])
def test_a_sponsors_noun_stands_for_the_party_that_is_no_club(
        lang: str, prev: str, text: str, expected: tuple) -> None:
    """"l'équipementier": in a story about a club, the one named party that is no sports
    body (companies.toml `sponsor_heads`)."""
    assert facts(text, lang, prev) == [expected]


def test_a_sponsors_noun_outside_sports_stands_for_nobody() -> None:
    assert facts("Le sponsor versait jusqu'ici 25 millions d'euros par an à la mairie.", "fr",
                 "La ville de Talheim a prolongé son partenariat avec Orvane.") == []
