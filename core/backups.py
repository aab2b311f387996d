"""Backing up and restoring the whole database, for `manage.py backup` and `manage.py restore`.

SQLite: the online backup API copies a consistent snapshot while the site keeps serving (WAL lets
writers carry on), into one self-contained file. PostgreSQL: `pg_dump --format=custom` and
`pg_restore --clean --single-transaction`, so a restore is all or nothing.
"""

import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# A Family Hubs database has applied these apps' migrations; any other database is refused.
FAMILY_HUBS_APPS = {"directory", "families", "bookings", "audit", "notifications"}
# What the commands count, so people can see the backup holds what they expect.
COUNTED_TABLES = {
    "families": "families_family",
    "bookings": "bookings_booking",
    "audit events": "audit_auditevent",
}


class BackupError(Exception):
    """Something a person must put right; the message says what."""


@dataclass(frozen=True)
class BackupContents:
    """What a backup (or the live database) holds: its migrations, and rows per counted table
    (empty for a pg_dump archive, whose rows are only counted once restored)."""

    counts: dict[str, int]
    migrations: frozenset[tuple[str, str]]

    def describe(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


def default_backup_path(using: str, directory: Path, stamp: str) -> Path:
    suffix = "sqlite3" if connections[using].vendor == "sqlite" else "pgdump"
    return directory / f"familyhubs-{stamp}.{suffix}"


def back_up(destination: Path, using: str = "default") -> BackupContents:
    """Write a backup of the database to `destination` (which must not exist yet) and check it.

    The file appears only once it is complete: it is written beside the destination first."""
    if destination.exists():
        raise BackupError(f"{destination} already exists: choose a new file name.")
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    # A backup holds every family's personal data: only its owner may read it.
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    connection = connections[using]
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        elif connection.vendor == "postgresql":
            _run(
                ["pg_dump", "--format=custom", f"--file={partial}", *_pg_args(connection)],
                connection,
            )
        else:
            raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
        contents = inspect_backup(partial, using)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(destination)
    return contents


def inspect_backup(source: Path, using: str = "default") -> BackupContents:
    """What the backup file holds; BackupError if it is damaged or not a Family Hubs backup."""
    if not source.is_file():
        raise BackupError(f"There is no file at {source}.")
    if connections[using].vendor == "sqlite":
        contents = _inspect_sqlite_backup(source)
    else:
        contents = _inspect_pg_backup(source, connections[using])
    missing = FAMILY_HUBS_APPS - {app for app, _ in contents.migrations}
    if missing:
        raise BackupError(
            f"{source} is not a Family Hubs backup: it has no tables for {', '.join(sorted(missing))}."
        )
    return contents


def database_contents(using: str = "default") -> BackupContents:
    """What the live database holds (nothing, if it has never been migrated)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts = {}
        for name, table in COUNTED_TABLES.items():
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[name] = cursor.fetchone()[0]
            else:
                counts[name] = 0
        migrations: set[tuple[str, str]] = set()
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = set(cursor.fetchall())
    return BackupContents(counts, frozenset(migrations))


def holds_data(contents: BackupContents) -> bool:
    return bool(contents.migrations) and any(contents.counts.values())


def restore(source: Path, using: str = "default") -> BackupContents:
    """Replace everything in the database with the backup; returns what the database now holds.

    Callers check the file first (`inspect_backup`) and ask before replacing data."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            # Copies every page in one step and commits once: other connections see the old
            # database or the restored one, never a mixture.
            backup.backup(connection.connection)
        finally:
            backup.close()
    else:
        # Our own connection must hold no locks while pg_restore drops and recreates the tables.
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *_pg_args(connection),
                str(source),
            ],
            connection,
        )
    connection.close()
    return database_contents(using)


def _sqlite_backup(connection: BaseDatabaseWrapper, destination: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        # One step (pages=-1): a single read transaction, so the copy is one consistent snapshot,
        # and the site's writers carry on meanwhile (WAL).
        connection.connection.backup(target, pages=-1)
        # One self-contained file, with no -wal beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def _inspect_sqlite_backup(source: Path) -> BackupContents:
    try:
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{source} cannot be opened as an SQLite database.") from error
    try:
        (integrity,) = backup.execute("PRAGMA integrity_check").fetchone()
        if integrity != "ok":
            raise BackupError(f"{source} is damaged (SQLite's integrity check: {integrity}).")
        tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
        if "django_migrations" not in tables:
            raise BackupError(f"{source} is not a Family Hubs backup: it has no migrations table.")
        migrations = frozenset(backup.execute("SELECT app, name FROM django_migrations"))
        counts = {
            name: backup.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            if table in tables
            else 0
            for name, table in COUNTED_TABLES.items()
        }
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is damaged or is not an SQLite database.") from error
    finally:
        backup.close()
    return BackupContents(counts, migrations)


def _inspect_pg_backup(source: Path, connection: BaseDatabaseWrapper) -> BackupContents:
    try:
        listing = _run(["pg_restore", "--list", str(source)], connection)
    except BackupError as error:
        raise BackupError(f"{source} is not a PostgreSQL backup made by pg_dump.") from error
    if "TABLE DATA public django_migrations" not in listing:
        raise BackupError(f"{source} is not a Family Hubs backup: it has no migrations table.")
    # The rows themselves are only in the archive's data; the migrations are small enough to read.
    rows = _run(
        ["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(source)],
        connection,
    )
    migrations = set()
    in_data = False
    for line in rows.splitlines():
        if line.startswith("COPY public.django_migrations"):
            in_data = True
        elif line == "\\.":
            in_data = False
        elif in_data:
            _id, app, name, _applied = line.split("\t")
            migrations.add((app, name))
    return BackupContents({}, frozenset(migrations))


def _pg_args(connection: BaseDatabaseWrapper) -> list[str]:
    settings = connection.settings_dict
    args = [f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        args.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        args.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        args.append(f"--username={settings['USER']}")
    return args


def _run(command: list[str], connection: BaseDatabaseWrapper) -> str:
    """Run a PostgreSQL client program; its password goes in the environment, never the arguments."""
    environment = {**os.environ}
    if connection.settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    if connection.settings_dict.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = connection.settings_dict["OPTIONS"]["sslmode"]
    try:
        result = subprocess.run(  # noqa: S603 (fixed programs, arguments from settings)
            command, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client programs."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def migrations_in_code() -> frozenset[tuple[str, str]]:
    """Every migration this version of the code has, as (app, name)."""
    from django.db.migrations.loader import MigrationLoader

    return frozenset(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
