"""Production settings come from the environment and pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

REPO = Path(__file__).resolve().parents[2]


def manage(*args: str, var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process, on an empty SQLite database of its own: never the
    developer's local one, which holds the demo's staff after `scripts/run.sh`."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    environment.update(env, FAMILYHUBS_VAR_DIR=str(var_dir))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        var_dir=tmp_path,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="familyhubs.example.gov.uk",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage(
        "check", var_dir=tmp_path, DEBUG="false", ALLOWED_HOSTS="familyhubs.example.gov.uk"
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY when DEBUG is off." in result.stderr
