"""find_amounts / has_money_cue: amounts, currencies, scales and traps in five languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.facts.extractor import Extractor
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.money import find_amounts, has_money_cue
from pipeline.facts.numbers import parse_digits, parse_words
from pipeline.facts.relations import analyse_sentence

B = 1_000_000_000
M = 1_000_000

# (lang, text, amount text, value, currency)
CASES = [
    # English
    ("en", "TikTok pays Microsoft $20M a month.", "$20M", 20 * M, "USD"),
    ("en", "The deal is worth $20m/month to the vendor.", "$20m", 20 * M, "USD"),
    ("en", "a $20M-a-month contract", "$20M", 20 * M, "USD"),
    ("en", "revenue of USD 20 mn last year", "USD 20 mn", 20 * M, "USD"),
    ("en", "it raised 20 mn USD in total", "20 mn USD", 20 * M, "USD"),
    ("en", "a fine of €2bn from Brussels", "€2bn", 2 * B, "EUR"),
    ("en", "it sold the unit for £15.45 million", "£15.45 million", 15_450_000, "GBP"),
    ("en", "an order worth US$ 3 billion", "US$ 3 billion", 3 * B, "USD"),
    ("en", "assets of ¥500 billion", "¥500 billion", 500 * B, "JPY"),
    ("en", "a valuation of $1.2 trillion", "$1.2 trillion", 1_200 * B, "USD"),
    ("en", "the fee is $1,500.50 per seat", "$1,500.50", 1500.5, "USD"),
    ("en", "it paid twenty million dollars", "twenty million dollars", 20 * M, "USD"),
    ("en", "it paid a billion dollars", "a billion dollars", B, "USD"),
    ("en", "spending of 3.5 billion euros", "3.5 billion euros", 3_500 * M, "EUR"),
    ("en", "a loan of HK$2bn", "HK$2bn", 2 * B, "HKD"),
    ("en", "a deal worth A$3bn", "A$3bn", 3 * B, "AUD"),
    ("en", "CHF 40 million was spent", "CHF 40 million", 40 * M, "CHF"),
    ("en", "it costs $20k a year", "$20k", 20_000, "USD"),
    ("en", "a 35 lakh rupees loan", "35 lakh rupees", 3_500_000, "INR"),
    ("en", "the ticket costs 15 dollars and 45 cents", "15 dollars and 45 cents", 15.45, "USD"),
    ("en", "shares fell 34 cents", "34 cents", 0.34, None),
    ("en", "a bid of 470 pence a share", "470 pence", 4.7, "GBP"),
    # Italian
    ("it", "paga quasi 20 milioni di dollari al mese", "20 milioni di dollari", 20 * M, "USD"),
    ("it", "un investimento di 3 miliardi di euro", "3 miliardi di euro", 3 * B, "EUR"),
    ("it", "ha pagato venti milioni di dollari", "venti milioni di dollari", 20 * M, "USD"),
    ("it", "un contratto da 1,5 miliardi di euro", "1,5 miliardi di euro", 1_500 * M, "EUR"),
    ("it", "costa 1.500 euro al mese", "1.500 euro", 1500, "EUR"),
    ("it", "ricavi per 2,3 mld di euro", "2,3 mld di euro", 2_300 * M, "EUR"),
    ("it", "un debito di 1 bilione di dollari", "1 bilione di dollari", 1_000 * B, "USD"),
    ("it", "20 milioni di dollari USA", "20 milioni di dollari USA", 20 * M, "USD"),
    ("it", "una multa di 500 mila euro", "500 mila euro", 500_000, "EUR"),
    ("it", "una cessione da 40 milioni di franchi svizzeri", "40 milioni di franchi svizzeri",
     40 * M, "CHF"),
    ("it", "vale 12 milioni di sterline", "12 milioni di sterline", 12 * M, "GBP"),
    ("it", "un contratto da 20mila euro", "20mila euro", 20_000, "EUR"),
    ("it", "una spesa di € 20 milioni", "€ 20 milioni", 20 * M, "EUR"),
    # German
    ("de", "zahlt rund 20 Mio. US-Dollar", "20 Mio. US-Dollar", 20 * M, "USD"),
    ("de", "ein Umsatz von 1,5 Mrd. Euro", "1,5 Mrd. Euro", 1_500 * M, "EUR"),
    ("de", "Investitionen von 2,5 Milliarden Euro", "2,5 Milliarden Euro", 2_500 * M, "EUR"),
    ("de", "ein Auftrag über CHF 40 Mio. für die Bahn", "CHF 40 Mio.", 40 * M, "CHF"),
    ("de", "sie zahlte zwanzig Millionen Euro", "zwanzig Millionen Euro", 20 * M, "EUR"),
    ("de", "ein Volumen von 1.5 Mrd Euro", "1.5 Mrd Euro", 1_500 * M, "EUR"),
    ("de", "Schulden von 2 Billionen Euro", "2 Billionen Euro", 2_000 * B, "EUR"),
    ("de", "ein Budget von 12 500 EUR", "12 500 EUR", 12_500, "EUR"),
    ("de", "der Preis liegt bei 16,4 Millionen kanadischen Dollar",
     "16,4 Millionen kanadischen Dollar",
     16_400_000, "CAD"),
    ("de", "eine Prämie von 300 Mio. Pfund", "300 Mio. Pfund", 300 * M, "GBP"),
    ("de", "es kostet 2 Euro und 50 Cent", "2 Euro und 50 Cent", 2.5, "EUR"),
    ("de", "ein 20-Millionen-Euro-Deal", "20-Millionen-Euro", 20 * M, "EUR"),
    ("de", "ein 1,5-Mrd.-Euro-Auftrag", "1,5-Mrd.-Euro", 1_500 * M, "EUR"),
    # French
    ("fr", "près de 20 millions de dollars par mois", "20 millions de dollars", 20 * M, "USD"),
    ("fr", "il a versé deux milliards d'euros", "deux milliards d'euros", 2 * B, "EUR"),
    ("fr", "il a versé deux milliards d’euros", "deux milliards d’euros", 2 * B, "EUR"),
    ("fr", "un chiffre de 1\u202f500,5 euros", "1\u202f500,5 euros", 1500.5, "EUR"),
    ("fr", "un chiffre de 1\u00a0500 euros", "1\u00a0500 euros", 1500, "EUR"),
    ("fr", "un contrat de 20 M€ signé hier", "20 M€", 20 * M, "EUR"),
    ("fr", "une levée de 2 Md€", "2 Md€", 2 * B, "EUR"),
    ("fr", "une dette de 1 billion de dollars", "1 billion de dollars", 1_000 * B, "USD"),
    ("fr", "20 millions de dollars américains", "20 millions de dollars américains", 20 * M,
     "USD"),
    ("fr", "un contrat de 20 millions de $ US", "20 millions de $ US", 20 * M, "USD"),
    ("fr", "une amende de 3,5 millions de livres sterling", "3,5 millions de livres sterling",
     3_500_000, "GBP"),
    # Spanish
    ("es", "casi 1.500 millones de euros", "1.500 millones de euros", 1_500 * M, "EUR"),
    ("es", "pagó veinte millones de dólares", "veinte millones de dólares", 20 * M, "USD"),
    ("es", "un acuerdo de 3 mil millones de dólares", "3 mil millones de dólares", 3 * B, "USD"),
    ("es", "una deuda de 2 billones de dólares", "2 billones de dólares", 2_000 * B, "USD"),
    ("es", "una inversión de US$ 3.000 millones", "US$ 3.000 millones", 3 * B, "USD"),
    ("es", "una multa de 20 mil euros", "20 mil euros", 20_000, "EUR"),
    ("es", "un contrato de U$D 90 millones", "U$D 90 millones", 90 * M, "USD"),
    ("es", "ventas de 4,5 millones de libras esterlinas", "4,5 millones de libras esterlinas",
     4_500_000, "GBP"),
    ("es", "un pago de 1.200 millones de yenes", "1.200 millones de yenes", 1_200 * M, "JPY"),
    ("es", "solo cuesta 3 euros con 99 céntimos", "3 euros con 99 céntimos", 3.99, "EUR"),
]


@pytest.mark.parametrize("lang,text,span,value,currency", CASES)
def test_amount(lang: str, text: str, span: str, value: float, currency: str | None) -> None:
    found = find_amounts(text, lang)
    assert [a.text for a in found] == [span]
    a = found[0]
    assert a.value == pytest.approx(value)
    assert a.currency == currency
    assert text[a.start:a.end] == span
    assert a.rule_id


# Text with numbers but no money (or a currency the words do not name): nothing returned.
NEGATIVES = [
    ("en", "The app has 20 million users in 2024."),
    ("en", "Its share rose 25% to 1,500 points."),
    ("en", "A quarter of 300 engineers left in March 2023."),
    ("en", "Plan B 20 million downloads"),
    ("it", "Nel 2024 gli utenti sono 20 milioni, il 25% in più."),
    ("de", "Im Jahr 2023 hatte die App 2,5 Millionen Nutzer."),
    ("fr", "En 2024, 3 millions d'utilisateurs et 40 % de parts."),
    ("es", "En 2023 tenía 1.500 millones de usuarios."),
    # a number word after a vague quantifier counts tens or hundreds of an unknown number
    ("en", "Orvane pays Telmark several hundred million dollars a year."),
    ("de", "Axel Springer soll von OpenAI mehrere zehn Millionen Euro im Jahr erhalten."),
]


@pytest.mark.parametrize("lang,text", NEGATIVES)
def test_no_amount(lang: str, text: str) -> None:
    assert find_amounts(text, lang) == []


@pytest.mark.parametrize(
    "lang,text,value",
    [
        ("en", "Microsoft's $20M deal", 20 * M),
        ("en", "A $20 million deal was signed", 20 * M),
        ("en", "a Series C $20M round", 20 * M),
    ],
)
def test_single_letter_prefix_is_not_a_currency(lang: str, text: str, value: float) -> None:
    """"A $20M" and "C $20M" are dollars, not Australian or Canadian ones."""
    (a,) = find_amounts(text, lang)
    assert (a.text, a.value, a.currency) == (text[a.start:a.end], value, "USD")
    assert a.text.startswith("$")


@pytest.mark.parametrize(
    "lang,text,value",
    [
        ("en", "one bn dollars", 1e9),
        ("en", "5 billion dollars", 5e9),
        ("it", "5 miliardi di euro", 5e9),
        ("it", "5 bilioni di euro", 5e12),
        ("de", "5 Milliarden Euro", 5e9),
        ("de", "5 Billionen Euro", 5e12),
        ("fr", "5 milliards d'euros", 5e9),
        ("fr", "5 billions d'euros", 5e12),
        ("es", "5 millardos de euros", 5e9),
        ("es", "5 billones de euros", 5e12),
        ("es", "5 mil millones de euros", 5e9),
    ],
)
def test_long_and_short_scale(lang: str, text: str, value: float) -> None:
    (a,) = find_amounts(text, lang)
    assert a.value == value


def test_range_gives_lower_bound_marked_approximate() -> None:
    (a,) = find_amounts("it pays $10-15 million a year", "en")
    assert (a.text, a.value, a.approx, a.hedge) == ("$10-15 million", 10 * M, True, "range")


@pytest.mark.parametrize(
    "lang,text,hedge",
    [
        ("en", "TikTok pays nearly $20M a month", "nearly"),
        ("en", "it pays more than $1bn", "more than"),
        ("it", "paga quasi 20 milioni di dollari", "quasi"),
        ("de", "zahlt rund 20 Mio. Euro", "rund"),
        ("fr", "verse près de 20 millions d'euros", "près de"),
        ("es", "paga casi 20 millones de euros", "casi"),
    ],
)
def test_hedged_amount(lang: str, text: str, hedge: str) -> None:
    (a,) = find_amounts(text, lang)
    assert a.approx is True
    assert a.hedge == hedge


def test_unhedged_amount_is_exact() -> None:
    (a,) = find_amounts("TikTok pays Microsoft $20M a month", "en")
    assert a.approx is False and a.hedge is None


def test_several_amounts_in_order() -> None:
    text = "It paid $5M in 2023 and €7 million in 2024, up from £1bn."
    found = find_amounts(text, "en")
    assert [(a.text, a.currency) for a in found] == [
        ("$5M", "USD"), ("€7 million", "EUR"), ("£1bn", "GBP")
    ]


def test_ambiguous_currency_word_has_no_currency() -> None:
    (a,) = find_amounts("un prix de 528 millions de francs", "fr")
    assert a.value == 528 * M and a.currency is None


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        ("en", "It pays $20M.", True),
        ("en", "It pays twenty million dollars.", True),
        ("en", "Revenue grew 20 million", True),
        ("en", "Revenue grew strongly this year.", False),
        ("it", "paga 20 milioni di dollari", True),
        ("it", "il fatturato è cresciuto", False),
        ("de", "kostet 5 €", True),
        ("de", "Die Firma wächst.", False),
        ("fr", "des millions d'utilisateurs", True),
        ("es", "la empresa crece", False),
    ],
)
def test_has_money_cue(lang: str, text: str, expected: bool) -> None:
    assert has_money_cue(text, lang) is expected


_STYLE = {  # (decimal mark, thousands mark, currency word, connector before it)
    "en": (".", ",", "dollars", ""),
    "it": (",", ".", "dollari", "di "),
    "de": (",", ".", "Euro", ""),
    "fr": (",", "\u202f", "euros", "d'"),
    "es": (",", ".", "euros", "de "),
}


def _format(n: int, cents: int, lang: str) -> str:
    dec, thou, _, _ = _STYLE[lang]
    body = f"{n:,}".replace(",", thou)
    return f"{body}{dec}{cents:02d}" if cents else body


@settings(max_examples=200, deadline=None)
@given(
    lang=st.sampled_from(sorted(_STYLE)),
    n=st.integers(min_value=1, max_value=9_999_999),
    cents=st.integers(min_value=0, max_value=99),
)
def test_plain_amount_round_trips(lang: str, n: int, cents: int) -> None:
    """A number written in the language's style before its currency word reads back."""
    word = _STYLE[lang][2]
    text = f"Il totale: {_format(n, cents, lang)} {word}."
    (a,) = find_amounts(text, lang)
    assert a.value == pytest.approx(n + cents / 100)


