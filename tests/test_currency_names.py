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


@pytest.mark.parametrize("lang,text,currency", [
    ("es", "La Secretaría de Salud de Jalisco, en el occidente mexicano, pagará 640 millones de "
           "pesos a Farmacorp.", "MXN"),
    ("fr", "Le centre d'appels marocain Atlas reçoit 1,1 million de dirhams par semaine.", "MAD"),
    ("es", "La biotecnológica suiza Alpenbio cobrará 2,4 millones de francos al año.", "CHF"),
    # a word names the country of the longest stem it opens with: "nigérian" is Nigeria's
    # (naira), not Niger's (West African franc)
    ("fr", "Le gouvernement camerounais a versé 34,3 milliards de francs CFA au nigérian "
           "Atidolf.", "XAF"),
    # a country's whole name is that country's, though a longer stem opens with it
    ("fr", "L'État du Niger paiera 26,7 milliards de francs CFA à Orvane.", "XOF"),
    # no country named: a city that names a time zone (CLDR) says which
    ("fr", "À Niamey, l'entreprise Orvane recevra 26,7 milliards de francs CFA.", "XOF"),
    ("fr", "L'office a attribué à Orvane, à Casablanca, un marché de 81,2 millions de "
           "dirhams.", "MAD"),
])
def test_an_ambiguous_currency_word_takes_the_country_the_text_names(lang: str, text: str,
                                                                     currency: str) -> None:
    from pipeline.facts.extractor import Extractor, cued_sentences
    from pipeline.facts.nlp import split_sentences

    found: dict = {}
    cued_sentences(text, split_sentences(text, lang), lang, found)
    assert [a.currency for amounts in found.values() for a in amounts] == [currency]
    assert Extractor  # the extractor reads the gate's amounts


def test_pesos_without_a_country_stay_without_a_currency() -> None:
    from pipeline.facts.currency_names import currency_in_context

    assert currency_in_context("pesos", "Cobra 850 millones de pesos por temporada.", "es") is None


@pytest.mark.parametrize("lang,text,value", [
    ("es", "Alstom fabricará 152 convoyes por 2.445 millones de euros; Stadler, 59 por 998 "
           "millones.", 998e6),
    ("it", "Verserà 180 milioni di yen e altri 25 milioni l'anno.", 25e6),
])
def test_an_elliptic_amount_takes_the_currency_named_before(lang: str, text: str,
                                                            value: float) -> None:
    assert [a.currency for a in find_amounts(text, lang) if a.value == value] == \
        [find_amounts(text, lang)[0].currency]


def test_a_bare_count_is_no_amount() -> None:
    assert find_amounts("Los usuarios son 20 millones, el 25% más.", "es") == []


@pytest.mark.parametrize("lang,text,code", [
    ("en", "The Australian Department of Defence will pay Telstra $1 billion.", "AUD"),
    ("fr", "ABB a décroché 585 millions $ de contrats auprès d'Hydro-Québec, au Canada.", "CAD"),
    ("es", "El Gobierno argentino pagará $ 500 millones a la imprenta.", "ARS"),
    ("en", "Westpac pays Infosys $40 million a year, a New Zealand unit said.", "NZD"),
    # no country, an American mention, or two dollar countries: the symbol's default
    ("en", "Microsoft pays OpenAI $1 billion a year.", None),
    ("en", "The American group will pay $5bn for data centres in Australia.", None),
    ("en", "Telstra and Bell Canada each pay Ericsson $100m; Australia's share is larger.", None),
    ("en", "Telstra will get $1bn in Australia, Wall Street analysts said.", None),  # a phrase
    ("it", "Messi guadagna 100 milioni di $ a Miami.", None),  # "Messico" is not "Messi"
    # French writes the US dollar "$US" (CLDR); a bare "$" is the one region's that writes its
    # own money so, Quebec's, unless the US or another dollar country is named
    ("fr", "La Ville a octroyé à Telmark un contrat de 1,5 M$ pour la réfection du chalet.",
     "CAD"),
    ("fr", "Aux États-Unis, Orvane a payé 1,5 M$ à Telmark.", None),
    # the US dollar written out beside one amount marks the exception, not the others
    ("fr", "La Ville a accordé 56 993 368 $ à Telmark et un contrat de 55 810 $ US à Orvane.",
     "CAD"),
    ("en", "In Australia, Orvane paid US$5m to Telmark and $2m to Brixby.", "AUD"),
    ("en", "Orvane paid US$5m to Telmark and $2m to Brixby.", None),
    ("fr", "En Australie, Orvane a payé 1,5 M$ à Telmark.", "AUD"),
    ("es", "Orvane pagó 5 millones de $ a Telmark.", None),  # several peso countries
    # news about a peso country in another language writes US dollars with "$"
    ("en", "Mexico's Federal Electricity Commission awarded Iberdrola a $16.3 million deal.",
     None),
    # a country that qualifies a company says where the company is from, not the money
    ("en", "Singapore's Orvane Air added six jets on Monday, a purchase of $660 million.",
     None),
    ("en", "The Singapore-based exchange agreed to pay Telmark $700 million over 20 years.",
     None),
    # the country's own body pays in the country's money
    ("en", "Australia's Department of Defence signed a $3.7 million contract with Telmark.",
     "AUD"),
])
def test_a_bare_dollar_takes_the_one_dollar_country_named(lang: str, text: str,
                                                          code: str | None) -> None:
    from pipeline.facts.currency_names import dollar_in_context
    assert dollar_in_context(text, lang) == code


