"""Could these page bytes state a currency amount? A test run before any parsing.

A payment fact always names its currency: a symbol or ISO code (rules/currencies.toml)
or a currency or minor-unit word (rules/<lang>/money.toml), the same lists the fact
extractor reads. A page whose bytes hold none of them, as a whole word outside tags,
scripts and styles, cannot yield a payment, so a backfill that only wants facts may skip
its text extraction (the page still gets its metadata row). "$" also fills scripts, so it
counts only within a few bytes of a digit. JSON-LD counts as text: articleBody is read.

One Aho-Corasick pass (ahocorasick-rs) finds every candidate; the few hits are then
checked in Python. Words are matched in lower, Capitalised and UPPER case, letters outside
ASCII also as HTML entities. Bodies that are not UTF-8 are decoded first.
"""

from __future__ import annotations

import bisect
import html.entities
import re
from functools import cache
from itertools import product

import ahocorasick_rs

from pipeline.article import decode
from pipeline.facts.lexicon import languages, load_toml

DOLLAR_REACH = 12  # bytes either side of "$" in which a digit must appear
_TOKEN = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(rb"\d")
_CODE_OPEN = (b"<script", b"<style")
_CODE_CLOSE = {b"<script": b"</script", b"<style": b"</style"}


class _Patterns:
    """The automaton and, per pattern, whether it must stand as a whole word."""

    def __init__(self, patterns: dict[bytes, str]) -> None:
        self.items = list(patterns.items())  # (bytes, kind): kind = word | plain | dollar
        self.automaton = ahocorasick_rs.BytesAhoCorasick(
            [p for p, _ in self.items], matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST,
            implementation=ahocorasick_rs.Implementation.DFA)  # the fastest scan measured


def could_state_amount(body: bytes, content_type: str | None = None) -> bool:
    """False only when `body` names no currency at all (see the module docstring)."""
    body = decode.maybe_gunzip(body or b"")
    if _names_currency(body):
        return True
    if body.isascii():
        return False
    try:  # checked last: only pages that would be skipped pay for it
        body.decode("utf-8")
    except UnicodeDecodeError:
        return _names_currency(decode.decode_html(body, content_type)[0].encode("utf-8"))
    return False


def _names_currency(body: bytes) -> bool:
    """The head holds no article text but its JSON-LD; the body is read whole."""
    head = decode.head_of(body)
    if len(head) == len(body):
        return _in_text(body)
    return any(_in_text(chunk, markup=False) for chunk in _json_ld(head)) or \
        _in_text(body[len(head):])


def _json_ld(head: bytes) -> list[bytes]:
    """The contents of the <script type="application/ld+json"> elements of a <head>."""
    out = []
    at = head.find(b"ld+json")
    while at >= 0:
        start = head.find(b">", at) + 1
        end = head.find(b"</", start)
        if start <= 0 or end < 0:
            break
        out.append(head[start:end])
        at = head.find(b"ld+json", end)
    return out


def _in_text(body: bytes, markup: bool = True) -> bool:
    """A currency cue in `body` as text: outside tags, scripts and styles when `markup`."""
    pats = _patterns()
    code: list[tuple[int, int]] | None = None
    for index, start, end in pats.automaton.find_matches_as_indexes(body):
        _, kind = pats.items[index]
        if kind == "word" and not _whole(body, start, end):
            continue
        if kind == "dollar" and not _DIGIT.search(body, max(0, start - DOLLAR_REACH),
                                                  end + DOLLAR_REACH):
            continue
        if not markup:
            return True
        if _in_tag(body, start):
            continue
        if code is None:
            code = _code_ranges(body)
        if _inside(code, start):
            continue
        return True
    return False


def _whole(body: bytes, start: int, end: int) -> bool:
    """No letter, digit or "_" right before or after body[start:end] (UTF-8 aware)."""
    if start:
        lead = start - 1
        if body[lead] < 0x80:
            if _is_word_byte(body[lead]):
                return False
        else:
            while lead > 0 and lead > start - 4 and 0x80 <= body[lead] < 0xC0:
                lead -= 1  # back to the first byte of the character before
            if _is_word(body[lead:start]):
                return False
    if end < len(body):
        return not (_is_word_byte(body[end]) if body[end] < 0x80 else _is_word(body[end:end + 4]))
    return True


