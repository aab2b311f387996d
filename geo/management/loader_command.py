"""What the geography loader commands share: the file argument and errors for people."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo.loading import NotReady
from geo.readers import WrongFile


class LoaderCommand(BaseCommand):
    """Subclasses define `load(path, **options)` returning the message to print."""

    file_help = "the file to load (CSV or .xlsx)"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=self.file_help)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"No such file: {file}")
        try:
            message = self.load(file, **options)
        except (WrongFile, NotReady) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(message))

    def load(self, path: Path, **options) -> str:
        raise NotImplementedError


def add_year(parser) -> None:
    parser.add_argument(
        "--year", type=int, required=True, help="the year the figures are for, e.g. 2024"
    )
