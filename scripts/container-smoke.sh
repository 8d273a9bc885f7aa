#!/usr/bin/env bash
# `make container`: build the image from the Containerfile and smoke-test it: migrate
# into a SQLite file inside the container, serve with `jisr serve`, and check /healthz,
# /readyz, a translated page and a static file from outside. Exits non-zero on failure.
#
# Settings (environment):
#   JISR_CONTAINER_BASE   base image (default: debian:bookworm-slim from a registry).
#                         With JISR_CONTAINER_BASE=debootstrap the base is made here
#                         with debootstrap and `podman import` (no registry needed).
#   JISR_CONTAINER_CA     a CA bundle to mount while pip runs (a proxy with its own
#                         certificate); not kept in the image.
#   JISR_CONTAINER_TAG    image name (default localhost/jisr:latest).
# Needs podman (as root; the vfs storage driver works without overlay support). On hosts
# that forbid raising resource limits, the run lowers them (--ulimit).
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${JISR_CONTAINER_TAG:-localhost/jisr:latest}
base=${JISR_CONTAINER_BASE:-docker.io/library/debian:bookworm-slim}
podman=(podman --storage-driver "${JISR_CONTAINER_STORAGE:-vfs}" --cgroup-manager cgroupfs)
# crun refuses hosts whose cgroups are in hybrid mode; runc (apt-get install runc) runs.
run_podman=("${podman[@]}")
if command -v runc >/dev/null; then run_podman+=(--runtime runc); fi
command -v podman >/dev/null || { echo "podman not found (apt-get install podman)" >&2; exit 1; }

if [ "$base" = debootstrap ]; then
  base=localhost/jisr-base:bookworm
  if ! "${podman[@]}" image exists "$base"; then
    command -v debootstrap >/dev/null || { echo "debootstrap not found" >&2; exit 1; }
    rootfs=$(mktemp -d -t jisr-rootfs.XXXXXX)
    trap 'rm -rf "$rootfs"' EXIT
    echo "== debootstrap bookworm (minbase)"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
    tar -C "$rootfs" -c . | "${podman[@]}" import - "$base" >/dev/null
  fi
fi

build=(build --isolation chroot --network host --build-arg "BASE=$base" -t "$tag" -f Containerfile)
if [ -n "${JISR_CONTAINER_CA:-}" ]; then
  build+=(-v "$JISR_CONTAINER_CA:/run/ca.crt:ro" --build-arg PIP_CERT=/run/ca.crt)
fi
echo "== build $tag from $base"
start=$(date +%s)
"${podman[@]}" "${build[@]}" . >/dev/null
echo "built in $(( $(date +%s) - start )) s, $("${podman[@]}" image inspect "$tag" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
name=jisr-smoke-$$
cleanup_container() { "${podman[@]}" rm -f "$name" >/dev/null 2>&1 || true; }
trap 'cleanup_container; [ -n "${rootfs:-}" ] && rm -rf "$rootfs"' EXIT
echo "== run on 127.0.0.1:$port"
"${run_podman[@]}" run -d --name "$name" --network host \
  --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 \
  -e JISR_SECRET_KEY="smoke-$(python3 -c 'import secrets; print(secrets.token_urlsafe(40))')" \
  -e JISR_ALLOWED_HOSTS=127.0.0.1 -e JISR_HTTPS=0 -e JISR_BIND="127.0.0.1:$port" \
  -e JISR_DATABASE_URL=sqlite:////var/lib/jisr/jisr.sqlite3 \
  "$tag" sh -c 'jisr migrate -v0 && exec jisr serve --workers 1' >/dev/null

url=http://127.0.0.1:$port
for _ in $(seq 1 120); do
  curl -fs "$url/readyz" >/dev/null 2>&1 && break
  sleep 1
done
fail() { echo "FAIL: $*" >&2; "${podman[@]}" logs "$name" 2>&1 | tail -20 >&2; exit 1; }
[ "$(curl -s "$url/healthz")" = '{"status": "ok"}' ] || fail "/healthz"
curl -s "$url/readyz" | grep -q '"migrations": "applied"' || fail "/readyz"
page=$(curl -fs "$url/fr/") || fail "/fr/"
grep -q 'lang="fr"' <<<"$page" || fail "/fr/ is not in French"
css=$(grep -o 'href="/static/[^"]*\.css"' <<<"$page" | head -1 | cut -d'"' -f2)
[ -n "$css" ] && curl -fs -o /dev/null "$url$css" || fail "static file $css"
"${podman[@]}" logs "$name" 2>&1 | grep -q '"path": "/healthz"' || fail "no JSON request log"
echo "ok: /healthz, /readyz (migrated), /fr/ in French, $css, JSON request log"
