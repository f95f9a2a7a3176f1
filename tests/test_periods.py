"""find_periods: per-period phrases and totals over a term, in five languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.facts.money import find_amounts
from pipeline.facts.periods import find_periods

# (lang, text, phrase, period, term_months)
CASES = [
    ("en", "pays $20M a month", "a month", "month", None),
    ("en", "pays $20M per month", "per month", "month", None),
    ("en", "a monthly fee of $5", "monthly", "month", None),
    ("en", "$5 each month", "each month", "month", None),
    ("en", "$5 every month", "every month", "month", None),
    ("en", "$20m/month", "/month", "month", None),
    ("en", "a $20M-a-month deal", "a-month", "month", None),
    ("en", "$1bn a year", "a year", "year", None),
    ("en", "$1bn annually", "annually", "year", None),
    ("en", "$1bn per annum", "per annum", "year", None),
    ("en", "$3M per quarter", "per quarter", "quarter", None),
    ("en", "$3M quarterly", "quarterly", "quarter", None),
    ("en", "$30,000 a week", "a week", "week", None),
    ("en", "$400 a day", "a day", "day", None),
    ("en", "$1bn over five years", "over five years", "total", 60),
    ("en", "$1bn over 5 years", "over 5 years", "total", 60),
    ("en", "$1bn over a decade", "over a decade", "total", 120),
    ("en", "$1bn for three years", "for three years", "total", 36),
    ("en", "$1bn over the next five years", "over the next five years", "total", 60),
    ("en", "$1bn over a five-year period", "over a five-year period", "total", 60),
    ("en", "an 18-month deal", "18-month", "total", 18),
    ("en", "a five-year contract", "five-year", "total", 60),
    ("en", "a multi-year deal", "multi-year", "total", None),
    ("it", "20 milioni al mese", "al mese", "month", None),
    ("it", "20 milioni mensili", "mensili", "month", None),
    ("it", "20 milioni ogni mese", "ogni mese", "month", None),
    ("it", "1 miliardo all'anno", "all'anno", "year", None),
    ("it", "1 miliardo all’anno", "all’anno", "year", None),
    ("it", "1 miliardo l'anno", "l'anno", "year", None),
    ("it", "ricavi annui", "annui", "year", None),
    ("it", "3 milioni al trimestre", "al trimestre", "quarter", None),
    ("it", "1 miliardo in cinque anni", "in cinque anni", "total", 60),
    ("it", "1 miliardo in 5 anni", "in 5 anni", "total", 60),
    ("it", "1 miliardo nell'arco di tre anni", "nell'arco di tre anni", "total", 36),
    ("it", "1 miliardo nei prossimi quattro anni", "nei prossimi quattro anni", "total", 48),
    ("it", "un contratto quinquennale", "quinquennale", "total", 60),
    ("it", "un accordo pluriennale", "pluriennale", "total", None),
    ("de", "20 Mio. Euro pro Monat", "pro Monat", "month", None),
    ("de", "20 Mio. Euro im Monat", "im Monat", "month", None),
    ("de", "zahlt monatlich 20 Mio.", "monatlich", "month", None),
    ("de", "1 Mrd. Euro pro Jahr", "pro Jahr", "year", None),
    ("de", "1 Mrd. Euro jährlich", "jährlich", "year", None),
    ("de", "1 Mrd. Euro im Jahr", "im Jahr", "year", None),
    ("de", "1 Mrd. über fünf Jahre", "über fünf Jahre", "total", 60),
    ("de", "1 Mrd. über einen Zeitraum von fünf Jahren",
     "über einen Zeitraum von fünf Jahren", "total", 60),
    ("de", "ein fünfjähriger Vertrag", "fünfjähriger", "total", 60),
    ("de", "ein mehrjähriger Vertrag", "mehrjähriger", "total", None),
    ("fr", "20 millions par mois", "par mois", "month", None),
    ("fr", "20 millions mensuels", "mensuels", "month", None),
    ("fr", "20 millions chaque mois", "chaque mois", "month", None),
    ("fr", "1 milliard par an", "par an", "year", None),
    ("fr", "1 milliard annuels", "annuels", "year", None),
    ("fr", "1 milliard sur cinq ans", "sur cinq ans", "total", 60),
    ("fr", "1 milliard sur une période de cinq ans", "sur une période de cinq ans", "total", 60),
    ("fr", "1 milliard au cours des trois prochaines années",
     "au cours des trois prochaines années", "total", 36),
    ("es", "20 millones al mes", "al mes", "month", None),
    ("es", "20 millones mensuales", "mensuales", "month", None),
    ("es", "20 millones cada mes", "cada mes", "month", None),
    ("es", "20 millones por mes", "por mes", "month", None),
    ("es", "1.000 millones al año", "al año", "year", None),
    ("es", "1.000 millones anuales", "anuales", "year", None),
    ("es", "1.000 millones durante cinco años", "durante cinco años", "total", 60),
    ("es", "1.000 millones en cinco años", "en cinco años", "total", 60),
    ("es", "1.000 millones a lo largo de cinco años", "a lo largo de cinco años", "total", 60),
    ("es", "1.000 millones en una década", "en una década", "total", 120),
]


@pytest.mark.parametrize("lang,text,phrase,period,term", CASES)
def test_period(lang: str, text: str, phrase: str, period: str, term: int | None) -> None:
    found = find_periods(text, lang)
    assert [(p.text, p.period, p.term_months) for p in found] == [(phrase, period, term)]
    p = found[0]
    assert text[p.start:p.end] == phrase
    assert p.rule_id.startswith(f"{lang}.")


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "A quarter of its revenue comes from cloud."),
        ("en", "The company was founded in 2015 by two engineers."),
        ("en", "It has worked with them for many years."),
        ("en", "The order ends more than a year of talks with the carrier."),
        ("it", "La società è stata fondata nel 2015."),
        ("de", "Das Unternehmen wurde 2015 gegründet."),
        ("fr", "L'entreprise a été fondée en 2015."),
        ("es", "La empresa fue fundada en 2015."),
    ],
)
def test_no_period(lang: str, text: str) -> None:
    """No rate or term; a calendar year far from any amount is only a loose mention, which
    the relation layer reads for money that changes hands, never for a deal's value."""
    assert [p for p in find_periods(text, lang) if not p.loose] == []


