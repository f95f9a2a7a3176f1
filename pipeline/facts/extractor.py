"""The public entry of fact extraction: article text -> Extraction (facts, links, shares).

Cheap first: sentences are split by regex and only those that can state a payment, a
revenue share or a parent link (`cued_sentences`) go through spaCy, batched with
`nlp.pipe`; the sentence before one of them follows only when the rules read it (a
back-reference, a left-out subject, a missing party). `full_document` runs spaCy over whole
texts instead (blank pipelines too): the same rules and facts, the naive baseline for
benchmarks.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from typing import Any

from pipeline.facts import nlp as nlp_mod
from pipeline.facts import scorer
from pipeline.facts.awarders import with_awarder
from pipeline.facts.clauses import cue, cues
from pipeline.facts.company_rules import rules
from pipeline.facts.currency_names import (
    country_of_url,
    currency_in_context,
    dollar_in_context,
    dollar_region,
)
from pipeline.facts.dates import find_as_of
from pipeline.facts.deals import deal_candidates
from pipeline.facts.distributive import paired_amounts, sibling, spread
from pipeline.facts.explain import analysis_to_dict
from pipeline.facts.full_names import complete
from pipeline.facts.lexicon import lang_jsonl, lang_toml, languages
from pipeline.facts.links import has_link_cue
from pipeline.facts.money import (
    Amount,
    find_amounts,
    has_bare_amount,
    has_money_cue,
    money_cue_positions,
)
from pipeline.facts.normalise import amount_usd_per_year
from pipeline.facts.periods import period_right_after
from pipeline.facts.phrases import alternation
from pipeline.facts.relations import analyse_sentence, assemble, links_in
from pipeline.facts.shares import find_shares, has_share_cue
from pipeline.facts.view import Analysis, Candidate, Scored, SentenceView
from pipeline.records import Evidence, Extraction, Fact

# Bump when rules or code change what comes out: the store re-extracts older articles.
FACTS_VERSION = "2026.12.08-169"

# (text, lang, published_at) or (text, lang, published_at, url): what one text brings
Item = tuple[str, str | None, str | None] | tuple[str, str | None, str | None, str | None]

# a "$" with no letter before or after it ("$500 million", "585 millions $"; not "US$", "$US")
# "$", also after a scale letter ("2 M$", "1,5 G$"), but not a prefixed symbol ("US$", "C$")
# "30 millions de dollars", not "dollars américains" / "US dollars"
BARE_DOLLAR_WORD = re.compile(r"(?i)(?<![\w-])(?<!us )(?<!u\.s\. )dollars?(?!\s+(?:am[ée]ricains?|us|u\.s\.))")
BARE_DOLLAR = re.compile(r"(?:(?<![A-Za-z])|(?<=\d[MGkB])|(?<=\d [MGkB]))\$(?!\s?[A-Z])")


class Extractor:
    """Loads language pipelines lazily (once each) and extracts payment facts."""

    def __init__(self, prefer_statistical: bool = True, full_document: bool = False,
                 text_batch: int = 256, sentence_batch: int = 256, doc_batch: int = 32
                 ) -> None:
        self.prefer_statistical = prefer_statistical
        self.full_document = full_document
        self.text_batch = text_batch  # texts read together (spaCy runs once per language)
        self.sentence_batch = sentence_batch  # nlp.pipe batch size over single sentences
        self.doc_batch = doc_batch  # nlp.pipe batch size over whole texts (full_document)
        self.counters: dict[str, int] = {}

    def extract(self, text: str, lang: str | None = None,
                published_at: str | None = None, url: str | None = None) -> Extraction:
        """Facts, parent links and revenue shares stated in `text` (published at `url`,
        whose country settles an ambiguous "pesos" or "$")."""
        return self.analyse(text, lang, published_at, url).extraction or Extraction(lang or "")

    def extract_many(self, items: Iterable[Item]) -> Iterator[Extraction]:
        """`extract` over (text, lang, published_at[, url]) items, batching spaCy per
        language."""
        for analysis in self.analyse_many(items):
            yield analysis.extraction or Extraction(analysis.lang)

    def explain(self, text: str, lang: str | None = None,
                published_at: str | None = None, url: str | None = None) -> dict[str, Any]:
        """What the pipeline saw in `text`, as a JSON-ready dict (see pipeline.facts.explain)."""
        return analysis_to_dict(self.analyse(text, lang, published_at, url), text)

    # --- internals -------------------------------------------------------------------

    def analyse(self, text: str, lang: str | None = None,
                published_at: str | None = None, url: str | None = None) -> Analysis:
        return next(iter(self.analyse_many([(text, lang, published_at, url)])))

    def analyse_many(self, items: Iterable[Item]) -> Iterator[Analysis]:
        batch: list[Item] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.text_batch:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _count(self, key: str, n: int = 1) -> None:
        self.counters[key] = self.counters.get(key, 0) + n

    def _run(self, batch: list[Item]) -> list[Analysis]:
        known = set(languages())
        plans: list[tuple[Analysis, str, str | None]] = []
        cued: dict[int, list[int]] = {}
        for item in batch:
            text, lang, published_at = item[:3]
            country = country_of_url(item[3] if len(item) > 3 else None)
            text = text or ""
            lang = (lang or "").lower() or nlp_mod.detect_language(text) or "en"
            if lang not in known:
                self._count(f"facts/skip/lang_{lang}")
                plans.append((Analysis(lang, "none", [], []), text, published_at))
                continue
            sents = nlp_mod.split_sentences(text, lang)
            analysis = Analysis(lang, "", sents, [])
            cued[id(analysis)] = cued_sentences(text, sents, lang, analysis.amounts, country)
            self._count("facts/sentences", len(sents))
            self._count("facts/sentences_cued", len(cued[id(analysis)]))
            plans.append((analysis, text, published_at))
        for lang in sorted({a.lang for a, _, _ in plans if a.pipeline == ""}):
            group = [(a, t) for a, t, _ in plans if a.lang == lang and a.pipeline == ""]
            nlp = nlp_mod.load_pipeline(lang, self.prefer_statistical)
            doc_orgs = self._document_orgs(nlp, group) if self.full_document else None
            self._read(nlp, group, [cued[id(a)] for a, _ in group], doc_orgs)
            context = [_context_needed(a, cued[id(a)]) for a, _ in group]
            self._count("facts/sentences_context", sum(map(len, context)))
            self._read(nlp, group, context, doc_orgs)
            farther = [_farther_needed(a, cued[id(a)]) for a, _ in group]
            self._count("facts/sentences_context2", sum(map(len, farther)))
            self._read(nlp, group, farther, doc_orgs)
            name = nlp_mod.pipeline_name(nlp)
            for analysis, _ in group:
                analysis.pipeline = name
                analysis.considered = sorted(analysis.views)
                self._count("facts/sentences_considered", len(analysis.considered))
        out = []
        for analysis, text, published_at in plans:
            analysis.extraction = self._facts(analysis, text, published_at)
            out.append(analysis)
        return out

    def _document_orgs(self, nlp: Any, group: list[tuple[Analysis, str]]
                       ) -> list[list[tuple[int, int]]]:
        """The naive baseline: spaCy over every whole text (blank pipelines too); ORG spans."""
        return self._orgs(nlp, [t for _, t in group], self.doc_batch)

    def _orgs(self, nlp: Any, texts: list[str], batch_size: int) -> list[list[tuple[int, int]]]:
        """ORG entity spans of each text after one batched `nlp.pipe` (counted)."""
        self._count("facts/nlp_docs", len(texts))
        self._count("facts/nlp_chars", sum(map(len, texts)))
        return [[(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]
                for doc in nlp.pipe(texts, batch_size=batch_size)]

    def _read(self, nlp: Any, group: list[tuple[Analysis, str]], wanted: list[list[int]],
              doc_orgs: list[list[tuple[int, int]]] | None) -> None:
        """Analyse the `wanted` sentences of each text into views, with ORG hints from spaCy:
        from the whole-text docs in full_document mode, else one batched `nlp.pipe` over
        just these sentences (skipped for pipelines without NER)."""
        keys = [(k, i) for k, idx in enumerate(wanted) for i in idx]
        if doc_orgs is not None:
            spans = []
            for k, i in keys:
                s, e = group[k][0].sentences[i]
                spans.append([(a - s, b - s) for a, b in doc_orgs[k] if s <= a and b <= e])
        elif nlp_mod.has_ner(nlp) and keys:
            texts = [group[k][1][slice(*group[k][0].sentences[i])] for k, i in keys]
            spans = self._orgs(nlp, texts, self.sentence_batch)
        else:
            spans = [[] for _ in keys]
        for (k, i), org in zip(keys, spans, strict=True):
            analysis, text = group[k]
            s, e = analysis.sentences[i]
            analysis.views[i] = analyse_sentence(text[s:e], analysis.lang, s, org,
                                                 analysis.amounts.pop(i, None), text)

    @staticmethod
    def _awarded(partial: list[Candidate], full: list[Candidate], analysis: Analysis
                 ) -> list[Candidate]:
        """Winners' readings with the buyer named before as payer (awarders.py), for the
        amounts no full reading took."""
        taken = {(id(c.sentence), c.amount.start) for c in full}
        out = []
        for c in partial:
            if (id(c.sentence), c.amount.start) in taken:
                continue
            done = with_awarder(c, analysis.views)
            if done is not None:
                taken.add((id(c.sentence), c.amount.start))
                out.append(done)
        return out

    def _facts(self, analysis: Analysis, text: str, published_at: str | None) -> Extraction:
        ex = Extraction(analysis.lang)
        if not analysis.views:
            return ex
        reference = _date(published_at)
        prev_i = -2
        chosen: list[Candidate] = []
        scoring = scorer.model() is not None
        for i in analysis.considered:
            view = analysis.views[i]
            before = _context_view(analysis.views, i) if prev_i == i - 1 else None
            settled = analysis.settled.pop(i, None)
            cands, scored = sentence_readings(view, before) if settled is None else settled
            analysis.candidates.extend(cands)
            analysis.scored.extend(scored)
            if scoring:
                chosen.extend(_selected(view, scored))
            else:
                chosen.extend(c for c in cands if c.payer and c.payee)
            ex.links.extend(links_in(view))
            ex.shares.extend(find_shares(view))
            prev_i = i
        full = chosen
        partial = [c for c in analysis.candidates if not (c.payer and c.payee)]
        full += self._awarded(partial, full, analysis)
        for c in full:
            ex.facts.append(self._fact(c, analysis.lang, reference, text))
        ex.facts = _merge(ex.facts, partial)
        ex.links = _dedupe(ex.links, lambda x: (x.child, x.parent))
        ex.shares = _dedupe(ex.shares, lambda x: (x.company, x.share))
        self._count("facts/found", len(ex.facts))
        for f in ex.facts:
            self._count(f"facts/rule/{f.rule_id}")
        return ex

    def _fact(self, c: Candidate, lang: str, reference: dt.date | None, text: str) -> Fact:
        view = c.sentence
        dates = find_as_of(view.text, lang, reference)
        as_of = dates[0].date if dates else (reference.isoformat() if reference else None)
        currency = c.amount.currency or ""
        usd = amount_usd_per_year(c.amount.value, currency, c.period, c.term_months, as_of)
        ev = Evidence(view.text, view.offset, view.offset + len(view.text))
        return Fact(payer=complete(c.payer or "", text, lang),
                    payee=complete(c.payee or "", text, lang), amount=c.amount.value,
                    currency=currency, period=c.period, evidence=ev,
                    term_months=c.term_months, approx=c.amount.approx, product=c.product,
                    as_of=as_of, amount_usd_per_year=usd, confidence=c.confidence,
                    rule_id=c.rule_id)


def _selected(view: SentenceView, scored: list[Scored]) -> list[Candidate]:
    """The scorer's readings of one sentence as candidates, amounts listed "respectively"
    paired with their names, and an amount each member of a list pays or is paid spread
    over the list (distributive.py)."""
    picked = paired_amounts(view, scored, scorer.select(scored))
    out = [scorer.to_candidate(s, view) for s in picked]
    as_candidate = {id(s): c for s, c in zip(picked, out, strict=True)}
    model = scorer.model()
    for base, group in spread(view, scored, picked, model.threshold if model else 0.5):
        cand = as_candidate.get(id(base))
        if cand is None:  # a list whose readings pass together: the list's probability
            cand = scorer.to_candidate(base, view)
            cand.confidence = round(min(1.0, base.score + sum(s.score for s in group)), 3)
            out.append(cand)
        out.extend(sibling(cand, s) for s in group)
    return out


_ELLIPTIC = ("money.elliptic", "money.coordinated")  # amounts that name no currency


def cued_sentences(text: str, sentences: list[tuple[int, int]], lang: str,
                   amounts: dict[int, list[Amount]] | None = None,
                   country: str | None = None) -> list[int]:
    """Indexes of the sentences of `text` worth reading: the gate before spaCy.

    A sentence is worth reading when it holds a money amount with its currency (it may
    state a payment, whatever words state it: the gate knows no verbs), a revenue share
    (a revenue word and a percentage or fraction) or a parent link (a link cue). Cheap
    first: `has_money_cue` over the whole text and one C-level pass over its words for the
    share and link anchors (`_anchors`) usually rule everything out; only the sentences
    that hold a cue get the full tests. `amounts`, when given, receives the amounts found
    (sentence index -> list), so that the analysis need not look for them again.
    `country`, where the text was published, settles "pesos" or "$" its words do not.
    """
    anchors = _anchors(lang)
    low = text.lower()
    present = anchors.keys() & _words_of(low)
    money = has_money_cue(text, lang)
    if not present and not money:
        return []
    starts = [s for s, _ in sentences]
    kinds: dict[int, set[str]] = {}
    for pos, word in _whole_words(text, low, present):
        k = bisect_right(starts, pos) - 1
        if k >= 0:
            kinds.setdefault(k, set()).update(anchors.get(word, _KINDS))
    if money:  # one pass over the text finds the sentences with a money cue
        for pos in money_cue_positions(text, lang):
            k = bisect_right(starts, pos) - 1
            if k >= 0:
                kinds.setdefault(k, set()).add("money")
        first = min((k for k, v in kinds.items() if "money" in v), default=len(sentences))
        for k in range(first + 1, len(sentences)):  # "Amazon pagherà 80 milioni": elliptic
            if k not in kinds and has_bare_amount(text[slice(*sentences[k])], lang):
                kinds[k] = {"elliptic"}
    found: dict[int, list[Amount]] = {} if amounts is None else amounts
    out = []
    last: str | None = None  # the currency of the last amount so far in the text
    # the last amount with a currency (its sentence and end): the period right after it is
    # read only when an elliptic amount needs it
    anchor: tuple[str, int] | None = None
    for i in sorted(kinds):
        sentence = text[slice(*sentences[i])]
        if "money" in kinds[i] or last is not None:
            # a sentence with no amount of its own may hold an elliptic one in the currency
            # of the sentences before ("... di euro. Amazon pagherà 80 milioni per ...")
            # (also one with an amount of its own: "... de euros. Abanca paga 2 millones
            # anuales y Reale 1,5 millones al año, frente a los 20 millones de ...")
            here = found[i] = find_amounts(sentence, lang, context_currency=last)
            for a in here:
                if a.currency is None and a.currency_word:  # "pesos" in a Mexican story
                    a.currency = currency_in_context(a.currency_word, text, lang, country)
                elif a.currency == "USD" and BARE_DOLLAR.search(a.text):
                    near = _around(text, sentences, i)
                    a.currency = dollar_in_context(near, lang, country) or "USD"  # in Sydney
                elif a.currency == "USD" and BARE_DOLLAR_WORD.search(a.text):
                    near = _around(text, sentences, i)
                    a.currency = dollar_region(near, lang) or "USD"  # "dollars" in Quebec
                elif a.currency is None and a.rule_id == "money.elliptic":
                    a.currency = last  # "... 2.445 millones de euros. Alstom, por 1.447 millones."
            for a in here:
                if a.rule_id in _ELLIPTIC:  # "... 30 milioni a stagione. ... 25 milioni da"
                    if anchor is not None and a.shared_period is None:
                        a.shared_period = period_right_after(*anchor, lang)
                elif a.currency or a.currency_word:
                    anchor = (sentence, a.end)
            named = [a.currency for a in here if a.currency]
            if named:
                last = named[-1]
            if here:  # an amount of no known currency is read too: the gate costs no fact
                out.append(i)
                continue
        if _passes(sentence, lang, kinds[i]):
            out.append(i)
    return out


def _around(text: str, sentences: list[tuple[int, int]], i: int) -> str:
    """Sentence `i` of `text` with the sentences either side of it."""
    return text[sentences[max(0, i - 1)][0]:sentences[min(i + 1, len(sentences) - 1)][1]]


def _words_of(low: str) -> set[str]:
    """The set of \\w+ runs of `low`: whitespace-split words, and only the few that hold
    punctuation ("pays,", "d'affaires") go through the regex."""
    words = set(low.split())
    mixed = [w for w in words if not w.isalpha()]
    if mixed:
        words.difference_update(mixed)
        words.update(_WORD.findall(" ".join(mixed)))
    return words


def _whole_words(text: str, low: str, words: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(start, word) of every whole-word occurrence of `words` (lower case) in `text`.

    `low` is text.lower(); `str.find` over it is far cheaper than one regex of
    alternatives. When lower-casing changed the length (a rare "İ"), offsets in `low` are
    not offsets in `text`, so a case-insensitive regex over `text` answers instead.
    """
    if len(low) != len(text):
        alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        for m in re.finditer(rf"(?<!\w)(?:{alts})(?!\w)", text, re.IGNORECASE):
            yield m.start(), m.group(0).lower()
        return
    n = len(low)
    for word in words:
        pos = low.find(word)
        while pos >= 0:
            end = pos + len(word)
            if (pos == 0 or not _is_word_char(low[pos - 1])) and \
                    (end == n or not _is_word_char(low[end])):
                yield pos, word
            pos = low.find(word, end)


