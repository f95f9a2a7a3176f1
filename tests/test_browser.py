"""A real headless Chromium opens the served store: a canned query page shows TikTok -> Microsoft."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_cli_serve import build_store, served

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    """The chromium binary; installed with scripts/install_browser.sh when missing (root)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found and os.geteuid() == 0:
        subprocess.run(["bash", str(ROOT / "scripts" / "install_browser.sh")], check=False)
        found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("chromium is not installed and cannot be installed here (not root); "
                    "run scripts/install_browser.sh as root")
    return found


def browse(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile.mkdir()
    return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)


def test_canned_query_page_renders_the_tiktok_row(tmp_path):
    binary = chromium()
    db = build_store(tmp_path / "knowledge.db")
    with served(db) as base:
        url = f"{base}/knowledge/who_pays?vendor=Microsoft"
        dom = browse(binary, tmp_path / "p1", "--dump-dom", url).stdout
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "who_pays_microsoft.png"
        shot.unlink(missing_ok=True)
        browse(binary, tmp_path / "p2", f"--screenshot={shot}", "--window-size=1280,900", url)
    soup = BeautifulSoup(dom, "html.parser")
    # the first text of a cell: company cells also hold a link to the company's network
    rows = [{td["class"][0]: next(td.stripped_strings, "") for td in tr.find_all("td")}
            for tr in soup.select("table.rows-and-columns tbody tr")]
    assert [(r["col-payer"], r["col-payee"], r["col-period"]) for r in rows] == \
        [("TikTok", "Microsoft", "month")]
    assert "Who pays a given vendor" in soup.get_text()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
