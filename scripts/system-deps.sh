#!/usr/bin/env bash
# Installs the Debian packages Jisr needs, only when something is missing.
#   scripts/system-deps.sh run   what serving needs: gettext (catalogs), fonts for PDFs
#   scripts/system-deps.sh test  also Chromium (browser tests) and poppler (reading PDFs)
set -euo pipefail
purpose=${1:-test}
missing=()
# Read the font list once: `fc-list | grep -q` would die of SIGPIPE under pipefail.
fonts=$(fc-list : family 2>/dev/null || true)
command -v msgfmt >/dev/null || missing+=(gettext)
grep -qi "Noto Naskh Arabic" <<<"$fonts" || missing+=(fonts-noto-core)
grep -qi "DejaVu Sans" <<<"$fonts" || missing+=(fonts-dejavu-core)
if [ "$purpose" = test ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
