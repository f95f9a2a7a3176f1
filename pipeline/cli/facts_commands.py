"""Fact commands: explain (what the extractor saw) and extract-jsonl (batch extraction)."""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli import cli

_LANGS = click.Choice(["en", "it", "de", "fr", "es"])


@cli.command()
@click.argument("text", required=False)
@click.option("--lang", type=_LANGS, help="Language of the text (default: detect).")
@click.option("--date", "published_at", metavar="YYYY-MM-DD",
              help="Publication date: reference for as_of.")
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
@click.option("--jsonl", "jsonl_path", type=click.Path(dir_okay=False, allow_dash=True),
              help='Explain every {"id","text","lang"?} line of this JSONL file (one JSON per line).')
@click.option("--rules-only", is_flag=True,
              help="Use blank spaCy pipelines even where a statistical model is installed.")
def explain(text: str | None, lang: str | None, published_at: str | None, as_json: bool,
            jsonl_path: str | None, rules_only: bool) -> None:
    """Show what fact extraction sees in TEXT (or `-` for stdin).

    Language, sentences considered, companies, amounts, periods, payment verbs, and the
    facts with their evidence, rule and confidence.

    \b
    Example:
        newsfacts explain "TikTok pays Microsoft about \\$20M a month for OpenAI models."
        newsfacts explain --json --lang it - < article.txt
        newsfacts explain --jsonl passages.jsonl > analyses.jsonl
    """
    from pipeline.facts.explain import render_text
    from pipeline.facts.extractor import Extractor, read_inputs

    extractor = Extractor(prefer_statistical=not rules_only)
    if jsonl_path:
        for id_, body, line_lang, line_date, url in read_inputs(jsonl_path):
            d = extractor.explain(body, line_lang or lang, line_date or published_at, url)
            click.echo(json.dumps({"id": id_, **d}, ensure_ascii=False))
        return
    if text is None:
        raise click.UsageError("give TEXT, `-` for stdin, or --jsonl FILE")
    if text == "-":
        text = sys.stdin.read()
    d = extractor.explain(text, lang, published_at)
    click.echo(json.dumps(d, ensure_ascii=False, indent=2) if as_json else render_text(d))


@cli.command("extract-jsonl")
@click.argument("input_path", metavar="IN.jsonl", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Output JSONL: one {id, lang, facts, links, shares} line per input line.")
@click.option("--rules-only", is_flag=True,
              help="Use blank spaCy pipelines even where a statistical model is installed.")
@click.option("--full-document", is_flag=True,
              help="Run spaCy over whole texts, not only sentences with money (baseline).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes; each holds the language models (about 200 MB).")
def extract_jsonl(input_path: str, output: str, rules_only: bool, full_document: bool,
                  workers: int) -> None:
    """Extract payment facts from every {"id","text","lang"?,"published_at"?,"url"?} line
    of IN.jsonl ("source" stands for "url": the page's country domain settles "pesos").

    A malformed line stops with `file:line` and exit code 2; the output file is only
    written (atomically) when every line was read.

    \b
    Example:
        newsfacts extract-jsonl passages.jsonl -o facts.jsonl
        newsfacts extract-jsonl big.jsonl -o facts.jsonl --workers 2
    """
    from pipeline.facts.extractor import extract_jsonl as run
    from pipeline.facts.parallel import ProcessExtractor

    with ProcessExtractor(workers, not rules_only, full_document=full_document) as extractor:
        n = run(input_path, output, extractor)
    click.echo(f"{output}: {n} lines", err=True)
