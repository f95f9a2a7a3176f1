"""Which statements report the same payment: the pairwise rule and its connected components,
found without comparing every pair, so consolidation stays fast as a pair's evidence grows.

`components` gives exactly the connected components of `same_payment`: identical statements
are one node, only values that sort near each other are compared, and the as-of date rule
(same year, or at most AS_OF_WINDOW_DAYS apart) joins nodes through their date order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import NamedTuple

MERGE_TOLERANCE = 0.02  # same currency and period, or same currency per year
CROSS_CURRENCY_TOLERANCE = 0.05  # per-year USD values derived from different currencies
SHARE_TOLERANCE_PP = 0.5  # revenue shares within half a percentage point are the same
AS_OF_WINDOW_DAYS = 92  # as-of dates in different years but this close may be one payment

_SLACK = 1 + 1e-9  # candidate windows are a hair wider than the rule; the rule decides


class Observation(NamedTuple):
    """One evidence row, with the article facts a fact's dates and counts come from (a named
    tuple: regrouping builds many)."""

    evidence_id: int
    fact_id: int
    kind: str
    article_id: int | None
    amount: float | None
    currency: str | None
    period: str | None
    term_months: int | None
    approx: bool
    product: str | None
    as_of: str | None
    usd: float | None
    share: float | None
    segment: str | None
    confidence: float
    start: int | None
    seen: str | None  # article published_at, else when it was fetched
    host: str | None


def rel_diff(a: float, b: float) -> float:
    """|a - b| relative to the larger magnitude (0 when both are 0)."""
    top = max(abs(a), abs(b))
    return abs(a - b) / top if top else 0.0


def _as_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def when_compatible(a: str | None, b: str | None) -> bool:
    """Whether two as-of dates can describe one payment: unknown, the same year, or (for
    publication dates either side of New Year) at most AS_OF_WINDOW_DAYS apart."""
    if not a or not b or a[:4] == b[:4]:
        return True
    da, db = _as_date(a), _as_date(b)
    return da is not None and db is not None and abs((da - db).days) <= AS_OF_WINDOW_DAYS


def compatible(a: str | None, b: str | None) -> bool:
    """Whether two optional labels (segments) can name the same thing."""
    return a is None or b is None or a.casefold() == b.casefold()


def same_payment(a: Observation, b: Observation) -> bool:
    """Whether two statements of one company pair report the same payment."""
    if a.kind != b.kind:
        return False
    if a.kind == "revenue_share":
        return (compatible(a.segment, b.segment) and a.share is not None
                and b.share is not None and abs(a.share - b.share) <= SHARE_TOLERANCE_PP)
    if not when_compatible(a.as_of, b.as_of):
        return False
    if a.amount is not None and b.amount is not None and a.currency == b.currency \
            and a.period == b.period:
        return rel_diff(a.amount, b.amount) <= MERGE_TOLERANCE
    if a.usd is not None and b.usd is not None:
        tol = MERGE_TOLERANCE if a.currency == b.currency else CROSS_CURRENCY_TOLERANCE
        return rel_diff(a.usd, b.usd) <= tol
    return False


# --- connected components ------------------------------------------------------------------


class UnionFind:
    """Disjoint sets over 0..n-1 (each root is its set's smallest member)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


ValueSig = tuple  # everything `same_payment` reads except the as-of date


def _value_sig(o: Observation) -> ValueSig:
    segment = o.segment.casefold() if o.segment is not None else None
    return (o.kind, o.amount, o.currency, o.period, o.usd, o.share, segment)


def _time_key(o: Observation) -> str | None:
    """The as-of date as the rule reads it (revenue shares ignore it; '' means unknown)."""
    return None if o.kind == "revenue_share" or not o.as_of else o.as_of


def regular(o: Observation) -> bool:
    """Finite numbers and a statement that matches itself: what the fast path assumes."""
    try:
        if not all(x is None or math.isfinite(x) for x in (o.amount, o.usd, o.share)):
            return False
    except TypeError:
        return False
    if o.kind == "revenue_share":
        return o.share is not None
    return o.amount is not None or o.usd is not None


class _Timeline:
    """The nodes (one per distinct as-of date) of one value signature, as the date rule sees
    them: unknown dates, one node per year, and parseable dates in order."""

    def __init__(self, nodes: list[tuple[str | None, int]]) -> None:
        self.nodes = [i for _, i in nodes]
        self.wild = next((i for when, i in nodes if when is None), None)
        self.years: dict[str, int] = {}
        self.year_members: dict[str, list[int]] = defaultdict(list)
        dated = []
        for when, i in nodes:
            if when is None:
                continue
            self.years.setdefault(when[:4], i)
            self.year_members[when[:4]].append(i)
            day = _as_date(when)
            if day is not None:
                dated.append((day.toordinal(), i))
        dated.sort()
        self.days = [d for d, _ in dated]
        self.dated = [i for _, i in dated]

    def join_within(self, uf: UnionFind) -> None:
        """Union the nodes whose dates are compatible (equal values match themselves)."""
        if self.wild is not None:
            for i in self.nodes:
                uf.union(self.wild, i)
            return
        for members in self.year_members.values():
            for i in members[1:]:
                uf.union(members[0], i)
        for k in range(1, len(self.days)):
            if self.days[k] - self.days[k - 1] <= AS_OF_WINDOW_DAYS:
                uf.union(self.dated[k - 1], self.dated[k])

    def join_across(self, other: _Timeline, uf: UnionFind) -> None:
        """Union nodes of two value signatures that match, where their dates are compatible.
        Within each side compatible dates are joined already, so the nearest date on the
        other side (either way) stands for all the dates that side has in reach."""
        if self.wild is not None or other.wild is not None:
            for wild, nodes in ((self.wild, other.nodes), (other.wild, self.nodes)):
                if wild is not None:
                    for i in nodes:
                        uf.union(wild, i)
            return
        for year in self.years.keys() & other.years.keys():
            uf.union(self.years[year], other.years[year])
        for day, i in zip(self.days, self.dated, strict=True):
            k = bisect.bisect_left(other.days, day)
            for j in (k - 1, k):
                if 0 <= j < len(other.days) and abs(other.days[j] - day) <= AS_OF_WINDOW_DAYS:
                    uf.union(i, other.dated[j])


def _windows(values: list[tuple[float, int]], near: Callable[[float, float], bool]
             ) -> set[tuple[int, int]]:
    """Pairs of ids whose values are `near` (a rule that only weakens as values move apart),
    scanning each value's neighbours in sorted order until the first one out of reach."""
    values.sort(key=lambda v: v[0])
    pairs = set()
    for a in range(len(values)):
        for b in range(a + 1, len(values)):
            if not near(values[a][0], values[b][0]):
                break
            x, y = values[a][1], values[b][1]
            pairs.add((min(x, y), max(x, y)))
    return pairs


def _matching_values(reps: list[Observation]) -> list[tuple[int, int]]:
    """Index pairs of value signatures (as-of dates aside) that `same_payment` joins."""
    amounts: dict[tuple, list[tuple[float, int]]] = defaultdict(list)
    usds: dict[str, list[tuple[float, int]]] = defaultdict(list)
    shares: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for n, o in enumerate(reps):
        if o.kind == "revenue_share":
            if o.share is not None:
                shares[o.kind].append((o.share, n))
            continue
        if o.amount is not None:
            amounts[(o.kind, o.currency, o.period)].append((o.amount, n))
        if o.usd is not None:
            usds[o.kind].append((o.usd, n))
    candidates: set[tuple[int, int]] = set()
    for values in amounts.values():
        candidates |= _windows(values, lambda a, b: rel_diff(a, b) <= MERGE_TOLERANCE * _SLACK)
    for values in usds.values():
        candidates |= _windows(
            values, lambda a, b: rel_diff(a, b) <= CROSS_CURRENCY_TOLERANCE * _SLACK)
    for values in shares.values():
        candidates |= _windows(values, lambda a, b: b - a <= SHARE_TOLERANCE_PP * _SLACK)
    bare = [o._replace(as_of=None) for o in reps]
    return sorted((a, b) for a, b in candidates if same_payment(bare[a], bare[b]))


def components(observations: Sequence[Observation]) -> list[list[Observation]]:
    """The connected components of `same_payment`, each sorted by evidence id, listed by
    their first evidence id (the same result as comparing every pair)."""
    obs = sorted(observations, key=lambda o: o.evidence_id)
    uf = UnionFind(len(obs))
    nodes: dict[tuple[ValueSig, str | None], list[int]] = defaultdict(list)
    for i, o in enumerate(obs):
        nodes[(_value_sig(o), _time_key(o))].append(i)
    irregular: list[int] = []
    timelines: dict[ValueSig, list[tuple[str | None, int]]] = defaultdict(list)
    for (sig, when), members in nodes.items():
        if not regular(obs[members[0]]):
            irregular.extend(members)
            continue
        for i in members[1:]:
            uf.union(members[0], i)
        timelines[sig].append((when, members[0]))
    sigs = list(timelines)
    lines = [_Timeline(timelines[sig]) for sig in sigs]
    for line in lines:
        line.join_within(uf)
    for a, b in _matching_values([obs[timelines[sig][0][1]] for sig in sigs]):
        lines[a].join_across(lines[b], uf)
    for i in irregular:  # NaN, infinite or self-contradictory values: compare with all,
        for j in range(len(obs)):  # earlier evidence first (NaN makes the rule one-sided)
            if j != i and same_payment(obs[min(i, j)], obs[max(i, j)]):
                uf.union(i, j)
    groups: dict[int, list[Observation]] = defaultdict(list)
    for i, o in enumerate(obs):
        groups[uf.find(i)].append(o)
    return list(groups.values())
