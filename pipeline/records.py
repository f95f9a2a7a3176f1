"""The records that flow from one stage to the next: plain dataclasses, no behaviour.

Each stage reads one of these kinds and writes the next; the store keeps them as rows.
Keeping them here (not inside a stage) lets a stage change its internals freely.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PERIODS = ("month", "year", "quarter", "week", "day", "total")


@dataclass
class ArticleRecord:
    """What article extraction makes of one HTML page."""

    url: str
    text: str = ""
    title: str | None = None
    canonical_url: str | None = None
    published_at: str | None = None  # ISO 8601 date or datetime; None when unknown
    lang: str | None = None  # ISO 639-1
    author: str | None = None
    site: str | None = None
    is_article: bool = True
    links: list[str] = field(default_factory=list)  # absolute links, for the crawler
    # Which path gave the text: "dom" (our pass over the parsed tree), "trafilatura" (the
    # fallback), "jsonld" (articleBody), "article" (a short declared article's own element),
    # "skipped" (no currency amount in the bytes, text not extracted); None without a tree.
    extractor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    """Where a fact was read: the sentence and its character span in the article text."""

    sentence: str
    start: int
    end: int


@dataclass
class Fact:
    """One payment statement: payer pays payee amount currency per period."""

    payer: str
    payee: str
    amount: float
    currency: str  # ISO 4217
    period: str  # one of PERIODS
    evidence: Evidence
    term_months: int | None = None
    approx: bool = False
    product: str | None = None
    as_of: str | None = None  # ISO date
    amount_usd_per_year: float | None = None
    confidence: float = 0.5
    rule_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CompanyLink:
    """A parent-subsidiary statement ("TikTok, a ByteDance subsidiary")."""

    child: str
    parent: str
    evidence: Evidence
    confidence: float = 0.5
    rule_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RevenueShare:
    """A share-of-revenue statement ("nearly 25% of Microsoft's AI-model revenue")."""

    company: str  # whose revenue
    share: float  # percent, 0-100
    evidence: Evidence
    payer: str | None = None  # who the share comes from, when the text says
    segment: str | None = None
    approx: bool = False
    confidence: float = 0.5
    rule_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Extraction:
    """Everything fact extraction found in one text."""

    lang: str
    facts: list[Fact] = field(default_factory=list)
    links: list[CompanyLink] = field(default_factory=list)
    shares: list[RevenueShare] = field(default_factory=list)
