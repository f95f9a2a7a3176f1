"""Merge what many articles said into one fact per payment, flag disagreements, keep companies.

Evidence rows are the source of truth: each holds what one article said (payer and payee as
read, amount, period, usd/year, ...). Facts are recomputed from the evidence of their group
(kind, canonical payer, canonical payee) whenever that group changes, so the result depends
only on the set of articles, never on the order they arrived in.

Two statements are the same payment when they name the same companies (through the company
index: gazetteer names and aliases) and the same amount in the same currency and period
within MERGE_TOLERANCE, or the same amount per year stated another way ($20M a month and
$240M a year; CROSS_CURRENCY_TOLERANCE when the currencies differ). Merging is transitive
(connected components, found by pipeline/clustering.py without comparing every pair). Facts
of one group that are comparable but differ by more than CONFLICT_RATIO are both marked
conflicting and linked in fact_conflicts. A fact's USD per year is its own amount, currency
and period at the ECB rate of its date (`with_usd`), stored with that rate and its day.

Each fact stores a tally of its evidence (pipeline/fact_tally.py). A group that only gained
rows is regrouped from the new rows and the tallies of the facts they join (found through an
index of evidence values), and only facts that changed are written, so the work per article
grows neither with the group's evidence nor with its facts (finding the conflicts of a new
fact still compares it with each fact of its pair). A group that lost rows (the evidence_ad
trigger clears the tallies of facts that lose rows), or whose tallies do not match its row
counts, is recomputed from every row. Both ways give the same facts, ids and conflicts.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pipeline import fx
from pipeline.clustering import (  # noqa: F401 - Observation and same_payment are re-exported
    AS_OF_WINDOW_DAYS,
    CROSS_CURRENCY_TOLERANCE,
    MERGE_TOLERANCE,
    SHARE_TOLERANCE_PP,
    Observation,
    UnionFind,
    compatible,
    components,
    regular,
    same_payment,
    when_compatible,
)
from pipeline.fact_tally import Tally, tally
from pipeline.fact_tally import summary as tally_summary
from pipeline.facts.lexicon import load_jsonl
from pipeline.facts.normalise import usd_per_year
from pipeline.records import PERIODS
from pipeline.store.db import Store, utcnow

CONFLICT_RATIO = 1.10  # comparable amounts further apart than this disagree
SHARE_CONFLICT_PP = 2.0  # revenue shares further apart than this disagree

_LEGAL_SUFFIXES = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
    "plc", "sa", "ag", "gmbh", "spa", "srl", "se", "nv", "bv", "sarl", "sas", "lp",
}

GroupKey = tuple[str, str | None, str | None]  # (kind, payer, payee), canonical names


def name_key(name: str) -> str:
    """A matching key for a company name: case-folded, punctuation and legal suffix removed."""
    words = re.sub(r"[^\w]+", " ", name.casefold().replace("s.p.a.", "spa")).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


class CompanyIndex:
    """Maps a company name or alias to its canonical name (gazetteer first, then the store)."""

    def __init__(self, entries: Iterable[dict[str, Any]]) -> None:
        self.entries: dict[str, dict[str, Any]] = {}
        self._keys: dict[str, str] = {}
        for entry in entries:
            name = str(entry.get("name") or "").strip()
            if not name or name in self.entries:
                continue
            aliases = [str(a) for a in entry.get("aliases") or [] if str(a).strip()]
            self.entries[name] = {"name": name, "aliases": aliases,
                                  "parent": entry.get("parent") or None}
        # Canonical names win over aliases; among aliases the first name (sorted) wins.
        for name in sorted(self.entries):
            self._keys.setdefault(name_key(name), name)
        for name in sorted(self.entries):
            for alias in self.entries[name]["aliases"]:
                self._keys.setdefault(name_key(alias), name)

    @classmethod
    def from_gazetteer(cls) -> CompanyIndex:
        """The index of rules/companies.jsonl."""
        return cls(load_jsonl("companies.jsonl"))

    def canonical(self, name: str | None) -> str | None:
        """The canonical name for `name`; unknown names come back stripped but unchanged."""
        if name is None:
            return None
        name = " ".join(name.split())
        return self._keys.get(name_key(name), name) if name else None


# --- clustering ----------------------------------------------------------------------------


def summarized_clusters(observations: Sequence[Observation]
                        ) -> list[tuple[list[Observation], dict[str, Any]]]:
    """Connected components of `same_payment` (each sorted by evidence id) with their
    summaries, in a fixed content order (ties: the component with the first evidence)."""
    pairs = [(group, summarize(group)) for group in components(observations)]
    return sorted(pairs, key=lambda p: _value_key(p[1]))


def cluster(observations: Sequence[Observation]) -> list[list[Observation]]:
    """Connected components of `same_payment`, each sorted by evidence id, in a fixed order."""
    return [group for group, _ in summarized_clusters(observations)]


def _value_key(s: dict[str, Any]) -> tuple:
    """A content-only sort key for a fact summary (no ids), for deterministic order."""
    return (
        PERIODS.index(s["period"]) if s["period"] in PERIODS else -1,
        s["currency"] or "", s["amount"] or 0.0, s["amount_usd_per_year"] or 0.0,
        s["share"] or 0.0, s["segment"] or "", s["as_of"] or "", s["product"] or "",
    )


def _most_common(values: Iterable[Any]) -> Any:
    """The most frequent non-null value; ties go to the shortest, then the smallest."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], len(str(v)), str(v)))


