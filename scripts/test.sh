#!/usr/bin/env bash
# Sets up everything and runs the whole test suite: lint, then pytest (unit, database, browser).
# Uses SQLite unless DATABASE_URL points at PostgreSQL. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh

# Browser tests drive Debian's Chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium from Debian's packages for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "Could not install Chromium." >&2
  else
    echo "Chromium is not installed: install Debian's 'chromium' package or set CHROMIUM_PATH." >&2
  fi
fi

# The ORUK tests validate against the official HSDS 3.0 files, kept outside this repository.
hsds_dir="${HSDS_DIR:-../shared/hsds}"
if [ ! -f "$hsds_dir/schema/openapi.json" ]; then
  echo "The HSDS 3.0 reference files are not at $hsds_dir: clone next to shared/ or set HSDS_DIR." >&2
  exit 1
fi
export HSDS_DIR="$(cd "$hsds_dir" && pwd)"

.venv/bin/ruff check .
.venv/bin/ruff format --check .

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "FAILED: no tests were collected. The suite must run tests to pass." >&2
  exit 1
fi
exit "$status"
