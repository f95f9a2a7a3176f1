"""Turn fetched bytes into text: the right charset matters more than any later cleverness.

Order: byte-order mark; valid UTF-8 (a declaration claiming otherwise is wrong far more
often than non-UTF-8 bytes that happen to be valid UTF-8); the HTTP header charset; the
<meta> charset; charset_normalizer's guess; windows-1252 with replacement characters.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

from pipeline.exceptions import InputError

MAX_GUNZIP = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# WHATWG: these labels mean windows-1252 in browsers, and pages rely on it.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252",
            "l1": "cp1252", "x-user-defined": "cp1252"}
_MAGIC = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive"),
    (b"RIFF", "a RIFF media file"), (b"\x00\x00\x00", "a binary file"),
    (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 file"), (b"\x7fELF", "an executable"),
    (b"wOFF", "a web font"), (b"wOF2", "a web font"),
)


def _codec(label: str | None) -> str | None:
    """A Python codec name for a declared charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, as a codec name."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return _codec(m.group(1)) if m else None


def meta_charset(body: bytes) -> str | None:
    """The charset declared in the first 4 KB of markup (<meta charset> or http-equiv)."""
    m = _META_CHARSET.search(body[:4096])
    return _codec(m.group(1).decode("ascii", "ignore")) if m else None


def maybe_gunzip(body: bytes) -> bytes:
    """Decompress a gzip body (saved .html.gz pages, servers that double-encode)."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(body, MAX_GUNZIP)
    except (zlib.error, gzip.BadGzipFile) as e:
        raise InputError(f"corrupt gzip data: {e}") from e
    if not out and not d.eof:
        raise InputError("corrupt gzip data: nothing could be decompressed")
    return out


def head_of(body: bytes) -> bytes:
    """The bytes up to the end of the <head> element (the whole body when it has none)."""
    for end in (b"</head>", b"</HEAD>", b"</Head>"):
        at = body.find(end)
        if at >= 0:
            return body[:at + len(end)]
    return body


def check_not_binary(body: bytes) -> None:
    """Raise InputError when `body` is clearly not HTML or text (image, PDF, archive...)."""
    head = body[:1024]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"not HTML: the body is {what}")
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in head or (head and controls / len(head) > 0.05):
        raise InputError("not HTML: the body is binary data")


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, codec used). Never fails on text; see the module docstring for the order."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, "replace"), name
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(body) - 3 and e.reason == "unexpected end of data":
            return body[: e.start].decode("utf-8"), "utf-8"  # cut inside the last character
    declared = [n for n in (header_charset(content_type), meta_charset(body))
                if n and n not in ("utf-8", "utf-16", "utf-32")]
    if len(set(declared)) == 2:  # header and markup disagree: let the bytes decide
        declared = [_guess(body, among=declared) or declared[0]]
    for name in declared:
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    guess = _guess(body)
    if guess:
        try:
            return body.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            pass
    return body.decode("cp1252", "replace"), "cp1252"


def _guess(body: bytes, among: list[str] | None = None) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000], cp_isolation=among).best()
    return _codec(best.encoding) if best else None
