"""`newsfacts extract-jsonl`: batch extraction, the format score.py reads, atomic output."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli


def write(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def test_extract_jsonl_writes_one_line_per_input(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", [
        {"id": "en-1", "text": "Orvane pays Telmark $3 million a year for maps.", "lang": "en"},
        {"id": "de-1", "text": "Kornblum zahlt der Firma Tessin Data monatlich 80.000 Euro."},
        {"id": "x", "text": "Orvane did not pay Telmark $3 million."},
    ])
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["extract-jsonl", str(src), "-o", str(out), "--rules-only"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["en-1", "de-1", "x"]
    assert [r["lang"] for r in rows] == ["en", "de", "en"]
    f = rows[0]["facts"][0]
    assert {"payer", "payee", "amount", "currency", "period", "term_months", "approx",
            "product", "confidence", "evidence"} <= set(f)
    assert (f["payer"], f["payee"], f["amount"], f["currency"], f["period"]) == (
        "Orvane", "Telmark", 3e6, "USD", "year")
    g = rows[1]["facts"][0]
    assert (g["payer"], g["payee"], g["period"]) == ("Kornblum", "Tessin Data", "month")
    assert rows[2]["facts"] == []


def test_malformed_line_names_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    src = write(tmp_path / "bad.jsonl", [
        {"id": "ok", "text": "Orvane pays Telmark $3 million a year."},
        '{"id": "broken", "text": ',
    ])
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["extract-jsonl", str(src), "-o", str(out), "--rules-only"])
    assert res.exit_code == 2
    assert f"{src}:2: not JSON" in res.output
    assert "Traceback" not in res.output
    assert not out.exists()
    assert list(tmp_path.glob(".extract-*")) == []


def test_missing_text_field(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", [{"id": "a", "body": "no text"}])
    res = CliRunner().invoke(cli, ["extract-jsonl", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2
    assert f"{src}:1: missing \"text\"" in res.output


def test_missing_input_file(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["extract-jsonl", str(tmp_path / "nope.jsonl"),
                                   "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2
    assert "nope.jsonl" in res.output


def test_existing_output_is_kept_when_input_is_bad(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    src = write(tmp_path / "in.jsonl", ["[1, 2]"])
    res = CliRunner().invoke(cli, ["extract-jsonl", str(src), "-o", str(out)])
    assert res.exit_code == 2 and "expected a JSON object" in res.output
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_workers_give_the_same_output_as_one_process(tmp_path: Path) -> None:
    gold = Path(__file__).resolve().parent.parent / "corpora" / "gold" / "it.jsonl"
    src = tmp_path / "in.jsonl"
    src.write_text(gold.read_text(encoding="utf-8"), encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}.jsonl"
        res = CliRunner().invoke(cli, ["extract-jsonl", str(src), "-o", str(out),
                                       "--workers", workers])
        assert res.exit_code == 0, res.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert sum(len(json.loads(x)["facts"]) for x in outputs[0].splitlines()) > 20


def test_workers_must_be_at_least_one(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", [{"id": 1, "text": "x"}])
    res = CliRunner().invoke(cli, ["extract-jsonl", str(src), "-o", str(tmp_path / "o"),
                                   "--workers", "0"])
    assert res.exit_code == 2 and "workers" in res.output.lower()


def test_a_line_s_url_or_source_says_whose_pesos(tmp_path: Path) -> None:
    text = "El Consejo de Promoción Turística entregó a Grupo Televisa 1.400 millones de pesos."
    src = write(tmp_path / "in.jsonl", [
        {"id": "url", "text": text, "lang": "es", "url": "https://www.diario.com.mx/n/1"},
        {"id": "source", "text": text, "lang": "es", "source": "https://www.diario.com.ar/n"},
        {"id": "none", "text": text, "lang": "es"},
    ])
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["extract-jsonl", str(src), "-o", str(out), "--rules-only"])
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r["facts"] for r in map(json.loads, out.read_text().splitlines())}
    assert [f["currency"] for f in rows["url"]] == ["MXN"]
    assert [f["currency"] for f in rows["source"]] == ["ARS"]
    assert rows["none"] == []


def test_a_url_that_is_not_a_string_is_refused(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", [{"id": "a", "text": "x", "url": 3}])
    res = CliRunner().invoke(cli, ["extract-jsonl", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2
    assert f"{src}:1: \"url\" must be a string" in res.output
