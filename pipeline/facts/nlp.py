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


@cache
def _abbrev_re(lang: str) -> tuple[re.Pattern[str], int]:
    """Regex for a listed abbreviation ending a string, and how many characters of the end
    it can need (the longest abbreviation plus the space before it)."""
    abbrevs = lang_toml(lang, "nlp").get("abbreviations", [])
    alts = "|".join(sorted((re.escape(a) for a in abbrevs), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?:^|[\s(])(?:{alts})$"), max(map(len, abbrevs), default=0) + 1


_BOUNDARY = re.compile(r"[.!?…]+[\"»”')\]]*\s+(?=[\"«“(\[]?[A-ZÀ-ÖØ-Þ0-9])|\n\s*")


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Cheap regex sentence spans (start, end) over `text`; never splits after abbreviations.

    A boundary is end punctuation plus space before a capital or digit, or a newline.
    Single capitals ("J.") and listed abbreviations ("Corp.", "Mio.") do not end sentences.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    abbrev, reach = _abbrev_re(lang)
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == "." and "\n" not in m.group(0):
            cut = m.start()
            # only the end of the sentence so far can hold the abbreviation: look at no more
            # than `reach` characters (the "^" of the regex then still means a real start)
            tail = text[max(start, cut - reach):cut] if cut - start > reach else text[start:cut]
            if abbrev.search(tail) or _single_capital(text, start, cut):
                continue
        end = m.start() + len(m.group(0).rstrip())
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = m.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _single_capital(text: str, start: int, cut: int) -> bool:
    """Whether text[start:cut] ends in a lone capital letter ("J" of "J. Smith")."""
    if cut <= start or not ("A" <= text[cut - 1] <= "Z"):
        return False
    return cut - 1 == start or text[cut - 2].isspace() or text[cut - 2] in "(."


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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
