"""Bulk loading of postcode centroids (the ONS Postcode Directory, or our demo file)."""

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db import transaction

from geo.models import Postcode
from geo.postcodes import normalise_postcode

DEMO_POSTCODES = Path(__file__).parent / "data" / "demo_postcodes.csv"
BATCH_SIZE = 5000

# ONSPD names its columns pcds (postcode with a space), lat and long; terminated postcodes
# have a date in doterm and we leave them out. Code-Point Open style files use other names.
POSTCODE_COLUMNS = ("pcds", "postcode", "pcd")
LATITUDE_COLUMNS = ("lat", "latitude")
LONGITUDE_COLUMNS = ("long", "longitude", "lon")


def _pick(row: dict, names: Iterable[str]) -> str:
    for name in names:
        if row.get(name) not in (None, ""):
            return row[name]
    return ""


def read_centroids(path: Path) -> Iterator[Postcode]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row.get("doterm"):
                continue
            code = normalise_postcode(_pick(row, POSTCODE_COLUMNS))
            lat, lon = _pick(row, LATITUDE_COLUMNS), _pick(row, LONGITUDE_COLUMNS)
            if not code or not lat or not lon:
                continue
            latitude, longitude = float(lat), float(lon)
            if latitude > 90:  # ONSPD marks postcodes with no grid reference as 99.999999
                continue
            yield Postcode(postcode=code, latitude=latitude, longitude=longitude, source=path.stem)


@transaction.atomic
def load_centroids(path: Path) -> int:
    """Insert or update every centroid in a CSV file, in batches; returns how many."""
    total = 0
    batch: list[Postcode] = []
    for postcode in read_centroids(path):
        batch.append(postcode)
        if len(batch) >= BATCH_SIZE:
            total += _save(batch)
            batch = []
    return total + _save(batch)


def _save(batch: list[Postcode]) -> int:
    Postcode.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["latitude", "longitude", "source"],
    )
    return len(batch)
