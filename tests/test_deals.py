"""Deals, orders and nominal payments (pipeline/facts/deals.py) through the whole extractor.

Sentences written for these tests; each names the family of phrasings it stands for.
"""

from __future__ import annotations

import pytest

from pipeline.facts.extractor import Extractor


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor(prefer_statistical=False)


def facts(ex: Extractor, text: str, lang: str) -> list[tuple]:
    return [(f.payer, f.payee, f.amount, f.currency, f.period)
            for f in ex.extract(text, lang).facts]


def rule_readings(ex: Extractor, text: str, lang: str) -> list[tuple]:
    """What the rules read, before the scorer weighs it: for tests of a rule, whose reading
    the learned scorer may still veto on an invented sentence (its names and words unseen)."""
    return [(c.payer, c.payee, c.amount.value, c.amount.currency, c.period)
            for c in ex.analyse(text, lang).candidates if c.payer and c.payee]


@pytest.mark.parametrize("lang,text,expected", [
    # a public body pays the company it contracts with, whichever signs
    ("en", "Velmora Systems signed a $420 million contract with the Ministry of Defence "
           "for coastal radars.", ("Ministry of Defence", "Velmora Systems", 4.2e8, "USD")),
    ("it", "Corvina Elettronica ha firmato con il ministero della Difesa un contratto da "
           "75 milioni di euro per nuovi radar.",
     ("ministero della Difesa", "Corvina Elettronica", 7.5e7, "EUR")),
    ("es", "El Ayuntamiento de Berlanga firmó con Aguas Riberas un contrato de 12 millones "
           "de euros para gestionar el agua.", ("Ayuntamiento de Berlanga", "Aguas Riberas",
                                               1.2e7, "EUR")),
    # a well-known vendor (gazetteer role) sells
    ("fr", "La compagnie Azuria a signé avec Airbus un contrat de 2,1 milliards d'euros "
           "pour douze appareils.", ("Azuria", "Airbus", 2.1e9, "EUR")),
    # a league sells its rights
    ("en", "Brightcast signed a £90 million deal with the Northern Hockey League for "
           "streaming rights.", ("Brightcast", "Northern Hockey League", 9e7, "GBP")),
])
def test_deals_read_in_the_direction_the_text_gives(ex: Extractor, lang: str, text: str,
                                                    expected: tuple) -> None:
    got = facts(ex, text, lang)
    assert [g[:4] for g in got] == [expected]


@pytest.mark.parametrize("lang,text", [
    ("en", "Velmora Systems signed a $420 million partnership with Quillon Labs."),
    ("de", "Kornblum und Tessin Data haben einen Vertrag über 40 Mio. Euro geschlossen."),
    ("it", "Corvina Elettronica e Lumis hanno firmato un accordo da 5 milioni di euro."),
])
def test_a_deal_without_a_direction_is_no_fact(ex: Extractor, lang: str, text: str) -> None:
    assert facts(ex, text, lang) == []


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Harlow Air placed an order worth $640 million with Verano Aero for eight jets.",
     ("Harlow Air", "Verano Aero", 6.4e8, "USD")),
    ("fr", "La régie Transalpe a passé à Ferrovia Nord une commande de 48 rames pour 310 "
           "millions d'euros.", ("Transalpe", "Ferrovia Nord", 3.1e8, "EUR")),
    ("de", "Die Stadtwerke Talheim haben beim Hersteller Voltrad 40 Busse für 26 Mio. Euro "
           "bestellt.", ("Stadtwerke Talheim", "Voltrad", 2.6e7, "EUR")),
    # an order won from Y: Y ordered
    ("en", "Telmark Steel has won a $66 million order from the rail agency Orvane Rail to "
           "supply rails.", ("Orvane Rail", "Telmark Steel", 6.6e7, "USD")),
    # no seller named: the maker of the model ordered (gazetteer `models`)
    ("es", "Ventisca Air firmó un pedido en firme de 30 aviones 737 MAX-10 por un valor de "
           "4.000 millones de dólares.", ("Ventisca Air", "Boeing", 4e9, "USD")),
])
def test_orders_the_one_who_orders_pays(ex: Extractor, lang: str, text: str,
                                        expected: tuple) -> None:
    assert [g[:4] for g in facts(ex, text, lang)] == [expected]