@pytest.mark.parametrize("lang,text,period", [
    ("en", "They pay $2M a season.", "year"),
    ("it", "versa ogni tre mesi 40.000 euro", "quarter"),
    ("de", "zahlt pro Handelstag 2.500 Euro", "day"),
    ("de", "Die Jahresmiete beträgt 1,9 Mio. Euro.", "year"),
    ("es", "12 millones de euros anuales", "year"),
    ("de", "jährlichen Zahlungen von 5 Mio. Euro", "year"),
])
def test_season_every_n_months_compounds_and_inflections(lang: str, text: str,
                                                        period: str) -> None:
    assert [p.period for p in find_periods(text, lang)] == [period]


def test_hyphenated_a_month_is_not_a_one_month_term() -> None:
    """"$20M-a-month" is monthly, never "a total over one month"."""
    (p,) = find_periods("a $20M-a-month contract", "en")
    assert (p.period, p.term_months) == ("month", None)


def test_longest_match_wins_and_mentions_do_not_overlap() -> None:
    found = find_periods("$1bn over a five-year period, or $200M a year", "en")
    assert [(p.text, p.period) for p in found] == [
        ("over a five-year period", "total"), ("a year", "year")
    ]


def test_monthly_and_term_in_one_sentence() -> None:
    found = find_periods("$20M a month for three years", "en")
    assert [(p.period, p.term_months) for p in found] == [("month", None), ("total", 36)]


@pytest.mark.parametrize(
    "lang,text,phrase,term",
    [
        ("en", "$300bn over roughly five years", "over roughly five years", 60),
        ("en", "$1bn for up to three years", "for up to three years", 36),
        ("it", "1 miliardo in circa cinque anni", "in circa cinque anni", 60),
        ("de", "1 Mrd. über rund fünf Jahre", "über rund fünf Jahre", 60),
        ("fr", "1 milliard sur environ cinq ans", "sur environ cinq ans", 60),
        ("es", "1.000 millones en unos cinco años", "en unos cinco años", 60),
    ],
)
def test_hedged_term(lang: str, text: str, phrase: str, term: int) -> None:
    (p,) = find_periods(text, lang)
    assert (p.text, p.period, p.term_months) == (phrase, "total", term)


