"""The extract stage: articles not yet read by this fact-extractor version -> facts in the store.

Work goes in batches, one transaction each: the batch's old evidence and company links are
replaced by what the extractor says now, the touched company pairs are consolidated again,
and the articles are marked with the extractor version. A crash mid-batch rolls the batch
back whole, so the store never holds half an article. Counters go to a `crawl_runs` row.

USD per year is the store's to compute: each evidence row's at the ECB rate of its as_of
date, else of its article's publication (or fetch) date, with the rates of the store's
data folder; `renormalise_store` does it again for every row after `newsfacts fx update`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline import consolidate, fx
from pipeline.consolidate import CompanyIndex, GroupKey, Observation
from pipeline.facts.normalise import usd_per_year
from pipeline.records import PERIODS, Evidence, Extraction
from pipeline.store.db import Store, utcnow

WAL_CHECKPOINT_PAGES = 10_000  # pages of WAL before SQLite copies them into the store


class FactExtractor(Protocol):
    """What this stage needs from `pipeline.facts.extractor.Extractor`."""

    def extract_many(self, items: Sequence[tuple[str, str | None, str | None, str | None]]
                     ) -> list[Extraction]: ...

    def extract(self, text: str, lang: str | None = None,
                published_at: str | None = None, url: str | None = None) -> Extraction: ...


@dataclass
class ExtractResult:
    """What one extract run did: its crawl_runs id and path-style counters."""

    run_id: int
    counts: dict[str, int] = field(default_factory=dict)
    status: str = "ok"


@dataclass
class PairChanges:
    """What a batch did to company pairs: rows added per pair, pairs that lost rows, and the
    company names whose facts or links were written or removed."""

    added: dict[GroupKey, list[Observation]] = field(default_factory=dict)
    removed: set[GroupKey] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


@dataclass
class _Article:
    id: int
    url: str
    text: str
    lang: str | None
    published_at: str | None
    is_article: bool


def current_version() -> str:
    """The fact extractor's version, read when called (so a bump is seen at once)."""
    from pipeline.facts import extractor

    return str(extractor.FACTS_VERSION)


def pending(store: Store, version: str, after_id: int = 0, limit: int = 100) -> list[_Article]:
    """Articles whose facts were not extracted by `version`, by id, after `after_id`."""
    rows = store.conn.execute(
        "SELECT id, url, text, lang, published_at, is_article FROM articles "
        "WHERE (facts_version IS NULL OR facts_version != ?) AND id > ? ORDER BY id LIMIT ?",
        (version, after_id, limit),
    ).fetchall()
    return [_Article(r[0], r[1], r[2] or "", r[3], r[4], bool(r[5])) for r in rows]


def count_pending(store: Store, version: str) -> int:
    return int(store.conn.execute(
        "SELECT count(*) FROM articles WHERE facts_version IS NULL OR facts_version != ?",
        (version,)).fetchone()[0])


def _evidence_values(ev: Evidence) -> tuple[str, int, int]:
    return ev.sentence, ev.start, ev.end