def test_the_value_of_a_deal_named_before(ex: Extractor) -> None:
    text = ("La Métropole de Varenne a choisi Hydralis pour gérer ses eaux usées. Le contrat "
            "s'élève à 212 millions d'euros sur huit ans.")
    assert facts(ex, text, "fr") == [("Métropole de Varenne", "Hydralis", 2.12e8, "EUR",
                                      "total")]


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Orvane Marine has signed a seven-year contract with the Ministry of Defence to "
     "stock its ships. The deal is estimated to be worth around £107 million.",
     [("Ministry of Defence", "Orvane Marine", 1.07e8, "GBP", "total")]),
    ("fr", "Le gouvernement français a signé un contrat de maintenance avec Hydralis. Ce "
     "contrat de 40 millions d'euros couvre dix ans.",
     [("gouvernement français", "Hydralis", 4e7, "EUR", "total")]),
    # two deals before: whose value it is, nothing says
    ("en", "Orvane Marine has signed a contract with the Ministry of Defence, and Telmark a "
     "contract with the Home Office. The deal is worth around £107 million.", []),
])
def test_the_value_of_a_deal_a_sentence_before_stated_without_one(
        ex: Extractor, lang: str, text: str, expected: list[tuple]) -> None:
    assert facts(ex, text, lang) == expected


@pytest.mark.parametrize("text,expected", [
    # a value noun states the value of the deal the sentence before made
    ("Die Stadt Varenne hat bei Hydralis 40 Busse bestellt. Der Auftragswert liegt bei 90 "
     "Millionen Euro.", [("Stadt Varenne", "Hydralis", 9e7, "EUR", "total")]),
    # a name beside it reports the figure; the parties are still those of the deal
    ("Die Bundeswehr hat bei Orvane 300 Lastwagen bestellt. Das Auftragsvolumen beziffert "
     "Orvane auf 285 Millionen Euro.", [("Bundeswehr", "Orvane", 2.85e8, "EUR", "total")]),
    # a value noun after a deal noun is that deal's own value
    ("Amprion hat Verträge im Gesamtwert von fünf Milliarden Euro mit dem Kabelhersteller "
     "Prysmian unterzeichnet.", [("Amprion", "Prysmian", 5e9, "EUR", "total")]),
])
def test_a_value_noun_carries_the_deal_before(ex: Extractor, text: str,
                                              expected: list[tuple]) -> None:
    assert facts(ex, text, "de") == expected


@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "La Ville de Varenne a commandé 40 bus à Hydralis. Le montant s'élève à 90 "
     "millions d'euros.", ("Ville de Varenne", "Hydralis", 9e7, "EUR", "total")),
    ("es", "El Ayuntamiento de Varena ha encargado 40 autobuses a Hydralis. El importe "
     "asciende a 90 millones de euros.", ("Ayuntamiento de Varena", "Hydralis", 9e7, "EUR",
                                          "total")),
    ("en", "The City of Varenne has ordered 40 buses from Hydralis. The contract value is "
     "$90 million.", ("City of Varenne", "Hydralis", 9e7, "USD", "total")),
])
def test_a_value_noun_carries_the_deal_before_in_every_language(
        ex: Extractor, lang: str, text: str, expected: tuple) -> None:
    """deals.toml `value_nouns`: "le montant", "el importe", "the contract value"."""
    assert facts(ex, text, lang) == [expected]


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Snapwise's commitment to Corvane Cloud amounts to $2 billion over five years.",
     ("Snapwise", "Corvane Cloud", 2e9, "USD", "total")),
    ("es", "Lumbre firmó con Nubia Cloud un compromiso de gasto de 300 millones de dólares.",
     ("Lumbre", "Nubia Cloud", 3e8, "USD", "total")),
])
def test_nominal_payments(ex: Extractor, lang: str, text: str, expected: tuple) -> None:
    assert facts(ex, text, lang) == [expected]