def _is_word_byte(byte: int) -> bool:
    return chr(byte).isalnum() or byte == 0x5F


def _is_word(chunk: bytes) -> bool:
    ch = chunk.decode("utf-8", "ignore")[:1]
    return bool(ch) and (ch.isalnum() or ch == "_")


def _in_tag(body: bytes, at: int) -> bool:
    """Inside <...> (an attribute value, a tag name): not text."""
    return body.rfind(b"<", max(0, at - 2000), at) > body.rfind(b">", max(0, at - 2000), at)


def _code_ranges(body: bytes) -> list[tuple[int, int]]:
    """(start, end) of <script> and <style> elements, JSON-LD scripts left out."""
    low = body.lower()
    ranges = []
    for opening in _CODE_OPEN:
        pos = low.find(opening)
        while pos >= 0:
            tag_end = low.find(b">", pos)
            close = low.find(_CODE_CLOSE[opening], pos)
            end = len(low) if close < 0 else close
            if b"ld+json" not in low[pos:tag_end if tag_end >= 0 else end]:
                ranges.append((pos, end))
            pos = low.find(opening, end)
    return sorted(ranges)


def _inside(ranges: list[tuple[int, int]], at: int) -> bool:
    i = bisect.bisect_right(ranges, (at, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= at < ranges[i][1]


@cache
def _patterns() -> _Patterns:
    """Every currency cue of every language, as byte patterns."""
    table = load_toml("currencies.toml")
    pats: dict[bytes, str] = {}
    for code in [*table.get("codes", []), *table.get("scaled_codes", {}),
                 *table.get("code_aliases", {})]:
        pats[code.encode()] = "word"
    for symbol in table.get("symbols", {}):
        if "$" in symbol:
            pats.setdefault(b"$", "dollar")
            pats.setdefault(b"&#36;", "plain")
            pats.setdefault(b"&dollar;", "plain")
        elif symbol.replace(".", "").isalpha() and symbol.isascii():
            pats[symbol.rstrip(".").encode()] = "word"  # "Rs": case as written
        else:
            for form in _spellings(symbol):
                pats[form] = "plain"
    for word in _currency_words():
        for cased in {word, word.capitalize(), word.upper()}:
            for form in _spellings(cased):
                pats[form] = "word"
    return _Patterns(pats)


def _currency_words() -> set[str]:
    """One necessary word per currency or minor-unit entry of every language.

    Matching an entry ("dollari statunitensi") needs each of its words, so one suffices;
    the chosen one is the currency noun when another entry has it alone ("dollari").
    """
    entries: set[str] = set()
    for lang in languages():
        money = load_toml(f"{lang}/money.toml")
        entries.update(k.lower() for k in money.get("currencies", {}))
        entries.update(k.lower() for k in money.get("minor_units", {}))
    alone = {e for e in entries if len(_TOKEN.findall(e)) == 1 and _TOKEN.fullmatch(e)}
    words = set()
    for entry in entries:
        tokens = _TOKEN.findall(entry)
        if not tokens or re.search(r"[^\w\s.'’-]", entry):
            continue  # carries a symbol ("us-$"): the symbol is the cue
        nouns = [t for t in tokens if t in alone]
        words.add(max(nouns or tokens, key=len))
    return words


def _spellings(text: str) -> set[bytes]:
    """UTF-8 bytes of `text`, with each non-ASCII character also as an HTML entity."""
    options = []
    for ch in text:
        forms = {ch}
        if not ch.isascii():
            forms |= {f"&#{ord(ch)};", f"&#x{ord(ch):x};", f"&#x{ord(ch):X};"}
            forms |= {f"&{name}" for name, value in html.entities.html5.items() if value == ch}
        options.append(sorted(forms))
    return {"".join(parts).encode("utf-8") for parts in product(*options)}
