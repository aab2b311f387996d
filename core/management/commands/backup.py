from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from core.backups import BackupError, back_up, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file, safely while the site is serving: SQLite's "
        "online backup, or pg_dump's custom format on PostgreSQL."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "destination",
            nargs="?",
            help="The file to write; by default var/backups/familyhubs-<date>-<time>.sqlite3 "
            "(or .pgdump). It must not exist yet.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, destination: str | None, database: str, **options) -> None:
        if destination:
            path = Path(destination)
        else:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = default_backup_path(database, Path(settings.VAR_DIR) / "backups", stamp)
        try:
            contents = back_up(path, database)
        except BackupError as error:
            raise CommandError(f"No backup was made. {error}") from error
        holding = f", holding {contents.describe()}" if contents.counts else ""
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the database to {path}{holding}. ")
            + f"Restore it with: manage.py restore {path}"
        )