def test_extracted_facts_carry_the_dollar_of_the_country() -> None:
    from pipeline.facts.extractor import Extractor
    ex = Extractor(prefer_statistical=False)
    facts = ex.extract("Australia's Department of Defence will pay Telstra $1 billion over five "
                       "years.", "en").facts
    assert [(f.payee, f.currency) for f in facts] == [("Telstra", "AUD")]
    facts = ex.extract("Telstra will pay Ericsson US$1 billion over five years in Australia.",
                       "en").facts
    assert [f.currency for f in facts] == ["USD"]  # a prefixed symbol is never rewritten


def test_a_dollar_after_a_scale_letter_is_bare() -> None:
    """"2 M$" is a bare "$" after the scale ("M"), not a prefixed symbol like "US$"."""
    from pipeline.facts.extractor import Extractor
    ex = Extractor(prefer_statistical=False)
    facts = ex.extract("La Ville a octroyé à Telmark un contrat de 2 M$ pour la réfection du "
                       "chalet.", "fr").facts
    assert [(f.payee, f.currency) for f in facts] == [("Telmark", "CAD")]
    facts = ex.extract("La Ville a octroyé à Telmark un contrat de 2 M$ US pour la réfection "
                       "du chalet.", "fr").facts
    assert [f.currency for f in facts] == ["USD"]


@pytest.mark.parametrize("text,code", [
    ("Québec a octroyé de gré à gré à Telmark un contrat de 10,5 millions de dollars.", "CAD"),
    ("La Société de transport de Montréal versera 941 millions de dollars à Telmark.", "CAD"),
    # a Canadian company in a story placed nowhere says nothing of the money
    ("Orvane versera un milliard de dollars au canadien Telmark.", "USD"),
    ("Québec a octroyé à Telmark un contrat de 10,5 millions de dollars américains.", "USD"),
])
def test_dollars_in_a_quebec_story_are_canadian(text: str, code: str) -> None:
    """The word "dollars" in French, in a story placed in Quebec (currencies.toml
    dollar_regions), is the Canadian dollar, as a bare "$" is."""
    from pipeline.facts.extractor import Extractor
    facts = Extractor(prefer_statistical=False).extract(text, "fr").facts
    assert [f.currency for f in facts] == [code]


def test_the_local_symbols_file_is_what_cldr_gives() -> None:
    """rules/local_symbols.toml is written from Babel (scripts/cldr_symbols.py), read at
    start instead of every locale; it must not drift from the Babel installed."""
    from pipeline.facts.currency_names import cldr_glued_symbols, cldr_local_symbols, local_symbols
    from pipeline.facts.lexicon import load_toml
    assert local_symbols() == cldr_local_symbols()
    assert load_toml("local_symbols.toml")["glued"] == cldr_glued_symbols()


