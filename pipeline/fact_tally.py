"""A fact's running counts over its evidence (its tally), stored with the fact, so evidence that
only adds to a company pair updates the facts without re-reading what they already hold.

`summary` of a tally gives the same columns as `consolidate.summarize` of the rows it counts.
A tally holds counts, not article ids, so its size follows the distinct values its rows
state, not how many articles stated them; the price is that `merge` is exact only for rows
of other articles (what new articles add to a fact), which is how consolidation uses it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.clustering import Observation
from pipeline.records import PERIODS

Variant = tuple  # (amount, currency, period, share): one way the figure was stated


@dataclass
class Tally:
    """Counts over the evidence rows of one fact."""

    rows: int = 0
    # variant -> [articles (no article: one more), top confidence, all approximate, first row]
    variants: dict[Variant, list[Any]] = field(default_factory=dict)
    detail: Counter[tuple] = field(default_factory=Counter)  # (variant, term, usd) -> rows
    product: Counter[Any] = field(default_factory=Counter)
    as_of: Counter[Any] = field(default_factory=Counter)
    segment: Counter[Any] = field(default_factory=Counter)
    by_site: dict[str, float] = field(default_factory=dict)  # site -> top confidence
    hosts: set[str] = field(default_factory=set)
    articles: int = 0  # distinct articles
    approx: bool = False
    first_seen: Any = None
    last_seen: Any = None

    def _add(self, o: Observation) -> None:
        """Count one more evidence row, all but its article (`tally` counts those)."""
        self.rows += 1
        v = (o.amount, o.currency, o.period, o.share)
        entry = self.variants.get(v)
        if entry is None:
            self.variants[v] = [0, o.confidence, o.approx, o.evidence_id]
        else:
            entry[1] = max(entry[1], o.confidence)
            entry[2] = min(entry[2], o.approx)
            entry[3] = min(entry[3], o.evidence_id)
        self.detail[(v, o.term_months, o.usd)] += 1
        for counter, value in ((self.product, o.product), (self.as_of, o.as_of),
                               (self.segment, o.segment)):
            if value is not None:
                counter[value] += 1
        site = o.host or f"article:{o.article_id}"
        self.by_site[site] = max(self.by_site.get(site, 0.0), o.confidence)
        if o.host:
            self.hosts.add(o.host)
        self.approx = self.approx or bool(o.approx)
        if o.seen:
            self._seen(o.seen, o.seen)

    def _seen(self, first: Any, last: Any) -> None:
        if first is not None and (self.first_seen is None or first < self.first_seen):
            self.first_seen = first
        if last is not None and (self.last_seen is None or last > self.last_seen):
            self.last_seen = last

    def merge(self, other: Tally) -> None:
        """Add the counts of rows that come from other articles than this tally's rows."""
        self.rows += other.rows
        for v, (n, conf, approx, first) in other.variants.items():
            entry = self.variants.get(v)
            if entry is None:
                self.variants[v] = [n, conf, approx, first]
            else:
                entry[0] += n
                entry[1], entry[2] = max(entry[1], conf), min(entry[2], approx)
                entry[3] = min(entry[3], first)
        self.detail.update(other.detail)
        self.product.update(other.product)
        self.as_of.update(other.as_of)
        self.segment.update(other.segment)
        for site, conf in other.by_site.items():
            self.by_site[site] = max(self.by_site.get(site, 0.0), conf)
        self.hosts |= other.hosts
        self.articles += other.articles
        self.approx = self.approx or other.approx
        self._seen(other.first_seen, other.last_seen)

    def to_json(self) -> str:
        """The tally as canonical JSON (equal tallies give equal text)."""
        return json.dumps({
            "rows": self.rows,
            "variants": sorted([[list(v), n, conf, approx, first]
                                for v, (n, conf, approx, first) in self.variants.items()],
                               key=lambda x: x[4]),
            "detail": sorted(([list(v), term, usd, n]
                              for (v, term, usd), n in self.detail.items()), key=repr),
            "product": sorted(self.product.items(), key=repr),
            "as_of": sorted(self.as_of.items(), key=repr),
            "segment": sorted(self.segment.items(), key=repr),
            "by_site": sorted(self.by_site.items()),
            "hosts": sorted(self.hosts), "articles": self.articles,
            "approx": self.approx, "seen": [self.first_seen, self.last_seen],
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Tally:
        """The tally stored as `to_json` text (or as an older build wrote it: article ids)."""
        d = json.loads(text)
        t = cls(rows=d["rows"], approx=d["approx"], hosts=set(d["hosts"]),
                articles=_number(d["articles"]), first_seen=d["seen"][0],
                last_seen=d["seen"][1])
        t.variants = {tuple(v): [_number(n), conf, approx, first]
                      for v, n, conf, approx, first in d["variants"]}
        t.detail = Counter({(tuple(v), term, usd): n for v, term, usd, n in d["detail"]})
        for name in ("product", "as_of", "segment"):
            setattr(t, name, Counter(dict((k, n) for k, n in d[name])))
        t.by_site = dict((k, c) for k, c in d["by_site"])
        return t


def _number(value: int | list[Any]) -> int:
    return len(value) if isinstance(value, list) else int(value)


def tally(rows: Iterable[Observation]) -> Tally:
    """The tally of some evidence rows."""
    t = Tally()
    by_variant: dict[Variant, set[Any]] = defaultdict(set)
    articles = set()
    for o in rows:
        t._add(o)
        by_variant[(o.amount, o.currency, o.period, o.share)].add(o.article_id)
        if o.article_id is not None:
            articles.add(o.article_id)
    for v, ids in by_variant.items():
        t.variants[v][0] = len(ids)
    t.articles = len(articles)
    return t


def _most_common(counts: Counter[Any]) -> Any:
    """The most frequent value; ties go to the shortest, then the smallest."""
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], len(str(v)), str(v)))


