"""The fast main-text path over the parsed tree, and page types of short declared stories."""

from __future__ import annotations

import pytest

from pipeline.article import dom, extract_article, html, pagetype, text

PARA = ("The operator said on Tuesday that it would move its billing systems to the new "
        "platform over the next eighteen months, starting with its retail customers. ")
NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>'


def parsed(body: str, url: str = "https://news.example.com/2026/03/story",
           head: str = "") -> html.Page:
    return html.parse(f"<html><head>{head}</head><body>{NAV}{body}<footer><p>Copyright "
                      "notice for every page of this site, all rights reserved.</p></footer>"
                      "</body></html>", url)


def test_an_article_split_by_ads_is_read_whole_without_the_ads():
    chunk = "".join(f"<p>{PARA}Part {k}.</p>" for k in range(3))
    body = (f'<article><h1>Headline</h1><div class="chunks">'
            f'<div class="body-part"><div>{chunk}</div></div>'
            f'<div class="advert"><p>Buy our premium subscription today and save money.</p></div>'
            f'<div class="body-part"><div>{chunk.replace("Part", "Later part")}</div></div>'
            f"</div></article>")
    got = dom.main_content(parsed(body)).text
    assert got.count("Part") == 3 and got.count("Later part") == 3
    assert "premium" not in got and "Headline" not in got and "Copyright" not in got


def test_captions_share_bars_link_lists_and_comments_are_left_out():
    body = (f"<main><article><h1>Headline</h1>"
            f'<figure><img src="x.jpg"><figcaption>A caption under the photo of the '
            f"new platform.</figcaption></figure>"
            f'<div class="share-tools"><a href="#">Share on a social network today</a></div>'
            f"<p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>"
            f"<ul>{''.join(f'<li><a href=/s{k}>Another story worth reading {k}</a></li>' for k in range(4))}</ul>"
            f'</article><section class="comments"><p>{PARA} I disagree.</p></section></main>')
    got = dom.main_content(parsed(body)).text
    assert got.count("eighteen months") == 3
    for noise in ("caption", "Share", "Another story", "disagree"):
        assert noise not in got


def test_a_page_without_paragraphs_gives_nothing_and_trafilatura_takes_over():
    lines = "<br>".join([PARA] * 6)
    page = parsed(f'<div class="content">{lines}</div>')
    assert dom.main_content(page).text == ""  # only the footer votes, and it is cut
    raw, how = text.choose(page)
    assert how == text.TRAFILATURA and "eighteen months" in raw


def test_the_story_element_beats_a_longer_related_box():
    related = "".join(f"<li><a href='/r{k}'>Related headline number {k}</a><p>{PARA}</p></li>"
                      for k in range(3))
    body = (f"<main><article><h1>Acme pays Globex</h1><p class='byline'><time datetime="
            f"'2026-03-02'>2 March</time></p><p>Acme will pay Globex $5 million a year for its billing platform.</p>"
            f"<p>The contract runs for three years.</p></article>"
            f'<aside class="related"><ul>{related}</ul></aside></main>')
    page = parsed(body)
    got = dom.main_content(page, pagetype.article_element(page)).text
    assert got == ("Acme will pay Globex $5 million a year for its billing platform.\n\n"
                   "The contract runs for three years.")


BRIEF = ("<main><article><h1>Acme pays Globex</h1><p class='byline'>By A. Writer "
         "<time datetime='2026-03-02'>2 March 2026</time></p><p>Acme will pay Globex $5 "
         "million a year for its billing platform, according to a filing.</p><p>The contract "
         "runs for three years and covers all of its European shops.</p></article></main>")


@pytest.mark.parametrize("head", [
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Acme pays '
    'Globex", "datePublished": "2026-03-02"}</script>',
    '<meta property="og:type" content="article">',
    "",  # the <article> with its <h1> and a date says it
])
def test_a_declared_brief_is_an_article_with_its_own_text(head):
    body = (f"<html><head>{head}<title>Acme pays Globex</title></head><body>{NAV}"
            f'<div class="cookie-banner"><p>We use cookies to measure our audience and keep '
            f"you signed in.</p></div>{BRIEF}</body></html>")
    rec = extract_article(body.encode(), "https://news.example.com/business/acme-globex")
    assert rec.is_article and rec.published_at == "2026-03-02"
    assert rec.text.startswith("Acme will pay Globex $5 million a year")
    assert "cookies" not in rec.text and len(rec.text.split("\n\n")) == 2


def test_a_short_undeclared_page_is_still_no_article():
    body = BRIEF.replace("<time datetime='2026-03-02'>2 March 2026</time>", "")
    rec = extract_article(f"<html><body>{body}</body></html>".encode(),
                          "https://news.example.com/business/acme-globex")
    assert not rec.is_article and rec.text == ""


@pytest.mark.parametrize("url", ["https://news.example.com/",
                                 "https://news.example.com/tag/cloud",
                                 "https://news.example.com/search?q=acme"])
def test_a_short_declared_page_on_a_listing_url_is_no_article(url):
    head = '<meta property="og:type" content="article">'
    rec = extract_article(f"<html><head>{head}</head><body>{BRIEF}</body></html>".encode(), url)
    assert not rec.is_article


def test_a_section_page_of_dated_teasers_is_no_article():
    teasers = "".join(
        f"<article><h2><a href='/business/s{k}'>Story {k} about the billing market</a></h2>"
        f"<time datetime='2026-03-0{k}'>{k} March</time><p>{PARA}</p></article>"
        for k in range(1, 6))
    body = f"<html><body>{NAV}<h1>Business</h1>{teasers}</body></html>"
    rec = extract_article(body.encode(), "https://news.example.com/business")
    assert not rec.is_article
    assert pagetype.article_element(html.parse(body, "https://news.example.com/b")) is None


def test_a_declared_page_with_almost_no_text_is_no_article():
    head = '<meta property="og:type" content="article">'
    body = ("<html><head>" + head + "</head><body><article><h1>Not found</h1><time "
            "datetime='2026-03-02'>2 March</time><p>This page does not exist.</p></article>"
            "</body></html>")
    assert not extract_article(body.encode(), "https://news.example.com/business/x").is_article
