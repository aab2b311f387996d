"""Every ORUK endpoint's responses validate against the official HSDS 3.0 schemas."""

import pytest
from django.core.management import call_command

from directory.models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from oruk.tests.factories import full_service
from oruk.tests.hsds_schemas import assert_valid, assert_valid_page

pytestmark = pytest.mark.django_db

LISTS = [
    ("/api/services", "compiled/service_list.json"),
    ("/api/services?full=true", "compiled/service.json"),
    ("/api/services?minimal=true", "compiled/service_list.json"),
    ("/api/services?search=play", "compiled/service_list.json"),
    ("/api/services?postcode=RM18&proximity=5000", "compiled/service_list.json"),
    ("/api/service_at_locations", "compiled/service_at_location_list.json"),
    ("/api/service_at_locations?full=true", "compiled/service_at_location.json"),
    ("/api/organizations", "compiled/organization_list.json"),
    ("/api/organizations?full=true", "compiled/organization.json"),
    ("/api/organizations?full_service=true", "compiled/organization.json"),
    ("/api/taxonomies", "taxonomy.json"),
    ("/api/taxonomy_terms", "taxonomy_term.json"),
    ("/api/taxonomy_terms?top_only=true", "taxonomy_term.json"),
]


def assert_every_endpoint_valid(client) -> None:
    for url, schema in LISTS:
        response = client.get(url + ("&" if "?" in url else "?") + "per_page=500")
        assert response.status_code == 200, url
        page = response.json()
        assert page["total_items"] > 0 or "postcode" in url, url
        assert_valid_page(schema, page)
    details = [
        (Service, "/api/services/{}", "compiled/service.json"),
        (ServiceAtLocation, "/api/service_at_locations/{}", "compiled/service_at_location.json"),
        (Organization, "/api/organizations/{}", "compiled/organization.json"),
        (Organization, "/api/organizations/{}?full_service=true", "compiled/organization.json"),
        (Taxonomy, "/api/taxonomies/{}", "taxonomy.json"),
        (TaxonomyTerm, "/api/taxonomy_terms/{}", "taxonomy_term.json"),
    ]
    for model, url, schema in details:
        for pk in model.objects.values_list("pk", flat=True):
            response = client.get(url.format(pk))
            assert response.status_code == 200, url
            assert_valid(schema, response.json())


def test_every_endpoint_is_valid_hsds_for_a_service_with_every_table_filled(client):
    call_command("load_postcodes", verbosity=0)
    full_service()
    full_service(name="Rhyme Time")
    assert_every_endpoint_valid(client)


def test_every_endpoint_is_valid_hsds_for_the_demo_data(client):
    call_command("load_demo", verbosity=0)
    call_command("load_postcodes", verbosity=0)
    assert_every_endpoint_valid(client)


def test_the_api_root_gives_version_profile_and_openapi_address(client):
    body = client.get("/api/").json()
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "http://testserver/api/openapi.json"
    assert client.get(body["openapi_url"]).status_code == 200


def test_the_openapi_description_has_every_official_path_and_parameter(client):
    ours = client.get("/api/openapi.json").json()
    import json

    from oruk.tests.hsds_schemas import SCHEMAS

    official = json.loads((SCHEMAS / "openapi.json").read_text())
    assert set(official["paths"]) == set(ours["paths"])
    components = official["components"]["parameters"]
    for path, item in official["paths"].items():
        names = {
            (p if "name" in p else components[p["$ref"].rsplit("/", 1)[1]])["name"]
            for p in item.get("parameters", []) + item["get"].get("parameters", [])
        }
        ours_names = {p["name"] for p in ours["paths"][path]["get"].get("parameters", [])}
        assert names <= ours_names, (path, names - ours_names)
