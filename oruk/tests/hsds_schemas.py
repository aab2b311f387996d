"""The official HSDS 3.0 schemas (../shared/hsds, the authority), for validating our output."""

import json
import os
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

# Beside the repository (as CI lays it out), or wherever HSDS_DIR says.
HSDS = Path(os.environ.get("HSDS_DIR") or Path(__file__).resolve().parents[3] / "shared" / "hsds")
SCHEMAS = HSDS / "schema"
EXAMPLES = HSDS / "examples"


@cache
def _registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """'compiled/service.json' or 'taxonomy.json', as a validator that checks formats too."""
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def assert_valid(name: str, instance) -> None:
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message[:300]}"
        for e in errors[:10]
    )


PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def assert_valid_page(record_schema: str, page: dict) -> None:
    """A paged list: the HSDS envelope, and every record valid against `record_schema`."""
    assert set(page) == PAGE_KEYS, set(page) ^ PAGE_KEYS
    assert page["size"] == len(page["contents"])
    assert page["empty"] is (page["size"] == 0)
    for record in page["contents"]:
        assert_valid(record_schema, record)


def example(name: str):
    return json.loads((EXAMPLES / name).read_text())
