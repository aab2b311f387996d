"""`manage.py backup` while the site writes, wipe, `manage.py restore`: every family, booking and
audit row is back, and restore never replaces data by surprise or from the wrong file."""

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record
from bookings import services
from bookings.tests.factories import bookable_schedule, next_friday_at_ten, parent_with_child
from core.backups import COUNTED_TABLES
from families.models import Family

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = list(COUNTED_TABLES.values())
WRITER = "audit.writer"


def families_with_bookings(count: int = 3) -> None:
    """Families, each with a booking and audit rows (the booking's and a staff read)."""
    occurrence = services.occurrence_for(bookable_schedule(capacity=10), next_friday_at_ten())
    for _ in range(count):
        adult, child = parent_with_child()
        services.book(adult.family, occurrence.pk, [child], by=adult.user)
        record(adult.user, "view", adult.family)


def rows(cursor, table: str) -> list[tuple]:
    cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
    return [tuple(row) for row in cursor.fetchall()]


def all_rows(using: str = "default") -> dict[str, list[tuple]]:
    with connections[using].cursor() as cursor:
        return {table: rows(cursor, table) for table in TABLES}


def writer_ids(cursor) -> list[int]:
    """The audit rows the busy writer made, in order (a DB-API cursor of either database)."""
    cursor.execute(f"SELECT id FROM audit_auditevent WHERE object_type = '{WRITER}' ORDER BY id")  # noqa: S608
    return [row[0] for row in cursor.fetchall()]


def assert_restored(before: dict[str, list[tuple]], restored: dict[str, list[tuple]]) -> None:
    """Every row written before the backup began is back as it was."""
    for table, table_rows in before.items():
        assert table_rows, f"the test wrote no {table} rows"
        assert set(table_rows) <= set(restored[table]), f"{table} rows are missing"


@pytest.fixture(autouse=True)
def postgresql_client_programs():
    if connection.vendor == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("The PostgreSQL client programs (pg_dump, pg_restore) are not installed")


def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's online backup (the PostgreSQL test covers pg_dump)")


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: run with DATABASE_URL=postgres://...")


def manage(*args: str, var_dir: Path) -> subprocess.CompletedProcess:
    """manage.py in its own process, on the SQLite database in `var_dir`, as an operator runs it."""
    environment = {**os.environ, "FAMILYHUBS_VAR_DIR": str(var_dir)}
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


WRITER_SCRIPT = f"""
import itertools
from audit.models import AuditEvent
for n in itertools.count():
    AuditEvent.objects.create(action="view", object_type="{WRITER}", object_id=str(n))
"""


def test_sqlite_backup_while_the_site_writes_then_wipe_and_restore_brings_every_row_back(
    tmp_path,
):
    sqlite_only()
    families_with_bookings()
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    live = var_dir / "familyhubs.sqlite3"
    # The site's database file: this test's families, bookings and audit rows, fully migrated.
    with sqlite3.connect(live) as file_database:
        connection.connection.backup(file_database)
    with sqlite3.connect(live) as file_database:
        before = {table: rows(file_database.cursor(), table) for table in TABLES}

    environment = {**os.environ, "FAMILYHUBS_VAR_DIR": str(var_dir)}
    environment.pop("DATABASE_URL", None)
    writer = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--command", WRITER_SCRIPT],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        with sqlite3.connect(f"file:{live}?mode=ro", uri=True) as watcher:
            while len(writer_ids(watcher.cursor())) < 20:
                assert writer.poll() is None, writer.stderr.read().decode()
                assert time.monotonic() < deadline, "the writer never wrote"
                time.sleep(0.1)
        backed_up = manage("backup", str(tmp_path / "backup.sqlite3"), var_dir=var_dir)
        assert writer.poll() is None, "the writer stopped while the backup ran"
    finally:
        writer.terminate()
        writer.wait(timeout=30)
    assert backed_up.returncode == 0, backed_up.stderr
    assert f"Backed up the database to {tmp_path / 'backup.sqlite3'}, holding 3 families" in (
        backed_up.stdout
    )
    with sqlite3.connect(live) as file_database:
        written_by_then = writer_ids(file_database.cursor())

    for leftover in var_dir.glob("familyhubs.sqlite3*"):
        leftover.unlink()
    restored = manage("restore", str(tmp_path / "backup.sqlite3"), "--no-input", var_dir=var_dir)

    assert restored.returncode == 0, restored.stderr
    assert f"Restored {tmp_path / 'backup.sqlite3'} into the database {live}." in restored.stdout
    assert "It now holds 3 families, 3 bookings, " in restored.stdout
    with sqlite3.connect(live) as file_database:
        after = {table: rows(file_database.cursor(), table) for table in TABLES}
        restored_writes = writer_ids(file_database.cursor())
        (integrity,) = file_database.execute("PRAGMA integrity_check").fetchone()
    assert integrity == "ok"
    assert_restored(before, after)
    # One consistent moment: the writer's rows up to some point, with no gaps.
    assert len(restored_writes) >= 20
    assert restored_writes == written_by_then[: len(restored_writes)]