def summarize(group: Sequence[Observation]) -> dict[str, Any]:
    """The consolidated fact columns for one cluster of observations."""
    variants: dict[tuple, list[Observation]] = defaultdict(list)
    for o in group:
        variants[(o.amount, o.currency, o.period, o.share)].append(o)

    def rank(item: tuple[tuple, list[Observation]]) -> tuple:
        (amount, currency, period, share), obs = item
        n_articles = len({o.article_id for o in obs})
        return (-n_articles, -max(o.confidence for o in obs), min(o.approx for o in obs),
                PERIODS.index(period) if period in PERIODS else 99, currency or "",
                amount or 0.0, share or 0.0)

    (amount, currency, period, share), rep = min(variants.items(), key=rank)
    usd_values = [o.usd for o in rep if o.usd is not None] or \
        [o.usd for o in group if o.usd is not None]
    by_site: dict[str, float] = {}
    for o in group:
        site = o.host or f"article:{o.article_id}"
        by_site[site] = max(by_site.get(site, 0.0), o.confidence)
    miss = 1.0
    for c in sorted(by_site.values()):
        miss *= 1.0 - min(max(c, 0.0), 1.0)
    seen = sorted(o.seen for o in group if o.seen)
    return {
        "amount": amount, "currency": currency, "period": period,
        "term_months": _most_common(o.term_months for o in rep),
        "approx": int(any(o.approx for o in group)),
        "product": _most_common(o.product for o in group),
        "as_of": _most_common(o.as_of for o in group),
        "amount_usd_per_year": statistics.median(usd_values) if usd_values else None,
        "share": share, "segment": _most_common(o.segment for o in group),
        "confidence": round(1.0 - miss, 4),
        "first_seen": seen[0] if seen else None, "last_seen": seen[-1] if seen else None,
        "n_articles": len({o.article_id for o in group if o.article_id is not None}),
        "n_sites": len({o.host for o in group if o.host}),
    }


@functools.lru_cache(maxsize=4096)
def _words(text: str | None) -> frozenset[str]:
    """The words of a product label (cached: each new fact is compared with every fact of
    its pair)."""
    return frozenset(re.findall(r"\w{3,}", (text or "").casefold()))


def disagree(a: dict[str, Any], b: dict[str, Any], kind: str) -> bool:
    """Whether two facts of one company pair report clearly different amounts."""
    if kind == "revenue_share":
        return (compatible(a["segment"], b["segment"]) and a["share"] is not None
                and b["share"] is not None and abs(a["share"] - b["share"]) > SHARE_CONFLICT_PP)
    if not when_compatible(a["as_of"], b["as_of"]):
        return False  # different years: two payments, not a disagreement
    if a["product"] and b["product"] and not (_words(a["product"]) & _words(b["product"])):
        return False  # paid for different things
    if a["currency"] == b["currency"] and a["period"] == b["period"] \
            and a["amount"] and b["amount"]:
        x, y = a["amount"], b["amount"]
    elif a["amount_usd_per_year"] and b["amount_usd_per_year"]:
        x, y = a["amount_usd_per_year"], b["amount_usd_per_year"]
    else:
        return False
    return max(x, y) / min(x, y) > CONFLICT_RATIO


# --- the store side ------------------------------------------------------------------------