@settings(max_examples=200, deadline=None)
@given(
    lang=st.sampled_from(sorted(_STYLE)),
    n=st.integers(min_value=1, max_value=999),
    tenth=st.integers(min_value=0, max_value=9),
    data=st.data(),
)
def test_scaled_amount_round_trips(lang: str, n: int, tenth: int, data: st.DataObject) -> None:
    """"<n>,<d> <scale word> <connector><currency>" reads back as n.d x scale."""
    scales = {k: v for k, v in lang_toml(lang, "money")["scales"].items() if len(k) > 3}
    scale = data.draw(st.sampled_from(sorted(scales)))
    dec, _, word, conn = _STYLE[lang]
    number = f"{n}{dec}{tenth}" if tenth else str(n)
    if conn.endswith("'") and word[0] not in "aeiou":
        conn = "de "
    text = f"— {number} {scale} {conn}{word} —"
    (a,) = find_amounts(text, lang)
    assert a.value == pytest.approx((n + tenth / 10) * scales[scale])


@pytest.mark.parametrize(
    "lang,text,span,value",
    [
        ("es", "un gasto de mil millones de dólares", "mil millones de dólares", B),
        ("it", "costa mille euro", "mille euro", 1000),
        ("fr", "il coûte mille euros", "mille euros", 1000),
    ],
)
def test_scale_word_that_is_a_number(lang: str, text: str, span: str, value: float) -> None:
    (a,) = find_amounts(text, lang)
    assert (a.text, a.value) == (span, value)


