"""Take the README's screenshots of the network and timeline pages (`make screenshots`).

Serves the store with `newsfacts serve` on a free loopback port, opens the pages in
Debian's headless chromium through Playwright, points at the TikTok -> Microsoft arrow so
its tooltip shows, and writes docs/network.png and docs/timeline.png.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/-/versions.json", timeout=2).is_success:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("newsfacts serve did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "newsfacts.db")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("screenshots: chromium is missing; run `make browser` (as root)", file=sys.stderr)
        return 1
    if not args.db.exists():
        print(f"screenshots: {args.db} does not exist; run `make run` first", file=sys.stderr)
        return 1
    port = free_port()
    proc = serve(args.db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as pw:
            chrome = pw.chromium.launch(executable_path=browser, args=["--no-sandbox"])
            page = chrome.new_page(viewport={"width": 1240, "height": 1000},
                                   device_scale_factor=1)
            page.goto(f"{base}/-/graph")
            page.hover("g.nf-payment[data-payer='TikTok'] .nf-label")
            page.wait_for_selector(".nf-tooltip:not([hidden])")
            page.screenshot(path=str(args.out / "network.png"), full_page=True)
            page.goto(f"{base}/-/timeline")
            page.screenshot(path=str(args.out / "timeline.png"), full_page=True)
            chrome.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    for name in ("network.png", "timeline.png"):
        print(f"screenshots: wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
