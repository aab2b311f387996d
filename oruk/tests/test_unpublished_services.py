"""The API lists what parents can see: a draft, a provider's service waiting for its first
review and a service its feed retired are inactive, and the API does not show them."""

import pytest

from directory.models import Service
from directory.tests.factories import ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    draft = ServiceFactory(name="Draft group", status=Service.Status.INACTIVE)
    ServiceAtLocationFactory(service=draft)
    ServiceAtLocationFactory(service=ServiceFactory(name="Live group"))
    return draft


def test_lists_leave_out_inactive_services(client, draft):
    services = client.get("/api/services").json()["contents"]
    places = client.get("/api/service_at_locations").json()["contents"]
    assert [s["name"] for s in services] == ["Live group"]
    assert [p["service_id"] for p in places] != [] and str(draft.pk) not in {
        p["service_id"] for p in places
    }


def test_an_inactive_service_and_its_places_are_not_found(client, draft):
    place = draft.service_at_locations.get()
    assert client.get(f"/api/services/{draft.pk}").status_code == 404
    assert client.get(f"/api/service_at_locations/{place.pk}").status_code == 404
    assert client.get("/api/services", {"search": "draft"}).json()["total_items"] == 0