def test_elliptic_amount_takes_the_currency_named_before_it() -> None:
    text = "Due contratti: 90.000 euro al mese a X e 1,1 milioni all'anno a Y."
    found = find_amounts(text, "it")
    assert [(a.text, a.value, a.currency, a.rule_id) for a in found] == [
        ("90.000 euro", 90_000, "EUR", "money.b"),
        ("1,1 milioni", 1_100_000, "EUR", "money.elliptic"),
    ]


@pytest.mark.parametrize("lang,text,span", [
    # the clause's verb follows the sum (a word simplemma takes to an infinitive)
    ("it", "Pesano per 2 miliardi di euro: 602 milioni vanno all'azienda dei trasporti.",
     "602 milioni"),
    ("it", "Un controvalore di 372 milioni di euro, di cui 220 milioni destinati al gruppo.",
     "220 milioni"),
    ("es", "Pagó 40 millones de euros y otros 12 millones llegarán en 2026.", "12 millones"),
    # or the year it is of, or a hedge set after it
    ("it", "Adidas versa 19,6 milioni di euro, contro i 18,6 milioni del 2015.", "18,6 milioni"),
    ("it", "Per una quota di 70 milioni di euro, più altri 54 milioni circa.", "54 milioni"),
])
def test_elliptic_amount_before_its_clauses_verb_or_year(lang: str, text: str,
                                                          span: str) -> None:
    found = find_amounts(text, lang)
    assert [(a.text, a.currency, a.rule_id) for a in found][-1] == (span, "EUR",
                                                                      "money.elliptic")


@pytest.mark.parametrize(
    "lang,text",
    [
        ("it", "Paga 90.000 euro al mese e ha 1,1 milioni di utenti."),  # no period after it
        ("it", "Gli abbonati sono 20 milioni."),  # a verb follows, but no sum before
        ("en", "The app has 20 million users a month."),  # no amount with a currency before
        ("en", "It paid $5M and reached 20 million over five years."),  # a term, not a rate
        # an adjective of addition before a noun counts the noun
        ("en", "A $1.5 billion deal, with the right to buy up to 400 million extra shots."),
        ("fr", "Orange versera 50 millions d'euros et gagne 2 millions supplémentaires "
               "d'abonnés."),
    ],
)
def test_no_elliptic_amount(lang: str, text: str) -> None:
    assert all(a.rule_id != "money.elliptic" for a in find_amounts(text, lang))


@pytest.mark.parametrize("lang,text,value", [
    ("en", "Sky paid $100 million and 20 million extra.", 2e7),
    ("fr", "Orange versera 50 millions d'euros et 2 millions supplémentaires à l'État.", 2e6),
    ("es", "Iberdrola pagará 5 millones de euros y 2 millones adicionales.", 2e6),
])
def test_an_adjective_of_addition_that_ends_the_phrase_keeps_the_sum(lang: str, text: str,
                                                                     value: float) -> None:
    last = find_amounts(text, lang)[-1]
    assert (last.value, last.rule_id) == (value, "money.elliptic")


@pytest.mark.parametrize(
    "text",
    ["PHP 8.2 was released today.", "Leaders met at COP28 and COP 28.", "Windows 11 sold well."],
)
def test_tech_names_that_look_like_codes_are_not_amounts(text: str) -> None:
    assert find_amounts(text, "en") == []


@pytest.mark.parametrize(
    "text,span,value",
    [
        ("a $20-million deal", "$20-million", 20 * M),
        ("a billion-dollar deal", "a billion-dollar", B),
    ],
)
def test_hyphenated_amounts(text: str, span: str, value: float) -> None:
    (a,) = find_amounts(text, "en")
    assert (a.text, a.value, a.currency) == (span, value, "USD")


@pytest.mark.parametrize("lang,text,span,value", [(c[0], c[1], c[2], c[3]) for c in CASES])
def test_every_amount_has_a_cue(lang: str, text: str, span: str, value: float) -> None:
    """has_money_cue is a safe pre-filter: True wherever find_amounts finds something."""
    assert has_money_cue(text, lang)