def _is_word_char(ch: str) -> bool:
    """What `\\w` matches: a letter, digit or numeric character, or "_"."""
    return ch.isalnum() or ch == "_"


def worth_reading(sentence: str, lang: str) -> bool:
    """Whether one sentence passes the gate of `cued_sentences`."""
    return bool(cued_sentences(sentence, [(0, len(sentence))], lang))


_WORD = re.compile(r"\w+")
_KINDS = frozenset({"revenue", "link"})


def _passes(sentence: str, lang: str, kinds: set[str]) -> bool:
    """The share and link tests for the kinds of anchor words found in `sentence`."""
    if "revenue" in kinds and has_share_cue(sentence, lang):
        return True
    return "link" in kinds and has_link_cue(sentence, lang)


@cache
def _revenue_cues(lang: str) -> frozenset[str]:
    """The anchor word of each revenue word (rules/<lang>/cues.toml `revenue_words`)."""
    words = lang_toml(lang, "cues").get("revenue_words", [])
    return frozenset(_anchor_word(w, lang) for w in words if _WORD.search(w))


@cache
def _link_cues(lang: str) -> frozenset[str]:
    """The anchor word of each link or parent cue (rules/<lang>/companies.toml)."""
    c = lang_toml(lang, "companies")
    words = c.get("link_cues", []) + c.get("parent_cues", [])
    return frozenset(_anchor_word(w, lang) for w in words if _WORD.search(w))


