#!/usr/bin/env bash
# `make run`: migrate, load the sample mission into an empty database, then serve
# Jisr on http://127.0.0.1:8000 with one background worker beside the web server.
set -euo pipefail
export JISR_DEBUG=${JISR_DEBUG:-1}
jisr=.venv/bin/jisr
mkdir -p "$JISR_DATA_DIR"
$jisr migrate --no-input -v0
$jisr sample-mission --if-empty
$jisr sample-activity --if-empty --publish
$jisr db_worker --queue-name '*' &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Jisr: http://127.0.0.1:8000/  (stop with Ctrl-C)"
$jisr runserver 127.0.0.1:8000 --noreload
