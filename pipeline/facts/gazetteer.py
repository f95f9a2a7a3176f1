"""The gazetteer (rules/companies.jsonl) and company names in canonical form.

Canonical names drop possessives and legal suffixes and follow the gazetteer's aliases;
the gazetteer also knows parents, products ("the Claude maker") and roles (a well-known
vendor, a public buyer) that orient deals.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from pipeline.facts.lexicon import lang_toml, languages, load_jsonl


@cache
def all_legal_suffixes() -> tuple[str, ...]:
    out: set[str] = set()
    for lang in languages():
        out.update(lang_toml(lang, "companies").get("legal_suffixes", []))
    return tuple(sorted(out, key=len, reverse=True))


@cache
def gazetteer() -> dict[str, dict[str, Any]]:
    """Folded alias (and name) -> gazetteer entry."""
    out: dict[str, dict[str, Any]] = {}
    for entry in load_jsonl("companies.jsonl"):
        for alias in [entry["name"], *entry.get("aliases", [])]:
            out[fold(alias)] = entry
    return out


@cache
def gazetteer_tokens() -> frozenset[str]:
    """Lower-case-initial tokens of gazetteer names ("eBay", "xAI") that count as names."""
    toks = set()
    for key in gazetteer():
        for entry_tok in key.split():
            toks.add(entry_tok)
    return frozenset(toks)


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[\w&+]+", s.replace(".", "")))


# --- canonical names -------------------------------------------------------------------


def canonical_name(name: str, lang: str = "en") -> str:
    """Display name without possessive and legal suffixes, in gazetteer form when known.

    "Microsoft Corporation" -> "Microsoft", "Microsoft's" -> "Microsoft",
    "Brückner Systeme GmbH" -> "Brückner Systeme", "AWS" -> "Amazon Web Services".
    """
    s = re.sub(r"['’]s?$", "", name.strip())
    entry = gazetteer().get(fold(s))
    if entry and _shown_as_entry(s, entry):
        return entry["name"]
    legal = _legal()
    words = s.split()
    while len(words) > 1:
        cut = _legal_tail(words) or int(words[-1].rstrip(".,").lower() in legal)
        if not cut:
            break
        words = words[:-cut]
    s = " ".join(words).rstrip(",")
    entry = gazetteer().get(fold(s))
    if entry and _shown_as_entry(s, entry):
        return entry["name"]
    if s.lower().startswith("the ") and len(words) > 1:
        s = s[4:]
    return s


def _shown_as_entry(written: str, entry: dict[str, Any]) -> bool:
    """Whether a name is shown in its gazetteer form: when it is a form of it ("Microsoft
    Corp", "Telekom" for "Deutsche Telekom", "AWS" for "Amazon Web Services"), not another
    language's name ("CFF" stays "CFF", not "SBB") nor a former one ("Schlumberger")."""
    if entry.get("as_written"):
        return False
    mine, theirs = fold(written).split(), fold(entry["name"]).split()
    initials = "".join(w[0] for w in theirs)
    return bool(set(mine) & set(theirs)) or (len(mine) == 1 and mine[0] == initials)


def same_company(a: str, b: str) -> bool:
    """Whether two names may stand for one company: equal when folded, one the other's
    opening or closing words ("Lega" and "Lega Serie A", "Bajío" and "Transportes Bajío"),
    one gazetteer entry's forms, or one the other's gazetteer parent ("Google Cloud" and
    "Google")."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    short, long_ = sorted((fa.split(), fb.split()), key=len)
    if short and (long_[:len(short)] == short or long_[-len(short):] == short):
        return True
    ea, eb = gazetteer().get(fa), gazetteer().get(fb)
    if ea is not None and ea is eb:
        return True  # two forms of one gazetteer entry ("Schlumberger", "SLB")
    if _acronym_of(a, b) or _acronym_of(b, a):
        return True  # "FFF" and "Fédération française de football"
    return parent_of(a) == b or parent_of(b) == a


@lru_cache(maxsize=1 << 14)
def _acronym_of(short: str, long_: str) -> bool:
    """Whether `short` is written in capitals and spells the initials of `long_`'s words,
    with or without its lower-case function words ("FFF", "LNVG"... "SNCB")."""
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", short)
    if len(letters) < 2 or not letters.isupper() or " " in short.strip():
        return False
    words = re.findall(r"[^\W\d_]+", long_)
    if len(words) < 2:
        return False
    every = "".join(w[0] for w in words).upper()
    capitals = "".join(w[0] for w in words if w[0].isupper() or len(w) > 3).upper()
    return fold(letters) in (fold(every), fold(capitals))


def company_role(name: str) -> str | None:
    """"vendor" or "public" when the gazetteer says so of the company or its parent."""
    entry = gazetteer().get(fold(name))
    if entry is None:
        return None
    if entry.get("role"):
        return entry["role"]
    parent = gazetteer().get(fold(entry["parent"])) if entry.get("parent") else None
    return parent.get("role") if parent else None


def parent_of(name: str) -> str | None:
    entry = gazetteer().get(fold(name))
    return entry.get("parent") if entry else None


# --- mentions --------------------------------------------------------------------------


@cache
def _products() -> dict[str, str]:
    """Folded product name ("ChatGPT", "Azure") -> canonical name of its maker."""
    return {fold(p): entry["name"] for entry in load_jsonl("companies.jsonl")
            for p in entry.get("products", [])}


@cache
def _models() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(regex of a maker's model designators, the maker's canonical name)."""
    return tuple((re.compile(rf"(?<![\w-])(?:{'|'.join(entry['models'])})(?![\w-])"),
                  entry["name"]) for entry in load_jsonl("companies.jsonl")
                 if entry.get("models"))


@lru_cache(maxsize=1 << 12)
def is_model(name: str) -> bool:
    """Whether a whole name is a maker's model designator ("Dreamliner", "A320neo")."""
    return any(rx.fullmatch(name) for rx, _ in _models())


def model_makers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, maker) of every model designator in `text`, in text order: "ten
    A350-1000 jets" names Airbus, "20 units of the 737 MAX-8" Boeing."""
    found = [(m.start(), m.end(), maker) for rx, maker in _models() for m in rx.finditer(text)]
    return sorted(found)