def _dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One evidence row per statement per article: same-payment rows of one article merge
    into the most confident one (earliest on ties)."""
    by_key: dict[GroupKey, list[int]] = {}
    for i, row in enumerate(rows):
        by_key.setdefault(row["key"], []).append(i)
    keep = []
    for indices in by_key.values():
        obs = [Observation(
            evidence_id=i, fact_id=0, kind=rows[i]["key"][0], article_id=0,
            amount=rows[i]["amount"], currency=rows[i]["currency"], period=rows[i]["period"],
            term_months=rows[i]["term_months"], approx=bool(rows[i]["approx"]),
            product=rows[i]["product"], as_of=rows[i]["as_of"],
            usd=rows[i]["amount_usd_per_year"], share=rows[i]["share"],
            segment=rows[i]["segment"], confidence=rows[i]["confidence"],
            start=rows[i]["start"], seen=None, host=None) for i in indices]
        for group in consolidate.cluster(obs):
            best = min(group, key=lambda o: (-o.confidence, o.start or 0, o.evidence_id))
            keep.append(rows[best.evidence_id])
    return sorted(keep, key=lambda r: (r["start"] or 0, r["key"][0]))


def _rows(extraction: Extraction, index: CompanyIndex, counts: Counter[str],
          rates: fx.Rates, seen: str | None) -> list[dict[str, Any]]:
    """Evidence rows (with their canonical group key) for an extraction's facts and shares;
    USD per year at the rate of each fact's as_of, else of `seen` (the article's date)."""
    rows = []
    for f in extraction.facts:
        payer, payee = index.canonical(f.payer), index.canonical(f.payee)
        if not payer or not payee or payer == payee:
            counts["extract/skip/same_company"] += 1
            continue
        if f.period not in PERIODS or not f.amount or f.amount <= 0:
            counts["extract/skip/bad_amount"] += 1
            continue
        sentence, start, end = _evidence_values(f.evidence)
        rows.append({
            "key": ("payment", payer, payee), "payer": f.payer, "payee": f.payee,
            "sentence": sentence, "start": start, "end": end, "amount": float(f.amount),
            "currency": f.currency, "period": f.period, "term_months": f.term_months,
            "approx": int(bool(f.approx)), "product": f.product, "as_of": f.as_of,
            "amount_usd_per_year": usd_per_year(f.amount, f.currency, f.period, f.term_months,
                                                f.as_of or seen, rates).usd,
            "share": None, "segment": None,
            "confidence": float(f.confidence), "rule_id": f.rule_id,
        })
        counts[f"facts/rule/{f.rule_id or 'none'}"] += 1
    for s in extraction.shares:
        company = index.canonical(s.company)
        payer = index.canonical(s.payer)
        if not company or s.share is None or not 0 < s.share <= 100:
            counts["extract/skip/bad_share"] += 1
            continue
        sentence, start, end = _evidence_values(s.evidence)
        rows.append({
            "key": ("revenue_share", payer, company), "payer": s.payer, "payee": s.company,
            "sentence": sentence, "start": start, "end": end, "amount": None,
            "currency": None, "period": None, "term_months": None,
            "approx": int(bool(s.approx)), "product": None, "as_of": None,
            "amount_usd_per_year": None, "share": float(s.share), "segment": s.segment,
            "confidence": float(s.confidence), "rule_id": s.rule_id,
        })
        counts[f"facts/rule/{s.rule_id or 'none'}"] += 1
    return _dedupe(rows)


_EVIDENCE_COLS = (
    "fact_id", "article_id", "url", "site", "sentence", "start", "end", "payer", "payee", "amount",
    "currency", "period", "term_months", "approx", "product", "as_of", "amount_usd_per_year",
    "share", "segment", "confidence", "rule_id", "extractor_version",
)


def _real(value: Any) -> float | None:
    return None if value is None else float(value)


def save_extraction(store: Store, article_id: int, extraction: Extraction | None,
                    version: str, index: CompanyIndex, counts: Counter[str] | None = None,
                    changes: PairChanges | None = None, rates: fx.Rates | None = None
                    ) -> set[GroupKey]:
    """Replace what article `article_id` said with `extraction` (None: nothing) and return
    the company-pair groups to consolidate again (noted in `changes` too, with the rows
    added). `rates`: the store's ECB rates (loaded when not given). Call inside a
    transaction."""
    counts = counts if counts is not None else Counter()
    changes = changes if changes is not None else PairChanges()
    conn = store.conn
    keys = consolidate.group_keys(store, [article_id])
    changes.removed |= keys
    url, seen = conn.execute(
        "SELECT a.url, coalesce(a.published_at, p.fetched_at, (SELECT c.captured_at FROM "
        "archive_captures c WHERE c.article_id = a.id), a.extracted_at) FROM articles a "
        "LEFT JOIN pages p ON p.id = a.page_id WHERE a.id = ?", (article_id,)).fetchone()
    site = consolidate.site_of(url)
    for child, parent in conn.execute(
            "SELECT child, parent FROM company_links WHERE article_id = ?", (article_id,)):
        changes.names.update((child, parent))
    conn.execute("DELETE FROM evidence WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM company_links WHERE article_id = ?", (article_id,))
    if extraction is None:
        return keys
    placeholders: dict[GroupKey, int] = {}
    marks = ", ".join("?" for _ in _EVIDENCE_COLS)
    rates = rates or consolidate.store_rates(store)
    for row in _rows(extraction, index, counts, rates, seen):
        key = row.pop("key")
        if key not in placeholders:
            placeholders[key] = consolidate.placeholder_fact(conn, key)
        keys.add(key)
        values = {"fact_id": placeholders[key], "article_id": article_id, "url": url,
                  "site": site, **row, "extractor_version": version}
        evidence_id = conn.execute(
            f"INSERT INTO evidence ({', '.join(_EVIDENCE_COLS)}) VALUES ({marks})",
            tuple(values[c] for c in _EVIDENCE_COLS)).lastrowid
        changes.added.setdefault(key, []).append(Observation(  # as regroup would read it
            int(evidence_id), placeholders[key], key[0], article_id, _real(row["amount"]),
            row["currency"], row["period"], row["term_months"], bool(row["approx"]),
            row["product"], row["as_of"], _real(row["amount_usd_per_year"]),
            _real(row["share"]), row["segment"], _real(row["confidence"]), row["start"], seen,
            site or None))
        counts[f"extract/evidence/{key[0]}"] += 1
    for link in extraction.links:
        child, parent = index.canonical(link.child), index.canonical(link.parent)
        if not child or not parent or child == parent:
            counts["extract/skip/bad_link"] += 1
            continue
        ev = link.evidence
        conn.execute(
            "INSERT INTO company_links (child, parent, article_id, sentence, start, end, "
            "confidence, rule_id, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (child, parent, article_id, ev.sentence, ev.start, ev.end, link.confidence,
             link.rule_id, version))
        changes.names.update((child, parent))
        counts["extract/links"] += 1
        counts[f"facts/rule/{link.rule_id or 'none'}"] += 1
    return keys


def consolidate_groups(store: Store, keys: set[GroupKey], index: CompanyIndex,
                       counts: Counter[str] | None = None,
                       changes: PairChanges | None = None, all_companies: bool = True,
                       rates: fx.Rates | None = None) -> None:
    """Recompute the facts of `keys` and the companies table; pairs that `changes` says only
    gained rows are updated from those rows. `all_companies` false: the companies table was
    brought up to date with `index` before, so only the names `changes` and `keys` touch are
    refreshed. Call inside a transaction."""
    counts = counts if counts is not None else Counter()
    rates = rates or consolidate.store_rates(store)
    for key in sorted(keys, key=lambda k: tuple(x or "" for x in k)):
        added = None
        if changes is not None and key not in changes.removed:
            added = changes.added.get(key, [])
        result = consolidate.regroup(store, key, added, rates)
        counts["consolidate/facts_deleted"] += result["deleted"]
        counts["consolidate/conflicts"] += result["conflicts"]
        counts["consolidate/from_tallies"] += result["from_tallies"]
    counts["consolidate/groups"] += len(keys)
    names = None
    if not all_companies and changes is not None:
        names = changes.names | {n for key in keys for n in key[1:] if n is not None}
    consolidate.refresh_companies(store, index, names)


def _extract_batch(extractor: FactExtractor, articles: list[_Article],
                   counts: Counter[str]) -> dict[int, Extraction | None]:
    """Extractions by article id; articles whose extraction failed are left out."""
    todo, out = _split_readable(articles, counts)
    if not todo:
        return out
    try:
        results = extractor.extract_many([(a.text, a.lang, a.published_at, a.url)
                                          for a in todo])
        out.update(zip([a.id for a in todo], results, strict=True))
    except Exception:
        for a in todo:  # isolate the article that fails; the others go on
            try:
                out[a.id] = extractor.extract(a.text, lang=a.lang, published_at=a.published_at,
                                              url=a.url)
            except Exception as e:  # noqa: BLE001 - counted, article retried next run
                counts[f"extract/error/{type(e).__name__}"] += 1
    return out


def _split_readable(articles: list[_Article], counts: Counter[str]
                    ) -> tuple[list[_Article], dict[int, Extraction | None]]:
    """(articles with text to read, {id: None} for the others: nothing to extract)."""
    todo = [a for a in articles if a.is_article and a.text.strip()]
    out: dict[int, Extraction | None] = {a.id: None for a in articles if a not in todo}
    counts["extract/skip/not_article"] += len(out)
    return todo, out


_Wait = Callable[[], dict[int, Extraction | None]]


def _start_batch(extractor: FactExtractor, articles: list[_Article], counts: Counter[str]
                 ) -> _Wait:
    """Start extracting `articles`; the returned function waits for the extractions.

    An extractor with `submit` (ProcessExtractor) works on them in other processes while
    the caller stores the batch before; any other extractor works here and now.
    """
    submit = getattr(extractor, "submit", None)
    if submit is None or getattr(extractor, "workers", 1) < 2:
        done = _extract_batch(extractor, articles, counts)
        return lambda: done
    todo, out = _split_readable(articles, counts)
    pending_ = submit([(a.text, a.lang, a.published_at, a.url) for a in todo]) if todo else None

    def wait() -> dict[int, Extraction | None]:
        if pending_ is not None:
            for a, result in zip(todo, pending_.result(), strict=True):
                if isinstance(result, Exception):  # counted, article retried next run
                    counts[f"extract/error/{type(result).__name__}"] += 1
                else:
                    out[a.id] = result
        return out

    return wait


def extract_pending(store: Store, extractor: FactExtractor | None = None,
                    version: str | None = None, batch: int = 32, limit: int | None = None,
                    index: CompanyIndex | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    stop: Callable[[], bool] | None = None) -> ExtractResult:
    """Extract facts from every article not yet read by `version` (default: the current
    FACTS_VERSION), `batch` articles per transaction, at most `limit` articles."""
    if extractor is None:
        from pipeline.facts.extractor import Extractor

        extractor = Extractor()
    version = version or current_version()
    index = index or CompanyIndex.from_gazetteer()
    rates = consolidate.store_rates(store)
    counts: Counter[str] = Counter()
    total = count_pending(store, version)
    if limit is not None:
        total = min(total, limit)
    # WAL + NORMAL: a killed process loses nothing committed; only power loss could drop the
    # last batches, never corrupt the store. Checkpointing every ~40 MB of WAL (not 4 MB)
    # writes a page the batches keep changing (facts, conflicts) back once, not each time.
    store.conn.execute("PRAGMA synchronous = NORMAL")
    store.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    run_id = store.start_run("extract")
    status, done, last_id = "ok", 0, 0
    # with worker processes, the next batch is read and started before this one is
    # stored, so extraction and the store's work overlap
    ahead = getattr(extractor, "workers", 1) > 1
    started: tuple[list[_Article], _Wait] | None = None

    def start(in_flight: int) -> tuple[list[_Article], _Wait] | None:
        nonlocal last_id
        size = batch if limit is None else min(batch, limit - done - in_flight)
        articles = pending(store, version, last_id, size) if size > 0 else []
        if not articles:
            return None
        last_id = articles[-1].id
        return articles, _start_batch(extractor, articles, counts)

    try:
        while True:
            if stop is not None and stop():
                status = "interrupted"  # a batch started and not stored is read next run
                break
            current = started or start(0)
            if current is None:
                break
            articles, wait = current
            started = start(len(articles)) if ahead else None
            extractions = wait()
            with store.transaction():
                keys: set[GroupKey] = set()
                changes = PairChanges()
                now = utcnow()
                for a in articles:
                    if a.id not in extractions:
                        continue
                    keys |= save_extraction(store, a.id, extractions[a.id], version, index,
                                            counts, changes, rates)
                    store.conn.execute(
                        "UPDATE articles SET facts_version = ?, facts_at = ? WHERE id = ?",
                        (version, now, a.id))
                    counts["extract/articles"] += 1
                consolidate_groups(store, keys, index, counts, changes,
                                   all_companies=done == 0,  # the gazetteer may be new
                                   rates=rates)
            done += len(articles)
            if progress is not None:
                progress(done, total)
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except BaseException:
        status = "failed"
        raise
    finally:
        counts["facts/total"] = int(store.conn.execute(
            "SELECT count(*) FROM facts WHERE kind = 'payment'").fetchone()[0])
        store.finish_run(run_id, dict(counts), status=status)
    return ExtractResult(run_id, dict(counts), status)


def check_consistency(store: Store) -> list[str]:
    """Problems that consolidation should never leave behind (empty list: none)."""
    conn = store.conn
    problems = []
    for (fid,) in conn.execute("SELECT id FROM facts f WHERE NOT EXISTS "
                               "(SELECT 1 FROM evidence e WHERE e.fact_id = f.id)"):
        problems.append(f"fact {fid} has no evidence")
    for fid, n, real in conn.execute(
            "SELECT f.id, f.n_articles, (SELECT count(DISTINCT e.article_id) FROM evidence e "
            "WHERE e.fact_id = f.id) FROM facts f"):
        if n != real:
            problems.append(f"fact {fid}: n_articles {n} but {real} articles of evidence")
    for (fid,) in conn.execute("SELECT f.id FROM facts f WHERE f.conflicting != EXISTS "
                               "(SELECT 1 FROM fact_conflicts c WHERE c.fact_id = f.id)"):
        problems.append(f"fact {fid}: conflicting flag disagrees with fact_conflicts")
    return problems


def record_extraction(store: Store, article_id: int, extraction: Extraction | None,
                      version: str, index: CompanyIndex | None = None) -> dict[str, int]:
    """Store one article's extraction and consolidate, in one transaction (the write API
    for callers that extracted the text themselves)."""
    index = index or CompanyIndex.from_gazetteer()
    counts: Counter[str] = Counter()
    with store.transaction():
        changes = PairChanges()
        keys = save_extraction(store, article_id, extraction, version, index, counts, changes)
        store.conn.execute("UPDATE articles SET facts_version = ?, facts_at = ? WHERE id = ?",
                           (version, utcnow(), article_id))
        consolidate_groups(store, keys, index, counts, changes)
    return dict(counts)


@dataclass
class PipelineResult:
    """What `crawl_and_extract` did: the crawl's and the extraction's results."""

    crawl: Any
    extract: ExtractResult | None


def crawl_and_extract(store: Store, config: Any, max_pages: int | None = None,
                      progress: str = "auto", extractor: FactExtractor | None = None,
                      stop: Any = None) -> PipelineResult:
    """The main job: crawl the config's sources, then extract facts from what is new, both
    under the store's work lock (StoreLockedError when another process holds it)."""
    import threading

    from pipeline.crawl import crawl
    from pipeline.page_reader import PageReader

    stop = stop or threading.Event()
    with store.work_lock():
        with PageReader(config.crawl.extract_workers) as reader:
            crawled = crawl(store, config, reader=reader, max_pages=max_pages,
                            progress=progress, stop=stop)
        if stop.is_set():
            return PipelineResult(crawled, None)
        return PipelineResult(crawled, extract_pending(store, extractor, stop=stop.is_set))


