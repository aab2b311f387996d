from pathlib import Path

from geo.loading import DEMO_POSTCODES, load_centroids
from geo.management.loader_command import LoaderCommand


class Command(LoaderCommand):
    help = (
        "Load postcodes from the ONS Postcode Directory CSV (pcds, lat, long, doterm, and "
        "lsoa21 or lsoa11, osward, oslaua for the reach reports) or any CSV with postcode, "
        "latitude and longitude columns. With no file, loads the demo areas' centroids."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEMO_POSTCODES)

    def load(self, path: Path, **options) -> str:
        return f"Loaded {load_centroids(path)} postcode centroids from {path}."