@cache
def _anchors(lang: str) -> dict[str, frozenset[str]]:
    """\\w+ piece -> kinds ("revenue", "link") for every share or link cue word of the gate.

    A cue word that is present as a whole word leaves each of its \\w+ pieces as a whole
    \\w+ run of the text ("d'affaires" -> "affaires"); the longest piece is its anchor.
    """
    out: dict[str, set[str]] = {}
    for kind, words in (("revenue", _revenue_cues(lang)), ("link", _link_cues(lang))):
        for w in words:
            pieces = _WORD.findall(w)
            if pieces:
                out.setdefault(max(pieces, key=len), set()).add(kind)
    return {k: frozenset(v) for k, v in out.items()}


def _anchor_word(phrase: str, lang: str) -> str:
    """The word of `phrase` to look for: the longest one that is not a function word
    (article, preposition, frame marker), so "the arm" -> "arm", "go to" -> "go"; the gap
    mark of separable verbs ("gibt ... aus") is no word."""
    minor = _function_words(lang)
    words = [w for w in phrase.lower().split() if _WORD.search(w)]
    return max(reversed(words), key=lambda w: (w not in minor, len(w)))


@cache
def _function_words(lang: str) -> frozenset[str]:
    words = lang_toml(lang, "companies").get("articles", []) + \
        lang_toml(lang, "cues").get("prepositions", [])
    words += [m for row in lang_jsonl(lang, "verbs") for m in row.get("markers", [])]
    return frozenset(w.lower() for w in words)