@pytest.mark.parametrize(
    "lang,text,phrase",
    [
        ("en", "Google paid Apple $20bn in 2022.", "in 2022"),
        ("it", "ha pagato 20 milioni di euro nel 2023", "nel 2023"),
        ("de", "zahlte 20 Mio. Euro im Jahr 2022", "im Jahr 2022"),
        ("fr", "a versé 20 M€ en 2022", "en 2022"),
        ("es", "pagó 20 millones de euros en 2022", "en 2022"),
        ("en", "paid Telmark $9.5 million last year", "last year"),
        ("it", "ha pagato 9 milioni di euro l'anno scorso", "l'anno scorso"),
        ("de", "zahlte 9 Mio. Euro im vergangenen Jahr", "im vergangenen Jahr"),
        ("de", "zahlte im Jahr 2023 rund 9 Mio. Euro", "im Jahr 2023"),
        ("fr", "a versé 9 millions d'euros l'an dernier", "l'an dernier"),
        ("es", "pagó 9 millones de euros el año pasado", "el año pasado"),
        # one particular year, not a calendar one: the first, a further one, that one
        ("en", "will cost $33,969.50 in the first year", "in the first year"),
        ("en", "pays Telmark $2 million for a further year", "for a further year"),
        ("it", "verserà 2 milioni di euro nel primo anno", "nel primo anno"),
        ("de", "zahlt 2 Mio. Euro im ersten Vertragsjahr", "im ersten Vertragsjahr"),
        ("de", "zahlt 2 Mio. Euro für ein weiteres Jahr", "für ein weiteres Jahr"),
        ("fr", "versera 2 millions d'euros la première année", "la première année"),
        ("es", "abonará un canon de 21.000 euros el primer año", "el primer año"),
        ("es", "pagó 7,6 millones de euros ese año", "ese año"),
        # an amount for one calendar year is that year's
        ("fr", "le versement de 1 512 000 euros pour 2023", "pour 2023"),
        ("en", "a payment of $1.5 million for 2023", "for 2023"),
        ("it", "un versamento di 1,5 milioni di euro per il 2023", "per il 2023"),
        ("es", "un pago de 1,5 millones de euros para 2023", "para 2023"),
        ("de", "eine Zahlung von 1,5 Mio. Euro für 2023", "für 2023"),
    ],
)
def test_year_right_after_an_amount_is_a_yearly_period(lang: str, text: str, phrase: str) -> None:
    (p,) = find_periods(text, lang, find_amounts(text, lang))
    assert (p.text, p.period, p.term_months) == (phrase, "year", None)
    assert not p.loose


def test_year_not_after_an_amount_is_not_a_period() -> None:
    assert [p.loose for p in find_periods("Anthropic, founded in 2021, pays Google.",
                                          "en")] == [True]
    # a relative year anywhere in a clause is loose: it dates money that changes hands in
    # that clause only (pipeline/facts/clauses.py period_of)
    assert [p.loose for p in find_periods("Last year Orvane moved its servers.", "en")] == [True]
    # "im Jahr" followed by a year names the year: it is no "per year" rate
    assert [p.loose for p in find_periods(
        "Kornblum wurde im Jahr 2015 gegründet und zahlt 9 Mio. Euro.", "de")] == [True]


@pytest.mark.parametrize(
    "lang,text,phrase",
    [
        ("en", "a one-off payment of $5M", "one-off"),
        ("de", "eine Einmalzahlung von 48 Mio. Euro", "Einmalzahlung"),
        ("fr", "a payé en une seule fois 1,1 Md€", "en une seule fois"),
        ("es", "pagó en un solo pago 5 millones", "en un solo pago"),
        ("it", "pagati in un'unica soluzione", "in un'unica soluzione"),
    ],
)
def test_one_off_is_a_total_without_term(lang: str, text: str, phrase: str) -> None:
    (p,) = find_periods(text, lang)
    assert (p.text, p.period, p.term_months) == (phrase, "total", None)

