from pathlib import Path

from geo.loading import load_population
from geo.management.loader_command import LoaderCommand, add_year


class Command(LoaderCommand):
    help = (
        "Load the children aged 0, 1 and 2 in each LSOA from the ONS LSOA mid-year population "
        "estimates by single year of age (LSOA 2021 Code, LSOA 2021 Name, LAD 2021 Code, LAD "
        "2021 Name, F0..F90, M0..M90): the .xlsx as published, or one sheet saved as CSV."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_year(parser)
        parser.add_argument(
            "--sheet", help='the .xlsx sheet to read (default "Mid-YEAR LSOA 2021")'
        )

    def load(self, path: Path, *, year: int, sheet: str | None, **options) -> str:
        count = load_population(path, year, sheet)
        return f"Loaded mid-{year} estimates of children aged 0 to 2 for {count} LSOAs."