def reconsolidate_store(store: Store, index: CompanyIndex | None = None) -> dict[str, int]:
    """Re-resolve every company name and recompute every fact, in one transaction."""
    with store.transaction():
        return consolidate.reconsolidate(store, index)


def renormalise_store(store: Store) -> dict[str, int]:
    """Compute USD per year again for every payment statement and fact with the store's
    ECB rates as they are now (after `newsfacts fx update`), without re-reading articles,
    in one transaction. Rates are dated: a fact keeps the rate of its own date; what changes
    is what the older file could not give (days after its end). Returns counters."""
    rates = consolidate.store_rates(store)
    conn = store.conn
    counts: Counter[str] = Counter()
    with store.transaction():
        changed = []
        for ev_id, amount, currency, period, term, as_of, seen, old in conn.execute(
                "SELECT e.id, e.amount, e.currency, e.period, e.term_months, e.as_of, "
                "coalesce(a.published_at, p.fetched_at, a.extracted_at), "
                "e.amount_usd_per_year FROM evidence e JOIN facts f ON f.id = e.fact_id "
                "LEFT JOIN articles a ON a.id = e.article_id "
                "LEFT JOIN pages p ON p.id = a.page_id "
                "WHERE f.kind = 'payment' AND e.amount IS NOT NULL").fetchall():
            if period not in PERIODS:
                continue
            usd = usd_per_year(amount, currency, period, term, as_of or seen, rates).usd
            if usd != old:
                changed.append((usd, ev_id))
        conn.executemany("UPDATE evidence SET amount_usd_per_year = ? WHERE id = ?", changed)
        counts["renormalise/evidence_changed"] = len(changed)
        columns = "id, amount_usd_per_year, fx_rate, fx_date, usd_note"
        before = {r[0]: r[1:] for r in conn.execute(f"SELECT {columns} FROM facts")}
        keys = list(conn.execute("SELECT DISTINCT kind, payer, payee FROM facts"))
        for key in sorted(keys, key=lambda k: tuple(x or "" for x in k)):
            counts.update(consolidate.regroup(store, key, rates=rates))
        after = {r[0]: r[1:] for r in conn.execute(f"SELECT {columns} FROM facts")}
        counts["renormalise/facts"] = len(after)
        counts["renormalise/facts_changed"] = sum(before.get(i) != v for i, v in after.items())
    return dict(counts)
