"""Schema of the knowledge store and its forward migrations.

`PRAGMA user_version` holds the schema version; each migration moves it up by one and is
idempotent (it only creates what is missing), so running `init` twice changes nothing.
`PRAGMA application_id` marks the file as a newsfacts store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x4E574653  # "NWFS"

TABLES = """
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('feed', 'sitemap', 'page')),
    url TEXT NOT NULL,
    lang TEXT,
    config TEXT,                      -- JSON: include/exclude/max_depth
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'crawl', -- crawl | extract | run | schedule
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running', -- running | ok | interrupted | failed
    pid INTEGER,
    counts TEXT,                      -- JSON: path-style counters, e.g. fetch/status/200
    errors TEXT                       -- JSON: error reason code -> count
);

-- The crawl frontier and fetch state, one row per canonical URL.
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    source TEXT,
    kind TEXT NOT NULL DEFAULT 'page', -- robots | feed | sitemap | page
    depth INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'queued', -- queued | done | unchanged | skipped | error
    status INTEGER,
    final_url TEXT,
    content_type TEXT,
    charset TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    duplicate_of INTEGER REFERENCES pages(id),
    fetched_at TEXT,
    error TEXT,                       -- stable reason code: too_large, robots_disallowed, ...
    error_detail TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    discovered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    run_id INTEGER REFERENCES crawl_runs(id)  -- last run that worked on this row
);

-- Each distinct body once, zlib-compressed; pages point here by content_hash.
CREATE TABLE IF NOT EXISTS page_bodies (
    content_hash TEXT PRIMARY KEY,
    body BLOB NOT NULL,
    size INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    page_id INTEGER REFERENCES pages(id),
    url TEXT NOT NULL UNIQUE,
    canonical_url TEXT,
    title TEXT,
    lang TEXT,
    published_at TEXT,
    author TEXT,
    site TEXT,
    text TEXT NOT NULL DEFAULT '',
    text_hash TEXT,
    is_article INTEGER NOT NULL DEFAULT 1,
    extractor_version TEXT,
    extracted_at TEXT,
    facts_version TEXT,               -- fact-extractor version that last processed it
    facts_at TEXT
);

CREATE TABLE IF NOT EXISTS companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,        -- canonical name
    aliases TEXT NOT NULL DEFAULT '[]', -- JSON list
    parent TEXT,                      -- canonical name of the parent company
    origin TEXT NOT NULL DEFAULT 'text' -- gazetteer | text
);

CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment', 'revenue_share')),
    payer TEXT,
    payee TEXT,
    amount REAL,
    currency TEXT,
    period TEXT CHECK (period IS NULL OR period IN
        ('month', 'year', 'quarter', 'week', 'day', 'total')),
    term_months INTEGER,
    approx INTEGER NOT NULL DEFAULT 0,
    product TEXT,
    as_of TEXT,
    amount_usd_per_year REAL,
    share REAL,                       -- revenue_share: percent of payee's revenue
    segment TEXT,
    confidence REAL,
    first_seen TEXT,
    last_seen TEXT,
    n_articles INTEGER NOT NULL DEFAULT 0,
    n_sites INTEGER NOT NULL DEFAULT 0,
    conflicting INTEGER NOT NULL DEFAULT 0,
    tally TEXT,                       -- JSON counts over its evidence (pipeline/fact_tally.py)
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT
);

-- One row per (fact, article, span): what one article said, as extracted.
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY,
    fact_id INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT,
    site TEXT,                        -- the URL's host without www. ('' none), counted per fact
    sentence TEXT NOT NULL,
    start INTEGER,
    end INTEGER,
    payer TEXT,                       -- names as this article gave them (facts hold canonical)
    payee TEXT,
    amount REAL,
    currency TEXT,
    period TEXT,
    term_months INTEGER,
    approx INTEGER,
    product TEXT,
    as_of TEXT,
    amount_usd_per_year REAL,
    share REAL,                       -- revenue_share evidence
    segment TEXT,
    confidence REAL,
    rule_id TEXT,
    extractor_version TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE IF NOT EXISTS fact_conflicts (
    fact_id INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    other_fact_id INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    PRIMARY KEY (fact_id, other_fact_id)
);

