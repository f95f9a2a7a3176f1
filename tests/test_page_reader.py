"""The crawler's article extraction in worker processes: same records as in-process, a
crashing worker costs only its page, workers are recycled, and none outlive a killed
parent."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pipeline.article import extract_article
from pipeline.exceptions import FetchError, InputError
from pipeline.page_reader import PageReader
from pipeline.records import ArticleRecord

ROOT = Path(__file__).resolve().parents[1]
PAGE = ("<html lang='en'><head><title>Cloud deal</title></head><body><nav>home</nav>"
        "<article><h1>Cloud deal</h1>" + "".join(
            f"<p>Paragraph {i}: the operator signed a cloud contract with the supplier and "
            "analysts expect the agreement to grow over the next quarters of the year.</p>"
            for i in range(6)) + "<a href='/next.html'>next</a></article></body></html>")


def _pid_read(body, url, content_type, content_language, fetched_at, links=True):
    """A read function that says which process and thread ran it; aborts on b'crash'."""
    if body == b"crash":
        os.abort()  # what heap corruption in a C library does to a worker
    return ArticleRecord(url=url, text=f"{os.getpid()} {threading.get_ident()}"), None


def _read_all(reader: PageReader, bodies: list[bytes]) -> list:
    async def go():
        return await asyncio.gather(
            *(reader.read(b, f"http://127.0.0.1/{i}.html", "text/html; charset=utf-8", None)
              for i, b in enumerate(bodies)), return_exceptions=True)

    return asyncio.run(go())


def test_worker_record_equals_in_process_extraction():
    with PageReader(workers=1) as reader:
        (record, charset), = _read_all(reader, [PAGE.encode()])
    direct = extract_article(PAGE.encode(), "http://127.0.0.1/0.html",
                             content_type="text/html; charset=utf-8")
    assert record.is_article and "cloud contract" in record.text
    assert (record.text, record.title, record.lang, record.links) == (
        direct.text, direct.title, direct.lang, direct.links)
    assert charset == "utf-8"


def test_binary_bytes_raise_input_error_from_the_worker():
    with PageReader(workers=1) as reader:
        (err,) = _read_all(reader, [bytes(range(256)) * 40])
    assert isinstance(err, InputError)


def test_extraction_runs_in_other_processes_one_page_at_a_time_each():
    with PageReader(workers=2, read=_pid_read) as reader:
        results = _read_all(reader, [b"page"] * 12)
    pids = {r.text.split()[0] for r, _ in results}
    assert str(os.getpid()) not in pids and 1 <= len(pids) <= 2


def test_zero_workers_uses_one_dedicated_thread():
    with PageReader(workers=0, read=_pid_read) as reader:
        results = _read_all(reader, [b"page"] * 8)
    assert {r.text for r, _ in results} == {
        f"{os.getpid()} {results[0][0].text.split()[1]}"}  # this process, one thread
    assert results[0][0].text.split()[1] != str(threading.get_ident())


def test_a_crashing_page_costs_only_itself():
    with PageReader(workers=1, read=_pid_read) as reader:
        first = _read_all(reader, [b"page"])
        crashed = _read_all(reader, [b"crash"])
        after = _read_all(reader, [b"page", b"page"])
    assert isinstance(crashed[0], FetchError) and crashed[0].reason == "extract_crashed"
    assert reader.counts["reader/worker_died"] == 2  # tried twice, each on a fresh pool
    assert all(isinstance(r, tuple) for r in first + after)
    assert first[0][0].text.split()[0] != after[0][0].text.split()[0]  # a new worker


def test_workers_are_recycled_after_so_many_pages():
    with PageReader(workers=1, recycle_after=3, read=_pid_read) as reader:
        pids = [r.text.split()[0] for b in range(7)
                for r, _ in _read_all(reader, [b"page"])]
    assert reader.counts["reader/recycled"] == 2
    assert len(set(pids[:3])) == 1 and len(set(pids)) == 3


CHILD = textwrap.dedent("""
    import asyncio, sys, time
    from pipeline.page_reader import PageReader
    reader = PageReader(workers=2)
    page = open(sys.argv[1], "rb").read()
    async def go():
        await asyncio.gather(*(reader.read(page, "http://127.0.0.1/a.html", None, None)
                               for _ in range(4)))
    asyncio.run(go())
    print("ready", flush=True)
    time.sleep(600)
""")


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == str(pid):
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_workers_exit_when_the_parent_is_killed(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(page)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        workers = {p for p in _children(proc.pid)
                   if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()}
        assert len(workers) == 2
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers), "a worker outlived its parent"
    finally:
        proc.kill()
        proc.wait()
