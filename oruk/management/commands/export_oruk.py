from pathlib import Path

from django.core.management.base import BaseCommand

from oruk.exporter import export_directory


class Command(BaseCommand):
    help = (
        "Write the whole directory as HSDS 3.0 into DIRECTORY: directory.json (the tabular "
        "package as JSON, for a lossless round trip with import_oruk), csv/ (the same tables "
        "as CSV files) and services.json (every service fully nested)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="where to write (created if missing)")

    def handle(self, *args, directory: Path, **options):
        written = export_directory(directory)
        for name, count in written.items():
            self.stdout.write(f"{directory / name}: {count} records")
        self.stdout.write(self.style.SUCCESS(f"Exported the directory to {directory}."))