class _ContextProbe(SentenceView):
    """Stands in for the sentence before a cued one and records whether the rules read it.

    `assemble` reads nothing of the sentence before until it needs it (a back-reference, a
    left-out subject, a missing party), so a probe that was never read means the facts do
    not depend on that sentence and spaCy can skip it.
    """

    def __init__(self, lang: str) -> None:
        super().__init__("", 0, lang, [], [], [], [])
        object.__setattr__(self, "read", False)

    def __getattribute__(self, name: str) -> Any:
        if name != "read" and not name.startswith("__"):
            object.__setattr__(self, "read", True)
        return object.__getattribute__(self, name)


def _context_needed(analysis: Analysis, cued: list[int]) -> list[int]:
    """Sentences before cued ones (not cued themselves) that the rules would read, or whose
    names the scorer would pair with an amount of the cued one (`scorer.reads_before`)."""
    out = []
    have = set(cued)
    for i in cued:
        if i == 0 or i - 1 in have:
            continue
        if scorer.reads_before(analysis.views[i]):
            out.append(i - 1)
            continue
        probe = _ContextProbe(analysis.lang)
        readings = sentence_readings(analysis.views[i], probe, context=False)
        if probe.read:
            out.append(i - 1)
        else:
            analysis.settled[i] = readings
    return out


