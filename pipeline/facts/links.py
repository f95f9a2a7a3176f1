"""Parent and subsidiary links stated in appositions: "TikTok, a ByteDance subsidiary,"."""

from __future__ import annotations

import re

from pipeline.facts.companies import Mention
from pipeline.facts.company_rules import rules
from pipeline.facts.gazetteer import canonical_name
from pipeline.facts.phrases import has_word_cue
from pipeline.records import CompanyLink, Evidence


def find_links(sentence: str, lang: str, mentions: list[Mention], offset: int = 0
               ) -> list[CompanyLink]:
    """Appositions that name a parent: "TikTok, a ByteDance subsidiary," -> TikTok, ByteDance."""
    r = rules(lang)
    names = [m for m in mentions if m.kind == "name"]
    out: list[CompanyLink] = []
    for m in names:
        rest = sentence[m.end:]
        opener = re.match(r"\s*([,(])", rest)
        if not opener:
            continue
        close = "," if opener.group(1) == "," else ")"
        a_start = m.end + opener.end()
        a_end = sentence.find(close, a_start)
        if a_end < 0:
            continue
        appos = sentence[a_start:a_end]
        inside = [n for n in names if a_start <= n.start and n.end <= a_end]
        if len(inside) != 1:
            continue
        ev = Evidence(sentence, offset, offset + len(sentence))
        other = inside[0].name
        if other == m.name:
            # "ByteDance, the Beijing-based owner of TikTok,": the owner phrase was read as
            # ByteDance itself (a back-reference through the gazetteer); the name after its
            # genitive is the child the apposition states, and only an owner's word can
            # say so
            owned = _owned(inside[0].text, r.genitives)
            if owned is None or not has_word_cue(appos, r.parent_cues):
                continue
            other = canonical_name(owned, lang)
        if has_word_cue(appos, r.parent_cues):  # "ByteDance, the Beijing-based owner of TikTok,"
            out.append(CompanyLink(child=other, parent=m.name, evidence=ev,
                                   confidence=0.8, rule_id=f"{lang}.link.owner_apposition"))
        elif has_word_cue(appos, r.link_cues):
            out.append(CompanyLink(child=m.name, parent=other, evidence=ev,
                                   confidence=0.8, rule_id=f"{lang}.link.apposition"))
    return out


def _owned(phrase: str, genitives: frozenset[str]) -> str | None:
    """The name after the last genitive word of an owner phrase ("owner of TikTok" ->
    "TikTok"), when it is capitalised."""
    words = phrase.split()
    k = max((i for i, w in enumerate(words) if w.lower() in genitives), default=-1)
    rest = " ".join(words[k + 1:]) if k >= 0 else ""
    return rest if rest[:1].isupper() else None


def has_link_cue(sentence: str, lang: str) -> bool:
    """Cheap test: the sentence holds a parent/subsidiary word ("subsidiary", "filiale")."""
    r = rules(lang)
    return has_word_cue(sentence, r.link_cues + r.parent_cues)

