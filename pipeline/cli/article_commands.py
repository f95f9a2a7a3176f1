"""The `article` command: show what article extraction makes of pages or URLs."""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli import cli
from pipeline.exceptions import NewsfactsError

FIELDS = ("url", "canonical_url", "title", "text", "published_at", "lang", "author", "site",
          "is_article", "extractor")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per input and line instead of a readable summary.")
@click.option("--allow-private", is_flag=True,
              help="Allow fetching URLs on private or loopback addresses.")
def article(inputs: tuple[str, ...], as_json: bool, allow_private: bool) -> None:
    """Extract the article (text, title, date, language...) from pages.

    Each PATH_OR_URL is a local .html or .html.gz file or an http(s) URL, fetched
    under the crawler's safety rules. A page that cannot be read is reported
    ({"input", "error"} with --json, a line on stderr otherwise) and the others go
    on; the exit code is then 2.

    \b
    Example:
        newsfacts article --json corpora/site/it/tiktok-paga-microsoft-modelli-openai.html
        newsfacts article https://example.com/news/some-story
    """
    from pipeline.article import extract_article
    from pipeline.article.source import load

    failed = 0
    for item in inputs:
        try:
            loaded = load(item, allow_private=allow_private)
            record = extract_article(loaded.body, loaded.url, content_type=loaded.content_type,
                                     content_language=loaded.content_language)
        except NewsfactsError as e:
            failed += 1
            if as_json:
                click.echo(json.dumps({"input": item, "error": str(e)}, ensure_ascii=False))
            else:
                click.echo(f"Error: {e}", err=True)
            continue
        data = record.to_dict()
        if as_json:
            row = {"input": item} | {k: data[k] for k in FIELDS}
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(_summary(item, data))
    sys.exit(2 if failed else 0)


def _summary(item: str, data: dict) -> str:
    words = len(data["text"].split())
    lines = [f"== {item}"]
    for key in ("title", "url", "canonical_url", "published_at", "lang", "author", "site"):
        lines.append(f"{key + ':':<15}{data[key] if data[key] is not None else '-'}")
    kind = "article" if data["is_article"] else "not an article (index or empty page)"
    lines.append(f"{'is_article:':<15}{kind}, {words} words, {len(data['links'])} links, "
                 f"text by {data['extractor'] or '-'}")
    if data["text"]:
        preview = data["text"][:600].replace("\n\n", "\n  ")
        lines.append("  " + preview + (" ..." if len(data["text"]) > 600 else ""))
    return "\n".join(lines) + "\n"
