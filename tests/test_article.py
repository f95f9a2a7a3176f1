"""extract_article on our own HTML fixtures: every field, in five languages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pipeline.article import EXTRACTOR_VERSION, extract_article
from pipeline.exceptions import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "html"
FETCHED = datetime(2026, 11, 28, 10, 0)


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_version_is_a_string():
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


def test_italian_jsonld_article():
    rec = extract_article(page("it_jsonld.html"), "https://corriere.example.it/tecnologia/x",
                          fetched_at=FETCHED)
    assert rec.is_article
    assert rec.title == "Nimbuscloud paga Ferrovia Dati 3 milioni al mese"
    assert rec.published_at == "2024-03-03"  # datePublished, not dateModified
    assert rec.lang == "it"
    assert rec.author == "Giulia Bassani, Marco Ferretti"
    assert rec.site == "Corriere Digitale"
    assert rec.canonical_url == (
        "https://corriere.example.it/tecnologia/2024/nimbuscloud-ferrovia-dati?utm=x")
    assert "circa 3 milioni di euro al mese" in rec.text
    assert "cresce più lentamente del previsto." in rec.text
    # cookie banner, navigation, related articles, comments and footer are left out
    for noise in ("cookie", "Accetta", "Tecnologia Economia", "Un altro articolo",
                  "troppo alto", "articolo interessante", "diritti riservati"):
        assert noise not in rec.text


def test_paragraphs_are_separated_by_blank_lines():
    rec = extract_article(page("it_jsonld.html"), "https://corriere.example.it/tecnologia/x")
    paragraphs = rec.text.split("\n\n")
    assert any(p.startswith("L'accordo, firmato") for p in paragraphs)
    assert all(p.strip() == p and p for p in paragraphs)


def test_german_visible_date_and_meta_author():
    rec = extract_article(page("de_visible_date.html"), "https://techblatt.example.de/energie/rz",
                          fetched_at=FETCHED)
    assert rec.is_article
    assert rec.published_at == "2026-11-28"
    assert rec.lang == "de"
    assert rec.author == "Jonas Weber"
    assert rec.title == "Rechenzentrum Nord zahlt Windpark Küste 40 Millionen Euro im Jahr"
    assert rec.site == "techblatt.example.de"  # no og:site_name: the host
    assert rec.text.startswith("Der Betreiber Rechenzentrum Nord")
    assert "Impressum" not in rec.text


def test_french_page_with_wrong_lang_attribute_gets_the_text_language():
    rec = extract_article(page("fr_wrong_lang.html"), "https://gazette.example.fr/eco/orbitel",
                          fetched_at=FETCHED)
    assert rec.lang == "fr"  # <html lang="en"> is wrong
    assert rec.published_at == "2025-01-12"  # "Publié le 12 janvier 2025 à 10h32"
    assert rec.author == "Claire Dubois"
    assert rec.site == "La Gazette Numérique"
    assert "deux millions d'euros par trimestre" in rec.text


def test_spanish_relative_date_counts_back_from_fetch_time():
    rec = extract_article(page("es_relative.html"), "https://diario.example.es/empresas/servired",
                          fetched_at=FETCHED)
    assert rec.published_at == "2026-11-26"  # "hace dos días"
    assert rec.lang == "es"
    assert rec.author == "Lucía Martín"
    assert rec.title == "Servired Sur paga a Nube Ibérica 500.000 euros a la semana"
    assert "500.000 euros cada semana" in rec.text
    later = extract_article(page("es_relative.html"), "https://diario.example.es/empresas/servired",
                            fetched_at=datetime(2025, 1, 10, 8, 0))
    assert later.published_at == "2025-01-08"


def test_relative_date_without_fetch_time_is_relative_to_now():
    rec = extract_article(page("es_relative.html"), "https://diario.example.es/empresas/servired")
    assert rec.published_at is not None
    assert rec.published_at < datetime.now().date().isoformat()


def test_english_cookie_banner_comments_and_newsletter_are_dropped():
    rec = extract_article(page("en_cookie_comments.html"),
                          "https://theledger.example.com/business/globex-acme-cloud?ref=home")
    assert rec.is_article
    assert rec.published_at == "2026-10-14"
    assert rec.lang == "en"
    assert rec.author == "Dana Whitfield"  # "By " removed
    assert rec.site == "The Ledger"
    assert rec.title == "Globex signs $20 million a month compute deal with Acme Cloud"
    assert rec.canonical_url == "https://theledger.example.com/business/globex-acme-cloud"
    assert "roughly $20 million a month" in rec.text
    assert rec.text.endswith("artificial intelligence products.")
    for noise in ("We use cookies", "Accept all", "bargain", "margins", "Sign up",
                  "Related stories", "All rights reserved"):
        assert noise not in rec.text


def test_windows_1252_declared_in_meta_only():
    body = page("it_cp1252_meta.html")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    rec = extract_article(body, "https://notizie.example.it/aziende/lumina", fetched_at=FETCHED)
    assert rec.title == "Perché Lumina Reti paga 12 milioni l'anno a Borealis"
    assert "circa 12 milioni di € all'anno" in rec.text  # 0x80 is € in windows-1252
    assert "\ufffd" not in rec.text
    assert rec.published_at == "2024-03-03"
    assert rec.lang == "it"


def test_wrong_header_charset_latin1_on_utf8_bytes():
    rec = extract_article(page("fr_wrong_lang.html"), "https://gazette.example.fr/eco/orbitel",
                          content_type="text/html; charset=ISO-8859-1")
    assert "L'opérateur Orbitel" in rec.text
    assert "Ã" not in rec.text


def test_wrong_header_charset_utf8_on_windows_1252_bytes():
    rec = extract_article(page("it_cp1252_meta.html"), "https://notizie.example.it/aziende/lumina",
                          content_type="text/html; charset=utf-8")
    assert "Lumina Reti è tornata" in rec.text
    assert "\ufffd" not in rec.text


def test_index_page_is_not_an_article_but_keeps_its_links():
    rec = extract_article(page("en_index.html"), "https://news.example.org/")
    assert rec.is_article is False
    assert rec.text == ""
    assert rec.title == "Tech Business Daily - Latest news"
    assert rec.links == [
        "https://news.example.org/",
        "https://news.example.org/markets/",
        "https://news.example.org/cloud/",
        "https://news.example.org/2026/11/27/acme-pays-globex",
        "https://news.example.org/2026/11/27/initech-cloud-bill",
        "https://news.example.org/2026/11/26/umbrella-licenses-models",
        "https://other.example.com/story?id=7",
        "https://news.example.org/2026/11/25/hooli-search-deal",
        "https://news.example.org/2026/11/25/soylent-ai",
        "https://news.example.org/2026/11/24/vandelay-imports",
        "https://news.example.org/about",
    ]


def test_article_links_are_absolute_and_defragmented():
    rec = extract_article(page("it_jsonld.html"), "https://corriere.example.it/tecnologia/x")
    assert "https://corriere.example.it/tecnologia/" in rec.links
    assert "https://corriere.example.it/tecnologia/2024/altro-articolo" in rec.links
    assert all(link.startswith("https://") and "#" not in link for link in rec.links)


def test_broken_markup_still_gives_the_text():
    rec = extract_article(page("en_broken.html"), "https://tech.example.com/initech-hooli")
    assert rec.is_article
    assert rec.lang == "en"
    assert rec.title == "Initech pays Hooli for maps data"
    assert "about $3 million a year for licensed maps data" in rec.text
    assert "what Initech paid before" in rec.text
    assert rec.published_at is None  # no date anywhere: unknown, not guessed


@pytest.mark.parametrize("cut", [100, 700, 1500, 2500])
def test_truncated_pages_never_raise(cut):
    body = page("it_jsonld.html")[:cut]
    rec = extract_article(body, "https://corriere.example.it/tecnologia/x")
    assert isinstance(rec.text, str)
    assert rec.url == "https://corriere.example.it/tecnologia/x"


def test_truncated_inside_a_multibyte_character_stays_utf8():
    body = page("fr_wrong_lang.html")
    cut = body.index("é".encode()) + 1  # half of the two bytes of é
    rec = extract_article(body[:cut], "https://gazette.example.fr/eco/orbitel")
    assert rec.title and "\ufffd" not in rec.title and "Ã" not in rec.title


@pytest.mark.parametrize("body", [b"", b"   \n", b"<html></html>", b"<p>Hi</p>",
                                  b"<<<>>>&&&", b"plain text, no tags"])
def test_empty_or_tiny_pages_are_not_articles(body):
    rec = extract_article(body, "https://example.com/a")
    assert rec.is_article is False
    assert rec.text == ""


@pytest.mark.parametrize("body,what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (bytes(range(256)) * 8, "binary"),
])
def test_binary_bodies_raise_input_error(body, what):
    with pytest.raises(InputError, match=what):
        extract_article(body, "https://example.com/file")


def test_gzip_body_is_decompressed():
    import gzip

    rec = extract_article(gzip.compress(page("de_visible_date.html")),
                          "https://techblatt.example.de/energie/rz")
    assert rec.lang == "de" and rec.is_article


@pytest.mark.parametrize("when", ["2031-01-01T00:00:00Z", "1990-05-05", "not a date"])
def test_implausible_structured_dates_give_unknown(when):
    html = page("de_visible_date.html")
    html = html.replace(b"<p class=\"article-date\">Ver\xc3\xb6ffentlicht am 28. November 2026, 14:05 Uhr</p>", b"")
    assert b"article-date" not in html
    html = html.replace(b"<meta charset=\"utf-8\">",
                        b'<meta charset="utf-8"><meta property="article:published_time" content="'
                        + when.encode() + b'">')
    rec = extract_article(html, "https://techblatt.example.de/energie/rz", fetched_at=FETCHED)
    assert rec.is_article
    assert rec.published_at is None


def test_date_in_url_is_used_when_the_page_has_none():
    rec = extract_article(page("en_broken.html"),
                          "https://tech.example.com/2025/06/30/initech-hooli")
    assert rec.published_at == "2025-06-30"


def test_extract_response_reads_charset_and_language_from_headers_in_any_case():
    from pipeline.article import extract_response

    body = page("it_jsonld.html").decode("utf-8").encode("cp1252", "replace")
    rec = extract_response(body, "https://corriere.example.it/tecnologia/x",
                           {"CONTENT-TYPE": "text/html; charset=windows-1252"})
    assert "circa 3 milioni di euro al mese" in rec.text and rec.lang == "it"
    assert rec.extractor in ("dom", "trafilatura", "jsonld", "article")


def test_a_page_without_currency_keeps_its_metadata_but_not_its_text_when_asked():
    from pipeline.article import SKIPPED

    body = page("it_jsonld.html").replace(b"di euro", b"di punti")
    url = "https://corriere.example.it/tecnologia/x"
    full = extract_article(body, url, fetched_at=FETCHED)
    skipped = extract_article(body, url, fetched_at=FETCHED, skip_without_currency=True)
    assert full.text and full.extractor != SKIPPED
    assert (skipped.text, skipped.extractor, skipped.links) == ("", SKIPPED, [])
    fields = ("title", "published_at", "lang", "author", "site", "canonical_url", "is_article")
    assert [getattr(skipped, f) for f in fields] == [getattr(full, f) for f in fields]
    # only the <head> is read: a date shown in the body alone is not known then
    german = page("de_visible_date.html").replace(b"Euro", b"Punkte")
    url = "https://techblatt.example.de/energie/rz"
    assert extract_article(german, url, fetched_at=FETCHED).published_at == "2026-11-28"
    assert extract_article(german, url, fetched_at=FETCHED,
                           skip_without_currency=True).published_at is None
    # a page that names a currency is read in full even when asked to skip
    kept = extract_article(page("it_jsonld.html"), url, skip_without_currency=True)
    assert kept.text == extract_article(page("it_jsonld.html"), url).text


def test_links_can_be_left_out_and_nothing_else_changes():
    url = "https://corriere.example.it/tecnologia/x"
    full = extract_article(page("it_jsonld.html"), url, fetched_at=FETCHED)
    bare = extract_article(page("it_jsonld.html"), url, fetched_at=FETCHED, links=False)
    assert full.links and bare.links == []
    assert {**full.to_dict(), "links": []} == bare.to_dict()
