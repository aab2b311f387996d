#!/usr/bin/env bash
# Sets up and runs Family Hubs on http://127.0.0.1:8000 with an embedded SQLite database and demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py load_demo
# The background worker sends emails and reminders; it stops when the server does. One process:
# with DEBUG on, db_worker would otherwise run under Django's autoreloader, a parent and a child.
.venv/bin/python manage.py db_worker --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
port="${FAMILYHUBS_PORT:-8000}"
echo "Family Hubs is running on http://127.0.0.1:$port (press Ctrl+C to stop)."
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload
