from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo.loading import DEMO_POSTCODES, load_centroids


class Command(BaseCommand):
    help = (
        "Load postcode centroids from the ONS Postcode Directory CSV (columns pcds, lat, long) "
        "or any CSV with postcode, latitude and longitude columns. With no file, loads the demo areas."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", nargs="?", type=Path, default=DEMO_POSTCODES)

    def handle(self, *args, csv_file: Path, **options):
        if not csv_file.exists():
            raise CommandError(f"No such file: {csv_file}")
        count = load_centroids(csv_file)
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} postcode centroids from {csv_file}."))
