"""One full service record costs a fixed number of queries: one per HSDS table it nests (a union
over every place the table appears), whatever the record holds."""

import pytest

from directory.tests.factories import ServiceFactory
from oruk.tests.factories import full_service

pytestmark = pytest.mark.django_db

# The service; phones, languages, schedules, service areas, funding, cost options, required
# documents, contacts, programs, organisations, places, addresses, accessibility, organisation
# identifiers and service-at-locations; attributes, their terms and taxonomies; metadata.
QUERIES = 20


@pytest.mark.parametrize("make", [full_service, ServiceFactory], ids=["rich", "bare"])
def test_a_full_service_record_is_a_fixed_number_of_queries(
    client, make, django_assert_num_queries
):
    service = make()
    with django_assert_num_queries(QUERIES):
        response = client.get(f"/api/services/{service.pk}")
    assert response.status_code == 200
    assert response.json()["id"] == str(service.pk)


def test_the_rich_record_holds_every_nested_table(client):
    record = client.get(f"/api/services/{full_service().pk}").json()
    location = record["service_at_locations"][0]["location"]
    assert record["contacts"][0]["phones"][0]["languages"][0]["name"] == "Polish"
    assert record["organization"]["organization_identifiers"][0]["identifier"] == "01234567"
    assert location["addresses"] and location["accessibility"]
    assert record["attributes"][0]["taxonomy_term"]["name"]
    assert record["metadata"][0]["replacement_value"] == "Stay and Play"
