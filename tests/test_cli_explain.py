"""`newsfacts explain`: what the extractor saw, as text, JSON, or JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli

TEXT = "Acme Robotics pays Zentrix Labs about $2 million a month for sensor data."


def test_explain_text() -> None:
    res = CliRunner().invoke(cli, ["explain", "--rules-only", TEXT])
    assert res.exit_code == 0, res.output
    assert "language: en (blank:en)" in res.output
    assert "Acme Robotics -> Zentrix Labs: ≈$2M / month for sensor data" in res.output
    assert "'$2 million' = ≈$2M" in res.output


def test_explain_json_from_stdin() -> None:
    res = CliRunner().invoke(cli, ["explain", "--json", "--lang", "en", "--rules-only", "-"],
                             input=TEXT)
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["lang"] == "en"
    assert {"companies", "amounts", "periods", "facts"} <= set(d)
    [amount] = d["amounts"]
    assert TEXT[amount["start"]:amount["end"]] == amount["text"] == "$2 million"
    assert amount["value"] == 2_000_000 and amount["currency"] == "USD"
    assert [c["name"] for c in d["companies"]] == ["Acme Robotics", "Zentrix Labs"]
    [fact] = d["facts"]
    assert (fact["payer"], fact["payee"], fact["period"], fact["approx"]) == (
        "Acme Robotics", "Zentrix Labs", "month", True)
    assert fact["evidence"]["sentence"] == TEXT


def test_explain_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n" +
                   json.dumps({"id": 7, "text": "Pas d'argent ici.", "lang": "fr"}) + "\n",
                   encoding="utf-8")
    res = CliRunner().invoke(cli, ["explain", "--rules-only", "--jsonl", str(src)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert [x["id"] for x in lines] == ["a", "7"]
    assert len(lines[0]["facts"]) == 1 and lines[1]["facts"] == []
    assert lines[1]["lang"] == "fr"


def test_explain_without_text_is_a_usage_error() -> None:
    res = CliRunner().invoke(cli, ["explain"])
    assert res.exit_code == 2
    assert "TEXT" in res.output


def test_explain_help_has_an_example() -> None:
    res = CliRunner().invoke(cli, ["explain", "--help"])
    assert res.exit_code == 0 and "Example:" in res.output
