"""Score payment-fact extraction against the project's gold passages, so quality is a number.

Gold lines (corpora/gold/<lang>.jsonl) hold a passage and the facts it states; predictions
come from the extractor or from a JSONL file (`{"id": ..., "facts": [...]}`). A predicted fact
matches a gold fact when payer and payee match one of the gold names after normalisation,
the amount is within 0.5 %, and currency and period are equal; each gold fact matches at
most one prediction. Scores are per language plus an "all" row (micro-averaged).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.exceptions import InputError, NewsfactsError
from pipeline.jsonl import iter_objects, page_url

AMOUNT_TOLERANCE = 0.005
DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "corpora" / "gold"

# Legal-form words dropped from the end of a company name before comparing.
_LEGAL_SUFFIXES = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
    "plc", "lp", "llp", "gmbh", "ag", "kg", "kgaa", "se", "sa", "sas", "sarl", "spa", "srl",
    "sl", "slu", "nv", "bv", "ab", "asa", "oy", "oyj", "holdings", "holding",
}
_LEADING_ARTICLES = {"the", "la", "le", "il", "lo", "l", "el", "los", "las", "die", "der", "das"}


@dataclass
class Passage:
    """One gold passage: its text and the facts it states ([] for a negative)."""

    id: str
    lang: str
    text: str
    facts: list[dict[str, Any]]
    published_at: str | None = None
    url: str | None = None  # the page it comes from (pipeline.jsonl.page_url)


@dataclass
class Outcome:
    """How the predictions for one passage compare with its gold facts."""

    passage: Passage
    predicted: list[dict[str, Any]]
    matched: list[tuple[int, int]]  # (gold index, predicted index)
    pairs_matched: int
    error: str | None = None  # the exception the predictor raised on this passage

    @property
    def missed(self) -> list[dict[str, Any]]:
        used = {g for g, _ in self.matched}
        return [f for i, f in enumerate(self.passage.facts) if i not in used]

    @property
    def spurious(self) -> list[dict[str, Any]]:
        used = {p for _, p in self.matched}
        return [f for i, f in enumerate(self.predicted) if i not in used]


@dataclass
class Score:
    """Counts and ratios for one language (or "all")."""

    lang: str
    passages: int = 0
    gold: int = 0
    predicted: int = 0
    tp: int = 0
    pair_tp: int = 0
    negatives: int = 0
    negatives_with_output: int = 0
    crashed: int = 0  # passages on which the predictor raised
    approx_agree: int = 0  # matched facts whose hedge flag agrees with gold
    term_agree: int = 0  # matched facts whose term_months agrees with gold

    @property
    def fp(self) -> int:
        return self.predicted - self.tp

    @property
    def fn(self) -> int:
        return self.gold - self.tp

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.predicted, self.gold)

    @property
    def pair_f1(self) -> float:
        return _f1(self.pair_tp, self.predicted, self.gold)

    def add(self, outcome: Outcome) -> None:
        self.passages += 1
        self.gold += len(outcome.passage.facts)
        self.predicted += len(outcome.predicted)
        self.tp += len(outcome.matched)
        self.pair_tp += outcome.pairs_matched
        self.crashed += outcome.error is not None
        for g, p in outcome.matched:
            gold, pred = outcome.passage.facts[g], outcome.predicted[p]
            self.approx_agree += bool(gold.get("approx")) == bool(pred.get("approx"))
            self.term_agree += gold.get("term_months") == pred.get("term_months")
        if not outcome.passage.facts:
            self.negatives += 1
            self.negatives_with_output += bool(outcome.predicted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang, "passages": self.passages, "gold": self.gold,
            "predicted": self.predicted, "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "pair_f1": round(self.pair_f1, 4),
            "negatives": self.negatives, "negatives_with_output": self.negatives_with_output,
            "crashed": self.crashed, "approx_agree": self.approx_agree, "term_agree": self.term_agree,
        }


@dataclass
class Report:
    """Per-language scores, the "all" row, and every passage's outcome (for --errors)."""

    scores: list[Score]
    outcomes: list[Outcome] = field(default_factory=list)

    def row(self, lang: str) -> Score:
        for s in self.scores:
            if s.lang == lang:
                return s
        raise KeyError(lang)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(tp: int, predicted: int, gold: int) -> float:
    p, r = _ratio(tp, predicted), _ratio(tp, gold)
    return 2 * p * r / (p + r) if p + r else 0.0


# --- names ----------------------------------------------------------------------------------

