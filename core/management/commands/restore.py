from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from core.backups import (
    BackupError,
    database_contents,
    holds_data,
    inspect_backup,
    migrations_in_code,
    restore,
)


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by manage.py backup. Stop the web "
        "server and the worker first: anything they write meanwhile is lost."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="The backup file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that holds data without asking.",
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never ask: refuse to replace data unless --force is given.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(
        self, *args, source: str, force: bool, interactive: bool, database: str, **options
    ) -> None:
        path = Path(source)
        try:
            backup = inspect_backup(path, database)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        code = migrations_in_code()
        if backup.migrations - code:
            raise CommandError(
                f"Nothing was restored. {path} comes from a newer version of Family Hubs than "
                "this one: restore it with the version that made it."
            )
        before = database_contents(database)
        if holds_data(before) and not force:
            question = (
                f"The database holds {before.describe()}. Restoring {path} replaces all of it."
            )
            if not interactive:
                raise CommandError(f"Nothing was restored. {question} Add --force to go ahead.")
            if input(f"{question}\nType 'yes' to go ahead: ").strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            after = restore(path, database)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        name = connections[database].settings_dict["NAME"]
        replaced = (
            f" What it held before ({before.describe()}) is gone." if holds_data(before) else ""
        )
        self.stdout.write(
            self.style.SUCCESS(f"Restored {path} into the database {name}.")
            + f" It now holds {after.describe()}.{replaced}"
        )
        behind = code - after.migrations
        if behind:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup is older than this code: run manage.py migrate to apply "
                    f"{len(behind)} newer migration(s)."
                )
            )
