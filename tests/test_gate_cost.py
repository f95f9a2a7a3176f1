"""scripts/gate_cost.py: the recall the pre-filter costs, counted on a real gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def gate_cost(load_script):
    return load_script("gate_cost")


def _write(tmp_path: Path, rows: list[dict]) -> str:
    path = tmp_path / "it.blind1.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return str(path)


def _fact(amount: float) -> dict:
    return {"payer": ["Orvane"], "payee": ["Telmark"], "amount": amount, "currency": "EUR",
            "period": "year", "term_months": None, "approx": False, "product": None}


def test_counts_read_skipped_and_unread_amounts(gate_cost, tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, [
        {"id": "a", "lang": "it", "text": "Orvane versa a Telmark 5 milioni di euro l'anno.",
         "facts": [_fact(5e6)]},
        # an elliptic amount after a named currency is read, as the extractor reads it
        {"id": "b", "lang": "it", "text": "Orvane paga 3 milioni di euro a Kestrel. A Telmark "
                                          "versa 2 milioni l'anno.", "facts": [_fact(2e6)]},
        # no currency anywhere: no amount to the rules, gate or no gate
        {"id": "c", "lang": "it", "text": "Il Milan, legato a Orvane, incassa 16 milioni a stagione.",
         "facts": [_fact(16e6)]},
    ])
    assert gate_cost.gate_cost([path]) == {"gold": 3, "read": 2, "skipped": 0}
    assert gate_cost.main([path]) == 0
    out = capsys.readouterr().out
    assert "gate skips 0" in out and "Orvane" not in out  # aggregate only
