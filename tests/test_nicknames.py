"""Clubs named by nickname (pipeline/facts/nicknames.py, rules/<lang>/nicknames.toml), through
the whole extractor.

Sentences written for these tests; the sponsors are invented, the clubs and their nicknames
are real (the lexicon is about them).
"""

from __future__ import annotations

import pytest

from pipeline.facts import nicknames
from pipeline.facts.extractor import Extractor
from pipeline.facts.lexicon import languages


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor(prefer_statistical=False)


def facts(ex: Extractor, text: str, lang: str) -> list[tuple]:
    return [(f.payer, f.payee, f.amount, f.period) for f in ex.extract(text, lang).facts]


@pytest.mark.parametrize("lang,text,expected", [
    # a colour nickname after a preposition-article: the payee of the verb
    ("it", "Il contratto con Velluto Motors scade nel 2026 e la Juventus vuole rinnovarlo. "
           "Il marchio verserà ai bianconeri 45 milioni di euro a stagione.",
     ("Velluto Motors", "Juventus", 4.5e7, "year")),
    # an adjective after the club's head noun
    ("it", "Il Sassuolo ha un nuovo sponsor: Ceramiche Orlandi versa alla società neroverde "
           "6 milioni di euro l'anno.", ("Ceramiche Orlandi", "Sassuolo", 6e6, "year")),
    # a capitalised English nickname
    ("en", "Arsenal have a new shirt partner. Kestrel Airways pays the Gunners £30 million "
           "a year.", ("Kestrel Airways", "Arsenal", 3e7, "year")),
    # the club in the longest form the article gives at its first naming
    ("es", "Hostal Cumbre, patrocinador del Atlético de Madrid desde 2019, pagará a los "
           "colchoneros 12 millones de euros por temporada.",
     ("Hostal Cumbre", "Atlético de Madrid", 1.2e7, "year")),
])
def test_a_nickname_stands_for_the_club_the_article_names(ex: Extractor, lang: str,
                                                          text: str, expected: tuple) -> None:
    assert expected in facts(ex, text, lang)


def test_a_nickname_brings_no_club_the_article_does_not_name(ex: Extractor) -> None:
    text = "Il marchio Velluto Motors verserà ai bianconeri 45 milioni di euro a stagione."
    got = facts(ex, text, "it")
    assert not any("Juventus" in (payer, payee) or "Udinese" in (payer, payee)
                   for payer, payee, *_ in got)
    assert not any("bianconeri" in (payer or "") + (payee or "") for payer, payee, *_ in got)


def test_a_nickname_several_named_clubs_share_stands_for_none() -> None:
    article = "Il Genoa e il Bologna si sfidano domenica: i rossoblù cercano punti."
    assert nicknames.club("rossoblù", "it", article) is None
    assert nicknames.club("rossoblù", "it", "Il Bologna vince: i rossoblù volano.") == "Bologna"


def test_the_club_is_named_as_the_article_names_it() -> None:
    article = "La Juve cerca sponsor: i bianconeri trattano."
    assert nicknames.club("bianconeri", "it", article) == "Juve"


def test_a_nickname_inside_a_longer_name_is_part_of_that_name(ex: Extractor) -> None:
    text = ("Les Girondins de Bordeaux ont signé avec Cave Marlot, qui verse aux Girondins de "
            "Bordeaux 2 millions d'euros par an.")
    assert ("Cave Marlot", "Girondins de Bordeaux", 2e6, "year") in facts(ex, text, "fr")


def test_a_lower_case_nickname_without_determiner_is_an_adjective() -> None:
    # "la maglia viola" speaks of a shirt's colour; only "i viola", "la società viola" name
    # Fiorentina
    assert nicknames.phrases("Ha scelto una maglia viola per la trasferta.", "it") == []
    assert [w for _, _, w in nicknames.phrases("Paga ai viola 3 milioni.", "it")] == ["viola"]


@pytest.mark.parametrize("lang", languages())
def test_every_language_has_a_lexicon_whose_clubs_have_names(lang: str) -> None:
    lex = nicknames.lexicon(lang)
    assert lex.clubs and lex.pattern is not None
    for club in lex.clubs:
        assert club.names and club.nicknames, club
        assert len(set(club.nicknames)) == len(club.nicknames), club


def test_a_sentence_read_alone_resolves_against_itself_and_keeps_what_it_covers() -> None:
    from pipeline.facts.relations import analyse_sentence

    sentence = "Il marchio verserà ai bianconeri 45 milioni di euro a stagione."
    alone = analyse_sentence(sentence, "it")
    assert all(m.kind != "nickname" for m in alone.mentions)
    assert "Juventus" not in [m.name for m in alone.mentions]
    article = "La Juventus rinnova con Velluto Motors. " + sentence
    read = analyse_sentence(sentence, "it", article=article)
    assert "Juventus" in [m.name for m in read.mentions]
    # "dem Rekordmeister" is Bayern only in a story about Bayern; elsewhere it is no party
    sentence = "Der Konzern zahlt dem Rekordmeister 60 Millionen Euro."
    assert all("Rekordmeister" not in m.text for m in analyse_sentence(sentence, "de").mentions)
    read = analyse_sentence(sentence, "de", article="Der FC Bayern verlängert. " + sentence)
    assert "FC Bayern" in [m.name for m in read.mentions]
