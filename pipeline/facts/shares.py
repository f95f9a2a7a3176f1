"""Revenue shares ("nearly 25% of Microsoft's AI revenue"): a cut kept when no amount is stated."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from pipeline.facts.frames import phrase as _phrase
from pipeline.facts.gazetteer import canonical_name
from pipeline.facts.lexicon import lang_toml
from pipeline.records import RevenueShare

if TYPE_CHECKING:
    from pipeline.facts.view import SentenceView


def _cues(lang: str) -> dict:
    return lang_toml(lang, "cues")


_PCT = re.compile(r"(\d+(?:[.,]\d+)?)\s?(?:%|per ?cent|percent|prozent|por ciento|pour ?cent|"
                  r"per cento)", re.IGNORECASE)


@cache
def _share_cue_re(lang: str) -> re.Pattern[str]:
    fractions = _cues(lang).get("share_fractions", {})
    alts = "|".join([_PCT.pattern] + [_phrase(f) for f in fractions])
    return re.compile(alts, re.IGNORECASE)


def has_share_cue(text: str, lang: str) -> bool:
    """Cheap test: a percentage or a fraction word ("a quarter") that may state a share."""
    return bool(_share_cue_re(lang).search(text))


@cache
def _share_res(lang: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(a revenue word, a fraction word) as whole-word regexes for `lang`."""
    cues = _cues(lang)
    rev = cues.get("revenue_words", [])
    rev_rx = re.compile(rf"(?<!\w)(?:{'|'.join(_phrase(w) for w in rev)})(?!\w)", re.IGNORECASE)
    fractions = cues.get("share_fractions", {})
    if not fractions:
        return rev_rx, None
    alts = "|".join(_phrase(f) for f in sorted(fractions, key=len, reverse=True))
    return rev_rx, re.compile(rf"(?<!\w)({alts})(?!\w)", re.IGNORECASE)


def find_shares(view: SentenceView) -> list[RevenueShare]:
    """"nearly 25% of Microsoft's AI-model revenue" -> RevenueShare(Microsoft, 25, approx)."""
    from pipeline.records import Evidence

    cues = _cues(view.lang)
    rev = cues.get("revenue_words", [])
    hedges = cues.get("share_hedges", [])
    if not rev:
        return []
    rev_rx, fraction_rx = _share_res(view.lang)
    out = []
    fractions = cues.get("share_fractions", {})
    hits: list[tuple[re.Match[str], float]] = [(m, float(m.group(1).replace(",", ".")))
                                               for m in _PCT.finditer(view.text)]
    if fraction_rx is not None:
        for m in fraction_rx.finditer(view.text):
            key = next(k for k in fractions if k.lower() == re.sub(r"\s+", " ", m.group(1)
                                                                    ).lower())
            hits.append((m, float(fractions[key])))
    for m, value in hits:
        window = view.text[m.end():m.end() + 70]
        rm = rev_rx.search(window)
        if not rm or re.search(r"[;.]\s", window[:rm.start()]):
            continue
        r_start, r_end = m.end() + rm.start(), m.end() + rm.end()
        names = [x for x in view.mentions if x.kind == "name"]
        owner = next((x for x in names if x.possessive and m.end() <= x.start < r_start), None)
        if owner is None:  # "il 25% dei ricavi che Microsoft incassa", "of revenue of X"
            owner = next((x for x in names if r_end <= x.start < r_end + 60), None)
        if owner is None:
            continue
        genitives = set(cues.get("genitives", []))
        payer = next((x.name for x in names if x.end <= m.start() and x.name != owner.name
                      and (x.marker == "" or x.marker in genitives)), None)
        head = view.text[max(0, m.start() - 20):m.start()].lower()
        approx = any(re.search(rf"(?<!\w){re.escape(h)}(?:\s+\w{{1,3}})?\s*$", head)
                     for h in hedges)
        segment = None
        if owner.possessive and owner.end < r_start:
            segment = view.text[owner.end:r_start].strip(" '’s") or None
        ev = Evidence(view.text, view.offset, view.offset + len(view.text))
        out.append(RevenueShare(company=canonical_name(owner.name, view.lang), share=value,
                                evidence=ev, payer=payer, segment=segment, approx=approx,
                                confidence=0.7,
                                rule_id=f"{view.lang}.share.revenue"))
    return out

