#!/usr/bin/env bash
# Sets up everything the platform needs, from nothing: a virtual environment with the pinned
# Python packages, and the GOV.UK Frontend assets built from the pinned npm packages.
# Safe to run again: it only reinstalls when a lock file has changed.
set -euo pipefail
cd "$(dirname "$0")/.."

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate" && { command -v "$candidate"; return; }
  done
  # pyenv installs versions side by side without putting them all on PATH.
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    [ -x "$candidate" ] && python_ok "$candidate" && { echo "$candidate"; return; }
  done
  echo "Family Hubs needs Python 3.12 or newer (Django 6 requires it). Install it, or set PYTHON=/path/to/python3.12." >&2
  exit 1
}

stamp_matches() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
  rm -rf .venv
  "$(find_python)" -m venv .venv
fi

python_lock="$(sha256sum requirements/lock.txt pyproject.toml | sha256sum | cut -c1-64)"
if ! stamp_matches .venv/.lock-stamp "$python_lock"; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements/lock.txt
  echo "$python_lock" > .venv/.lock-stamp
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "Family Hubs needs Node.js and npm to install GOV.UK Frontend." >&2
  exit 1
fi
npm_lock="$(sha256sum package-lock.json frontend/scss/*.scss frontend/*.mjs | sha256sum | cut -c1-64)"
if ! stamp_matches node_modules/.build-stamp "$npm_lock" || [ ! -f familyhubs/static/build/application.css ]; then
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent build
  echo "$npm_lock" > node_modules/.build-stamp
fi