def test_the_shared_symbols_are_what_cldr_gives() -> None:
    """The symbols of several currencies (table `shared`) come from Babel too: "FCFA" is
    both CFA francs, and none of them reads as one currency."""
    from pipeline.facts.currency_names import cldr_shared_symbols, local_symbols
    from pipeline.facts.lexicon import load_toml
    shared = load_toml("local_symbols.toml")["shared"]
    assert shared == cldr_shared_symbols()
    assert shared["FCFA"] == ["XAF", "XOF"] and not set(shared) & set(local_symbols())


@pytest.mark.parametrize("word,text,lang,code", [
    ("fcfa", "Le gouvernement camerounais a confié la route à Velmora.", "fr", "XAF"),
    ("fcfa", "L'État sénégalais a confié la route à Velmora.", "fr", "XOF"),
    ("fcfa", "Velmora a signé le contrat.", "fr", None),  # no country: no currency
    ("crowns", "Swedish defence company Velmora won the order.", "en", "SEK"),
    ("crowns", "Norway's Vetrano signed with Velmora.", "en", "NOK"),
    ("crowns", "Vetrano signed with Velmora.", "en", None),
])
def test_a_symbol_or_word_of_several_currencies_takes_the_named_country(
        word: str, text: str, lang: str, code: str | None) -> None:
    """"FCFA" (CLDR: two currencies) and "crowns" (the newswires' word for the Nordic and
    Czech crowns, rules/en/money.toml shared_words) name the currency of the country the
    text names, as "pesos" does."""
    from pipeline.facts.currency_names import currency_in_context
    assert currency_in_context(word, text, lang) == code


@pytest.mark.parametrize("url,country", [
    ("https://www.eluniversal.com.mx/cartera/contrato", "MX"),
    ("http://le.temps.ch:8080/economie", "CH"),
    ("https://www.bbc.co.uk/news/business", "GB"),  # .uk is ISO's GB
    ("www.elcaribe.com.do/destacado/obras", "DO"),  # no scheme
    ("https://example.com/a", None),  # generic domains say nothing
    ("https://news.example.org/a", None),
    ("https://[broken/a", None),
    ("", None),
    (None, None),
])
def test_the_country_of_a_page_is_its_country_domain(url: str | None,
                                                     country: str | None) -> None:
    from pipeline.facts.currency_names import country_of_url

    assert country_of_url(url) == country


def test_pesos_take_the_country_the_story_was_published_in() -> None:
    """Where the text names no country, the page's country settles the word; a country the
    text names still wins, and a page country whose money the word cannot name is no help."""
    from pipeline.facts.currency_names import currency_in_context

    text = "Cobra 850 millones de pesos por temporada."
    assert currency_in_context("pesos", text, "es", "MX") == "MXN"
    assert currency_in_context("pesos", text, "es", "AR") == "ARS"
    assert currency_in_context("pesos", text, "es", "ES") is None  # Spain: euros
    assert currency_in_context("pesos", "El gobierno chileno cobra 850 millones de pesos.",
                               "es", "MX") == "CLP"
    assert currency_in_context("francs", "Le canton paiera 2 millions de francs.", "fr",
                               "CH") == "CHF"


def test_pesos_take_the_country_of_a_companys_legal_form() -> None:
    """A legal form only one country's companies carry places the money when no country is
    named; a country named still wins, and so does the page's country over no form."""
    from pipeline.facts.currency_names import currency_in_context

    text = "El gobierno de Sinaloa pagó 923 millones de pesos a Comunicación Segura SA de CV."
    assert currency_in_context("pesos", text, "es") == "MXN"
    assert currency_in_context("pesos", "El ayuntamiento paga a Operadora SAYM S.A. de "
                               "C.V. 625 mil pesos mensuales.", "es") == "MXN"
    assert currency_in_context("pesos", "Chile paga a Delta S.A. de C.V. 5 millones de "
                               "pesos.", "es") == "CLP"
    assert currency_in_context("pesos", "La firma Delta S.A. de la ciudad cobra 5 millones "
                               "de pesos.", "es") is None


