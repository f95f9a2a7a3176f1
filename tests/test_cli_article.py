"""`newsfacts article` on local files (.html, .html.gz) and URLs served on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "html"
KEYS = {"input", "url", "canonical_url", "title", "text", "published_at", "lang", "author",
        "site", "is_article", "extractor"}


def run(*args: str):
    return CliRunner().invoke(cli, ["article", *args])


def test_json_one_line_per_input(tmp_path):
    gz = tmp_path / "de.html.gz"
    gz.write_bytes(gzip.compress((FIXTURES / "de_visible_date.html").read_bytes()))
    result = run("--json", str(FIXTURES / "it_jsonld.html"), str(gz))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [set(row) for row in lines] == [KEYS, KEYS]
    it, de = lines
    assert it["title"] == "Nimbuscloud paga Ferrovia Dati 3 milioni al mese"
    assert it["lang"] == "it" and it["published_at"] == "2024-03-03" and it["is_article"]
    assert it["extractor"] == "dom"  # the fast path read it; no fallback needed
    assert it["url"].startswith("file://")
    assert de["input"] == str(gz)
    assert de["lang"] == "de" and de["published_at"] == "2026-11-28"
    assert "40 Millionen Euro pro Jahr" in de["text"]


def test_failures_are_reported_and_the_others_go_on(tmp_path):
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    missing = tmp_path / "missing.html"
    result = run("--json", str(missing), str(png), str(FIXTURES / "es_relative.html"),
                 "ftp://example.com/x.html")
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows[0] == {"input": str(missing), "error": f"{missing}: no such file"}
    assert set(rows[1]) == {"input", "error"} and "PNG" in rows[1]["error"]
    assert rows[2]["lang"] == "es"
    assert "http(s)" in rows[3]["error"]


def test_readable_summary():
    result = run(str(FIXTURES / "en_cookie_comments.html"), str(FIXTURES / "en_index.html"))
    assert result.exit_code == 0
    out = result.output
    assert "title:         Globex signs $20 million a month compute deal with Acme Cloud" in out
    assert "published_at:  2026-10-14" in out
    assert "not an article" in out
    assert "roughly $20 million a month" in out


def test_url_is_fetched(httpserver):
    body = (FIXTURES / "fr_wrong_lang.html").read_bytes()
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/eco/orbitel").respond_with_data(
        body, content_type="text/html; charset=iso-8859-1",
        headers={"Content-Language": "en"})
    url = httpserver.url_for("/eco/orbitel")
    result = run("--json", "--allow-private", url)
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert row["url"] == url
    assert row["lang"] == "fr"
    assert "L'opérateur Orbitel" in row["text"]


def test_private_addresses_are_refused_by_default(httpserver):
    httpserver.expect_request("/a").respond_with_data("<p>x</p>", content_type="text/html")
    result = run("--json", httpserver.url_for("/a"))
    assert result.exit_code == 2
    row = json.loads(result.output)
    assert "non-public" in row["error"]
    assert len(httpserver.log) == 0


def test_http_errors_are_reported(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    result = run("--allow-private", httpserver.url_for("/gone"))
    assert result.exit_code == 2
    assert "404" in result.output


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["article", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "newsfacts article --json" in result.output