def normalise_name(name: str) -> str:
    """Comparable form of a company name: case, accents, punctuation, possessive, legal form."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['\u2019]s\b", "", text)  # possessive
    text = re.sub(r"(?<=\w)\.(?=\w\.)", "", text)  # S.p.A. -> SpA
    text = re.sub(r"[^\w]+", " ", text).strip()
    words = text.split()
    while len(words) > 1 and words[-1].replace(".", "") in _LEGAL_SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words.pop(0)
    return " ".join(words)


def _names(value: Any) -> set[str]:
    values = value if isinstance(value, list) else [value]
    return {normalise_name(str(v)) for v in values if v}


def _pair_ok(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return (normalise_name(str(pred.get("payer") or "")) in _names(gold["payer"])
            and normalise_name(str(pred.get("payee") or "")) in _names(gold["payee"]))


def _amount_ok(gold: float, pred: Any) -> bool:
    try:
        value = float(pred)
    except (TypeError, ValueError):
        return False
    return abs(value - gold) <= AMOUNT_TOLERANCE * abs(gold)


def _currency_ok(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Equal ISO codes; a gold currency of null (the text names none) accepts any."""
    if gold["currency"] is None:
        return True
    return str(pred.get("currency") or "").upper() == str(gold["currency"]).upper()


def facts_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """The strict test: pair, amount within 0.5 %, currency and period equal."""
    return (_pair_ok(gold, pred)
            and _amount_ok(float(gold["amount"]), pred.get("amount"))
            and _currency_ok(gold, pred)
            and pred.get("period") == gold["period"])


def mismatch(gold: dict[str, Any], pred: dict[str, Any]) -> list[str]:
    """Which fields of `pred` differ from `gold` ("payer", "amount", ...); [] when it matches."""
    bad = []
    if normalise_name(str(pred.get("payer") or "")) not in _names(gold["payer"]):
        bad.append("payer")
    if normalise_name(str(pred.get("payee") or "")) not in _names(gold["payee"]):
        bad.append("payee")
    if not _amount_ok(float(gold["amount"]), pred.get("amount")):
        bad.append("amount")
    if not _currency_ok(gold, pred):
        bad.append("currency")
    if pred.get("period") != gold["period"]:
        bad.append("period")
    return bad


def _one_to_one(gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]],
                test: Callable[[dict[str, Any], dict[str, Any]], bool]) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for g, gf in enumerate(gold):
        for p, pf in enumerate(pred):
            if p not in used and test(gf, pf):
                used.add(p)
                pairs.append((g, p))
                break
    return pairs


def compare(passage: Passage, predicted: Sequence[dict[str, Any]]) -> Outcome:
    """Match one passage's predicted facts against its gold facts."""
    predicted = list(predicted)
    return Outcome(
        passage=passage, predicted=predicted,
        matched=_one_to_one(passage.facts, predicted, facts_match),
        pairs_matched=len(_one_to_one(passage.facts, predicted, _pair_ok)),
    )


def score(outcomes: Iterable[Outcome]) -> Report:
    """Per-language scores (sorted by language) and an "all" row last."""
    outcomes = list(outcomes)
    by_lang: dict[str, Score] = {}
    total = Score("all")
    for o in outcomes:
        by_lang.setdefault(o.passage.lang, Score(o.passage.lang)).add(o)
        total.add(o)
    return Report([by_lang[k] for k in sorted(by_lang)] + [total], outcomes)


# --- loading --------------------------------------------------------------------------------