CREATE TABLE IF NOT EXISTS company_links (
    id INTEGER PRIMARY KEY,
    child TEXT NOT NULL,
    parent TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT 'subsidiary',
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    sentence TEXT,
    start INTEGER,
    end INTEGER,
    confidence REAL,
    rule_id TEXT,
    extractor_version TEXT
);
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS pages_state ON pages(state);
CREATE INDEX IF NOT EXISTS pages_queue ON pages(state, depth, id);  -- crawl frontier order
CREATE INDEX IF NOT EXISTS pages_content_hash ON pages(content_hash);
CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published_at);
CREATE INDEX IF NOT EXISTS articles_facts_version ON articles(facts_version);
CREATE INDEX IF NOT EXISTS articles_page ON articles(page_id);
CREATE INDEX IF NOT EXISTS facts_payer ON facts(payer);
CREATE INDEX IF NOT EXISTS facts_payee ON facts(payee);
CREATE INDEX IF NOT EXISTS facts_usd ON facts(amount_usd_per_year);
CREATE INDEX IF NOT EXISTS facts_last_seen ON facts(last_seen);
-- a company pair's facts with what `disagree` compares, read without the rows
CREATE INDEX IF NOT EXISTS facts_pair_values ON facts(kind, payer, payee, amount, currency,
    period, amount_usd_per_year, share, segment, as_of, product);
-- a pair's facts without a tally (fresh, or rows removed behind its back): see evidence_ad
CREATE INDEX IF NOT EXISTS facts_untallied ON facts(kind, payer, payee) WHERE tally IS NULL;
CREATE INDEX IF NOT EXISTS evidence_fact ON evidence(fact_id);
CREATE INDEX IF NOT EXISTS evidence_article ON evidence(article_id);
-- what clustering reads of a fact's evidence, read without the rows (consolidate._nodes)
CREATE INDEX IF NOT EXISTS evidence_values ON evidence(fact_id, amount, currency, period,
    amount_usd_per_year, share, segment, as_of);
CREATE INDEX IF NOT EXISTS company_links_child ON company_links(child);
CREATE INDEX IF NOT EXISTS company_links_article ON company_links(article_id);
CREATE INDEX IF NOT EXISTS company_links_parent ON company_links(parent);
-- the other direction of a conflict (and ON DELETE CASCADE from facts) without a table scan
CREATE INDEX IF NOT EXISTS fact_conflicts_other ON fact_conflicts(other_fact_id);
"""

# A fact whose evidence goes (its article re-extracted or deleted) loses its tally, so
# consolidation reads its rows again instead of trusting counts that no longer hold.
TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS evidence_ad AFTER DELETE ON evidence BEGIN
    UPDATE facts SET tally = NULL WHERE id = old.fact_id AND tally IS NOT NULL;
END;
"""

# Full-text search over articles, kept current by triggers (external content table).
FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='id'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""