def _farther_needed(analysis: Analysis, cued: list[int]) -> list[int]:
    """Sentences two before cued ones whose sentence before was read for them: a party may
    be named there ("Die Bundeswehr bestellt bei Rheinmetall ... . Der Auftrag umfasst ...
    . Die Truppe zahlt dafür 900 Millionen Euro."). Held out one set at a time (realnews24
    to 32, 2,012 facts) the scorer then reads 647 right of 937, against 624 of 902. Only
    for a sentence with a payment cue or a deal noun: no other takes names from before."""
    return sorted({i - 2 for i in cued if i >= 2 and i - 1 in analysis.views
                   and i - 2 not in analysis.views and i not in analysis.settled
                   and scorer.reads_before(analysis.views[i])})


def _context_view(views: dict[int, SentenceView], i: int) -> SentenceView | None:
    """The context of sentence i: the sentence before, joined to the one before it when that
    was read (the farther one's names first; `near` marks where the nearer one starts)."""
    prev, far = views.get(i - 1), views.get(i - 2)
    if prev is None or far is None or not far.article:
        return prev
    shift = prev.offset - far.offset
    text = far.article[far.offset:prev.offset + len(prev.text)]

    def moved(xs: list) -> list:
        return [replace(x, start=x.start + shift, end=x.end + shift) for x in xs]

    owners = rules(far.lang).genitives  # "fundada por investigadores de la Universidad
    # ...": whose people, not an actor two sentences on
    mentions = [m for m in far.mentions if m.kind == "name" and m.marker not in owners] + [
        replace(m, start=m.start + shift, end=m.end + shift, run_start=m.run_start + shift)
        for m in prev.mentions]
    return SentenceView(text, far.offset, prev.lang, moved(prev.amounts), moved(prev.periods),
                        moved(prev.triggers), mentions, prev.article, near=shift)


