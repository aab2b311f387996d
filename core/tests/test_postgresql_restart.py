"""PostgreSQL restarted under load: requests meanwhile get the "service unavailable" page (503),
never a stack trace, and the running site recovers by itself once the server is back.

The test starts a throwaway PostgreSQL cluster of its own (initdb, pg_ctl) so it can stop it."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

from core.tests.test_backup_restore import postgresql_only
from notifications.tests.smtp import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 4
# Two pages that read the database, and the stylesheet the "unavailable" page itself needs.
PAGES = ["/", "/healthz", "/brand.css"]


def postgresql_programs() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class ThrowawayCluster:
    """A PostgreSQL server in a temporary folder, run as the postgres user when we are root
    (initdb refuses root)."""

    def __init__(self, programs: Path) -> None:
        self.programs = programs
        self.folder = Path(tempfile.mkdtemp(prefix="familyhubs-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def run(self, program: str, *args: str) -> None:
        command = [str(self.programs / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                 "-w", "start")  # fmt: skip

    def stop(self) -> None:
        # "fast": what a restart does to the server's clients (their sessions are ended).
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Answer:
    path: str
    status: int
    body: str
    started: float
    finished: float


def get(handler: WSGIHandler, path: str) -> Answer:
    """One request through the real WSGI handler (with its request_started and request_finished
    signals, as under gunicorn)."""
    started = time.monotonic()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "https",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
    }
    status = []
    response = handler(environ, lambda line, headers: status.append(int(line.split()[0])))
    body = b"".join(response).decode()
    response.close()
    return Answer(path, status[0], body, started, time.monotonic())


@pytest.fixture
def throwaway_cluster():
    postgresql_only()
    programs = postgresql_programs()
    if programs is None:
        pytest.skip("No PostgreSQL server programs under /usr/lib/postgresql/*/bin")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("initdb refuses root, and there is no runuser to run it as postgres")
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        if os.geteuid() == 0:
            pytest.skip("initdb refuses root, and there is no postgres user to run it as")
    cluster = ThrowawayCluster(programs)
    try:
        cluster.create()
        # The same tables as the test database, empty.
        schema = subprocess.run(
            [
                "pg_dump",
                "--schema-only",
                "--no-owner",
                f"--dbname={database_url(connection.settings_dict)}",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        ).stdout
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(cluster.port),
             "-U", "postgres", "-d", "postgres"],
            input=schema, check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        yield cluster
    finally:
        cluster.remove()


def database_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def visitor(handler: WSGIHandler, answers: list[Answer], stop: threading.Event) -> None:
    """A worker thread of the running site, serving one request after another."""
    try:
        while not stop.is_set():
            for page in PAGES:
                answers.append(get(handler, page))
            time.sleep(0.02)
    finally:
        connections.close_all()


def wait_for_answers(answers: list[Answer], since: float) -> None:
    """Until the visitors have finished a few rounds of requests started after `since`."""
    deadline = time.monotonic() + 20
    while sum(a.started >= since for a in answers) < 2 * THREADS * len(PAGES):
        assert time.monotonic() < deadline, "the site stopped answering"
        time.sleep(0.05)


def test_a_postgresql_restart_under_load_gives_503s_then_the_site_recovers_by_itself(
    throwaway_cluster,
):
    began = time.monotonic()
    site_database = connections.settings["default"]
    saved = dict(site_database)
    answers: list[Answer] = []
    stop = threading.Event()
    # Every connection the site's threads open from now on goes to the throwaway server.
    site_database.update(
        HOST="127.0.0.1", PORT=str(throwaway_cluster.port), NAME="postgres", USER="postgres",
        PASSWORD="",
    )  # fmt: skip
    try:
        assert site_database["CONN_HEALTH_CHECKS"] is True
        assert site_database["CONN_MAX_AGE"] > 0, "connections should outlive a request"
        handler = WSGIHandler()
        visitors = [
            threading.Thread(target=visitor, args=(handler, answers, stop)) for _ in range(THREADS)
        ]
        for thread in visitors:
            thread.start()
        # Each phase lasts until every thread has served some requests in it.
        wait_for_answers(answers, since=began)
        stopping = time.monotonic()
        throwaway_cluster.stop()
        stopped = time.monotonic()
        wait_for_answers(answers, since=stopped)
        restarting = time.monotonic()
        throwaway_cluster.start()
        back = time.monotonic()
        wait_for_answers(answers, since=back)
        stop.set()
        for thread in visitors:
            thread.join(timeout=30)
    finally:
        stop.set()
        site_database.clear()
        site_database.update(saved)

    # Requests in flight while the server stops may go either way; the rest may not.
    stylesheets = [a for a in answers if a.path == "/brand.css"]
    assert stylesheets and {a.status for a in stylesheets} == {200}
    answers = [a for a in answers if a.path != "/brand.css"]
    before = [a for a in answers if a.finished < stopping]
    while_down = [a for a in answers if stopped <= a.started and a.finished < restarting]
    after = [a for a in answers if a.started >= back]
    assert before and while_down and after
    assert {a.status for a in before} == {200}
    assert {a.status for a in while_down} == {503}
    assert {a.status for a in after} == {200}, "the site did not recover by itself"
    assert {a.status for a in answers} <= {200, 503}
    for answer in answers:
        assert "Traceback" not in answer.body
        if answer.status == 503 and answer.path == "/":
            assert (
                '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>' in answer.body
            )
        if answer.status == 503 and answer.path == "/healthz":
            assert answer.body == '{"status": "error", "database": "unreachable"}'
    assert time.monotonic() - began < 60
