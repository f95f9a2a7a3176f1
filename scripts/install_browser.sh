#!/usr/bin/env bash
# Install Debian's chromium for tests/test_browser.py when it is missing (idempotent).
# Needs root (CI runs as root); without root it says what to run and exits 0, and the
# browser test then skips with that reason.
set -euo pipefail
for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
        echo "browser: $(command -v "$name") present"
        exit 0
    fi
done
if [[ $(id -u) -ne 0 ]]; then
    echo "browser: chromium missing; run as root: apt-get update && apt-get install -y chromium" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium
command -v chromium
