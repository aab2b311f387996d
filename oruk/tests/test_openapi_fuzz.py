"""Schemathesis against /api/openapi.json: no server errors, no answer that breaks the schema.

Bounded: a few dozen generated requests per operation, about a minute in all. Records are
checked against the official HSDS compiled schemas (the description refers to them by URL;
here they are read from ../shared/hsds instead of fetched).
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from familyhubs.wsgi import application
from geo.models import Postcode
from oruk.openapi import ENDPOINTS, SCHEMA_BASE, openapi_document
from oruk.tests.factories import full_service
from oruk.tests.hsds_schemas import assert_valid, assert_valid_page

EXAMPLES_PER_OPERATION = 40


def _local(document: dict) -> dict:
    """The description with the official record schemas swapped for 'an object'."""
    text = json.dumps(document)
    for name in {schema for _, schema, _ in ENDPOINTS.values()}:
        text = text.replace(json.dumps({"$ref": SCHEMA_BASE + name}), '{"type": "object"}')
    return json.loads(text)


schema = schemathesis.openapi.from_dict(_local(openapi_document("http://testserver/api")))
schema.app = application


@schemathesis.check
def records_are_valid_hsds(ctx, response, case):
    content_type = response.headers.get("content-type", [""])[0]
    if response.status_code != 200 or not content_type.startswith("application/json"):
        return None
    template = case.operation.path
    if template == "/":
        return None
    _, record_schema, paged = ENDPOINTS[template]
    body = response.json()
    if paged:
        assert_valid_page(record_schema, body)
    else:
        assert_valid(record_schema, body)
    return True


@pytest.fixture
def directory(db):
    # Requests go straight to the WSGI app, not Django's test client, so keep the test's
    # database connection open across them as the test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    Postcode.objects.create(postcode="RM18 7AA", latitude=51.4625, longitude=0.3585)
    full_service()
    full_service(name="Rhyme Time")
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_own_description(case, directory):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            records_are_valid_hsds,
        ]
    )
