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
conflicting and linked in fact_conflicts.

Each fact stores a tally of its evidence (pipeline/fact_tally.py). A group that only gained
rows is regrouped from those tallies and the new rows, so the work per article does not grow
with the group's evidence; a group that lost rows, or whose tallies do not match its row
counts, is recomputed from every row. Both ways give the same facts and fact ids.
"""

from __future__ import annotations

import json
import re
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pipeline.clustering import (  # noqa: F401 - Observation and same_payment are re-exported
    AS_OF_WINDOW_DAYS,
    CROSS_CURRENCY_TOLERANCE,
    MERGE_TOLERANCE,
    SHARE_TOLERANCE_PP,
    Observation,
    compatible,
    components,
    same_payment,
    when_compatible,
)
from pipeline.fact_tally import Tally, tally
from pipeline.fact_tally import summary as tally_summary
from pipeline.facts.lexicon import load_jsonl
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


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"\w{3,}", (text or "").casefold()))


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
       coalesce(a.published_at, p.fetched_at, a.extracted_at), e.site, coalesce(a.url, e.url)
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
    whole: set[int] = field(default_factory=set)  # facts all of whose rows are here
    tally: str | None = None  # the tally to store (None: computed when next needed)
    tally_changed: bool = True


def regroup(store: Store, key: GroupKey, added: Sequence[Observation] | None = None
            ) -> dict[str, int]:
    """Recompute the facts of one company pair from its evidence; call inside a transaction.

    Each cluster keeps the smallest existing fact id among its evidence (so fact ids stay
    stable as evidence arrives); facts left without evidence are deleted. `added`: when the
    pair only gained rows (in fresh placeholder facts) since it was last regrouped, those
    rows; then the facts' stored tallies stand for the rows they already hold (same result,
    and the work does not grow with the pair's evidence).
    """
    conn = store.conn
    old_ids = {r[0] for r in conn.execute(
        "SELECT id FROM facts WHERE kind = ? AND payer IS ? AND payee IS ?", key)}
    clusters = _added_clusters(conn, key, old_ids, added) if added is not None else None
    from_tallies = clusters is not None
    if clusters is None:
        clusters = [_Cluster(summary, {o.fact_id for o in group}, group)
                    for group, summary in summarized_clusters(_observations(conn, key))]
    return {**_write(conn, key, old_ids, clusters), "from_tallies": int(from_tallies)}


_NODES_SQL = """
SELECT e.fact_id, e.amount, e.currency, e.period, e.amount_usd_per_year, e.share, e.segment,
       e.as_of, min(e.id), count(*)
FROM evidence e
WHERE e.fact_id IN (SELECT id FROM facts WHERE kind = ? AND payer IS ? AND payee IS ?)
GROUP BY e.fact_id, e.amount, e.currency, e.period, e.amount_usd_per_year, e.share, e.segment,
         e.as_of
