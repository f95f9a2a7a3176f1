"""Language pipelines: one spaCy pipeline per language, loaded once; cheap sentences; detection.

The statistical pipeline named in `rules/<lang>/nlp.toml` is used when it is installed,
otherwise `spacy.blank(lang)`: the relation rules run on token text and capitalisation,
so both paths carry the same rules; the statistical one adds ORG entities as hints.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

from pipeline.facts.lexicon import lang_toml

LANGS = ("en", "it", "de", "fr", "es")
# Components the extractor never needs (the rules read token text, not tags or parses):
# excluded for speed; the small models' NER keeps its own tok2vec.
_UNNEEDED = ("lemmatizer", "parser", "tagger", "morphologizer", "attribute_ruler", "senter")

_lock = threading.Lock()
_pipelines: dict[tuple[str, bool], Any] = {}


def load_pipeline(lang: str, prefer_statistical: bool = True) -> Any:
    """The spaCy pipeline for `lang` (statistical when installed and preferred), cached."""
    key = (lang, prefer_statistical)
    with _lock:
        if key not in _pipelines:
            _pipelines[key] = _build(lang, prefer_statistical)
        return _pipelines[key]


def pipeline_name(nlp: Any) -> str:
    """`core_web_sm` style name of a loaded pipeline, or `blank:<lang>`."""
    meta = getattr(nlp, "meta", {}) or {}
    name = meta.get("name")
    return f"{nlp.lang}_{name}" if name and "ner" in nlp.pipe_names else f"blank:{nlp.lang}"


def _build(lang: str, prefer_statistical: bool) -> Any:
    import spacy

    if prefer_statistical:
        for model in lang_toml(lang, "nlp").get("models", []):
            try:
                nlp = spacy.load(model, exclude=list(_UNNEEDED))
            except (OSError, ImportError):
                continue
            return _drop_idle_tok2vec(nlp)
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def _drop_idle_tok2vec(nlp: Any) -> Any:
    """Remove a shared tok2vec that no remaining component listens to (the small models'
    NER has its own): it would embed every token for nothing."""
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")
    return nlp


def has_ner(nlp: Any) -> bool:
    return "ner" in nlp.pipe_names


_PUNCT = "[.!?…]"
_CLOSERS = "[\"»”')\\]]*"
_NEXT = "(?=[\"«“(\\[]?[A-ZÀ-ÖØ-Þ0-9])"  # what starts a sentence


@cache
def _boundary_re(lang: str) -> re.Pattern[str]:
    """Sentence boundaries for `lang`: end punctuation plus space before a capital or digit,
    or a newline. A dot on the same line is no boundary after a listed abbreviation
    ("Corp.") or a single capital ("J."): negative lookbehinds, so the regex does the whole
    test in C. A boundary never starts inside a run of end punctuation."""
    abbrevs = sorted(lang_toml(lang, "nlp").get("abbreviations", []), key=len, reverse=True)
    guards = "".join(rf"(?<![\s(]{re.escape(a)}\.)(?<!^{re.escape(a)}\.)" for a in abbrevs)
    guards += r"(?<![\s(.][A-Z]\.)(?<!^[A-Z]\.)"
    run = rf"(?<!{_PUNCT}.)"
    dot_same_line = rf"\.{run}{guards}{_PUNCT}*{_CLOSERS}[^\S\n]+{_NEXT}"
    dot_new_line = rf"\.{run}{_PUNCT}*{_CLOSERS}[^\S\n]*\n\s*{_NEXT}"
    # one alternative per first character: the regex engine then skips ahead to those
    others = "|".join(rf"{re.escape(c)}{run}{_PUNCT}*{_CLOSERS}\s+{_NEXT}" for c in "!?…")
    return re.compile(rf"{dot_same_line}|{dot_new_line}|{others}|\n\s*")


@cache
def _ordinal_re(lang: str) -> re.Pattern[str] | None:
    """A one- or two-digit number and its dot ending the text: German writes ordinals so
    ("am 20. Dezember", "im 3. Quartal"; nlp.toml `ordinal_dots`)."""
    if not lang_toml(lang, "nlp").get("ordinal_dots"):
        return None
    return re.compile(r"(?<![\d.,])\d{1,2}\.$")


def _ordinal_follows(text: str, pos: int, lang: str) -> bool:
    """Whether the word at `pos` is one an ordinal number stands before: a month's name
    (dates.toml) or one of nlp.toml `ordinal_nouns` ("Quartal", "Liga")."""
    word = re.match(r"[^\W\d_]+", text[pos:])
    return bool(word) and word.group(0) in _ordinal_words(lang)


@cache
def _ordinal_words(lang: str) -> frozenset[str]:
    months = [m for names in lang_toml(lang, "dates").get("months", []) for m in names]
    return frozenset(months + lang_toml(lang, "nlp").get("ordinal_nouns", []))


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Cheap regex sentence spans (start, end) over `text`; never splits after abbreviations.

    A boundary is end punctuation plus space before a capital or digit, or a newline.
    Single capitals ("J.") and listed abbreviations ("Corp.", "Mio.") do not end sentences.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    ordinal = _ordinal_re(lang)
    cuts = [(m.start() + len(m.group(0).rstrip()), m.end())
            for m in _boundary_re(lang).finditer(text)
            if ordinal is None or not (ordinal.search(text, max(0, m.start() - 3), m.start() + 1)
                                       and _ordinal_follows(text, m.end(), lang))]
    for end, after in [*cuts, (len(text), len(text))]:
        part = text[start:end]
        kept = part.strip()  # the span without its outer whitespace, if anything is left
        if kept:
            first = start + len(part) - len(part.lstrip())
            spans.append((first, first + len(kept)))
        start = after
    return spans


_detector: Any = None


def detect_language(text: str) -> str | None:
    """ISO code among en/it/de/fr/es for `text`, or None when undecided.

    lingua in high-accuracy mode (about 2 s to build, once per process): on short
    news sentences the low-accuracy mode confuses Italian with German.
    """
    global _detector
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    with _lock:
        if _detector is None:
            codes = [getattr(IsoCode639_1, c.upper()) for c in LANGS]
            _detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
    found = _detector.detect_language_of(text[:2000])
    return found.iso_code_639_1.name.lower() if found is not None else None