def _median(counts: Counter[Any]) -> Any:
    """statistics.median of the multiset `counts` (value -> how many), None when empty."""
    n = sum(counts.values())
    if not n:
        return None
    values = sorted(counts)

    def nth(k: int) -> Any:
        for v in values:
            if k < counts[v]:
                return v
            k -= counts[v]
        raise IndexError(k)

    return nth(n // 2) if n % 2 else (nth(n // 2 - 1) + nth(n // 2)) / 2


def summary(t: Tally) -> dict[str, Any]:
    """The fact columns for the rows `t` counts (as `consolidate.summarize` computes them)."""

    def rank(item: tuple[Variant, list[Any]]) -> tuple:
        (amount, currency, period, share), (n, conf, approx, _) = item
        return (-n, -conf, approx, PERIODS.index(period) if period in PERIODS else 99,
                currency or "", amount or 0.0, share or 0.0)

    ordered = sorted(t.variants.items(), key=lambda item: item[1][3])  # ties: first stated
    rep = min(ordered, key=rank)[0]
    amount, currency, period, share = rep
    terms: Counter[Any] = Counter()
    rep_usd: Counter[Any] = Counter()
    all_usd: Counter[Any] = Counter()
    for (v, term, usd), n in t.detail.items():
        if usd is not None:
            all_usd[usd] += n
        if v == rep:
            if term is not None:
                terms[term] += n
            if usd is not None:
                rep_usd[usd] += n
    miss = 1.0
    for c in sorted(t.by_site.values()):
        miss *= 1.0 - min(max(c, 0.0), 1.0)
    return {
        "amount": amount, "currency": currency, "period": period,
        "term_months": _most_common(terms), "approx": int(t.approx),
        "product": _most_common(t.product), "as_of": _most_common(t.as_of),
        "amount_usd_per_year": _median(rep_usd or all_usd),
        "share": share, "segment": _most_common(t.segment),
        "confidence": round(1.0 - miss, 4),
        "first_seen": t.first_seen, "last_seen": t.last_seen,
        "n_articles": t.articles, "n_sites": len(t.hosts),
    }
