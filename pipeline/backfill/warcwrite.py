"""Write WARC files with FastWARC's writer: test fixtures, benchmark sets, archived crawls.

One gzip member per record, as web archives (and Common Crawl) write them, so a reader
can seek to any record and a damaged member costs only itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecord, WarcRecordType


@dataclass
class Response:
    """One HTTP response to archive; `raw` (status line, headers and body as sent) wins
    over the other fields when given."""

    url: str
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    date: datetime | None = None
    raw: bytes | None = None

    def http(self) -> bytes:
        if self.raw is not None:
            return self.raw
        lines = [f"HTTP/1.1 {self.status} {'OK' if self.status == 200 else 'Status'}"]
        if self.content_type:
            lines.append(f"Content-Type: {self.content_type}")
        lines += [f"{k}: {v}" for k, v in self.headers]
        lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


def record(response: Response) -> WarcRecord:
    """A WARC `response` record for `response`."""
    block = response.http()
    rec = WarcRecord()
    rec.init_headers(WarcRecordType.response, content_length=len(block))
    rec.headers["WARC-Target-URI"] = response.url
    rec.headers["Content-Type"] = "application/http; msgtype=response"
    when = response.date or datetime.now(UTC)
    rec.headers["WARC-Date"] = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rec.set_bytes_content(block)
    rec.is_http = True
    return rec


def write_warc(path: str | Path, responses: Iterable[Response], gzip: bool = True) -> int:
    """Write `responses` as a WARC file (`.warc.gz` members when `gzip`); return the count."""
    n = 0
    with open(path, "wb") as fh:
        if not gzip:
            for response in responses:
                record(response).write(fh)
                n += 1
            return n
        writer = GzipWriter(fh)
        for response in responses:
            record(response).write(writer)
            writer.finish()  # end the member: one per record
            n += 1
        writer.close()
    return n