@pytest.mark.postgres
def test_postgresql_backup_while_the_site_writes_then_wipe_and_restore_brings_every_row_back(
    tmp_path,
):
    postgresql_only()
    families_with_bookings()
    before = all_rows()
    stop = threading.Event()
    errors: list[BaseException] = []

    def write_audit_rows() -> None:
        try:
            n = 0
            while not stop.is_set():
                AuditEvent.objects.create(action="view", object_type=WRITER, object_id=str(n))
                n += 1
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write_audit_rows)
    writer.start()
    try:
        while AuditEvent.objects.filter(object_type=WRITER).count() < 20:
            assert writer.is_alive(), errors
            time.sleep(0.05)
        call_command("backup", str(tmp_path / "backup.pgdump"), stdout=(output := StringIO()))
        assert writer.is_alive(), errors
    finally:
        stop.set()
        writer.join(timeout=30)
    assert errors == []
    assert f"Backed up the database to {tmp_path / 'backup.pgdump'}." in output.getvalue()
    with connection.cursor() as cursor:
        written_by_then = writer_ids(cursor)

    call_command("flush", interactive=False)
    assert all_rows() == {table: [] for table in TABLES}
    call_command("restore", str(tmp_path / "backup.pgdump"), interactive=False, stdout=output)

    assert "It now holds 3 families, 3 bookings, " in output.getvalue()
    assert_restored(before, all_rows())
    with connection.cursor() as cursor:
        restored_writes = writer_ids(cursor)
    assert len(restored_writes) >= 20
    assert restored_writes == written_by_then[: len(restored_writes)]


def test_restore_will_not_replace_a_database_that_holds_data_unless_told_to(tmp_path, monkeypatch):
    families_with_bookings(1)
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    families_with_bookings(1)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), interactive=False)
    assert str(refused.value).startswith(
        "Nothing was restored. The database holds 2 families, 2 bookings, "
    )
    assert str(refused.value).endswith(
        f"Restoring {backup} replaces all of it. Add --force to go ahead."
    )
    monkeypatch.setattr("builtins.input", lambda question: "no")
    with pytest.raises(CommandError, match=r"^Nothing was restored\.$"):
        call_command("restore", str(backup))
    assert Family.objects.count() == 2

    monkeypatch.setattr("builtins.input", lambda question: "yes")
    call_command("restore", str(backup), stdout=(output := StringIO()))
    assert Family.objects.count() == 1
    assert "It now holds 1 families, 1 bookings, " in output.getvalue()
    assert "What it held before (2 families, 2 bookings, " in output.getvalue()


def test_restore_refuses_files_that_are_not_family_hubs_backups(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Not a backup")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(notes), force=True)
    assert str(refused.value) in {
        f"Nothing was restored. {notes} is damaged or is not an SQLite database.",
        f"Nothing was restored. {notes} is not a PostgreSQL backup made by pg_dump.",
    }
    with pytest.raises(CommandError, match=r"^Nothing was restored\. There is no file at "):
        call_command("restore", str(tmp_path / "missing"), force=True)


def test_restore_refuses_an_sqlite_database_of_another_application(tmp_path):
    sqlite_only()
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as database:
        database.execute("CREATE TABLE django_migrations (app, name, applied)")
        database.execute("INSERT INTO django_migrations VALUES ('blog', '0001_initial', '')")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(other), force=True)
    assert str(refused.value) == (
        f"Nothing was restored. {other} is not a Family Hubs backup: it has no tables for "
        "audit, bookings, directory, families, notifications."
    )


def test_restore_refuses_a_backup_from_a_newer_version(tmp_path):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["families", "9999_from_the_future", timezone.now()],
        )
    try:
        call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE name = '9999_from_the_future'")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "backup"), force=True)
    assert "comes from a newer version of Family Hubs than this one" in str(refused.value)


def test_backup_never_overwrites_a_file(tmp_path):
    yesterday = tmp_path / "backup"
    yesterday.write_text("Yesterday's backup")
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(yesterday))
    assert str(refused.value) == (
        f"No backup was made. {yesterday} already exists: choose a new file name."
    )
    assert yesterday.read_text() == "Yesterday's backup"


def test_a_backup_can_be_read_by_its_owner_only(tmp_path):
    families_with_bookings(1)
    call_command("backup", str(tmp_path / "backups" / "today"), stdout=StringIO())
    assert (tmp_path / "backups" / "today").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    assert list((tmp_path / "backups").iterdir()) == [tmp_path / "backups" / "today"]
