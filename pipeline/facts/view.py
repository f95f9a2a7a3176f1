"""What the relation layer reads and writes for one sentence: its view and its readings.

Kept apart from the modules that build them (relations, deals, scorer, shares, explain) so
that each of those imports this one, and none of them another's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.facts.companies import Mention
from pipeline.facts.frames import Trigger
from pipeline.facts.money import Amount
from pipeline.facts.periods import PeriodMention
from pipeline.records import Extraction


@dataclass
class SentenceView:
    """What the relation layer sees in one sentence (offsets relative to `text`)."""

    text: str
    offset: int
    lang: str
    amounts: list[Amount]
    periods: list[PeriodMention]
    triggers: list[Trigger]
    mentions: list[Mention]
    article: str = ""  # the whole text the sentence belongs to ("" when read alone)
    near: int = 0  # in a context view of two sentences, where the nearer one starts


@dataclass
class Candidate:
    """A payment read from one sentence; `payee` None is a partial one (used to merge)."""

    payer: str | None
    payee: str | None
    amount: Amount
    period: str
    term_months: int | None
    product: str | None
    confidence: float
    rule_id: str
    sentence: SentenceView
    notes: list[str] = field(default_factory=list)


# --- rules -----------------------------------------------------------------------------


@dataclass
class Party:
    name: str
    mention: Mention
    origin: str  # here | ref (a back-reference resolved) | prev (the sentence before)


@dataclass
class Scored:
    """One reading: `payer` pays `payee` `amount`, its features and probability."""

    payer: Party
    payee: Party
    amount: Amount
    features: dict[str, float]
    rule: Candidate | None = None
    score: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything the extractor saw in one text: for `explain` and for building facts."""

    lang: str
    pipeline: str
    sentences: list[tuple[int, int]]
    considered: list[int]
    views: dict[int, SentenceView] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    scored: list[Scored] = field(default_factory=list)  # every reading, scored
    extraction: Extraction | None = None
    # candidates of sentences whose rules never read the sentence before (the context
    # probe showed it): the same whatever comes before, so not assembled twice
    settled: dict[int, tuple[list[Candidate], list[Scored]]] = field(default_factory=dict)
    amounts: dict[int, list[Amount]] = field(default_factory=dict)  # found by the gate