def product_owner(name: str) -> str | None:
    return _products().get(fold(name))


@cache
def _events() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """(regex of every event name, folded event name -> canonical name of its organiser)."""
    events = {e: entry["name"] for entry in load_jsonl("companies.jsonl")
              for e in entry.get("events", [])}
    if not events:
        return None, {}
    pattern = "|".join(re.escape(e) for e in sorted(events, key=len, reverse=True))
    return (re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE),
            {fold(e): organiser for e, organiser in events.items()})


def events_in(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, organiser) of each competition the sentence names ("the Champions
    League" -> UEFA): its rights and sponsorships are paid to the body that runs it."""
    regex, names = _events()
    if regex is None:
        return []
    return [(m.start(), m.end(), names[fold(m.group(0))]) for m in regex.finditer(sentence)
            if fold(m.group(0)) in names]



@cache
def _legal() -> frozenset[str]:
    return frozenset(s.lower().rstrip(".") for s in all_legal_suffixes())


def _legal_tail(words: list[str]) -> int:
    """How many last words make a legal form of several words ("S.A. de C.V.", "SA de CV",
    "S. de R.L. de C.V."), dots and spacing aside; 0 for none (a name stays)."""
    for k in range(min(6, len(words) - 1), 1, -1):
        if _squeezed("".join(words[-k:])) in _legal_squeezed():
            return k
    return 0


def _squeezed(text: str) -> str:
    return re.sub(r"[.,\s]", "", text).lower()


@cache
def _legal_squeezed() -> frozenset[str]:
    """The legal forms of several words, without dots or spaces: "sadecv"."""
    return frozenset(_squeezed(s) for s in all_legal_suffixes() if " " in s.strip())
