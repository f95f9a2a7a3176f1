"""Eval command: score fact extraction on the gold passages, and gate on quality floors."""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli import cli


@cli.command("eval")
@click.option("--gold", "gold_paths", multiple=True, type=click.Path(),
              help="Gold JSONL file or folder (repeatable; default corpora/gold/).")
@click.option("--predictions", type=click.Path(dir_okay=False),
              help='Score this JSONL of {"id", "facts"} instead of running the extractor.')
@click.option("--save-predictions", type=click.Path(dir_okay=False, writable=True),
              help="Also write the predicted facts as JSONL (rescore later with --predictions).")
@click.option("--lang", "langs", multiple=True, help="Only passages in this language (repeatable).")
@click.option("--errors", is_flag=True, help="Also list missed and spurious facts per passage.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--min-f1", type=click.FloatRange(0, 1),
              help="Exit 1 when the overall F1 is below this.")
@click.option("--min-precision", type=click.FloatRange(0, 1),
              help="Exit 1 when the overall precision is below this.")
@click.pass_context
def eval_(ctx: click.Context, gold_paths: tuple[str, ...], predictions: str | None,
          save_predictions: str | None, langs: tuple[str, ...], errors: bool, as_json: bool, min_f1: float | None,
          min_precision: float | None) -> None:
    """Score payment-fact extraction on the gold passages, per language.

    A fact counts when payer and payee match a gold name (case, accents, punctuation,
    possessive and legal form ignored), the amount is within 0.5 %, and currency and
    period are equal. pair_F1 only asks for the right payer and payee; neg_with_output
    counts negative passages (no fact) where something was extracted.

    \b
    Example:
        newsfacts eval --errors
        newsfacts eval --lang it --min-f1 0.6 --min-precision 0.8
        newsfacts eval --gold corpora/realnews/en.blind1.jsonl   (aggregate only)
    """
    from pipeline import evaluate as ev
    from pipeline.output import render

    blind = [p for p in gold_paths if "blind" in p.rsplit("/", 1)[-1]]
    if blind and (errors or save_predictions):
        raise click.UsageError(f"{blind[0]}: a blind half is scored only in aggregate "
                               "(no --errors, no --save-predictions)")
    passages = ev.load_gold(gold_paths)
    if langs:
        passages = [p for p in passages if p.lang in langs]
    if not passages:
        raise click.UsageError("no gold passages to score")
    if predictions:
        report = ev.evaluate_predictions(passages, ev.load_predictions(predictions))
    else:
        report = ev.evaluate(passages, ev.extractor_predictor())
    if save_predictions:
        ev.save_predictions(report, save_predictions)

    if as_json:
        payload = {"scores": [s.to_dict() for s in report.scores]}
        if errors:
            payload["errors"] = ev.error_lines(report)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(ev.TABLE_COLUMNS, ev.table_rows(report), "table"))
        if errors:
            lines = ev.error_lines(report)
            click.echo("\n" + ("\n".join(lines) if lines else "No errors."))

    failures = ev.gate_failures(report, min_f1=min_f1, min_precision=min_precision)
    if failures:
        click.echo(f"Quality gate failed: {'; '.join(failures)}", err=True)
        ctx.exit(1)
