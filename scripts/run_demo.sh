#!/usr/bin/env bash
# `make run`: serve corpora/site on a free loopback port, crawl + extract it into $DB,
# print the facts table, and stop the server whatever happens.
set -euo pipefail
BIN=${BIN:-.venv/bin}
DB=${DB:-data/newsfacts.db}
log=$(mktemp)
"$BIN/newsfacts" serve-demo --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    base=$(head -n 1 "$log")
    [[ $base == http* ]] && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
[[ ${base:-} == http* ]] || { echo "demo server did not start" >&2; cat "$log" >&2; exit 1; }
echo "demo site at $base"
"$BIN/newsfacts" run --sources corpora/site/sources.toml --base-url "$base" --db "$DB"
