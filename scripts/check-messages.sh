#!/usr/bin/env bash
# Fails when a translatable string in the code is missing from the French or Arabic
# catalog, or when a catalog entry is untranslated or fuzzy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d -t jisr-messages.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$root/src/jisr" "$work/jisr"
cd "$work/jisr"
JISR_DEBUG=1 "$root/.venv/bin/django-admin" makemessages -l fr -l ar --no-obsolete \
  --ignore 'engine/*' --ignore 'settings_test.py' -v0
status=0
for language in fr ar; do
  catalog=locale/$language/LC_MESSAGES/django.po
  untranslated=$(msgattrib --untranslated --no-wrap "$catalog" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-wrap "$catalog" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry too when anything is listed.
  if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "The $language catalog needs work (run 'make messages', then translate):" >&2
    msgattrib --untranslated --no-wrap "$catalog" | grep '^msgid ' | grep -v '^msgid ""$' >&2 || true
    msgattrib --only-fuzzy --no-wrap "$catalog" | grep '^msgid ' | grep -v '^msgid ""$' >&2 || true
    status=1
  fi
done
exit $status
