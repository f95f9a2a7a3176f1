"""The payment network as data: companies, payments (one edge per fact), parent links.

Read from the store's `payments` view, `evidence` and `companies`, filtered the way the
URL of the network page and `newsfacts graph` filter it. `Graph.to_dict` / `from_dict`
carry it as JSON (`--format json`) without losing anything.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import networkx as nx

from pipeline.exceptions import InputError
from pipeline.money_format import format_amount, format_usd_per_year

MAX_EVIDENCE = 5  # sentences kept per payment for the tooltip panel
MAX_PAYMENTS = 400  # arrows drawn at most; filters narrow a larger store


@dataclass
class GraphFilter:
    """What to draw; None means no filter. `depth` counts hops from `company`."""

    company: str | None = None
    since: str | None = None  # ISO date: payments last seen on or after it
    min_usd: float | None = None  # USD per year
    depth: int = 1

    def describe(self) -> str:
        """`company TikTok (depth 1), since 2026-01-01, at least $10M / year`."""
        parts = []
        if self.company:
            parts.append(f"company {self.company} (depth {self.depth})")
        if self.since:
            parts.append(f"since {self.since}")
        if self.min_usd is not None:
            parts.append(f"at least {format_usd_per_year(self.min_usd)}")
        return ", ".join(parts)

    def active(self) -> bool:
        return bool(self.company or self.since or self.min_usd is not None)

    @classmethod
    def from_query(cls, args: Mapping[str, str]) -> GraphFilter:
        """From a page's URL (`?company=TikTok&since=2026-01-01&min_usd=1e7&depth=2`);
        InputError names the first bad value."""
        flt = cls(company=(args.get("company") or "").strip() or None)
        since = (args.get("since") or "").strip()
        if since:
            try:
                flt.since = dt.date.fromisoformat(since).isoformat()
            except ValueError:
                raise InputError(f"since={since!r} is not a date (YYYY-MM-DD)") from None
        for key, convert in (("min_usd", float), ("depth", int)):
            raw = (args.get(key) or "").strip()
            if not raw:
                continue
            try:
                value = convert(raw)
            except ValueError:
                raise InputError(f"{key}={raw!r} is not a number") from None
            if value < 0 or value != value:
                raise InputError(f"{key}={raw!r} must be 0 or more")
            setattr(flt, key, value)
        return flt

    def query(self, **change: object) -> dict[str, str]:
        """The URL parameters of this filter (with `change` applied), empty ones left out."""
        d = {"company": self.company, "since": self.since, "min_usd": self.min_usd,
             "depth": self.depth if self.company and self.depth != 1 else None}
        d.update(change)
        return {k: f"{v:g}" if isinstance(v, float) else str(v) for k, v in d.items()
                if v is not None and v != ""}


@dataclass
class Report:
    """One article's sentence behind a payment."""

    sentence: str
    url: str | None = None
    title: str | None = None
    site: str | None = None
    lang: str | None = None
    published_at: str | None = None
    # what this article said, which may differ from the consolidated fact
    amount: float | None = None
    currency: str | None = None
    period: str | None = None
    term_months: int | None = None
    approx: bool = False

    @property
    def label(self) -> str:
        return format_amount(self.amount, self.currency, self.period, self.term_months,
                             self.approx)


@dataclass
class Payment:
    """One payment fact: an arrow payer -> payee."""

    fact_id: int
    payer: str
    payee: str
    amount: float | None
    currency: str | None
    period: str | None
    term_months: int | None = None
    approx: bool = False
    product: str | None = None
    as_of: str | None = None
    usd_per_year: float | None = None
    n_articles: int = 0
    n_sites: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    conflicting: bool = False
    reports: list[Report] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The amount as written: `≈$20M / month`."""
        return format_amount(self.amount, self.currency, self.period, self.term_months,
                             self.approx)


@dataclass
class Company:
    """A node: a company in payments, or a parent drawn only for its subsidiary."""

    name: str
    paid_usd: float = 0.0  # per year, non-conflicting payments drawn
    received_usd: float = 0.0
    parent: str | None = None
    in_payments: bool = True

    @property
    def total_usd(self) -> float:
        return self.paid_usd + self.received_usd


@dataclass
class Link:
    """Parent and subsidiary: drawn as a dotted line without an arrow."""

    child: str
    parent: str


@dataclass
class Graph:
    """What the network page and `newsfacts graph` draw."""

    companies: list[Company]
    payments: list[Payment]
    links: list[Link]
    filter: GraphFilter = field(default_factory=GraphFilter)
    note: str | None = None  # why the picture is empty, in one line
    matched: int | None = None  # payments that matched, when more than were drawn

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Graph:
        payments = []
        for p in d["payments"]:
            p = dict(p)
            p["reports"] = [Report(**r) for r in p.get("reports", [])]
            payments.append(Payment(**p))
        return cls(companies=[Company(**c) for c in d["companies"]], payments=payments,
                   links=[Link(**x) for x in d["links"]],
                   filter=GraphFilter(**d.get("filter") or {}), note=d.get("note"),
                   matched=d.get("matched"))


_PAYMENT_SQL = """
SELECT fact_id, payer, payee, amount, currency, period, term_months, approx, product, as_of,
       amount_usd_per_year, n_articles, n_sites, first_seen, last_seen, conflicting
