#!/usr/bin/env bash
# Checks the pinned Python packages against the known-vulnerability records PyPI publishes.
# Fails on any known vulnerability. Where PyPI's per-release records cannot be reached (some
# networks, including this project's CI machine, reach only the package index), it says so and
# does not pretend to have checked.
set -euo pipefail
cd "$(dirname "$0")/.."

probe="https://pypi.org/pypi/django/$(grep -m1 -i '^django==' requirements/lock.txt | cut -d= -f3 | cut -d' ' -f1)/json"
if ! .venv/bin/python - "$probe" <<'PY' >/dev/null 2>&1
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as answer:
    assert "vulnerabilities" in json.load(answer)
PY
then
  echo "Vulnerability audit NOT run: PyPI's vulnerability records ($probe) cannot be reached from here."
  exit 0
fi
tools=.venv-tools
[ -x "$tools/bin/pip-audit" ] || { .venv/bin/python -m venv "$tools" && "$tools/bin/pip" install --quiet pip-audit; }
"$tools/bin/pip-audit" --requirement requirements/lock.txt --require-hashes --disable-pip --vulnerability-service pypi
