#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb on a spare port,
# JISR_DATABASE_URL pointing at it, and the cluster stopped and deleted at the end.
set -euo pipefail
bindir=""
for candidate in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin /usr/local/bin; do
  if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
    bindir=$candidate
    break
  fi
done
[ -n "$bindir" ] || { echo "PostgreSQL server binaries (initdb, pg_ctl) not found" >&2; exit 1; }

cluster=$(mktemp -d -t jisr-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$cluster"; fi
cleanup() {
  as_owner "$bindir/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap cleanup EXIT

as_owner "$bindir/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
  -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
echo "Throwaway PostgreSQL on 127.0.0.1:$port"
export JISR_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