@pytest.mark.parametrize("lang,text", [
    ("en", "Orvane agreed to pay $9 billion to buy Telmark, the companies said."),
    ("es", "Caixabank adquirió el 30% de Pagolibre por 90 millones de euros."),
    ("fr", "Le groupe Azuria serait disposé à verser 40 millions d'euros par an à la ligue."),
    ("en", "Summit Clearing charges Nimbus Pay $5,000 a month for settlement services, the "
           "filing shows, after its settlement with regulators last year.")
])
def test_takeovers_stakes_and_conditionals_cancel_but_services_stay(ex: Extractor, lang: str,
                                                                   text: str) -> None:
    got = facts(ex, text, lang)
    if "settlement services" in text:  # a service's name, no settlement: the rule reads it
        assert rule_readings(ex, text, lang) == [
            ("Nimbus Pay", "Summit Clearing", 5000, "USD", "month")]
    else:
        assert got == []


def test_a_lead_in_about_shares_does_not_cancel_a_deal() -> None:
    from pipeline.facts.extractor import Extractor

    text = ("Shares of Hindustan Aeronautics rose 1% after the Ministry of Defence signed a "
            "₹62,370-crore contract with the company for 97 fighters.")
    got = [(f.payer, f.payee, f.amount) for f in Extractor().extract(text, "en").facts]
    assert got == [("Ministry of Defence", "Hindustan Aeronautics", 623.7e9)]


@pytest.mark.parametrize("lang,text,cancelled", [
    ("de", "Alstom bezifferte seinen Anteil an dem Vertrag auf 600 Millionen Euro.", False),
    ("de", "Siemens kauft einen Anteil an der Firma Velarix für 600 Millionen Euro.", True),
    ("es", "Su participación en el contrato asciende a 600 millones de euros.", False),
    # the revenue a contract brings its holder is the contract's value
    ("fr", "Le contrat représente un chiffre d'affaires de 10,5 millions d'euros.", False),
    ("en", "The extension is expected to bring BUMA revenue of roughly $7.8 billion.", False),
    ("it", "La commessa vale per il gruppo ricavi per 90 milioni di euro.", False),
    ("fr", "Le groupe a publié un chiffre d'affaires de 10,5 millions d'euros.", True),
])
def test_a_share_of_a_contract_is_no_stake(lang: str, text: str, cancelled: bool) -> None:
    """"seinen Anteil an dem Vertrag": a stake word that governs a deal noun is a share of
    the contract's value (cues.toml `not_non_payment`), not a stake in a company; so is the
    revenue a contract brings ("le contrat représente un chiffre d'affaires de")."""
    from pipeline.facts.clauses import cue

    assert (cue(lang, "non_payment", text) is not None) == cancelled


def test_a_model_entity_in_the_stop_list_is_no_party() -> None:
    from pipeline.facts.extractor import Extractor

    text = ("Snap's IPO filing shows it has signed a licence agreement with Google Cloud under "
            "which it must buy at least $400 million of cloud services every year.")
    got = [(f.payer, f.payee) for f in Extractor().extract(text, "en").facts]
    assert got == [("Snap", "Google Cloud")]


@pytest.mark.parametrize("text,lang,expected", [
    ("El Ministerio de Defensa firmó con Navantia la orden de ejecución para construir cinco "
     "fragatas, por un valor total de 4.317 millones de euros.", "es",
     [("Ministerio de Defensa", "Navantia")]),
    ("Petrobras firmó dos contratos con la brasileña Engevix Engenharia para construir ocho "
     "cascos por 3.460 millones de dólares.", "es", []),  # who builds? not in the syntax
    # so does a relative clause right after the deal's partner
    ("Peoria City Council backed a five-year, $3,398,734 agreement with Axon Enterprises Inc. "
     "that will equip officers with body-worn cameras.", "en",
     [("Peoria City Council", "Axon Enterprises")]),
])
def test_a_purpose_clause_after_a_deal_leaves_the_direction_to_the_deal(
        text: str, lang: str, expected: list) -> None:
    from pipeline.facts.extractor import Extractor

    # the rules' own readings (the learned scorer may still weigh the pair on its own)
    got = [(c.payer, c.payee) for c in Extractor().analyse(text, lang).candidates
           if c.payer and c.payee]
    assert got == expected


