"""The pieces of article extraction: charset decoding, dates, language, page type."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.article import dates, decode, html, language, pagetype, text
from pipeline.exceptions import InputError

NOW = datetime(2026, 11, 28, 10, 0)
PROSE = {
    "en": "The company said on Tuesday that it would expand its data centre network across "
          "the region and hire several hundred engineers over the next two years.",
    "it": "La società ha annunciato martedì che amplierà la propria rete di centri dati in "
          "tutta la regione e assumerà diverse centinaia di ingegneri nei prossimi due anni.",
    "de": "Das Unternehmen teilte am Dienstag mit, es werde sein Netz von Rechenzentren in der "
          "ganzen Region ausbauen und in den nächsten zwei Jahren mehrere hundert Ingenieure "
          "einstellen.",
    "fr": "L'entreprise a annoncé mardi qu'elle allait étendre son réseau de centres de données "
          "dans toute la région et embaucher plusieurs centaines d'ingénieurs d'ici deux ans.",
    "es": "La empresa anunció el martes que ampliará su red de centros de datos en toda la "
          "región y contratará a varios cientos de ingenieros en los próximos dos años.",
}


def dated(line: str, lang: str) -> str | None:
    doc = (f'<html lang="{lang}"><body><h1>Titolo</h1><div class="post-meta">{line}</div>'
           f"<p>{PROSE[lang]}</p></body></html>")
    return dates.published_date(html.parse(doc, "https://example.com/a/b"), lang, NOW)


# --- dates --------------------------------------------------------------------------

@pytest.mark.parametrize("line,lang,expected", [
    ("Pubblicato il 3 marzo 2024 alle 10:32", "it", "2024-03-03"),
    ("03/04/2024", "it", "2024-04-03"),
    ("Veröffentlicht am 28. November 2026", "de", "2026-11-28"),
    ("12.02.2025, 08:15 Uhr", "de", "2025-02-12"),
    ("vor drei Tagen", "de", "2026-11-25"),
    ("le 12 janvier 2025", "fr", "2025-01-12"),
    ("il y a deux jours", "fr", "2026-11-26"),
    ("3 de marzo de 2024", "es", "2024-03-03"),
    ("hace dos días", "es", "2026-11-26"),
    ("ayer", "es", "2026-11-27"),
    ("due giorni fa", "it", "2026-11-26"),
    ("March 3, 2024", "en", "2024-03-03"),
    ("By Jane Roe | 14 October 2025", "en", "2025-10-14"),
    ("yesterday", "en", "2026-11-27"),
    ("25/04/2024", "en", "2024-04-25"),  # unambiguous: 25 can only be the day
])
def test_visible_dates_in_each_language(line, lang, expected):
    assert dated(line, lang) == expected


@pytest.mark.parametrize("line,lang", [
    ("03/04/2024", "en"),  # March 4 or 3 April? Unknown beats wrong.
    ("5 min read", "en"),
    ("Lesezeit: 4 Minuten", "de"),
    ("Updated March 3, 2024", "en"),
    ("Aggiornato il 3 marzo 2024", "it"),
    ("3 marzo 2031", "it"),  # in the future
    ("di Mario Rossi", "it"),
])
def test_visible_lines_that_are_not_publication_dates(line, lang):
    assert dated(line, lang) is None


def test_date_words_are_read_only_in_the_page_language():
    # "marzo" is not a German month name
    assert dated("3 marzo 2024", "de") is None


def test_structured_dates_win_and_keep_the_publishers_day():
    doc = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle",'
           ' "datePublished": "2024-03-03T23:30:00-05:00"}</script>'
           '<meta property="article:published_time" content="2020-01-01"></head>'
           '<body><time datetime="2019-01-01">old</time></body></html>')
    page = html.parse(doc, "https://example.com/2018/01/01/x")
    assert dates.published_date(page, "en", NOW) == "2024-03-03"


def test_webpage_date_published_is_used_when_no_article_object_has_one():
    doc = ('<html><head><script type="application/ld+json">{"@graph": [{"@type": "WebPage",'
           ' "datePublished": "2025-07-01T08:00:00+02:00"}, {"@type": "Organization",'
           ' "name": "X"}]}</script></head><body></body></html>')
    assert dates.published_date(html.parse(doc, "https://example.com/a"), "en", NOW) == "2025-07-01"


@pytest.mark.parametrize("value,expected", [
    ("2024-03-03", "2024-03-03"), ("2024-03-03T10:00:00Z", "2024-03-03"),
    ("20240303", "2024-03-03"), ("Sun, 03 Mar 2024 10:00:00 GMT", "2024-03-03"),
    ("2024-02-30", None), ("soon", None), ("", None), (None, None),
])
def test_parse_iso(value, expected):
    day = dates.parse_iso(value)
    assert (day.isoformat() if day else None) == expected


@pytest.mark.parametrize("url,expected", [
    ("https://x.com/2024/03/03/story", "2024-03-03"),
    ("https://x.com/news/2024-3-3-story.html", "2024-03-03"),
    ("https://x.com/news/2024-3-story.html", None),  # a month is not a day
    ("https://x.com/news/2024-03-03/story", "2024-03-03"),
    ("https://x.com/archive/20240303/story", "2024-03-03"),
    ("https://x.com/2024/13/03/story", None),
    ("https://x.com/story-20240303", None),
])
def test_date_from_url(url, expected):
    page = html.parse(f"<html><body><p>{PROSE['en']}</p></body></html>", url)
    assert dates.published_date(page, "en", NOW) == expected


# --- language -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", sorted(PROSE))
def test_language_from_text_beats_markup(lang):
    wrong = "de" if lang != "de" else "it"
    page = html.parse(f'<html lang="{wrong}"><body><p>{PROSE[lang]}</p></body></html>', "https://x.com/a")
    assert language.detect(page, PROSE[lang]) == lang


def test_short_text_uses_the_declared_language():
    page = html.parse('<html lang="pt-BR"><body><p>Olá</p></body></html>', "https://x.com/a")
    assert language.detect(page, "Olá") == "pt"
    bare = html.parse("<html><body><p>Olá</p></body></html>", "https://x.com/a")
    assert language.detect(bare, "Olá", content_language="es-ES, en") == "es"
    assert language.detect(bare, "Olá") is None


def test_jsonld_in_language_comes_before_html_lang():
    doc = ('<html lang="en"><head><script type="application/ld+json">{"@type": "Article",'
           ' "inLanguage": "fr-FR"}</script></head><body></body></html>')
    assert language.declared(html.parse(doc, "https://x.com/a")) == "fr"


@pytest.mark.parametrize("code,expected", [
    ("it-IT", "it"), ("EN_us", "en"), ("de", "de"), ("", None), ("x", None),
    ("zh-Hant-TW", "zh"), ("no", "nb"), (["es"], "es"), ("fil", None), (None, None),
])
def test_normalise_language_codes(code, expected):
    assert language.normalise(code) == expected


# --- page type ----------------------------------------------------------------------

@pytest.mark.parametrize("url,expected", [
    ("https://x.com/", True), ("https://x.com", True), ("https://x.com/index.html", True),
    ("https://x.com/tag/cloud", True), ("https://x.com/categoria/economia/", True),
    ("https://x.com/themen/energie", True), ("https://x.com/page/2", True),
    ("https://x.com/news?s=microsoft", True), ("https://x.com/rubrique/tech", True),
    ("https://x.com/2024/03/03/microsoft-tiktok", False),
    ("https://x.com/tecnologia/tiktok-paga-microsoft-20-milioni", False),
    ("https://x.com/tags-and-labels-explained-in-depth", False),
])
def test_index_urls(url, expected):
    assert pagetype.index_url(url) is expected


def test_declared_article_on_a_tag_like_url_is_an_article():
    doc = (f'<html><head><meta property="og:type" content="article"></head><body>'
           f"<p>{PROSE['en']} {PROSE['en']} {PROSE['en']}</p></body></html>")
    page = html.parse(doc, "https://x.com/topics/cloud/big-deal")
    assert pagetype.is_article(page, PROSE["en"] * 3)


def test_collection_page_is_not_an_article():
    doc = ('<html><head><script type="application/ld+json">{"@type": "CollectionPage"}</script>'
           f"</head><body><p>{PROSE['en']}</p></body></html>")
    page = html.parse(doc, "https://x.com/cloud-news")
    assert not pagetype.is_article(page, PROSE["en"] * 3)


# --- decoding -----------------------------------------------------------------------

def test_decode_order():
    latin = "<p>perché €</p>".encode("cp1252")
    assert decode.decode_html(latin, "text/html; charset=windows-1252")[0] == "<p>perché €</p>"
    assert decode.decode_html(latin, "text/html; charset=utf-8")[0] == "<p>perché €</p>"
    meta = b'<meta charset="iso-8859-1"><p>' + "perché €".encode("cp1252")
    assert decode.decode_html(meta)[1] == "cp1252"  # WHATWG: latin-1 means windows-1252
    assert decode.decode_html("ü".encode(), "text/html; charset=latin-1")[0] == "ü"
    assert decode.decode_html(b"\xef\xbb\xbf<p>x</p>")[0] == "<p>x</p>"
    assert decode.decode_html("<p>ä</p>".encode("utf-16"))[0] == "<p>ä</p>"


def test_decode_unknown_charset_label_falls_back():
    body = "<p>Größe</p>".encode("cp1252")
    got, _ = decode.decode_html(body, "text/html; charset=nonsense-8")
    assert "Gr" in got


def test_not_binary_rejects_media_and_accepts_text():
    decode.check_not_binary(b"<html>\n\t<p>ok</p>")
    decode.check_not_binary("<p>ä</p>".encode("utf-16"))
    with pytest.raises(InputError, match="GIF"):
        decode.check_not_binary(b"GIF89a\x01\x00")


def test_corrupt_gzip_is_an_input_error():
    with pytest.raises(InputError, match="gzip"):
        decode.maybe_gunzip(b"\x1f\x8b\x08\x00garbage")


# --- text cleaning ------------------------------------------------------------------

def test_clean_trims_edge_boilerplate_only():
    raw = ("Advertisement\nFirst real paragraph.\nRead more\nLast real paragraph.\n"
           "Sign up for our newsletter and never miss a story.\nShare")
    assert text.clean(raw, "en") == "First real paragraph.\n\nRead more\n\nLast real paragraph."


def test_clean_uses_the_page_language_rules():
    raw = "Primo paragrafo.\nLeggi anche: un altro pezzo"
    assert text.clean(raw, "it") == "Primo paragrafo."
    assert text.clean(raw, "de") == raw.replace("\n", "\n\n")


def test_clean_removes_shortcodes():
    raw = 'Body text here. [button link="http://x" type="big"] Send a review[/button]'
    assert text.clean(raw, "en") == "Body text here. Send a review"


def test_jsonld_article_body_rescues_a_page_trafilatura_cannot_read():
    body = " ".join([PROSE["en"]] * 6)
    doc = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle",'
           f' "articleBody": "{body}"}}</script></head><body><div id="app"></div></body></html>')
    page = html.parse(doc, "https://x.com/news/story")
    assert text.main_text(page) == body
    assert text.ld_article_body(html.parse(doc.replace(body, "Too short."), "https://x.com/a")) == ""


def test_drop_headline_only_when_the_first_paragraph_is_the_title():
    body = "Acme pays Globex\n\nAcme pays Globex $5 million a year.\n\nMore text."
    assert text.drop_headline(body, "Acme pays Globex") == (
        "Acme pays Globex $5 million a year.\n\nMore text.")
    assert text.drop_headline(body, "Something else") == body
    assert text.drop_headline("Acme pays Globex", "Acme pays Globex") == "Acme pays Globex"


def test_header_and_meta_charsets_disagree_the_bytes_decide():
    italian = ("<p>" + "Perché la società è più efficiente, però non è così. " * 5 + "</p>")
    russian = ("<p>" + "Привет, как дела? Это тестовая страница на русском языке. " * 5 + "</p>")
    body = ('<meta charset="windows-1252">' + italian).encode("cp1252")
    assert decode.decode_html(body, "text/html; charset=windows-1251") == (
        '<meta charset="windows-1252">' + italian, "cp1252")
    body = ('<meta charset="windows-1252">' + russian).encode("cp1251")
    assert decode.decode_html(body, "text/html; charset=windows-1251")[0].endswith(russian)


def test_a_title_whose_end_tag_was_lost_stops_at_the_first_tag() -> None:
    from pipeline.article import metadata

    page = html.parse("<html><head><title>Vela paga Orione 2 milioni al mese<xtitle>"
                      "<meta name='x' content='y'></head><body><p>Testo.</p></body></html>",
                      "https://example.it/a")
    assert metadata.title(page) == "Vela paga Orione 2 milioni al mese"
    page = html.parse("<title>Revenue < $5M: what it means</title>", "https://example.com/b")
    assert metadata.title(page) == "Revenue < $5M: what it means"