@pytest.mark.parametrize(
    "lang,written,value",
    [
        ("en", "1,500.5", 1500.5), ("en", "1,500", 1500), ("en", "1.5", 1.5),
        ("en", "1,5", 1.5), ("en", "12,345,678", 12_345_678),
        ("it", "1.500,5", 1500.5), ("it", "1.500", 1500), ("it", "1,5", 1.5),
        ("de", "1.5", 1.5), ("de", "1.500.000", 1_500_000), ("de", "12 500", 12_500),
        ("fr", "1\u202f500,5", 1500.5), ("fr", "1\u00a0500", 1500), ("fr", "1 500", 1500),
        ("es", "1.500,5", 1500.5), ("es", "3.000", 3000),
    ],
)
def test_parse_digits(lang: str, written: str, value: float) -> None:
    assert parse_digits(written, lang) == value


@pytest.mark.parametrize(
    "lang,words,value",
    [("en", "twenty-five", 25), ("en", "a", 1), ("it", "venti", 20), ("de", "fünfundzwanzig", 25),
     ("fr", "vingt-cinq", 25), ("es", "veinte", 20), ("en", "blue", None)],
)
def test_parse_words(lang: str, words: str, value: float | None) -> None:
    assert parse_words(words.replace("-", " ") if lang != "fr" else words, lang) == value


def test_phrase_regex_prefers_longer_phrases_and_backtracks() -> None:
    import re

    from pipeline.facts.phrases import phrase_regex

    words = ["dollar", "dollars", "us dollars", "d’euros"]
    rx = re.compile(f"(?i:{phrase_regex(words, boundary=True)})")
    assert rx.match("US-Dollars paid").group(0) == "US-Dollars"
    assert rx.match("dollars").group(0) == "dollars"
    assert rx.match("dollarsx") is None  # boundary: no partial word
    assert rx.match("d'euros").group(0) == "d'euros"
    assert rx.match("dollar,").group(0) == "dollar"


@pytest.mark.parametrize(
    "lang,text,span,value",
    [
        ("en", "it pays $10 to 15 million", "$10 to 15 million", 10 * M),
        ("en", "it pays $500,000-1 million", "$500,000-1 million", 500_000),
        ("en", "between 10 and 15 million dollars", "10 and 15 million dollars", 10 * M),
        ("it", "tra 10 e 15 milioni di euro", "10 e 15 milioni di euro", 10 * M),
        ("it", "10-15 milioni di euro", "10-15 milioni di euro", 10 * M),
        ("de", "zwischen 10 und 15,5 Mio. Euro", "10 und 15,5 Mio. Euro", 10 * M),
        ("fr", "10 – 15 millions d'euros", "10 – 15 millions d'euros", 10 * M),
        ("es", "entre 10 y 15 millones de euros", "10 y 15 millones de euros", 10 * M),
    ],
)
def test_range_reads_as_lower_bound(lang: str, text: str, span: str, value: float) -> None:
    (a,) = find_amounts(text, lang)
    assert (a.text, a.value, a.approx, a.hedge) == (span, value, True, "range")


@pytest.mark.parametrize(
    "lang,text,span,value",
    [
        ("it", "da 10 a 15 milioni di euro", "15 milioni di euro", 15 * M),
        ("de", "10 bis 15 Mio. Euro", "15 Mio. Euro", 15 * M),
        ("fr", "de 10 à 15 millions d'euros", "15 millions d'euros", 15 * M),
        ("es", "de 10 a 15 millones de euros", "15 millones de euros", 15 * M),
    ],
)
def test_number_to_amount_keeps_the_amount_approximate(
    lang: str, text: str, span: str, value: float
) -> None:
    """"da 10 a 15 milioni" may be a range or a change: the named amount, approximate."""
    (a,) = find_amounts(text, lang)
    assert (a.text, a.value, a.approx, a.hedge) == (span, value, True, "range")


@pytest.mark.parametrize(
    "lang,text,value",
    [
        ("en", "revenue rose in 2023 to 5 million dollars", 5 * M),
        ("it", "dopo il 1990 a 1.015 franchi", 1015),
        ("it", "è salito nel 2023 a 5 milioni di euro", 5 * M),
    ],
)
def test_year_before_to_is_not_a_range(lang: str, text: str, value: float) -> None:
    (a,) = find_amounts(text, lang)
    assert (a.value, a.approx) == (value, False)


@pytest.mark.parametrize(
    "lang,text",
    [("en", "it pays $10M-$15M a year"), ("en", "between $10M and $15M"),
     ("fr", "entre 10 M€ et 15 M€")],
)
def test_two_amounts_forming_a_range_are_both_approximate(lang: str, text: str) -> None:
    found = find_amounts(text, lang)
    assert len(found) == 2 and all(a.approx and a.hedge == "range" for a in found)


def test_from_to_change_is_not_a_range() -> None:
    found = find_amounts("revenue grew from $10M to $15M", "en")
    assert [(a.value, a.approx) for a in found] == [(10 * M, False), (15 * M, False)]


def test_two_amounts_joined_by_and_are_not_a_range() -> None:
    found = find_amounts("it paid $5M and $7M", "en")
    assert [(a.value, a.approx) for a in found] == [(5 * M, False), (7 * M, False)]


def test_malformed_money_rules_name_the_file(tmp_path, monkeypatch) -> None:
    from pipeline.exceptions import ConfigError
    from pipeline.facts import money
    from pipeline.facts.lexicon import load_toml

    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "money.toml").write_text('[scales]\nmillion = "lots"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSFACTS_RULES", str(tmp_path))
    load_toml.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"rules/xx/money\.toml"):
            find_amounts("5 million", "xx")
    finally:
        monkeypatch.delenv("NEWSFACTS_RULES")
        load_toml.cache_clear()
        money._lexicon.cache_clear()
        money._currency_tables.cache_clear()


@pytest.mark.parametrize(
    "lang,text,span,value,currency",
    [
        ("en", "They lost 75 USD million last year", "75 USD million", 75 * M, "USD"),
        ("es", "Perdieron 75 USD millones", "75 USD millones", 75 * M, "USD"),
        ("en", "losses of 30 MUSD were reported", "30 MUSD", 30 * M, "USD"),
        ("en", "sales of 500 MSEK", "500 MSEK", 500 * M, "SEK"),
        ("de", "ein Ergebnis von TEUR 250", "TEUR 250", 250_000, "EUR"),
        ("en", "a price of AUD$ 15", "AUD$ 15", 15, "AUD"),
        ("en", "a loan of 12,34,567.89 rupees", "12,34,567.89 rupees", 1_234_567.89, "INR"),
    ],
)
def test_scale_after_code_and_scaled_codes(
    lang: str, text: str, span: str, value: float, currency: str
) -> None:
    (a,) = find_amounts(text, lang)
    assert (a.text, a.currency) == (span, currency)
    assert a.value == pytest.approx(value)


