"""scripts/name_spans.py: name-span recall and precision, counted on a real gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def name_spans(load_script):
    return load_script("name_spans")


def _fact(payer: list[str], payee: list[str]) -> dict:
    return {"payer": payer, "payee": payee, "amount": 5e6, "currency": "EUR",
            "period": "year", "term_months": None, "approx": False, "product": None}


def test_counts_found_reached_and_named_parties(name_spans, tmp_path: Path) -> None:
    rows = [
        # both parties named where the extractor reads, and the fact names them rightly
        {"id": "a", "lang": "it", "text": "Orvane versa a Telmark 5 milioni di euro l'anno.",
         "facts": [_fact(["Orvane"], ["Telmark"])]},
        # the payer is named only in a sentence with no amount or cue (reached, not read);
        # the payee is named nowhere as a name (a lower-case description)
        {"id": "b", "lang": "it", "text": "Brivalo Textil cresce in Europa. Oggi il sole "
                                          "splende su Torino.",
         "facts": [_fact(["Brivalo Textil"], ["la banca locale"])]},
        # a negative passage counts nowhere
        {"id": "c", "lang": "it", "text": "Orvane ha chiuso l'anno in utile.", "facts": []},
    ]
    path = tmp_path / "it.tune.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    c = name_spans.measure([str(path)])["it"]
    assert (c["parties"], c["found"], c["reached"]) == (4, 2, 3)
    assert (c["named"], c["named_right"]) == (2, 2)


def test_one_party_listed_twice_counts_once(name_spans) -> None:
    parties = name_spans._parties([_fact(["Orvane", "Orvane SpA"], ["Telmark"]),
                                   _fact(["Orvane"], ["Kestrel"])])
    assert len(parties) == 3