_EVIDENCE_SQL = """
SELECT e.id, e.fact_id, f.kind, e.article_id, e.amount, e.currency, e.period, e.term_months,
       coalesce(e.approx, 0) != 0, e.product, e.as_of, e.amount_usd_per_year, e.share,
       e.segment, coalesce(e.confidence, 0.5), e.start,
       coalesce(a.published_at, p.fetched_at, (SELECT c.captured_at FROM archive_captures c
                WHERE c.article_id = a.id), a.extracted_at), e.site, coalesce(a.url, e.url)
FROM evidence e
JOIN facts f ON f.id = e.fact_id
LEFT JOIN articles a ON a.id = e.article_id
LEFT JOIN pages p ON p.id = a.page_id
WHERE f.kind = ? AND f.payer IS ? AND f.payee IS ?
"""
_FACT_EVIDENCE_SQL = _EVIDENCE_SQL.replace(
    "WHERE f.kind = ? AND f.payer IS ? AND f.payee IS ?", "WHERE e.fact_id = ?")


def host_of(url: str | None) -> str | None:
    """The site an article came from: its URL's host without `www.`."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def site_of(url: str | None) -> str:
    """The value of `evidence.site` for an article URL ('' when it has no host)."""
    return host_of(url) or ""


def _observations(conn: sqlite3.Connection, key: GroupKey | int) -> list[Observation]:
    """The evidence rows of a company pair (or, given a fact id, of one fact)."""
    sql, params = (_EVIDENCE_SQL, key) if isinstance(key, tuple) else (_FACT_EVIDENCE_SQL, (key,))
    out = []
    make = Observation._make
    for row in conn.execute(sql, params):
        site = row[17]
        if site is None:  # a row written before evidence.site existed
            site = site_of(row[18])
        out.append(make((*row[:8], bool(row[8]), *row[9:17], site or None)))
    return out


@dataclass
class _Cluster:
    """One payment of a pair as `regroup` writes it."""

    summary: dict[str, Any]
    facts: set[int]  # the facts holding its rows: the candidates for its id
    rows: list[Observation]  # rows moved one by one
    whole: set[int]  # facts all of whose rows are here
    tally: str  # the tally to store


def with_usd(summary: dict[str, Any], kind: str, rates: fx.Rates) -> dict[str, Any]:
    """`summary` with its USD per year (and the fx_rate, fx_date and usd_note behind it)
    computed from its own amount, currency and period at the ECB rate of its as_of date,
    else of its first_seen date (the earliest publication or fetch of its articles)."""
    if kind != "payment" or summary["amount"] is None or summary["period"] is None:
        return {**summary, "amount_usd_per_year": None, "fx_rate": None, "fx_date": None,
                "usd_note": None}
    figure = usd_per_year(summary["amount"], summary["currency"], summary["period"],
                          summary["term_months"], summary["as_of"] or summary["first_seen"],
                          rates)
    return {**summary, "amount_usd_per_year": figure.usd, "fx_rate": figure.rate,
            "fx_date": figure.rate_date, "usd_note": figure.note}


def store_rates(store: Store) -> fx.Rates:
    """The ECB rates for `store`: those of its data folder (pipeline/fx.py)."""
    return fx.load_rates(fx.data_dir_of(store.path))


def regroup(store: Store, key: GroupKey, added: Sequence[Observation] | None = None,
            rates: fx.Rates | None = None) -> dict[str, int]:
    """Recompute the facts of one company pair from its evidence; call inside a transaction.

    Each cluster keeps the smallest existing fact id among its evidence (so fact ids stay
    stable as evidence arrives); facts left without evidence are deleted. `added`: when the
    pair only gained rows (in fresh placeholder facts, from articles with no other rows in
    the pair) since it was last regrouped, those rows; then only the facts those rows join
    are read (their stored tallies), so the work follows the new rows, not the pair's
    evidence or its number of facts. Same result. USD per year is computed for each fact
    written, with `rates` (default: the store's).
    """
    conn = store.conn
    rates = rates or store_rates(store)
    found = _added_clusters(conn, key, added) if added is not None else None
    if found is not None:
        clusters, old_ids, before = found
        from_tallies = 1
    else:
        old_ids = {r[0] for r in conn.execute(_PAIR, key)}
        clusters = [_Cluster(summary, {o.fact_id for o in group}, group, set(),
                             tally(group).to_json())
                    for group, summary in summarized_clusters(_observations(conn, key))]
        before, from_tallies = {}, 0
    for c in clusters:
        c.summary = with_usd(c.summary, key[0], rates)
    return {**_write(conn, key, old_ids, clusters, before), "from_tallies": from_tallies}


# The columns `disagree` reads: a fact whose columns stay the same keeps its conflicts.
_CONFLICT_COLUMNS = ("amount", "currency", "period", "amount_usd_per_year", "share",
                     "segment", "as_of", "product")
_VALUES = "amount, currency, period, amount_usd_per_year, share, segment, as_of"
_PAIR = "SELECT id FROM facts WHERE kind = ? AND payer IS ? AND payee IS ?"
# Facts without a tally: fresh placeholders, or facts that lost rows behind consolidation's
# back (the evidence_ad trigger clears their tally); found through a partial index.
_UNTALLIED_SQL = _PAIR + " AND tally IS NULL"
_SLACK = 1.01  # value windows are a little wider than the rule; `same_payment` decides


def _value_windows(added: Sequence[Observation]) -> tuple[str, list[Any]] | None:
    """SQL conditions on evidence values that every row `same_payment` could join with one
    of `added` meets (None: a value the windows cannot bound)."""
    terms: list[str] = []
    params: list[Any] = []

    def window(column: str, x: float, tol: float) -> None:
        terms.append(f"{column} BETWEEN ? AND ?")
        params.extend((x * (1 - tol * _SLACK), x / (1 - tol * _SLACK)))

    for o in added:
        if not regular(o) or any(x is not None and x <= 0 for x in (o.amount, o.usd, o.share)):
            return None
        if o.kind == "revenue_share":
            terms.append("share BETWEEN ? AND ?")
            params.extend((o.share - SHARE_TOLERANCE_PP * _SLACK,
                           o.share + SHARE_TOLERANCE_PP * _SLACK))
            continue
        if o.amount is not None:
            window("amount", o.amount, MERGE_TOLERANCE)
            terms[-1] = f"(currency IS ? AND period IS ? AND {terms[-1]})"
            params[-2:-2] = [o.currency, o.period]
        if o.usd is not None:
            window("amount_usd_per_year", o.usd, CROSS_CURRENCY_TOLERANCE)
    return " OR ".join(terms) or "0", params


def _nodes(conn: sqlite3.Connection, where: str, params: Sequence[Any], kind: str
           ) -> list[tuple[Observation, int]]:
    """The distinct values of the evidence rows `where` selects, as (observation carrying
    the first row id and the fact id, number of rows) (an index-only read)."""
    return [(Observation(first, fact_id, kind, None, amount, currency, period, None, False,
                         None, as_of, usd, share, segment, 0.0, None, None, None), n)
            for fact_id, amount, currency, period, usd, share, segment, as_of, first, n
            in conn.execute(f"SELECT fact_id, {_VALUES}, min(id), count(*) FROM evidence "
                            f"WHERE {where} GROUP BY fact_id, {_VALUES}", params)]


def _added_clusters(conn: sqlite3.Connection, key: GroupKey, added: Sequence[Observation]
                    ) -> tuple[list[_Cluster], set[int], dict[int, tuple]] | None:
    """The changed clusters of a pair that only gained `added`, the facts they replace, and
    those facts' conflict columns as stored; None when the stored state does not fit that
    (then regroup reads every row).

    Stored facts never match each other (else they would be one), so the new rows can only
    join facts one of them matches directly: evidence values near the new ones (SQL windows,
    then `same_payment`) name them; every other fact stays as it is, unread.
    """
    new_rows: dict[int, list[Observation]] = defaultdict(list)
    for o in added:
        new_rows[o.fact_id].append(o)
    placeholders = set(new_rows)
    if any(o.article_id is None for o in added):
        return None  # tallies count articles: rows need one
    if {r[0] for r in conn.execute(_UNTALLIED_SQL, key)} != placeholders:
        return None  # a fact lost rows behind its tally's back (or has none yet)
    windows = _value_windows(added)
    if windows is None:
        return None
    # The graph of the new rows and the facts they join: a fact's own values are joined
    # already, so an edge from a row to any of them stands for the whole fact.
    rows = sorted(added, key=lambda o: o.evidence_id)
    edges = {(n.fact_id, i) for n, _ in _nodes(
        conn, f"fact_id IN ({_PAIR}) AND ({windows[0]})", (*key, *windows[1]), key[0])
        if n.fact_id not in placeholders for i, o in enumerate(rows) if same_payment(n, o)}
    near = {fact_id for fact_id, _ in edges}
    slot = {fact_id: len(rows) + k for k, fact_id in enumerate(sorted(near))}
    joins = UnionFind(len(rows) + len(near))
    at = {o.evidence_id: i for i, o in enumerate(rows)}
    for group in components(rows):
        for o in group[1:]:
            joins.union(at[group[0].evidence_id], at[o.evidence_id])
    for fact_id, i in edges:
        joins.union(slot[fact_id], i)
    ids = sorted(near | placeholders)
    marks = ", ".join("?" for _ in ids)
    counts = dict(conn.execute(f"SELECT fact_id, count(*) FROM evidence WHERE fact_id IN "
                               f"({marks}) GROUP BY fact_id", ids))
    if any(counts.get(p) != len(new_rows[p]) for p in placeholders):
        return None  # new rows come in fresh placeholder facts only
    tallies: dict[int, Tally] = {}
    before: dict[int, tuple] = {}
    marks = ", ".join("?" for _ in near)
    for fact_id, text, *columns in conn.execute(
            f"SELECT id, tally, {', '.join(_CONFLICT_COLUMNS)} FROM facts WHERE id IN ({marks})",
            sorted(near)):
        tallies[fact_id] = Tally.from_json(text)
        before[fact_id] = tuple(columns)
        if tallies[fact_id].rows != counts.get(fact_id):
            return None  # evidence changed behind the tally's back
    members: dict[int, list[Any]] = defaultdict(list)
    for fact_id in sorted(near):
        members[joins.find(slot[fact_id])].append(fact_id)
    for i, o in enumerate(rows):
        members[joins.find(i)].append(o)
    clusters = []
    for group in members.values():
        whole = {x for x in group if isinstance(x, int)}
        new = [x for x in group if not isinstance(x, int)]
        t = Tally()
        for fact_id in sorted(whole):
            t.merge(tallies[fact_id])
        if len(whole) > 1:  # new rows bridge stored facts, whose articles may overlap
            _count_articles(conn, t, whole)
        t.merge(tally(new))  # the new rows' articles are new to the pair
        clusters.append(_Cluster(tally_summary(t), whole | {o.fact_id for o in new}, new,
                                 whole, t.to_json()))
    return sorted(clusters, key=lambda c: _value_key(c.summary)), set(ids), before


def _count_articles(conn: sqlite3.Connection, t: Tally, fact_ids: set[int]) -> None:
    """Set the article counts of `t`, the merged tallies of `fact_ids`, from their rows (an
    article may have stated two of those facts)."""
    ids = sorted(fact_ids)
    marks = ", ".join("?" for _ in ids)
    t.articles = conn.execute(f"SELECT count(DISTINCT article_id) FROM evidence "
                              f"WHERE fact_id IN ({marks})", ids).fetchone()[0]
    for *variant, n in conn.execute(
            f"SELECT amount, currency, period, share, "
            f"count(DISTINCT article_id) + max(article_id IS NULL) FROM evidence "
            f"WHERE fact_id IN ({marks}) GROUP BY amount, currency, period, share", ids):
        t.variants[tuple(variant)][0] = n


def _write(conn: sqlite3.Connection, key: GroupKey, old_ids: set[int],
           clusters: list[_Cluster], before: dict[int, tuple]) -> dict[str, int]:
    """Give each cluster (in order) a fact id, write its columns and tally, move its rows
    there, drop the facts of `old_ids` left empty and find the conflicts again where one
    side is new or changed its conflict columns (`before`: those columns as stored). Other
    facts of the pair keep their rows and conflicts, so the writes follow what changed, not
    the pair's size. `conflicts` counts the disagreements found."""
    kind = key[0]
    used: set[int] = set()
    written: dict[int, dict[str, Any]] = {}
    now = utcnow()
    for c in clusters:
        candidates = sorted(c.facts - used)
        if candidates:
            fact_id = candidates[0]
        else:
            fact_id = int(conn.execute(
                "INSERT INTO facts (kind, payer, payee) VALUES (?, ?, ?)", key).lastrowid)
        used.add(fact_id)
        written[fact_id] = c.summary
        columns = {**c.summary, "tally": c.tally}
        sets = ", ".join(f"{col} = ?" for col in columns)
        conn.execute(f"UPDATE facts SET {sets}, updated_at = ? WHERE id = ?",
                     (*columns.values(), now, fact_id))
        conn.executemany("UPDATE evidence SET fact_id = ? WHERE fact_id = ?",
                         [(fact_id, f) for f in sorted(c.whole) if f != fact_id])
        conn.executemany("UPDATE evidence SET fact_id = ? WHERE id = ?",
                         [(fact_id, o.evidence_id) for o in c.rows if o.fact_id != fact_id])
    stale = sorted(old_ids - used)
    fresh = sorted(i for i, s in written.items()
                   if before.get(i) != tuple(s[col] for col in _CONFLICT_COLUMNS))
    affected = set(fresh)  # facts whose conflicting flag may change
    for i in fresh + stale:
        affected.update(r[0] for r in conn.execute(
            "SELECT other_fact_id FROM fact_conflicts WHERE fact_id = ?", (i,)))
    conn.executemany("DELETE FROM fact_conflicts WHERE fact_id = ?",
                     [(i,) for i in fresh + stale])
    conn.executemany("DELETE FROM fact_conflicts WHERE other_fact_id = ?",
                     [(i,) for i in fresh + stale])
    conn.executemany("DELETE FROM facts WHERE id = ?", [(i,) for i in stale])
    pairs: list[tuple[int, int]] = []
    if fresh:
        summaries: dict[int, Any] = {
            r[0]: dict(zip(_CONFLICT_COLUMNS, r[1:], strict=True)) for r in conn.execute(
                f"SELECT id, {', '.join(_CONFLICT_COLUMNS)} FROM facts "
                f"WHERE kind = ? AND payer IS ? AND payee IS ?", key)}
        summaries.update(written)
        ids = sorted(summaries)
        is_fresh = set(fresh)
        pairs = [(min(a, b), max(a, b)) for a in fresh for b in ids
                 if b != a and not (b in is_fresh and b < a)
                 and disagree(summaries[min(a, b)], summaries[max(a, b)], kind)]
    conn.executemany(
        "INSERT OR IGNORE INTO fact_conflicts (fact_id, other_fact_id) VALUES (?, ?)",
        [p for a, b in pairs for p in ((a, b), (b, a))])
    affected = sorted(affected.union(*pairs) - set(stale))
    conn.executemany(
        "UPDATE facts SET conflicting = 1 - conflicting, updated_at = ? WHERE id = ? AND "
        "conflicting != EXISTS (SELECT 1 FROM fact_conflicts c WHERE c.fact_id = ?)",
        [(now, i, i) for i in affected])
    return {"facts": len(used), "deleted": len(stale), "conflicts": len(pairs)}


def group_keys(store: Store, article_ids: Iterable[int]) -> set[GroupKey]:
    """The groups that hold evidence from these articles."""
    keys: set[GroupKey] = set()
    ids = list(article_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        keys.update(store.conn.execute(
            f"SELECT DISTINCT f.kind, f.payer, f.payee FROM evidence e "
            f"JOIN facts f ON f.id = e.fact_id WHERE e.article_id IN ({marks})", chunk))
    return keys


def reconsolidate(store: Store, index: CompanyIndex | None = None) -> dict[str, int]:
    """Re-resolve every fact's company names and recompute all groups (after a gazetteer
    change, or to repair a store); call inside a transaction."""
    index = index or CompanyIndex.from_gazetteer()
    conn = store.conn
    keys: set[GroupKey] = set()
    rows = conn.execute("SELECT e.id, e.payer, e.payee, f.kind, f.id FROM evidence e "
                        "JOIN facts f ON f.id = e.fact_id").fetchall()
    for ev_id, payer, payee, kind, fact_id in rows:
        key = (kind, index.canonical(payer), index.canonical(payee))
        keys.add(key)
        old = conn.execute("SELECT kind, payer, payee FROM facts WHERE id = ?",
                           (fact_id,)).fetchone()
        if tuple(old) != key:
            new_id = placeholder_fact(conn, key)
            conn.execute("UPDATE evidence SET fact_id = ? WHERE id = ?", (new_id, ev_id))
            keys.add(tuple(old))
    keys.update(conn.execute("SELECT DISTINCT kind, payer, payee FROM facts"))
    totals: Counter[str] = Counter()
    rates = store_rates(store)
    for key in sorted(keys, key=lambda k: tuple(x or "" for x in k)):
        totals.update(regroup(store, key, rates=rates))
    refresh_companies(store, index)
    return dict(totals)


def placeholder_fact(conn: sqlite3.Connection, key: GroupKey) -> int:
    """A fact row for new evidence of a group; `regroup` merges it or fills it in."""
    return int(conn.execute(
        "INSERT INTO facts (kind, payer, payee) VALUES (?, ?, ?)", key).lastrowid)


def refresh_companies(store: Store, index: CompanyIndex,
                      names: Iterable[str] | None = None) -> int:
    """Bring the companies table up to date: gazetteer entries, every name used by a fact or
    a link, and parents (gazetteer first, else what most articles say). Returns rows.

    `names`: only these names changed (facts or links that name them were written or
    removed since the table was last brought up to date with this `index`); each is
    written or deleted by what the store holds now, and the rest of the table is left as
    it is (so a batch's work does not grow with the store).
    """
    conn = store.conn
    if names is not None:
        return _refresh_names(conn, index, sorted(set(names)))
    used: set[str] = set(index.entries)
    for (name,) in conn.execute(
            "SELECT payer FROM facts WHERE payer IS NOT NULL UNION "
            "SELECT payee FROM facts WHERE payee IS NOT NULL UNION "
            "SELECT child FROM company_links UNION SELECT parent FROM company_links"):
        used.add(name)
    stated: dict[str, Counter[str]] = defaultdict(Counter)
    for child, parent, n in conn.execute(
            "SELECT child, parent, count(DISTINCT coalesce(article_id, id)) FROM company_links "
            "GROUP BY child, parent"):
        stated[child][parent] = n
    for name in sorted(used):
        _upsert_company(conn, index, name, stated.get(name))
    marks = ", ".join("?" for _ in used) or "''"
    conn.execute(f"DELETE FROM companies WHERE name NOT IN ({marks})", sorted(used))
    return len(used)


_NAME_USED_SQL = (
    "SELECT EXISTS (SELECT 1 FROM facts WHERE payer = ?1) OR "
    "EXISTS (SELECT 1 FROM facts WHERE payee = ?1) OR "
    "EXISTS (SELECT 1 FROM company_links WHERE child = ?1) OR "
    "EXISTS (SELECT 1 FROM company_links WHERE parent = ?1)")


def _refresh_names(conn: sqlite3.Connection, index: CompanyIndex, names: list[str]) -> int:
    """`refresh_companies` for a few names, through the indexes on those names."""
    for name in names:
        if name in index.entries or conn.execute(_NAME_USED_SQL, (name,)).fetchone()[0]:
            stated = Counter(dict(conn.execute(
                "SELECT parent, count(DISTINCT coalesce(article_id, id)) FROM company_links "
                "WHERE child = ? GROUP BY parent", (name,))))
            _upsert_company(conn, index, name, stated)
        else:
            conn.execute("DELETE FROM companies WHERE name = ?", (name,))
    return len(names)


def _upsert_company(conn: sqlite3.Connection, index: CompanyIndex, name: str,
                    stated: Counter[str] | None) -> None:
    """Write one company row: gazetteer aliases and parent, else the most stated parent."""
    entry = index.entries.get(name)
    parent = entry["parent"] if entry else None
    if parent is None and stated:
        parent = min(stated, key=lambda p: (-stated[p], p))
    conn.execute(
        "INSERT INTO companies (name, aliases, parent, origin) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET aliases = excluded.aliases, "
        "parent = excluded.parent, origin = excluded.origin",
        (name, _json_list(entry["aliases"] if entry else []), parent,
         "gazetteer" if entry else "text"))


def _json_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


SUMMARY_COLUMNS = ("payer", "payee", "amount", "currency", "period", "term_months", "approx",
                   "usd_per_year", "n_articles", "conflicting")


def summary_rows(store: Store) -> list[tuple[Any, ...]]:
    """The consolidated payment facts, largest per-year USD amount first (for `run`)."""
    return store.conn.execute(
        "SELECT payer, payee, amount, currency, period, term_months, approx, "
        "amount_usd_per_year, n_articles, conflicting FROM facts WHERE kind = 'payment' "
        "ORDER BY amount_usd_per_year IS NULL, amount_usd_per_year DESC, payer, payee, id"
    ).fetchall()
