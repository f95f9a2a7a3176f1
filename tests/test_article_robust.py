"""extract_article never raises on text, however broken; only binary bodies are refused."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.article import extract_article
from pipeline.exceptions import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "html"
TAGS = st.sampled_from(["<p>", "</p>", "<div class='date'>", "</div>", "<html lang='xx'>",
                        "<script type='application/ld+json'>", "</script>", "<a href='",
                        "'>", "<meta charset='", "<time datetime='", "<!--", "-->", "&amp;",
                        "<base href='", "<![CDATA[", "<?xml version='1.0' encoding='utf-8'?>",
                        "{\"@type\": \"NewsArticle\", \"datePublished\": ", "2024-02-30", "\x00"])
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(st.one_of(TAGS, st.text(max_size=40)), max_size=40))
def test_markup_soup_never_raises(parts):
    body = "".join(parts).encode("utf-8", "surrogatepass")
    try:
        rec = extract_article(body, "https://example.com/a/b")
    except InputError:
        # refused as binary only for NUL bytes or many control characters
        assert any(b < 32 and b not in (9, 10, 12, 13) for b in body[:1024])
        return
    assert isinstance(rec.text, str) and isinstance(rec.links, list)
    assert rec.is_article in (True, False)


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from([None, "text/html; charset=utf-16",
                                                  "text/html; charset=bogus", "text/html"]))
def test_random_bytes_give_a_record_or_input_error(body, content_type):
    try:
        rec = extract_article(body, "https://example.com/x", content_type=content_type)
    except InputError as e:
        assert str(e).startswith("not HTML") or "gzip" in str(e)
        return
    assert isinstance(rec.text, str)


@SETTINGS
@given(st.integers(min_value=0, max_value=4000), st.integers(min_value=0, max_value=255))
@example(at=139, value=140)  # "</title>" broken: HTML reads the rest of the page as title
def test_corrupted_fixture_bytes_never_raise(at, value):
    body = bytearray((FIXTURES / "it_jsonld.html").read_bytes())
    at = min(at, len(body) - 1)
    body[at] = value if value else 32
    rec = extract_article(bytes(body), "https://corriere.example.it/tecnologia/x")
    assert rec.lang in ("it", None)