def test_number_word_after_currency_is_not_a_scale() -> None:
    (a,) = find_amounts("pagó 20 euros mil veces", "es")
    assert (a.text, a.value) == ("20 euros", 20)


@pytest.mark.parametrize(
    "lang,text,span,value",
    [
        ("en", "it paid half a million dollars", "half a million dollars", 500_000),
        ("en", "a quarter million US dollars", "a quarter million US dollars", 250_000),
        ("it", "costa mezzo milione di euro", "mezzo milione di euro", 500_000),
        ("de", "kostet eine halbe Million Euro", "eine halbe Million Euro", 500_000),
        ("fr", "coûte un demi-milliard d'euros", "un demi-milliard d'euros", 500 * M),
        ("es", "cuesta medio millón de dólares", "medio millón de dólares", 500_000),
    ],
)
def test_fraction_words(lang: str, text: str, span: str, value: float) -> None:
    (a,) = find_amounts(text, lang)
    assert (a.text, a.value) == (span, value)


def test_symbol_before_a_number_is_not_a_trailing_symbol() -> None:
    """"3 $5 bills": the "$" belongs to 5, not to 3."""
    found = find_amounts("he had 3 $5 bills", "en")
    assert [(a.text, a.value) for a in found] == [("$5", 5)]


_PIECES = [
    "20", "1,5", "1.500", "3 500", "$", "€", "£", "USD", "EUR", "MUSD", "million", "milioni",
    "Mio.", "Mrd", "millions", "millones", "mil", "de", "di", "d'", "dollars", "dollari",
    "Euro", "euros", "cents", "twenty", "venti", "a", "half", "and", "to", "-", "between",
    "users", "2024", "%", "quasi", "nearly", "\u202f", " ",
]


@settings(max_examples=300, deadline=None)
@given(
    lang=st.sampled_from(["en", "it", "de", "fr", "es"]),
    pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12),
)
def test_cue_is_a_safe_prefilter_and_spans_are_consistent(lang: str, pieces: list[str]) -> None:
    text = " ".join(pieces)
    found = find_amounts(text, lang)
    if found:
        assert has_money_cue(text, lang)
    for a in found:
        assert text[a.start:a.end] == a.text
        assert a.value >= 0
        assert a.currency is None or len(a.currency) == 3
    assert all(x.start < y.start for x, y in zip(found, found[1:], strict=False))


@pytest.mark.parametrize(("lang", "text"), [
    ("it", "I dirigenti di Orbis Telecom non hanno voluto commentare i colloqui."),
    ("en", "The company has hired 640 engineers since the start of the year."),
    ("fr", "Les dirigeants de la société des eaux n'ont pas souhaité commenter."),
    ("es", "Los directivos de la empresa declinaron comentar las conversaciones."),
    ("de", "Die Aktie von Quantica stieg am Dienstag um 4 Prozent."),
])
def test_money_cue_ignores_function_words(lang, text):
    """The cheap pre-filter must reject plain prose, or it selects every sentence."""
    assert not has_money_cue(text, lang)


def test_indian_rupee_with_crore() -> None:
    (a,) = find_amounts("Orvane pays Rs 200 crore a year.", "en")
    assert (a.value, a.currency) == (2e9, "INR")
    assert find_amounts("Mrs 200 guests came.", "en") == []


def test_an_elided_article_before_a_number_word() -> None:
    from pipeline.facts.money import find_amounts

    found = find_amounts("un contrat de plus d'un milliard de dollars australiens", "fr")
    assert [(a.value, a.currency) for a in found] == [(1e9, "AUD")]


def test_a_restatement_in_another_currency_after_the_period() -> None:
    from pipeline.facts.clauses import parenthetical
    from pipeline.facts.relations import analyse_sentence
    v = analyse_sentence("Orvane paga a Telmark 850.000 euro al trimestre (circa 920.000 "
                         "dollari) per i dati.", "it")
    assert [parenthetical(v, a) for a in v.amounts] == [False, True]


@pytest.mark.parametrize("lang,text,value", [
    # a number and a half, before or after the scale word, in each language's way
    ("en", "two and a half billion dollars", 2.5e9),  # not "a half billion"
    ("de", "zweieinhalb Milliarden Euro", 2.5e9),
    ("de", "anderthalb Milliarden Euro", 1.5e9),
    ("fr", "deux milliards et demi d'euros", 2.5e9),
    ("fr", "2 milliards et demi d'euros", 2.5e9),
    ("it", "due miliardi e mezzo di euro", 2.5e9),
    ("es", "dos millones y medio de euros", 2.5e6),
])
def test_a_number_and_a_half(lang: str, text: str, value: float) -> None:
    (a,) = find_amounts(text, lang)
    assert (a.text, a.value) == (text, value)


@pytest.mark.parametrize("lang,text,value,currency", [
    # the press's scaled abbreviations: millones de pesos / de dólares, millions de dirhams
    ("es", "un contrato de 1,350 mdp", 1.35e9, "MXN"),
    ("es", "pagará 25 mdd al año", 2.5e7, "USD"),
    ("fr", "un marché de 430 MDH", 4.3e8, "MAD"),
    ("fr", "un marché de 4,3 MMDH", 4.3e9, "MAD"),
    # the newswire's "crowns" for kronor and kroner
    ("en", "12.5 billion Swedish crowns", 1.25e10, "SEK"),
    ("en", "2.4 million Norwegian crowns", 2.4e6, "NOK"),
])
def test_press_abbreviations_and_crowns(lang: str, text: str, value: float, currency: str
                                        ) -> None:
    (a,) = find_amounts(text, lang)
    assert (a.value, a.currency) == (value, currency)


@pytest.mark.parametrize("text,lang,value", [
    ("destinó a Vetrano mil 877 millones de pesos en publicidad", "es", 1_877_000_000),
    ("un contrato de 2 mil 500 millones de pesos", "es", 2_500_000_000),
    ("recibió 356 millones 860 mil pesos, su cifra más alta", "es", 356_860_000),
    ("ha pagato 4 milioni e 850 mila euro per i diritti", "it", 4_850_000),
])
def test_an_amount_in_two_parts_is_one_amount(text: str, lang: str, value: float) -> None:
    """Read alone, the second part would be a fraction of the sum ("877 millones")."""
    assert [a.value for a in find_amounts(text, lang)] == [value]