def sentence_candidates(view: SentenceView, prev: SentenceView | None) -> list[Candidate]:
    """Payments the rules read in one sentence: verb frames first, then deals and nominal
    payments for the amounts no verb took."""
    found = assemble(view, prev)
    claimed = {(c.amount.start, c.amount.end) for c in found}
    return found + deal_candidates(view, prev, claimed)


def sentence_readings(view: SentenceView, prev: SentenceView | None, context: bool = True
                      ) -> tuple[list[Candidate], list[Scored]]:
    """The rules' candidates of one sentence and every scored reading built on them.

    `context` False while probing whether the sentence before is needed: its names then
    join the readings only where the rules or a sentence naming fewer than two parties
    need them, so that reading it is not forced for every cued sentence (throughput)."""
    if cue(view.lang, "settlement", view.text):
        return [], []  # "Pour solder le litige, X versera ...": a settlement, anywhere
    cands = sentence_candidates(view, prev)
    readings = scorer.candidates(view, prev, cands, context)
    readings = _without_gapped(view, cands, readings)
    shared = {(a.start, a.end) for a in view.amounts
              if _shared_sum(view, a) or _difference(view, a) or _bought_company(view, a)}
    if shared:
        cands = [c for c in cands if (c.amount.start, c.amount.end) not in shared]
        readings = [s for s in readings if (s.amount.start, s.amount.end) not in shared]
    return cands, readings


def _without_gapped(view: SentenceView, cands: list[Candidate], readings: list[Scored]
                    ) -> list[Scored]:
    """Readings without the parties a gapped clause gives another role: in "Orange
    déboursera 854 millions d'euros, SFR 728 millions", SFR opens a clause of its own whose
    verb is left out. It is no party of the amount before it; and where the first clause
    names no second party, SFR stands in its subject's role, so the two are never paired
    for its own amount ("Nike pays Barcelona $100m, Chelsea $60m" keeps Nike -> Chelsea)."""
    gaps = []
    for b in view.mentions:
        if b.kind != "name":
            continue
        before = [a for a in view.amounts if a.end <= b.start]
        after = next((a for a in view.amounts if a.start >= b.end), None)
        if not before or after is None or view.text[b.end:after.start].strip() or \
                not _gap_joiner_re(view.lang).fullmatch(view.text[before[-1].end:b.start]):
            continue
        gaps.append((b, before[-1], after))
    if not gaps:
        return readings

    def here(p: Any) -> int | None:
        return p.mention.start if p.origin == "here" else None

    out = []
    for s in readings:
        starts = {here(s.payer), here(s.payee)}
        keep = True
        for b, first, own in gaps:
            if s.amount.start == first.start and b.start in starts:
                keep = False  # a party of the amount before it
            elif s.amount.start == own.start and b.start in starts and not any(
                    c.amount.start == first.start and c.payer and c.payee for c in cands):
                other = s.payee if here(s.payer) == b.start else s.payer
                if here(other) is not None and other.mention.end <= first.start and \
                        not other.mention.marker:
                    keep = False  # the first clause's subject: the role b stands in
        if keep:
            out.append(s)
    return out


@cache
def _gap_joiner_re(lang: str) -> re.Pattern[str]:
    """A comma, or a comma and an "and" word, between an amount and a gapped clause's name."""
    ands = alternation([w for w in cues(lang).get("and_words", []) if w])
    return re.compile(rf"\s*,\s*(?:(?:{ands})\s+)?(?:[\w'’]+\s+)?|\s+(?:{ands})\s+", re.I)


def _shared_sum(view: SentenceView, a: Amount) -> bool:
    """"worth a combined $77 billion with A, B and C", "un desembolso conjunto de 203
    millones": a sum several parties share, which no one of them pays or is paid. The
    sentence must name the sharers side by side ("for a combined Rs 23,758 crore" alone
    may add up two packages one party bought)."""
    return cue(view.lang, "shared_sum", view.text[max(0, a.start - 20):a.end + 20]) is not None \
        and _names_side_by_side(view)


