"""The README's first command, run as written in a fresh clone, serves the platform with the demo data."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 600  # a fresh clone installs every package before it serves


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (REPO / "README.md").read_text(), flags=re.S)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def commands_in_session(session_id: int) -> list[str]:
    """The command lines of every process in a session (Linux /proc)."""
    commands = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue  # not a process, or it ended while we looked
        # Fields after the command name in brackets: state, ppid, pgrp, session, ...
        if int(stat.rsplit(")", 1)[1].split()[3]) == session_id:
            commands.append(command)
    return commands


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the quick start always uses its embedded SQLite database; run once, on the SQLite pass",
)
def test_readme_first_command_serves_the_demo_in_a_fresh_clone(tmp_path):
    first, second = readme_commands()[:2]
    assert first.strip() == "./scripts/run.sh"
    assert second.strip() == "./scripts/test.sh"

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "VIRTUAL_ENV"}}
    env["FAMILYHUBS_PORT"] = str(port)
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        ["bash", "-c", first],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body = fetch(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                time.sleep(2)
        assert status == 200, (tmp_path / "server.log").read_text()[-3000:]
        assert '"database": "ok"' in body
        # An expectant parent in Tilbury searches, as the parents' site lets them.
        status, results = fetch(f"http://127.0.0.1:{port}/find/?where=Tilbury&child=expecting")
        assert status == 200
        assert "Time for you and baby too" in results
        status, hub = fetch(f"http://127.0.0.1:{port}/hubs/tilbury/")
        assert "Time for you and baby too" in hub
        # One background worker: an autoreloading db_worker is two processes, and every task
        # would be claimed by whichever of them polled first.
        workers = [c for c in commands_in_session(server.pid) if "manage.py db_worker" in c]
        assert len(workers) == 1, workers
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