def _gold_files(paths: Sequence[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths or [DEFAULT_GOLD]:
        path = Path(raw)
        if path.is_dir():
            found = sorted(path.glob("*.jsonl"))
            if not found:
                raise InputError(f"{path}: no *.jsonl gold files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such gold file or folder")
    return files


_FACT_KEYS = ("payer", "payee", "amount", "currency", "period")


def load_gold(paths: Sequence[str | Path] = ()) -> list[Passage]:
    """Gold passages from files and folders (default corpora/gold/), in file order."""
    passages: list[Passage] = []
    seen: set[str] = set()
    for path in _gold_files(paths):
        for n, obj in iter_objects(path):
            where = f"{path}:{n}"
            missing = [k for k in ("id", "lang", "text", "facts") if k not in obj]
            if missing:
                raise InputError(f"{where}: missing {', '.join(missing)}")
            if obj["id"] in seen:
                raise InputError(f"{where}: duplicate id {obj['id']!r}")
            seen.add(obj["id"])
            if not isinstance(obj["facts"], list):
                raise InputError(f"{where}: 'facts' must be a list")
            for fact in obj["facts"]:
                lacking = [k for k in _FACT_KEYS if not isinstance(fact, dict) or k not in fact]
                if lacking:
                    raise InputError(f"{where}: a fact lacks {', '.join(lacking)}")
                if not isinstance(fact["amount"], int | float) or isinstance(fact["amount"], bool):
                    raise InputError(f"{where}: amount must be a number")
            passages.append(Passage(id=str(obj["id"]), lang=str(obj["lang"]), text=obj["text"],
                                    facts=obj["facts"], published_at=obj.get("published_at"),
                                    url=page_url(obj)))
    return passages


def load_predictions(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Predicted facts by passage id from a JSONL file of `{"id": ..., "facts": [...]}`."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such predictions file")
    out: dict[str, list[dict[str, Any]]] = {}
    for n, obj in iter_objects(path):
        if "id" not in obj or not isinstance(obj.get("facts"), list):
            raise InputError(f"{path}:{n}: expected {{\"id\": ..., \"facts\": [...]}}")
        out.setdefault(str(obj["id"]), []).extend(obj["facts"])
    return out


# --- running ----------------------------------------------------------------------------------

Predictor = Callable[[Passage], list[dict[str, Any]]]


def extractor_predictor() -> Predictor:
    """Run the real extractor (spaCy + rules) on each passage."""
    try:
        from pipeline.facts.extractor import Extractor
    except ImportError as e:
        raise NewsfactsError(f"the fact extractor is not available ({e}); "
                             "score a file with --predictions instead") from e

    extractor = Extractor()

    def predict(passage: Passage) -> list[dict[str, Any]]:
        extraction = extractor.extract(passage.text, lang=passage.lang,
                                       published_at=passage.published_at, url=passage.url)
        return [f.to_dict() for f in extraction.facts]

    return predict


def _predict_one(passage: Passage, predict: Predictor) -> Outcome:
    try:
        predicted = predict(passage)
    except Exception as e:  # noqa: BLE001 - one crashing passage must not hide the others
        outcome = compare(passage, [])
        outcome.error = f"{type(e).__name__}: {e}"
        return outcome
    return compare(passage, predicted)


def evaluate(passages: Sequence[Passage], predict: Predictor) -> Report:
    """Predict every passage and score the result; a passage that raises predicts nothing."""
    return score(_predict_one(p, predict) for p in passages)


def save_predictions(report: Report, path: str | Path) -> None:
    """Write every passage's predicted facts as JSONL, readable by load_predictions."""
    with open(path, "w", encoding="utf-8") as fh:
        for o in report.outcomes:
            fh.write(json.dumps({"id": o.passage.id, "facts": o.predicted},
                                ensure_ascii=False, default=str) + "\n")


def evaluate_predictions(passages: Sequence[Passage],
                         predictions: dict[str, list[dict[str, Any]]]) -> Report:
    """Score stored predictions; a passage without a line predicts nothing."""
    return score(compare(p, predictions.get(p.id, [])) for p in passages)


# --- presenting ------------------------------------------------------------------------------

TABLE_COLUMNS = ("lang", "passages", "gold", "pred", "tp", "fp", "fn", "P", "R", "F1",
                 "pair_F1", "neg_with_output")


def table_rows(report: Report) -> list[tuple[Any, ...]]:
    """The per-language table as rows matching TABLE_COLUMNS."""
    return [(s.lang, s.passages, s.gold, s.predicted, s.tp, s.fp, s.fn,
             f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", f"{s.pair_f1:.3f}",
             f"{s.negatives_with_output}/{s.negatives}") for s in report.scores]


def _fact_text(f: dict[str, Any]) -> str:
    payer = f["payer"][0] if isinstance(f.get("payer"), list) else f.get("payer")
    payee = f["payee"][0] if isinstance(f.get("payee"), list) else f.get("payee")
    amount = f.get("amount")
    shown = f"{amount:,.0f}" if isinstance(amount, int | float) else str(amount)
    term = f" over {f['term_months']} months" if f.get("term_months") else ""
    return f"{payer} -> {payee} {shown} {f.get('currency')}/{f.get('period')}{term}"


def error_lines(report: Report) -> list[str]:
    """One block per passage with a missed or spurious fact, closest mismatch explained."""
    lines: list[str] = []
    for o in report.outcomes:
        missed, spurious = o.missed, o.spurious
        if not missed and not spurious and not o.error:
            continue
        lines.append(f"{o.passage.id}: {o.passage.text}")
        if o.error:
            lines.append(f"  crashed   {o.error}")
        for g in missed:
            near = min(spurious, key=lambda p, g=g: len(mismatch(g, p)), default=None)
            why = f"  (closest wrong: {', '.join(mismatch(g, near))})" if near else ""
            lines.append(f"  missed    {_fact_text(g)}{why}")
        for p in spurious:
            label = "wrong" if missed else "spurious"
            lines.append(f"  {label:<9} {_fact_text(p)}")
    return lines


def gate_failures(report: Report, min_f1: float | None = None,
                  min_precision: float | None = None) -> list[str]:
    """Reasons the "all" row is below the floors; [] when it passes."""
    total = report.row("all")
    out = []
    if total.crashed:
        out.append(f"{total.crashed} passage(s) raised an exception")
    if min_f1 is not None and total.f1 < min_f1:
        out.append(f"F1 {total.f1:.3f} < {min_f1:.3f}")
    if min_precision is not None and total.precision < min_precision:
        out.append(f"precision {total.precision:.3f} < {min_precision:.3f}")
    return out