@pytest.mark.parametrize("text,lang,value", [
    ("la municipalidad pagó Q86 mil 750 a Vetrano por cien balones", "es", 86_750),
    ("ya había cobrado S/ 8 millones 968 mil 183,79 en 2020", "es", 8_968_183.79),
    ("el convenio costó US$ 3 millones 200 mil en total", "es", 3_200_000),
    ("pagó Q86 mil 12 balones", "es", 86_000),  # a last part is three digits
    ("costó US$ 3 millones 2024 fue peor", "es", 3_000_000),
    ("Vetrano pays $5 million 250 times a year", "en", 5_000_000),  # no thousands word
])
def test_an_amount_whose_symbol_comes_first_takes_its_later_parts(
        text: str, lang: str, value: float) -> None:
    """"Q86 mil 750": the Central American and Mexican press writes the parts after the
    symbol; read alone, the amount would be 86,000, a wrong fact."""
    assert [a.value for a in find_amounts(text, lang)] == [value]


def test_two_amounts_of_one_scale_stay_two() -> None:
    found = find_amounts("paga 20 milioni di euro e 5 milioni di euro", "it")
    assert [a.value for a in found] == [20_000_000, 5_000_000]


@pytest.mark.parametrize("text,lang", [
    ("comprate 100mila dosi a 11,99 euro l'una, per un totale di 1.199.000 euro", "it"),
    ("Vetrano offered $54.20 a share, or $1.2 billion in all", "en"),
    ("für 25 Euro pro Stück, insgesamt 3 Millionen Euro", "de"),
])
def test_a_unit_price_is_money_but_no_sum_paid(text: str, lang: str) -> None:
    """The unit price is an amount (the money recognizer finds it) that no payment reads."""
    found = find_amounts(text, lang)
    assert [a.per_unit for a in found] == [True, False]
    view = analyse_sentence(text, lang)
    assert [a.per_unit for a in view.amounts] == [False]


@pytest.mark.parametrize("text,lang", [
    ("eine Miete von 6,50 Euro je Quadratmeter, das sind 4.757,74 Euro im Monat", "de"),
    ("au prix de 65 francs CFA le kilowatt-heure, soit 30 millions d'euros par an", "fr"),
    ("crude at $80 per barrel, a contract of $2 billion", "en"),
    ("un canone di 12 euro al metro quadrato, in tutto 3 milioni di euro l'anno", "it"),
    ("a 30 dólares por tonelada, por un total de 5 millones de dólares", "es"),
])
def test_a_price_per_unit_of_measure_is_no_sum_paid(text: str, lang: str) -> None:
    """Units come from CLDR (Babel) in every language, not from a typed list."""
    assert [a.per_unit for a in find_amounts(text, lang)] == [True, False]


@pytest.mark.parametrize("text,lang", [
    ("180 Millionen Euro, die in den kommenden Jahren fließen", "de"),  # "in": inches
    ("Orvane paga 3 milioni di euro l'anno e 2 milioni a stagione", "it"),
    ("Orvane pays $5 million a year and $2 million a month", "en"),
])
def test_a_period_or_a_word_after_the_amount_is_no_unit(text: str, lang: str) -> None:
    assert not any(a.per_unit for a in find_amounts(text, lang))


@pytest.mark.parametrize("text,lang,expected", [
    ("Kenya's Treasury has paid Vetrano KSh7.5 billion as the first instalment", "en",
     (7_500_000_000, "KES")),
    ("un contrato de S/ 1 959 057 con la empresa Vetrano", "es", (1_959_057, "PEN")),
    ("pour 12 milliards de cedis, soit GH₵ 12 milliards", "fr", (12_000_000_000, "GHS")),
])
def test_local_symbols_come_from_cldr(text: str, lang: str, expected: tuple) -> None:
    """Countries' own symbols ("Ksh", "S/", "GH₵") from CLDR, in any letter case."""
    found = find_amounts(text, lang)
    assert (found[-1].value, found[-1].currency) == expected


@pytest.mark.parametrize("text,expected", [
    ("Eskom later paid Vetrano an advance of at least R600m for the boiler.",
     [(600_000_000, "ZAR")]),
    ("Velmora clinched a RM19.6mn contract to supply components.", [(19_600_000, "MYR")]),
    ("Vetrano paid R1.3 billion for coal.", [(1_300_000_000, "ZAR")]),
])
def test_a_short_local_symbol_glued_to_a_number_and_a_scale(text: str, expected: list) -> None:
    """CLDR's one-currency short symbols ("R" for the rand, "RM" for the ringgit) read as
    money glued to a number with a scale after it."""
    assert [(a.value, a.currency) for a in find_amounts(text, "en")] == expected


@pytest.mark.parametrize("text", [
    "Velmora's Q3 results and the R4 road", "Sales in Q3 2024 rose", "on the N2 near R 5",
    "Q3 2024 revenue was flat",
    "the Philippine contract is worth P23.92 billion",  # currencies.toml glued_not
])
def test_a_short_symbol_without_a_scale_or_glued_is_no_amount(text: str) -> None:
    assert not [a for a in find_amounts(text, "en") if a.currency in {"ZAR", "GTQ", "BWP"}]


def test_an_ambiguous_local_symbol_is_not_taken() -> None:
    """"FCFA" is the Central African franc to CLDR, "F CFA" the West African one."""
    from pipeline.facts.currency_names import local_symbols
    assert "FCFA" not in local_symbols() and "Ksh" in local_symbols()
    assert not any(len(s) < 3 and s.isalpha() for s in local_symbols())  # "Le", "R"


@pytest.mark.parametrize("text,lang,expected", [
    ("le lot 1 revient à Velmora pour 46 058 144 793 FCFA TTC", "fr", 46_058_144_793),
    ("un marché de 182 milliards de FCFA attribué à Velmora", "fr", 182_000_000_000),
    ("Velmora won an order worth around 4.6 billion crowns", "en", 4_600_000_000),
])
def test_money_of_several_currencies_waits_for_its_country(text: str, lang: str,
                                                           expected: float) -> None:
    """"FCFA", "crowns": an amount with no currency yet and the word that the country the
    text names resolves (currency_names.currency_in_context)."""
    [a] = find_amounts(text, lang)
    assert (a.value, a.currency, a.currency_word is not None) == (expected, None, True)


