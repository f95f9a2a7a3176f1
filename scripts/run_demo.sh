#!/usr/bin/env bash
# `make run`: serve corpora/site on 127.0.0.1:$DEMO_PORT, crawl + extract it into $DB,
# print the facts table, and stop the server whatever happens. A fixed port keeps the
# demo's URLs stable, so running it again re-crawls with conditional GETs (304s) and
# the facts keep their article counts.
set -euo pipefail
BIN=${BIN:-.venv/bin}
DB=${DB:-data/newsfacts.db}
PORT=${DEMO_PORT:-8765}
log=$(mktemp)
"$BIN/newsfacts" serve-demo --port "$PORT" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    base=$(head -n 1 "$log")
    [[ $base == http* ]] && break
    if ! kill -0 "$server" 2>/dev/null; then
        cat "$log" >&2
        echo "make run: could not serve the demo site on port $PORT; try DEMO_PORT=8766 make run" >&2
        exit 1
    fi
    sleep 0.1
done
[[ ${base:-} == http* ]] || { echo "demo server did not start" >&2; cat "$log" >&2; exit 1; }
echo "demo site at $base"
"$BIN/newsfacts" run --sources corpora/site/sources.toml --base-url "$base" --db "$DB"
