#!/usr/bin/env bash
# `make cluster`: Jisr as it runs on several machines, on this one, all on loopback:
# PostgreSQL, N web processes (jisr serve: granian) behind nginx, M task workers, the sample mission.
#
#   scripts/cluster.sh start        start everything (creates the cluster on first use)
#   scripts/cluster.sh stop         stop everything (the data stays in $JISR_CLUSTER_DIR)
#   scripts/cluster.sh status       what runs, and /readyz through the proxy
#   scripts/cluster.sh env          the variables to point `jisr` commands at the cluster
#   scripts/cluster.sh web-stop N | web-start N | worker-stop N | worker-start N
#   scripts/cluster.sh pg-restart   restart PostgreSQL under the running processes
#   scripts/cluster.sh proxy-reload point nginx at JISR_CLUSTER_WEBS web processes
#   scripts/cluster.sh destroy      stop and delete the cluster's data
#
# Settings: JISR_CLUSTER_DIR (default ./data/cluster), JISR_CLUSTER_WEBS (2),
# JISR_CLUSTER_WORKERS (2), JISR_CLUSTER_BUYERS / JISR_CLUSTER_PROVIDERS (sample size,
# default 20 / 60), JISR_CLUSTER_THREADS (threads per web process, 1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=$(realpath -m "${JISR_CLUSTER_DIR:-$root/data/cluster}")
webs=${JISR_CLUSTER_WEBS:-2}
workers=${JISR_CLUSTER_WORKERS:-2}
jisr=$root/.venv/bin/jisr

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_bindir() {
  for candidate in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin /usr/local/bin; do
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"; return
    fi
  done
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql" >&2
  exit 1
}
need_nginx() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] && return
  if [ "$(id -u)" -ne 0 ]; then
    echo "nginx is missing (run: sudo apt-get install nginx-light)" >&2; exit 1
  fi
  echo "Installing Debian package: nginx-light"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
}
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
stop_pid() {  # stop_pid FILE [signal]: the process and its children, then forget it
  local file=$1 sig=${2:-TERM}
  if alive "$file"; then
    local pid; pid=$(cat "$file")
    kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

configure() {  # first use: ports, secret, PostgreSQL cluster
  mkdir -p "$dir"
  [ -f "$dir/cluster.env" ] && return
  local pg_port proxy_port secret
  pg_port=$(free_port); proxy_port=$(free_port)
  secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
  {
    echo "export JISR_DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/jisr"
    echo "export JISR_SECRET_KEY=$secret"
    echo "export JISR_ALLOWED_HOSTS=127.0.0.1,localhost"
    echo "export JISR_HTTPS=0"
    echo "export JISR_DEBUG=0"
    echo "export JISR_DATA_DIR=$dir/data"
    echo "export JISR_EMAIL_BACKEND=file"
    echo "export JISR_EMAIL_FILE_PATH=$dir/mail"
    echo "export JISR_SITE_URL=http://127.0.0.1:$proxy_port"
    echo "export JISR_DB_CONN_MAX_AGE=60"
    # Workers beat every 3 s; one silent for 15 s is taken for dead (production: 5 / 30).
    echo "export JISR_WORKER_HEARTBEAT=3"
    echo "export JISR_WORKER_STALE_AFTER=15"
    echo "JISR_CLUSTER_PG_PORT=$pg_port"
    echo "JISR_CLUSTER_PROXY_PORT=$proxy_port"
    for n in $(seq 1 8); do echo "JISR_CLUSTER_WEB_PORT_$n=$(free_port)"; done
  } >"$dir/cluster.env"
  mkdir -p "$dir/pg" "$dir/data" "$dir/mail"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir/pg"; fi
  as_owner "$(pg_bindir)/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
}
load_env() { set -a; . "$dir/cluster.env"; set +a; }

pg_start() {
  load_env
  if as_owner "$(pg_bindir)/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; then return; fi
  as_owner "$(pg_bindir)/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -o \
    "-p $JISR_CLUSTER_PG_PORT -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=off" \
    start >/dev/null
  psql_cmd="psql -h 127.0.0.1 -p $JISR_CLUSTER_PG_PORT -U postgres -tAq"
  $psql_cmd -c "SELECT 1 FROM pg_database WHERE datname = 'jisr'" | grep -q 1 ||
    $psql_cmd -c "CREATE DATABASE jisr" >/dev/null
}
pg_stop() {
  as_owner "$(pg_bindir)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}

web_start() {
  local n=$1 port_var="JISR_CLUSTER_WEB_PORT_$1"
  load_env
  alive "$dir/web-$n.pid" && return
  setsid "$jisr" serve --bind "127.0.0.1:${!port_var}" --workers 1 \
    --threads "${JISR_CLUSTER_THREADS:-1}" --pid "$dir/web-$n.server.pid" \
    >>"$dir/web-$n.log" 2>&1 </dev/null &
  echo $! >"$dir/web-$n.pid"
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "http://127.0.0.1:${!port_var}/healthz" 2>/dev/null && return
    alive "$dir/web-$n.pid" || { tail -5 "$dir/web-$n.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "web $n did not answer on port ${!port_var}" >&2; exit 1
}
web_stop() { stop_pid "$dir/web-$1.pid" "${2:-TERM}"; }

worker_start() {
  local n=$1
  load_env
  alive "$dir/worker-$n.pid" && return
  setsid "$jisr" db_worker --queue-name '*' --worker-id "worker-$n" --interval 0.5 \
    >>"$dir/worker-$n.log" 2>&1 </dev/null &
  echo $! >"$dir/worker-$n.pid"
}
worker_stop() { stop_pid "$dir/worker-$1.pid" "${2:-TERM}"; }

proxy_conf() {
  load_env
  local servers="" n port_var user_line=""
  for n in $(seq 1 "$webs"); do
    port_var="JISR_CLUSTER_WEB_PORT_$n"
    servers+="    server 127.0.0.1:${!port_var} max_fails=1 fail_timeout=5s;"$'\n'
  done
  if [ "$(id -u)" -eq 0 ]; then user_line="user root;"; fi
  mkdir -p "$dir/nginx"
  sed -e "s|@USER@|$user_line|" -e "s|@DIR@|$dir|g" -e "s|@PORT@|$JISR_CLUSTER_PROXY_PORT|" \
    -e "s|@STATIC@|$JISR_DATA_DIR/static|" -e "s|@MEDIA@|$JISR_DATA_DIR/media|" \
    "$root/scripts/cluster-nginx.conf" | awk -v servers="$servers" '{ if ($0 ~ /@SERVERS@/) printf "%s", servers; else print }' \
    >"$dir/nginx/nginx.conf"
}
proxy_start() {
  need_nginx
  proxy_conf
  if alive "$dir/nginx/nginx.pid"; then
    nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -s reload
  else
    nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
  fi
}
proxy_stop() {
  alive "$dir/nginx/nginx.pid" && nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" -s quit || true
  for _ in $(seq 1 50); do alive "$dir/nginx/nginx.pid" || break; sleep 0.1; done
}

start() {
  configure
  pg_start
  load_env
  cd "$root"
  $jisr migrate --no-input -v0
  $jisr collectstatic --no-input -v0
  $jisr sample-mission --if-empty --buyers "${JISR_CLUSTER_BUYERS:-20}" --providers "${JISR_CLUSTER_PROVIDERS:-60}"
  $jisr sample-activity --if-empty --publish
  for n in $(seq 1 "$webs"); do web_start "$n"; done
  for n in $(seq 1 "$workers"); do worker_start "$n"; done
  proxy_start
  echo "Jisr cluster: http://127.0.0.1:$JISR_CLUSTER_PROXY_PORT/  ($webs web, $workers workers, PostgreSQL on port $JISR_CLUSTER_PG_PORT; data in $dir)"
  echo "Stop with: scripts/cluster.sh stop"
}
stop() {
  [ -f "$dir/cluster.env" ] || return 0
  proxy_stop
  for f in "$dir"/web-*.pid; do [ -e "$f" ] && [[ $f != *server.pid ]] && stop_pid "$f"; done
  for f in "$dir"/worker-*.pid; do [ -e "$f" ] && stop_pid "$f"; done
  pg_stop
}
status() {
  [ -f "$dir/cluster.env" ] || { echo "no cluster in $dir"; return 1; }
  load_env
  for f in "$dir"/web-*.pid "$dir"/worker-*.pid "$dir/nginx/nginx.pid"; do
    [ -e "$f" ] || continue
    [[ $f == *server.pid ]] && continue
    if alive "$f"; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"; else echo "$(basename "$f" .pid): stopped"; fi
  done
  curl -sS "http://127.0.0.1:$JISR_CLUSTER_PROXY_PORT/readyz" && echo
}

case ${1:-start} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) configure; cat "$dir/cluster.env" ;;
  web-start) web_start "$2" ;;
  web-stop) web_stop "$2" "${3:-TERM}" ;;
  worker-start) worker_start "$2" ;;
  worker-stop) worker_stop "$2" "${3:-TERM}" ;;
  pg-restart) load_env; as_owner "$(pg_bindir)/pg_ctl" -D "$dir/pg/data" -m fast -w restart >/dev/null ;;
  proxy-reload) proxy_start ;;
  destroy) stop; rm -rf "$dir" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
