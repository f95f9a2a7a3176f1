"""The gold passages are well-formed: a wrong gold fact would silently skew every score."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from text_to_num import alpha2digit

from pipeline.evaluate import DEFAULT_GOLD, load_gold, normalise_name
from pipeline.records import PERIODS

LANGS = ("en", "it", "de", "fr", "es")
MIN_PASSAGES, MIN_NEGATIVES = 44, 15
FACT_KEYS = {"payer", "payee", "amount", "currency", "period", "term_months", "approx", "product"}
ISO_CURRENCIES = {
    "USD", "EUR", "GBP", "CHF", "JPY", "CNY", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "CAD",
    "AUD", "NZD", "INR", "KRW", "BRL", "MXN", "SGD", "HKD", "ZAR", "TRY", "ILS", "AED", "SAR",
}
SCALES = (1, 10**3, 10**6, 10**9, 10**12)
THOUSANDS = (",", ".", " ", "\u00a0", "\u202f", "'", "")
ONE_WORDS = {"en": "one|a|an", "it": "un|uno|una", "de": "ein|eine|einen|einer",
             "fr": "un|une", "es": "un|uno|una"}


def _rows() -> list[tuple[Path, dict]]:
    out = []
    for lang in LANGS:
        path = DEFAULT_GOLD / f"{lang}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append((path, json.loads(line)))
    return out


ROWS = _rows()


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def renderings(amount: float) -> set[str]:
    """Ways a text may write `amount` as a number before an optional scale word."""
    out = set()
    for scale in SCALES:
        mantissa = amount / scale
        if mantissa < 0.1 or abs(round(mantissa, 3) - mantissa) > 1e-9:
            continue
        whole, frac = divmod(round(mantissa * 1000), 1000)
        decimals = f"{frac:03d}".rstrip("0")
        for sep in THOUSANDS:
            head = _group(whole, sep)
            if not decimals:
                out.add(head)
            for point in (".", ","):
                if point != sep:
                    out.add(f"{head}{point}{decimals or '0'}" if decimals else f"{head}{point}0")
                    out.add(f"{head}{point}{decimals}" if decimals else head)
    return out


def _amount_in_text(amount: float, text: str, lang: str) -> bool:
    texts = [text, alpha2digit(text, lang)]
    for form in renderings(amount):
        pattern = rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)"
        if any(re.search(pattern, t) for t in texts):
            return True
    big = {10**6: "mil|mln|mio|million|millones|millions|millionen|milioni|millón|milione",
           10**9: "bn|billion|mld|mrd|milliard|miliardi|miliardo|milliarde|milliarden",
           10**12: "billón|billones|billion|billions|billionen|trillion"}
    for scale, words in big.items():
        if amount == scale and re.search(rf"\b(?:{ONE_WORDS[lang]})\s+(?:{words})", text, re.I):
            return True
    return False


def test_every_language_has_enough_passages_and_hard_negatives() -> None:
    for lang in LANGS:
        rows = [r for _, r in ROWS if r["lang"] == lang]
        negatives = [r for r in rows if not r["facts"]]
        assert len(rows) >= MIN_PASSAGES, lang
        assert len(negatives) >= MIN_NEGATIVES, lang


def test_ids_unique_and_named_for_file_and_language() -> None:
    ids = [r["id"] for _, r in ROWS]
    assert len(ids) == len(set(ids))
    for path, r in ROWS:
        assert r["lang"] == path.stem, r["id"]
        assert re.fullmatch(rf"gold-{path.stem}-\d{{3}}", r["id"]), r["id"]


def test_texts_are_unique_short_passages() -> None:
    texts = [r["text"] for _, r in ROWS]
    assert len(texts) == len(set(texts))
    for _, r in ROWS:
        assert r["text"] == r["text"].strip() and len(r["text"]) > 30, r["id"]
        assert len(re.findall(r"[.!?](?:\s|$)", r["text"])) <= 3, r["id"]


@pytest.mark.parametrize("path,row", ROWS, ids=[r["id"] for _, r in ROWS])
def test_fact_fields_are_valid(path: Path, row: dict) -> None:
    assert set(row) <= {"id", "lang", "text", "facts", "published_at"}
    if "published_at" in row:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published_at"])
    for fact in row["facts"]:
        assert set(fact) - {"as_of"} == FACT_KEYS
        amount = fact["amount"]
        assert isinstance(amount, int | float) and not isinstance(amount, bool) and amount > 0
        assert fact["currency"] in ISO_CURRENCIES
        assert fact["period"] in PERIODS
        term = fact["term_months"]
        assert term is None or (isinstance(term, int) and term > 0 and fact["period"] == "total")
        assert isinstance(fact["approx"], bool)
        assert fact["product"] is None or (isinstance(fact["product"], str) and fact["product"])
        if "as_of" in fact:
            assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", fact["as_of"])
        for role in ("payer", "payee"):
            names = fact[role]
            assert isinstance(names, list) and names and all(isinstance(n, str) for n in names)
        assert not {normalise_name(n) for n in fact["payer"]} & {
            normalise_name(n) for n in fact["payee"]}


@pytest.mark.parametrize("path,row", ROWS, ids=[r["id"] for _, r in ROWS])
def test_names_and_amount_appear_in_text(path: Path, row: dict) -> None:
    text = row["text"]
    for fact in row["facts"]:
        for role in ("payer", "payee"):
            assert any(n.lower() in text.lower() for n in fact[role]), (role, fact[role])
        assert _amount_in_text(fact["amount"], text, row["lang"]), fact["amount"]


def test_each_language_covers_every_period_and_key_phenomena() -> None:
    for lang in LANGS:
        facts = [(r, f) for _, r in ROWS if r["lang"] == lang for f in r["facts"]]
        assert {f["period"] for _, f in facts} == set(PERIODS), lang
        assert any(f["approx"] for _, f in facts) and not all(f["approx"] for _, f in facts)
        assert any(f["term_months"] for _, f in facts), lang
        assert any("as_of" in f for _, f in facts), lang
        assert any(len(r["facts"]) == 2 for r, _ in facts), lang
        assert len({f["currency"] for _, f in facts}) >= 3, lang


def test_renderings_cover_separators_and_scales() -> None:
    assert {"2,2", "2.2"} <= renderings(2_200_000)
    assert {"1.500", "1,500", "1 500", "1500"} <= renderings(1_500_000_000)
    assert "38\u202f000" in renderings(38_000)
    assert "20" in renderings(20_000_000) and "7" not in renderings(20_000_000)


def test_loads_through_the_scorer() -> None:
    passages = load_gold()
    assert len(passages) == len(ROWS)
    assert {p.lang for p in passages} == set(LANGS)


SHARED = Path(os.environ.get("NEWSFACTS_SHARED") or Path(__file__).resolve().parents[2] / "shared")
DEV_SET = Path(os.environ.get("NEWSFACTS_DEV_SET") or SHARED / "eval" / "dev.jsonl")


@pytest.mark.skipif(not DEV_SET.is_file(),
                    reason=f"external dev set not at {DEV_SET} (set NEWSFACTS_SHARED)")
def test_no_sentence_is_borrowed_from_the_external_dev_set() -> None:
    def shingles(text: str, n: int = 7) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    dev = set()
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        if line.strip():
            dev |= shingles(json.loads(line)["text"])
    borrowed = [r["id"] for _, r in ROWS if shingles(r["text"]) & dev]
    assert borrowed == []
