"""find_as_of: "as of" / "since" dates in five languages, resolved against the article date."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.facts.dates import find_as_of

REF = dt.date(2024, 2, 10)

CASES = [
    ("en", "As of March, TikTok pays Microsoft", "As of March", "2023-03-01"),
    ("en", "as of January the bill was due", "as of January", "2024-01-01"),
    ("en", "since 2022 it has paid", "since 2022", "2022-01-01"),
    ("en", "since January 2024 it pays", "since January 2024", "2024-01-01"),
    ("en", "as of March 15, 2023 it paid", "as of March 15, 2023", "2023-03-15"),
    ("it", "dal 2023 paga Microsoft", "dal 2023", "2023-01-01"),
    ("it", "dal marzo 2023 paga", "dal marzo 2023", "2023-03-01"),
    ("it", "da gennaio paga", "da gennaio", "2024-01-01"),
    ("it", "a partire dal 1° marzo 2023", "a partire dal 1° marzo 2023", "2023-03-01"),
    ("de", "seit Januar zahlt", "seit Januar", "2024-01-01"),
    ("de", "ab März 2023 zahlt", "ab März 2023", "2023-03-01"),
    ("de", "seit dem 1. März 2023", "seit dem 1. März 2023", "2023-03-01"),
    ("de", "seit 2022 zahlt", "seit 2022", "2022-01-01"),
    ("fr", "depuis 2024, il paie", "depuis 2024", "2024-01-01"),
    ("fr", "depuis janvier il paie", "depuis janvier", "2024-01-01"),
    ("fr", "à partir de mars 2023", "à partir de mars 2023", "2023-03-01"),
    ("fr", "depuis le 1er mars 2023", "depuis le 1er mars 2023", "2023-03-01"),
    ("es", "desde marzo paga", "desde marzo", "2023-03-01"),
    ("es", "desde enero de 2024 paga", "desde enero de 2024", "2024-01-01"),
    ("es", "a partir de 2024 paga", "a partir de 2024", "2024-01-01"),
    ("es", "desde el 1 de marzo de 2023", "desde el 1 de marzo de 2023", "2023-03-01"),
]


@pytest.mark.parametrize("lang,text,phrase,iso", CASES)
def test_as_of(lang: str, text: str, phrase: str, iso: str) -> None:
    found = find_as_of(text, lang, REF)
    assert [(d.text, d.date) for d in found] == [(phrase, iso)]
    assert text[found[0].start:found[0].end] == phrase


def test_month_without_year_is_never_in_the_future() -> None:
    (d,) = find_as_of("since March", "en", dt.date(2024, 2, 10))
    assert d.date == "2023-03-01"
    (d,) = find_as_of("since March", "en", dt.date(2024, 7, 1))
    assert d.date == "2024-03-01"


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "Since may be wrong, we checked."),  # "may" is not May
        ("en", "It grew 25% since the launch."),
        ("it", "20 milioni al mese"),
        ("es", "se fue al mar"),
        ("de", "ab sofort zahlt sie"),
    ],
)
def test_no_as_of(lang: str, text: str) -> None:
    assert find_as_of(text, lang, REF) == []


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        ("it", "dal 2020 al 2023 ha pagato", [("dal 2020", "2020-01-01")]),
        ("it", "al 31 dicembre 2023 il debito era", [("al 31 dicembre 2023", "2023-12-31")]),
        ("es", "desde 2020 al 2023", [("desde 2020", "2020-01-01")]),
        ("fr", "au 31 décembre 2023", [("au 31 décembre 2023", "2023-12-31")]),
        ("it", "dall'aprile 2023", [("dall'aprile 2023", "2023-04-01")]),
    ],
)
def test_month_only_cues(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.text, d.date) for d in find_as_of(text, lang, REF)] == expected


@pytest.mark.parametrize(
    "reference", ["2024-02-10", "2024-02-10T08:30:00+01:00", dt.datetime(2024, 2, 10, 8, 30)]
)
def test_reference_as_iso_string_or_datetime(reference: object) -> None:
    (d,) = find_as_of("since March", "en", reference)
    assert d.date == "2023-03-01"
