"""The official HSDS examples (records no one here wrote) import cleanly and come back equal."""

import csv
from datetime import time

import pytest
from django.core.management import call_command

from oruk import hsds
from oruk.importer import import_feed
from oruk.tests.hsds_schemas import EXAMPLES, example

pytestmark = pytest.mark.django_db


def assert_served_back(expected, served, path: str = "") -> None:
    """Every field of `expected` is in `served` with an equal value (lists matched by id)."""
    if isinstance(expected, dict):
        assert isinstance(served, dict), path
        for key, value in expected.items():
            assert key in served, f"{path}/{key} is missing"
            assert_served_back(value, served[key], f"{path}/{key}")
    elif isinstance(expected, list):
        assert isinstance(served, list), path
        by_id = {item.get("id"): item for item in served if isinstance(item, dict)}
        for n, item in enumerate(expected):
            if isinstance(item, dict) and "id" in item:
                assert item["id"] in by_id, f"{path}[{item['id']}] is missing"
                assert_served_back(item, by_id[item["id"]], f"{path}[{item['id']}]")
            else:
                assert_served_back(item, served[n], f"{path}[{n}]")
    else:
        assert served == expected or same_time(served, expected), (
            f"{path}: served {served!r}, fed {expected!r}"
        )


def same_time(served, fed) -> bool:
    """HSDS times may leave out the seconds: 10:00 is 10:00:00."""
    try:
        return time.fromisoformat(served) == time.fromisoformat(fed)
    except (TypeError, ValueError):
        return False


def test_every_json_example_imports_without_a_rejection():
    for name in sorted(p.name for p in EXAMPLES.glob("*.json")):
        if name == "base.json":  # the API root's answer, not a record
            continue
        report = import_feed(str(EXAMPLES / name))
        assert report.rejected == [], name
        assert report.records_read >= 1, name


@pytest.mark.parametrize(
    ("file", "url"),
    [
        ("service_full.json", "/api/services/{id}"),
        ("service_at_location_full.json", "/api/service_at_locations/{id}"),
        ("organization_full.json", "/api/organizations/{id}?full_service=true"),
        ("taxonomy.json", "/api/taxonomies/{id}"),
        ("taxonomy_term.json", "/api/taxonomy_terms/{id}"),
    ],
)
def test_a_json_example_is_served_back_field_by_field(client, file, url):
    import_feed(str(EXAMPLES / file))
    fed = example(file)
    assert_served_back(fed, client.get(url.format(id=fed["id"])).json())


@pytest.mark.parametrize(
    ("file", "url"),
    [
        ("service_list.json", "/api/services"),
        ("service_at_location_list.json", "/api/service_at_locations"),
        ("organization_list.json", "/api/organizations"),
        ("taxonomy_list.json", "/api/taxonomies"),
        ("taxonomy_term_list.json", "/api/taxonomy_terms"),
    ],
)
def test_a_json_example_list_is_served_back_field_by_field(client, file, url):
    import_feed(str(EXAMPLES / file))
    fed = example(file)
    served = client.get(url).json()
    assert_served_back(fed["contents"], served["contents"])
    assert served["total_items"] == len(fed["contents"])


def test_the_location_example_is_served_back_in_its_organisation(client):
    import_feed(str(EXAMPLES / "organization_full.json"))
    import_feed(str(EXAMPLES / "location.json"))
    organization = example("organization_full.json")
    served = client.get(f"/api/organizations/{organization['id']}").json()
    location = example("location.json")
    [served_location] = [x for x in served["locations"] if x["id"] == location["id"]]
    assert_served_back(location, served_location)


def csv_rows(table_name: str) -> list[dict]:
    with (EXAMPLES / "csv" / hsds.CSV_FILES[table_name]).open(newline="") as handle:
        return list(csv.DictReader(handle))


def as_json(table_name: str, row: dict) -> dict:
    """A CSV row as the JSON record it stands for (empty cells left out, numbers as numbers)."""
    fields = {f.name: f for f in hsds.table(table_name).fields}
    return {k: hsds.from_csv(fields[k], v) for k, v in row.items() if v != ""}


def nodes_by_id(tree, found: dict) -> dict:
    if isinstance(tree, dict):
        if "id" in tree:
            found.setdefault(tree["id"], []).append(tree)
        for value in tree.values():
            nodes_by_id(value, found)
    elif isinstance(tree, list):
        for item in tree:
            nodes_by_id(item, found)
    return found


def test_the_csv_example_imports_and_every_row_is_served_back(client):
    report = import_feed(str(EXAMPLES / "csv"))
    assert report.rejected == []
    [service] = csv_rows("service")
    [organization] = csv_rows("organization")
    served = [
        client.get(f"/api/services/{service['id']}").json(),
        client.get(f"/api/organizations/{organization['id']}?full_service=true").json(),
        client.get("/api/taxonomies").json(),
        client.get("/api/taxonomy_terms").json(),
    ]
    found = nodes_by_id(served, {})
    unreachable = []
    for table_name in hsds.MODELS:
        for row in csv_rows(table_name):
            record = as_json(table_name, row)
            candidates = found.get(record["id"], [])
            if not candidates:
                unreachable.append((table_name, record["id"]))
                continue
            # The same record may be served in several places; each must carry the row.
            for candidate in candidates:
                assert_served_back(record, candidate, f"{table_name} {record['id']}")
    # Rows that link to nothing in the example (it names records it does not include) are
    # still kept: the export gives them back.
    assert {t for t, _ in unreachable} <= {"attribute", "metadata"}


def test_the_csv_example_comes_back_from_export_row_for_row(tmp_path):
    import_feed(str(EXAMPLES / "csv"))
    call_command("export_oruk", str(tmp_path), verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for table_name, csv_file in hsds.CSV_FILES.items():
        with (tmp_path / "csv" / csv_file).open(newline="") as handle:
            exported = {row["id"]: row for row in csv.DictReader(handle)}
        for row in csv_rows(table_name):
            record = as_json(table_name, row)
            back = as_json(table_name, exported[record["id"]])
            assert_served_back(record, back, f"{table_name} {record['id']}")