def test_an_order_placed_aupres_de_a_maker(ex: Extractor) -> None:
    got = facts(ex, "Le ministère allemand de la Défense a confirmé une nouvelle commande de 20 "
                    "hélicoptères auprès d'Orvane Helicopters, pour environ 931 millions "
                    "d'euros.", "fr")
    assert [g[:4] for g in got] == [("ministère allemand de la Défense", "Orvane Helicopters",
                                     9.31e8, "EUR")]


@pytest.mark.parametrize("lang,text,expected", [
    # the winner of a contract is paid, whether the verb is reflexive or "se voir" + award
    ("fr", "Velmora s'est vu confier par la DGA un contrat de 300 millions d'euros.",
     ("DGA", "Velmora", 3e8, "EUR")),
    ("de", "Velmora Rail sicherte sich bei der Deutschen Bahn einen Auftrag über "
           "500 Millionen Euro.", ("Deutsche Bahn", "Velmora Rail", 5e8, "EUR")),
    ("it", "Corvina Elettronica si è vista assegnare dal ministero della Difesa una commessa "
           "da 200 milioni di euro.",
     ("ministero della Difesa", "Corvina Elettronica", 2e8, "EUR")),
])
def test_reflexive_and_se_voir_win_verbs_make_the_subject_the_payee(
        ex: Extractor, lang: str, text: str, expected: tuple) -> None:
    assert [f[:4] for f in facts(ex, text, lang)] == [expected]


@pytest.mark.parametrize("lang,text,expected", [
    # the genitive of the deal noun after a win verb names who awards it
    ("it", "Corvina Elettronica si è aggiudicata la gara della Marina Militare per 30 "
           "radar, per un valore di 650 milioni di dollari.",
     [("Marina Militare", "Corvina Elettronica", 6.5e8, "USD")]),
    ("fr", "Velmora a remporté le marché de la RATP pour 120 millions d'euros.",
     [("RATP", "Velmora", 1.2e8, "EUR")]),
    # a genitive that hangs on anything else names a place or a project, not a payer
    ("it", "Corvina Costruzioni si è aggiudicata un contratto da 1,4 miliardi di euro per "
           "scavare una tratta della Torino-Lione.", []),
    ("fr", "Velmora a décroché un contrat de 397 millions d'euros pour exploiter l'usine "
           "d'épuration de Valenton.", []),
])
def test_a_won_deal_s_genitive_is_its_buyer_only_on_the_deal_noun(
        ex: Extractor, lang: str, text: str, expected: list) -> None:
    assert [f[:4] for f in rule_readings(ex, text, lang)] == expected
    assert not [f for f in facts(ex, text, lang) if f[:4] not in expected]


@pytest.mark.parametrize("lang,text", [
    # a sum that is a loan, in any inflection of the listed noun ("préstamo" -> "préstamos")
    ("es", "El Gobierno concedió a Velmora Defensa 550 millones de euros en forma de "
           "préstamos sin intereses."),
    # a non-binding agreement is no payment yet
    ("en", "Velmora Air signed a memorandum of understanding with Avialta for 40 jets "
           "worth $4 billion."),
    ("fr", "La DGA a commandé à Velmora, dans le cadre d'un protocole d'accord, "
           "12 hélicoptères pour 300 millions d'euros."),
    ("de", "Die Stadt Lindau zahlt Velmora Rail laut einer unverbindlichen "
           "Absichtserklärung 80 Millionen Euro für neue Züge."),
    # a cancelled contract is no payment
    ("en", "The Ministry of Defence cancelled its $10 billion cloud contract with Velmora "
           "Systems."),
    ("it", "Il Comune di Berlanga ha annullato il contratto da 12 milioni di euro "
           "affidato a Corvina Servizi."),
    # a legal settlement anywhere in the sentence: the money ends a dispute
    ("fr", "Pour solder le litige qui les opposait, Velmora versera 12 millions d'euros à "
           "Kestrel."),
    ("it", "Velmora ha accettato di versare 3 milioni di euro a Kestrel per chiudere la causa "
           "sui danni."),
    ("de", "Im Rahmen des Vergleichs zahlt Velmora der Kestrel AG 40 Millionen Euro."),
    ("es", "Velmora pagará a Kestrel 5 millones de euros para cerrar el litigio."),
    ("en", "A judge approved a settlement under which Velmora will pay Kestrel $18 million."),
    # an arbitration claims or awards money; it is no payment under a contract
    ("en", "Velmora said it had received a notice of arbitration from Kestrel Holdings, "
           "which is seeking $30 million."),
    ("it", "Velmora dovrà versare 30 milioni di euro a Kestrel in base a un lodo arbitrale."),
    ("es", "Velmora recibió de Kestrel una demanda de arbitraje por 30 millones de euros."),
])
def test_loans_settlements_non_binding_and_cancelled_deals_make_no_fact(
        ex: Extractor, lang: str, text: str) -> None:
    assert facts(ex, text, lang) == []