_TERM_TEMPLATES = {
    "en": ("over {n} years", 12), "it": ("in {n} anni", 12), "de": ("über {n} Jahre", 12),
    "fr": ("sur {n} ans", 12), "es": ("durante {n} años", 12),
}


@settings(max_examples=100, deadline=None)
@given(lang=st.sampled_from(sorted(_TERM_TEMPLATES)), n=st.integers(min_value=2, max_value=40))
def test_term_in_digits_round_trips(lang: str, n: int) -> None:
    template, months = _TERM_TEMPLATES[lang]
    (p,) = find_periods(f"X {template.format(n=n)} Y", lang)
    assert (p.period, p.term_months) == ("total", n * months)


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "The Daily Telegraph said it pays $5M."),
        ("en", "According to Atlantic Monthly, it pays $5M."),
        ("it", "Secondo Il Quotidiano Annuale, paga 5 milioni di euro."),
    ],
)
def test_capitalised_phrase_inside_a_sentence_is_a_name(lang: str, text: str) -> None:
    assert find_periods(text, lang) == []


def test_capitalised_phrase_at_sentence_start_is_a_period() -> None:
    (p,) = find_periods("It pays $5M. Monthly fees rise too.", "en")
    assert (p.text, p.period) == ("Monthly", "month")


def test_german_nouns_stay_periods() -> None:
    (p,) = find_periods("Sie zahlt Monat für Monat 5 Mio. Euro.", "de")
    assert p.period == "month"


@pytest.mark.parametrize("lang,text", [
    ("es", "le paga 61 millones de euros por cada una de las siete temporadas"),
    ("en", "pays $61m for each of the seven seasons"),
    ("de", "hat Apple in einem einzigen Jahr 20 Milliarden Dollar gezahlt"),
    ("it", "versa 40 milioni per ciascuna delle tre stagioni"),
    ("fr", "verse 40 millions d'euros pour chacune des trois saisons"),
])
def test_each_season_and_a_single_year_are_yearly(lang: str, text: str) -> None:
    assert [p.period for p in find_periods(text, lang) if not p.loose] == ["year"]


def test_a_year_opening_a_german_sentence_dates_its_payment() -> None:
    found = find_periods("2025 zahlte die Bundesverwaltung 481,4 Mio. Euro.", "de")
    assert [(p.period, p.loose) for p in found] == [("year", True)]
    assert find_periods("2000 neue Busse kauft die BVG für 500 Mio. Euro.", "de") == []


@pytest.mark.parametrize("lang,text,rate", [
    ("en", "up from $3bn a year earlier", None),
    ("en", "a month after the ministry paid it $70 million", None),
    ("en", "pays $2 million a year since 2021", "year"),
    ("de", "nach 5 Mio. Euro im Jahr davor", None),
    ("de", "zahlt 5 Mio. Euro im Jahr", "year"),
    ("fr", "a versé le mois dernier 5 millions d'euros", None),
    ("fr", "verse 5 millions d'euros le mois", "month"),
    ("it", "ha versato il mese scorso 5 milioni", None),
    ("it", "versa 5 milioni il mese", "month"),
])
def test_a_point_in_time_is_no_rate(lang: str, text: str, rate: str | None) -> None:
    """"a year earlier" says when, "a year" says how often (periods.toml time_offsets)."""
    assert [p.period for p in find_periods(text, lang)] == ([rate] if rate else [])


@pytest.mark.parametrize("lang,text,rate", [
    ("en", "a $1 billion contract, according to the Pentagon's daily contract digest", None),
    ("en", "the figure is in its annual report", None),
    ("en", "an annual fee of $5m", "year"),
    ("fr", "selon son rapport annuel", None),
    ("it", "secondo la relazione annuale", None),
    ("es", "según se desprende de su informe anual", None),
    ("es", "un canon anual de 5 millones", "year"),
])
def test_a_period_word_of_a_report_is_no_rate(lang: str, text: str, rate: str | None) -> None:
    """"annual report", "daily contract digest": how often a publication appears, not how
    often money is paid (periods.toml report_nouns)."""
    assert [p.period for p in find_periods(text, lang)] == ([rate] if rate else [])