def _difference(view: SentenceView, a: Amount) -> bool:
    """"rebajaba en 30.000 euros el presupuesto", "cut the price by $2 million", "12 millions
    de plus que": an amount that is a change, not a sum paid (cues.toml `difference_before`
    right before the amount, `difference_after` right after it); "con un'opzione da 287
    milioni": an option's value, a condition (`option_before`)."""
    before, after = _difference_res(view.lang)
    return bool(before and before.search(view.text, max(0, a.start - 80), a.start)) or \
        bool(after and after.match(view.text, a.end))


def _bought_company(view: SentenceView, a: Amount) -> bool:
    """"Maire ha rilevato Tecnimont da Edison per 180 milioni", "Snam bought from Golar, for
    $350m, 100% of Golar Tundra": a buy verb before the amount whose object is a company's
    name (its phrase ends there: not "bought Nvidia chips") or a percentage of one: the
    price of an acquisition, no payment for goods or services."""
    for t in view.triggers:
        if t.frame.kind != "buy" or t.end > a.start:
            continue
        nxt = next((m for m in view.mentions if m.start >= t.end), None)
        subject = any(m.end <= t.start for m in view.mentions)  # not "bestellt die Üstra"
        if subject and nxt is not None and nxt.kind == "name" and not nxt.marker and \
                not nxt.possessive and _only_articles(view.text[t.end:nxt.run_start], view.lang):
            after = re.match(r"\s*([^\W\d_]+['’]?|\S)?", view.text[nxt.end:])
            word = after.group(1) if after else None
            if word is None or word in ",;." or \
                    word.lower() in t.frame.markers or word.lower() in _for_words(view.lang):
                return True
        end = min((i for i in (view.text.find(";", t.end), view.text.find(".", a.end))
                   if i >= 0), default=len(view.text))
        if _STAKE.search(view.text, t.end, end):
            return True
    return False


