from pathlib import Path

from geo.loading import load_ward_lookup
from geo.management.loader_command import LoaderCommand


class Command(LoaderCommand):
    help = (
        "Load each LSOA's name, ward and council from the ONS 'LSOA (2021) to Electoral Ward "
        "to LAD Best Fit Lookup' CSV (LSOA21CD, LSOA21NM, WD24CD, WD24NM, LAD24CD, LAD24NM)."
    )

    def load(self, path: Path, **options) -> str:
        return f"Loaded the wards of {load_ward_lookup(path)} small areas (LSOAs) from {path}."