@pytest.mark.parametrize("text,expected", [
    ("a contract the railway values at an estimated Sfr148.5m ($158.5m)",
     (148_500_000, "CHF")),
    ("an order worth SKr 4bn for Velmora", (4_000_000_000, "SEK")),
    ("Vetrano pays NKr2.1bn a year", (2_100_000_000, "NOK")),
    ("a DKr350m deal", (350_000_000, "DKK")),
])
def test_the_press_abbreviations_of_nordic_and_swiss_money(text: str, expected: tuple) -> None:
    """"SFr", "SKr", "NKr", "DKr": the financial press's symbols, which no CLDR locale
    writes (rules/currencies.toml), in any letter case."""
    assert (find_amounts(text, "en")[0].value, find_amounts(text, "en")[0].currency) == expected


@pytest.mark.parametrize("text,lang,expected", [
    ("pour une valeur d'une vingtaine de millions d'euros", "fr", (20_000_000, "EUR")),
    ("une dizaine de milliards de dollars", "fr", (10_000_000_000, "USD")),
    ("una ventina di milioni di euro l'anno", "it", (20_000_000, "EUR")),
    ("una veintena de millones de euros", "es", (20_000_000, "EUR")),
    ("ein Dutzend Millionen Euro", "de", (12_000_000, "EUR")),
    ("a dozen million dollars", "en", (12_000_000, "USD")),
])
def test_a_collective_numeral_makes_an_approximate_amount(text: str, lang: str,
                                                          expected: tuple) -> None:
    """"une vingtaine de millions": about twenty million (rules/<lang>/money.toml
    collectives); "quarantaine", "veintena" of days or people stay no money."""
    [a] = find_amounts(text, lang)
    assert (a.value, a.currency, a.approx) == (*expected, True)


@pytest.mark.parametrize("text,lang", [
    ("une quarantaine de salariés et une vingtaine de sites", "fr"),
    ("una ventina di dipendenti", "it"),
])
def test_a_collective_numeral_without_money_is_no_amount(text: str, lang: str) -> None:
    assert find_amounts(text, lang) == []


@pytest.mark.parametrize("text,lang,expected", [
    ("Una gara da 24 milioni di euro; le due società incasseranno ciascuna quattro "
     "milioni l'anno.", "it", 4_000_000),
    ("a $5 million fee and another two million a year", "en", 2_000_000),
    ("ein Auftrag über 5 Millionen Euro und weitere zwei Millionen pro Jahr", "de",
     2_000_000),
])
def test_an_elliptic_amount_in_number_words(text: str, lang: str, expected: float) -> None:
    """"quattro milioni l'anno" after a sum in euros is euros too, as "4 milioni" is."""
    last = find_amounts(text, lang)[-1]
    assert (last.value, last.rule_id) == (expected, "money.elliptic")
    assert last.currency == find_amounts(text, lang)[0].currency


@pytest.mark.parametrize("text,lang", [
    ("Una gara da 24 milioni di euro per tre milioni di utenti.", "it"),
    ("a $5 million deal for two million users", "en"),
])
def test_number_words_with_a_scale_before_a_noun_are_no_amount(text: str, lang: str) -> None:
    assert len(find_amounts(text, lang)) == 1


@pytest.mark.parametrize("text,lang,value", [
    ("por S/ 155'188,460.98, impuestos incluidos", "es", 155_188_460.98),
    ("Das Volumen beläuft sich auf 340'000 Franken.", "de", 340_000),
])
def test_an_apostrophe_groups_thousands(text: str, lang: str, value: float) -> None:
    assert [a.value for a in find_amounts(text, lang)] == [value]


@pytest.mark.parametrize("text,lang,value", [
    ("un arrendamiento por 31 millones 228 mil 415 pesos, pagadero", "es", 31_228_415),
    ("obras por 12 mil 407 millones 350 mil pesos.", "es", 12_407_350_000),
    ("un contrato de 2,318 millones 604 mil 72.50 pesos, IVA incluido", "es", 2_318_604_072.5),
])
def test_an_amount_in_three_parts_is_one_amount(text: str, lang: str, value: float) -> None:
    """Mexican notation chains parts of falling scale; each part read alone would be a
    wrong amount (or none: "415 pesos" has neither scale nor grouping)."""
    assert [a.value for a in find_amounts(text, lang)] == [value]


def test_elliptic_amounts_after_an_amount_in_an_ambiguous_currency_word() -> None:
    """"pesos" waits for the article to say which peso; the elliptic amounts after it
    take the same word, so they are read too and resolved the same way."""
    text = ("Farmalux obtuvo 6.200 millones de pesos en contratos directos y otros 980 "
            "millones por licitación; Quimedic sumó 2.114 millones y Orvalia, 905 millones.")
    found = find_amounts(text, "es")
    assert [(a.value, a.currency_word) for a in found] == [
        (6.2e9, "pesos"), (9.8e8, "pesos"), (2.114e9, "pesos"), (9.05e8, "pesos")]
    quoted = "Quimedic sumó 2.114 millones y Orvalia, 905 millones."
    assert find_amounts(quoted, "es") == []  # no currency anywhere: counts, not money


@pytest.mark.parametrize("lang,text,value", [
    ("it", "La Lega incassa 640 milioni di euro: 510 milioni versati da Telvia e il resto "
           "da altri.", 510e6),  # a payment verb's participle
    ("it", "Il Verona riceve 2 milioni di euro da Lumia e il Lecce 1,2 milioni dalla "
           "controllante Sarfa.", 1.2e6),  # a from-marker
    ("es", "Ya pagó 3 millones de euros y otros 1,5 millones por la segunda fase.", 1.5e6),
    ("fr", "Elle touche 4 millions d'euros et ses voisins 2,5 millions chacun.", 2.5e6),
])
def test_an_elliptic_amount_before_a_party_or_a_verb_is_money(lang: str, text: str,
                                                             value: float) -> None:
    assert value in [a.value for a in find_amounts(text, lang)
                     if a.rule_id == "money.elliptic"]


@pytest.mark.parametrize("lang,text", [
    ("es", "Ingresó 5 millones de euros y tiene 20 millones de usuarios."),
    ("de", "Es zahlte 5 Millionen Euro und hat 20 Millionen Nutzer."),
    ("es", "Recibió 5 millones de euros, 3 millones más que el año anterior."),
])
def test_a_count_or_a_difference_after_money_is_no_elliptic_amount(lang: str, text: str
                                                                   ) -> None:
    assert [a.rule_id for a in find_amounts(text, lang)].count("money.elliptic") == 0


def test_a_number_coordinated_before_an_amount_shares_its_scale() -> None:
    found = find_amounts("se adjudicó dos lotes por 118,42 y 96,07 millones de euros "
                         "respectivamente", "es")
    assert [(a.text, a.value, a.currency) for a in found] == [
        ("118,42", 118_420_000, "EUR"), ("96,07 millones de euros", 96_070_000, "EUR")]


