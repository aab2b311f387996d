from pathlib import Path

from geo.loading import load_births
from geo.management.loader_command import LoaderCommand, add_year


class Command(LoaderCommand):
    help = (
        "Load live births by local authority of the mother's usual residence (ONS), a CSV "
        "with the columns 'Area code' and 'Live births' (and optionally 'Area name')."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_year(parser)

    def load(self, path: Path, *, year: int, **options) -> str:
        return f"Loaded {year} births for {load_births(path, year)} local authorities."