@pytest.mark.parametrize("lang,text,country,code", [
    ("es", "El municipio pagará $ 500 millones a la constructora.", "MX", "MXN"),
    ("en", "The council will pay Telmark $3 million a year.", "AU", "AUD"),
    ("en", "The council will pay Telmark $3 million a year.", "GB", None),  # no "$" of its own
    ("en", "The US group will pay Telmark $3 million a year.", "AU", None),  # US named
    ("en", "In Canada, Orvane pays Telmark $3 million a year.", "AU", "CAD"),  # text first
])
def test_a_bare_dollar_takes_the_dollar_of_the_page_country(lang: str, text: str, country: str,
                                                            code: str | None) -> None:
    from pipeline.facts.currency_names import dollar_in_context

    assert dollar_in_context(text, lang, country) == code


def test_an_article_url_gives_its_facts_the_local_currency() -> None:
    from pipeline.facts.extractor import Extractor

    ex = Extractor(prefer_statistical=False)
    text = "El Consejo de Promoción Turística entregó a Grupo Televisa 1.400 millones de pesos."
    assert ex.extract(text, "es").facts == []  # whose pesos? no fact
    facts = ex.extract(text, "es", url="https://www.diario.com.mx/nota/1").facts
    assert [(f.payer, f.payee, f.amount, f.currency) for f in facts] == [
        ("Consejo de Promoción Turística", "Grupo Televisa", 1.4e9, "MXN")]


@pytest.mark.parametrize("text,lang,expected", [
    ("Le gouvernement camerounais a attribué à Velmora un marché de 46 058 144 793 FCFA pour "
     "la construction de la route.", "fr", ("Velmora", 46_058_144_793, "XAF")),
    ("L'État sénégalais versera 12 milliards de FCFA à Velmora pour le chantier.", "fr",
     ("Velmora", 12_000_000_000, "XOF")),
    ("Swedish defence company Velmora has won an order worth 4.6 billion crowns from the "
     "Swedish Armed Forces.", "en", ("Velmora", 4_600_000_000, "SEK")),
])
def test_a_fact_in_money_of_several_countries_gets_the_named_one(text: str, lang: str,
                                                                 expected: tuple) -> None:
    from pipeline.facts.extractor import Extractor
    [f] = Extractor(prefer_statistical=False).extract(text, lang).facts
    assert (f.payee, f.amount, f.currency) == expected



@pytest.mark.parametrize("text,code,value", [
    ("Golden Fiber will buy jute worth Tk 454 crore.", "BDT", 4_540_000_000),
    ("The committee approved a Tk 3.75 billion contract.", "BDT", 3_750_000_000),
    ("Winner signed a UShs 40.9 billion contract.", "UGX", 40_900_000_000),
    ("Velmora won a KShs 2 billion tender.", "KES", 2_000_000_000),
    ("Velmora won a ksh 2 billion tender.", "KES", 2_000_000_000),  # CLDR's "Ksh", any case
])
def test_the_press_abbreviations_no_locale_writes(text: str, code: str, value: int) -> None:
    """"Tk", "UShs", "KShs": the Bangladeshi and East African press's own symbols
    (rules/currencies.toml), and CLDR's letter symbols in any case."""
    [a] = find_amounts(text, "en")
    assert (a.currency, a.value) == (code, value)


@pytest.mark.parametrize("text,code", [
    ("Nansana Municipality near Kampala pays Velmora shs41 billion for the road.", "UGX"),
    ("Velmora will pay the Nairobi county government Sh5 billion a year.", "KES"),
    ("Velmora will pay Vetrano SHS 5 billion a year.", None),  # no country: no currency
])
def test_the_shilling_abbreviation_takes_the_named_country(text: str, code: str | None
                                                           ) -> None:
    """"Sh" and "Shs" are written in Kenya, Uganda, Tanzania and Somalia (rules/currencies.toml
    `shared_symbols`): the amount is the named country's money, or none."""
    from pipeline.facts.currency_names import currency_in_context
    [a] = find_amounts(text, "en")
    assert a.currency is None and a.currency_word
    assert currency_in_context(a.currency_word, text, "en") == code