@pytest.mark.parametrize("lang,text", [
    # one season, or one named year, of money that changes hands is a year's payment
    ("en", "Velmora Insurance will pay Kestrel United £14 million in the final season of "
           "its shirt contract."),
    ("it", "L'Inter ha ricevuto da Velmora circa 19 milioni di euro nella passata stagione."),
    ("de", "Velmora Motors überweist der Kestrel Liga für die Saison 2019 eine Gebühr von "
           "4,84 Millionen Euro."),
    ("fr", "Velmora Mobile a versé 300 millions d'euros à Kestrel Télécom au titre de 2017."),
    ("es", "Velmora pagó a Kestrel Deportes 20 millones de euros en la pasada temporada."),
])
def test_one_season_or_one_named_year_is_a_yearly_payment(
        ex: Extractor, lang: str, text: str) -> None:
    assert [f[4] for f in facts(ex, text, lang)] == ["year"]


@pytest.mark.parametrize("lang,text,period", [
    # last, this or next year, anywhere in the clause of money that changes hands
    ("en", "Last year, Velmora paid Kestrel $5 million for its maps.", "year"),
    ("de", "Im vergangenen Jahr zahlte Velmora der Kestrel AG 209 Millionen Euro.", "year"),
    ("it", "Quest'anno Velmora incasserà da Kestrel 5 milioni di euro.", "year"),
    ("fr", "L'an dernier, Velmora a versé 24 millions d'euros à Kestrel.", "year"),
    ("es", "El año pasado Velmora pagó a Kestrel 5 millones de euros.", "year"),
    # a sum dated by one year is that year's; a one-off stays a total
    ("de", "Velmora hat im Jahr 2022 insgesamt 20 Mrd. US-Dollar an Kestrel gezahlt.", "year"),
    ("de", "Velmora überwies der Kestrel AG im Jahr 2007 eine einmalige Zahlung von zwei "
           "Millionen Euro.", "total"),
    # a year in another clause dates something else
    ("en", "Velmora, founded in 2021, pays Kestrel $5 million.", "total"),
])
def test_a_relative_year_dates_the_payment(ex: Extractor, lang: str, text: str,
                                           period: str) -> None:
    assert [f[4] for f in facts(ex, text, lang)] == [period]


def test_a_deal_s_value_is_no_year_s_payment(ex: Extractor) -> None:
    got = facts(ex, "Last year, Kestrel won a $5 million contract from Velmora.", "en")
    assert got == [("Velmora", "Kestrel", 5e6, "USD", "total")]


def test_a_possessive_governs_a_noun_and_the_name_follows_it(ex: Extractor) -> None:
    text = "Der FC Kestrel erhält von seinem Ausrüster Velmora rund 60 Millionen Euro jährlich."
    assert [f[:2] for f in facts(ex, text, "de")] == [("Velmora", "FC Kestrel")]


@pytest.mark.parametrize("lang,text", [
    # the same words in their other senses leave the payment alone
    ("en", "Kestrel charges Velmora a fee of $120,000 a month for settlement services."),
    ("de", "Velmora zahlt der Kestrel AG jährlich 4 Millionen Euro, im Vergleich zum "
           "Vorjahr ein Plus."),
])
def test_settlement_words_in_other_senses_cancel_nothing(ex: Extractor, lang: str,
                                                         text: str) -> None:
    assert len(facts(ex, text, lang)) == 1