@pytest.mark.parametrize("lang,text", [
    ("es", "abonará 1.900 millones por cada una de las próximas ocho temporadas"),
    ("en", "will pay $1.9bn for each of the next eight seasons"),
    ("fr", "pour un peu moins de 4 millions d'euros par édition"),
    ("it", "versa 2 milioni di euro per edizione"),
])
def test_each_of_several_seasons_and_each_edition_are_yearly(lang: str, text: str) -> None:
    assert [p.period for p in find_periods(text, lang)] == ["year"]


@pytest.mark.parametrize("lang,text", [
    ("es", "ingresó en el último ejercicio 39,6 millones"),
    ("fr", "a reçu 15 millions d'euros au titre du dernier exercice"),
    ("it", "15 miliardi di dollari, il canone relativo al 2021"),
    ("en", "paid it $5m in its latest financial year"),
])
def test_the_last_fiscal_year_dates_money_that_changes_hands(lang: str, text: str) -> None:
    """Like "last year": a loose year, for payments (not for a deal's value)."""
    assert [(p.period, p.loose) for p in find_periods(text, lang)] == [("year", True)]


def test_a_year_after_one_opening_word_dates_the_sentence() -> None:
    """"Solo en 2022, X desembolsó ...": one word before the opening year ("Solo", "Only",
    "Allein") still dates the main clause's payment."""
    from pipeline.facts.extractor import Extractor
    facts = Extractor(prefer_statistical=False).extract(
        "Solo en 2022, Orvane desembolsó 20.000 millones de dólares a Telmark.", "es").facts
    assert [(f.payer, f.payee, f.period) for f in facts] == [("Orvane", "Telmark", "year")]


@pytest.mark.parametrize("lang,text", [
    ("es", "22 millones por ejercicio"), ("it", "3 milioni per esercizio"),
    ("de", "4 Millionen Euro pro Geschäftsjahr"), ("en", "$9m per financial year"),
])
def test_per_financial_year_is_a_year(lang: str, text: str) -> None:
    assert [p.period for p in find_periods(text, lang)] == ["year"]


@pytest.mark.parametrize("lang,text", [
    # one season named as such dates money that changes hands, as "in 2021" does
    ("it", "Nell'ultima stagione il Biscione ha versato all'Uefa 220 milioni di euro."),
    ("en", "Last season Kestrel paid Arsenal £30 million."),
    ("de", "In der letzten Saison zahlte Orvane dem FC Talheim 5 Millionen Euro."),
    ("fr", "Cette saison, Orvane verse au FC Talmont 5 millions d'euros."),
    ("es", "Esta temporada Orvane paga al Talmont 5 millones de euros."),
])
def test_one_named_season_is_a_loose_year(lang: str, text: str) -> None:
    assert [(p.period, p.loose) for p in find_periods(text, lang)] == [("year", True)]


@pytest.mark.parametrize("text,year", [
    ("Laut Anfrage gab der Bund 2017 noch 74 Millionen Euro für IT-Services aus.", "2017"),
    ("Hatte sie 2022 noch 1,85 Millionen Euro überwiesen, waren es nun mehr.", "2022"),
])
def test_a_bare_year_inside_a_german_clause_is_loose(text: str, year: str) -> None:
    got = [p for p in find_periods(text, "de") if p.text == year]
    assert got and got[0].period == "year" and got[0].loose


@pytest.mark.parametrize("text", [
    "Seit 2019 zahlt Orvane 5 Millionen Euro.",
    "Orvane zahlt für den 2019 geschlossenen Vertrag 5 Millionen Euro.",
    "Der Vertrag läuft von 2020 bis 2024.",
    "Für das Turnier 2014 überwiesen die Sender der FIFA 210 Millionen Euro.",
    "Für Russland 2018 waren es 218 Millionen Euro.",
    "Orvane überweist dem Organisationskomitee Paris 2024 insgesamt 1,2 Milliarden Euro.",
])
def test_a_year_after_since_an_event_or_a_place_dates_nothing(text: str) -> None:
    assert not [p for p in find_periods(text, "de") if p.rule_id == "de.period.bare_year_loose"]