# Views are dropped and recreated on every migrate, so changing one needs no new version.
VIEWS = {
    "payments": """
        SELECT f.id AS fact_id, f.payer, f.payee, f.amount, f.currency, f.period,
               f.term_months, f.approx, f.product, f.as_of, f.amount_usd_per_year,
               f.fx_rate, f.fx_date, f.usd_note, f.confidence, f.n_articles, f.n_sites,
               f.first_seen, f.last_seen, f.conflicting
        FROM facts f
        WHERE f.kind = 'payment'
    """,
    # Per company paid: who pays it and how much a year (conflicting reports not summed).
    "vendor_revenue": """
        SELECT v.payee AS vendor, count(DISTINCT v.payer) AS n_payers,
               (SELECT group_concat(payer, ', ') FROM (
                    SELECT DISTINCT x.payer FROM facts x
                    WHERE x.kind = 'payment' AND x.payee = v.payee ORDER BY x.payer)) AS payers,
               sum(CASE WHEN v.conflicting = 0 THEN v.amount_usd_per_year END)
                   AS total_usd_per_year,
               count(*) AS n_facts, sum(v.conflicting) AS n_conflicting,
               max(v.last_seen) AS last_seen
        FROM facts v
        WHERE v.kind = 'payment'
        GROUP BY v.payee
    """,
    # Per paying company: whom it pays and how much a year (conflicting reports not summed).
    "company_spend": """
        SELECT v.payer AS company, count(DISTINCT v.payee) AS n_payees,
               (SELECT group_concat(payee, ', ') FROM (
                    SELECT DISTINCT x.payee FROM facts x
                    WHERE x.kind = 'payment' AND x.payer = v.payer ORDER BY x.payee)) AS payees,
               sum(CASE WHEN v.conflicting = 0 THEN v.amount_usd_per_year END)
                   AS total_usd_per_year,
               count(*) AS n_facts, sum(v.conflicting) AS n_conflicting,
               max(v.last_seen) AS last_seen
        FROM facts v
        WHERE v.kind = 'payment'
        GROUP BY v.payer
    """,
    "recent_facts": """
        SELECT f.id AS fact_id, f.kind, f.payer, f.payee, f.amount, f.currency, f.period,
               f.approx, f.amount_usd_per_year, f.share, f.segment, f.n_articles, f.n_sites,
               f.first_seen, f.last_seen, f.conflicting
        FROM facts f
        ORDER BY f.last_seen IS NULL, f.last_seen DESC, f.id DESC
    """,
    # Each disagreeing pair once (fact_conflicts holds both directions).
    "conflicts": """
        SELECT c.fact_id, c.other_fact_id, a.kind, a.payer, a.payee,
               a.amount, a.currency, a.period, a.share, a.amount_usd_per_year, a.n_articles,
               b.amount AS other_amount, b.currency AS other_currency,
               b.period AS other_period, b.share AS other_share,
               b.amount_usd_per_year AS other_amount_usd_per_year,
               b.n_articles AS other_n_articles
        FROM fact_conflicts c
        JOIN facts a ON a.id = c.fact_id
        JOIN facts b ON b.id = c.other_fact_id
        WHERE c.fact_id < c.other_fact_id
    """,
    "subsidiaries": """
        SELECT c.name AS company, c.parent, c.origin,
               (SELECT count(DISTINCT l.article_id) FROM company_links l
                WHERE l.child = c.name AND l.parent = c.parent) AS n_articles
        FROM companies c
        WHERE c.parent IS NOT NULL
    """,
    "revenue_shares": """
        SELECT f.id AS fact_id, f.payee AS company, f.payer AS from_company, f.share,
               f.segment, f.approx, f.confidence, f.n_articles, f.n_sites, f.first_seen,
               f.last_seen, f.conflicting
        FROM facts f
        WHERE f.kind = 'revenue_share'
    """,
    # Each WARC file's state over its parts: done when every part is, failed when one is.
    "archive_file_states": """
        SELECT f.id AS file_id, f.path, f.size, count(*) AS parts,
               CASE WHEN sum(p.state = 'failed') THEN 'failed'
                    WHEN sum(p.state = 'done') = count(*) THEN 'done'
                    WHEN sum(p.state = 'running') THEN 'running'
                    ELSE 'pending' END AS state,
               group_concat(DISTINCT p.reason) AS reasons,
               sum(p.records) AS records, sum(p.articles) AS articles,
               max(p.finished_at) AS finished_at
        FROM archive_files f JOIN archive_parts p ON p.file_id = f.id
        GROUP BY f.id
    """,
    # Each piece of evidence with its fact and its article (language, site, date).
    "fact_evidence": """
        SELECT e.id AS evidence_id, e.fact_id, f.kind, f.payer, f.payee, e.sentence,
               e.amount, e.currency, e.period, e.share, e.confidence, e.rule_id,
               e.extractor_version, a.id AS article_id, coalesce(a.url, e.url) AS url,
               a.title, a.lang, a.site, a.published_at
        FROM evidence e
        JOIN facts f ON f.id = e.fact_id
        LEFT JOIN articles a ON a.id = e.article_id
    """,
}