@pytest.mark.parametrize("lang,text,expected", [
    ("de", "Die Orvane AG hat Telmark mit der Erweiterung der Anlage beauftragt; der Auftrag "
           "hat ein Volumen von rund 63 Millionen Euro.", ("Orvane", "Telmark", 6.3e7, "EUR")),
    ("it", "Orvane ha affidato a Telmark la manutenzione della rete; il contratto vale 12 "
           "milioni di euro.", ("Orvane", "Telmark", 1.2e7, "EUR")),
    ("en", "Orvane ordered 90 trains from Telmark; the order is worth €4bn.",
     ("Orvane", "Telmark", 4e9, "EUR")),
])
def test_the_deal_s_value_after_a_semicolon_takes_the_parties_before_it(
        ex: Extractor, lang: str, text: str, expected: tuple) -> None:
    """One sentence, two clauses: the verb before the ";" gives who pays whom, "the order"
    after it gives how much (as "the contract" of the next sentence does)."""
    assert [f[:4] for f in facts(ex, text, lang)] == [expected]


def test_the_clause_before_needs_one_reading_of_its_own(ex: Extractor) -> None:
    """Two payment verbs before the ";": which one "the contract" values is unknown."""
    assert facts(ex, "Orvane ha affidato a Telmark la rete e Kestrel ha affidato a Brixby i "
                     "server; il contratto vale 12 milioni di euro.", "it") == []


def test_a_back_reference_says_its_side_by_its_own_head() -> None:
    """"con il costruttore francese": the back-reference's head noun is a seller's, so the
    one who signed with it pays (the rule's reading; the scorer weighs it after)."""
    from pipeline.facts.deals import deal_candidates
    from pipeline.facts.relations import analyse_sentence

    first = "Orvane consegnerà altri dieci treni regionali."
    second = ("Ferrovie Brixby ha firmato con il costruttore francese un accordo da 67 milioni "
              "di euro.")
    text = first + " " + second
    prev = analyse_sentence(first, "it", 0, (), article=text)
    view = analyse_sentence(second, "it", len(first) + 1, (), article=text)
    got = [(c.payer, c.payee, c.amount.value) for c in deal_candidates(view, prev, set())]
    assert got == [("Ferrovie Brixby", "Orvane", 6.7e7)]


@pytest.mark.parametrize("lang,first,second,expected", [
    ("it", "Il vettore Velcor ha siglato con Orvane l'acquisto di 12 treni.",
     "Il valore dell'ordine è pari a 101 milioni di euro.", ("Velcor", "Orvane", 1.01e8)),
    ("es", "La aerolínea Velcor firmó con Orvane un pedido de 12 aviones.",
     "El importe del pedido asciende a 101 millones de euros.", ("Velcor", "Orvane", 1.01e8)),
])
def test_a_value_noun_heads_the_deal_noun_it_governs(lang: str, first: str, second: str,
                                                    expected: tuple) -> None:
    """"Il valore dell'ordine è pari a N": the value of the deal the sentence before states,
    not an order of its own with no parties (deals._governed_by_value)."""
    from pipeline.facts.deals import deal_candidates
    from pipeline.facts.relations import analyse_sentence

    text = first + " " + second
    prev = analyse_sentence(first, lang, 0, (), article=text)
    view = analyse_sentence(second, lang, len(first) + 1, (), article=text)
    got = [(c.payer, c.payee, c.amount.value) for c in deal_candidates(view, prev, set())]
    assert got == [expected]


@pytest.mark.parametrize("lang,text,name,expected", [
    ("de", "Auftraggeber ist die Velcor Energie GmbH, das Volumen liegt bei 42 Millionen Euro.",
     "Velcor Energie", "buyer"),
    ("en", "The customer is Velcor Energy, and the order is worth $42 million.",
     "Velcor Energy", "buyer"),
    ("it", "Il fornitore è Orvane, per un valore di 42 milioni di euro.", "Orvane", "seller"),
])
def test_a_copula_gives_the_side_of_the_name_after_it(ex: Extractor, lang: str, text: str,
                                                     name: str, expected: str) -> None:
    """"Auftraggeber ist X", "the customer is X": the head a copula joins to the name says
    its side, as an apposition does (deals.toml `copulas`)."""
    from pipeline.facts.sides import rules, side

    view = next(iter(ex.analyse(text, lang).views.values()))
    m = next(m for m in view.mentions if m.name == name)
    assert side(view, m, rules(lang)) == expected
