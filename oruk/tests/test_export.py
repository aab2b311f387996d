"""export_oruk: the whole directory as HSDS, and an exported-then-imported directory is identical."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from directory.models import Service
from oruk import hsds
from oruk.importer import import_feed
from oruk.tests.factories import full_service
from oruk.tests.hsds_schemas import assert_valid

pytestmark = pytest.mark.django_db


def every_row() -> dict[str, list[dict]]:
    """Every stored HSDS value of every table, by table.

    Left out: `illustrative` (ours, for demo data; HSDS has no place for it) and the
    modification time of tables other than service (HSDS only carries the service's).
    """
    rows = {}
    for name, model in hsds.MODELS.items():
        leave_out = {"illustrative"} | ({"last_modified"} if name != "service" else set())
        rows[name] = [
            {k: v for k, v in row.items() if k not in leave_out}
            for row in model.objects.order_by("pk").values()
        ]
    return rows


def export(directory) -> None:
    call_command("export_oruk", str(directory), stdout=io.StringIO())


def wipe() -> None:
    """An empty database (the demo's campaign events hold on to its locations)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE refuses while deferred checks wait
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def directory_with_everything():
    full_service(for_expectant_parents=True, join_method="booking")
    full_service(name="Rhyme Time", for_expectant_parents=False, join_method="referral")
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("source", ["directory.json", "csv"])
def test_export_then_import_gives_the_same_directory(tmp_path, directory_with_everything, source):
    before = every_row()
    export(tmp_path / "first")
    wipe()
    assert Service.objects.count() == 0
    report = import_feed(str(tmp_path / "first" / source))
    assert report.rejected == []
    assert every_row() == before
    export(tmp_path / "second")
    for name in ["directory.json", "services.json", *(f"csv/{f}" for f in hsds.CSV_FILES.values())]:
        first = (tmp_path / "first" / name).read_bytes()
        assert first == (tmp_path / "second" / name).read_bytes(), name


def test_the_nested_services_export_imports_as_itself(tmp_path, directory_with_everything):
    export(tmp_path)
    report = import_feed(str(tmp_path / "services.json"))
    assert report.rejected == []
    assert sum(report.created.values()) == sum(report.updated.values()) == 0


def test_every_exported_record_is_valid_hsds(tmp_path, directory_with_everything):
    export(tmp_path)
    package = json.loads((tmp_path / "directory.json").read_text())
    assert set(package) == set(hsds.CSV_FILES.values())
    for table_name, csv_file in hsds.CSV_FILES.items():
        for record in package[csv_file]:
            assert_valid(f"{table_name}.json", record)
    services = json.loads((tmp_path / "services.json").read_text())
    assert len(services) == Service.objects.count()
    for record in services:
        assert_valid("compiled/service.json", record)