def statements(script: str) -> list[str]:
    """Split a script into statements (trigger bodies included), for use inside a
    transaction: `executescript` would commit first."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _v1(conn: sqlite3.Connection) -> None:
    for stmt in statements(TABLES + INDEXES + TRIGGERS + FTS):
        conn.execute(stmt)


def _add_columns(conn: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """Add the `columns` (name -> type) that `table` lacks."""
    have = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
    for name, kind in columns.items():
        if name not in have:
            conn.execute(f"ALTER TABLE [{table}] ADD COLUMN {name} {kind}")


def _v2_fx(conn: sqlite3.Connection) -> None:
    """The ECB rate behind each fact's amount_usd_per_year (USD per unit), the ECB day it
    is from, and why there is no figure (or what to know about it) as a stable code.
    Facts stored before keep their old figure until `newsfacts extract --renormalise`."""
    _add_columns(conn, "facts", {"fx_rate": "REAL", "fx_date": "TEXT", "usd_note": "TEXT"})


# Web-archive input (`newsfacts backfill`): the WARC files, the parts (byte ranges) each is
# read in with their states, so a backfill resumes part by part, and where each archived
# article came from, so an article kept without its text (no facts in it) can be read
# again from the archive.
ARCHIVES = """
CREATE TABLE IF NOT EXISTS archive_files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,        -- absolute local path or fsspec URL
    size INTEGER,                     -- bytes, when the file was registered
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One row per byte range of a file: the records whose start lies in [start, end).
CREATE TABLE IF NOT EXISTS archive_parts (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES archive_files(id),
    start INTEGER NOT NULL,
    end INTEGER,                      -- NULL: to the end of the file
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'running', 'done', 'failed')),
    reason TEXT,                      -- failed: stable reason code (not_warc, unreadable, ...)
    detail TEXT,
    run_id INTEGER REFERENCES crawl_runs(id),  -- last backfill run that worked on it
    records INTEGER,                  -- WARC records read
    articles INTEGER,                 -- articles stored from it
    counts TEXT,                      -- JSON: its counters, bad input by reason among them
    started_at TEXT,
    finished_at TEXT,
    UNIQUE (file_id, start)
);
CREATE INDEX IF NOT EXISTS archive_parts_state ON archive_parts(state);

CREATE TABLE IF NOT EXISTS archive_captures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES archive_files(id),
    offset INTEGER NOT NULL,          -- the record's start (its gzip member) in the file
    captured_at TEXT,                 -- WARC-Date
    body_hash BLOB                    -- first 16 bytes of the body's sha256: one copy per body
);
CREATE INDEX IF NOT EXISTS archive_captures_body ON archive_captures(body_hash);
"""


def _v3_archives(conn: sqlite3.Connection) -> None:
    for stmt in statements(ARCHIVES):
        conn.execute(stmt)


def _v4_article_extractor(conn: sqlite3.Connection) -> None:
    """articles.extractor: which path gave the text (dom, trafilatura, jsonld, article,
    skipped), so a slow or doubtful path can be found and re-run."""
    _add_columns(conn, "articles", {"extractor": "TEXT"})


# Index i holds the migration from version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1, _v2_fx, _v3_archives, _v4_article_extractor]
SCHEMA_VERSION = len(MIGRATIONS)


def create_missing(conn: sqlite3.Connection) -> None:
    """Create the indexes and triggers a store lacks (one written by an older v1 build),
    idempotently."""
    for stmt in statements(INDEXES + TRIGGERS):
        conn.execute(stmt)


def create_views(conn: sqlite3.Connection) -> None:
    """Drop and recreate every view so their definitions always match this code."""
    for name, sql in VIEWS.items():
        conn.execute(f"DROP VIEW IF EXISTS [{name}]")
        conn.execute(f"CREATE VIEW [{name}] AS {sql}")