FROM payments
WHERE payer IS NOT NULL AND payee IS NOT NULL
  AND (:since IS NULL OR coalesce(last_seen, first_seen, '') >= :since)
  AND (:min_usd IS NULL OR amount_usd_per_year >= :min_usd)
ORDER BY amount_usd_per_year IS NULL, amount_usd_per_year DESC, fact_id
"""
_PAYMENT_FIELDS = [f.name for f in fields(Payment) if f.name != "reports"]


def resolve_company(conn: sqlite3.Connection, name: str) -> list[str]:
    """Canonical names matching `name` (itself or an alias, any case) and its subsidiaries."""
    rows = conn.execute(
        "SELECT name FROM companies WHERE name = :n COLLATE NOCASE OR name IN ("
        "SELECT c.name FROM companies c, json_each(c.aliases) a WHERE a.value = :n "
        "COLLATE NOCASE) UNION SELECT payer FROM payments WHERE payer = :n COLLATE NOCASE "
        "UNION SELECT payee FROM payments WHERE payee = :n COLLATE NOCASE", {"n": name})
    names = {r[0] for r in rows}
    if names:
        marks = ",".join("?" * len(names))
        names |= {r[0] for r in conn.execute(
            f"SELECT name FROM companies WHERE parent IN ({marks})", sorted(names))}
    return sorted(names)


def _payments(conn: sqlite3.Connection, flt: GraphFilter) -> list[Payment]:
    rows = conn.execute(_PAYMENT_SQL, {"since": flt.since, "min_usd": flt.min_usd})
    out = []
    for row in rows:
        d = dict(zip(_PAYMENT_FIELDS, row, strict=True))
        d["approx"], d["conflicting"] = bool(d["approx"]), bool(d["conflicting"])
        out.append(Payment(**d))
    return out


def _neighbourhood(payments: list[Payment], seeds: list[str], depth: int) -> set[str]:
    g = nx.Graph()
    g.add_edges_from((p.payer, p.payee) for p in payments)
    keep: set[str] = set()
    for seed in seeds:
        if seed in g:
            keep |= set(nx.ego_graph(g, seed, radius=max(depth, 0)))
    return keep


def _attach_reports(conn: sqlite3.Connection, payments: list[Payment],
                    limit: int | None) -> None:
    by_id = {p.fact_id: p for p in payments}
    if not by_id:
        return
    marks = ",".join("?" * len(by_id))
    rows = conn.execute(
        "SELECT e.fact_id, e.sentence, coalesce(a.url, e.url), a.title, coalesce(a.site, e.site),"
        " a.lang, substr(a.published_at, 1, 10), e.amount, e.currency, e.period, e.term_months,"
        " coalesce(e.approx, 0) FROM evidence e LEFT JOIN articles a ON a.id = e.article_id "
        f"WHERE e.fact_id IN ({marks}) ORDER BY e.fact_id, a.published_at IS NULL, "
        "a.published_at, e.id", list(by_id))
    for fact_id, *report in rows:
        payment = by_id[fact_id]
        if limit is None or len(payment.reports) < limit:
            payment.reports.append(Report(*report[:-1], approx=bool(report[-1])))


def _parents(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT name, parent FROM companies WHERE parent IS NOT NULL"))


def load_graph(conn: sqlite3.Connection, flt: GraphFilter | None = None,
               max_reports: int | None = MAX_EVIDENCE,
               max_payments: int = MAX_PAYMENTS) -> Graph:
    """The filtered payment network of the store behind `conn` (read only): at most
    `max_payments` payments, the largest per year first, each with up to `max_reports`
    evidence sentences (None: all)."""
    flt = flt or GraphFilter()
    payments = _payments(conn, flt)
    note = None
    if not payments:
        total = conn.execute("SELECT count(*) FROM payments").fetchone()[0]
        note = ("no payments in the store" if not total else
                f"no payments match these filters: {flt.describe()}")
    elif flt.company:
        seeds = resolve_company(conn, flt.company)
        keep = _neighbourhood(payments, seeds, flt.depth)
        payments = [p for p in payments if p.payer in keep and p.payee in keep]
        if not payments:
            note = (f"no company named {flt.company!r} in the store" if not seeds else
                    f"no payments match these filters: {flt.describe()}")
    matched = None
    if len(payments) > max_payments:  # the largest first: a picture stays readable
        matched, payments = len(payments), payments[:max_payments]
    _attach_reports(conn, payments, max_reports)
    return Graph(*_nodes_and_links(payments, _parents(conn)), filter=flt, note=note,
                 matched=matched)


def _nodes_and_links(payments: list[Payment],
                     parents: dict[str, str]) -> tuple[list[Company], list[Payment], list[Link]]:
    companies: dict[str, Company] = {}
    for p in payments:
        for name in (p.payer, p.payee):
            companies.setdefault(name, Company(name, parent=parents.get(name)))
        if not p.conflicting and p.usd_per_year:
            companies[p.payer].paid_usd += p.usd_per_year
            companies[p.payee].received_usd += p.usd_per_year
    links = []
    todo = sorted(companies)
    while todo:  # walk up: a drawn company's parent, its parent, ...
        child = todo.pop(0)
        parent = parents.get(child)
        if not parent or parent == child:
            continue
        links.append(Link(child, parent))
        if parent not in companies:
            companies[parent] = Company(parent, parent=parents.get(parent), in_payments=False)
            todo.append(parent)
    ordered = sorted(companies.values(), key=lambda c: (not c.in_payments, -c.total_usd, c.name))
    return ordered, payments, links