"""
# What `disagree` reads of a fact that stays as it is, and whether its tally is stored.
_KEPT_COLUMNS = ("amount", "currency", "period", "amount_usd_per_year", "share", "segment",
                 "as_of", "product")
_FACTS_SQL = (f"SELECT id, tally IS NOT NULL, json_extract(tally, '$.rows'), "
              f"{', '.join(_KEPT_COLUMNS)} FROM facts "
              f"WHERE kind = ? AND payer IS ? AND payee IS ?")


def _added_clusters(conn: sqlite3.Connection, key: GroupKey, old_ids: set[int],
                    added: Sequence[Observation]) -> list[_Cluster] | None:
    """The clusters of a pair that only gained `added`; None when the stored state does not
    fit that (then regroup reads every row).

    Clustering reads each fact's distinct values (one row per value from SQL, not its
    evidence); only the facts the new rows join are read further (their stored tallies),
    and the others come back unchanged with the columns `disagree` needs.
    """
    new_rows: dict[int, list[Observation]] = defaultdict(list)
    for o in added:
        new_rows[o.fact_id].append(o)
    facts = {r[0]: r for r in conn.execute(_FACTS_SQL, key)}
    if set(new_rows) - set(facts) or set(facts) != old_ids:
        return None
    counts: Counter[int] = Counter()
    nodes = []
    for fact_id, amount, currency, period, usd, share, segment, as_of, first, n in \
            conn.execute(_NODES_SQL, key):
        counts[fact_id] += n
        if fact_id not in new_rows:
            nodes.append(Observation(first, fact_id, key[0], None, amount, currency, period,
                                     None, False, None, as_of, usd, share, segment, 0.0, None,
                                     None, None))
    for fact_id, (_, has_tally, rows, *_) in facts.items():
        if fact_id in new_rows:
            if has_tally or len(new_rows[fact_id]) != counts[fact_id]:
                return None  # new rows come in fresh placeholder facts only
        elif not counts[fact_id] or (has_tally and rows != counts[fact_id]):
            return None  # evidence changed behind the tally's back
    old = set(facts) - set(new_rows)
    changed, kept = [], []
    for group in components(nodes + list(added)):
        whole = {o.fact_id for o in group if o.fact_id in old}
        rows = [o for o in group if o.fact_id not in old]
        if not rows and len(whole) == 1:
            (fact_id,) = whole
            kept.append(_Cluster(dict(zip(_KEPT_COLUMNS, facts[fact_id][3:], strict=True)),
                                 whole, [], whole, None, False))
            continue
        t = Tally()
        for fact_id in sorted(whole):
            text = conn.execute("SELECT tally FROM facts WHERE id = ?", (fact_id,)).fetchone()[0]
            part = Tally.from_json(text) if text is not None else \
                tally(_observations(conn, fact_id))  # recomputed from every row last time
            if part.rows != counts[fact_id]:
                return None
            t.merge(part)
        for o in rows:
            t.add(o)
        changed.append(_Cluster(tally_summary(t), whole | {o.fact_id for o in rows}, rows,
                                whole, t.to_json()))
    if sum(len(c.whole) for c in changed + kept) != len(old):
        return None  # a fact's rows fell into two clusters: not a pure addition
    return sorted(changed, key=lambda c: _value_key(c.summary)) + kept


def _write(conn: sqlite3.Connection, key: GroupKey, old_ids: set[int],
           clusters: list[_Cluster]) -> dict[str, int]:
    """Give each changed cluster (in order) a fact id, write its columns, move its rows there,
    drop facts left empty and mark again the conflicts that have a written or dropped fact
    on one side. A cluster that is one stored fact as it was (`tally_changed` false) keeps
    its row and its conflicts as they are, so the writes follow what changed, not the pair's
    size. `conflicts` counts the disagreements found for the written facts."""
    kind = key[0]
    kept = {min(c.whole): c.summary for c in clusters if not c.tally_changed}
    used: set[int] = set(kept)
    written: dict[int, dict[str, Any]] = {}
    now = utcnow()
    for c in clusters:
        if not c.tally_changed:
            continue
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
    touched = sorted(set(written) | set(stale))
    affected = set(written)  # facts whose conflicting flag may change
    for i in touched:
        affected.update(r[0] for r in conn.execute(
            "SELECT other_fact_id FROM fact_conflicts WHERE fact_id = ?", (i,)))
    conn.executemany("DELETE FROM fact_conflicts WHERE fact_id = ?", [(i,) for i in touched])
    conn.executemany("DELETE FROM fact_conflicts WHERE other_fact_id = ?",
                     [(i,) for i in touched])
    conn.executemany("DELETE FROM facts WHERE id = ?", [(i,) for i in stale])
    summaries = {**kept, **written}
    ids = sorted(summaries)
    pairs = [(a, b) for a in sorted(written) for b in ids
             if b != a and not (b in written and b < a)
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
    for key in sorted(keys, key=lambda k: tuple(x or "" for x in k)):
        totals.update(regroup(store, key))
    refresh_companies(store, index)
    return dict(totals)


def placeholder_fact(conn: sqlite3.Connection, key: GroupKey) -> int:
    """A fact row for new evidence of a group; `regroup` merges it or fills it in."""
    return int(conn.execute(
        "INSERT INTO facts (kind, payer, payee) VALUES (?, ?, ?)", key).lastrowid)


def refresh_companies(store: Store, index: CompanyIndex) -> int:
    """Bring the companies table up to date: gazetteer entries, every name used by a fact or
    a link, and parents (gazetteer first, else what most articles say). Returns rows."""
    conn = store.conn
    names: set[str] = set(index.entries)
    for (name,) in conn.execute(
            "SELECT payer FROM facts WHERE payer IS NOT NULL UNION "
            "SELECT payee FROM facts WHERE payee IS NOT NULL UNION "
            "SELECT child FROM company_links UNION SELECT parent FROM company_links"):
        names.add(name)
    stated: dict[str, Counter[str]] = defaultdict(Counter)
    for child, parent, n in conn.execute(
            "SELECT child, parent, count(DISTINCT coalesce(article_id, id)) FROM company_links "
            "GROUP BY child, parent"):
        stated[child][parent] = n
    for name in sorted(names):
        entry = index.entries.get(name)
        parent = entry["parent"] if entry else None
        if parent is None and stated.get(name):
            counts = stated[name]
            parent = min(counts, key=lambda p: (-counts[p], p))
        conn.execute(
            "INSERT INTO companies (name, aliases, parent, origin) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET aliases = excluded.aliases, "
            "parent = excluded.parent, origin = excluded.origin",
            (name, _json_list(entry["aliases"] if entry else []), parent,
             "gazetteer" if entry else "text"))
    marks = ", ".join("?" for _ in names) or "''"
    conn.execute(f"DELETE FROM companies WHERE name NOT IN ({marks})", sorted(names))
    return len(names)


def _json_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


SUMMARY_COLUMNS = ("payer", "payee", "amount", "currency", "period", "approx",
                   "usd_per_year", "n_articles")


def summary_rows(store: Store) -> list[tuple[Any, ...]]:
    """The consolidated payment facts, largest per-year USD amount first (for `run`)."""
    return store.conn.execute(
        "SELECT payer, payee, amount, currency, period, approx, amount_usd_per_year, "
        "n_articles FROM facts WHERE kind = 'payment' "
        "ORDER BY amount_usd_per_year IS NULL, amount_usd_per_year DESC, payer, payee, id"
    ).fetchall()
