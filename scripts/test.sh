#!/usr/bin/env bash
# Runs the whole suite. Browser tests need Debian's chromium: without it they are skipped, loudly,
# unless COORDINATOR_REQUIRE_BROWSER=1 (set by .ci/run), which turns a missing browser into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
browser="${COORDINATOR_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$browser" ]; then
  if [ "${COORDINATOR_REQUIRE_BROWSER:-0}" = "1" ]; then
    echo "ERROR: Chromium not found at $browser and COORDINATOR_REQUIRE_BROWSER=1" >&2
    exit 1
  fi
  echo "############################################################################"
  echo "# WARNING: Chromium not found at $browser: browser (e2e) tests are SKIPPED. #"
  echo "# Install it with: apt-get install chromium fonts-noto-cjk                 #"
  echo "############################################################################"
fi
db="${COORDINATOR_DATABASE_URL:-sqlite (temporary files)}"
echo "make test: database = ${db%%@*}"
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