@pytest.mark.parametrize("lang,text", [
    ("es", "costará entre 10 y 15 millones de euros"),  # a range
    ("en", "in 2023 and 5 million dollars later"),  # a year
])
def test_no_coordinated_amount(lang: str, text: str) -> None:
    assert len(find_amounts(text, lang)) == 1


@pytest.mark.parametrize("lang,text,value", [
    ("it", "Orvia versa al club 20 milioni di euro, a cui si aggiungono i 4 milioni di "
           "Kelda per la manica.", 4e6),  # "of" and a name: whose money it is
    ("it", "Riceve 2,5 milioni di euro da Vantra e un milione da Pellor.", 1e6),  # "un"
    ("es", "Cobra 8 millones de euros de Ardeno y los 3 millones de Iberval.", 3e6),
])
def test_more_elliptic_amounts(lang: str, text: str, value: float) -> None:
    assert value in [a.value for a in find_amounts(text, lang)
                     if a.rule_id == "money.elliptic"]


@pytest.mark.parametrize("lang,text", [
    ("it", "Paga 20 milioni di euro e conta 3 milioni di abbonati."),
    ("en", "It paid $5 million and has a million users."),
])
def test_an_of_complement_or_a_noun_keeps_a_count_a_count(lang: str, text: str) -> None:
    assert [a.rule_id for a in find_amounts(text, lang)].count("money.elliptic") == 0


@pytest.mark.parametrize("lang,text", [
    ("de", "Das Heer bestellt 8.000 Helme zum Stückpreis von 900 Euro, insgesamt 7,2 Mio. Euro."),
    ("en", "The army orders 40 trucks at a unit price of $350,000, or $14 million in all."),
    ("it", "Acquista 12 treni al prezzo unitario di 9 milioni di euro."),
])
def test_an_amount_after_a_unit_price_noun_is_a_unit_price(lang: str, text: str) -> None:
    found = find_amounts(text, lang)
    assert found[0].per_unit
    assert all(not a.per_unit for a in found[1:])


@pytest.mark.parametrize("text,value", [
    ("La Generalitat pagará 4,245 millones de euros a la UTE.", 4_245_000),
    ("Adjudicó 20,956 millones de euros y otros 1,357 millones por los aviones.", 20_956_000),
    # pesos keep the comma as a thousands separator (Mexican press)
    ("La CFE pagará 1,721 millones de pesos mexicanos a Carso.", 1_721_000_000),
])
def test_a_comma_before_three_digits_and_a_scale_is_decimal_in_euros(text: str,
                                                                    value: float) -> None:
    """money.toml `decimal_comma_currencies`: Spain's press writes "4,245 millones de euros"
    for 4.245 million, Mexico's "1,721 millones de pesos" for 1,721 million."""
    assert find_amounts(text, "es")[0].value == value


@pytest.mark.parametrize("lang,text,values", [
    ("es", "Orvane cobrará 350.000 reales, Velcor 200.000 y Tessari 70.000.",
     [350_000, 200_000, 70_000]),
    ("en", "Orvane will get $350,000, Velcor 200,000 and Tessari 70,000.",
     [350_000, 200_000, 70_000]),
])
def test_a_grouped_number_after_a_sum_is_a_sum_in_its_currency(lang: str, text: str,
                                                               values: list[int]) -> None:
    assert [a.value for a in find_amounts(text, lang)] == values


@pytest.mark.parametrize("lang,text", [
    ("es", "Orvane cobrará 350.000 reales ante 200.000 espectadores."),  # a count: a noun
    ("es", "Orvane cobrará 350.000 reales; el estadio costó 900.000.000."),  # far off
])
def test_a_grouped_number_is_no_sum_when_a_noun_follows_or_far_off(lang: str,
                                                                   text: str) -> None:
    assert len(find_amounts(text, lang)) == 1


@pytest.mark.parametrize("lang,text,restated", [
    ("en", "Valdoria signed a $23 million (N3.68 billion) management contract with Korvex.",
     3_680_000_000),
    ("en", "Korvex paid $5 million (about 4.6 million) to Brelmont.", 4_600_000),
    ("fr", "Korvex versera 12 millions de dollars (soit 11 millions) à Brelmont.", 11_000_000),
])
def test_an_amount_restated_in_an_unknown_currency_pays_nothing(lang: str, text: str,
                                                                restated: int) -> None:
    """"$23 million (N3.68 billion)": a number glued to a sign the lexicon does not know, or
    opening a parenthesis after an amount, is the same sum again, not a second payment in
    the first one's currency; it stays masked so that "N3.68" is no company either."""
    found = find_amounts(text, lang)
    assert [a.value for a in found if a.restated] == [restated]
    assert len([a for a in found if not a.restated]) == 1
    facts = Extractor(prefer_statistical=False).analyse(text, lang).extraction.facts
    assert restated not in {f.amount for f in facts}
    assert "N3.68" not in {f.payer for f in facts} | {f.payee for f in facts}


def test_an_elliptic_amount_after_an_amount_is_still_read() -> None:
    found = find_amounts("Il Comune paga 90.000 euro al mese e 1,1 milioni all'anno.", "it")
    assert [(a.value, a.currency, a.restated) for a in found] == [
        (90_000, "EUR", False), (1_100_000, "EUR", False)]


@given(st.lists(st.sampled_from(["R", "RM", "Rs", "Ft", "Kč", "D", "S", "-", "'", ".", "a",
                                 "x", "1", "25", " ", "$", "€", "Le", "KM"]), max_size=12))
@settings(max_examples=300, deadline=None)
def test_glued_symbols_match_as_one_branch_per_symbol_would(parts: list[str]) -> None:
    """The glued-symbol cue is one lookbehind and one alternation (fast); it finds what a
    branch per symbol, longest first, each with its own lookbehind, finds."""
    import re

    from pipeline.facts.currency_names import glued_symbols
    from pipeline.facts.money import _lexicon

    text = "".join(parts)
    lex = _lexicon("en")
    glued = sorted((k for k in glued_symbols() if k not in lex.symbols),
                   key=lambda k: (-len(k), k))
    chars = re.match(r"\[[^\]]*\]", lex.marks.pattern).group(0)
    reference = re.compile(chars + "|" + "|".join(
        rf"(?<![\w'’$.&-]){re.escape(k)}(?=\d)" for k in glued))
    assert [m.span() for m in lex.marks.finditer(text)] == \
        [m.span() for m in reference.finditer(text)]
