"""Read the HTML responses of one WARC file with FastWARC, and go on past damage.

FastWARC parses; this module only decides what each record is worth and where to pick up
again when the library stops: a gzip member that does not decompress, a WARC header that
does not parse or a record cut short ends FastWARC's iteration, so reading restarts at the
next gzip member (or, in an uncompressed file, the next `WARC/1.x` line) after the damage.
Each damaged stretch and each unusable record is one `Bad` with a stable reason code.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from fastwarc.stream_io import ChunkedReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from pipeline.crawl.fetch import HTML_TYPES, Decoder, FetchFailed, split_content_type

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
SCAN_CHUNK = 1 << 20
# What FastWARC's errors mean, by the start of their message.
_ERRORS = (
    ("Gzip decompression", "corrupt_gzip"),
    ("Invalid WARC header", "bad_warc_header"),
    ("Maximum header length", "header_too_long"),
)


class NotWarcError(Exception):
    """The file holds no WARC record at all (not a WARC, or damaged from its first byte)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Capture:
    """One archived HTML response, its body decoded from any transfer or content coding."""

    url: str  # WARC-Target-URI as recorded
    offset: int  # where the record (its gzip member) starts in the file
    captured_at: datetime | None
    body: bytes
    content_type: str | None  # the raw HTTP Content-Type header
    content_language: str | None


@dataclass
class Bad:
    """A record or a stretch of the file that could not be used, with its reason code."""

    offset: int
    reason: str
    skip: bool = False  # a deliberate skip (not HTML, not 200) rather than damage
    detail: str = ""


def _reason(error: Exception) -> str:
    text = str(error)
    for start, reason in _ERRORS:
        if text.startswith(start):
            return reason
    return "read_error"


def _plausible(fh: BinaryIO, where: int, gzipped: bool) -> bool:
    """Whether a record can start at `where`: gzip data that inflates, or a WARC version
    line (three magic bytes also occur by chance inside compressed data)."""
    here = fh.tell()
    fh.seek(where)
    head = fh.read(1024)
    fh.seek(here)
    if not gzipped:
        return head.startswith((b"WARC/1.0\r\n", b"WARC/1.1\r\n", b"WARC/1.0\n", b"WARC/1.1\n"))
    try:
        zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return False
    return True


def _next_start(fh: BinaryIO, after: int, gzipped: bool) -> int | None:
    """Offset of the next likely record start after byte `after`, or None: a gzip member
    header, or a `WARC/1.` line in an uncompressed file."""
    pattern, shift = (GZIP_MAGIC, 0) if gzipped else (b"\n" + WARC_MAGIC, 1)
    pos = after + 1 - shift  # where the next read starts
    fh.seek(pos)
    tail = b""
    while True:
        chunk = fh.read(SCAN_CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        at = data.find(pattern)
        while at != -1:
            where = pos - len(tail) + at + shift
            if _plausible(fh, where, gzipped):
                return where
            at = data.find(pattern, at + 1)
        tail = data[-(len(pattern) - 1):]
        pos += len(chunk)


def records(fh: BinaryIO, max_bytes: int, start: int = 0, end: int | None = None
            ) -> Iterator[Capture | Bad]:
    """Every `response` record of the WARC in `fh` (seekable) that starts in the byte range
    [start, end), as a Capture or a Bad; a record that starts before `end` is read whole.

    Raises NotWarcError when the range starts the file and not one record can be read.
    """
    fh.seek(0)
    gzipped = fh.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    stop = end if end is not None else float("inf")
    pos: int | None = 0 if start == 0 else _next_start(fh, start - 1, gzipped)
    seen_any, damaged = False, False
    while pos is not None and pos < stop:
        fh.seek(pos)
        it = iter(ArchiveIterator(fh, parse_http=False))
        last = pos - 1
        while True:
            try:
                record = next(it)
            except StopIteration:  # the end, unless a record start lies beyond the last one
                pos = _next_start(fh, max(last, pos), gzipped)
                if pos is not None and pos < stop and not damaged:
                    yield Bad(pos, "truncated_record", detail="the file ends inside it")
                damaged = True
                break
            except Exception as e:  # FastWARC stops here: count it, find the next record
                at = max(last, pos)
                pos = _next_start(fh, at, gzipped)
                if pos is None and not seen_any and start == 0:
                    raise NotWarcError("not_warc", f"no readable WARC record ({e})") from e
                if not damaged:
                    yield Bad(at, _reason(e), detail=str(e)[:200])
                damaged = True
                break
            last = record.stream_pos
            if last >= stop:
                return
            seen_any, damaged = True, False
            if record.record_type == WarcRecordType.response:
                yield read_response(record, max_bytes)


def read_response(record: WarcRecord, max_bytes: int) -> Capture | Bad:
    """The HTML body of one response record, or why it is not usable."""
    offset = record.stream_pos
    headers = record.headers
    url = (headers.get("WARC-Target-URI") or "").strip().strip("<>")  # some writers add <>
    if not url or "Content-Length" not in headers:
        return Bad(offset, "truncated_record", detail="WARC header cut short")
    block_type = (headers.get("Content-Type") or "application/http").lower()
    if not block_type.startswith("application/http"):  # dns:, screenshots, ...
        return Bad(offset, "not_http", skip=True, detail=block_type[:100])
    if record.content_length > max_bytes:
        return Bad(offset, "too_large", detail=f"record of {record.content_length} bytes")
    try:
        record.parse_http()
    except Exception as e:  # a header over the library's limit
        return Bad(offset, "bad_http_header", detail=str(e)[:200])
    http = record.http_headers
    if http is None or http.status_code is None:
        return Bad(offset, "bad_http_header", detail="HTTP status line or headers unreadable")
    status = http.status_code
    if status != 200:
        return Bad(offset, f"http_{status}", skip=True)
    raw_type = http.get("Content-Type")
    ctype, _ = split_content_type(raw_type)
    if ctype and ctype not in HTML_TYPES:
        return Bad(offset, "bad_content_type", skip=True, detail=ctype)
    expected = record.content_length
    payload = record.reader.read(expected)
    if len(payload) < expected:
        return Bad(offset, "truncated_record", detail=f"{len(payload)} of {expected} bytes")
    try:
        body = _decode(payload, http.get("Transfer-Encoding"), http.get("Content-Encoding"),
                       max_bytes)
    except FetchFailed as e:
        return Bad(offset, e.reason, detail=str(e)[:200])
    if not body.strip():
        return Bad(offset, "empty_body", skip=True)
    return Capture(url=url, offset=offset, captured_at=_date(record), body=body,
                   content_type=raw_type, content_language=http.get("Content-Language"))


def _decode(payload: bytes, transfer: str | None, encoding: str | None, cap: int) -> bytes:
    """Undo chunked transfer coding (FastWARC's reader) and gzip/deflate content coding
    (the crawler's capped decoder), as a browser would have."""
    if transfer and "chunked" in transfer.lower():
        try:
            payload = ChunkedReader(io.BytesIO(payload)).read()
        except Exception as e:
            raise FetchFailed("bad_encoding", f"bad chunked body: {e}") from e
    if encoding:
        decoder = Decoder(encoding.split(",")[-1], cap)
        decoder.feed(payload)
        payload = bytes(decoder.out)
    return payload


def _date(record: WarcRecord) -> datetime | None:
    try:
        return record.record_date
    except Exception:  # a WARC-Date that does not parse
        return None
