"""Writing the whole directory as HSDS 3.0: tabular JSON, CSV tables, and nested services.

- `directory.json`: the tabular package in JSON, one array per table keyed by its CSV file
  name (the shape of the official examples/tabular.json). It holds every row of every
  table, so importing it into an empty directory gives the same directory back.
- `csv/`: the same tables as CSV files (the shape of the official examples/csv); a cell that a
  spreadsheet would run as a formula starts with `'` (`core.csv_safety`), which import removes.
- `services.json`: every service fully nested, the shape most ORUK consumers read.

Everything is written a record at a time; nothing holds the whole directory in memory.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from core import csv_safety
from oruk import hsds, serializers

CHUNK = 500


def table_records(table_name: str) -> Iterator[dict]:
    """Every stored record of a table as flat HSDS, ordered by id (so exports are stable)."""
    if table_name == "taxonomy":
        yield hsds.FAMILYHUBS_TAXONOMY
    if table_name == "taxonomy_term":
        yield from hsds.familyhubs_terms()
    for obj in hsds.MODELS[table_name].objects.order_by("pk").iterator(chunk_size=2000):
        yield hsds.record(table_name, obj)
    if table_name == "attribute":
        yield from _extras()


def _extras() -> Iterator[dict]:
    """Our own fields, as the attribute rows the importer turns back into fields."""
    for table_name in hsds.EXTRAS:
        for obj in hsds.MODELS[table_name].objects.order_by("pk").iterator(chunk_size=2000):
            for extra in hsds.extra_attributes(table_name, obj):
                extra.pop("taxonomy_term")
                yield extra


def write_tabular_json(path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("{")
        for n, spec in enumerate(hsds.tables()):
            out.write(("," if n else "") + "\n" + json.dumps(spec.csv_file) + ": [")
            for i, record in enumerate(table_records(spec.name)):
                out.write(("," if i else "") + "\n  " + json.dumps(record, ensure_ascii=False))
                count += 1
            out.write("\n]")
        out.write("\n}\n")
    return count


def _cell(value) -> str:
    return "" if value is None else str(value)


def write_csv(directory: Path) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for spec in hsds.tables():
        names = [f.name for f in spec.fields]
        with (directory / spec.csv_file).open("w", newline="", encoding="utf-8") as out:
            writer = csv_safety.writer(out)
            writer.writerow(names)
            for record in table_records(spec.name):
                writer.writerow([_cell(record.get(name)) for name in names])
                count += 1
    return count


def write_services_json(path: Path) -> int:
    """Every service fully nested, as a JSON array."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        batch = []
        queryset = hsds.MODELS["service"].objects.order_by("pk")
        for service in queryset.iterator(chunk_size=CHUNK):
            batch.append(service)
            if len(batch) == CHUNK:
                count = _write_services(out, batch, count)
                batch = []
        count = _write_services(out, batch, count)
        out.write("\n]\n")
    return count


def _write_services(out, services: list, count: int) -> int:
    for record in serializers.serialize("service", services, serializers.SERVICE_FULL):
        out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
        count += 1
    return count


def export_directory(directory: Path) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    return {
        "directory.json": write_tabular_json(directory / "directory.json"),
        "csv": write_csv(directory / "csv"),
        "services.json": write_services_json(directory / "services.json"),
    }
