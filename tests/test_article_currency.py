"""The byte-level currency pre-test: what counts as a currency cue, and that no fact is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.article import could_state_amount

ROOT = Path(__file__).resolve().parents[1]


def page(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>".encode()


@pytest.mark.parametrize("body", [
    "<p>Acme pays Globex €5 million a year.</p>",
    "<p>Acme pays Globex &euro;5 million a year.</p>",
    "<p>Acme pays Globex &#8364;5 million a year.</p>",
    "<p>Acme pays Globex &#x20AC;5 million a year.</p>",
    "<p>Acme pays Globex $5 million a year.</p>",
    "<p>Acme zahlt 5 Mio. US-Dollar.</p>",
    "<p>Acme paie 5\u00a0euros par mois.</p>",  # no-break space before the word
    "<p>Acme paga 5 millones de d&oacute;lares.</p>",
    "<p>ACME PAYS 5 MILLION DOLLARS</p>",
    "<p>Acme pays GBP 40,000 a month.</p>",
    "<p>Acme pays twenty cents a message.</p>",
    "<p>Acme verse 3 milliards de yens.</p>",
])
def test_a_currency_in_the_text_keeps_the_page(body):
    assert could_state_amount(page(body))


@pytest.mark.parametrize("body,head", [
    ("<p>Acme signed a deal with Globex across Europe, 5 percent more than in 2024.</p>", ""),
    ("<p>A quiet week in the Eurozone.</p>", ""),
    ("<p>No figures.</p><script>var total = $('#x').val() + 5;</script>", ""),
    ("<p>No figures.</p><style>.price:after { content: '€5'; }</style>", ""),
    ('<p><a title="5 euros a month" href="/x">No figures</a>.</p>', ""),
    ("<p>No figures here.</p>", '<meta name="description" content="Acme $5M">'),
    ("<p>Prices rose by 5 points in Eurostat's index.</p>", ""),
])
def test_no_currency_outside_markup_skips_the_page(body, head):
    assert not could_state_amount(page(body, head))


def test_json_ld_counts_as_text_because_article_body_is_read():
    ld = '<script type="application/ld+json">{"articleBody": "Acme pays Globex 5 euros."}</script>'
    assert could_state_amount(page("<p>No figures.</p>", ld))
    script = '<script>window.data = {"body": "Acme pays Globex 5 euros."}</script>'
    assert not could_state_amount(page("<p>No figures.</p>", script))


def test_pages_in_other_charsets_are_decoded_first():
    body = page("<p>Acme paga a Globex 5 milioni di €.</p>").decode().encode("cp1252")
    assert could_state_amount(body, "text/html; charset=windows-1252")
    assert could_state_amount(body)  # undeclared: the bytes are not UTF-8, so guessed


def test_no_gold_passage_with_a_fact_is_skipped():
    passages = 0
    for path in sorted((ROOT / "corpora" / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item.get("facts"):
                passages += 1
                assert could_state_amount(page(f"<p>{item['text']}</p>")), item["id"]
    assert passages > 100


def test_no_demo_article_with_a_payment_is_skipped():
    site = ROOT / "corpora" / "site"
    expected = json.loads((site / "expected.json").read_text(encoding="utf-8"))
    for fact in expected["facts"]:
        for path in fact["articles"]:
            assert could_state_amount((site / path.lstrip("/")).read_bytes()), path
    assert not could_state_amount((site / "about.html").read_bytes())