_STAKE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|per ?cent)\s+(?:[^\W\d_]+['’]?\s*){1,2}[A-ZÀ-Þ]")


def _only_articles(between: str, lang: str) -> bool:
    """Nothing but spaces and articles ("ha rilevato la Tecnimont"): no number, no word."""
    articles = rules(lang).articles
    return all(w.lower() in articles for w in re.findall(r"\S+", between.replace("'", "' ")))


@cache
def _for_words(lang: str) -> frozenset[str]:
    """The words that introduce a price ("for", "per", "por", "pour", "für": money.toml
    `price_words`, as elliptic amounts read them)."""
    return frozenset(w.lower() for w in lang_toml(lang, "money").get("price_words", []))


@cache
def _difference_res(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    c = cues(lang)
    before = c.get("difference_before", []) + c.get("option_before", [])
    after = c.get("difference_after", [])
    return (re.compile(rf"(?<!\w)(?:{alternation(before)})\s+(?:[\w-]+\s+)?\W?$", re.I)
            if before else None,
            re.compile(rf"\s+(?:{alternation(after)})(?!\w)", re.I) if after else None)


def _names_side_by_side(view: SentenceView) -> bool:
    """Two names joined by a comma or an "and" word, an article or one word between at most
    ("Ericsson and Nokia", "AstraZeneca, Pfizer y Sinovac", "Alstom et Siemens")."""
    rx = _name_joiner_re(view.lang)
    names = [m for m in view.mentions if m.kind == "name"]
    return any(rx.fullmatch(view.text[x.end:y.run_start]) for x, y in zip(names, names[1:], strict=False))


@cache
def _name_joiner_re(lang: str) -> re.Pattern[str]:
    ands = alternation([w for w in cues(lang).get("and_words", []) if w])
    return re.compile(rf"\s*(?:,|(?:,\s*)?(?:{ands}))\s+(?:[\w'’]+\s+)?", re.IGNORECASE)


def _date(published_at: str | None) -> dt.date | None:
    if not published_at:
        return None
    try:
        return dt.date.fromisoformat(published_at[:10])
    except ValueError:
        return None


def _same_amount(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b))


def _merge(facts: list[Fact], partial: list[Candidate]) -> list[Fact]:
    """One fact per (payer, payee, amount, currency, period) in a text; hedges accumulate.

    A partial statement with the same payer (or payee), amount, currency and period
    ("TikTok ha sborsato quasi 20 milioni al mese") confirms the fact and can mark it approx.
    """
    out: list[Fact] = []
    for f in facts:
        twin = next((g for g in out if (g.payer, g.payee, g.currency, g.period) ==
                     (f.payer, f.payee, f.currency, f.period)
                     and _same_amount(g.amount, f.amount)), None)
        if twin is None:
            out.append(f)
            continue
        twin.approx = twin.approx or f.approx
        twin.confidence = max(twin.confidence, f.confidence)
    out = [f for f in out if not _restated(f, out)]
    out = [f for f in out if not _spread_restated(f, out)]
    for c in partial:
        for f in out:
            if (c.payer in (f.payer, None) and c.payee in (f.payee, None)
                    and c.amount.currency == f.currency and c.period == f.period
                    and _same_amount(c.amount.value, f.amount)):
                f.approx = f.approx or c.amount.approx
    return out


_MONTHS = {"month": 1.0, "quarter": 3.0, "year": 12.0, "week": 12 / 52, "day": 12 / 365}


def _spread_restated(f: Fact, facts: list[Fact]) -> bool:
    """A later sentence restating a total over a term as its yearly (monthly ...) share:
    "un contrato de 300.000 millones a cinco años. ... se compromete así a desembolsar del
    orden de 60.000 millones anuales". One payment, in the form stated first (the later
    sentence's fact goes; within one sentence `worded_restatement` decides)."""
    for g in facts:
        if g is f or (g.payer, g.payee, g.currency) != (f.payer, f.payee, f.currency) or \
                g.evidence.start >= f.evidence.start:
            continue
        total, share = (g, f) if g.period == "total" else (f, g)
        if total.period != "total" or not total.term_months or share.period not in _MONTHS:
            continue
        spread = share.amount * total.term_months / _MONTHS[share.period]
        if abs(spread - total.amount) <= 0.1 * total.amount:
            return True
    return False


def _restated(f: Fact, facts: list[Fact]) -> bool:
    """A sum the scorer alone read that a rule read elsewhere in the text with the same
    payer (or payee), currency and period: one payment restated ("TikTok paga 20 milioni al
    mese a Microsoft ... TikTok ha sborsato quasi 20 milioni al mese"), whose other party
    the rule named; the scorer's guess from a neighbouring sentence is no second payment."""
    if not (f.rule_id or "").endswith(".scorer"):
        return False
    for g in facts:
        if g is f or (g.rule_id or "").endswith(".scorer") or (g.currency, g.period) != \
                (f.currency, f.period) or not _same_amount(g.amount, f.amount):
            continue
        if g.payer == f.payer or g.payee == f.payee:
            g.approx = g.approx or f.approx
            return True
    return False


def _dedupe(items: list[Any], key: Any) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for x in items:
        if key(x) not in seen:
            seen.add(key(x))
            out.append(x)
    return out


# --- batch files -----------------------------------------------------------------------


def read_inputs(path: str) -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
    """(id, text, lang, published_at, url) per line of a JSONL file (`page_url`); errors
    name file:line."""
    from pipeline.exceptions import InputError
    from pipeline.jsonl import iter_objects, page_url

    for n, obj in iter_objects(path):
        if not isinstance(obj.get("id"), (str, int)) or isinstance(obj.get("id"), bool):
            raise InputError(f"{path}:{n}: missing \"id\" (string or number)")
        if not isinstance(obj.get("text"), str):
            raise InputError(f"{path}:{n}: missing \"text\" (string)")
        for key in ("lang", "published_at", "url", "source"):
            if obj.get(key) is not None and not isinstance(obj[key], str):
                raise InputError(f"{path}:{n}: \"{key}\" must be a string")
        yield (str(obj["id"]), obj["text"], obj.get("lang"), obj.get("published_at"),
               page_url(obj))


def extraction_to_dict(ex: Extraction) -> dict[str, Any]:
    return {"lang": ex.lang, "facts": [f.to_dict() for f in ex.facts],
            "links": [x.to_dict() for x in ex.links],
            "shares": [x.to_dict() for x in ex.shares]}


def extract_jsonl(in_path: str, out_path: str, extractor: Any = None) -> int:
    """Extract every input line of `in_path` into `out_path` (JSONL); returns lines written.

    `extractor`: an Extractor or anything with its `extract_many` (a ProcessExtractor).
    Writes to a temporary file beside `out_path` and renames it at the end, so a bad
    input line leaves no half-written output.
    """
    import json
    import os
    import tempfile

    extractor = extractor or Extractor()
    out_dir = os.path.dirname(os.path.abspath(out_path))
    fd, tmp = tempfile.mkstemp(prefix=".extract-", suffix=".jsonl", dir=out_dir)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            rows = read_inputs(in_path)
            ids: list[str] = []

            def items() -> Iterator[Item]:
                for id_, text, lang, published_at, url in rows:
                    ids.append(id_)
                    yield text, lang, published_at, url

            for ex in extractor.extract_many(items()):
                line = {"id": ids[count], **extraction_to_dict(ex)}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
        os.replace(tmp, out_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return count
