"""Who gave out the contracts that a list of winners took.

News about public buying names the buyer once and then lists who won what: "The Department
of Defence has signed $28m of contracts with 15 businesses. Solinnov receives $2.3m, while
Clearbox Systems gets $831,000", "El Consorcio ha adjudicado la recogida ... la Compañía
Española de Servicios percibirá 146.006 euros". A winner's reading (a win, receive, supply,
sell or passive award frame) that names no payer takes the public body that awards or buys
in the same sentence before it or in the sentence before: the subject of an award or
buy verb, when exactly one public body is that subject there (companies buying are read
too loosely this way, and so are sentences further back: measured, most such fills were
wrong).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from pipeline.facts.companies import Mention
from pipeline.facts.company_rules import rules
from pipeline.facts.frames import Frame, frames_by_id
from pipeline.facts.gazetteer import same_company
from pipeline.facts.lexicon import lang_toml
from pipeline.facts.phrases import alternation
from pipeline.facts.sides import is_public
from pipeline.facts.view import Candidate, SentenceView

TAKING = frozenset({"win", "receive", "supply", "sell", "award"})  # the winner's frames
GIVING = frozenset({"award", "buy"})  # the buyer's frames
REACH = 1  # sentences before the winner's that may name the buyer
FACTOR = 0.8  # a payer read from the sentences before is less certain than one read here


def with_awarder(c: Candidate, views: dict[int, SentenceView]) -> Candidate | None:
    """`c` with the payer that gave out the contract, or None when it names a payer, its
    frame is no winner's, or no single buyer stands before it."""
    if c.payer is not None or c.payee is None:
        return None
    frame = _frame_of(c.rule_id, c.sentence.lang)
    if frame is None or frame.kind not in TAKING or \
            (frame.kind == "award" and frame.subject != "payee"):
        return None
    index = next((i for i, v in views.items() if v is c.sentence), None)
    if index is None:
        return None
    agent = _tender_agent(views, index, c.payee)
    if agent is not None:
        return replace(c, payer=agent, rule_id=c.rule_id + ".tenderer",
                       confidence=round(c.confidence * FACTOR, 3),
                       notes=[*c.notes, "payer: the body that put it out to tender"])
    for i in range(index, index - REACH - 1, -1):
        view = views.get(i)
        if view is None:
            if i != index:
                return None  # the sentences between were not read: too far to tell
            continue
        end = c.amount.start if i == index else len(view.text)
        found = _buyers(view, end, c.payee)
        if len(found) == 1:
            return replace(c, payer=found.pop(), rule_id=c.rule_id + ".awarder",
                           confidence=round(c.confidence * FACTOR, 3),
                           notes=[*c.notes, "payer: the buyer named before"])
        if found:
            return None  # several buyers: which one is not said
    return None


def _tender_agent(views: dict[int, SentenceView], index: int, payee: str) -> str | None:
    """The one body that put the contract out to tender, named after a tender phrase
    (deals.toml `tender_agents`: "licitado por", "bandita da", "tendered by") in the
    winner's sentence or the one before or after it: "Dragados se ha adjudicado ... por 56,3
    millones. El contrato, licitado por la Dirección General de Carreteras, ..."."""
    rx = _tender_re(views[index].lang)
    if rx is None:
        return None
    found: set[str] = set()
    for i in (index - 1, index, index + 1):
        view = views.get(i)
        if view is None:
            continue
        for cue_match in rx.finditer(view.text):
            nxt = next((m for m in view.mentions if m.start >= cue_match.end()), None)
            if nxt is None or nxt.kind != "name" or not _only_articles(
                    view.text[cue_match.end():nxt.start], view.lang):
                continue
            if not same_company(nxt.name, payee):
                found.add(nxt.name)
    return found.pop() if len(found) == 1 else None


@cache
def _tender_re(lang: str) -> re.Pattern[str] | None:
    words = lang_toml(lang, "deals").get("tender_agents", [])
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)", re.IGNORECASE)


def _only_articles(between: str, lang: str) -> bool:
    """Nothing but articles (and an elided one) between a tender phrase and its agent."""
    articles = rules(lang).articles
    words = re.findall(r"[^\W\d_]+['’]?", between.lower())
    return all(w in articles or w.rstrip("'’") + "'" in articles for w in words) and \
        len(words) <= 2


def _buyers(view: SentenceView, end: int, payee: str) -> set[str]:
    """Subjects of award and buy verbs before `end`: the last unmarked name before each
    such verb, when it is a public body and not the winner."""
    out: set[str] = set()
    for t in view.triggers:
        if t.start >= end or t.frame.kind not in GIVING or t.frame.subject != "payer":
            continue
        before = [m for m in view.mentions if m.kind == "name" and m.end <= t.start
                  and not m.marker and not any(o.start < t.start and o.end > m.end
                                               for o in view.triggers if o is not t)]
        if before and not same_company(before[-1].name, payee) and \
                (is_public(before[-1], view.lang) or _organ_of(view, before[-1])):
            out.add(before[-1].name)
    return out


def _organ_of(view: SentenceView, m: Mention) -> bool:
    """Whether `m` is named as the town or body whose organ acts ("le comité exécutif de
    Gatineau", "la Junta de Gobierno de X": companies.toml `organ_heads`, less a company's
    `board_organs`): a public body."""
    rx = _organ_re(view.lang)
    return rx is not None and rx.search(view.text, max(0, m.start - 60), m.start) is not None


@cache
def _organ_re(lang: str) -> re.Pattern[str] | None:
    """An organ's head, then a genitive (and an article) right before a name."""
    r = rules(lang)
    organs = [o for o in r.organ_heads if o.lower() not in r.board_organs]
    if not organs:
        return None
    genitives = alternation(lang_toml(lang, "cues").get("genitives", []))
    articles = alternation(sorted(r.articles))
    return re.compile(rf"(?<!\w)(?:{alternation(organs)})\s+(?:{genitives})\s*"
                      rf"(?:(?:{articles})\s*)?$", re.IGNORECASE)


def _frame_of(rule_id: str, lang: str) -> Frame | None:
    """The frame a rule id names ("en.win.value" -> en.win), longest id first."""
    by_id = frames_by_id(lang)
    parts = rule_id.split(".")
    for k in range(len(parts), 1, -1):
        frame = by_id.get(".".join(parts[:k]))
        if frame is not None:
            return frame
    return None

