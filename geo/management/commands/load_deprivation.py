from pathlib import Path

from geo.loading import load_deprivation
from geo.management.loader_command import LoaderCommand


class Command(LoaderCommand):
    help = (
        "Load each LSOA's deprivation decile from the English Indices of Deprivation File 1 "
        "('LSOA code (2011)', 'Index of Multiple Deprivation (IMD) Decile'), .xlsx or CSV. "
        "Load the population estimates first."
    )

    def load(self, path: Path, **options) -> str:
        loaded = load_deprivation(path)
        message = f"Loaded the deprivation decile of {loaded.matched} LSOAs."
        if loaded.not_matched:
            message += (
                f" {loaded.not_matched} LSOAs in the file are not among the small areas loaded "
                "(outside the population file, or their code changed in 2021) and have no decile."
            )
        return message
