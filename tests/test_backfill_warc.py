"""Reading WARC files (pipeline.backfill.warc): FastWARC's records, and going on past damage.

Every file here is written by FastWARC's own writer (pipeline.backfill.warcwrite), then
damaged the way real archives are: a gzip member cut short, a broken HTTP header, a huge
record, a non-WARC file.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator

from pipeline.backfill.warc import Bad, Capture, NotWarcError, records
from pipeline.backfill.warcwrite import Response, write_warc

CAP = 50_000


def page(i: int) -> Response:
    return Response(f"http://news.test/story-{i}.html",
                    f"<html><body><article><p>Story {i}.</p></article></body></html>".encode())


def read(data: bytes, cap: int = CAP) -> list[Capture | Bad]:
    return list(records(io.BytesIO(data), cap))


def urls(items: list[Capture | Bad]) -> list[str]:
    return [x.url for x in items if isinstance(x, Capture)]


def bad(items: list[Capture | Bad]) -> list[str]:
    return [x.reason for x in items if isinstance(x, Bad)]


def write(tmp_path: Path, responses: list[Response], gz: bool = True) -> bytes:
    path = tmp_path / ("t.warc.gz" if gz else "t.warc")
    write_warc(path, responses, gzip=gz)
    return path.read_bytes()


@pytest.mark.parametrize("gz", [True, False])
def test_records_round_trip_with_offsets_that_seek(tmp_path, gz):
    data = write(tmp_path, [page(i) for i in range(5)], gz)
    got = read(data)
    assert urls(got) == [f"http://news.test/story-{i}.html" for i in range(5)]
    assert got[2].body == page(2).body and got[2].content_type.startswith("text/html")
    for item in got:  # the stored offset finds the record again, as the store relies on
        fh = io.BytesIO(data)
        fh.seek(item.offset)
        first = next(iter(ArchiveIterator(fh)))
        assert first.headers.get("WARC-Target-URI") == item.url
    if gz:
        assert data.count(b"\x1f\x8b\x08") >= 5  # one gzip member per record


def test_each_bad_record_is_counted_and_the_rest_is_read(tmp_path):
    bomb = gzip.compress(b"<html>" + b"a" * (CAP * 3) + b"</html>")
    responses = [
        page(0),
        Response("http://news.test/broken", raw=b"\x00\x01 not a status line\r\n\r\n<html/>"),
        page(1),
        Response("http://news.test/huge", b"<p>" + b"x" * (CAP * 2)),
        page(2),
        Response("http://news.test/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        page(3),
        Response("http://news.test/gone", b"gone", status=404),
        page(4),
        Response("http://news.test/bomb", bomb, headers=[("Content-Encoding", "gzip")]),
        page(5),
        Response("http://news.test/long-header",
                 raw=b"HTTP/1.1 200 OK\r\nX-Pad: " + b"p" * 40_000 + b"\r\n\r\n<html/>"),
        page(6),
    ]
    got = read(write(tmp_path, responses), cap=CAP)
    assert urls(got) == [f"http://news.test/story-{i}.html" for i in range(7)]
    assert bad(got) == ["bad_http_header", "too_large", "bad_content_type", "http_404",
                        "too_large", "bad_http_header"]
    skips = {x.reason: x.skip for x in got if isinstance(x, Bad)}
    assert skips["http_404"] and skips["bad_content_type"] and not skips["bad_http_header"]


def test_transfer_and_content_codings_are_undone(tmp_path):
    html = b"<html><body><p>Zipped story.</p></body></html>"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(html), html)
    responses = [
        Response("http://news.test/gz", gzip.compress(html),
                 headers=[("Content-Encoding", "gzip")]),
        Response("http://news.test/chunked", raw=b"HTTP/1.1 200 OK\r\nContent-Type: text/html"
                 b"\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked),
    ]
    got = read(write(tmp_path, responses))
    assert [x.body for x in got] == [html, html]


@pytest.mark.parametrize("gz", [True, False])
def test_a_damaged_stretch_costs_only_itself(tmp_path, gz):
    data = write(tmp_path, [page(i) for i in range(6)], gz)
    offsets = [x.offset for x in read(data)]
    # cut the middle of record 2 out: its member (or its block) no longer ends where it says
    damaged = data[:offsets[2] + 40] + data[offsets[3] - 30:]
    got = read(damaged)
    assert set(urls(got)) >= {f"http://news.test/story-{i}.html" for i in (0, 1, 4, 5)}
    reasons = bad(got)
    assert reasons and set(reasons) <= {"corrupt_gzip", "bad_warc_header", "truncated_record"}


@pytest.mark.parametrize("gz", [True, False])
def test_a_file_cut_short_keeps_its_whole_records(tmp_path, gz):
    data = write(tmp_path, [page(i) for i in range(4)], gz)
    got = read(data[:-25])
    assert urls(got) == [f"http://news.test/story-{i}.html" for i in range(3)]
    assert bad(got) == ["truncated_record"]


@pytest.mark.parametrize("data", [
    b"<html><body>not an archive</body></html>\n" * 20,
    gzip.compress(b"<html><body>a gzipped page, not an archive</body></html>"),
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    b"",
])
def test_a_file_that_is_not_a_warc_is_refused(data):
    if not data:
        assert read(data) == []  # an empty file holds nothing, which is not an error
        return
    with pytest.raises(NotWarcError) as e:
        read(data)
    assert e.value.reason == "not_warc"


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("part", [1, 300, 1000, 5000])
def test_byte_range_parts_read_each_record_exactly_once(tmp_path, gz, part):
    data = write(tmp_path, [page(i) for i in range(9)], gz)
    seen = []
    for start in range(0, len(data), part):
        fh = io.BytesIO(data)
        got = list(records(fh, CAP, start, start + part))
        assert all(start <= x.offset < start + part for x in got)
        seen += urls(got)
    assert seen == [f"http://news.test/story-{i}.html" for i in range(9)]


def test_a_part_inside_one_record_is_empty_not_an_error(tmp_path):
    data = write(tmp_path, [Response("http://news.test/big", b"<p>" + b"y" * 20_000)], True)
    assert read(data) and list(records(io.BytesIO(data), CAP, 100, 200)) == []


def test_remote_paths_go_through_fsspec(tmp_path):
    import fsspec

    from pipeline.backfill.paths import expand, open_binary, size_of

    data = write(tmp_path, [page(i) for i in range(3)])
    fs = fsspec.filesystem("memory")
    for name in ("a-1.warc.gz", "a-2.warc.gz", "notes.txt"):
        with fs.open(f"memory://archive/{name}", "wb") as fh:
            fh.write(data)
    found = expand(["memory://archive/a-*.warc.gz", "memory://archive/a-1.warc.gz"])
    assert [f.rsplit("/", 1)[1] for f in found] == ["a-1.warc.gz", "a-2.warc.gz"]
    assert all(f.startswith("memory://") for f in found)
    assert size_of(found[0]) == len(data)
    with open_binary(found[1]) as fh:
        assert len(urls(list(records(fh, CAP)))) == 3


def test_paths_that_name_nothing_are_one_clear_error(tmp_path):
    from pipeline.backfill.paths import expand
    from pipeline.exceptions import InputError

    with pytest.raises(InputError, match="no file matches"):
        expand([str(tmp_path / "*.warc.gz")])
    with pytest.raises(InputError, match="no file matches"):
        expand(["memory://nothing-here/*.warc.gz"])
    try:
        import s3fs  # noqa: F401
    except ImportError:
        with pytest.raises(InputError, match=r"newsfacts\[remote\]"):
            expand(["s3://bucket/news/*.warc.gz"])


def test_responses_that_are_not_http_are_skipped_by_name(tmp_path):
    from fastwarc.stream_io import GzipWriter

    from pipeline.backfill.warcwrite import record

    dns = record(Response("dns:news.test", raw=b"20240101000000\nnews.test. 300 IN A 10.0.0.1"))
    dns.headers["Content-Type"] = "text/dns"
    bracketed = record(page(1))
    bracketed.headers["WARC-Target-URI"] = "<http://news.test/story-1.html>"
    path = tmp_path / "mixed.warc.gz"
    with open(path, "wb") as fh:
        writer = GzipWriter(fh)
        for rec in (record(page(0)), dns, bracketed):
            rec.write(writer)
            writer.finish()
        writer.close()
    got = read(path.read_bytes())
    assert urls(got) == ["http://news.test/story-0.html", "http://news.test/story-1.html"]
    assert [(x.reason, x.skip) for x in got if isinstance(x, Bad)] == [("not_http", True)]
