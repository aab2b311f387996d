"""The ORUK read API's behaviour: paging, filters, errors, caching headers and CORS."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Attribute, Service
from directory.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
)
from geo.models import Postcode
from oruk.parameters import MAX_PER_PAGE
from oruk.tests.factories import full_service

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [record["name"] for record in response.json()["contents"]]


def test_lists_are_paged_with_the_hsds_envelope(client):
    for name in ["A", "B", "C"]:
        ServiceFactory(name=name)
    first = client.get("/api/services?per_page=2").json()
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    second = client.get("/api/services?per_page=2&page=2").json()
    assert [s["name"] for s in first["contents"] + second["contents"]] == ["A", "B", "C"]
    assert second["last_page"] is True
    beyond = client.get("/api/services?per_page=2&page=3").json()
    assert (beyond["empty"], beyond["size"], beyond["contents"]) == (True, 0, [])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        (f"per_page={MAX_PER_PAGE + 1}", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=99999999999999999999", "page"),
        ("page=two", "page"),
        ("full=perhaps", "full"),
        ("minimal=2", "minimal"),
        ("modified_after=yesterday", "modified_after"),
        ("modified_after=0001-01-01T00:00:00%2B05:00", "modified_after"),
        ("taxonomy_term_id=not-an-id", "taxonomy_term_id"),
        ("taxonomy_id=1", "taxonomy_id"),
        ("organization_id=x", "organization_id"),
        ("proximity=1000", "proximity"),
        ("postcode=RM18&proximity=-5", "proximity"),
        ("postcode=RM18&proximity=far", "proximity"),
        ("format=xml", "format"),
        ("search=" + "x" * 201, "search"),
        ("postcode=NOT A POSTCODE", "postcode"),
        ("postcode=ZE9 9ZZ", "postcode"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, query, parameter):
    Postcode.objects.create(postcode="RM18", latitude=51.46, longitude=0.36)
    response = client.get(f"/api/services?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["errors"] == [{"parameter": parameter, "message": body["message"]}]
    assert parameter in body["message"] or "postcode" in body["message"].lower()


def test_postcode_errors_say_what_is_wrong(client):
    malformed = client.get("/api/services?postcode=12345").json()["message"]
    unknown = client.get("/api/services?postcode=ZE9 9ZZ").json()["message"]
    assert "is not a UK postcode" in malformed
    assert "could not find the postcode ZE9 9ZZ" in unknown


def test_bad_parameters_are_checked_on_every_list(client):
    for path in [
        "services",
        "service_at_locations",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
    ]:
        response = client.get(f"/api/{path}?page=-1")
        assert response.status_code == 400, path
        assert response.json()["parameter"] == "page"
    assert client.get("/api/taxonomy_terms?parent_id=nope").json()["parameter"] == "parent_id"
    assert client.get("/api/taxonomy_terms?top_only=yes").json()["parameter"] == "top_only"


def test_an_unknown_or_malformed_id_is_a_json_404(client):
    for path in [
        "services",
        "service_at_locations",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
    ]:
        for id in ["3f7b145d-84af-42d7-8fae-eaca714b02b2", "not-a-uuid"]:
            response = client.get(f"/api/{path}/{id}")
            assert response.status_code == 404
            assert id in response.json()["message"]


def test_the_api_is_read_only(client):
    assert client.post("/api/services", {}).status_code == 405
    assert client.delete("/api/services").status_code == 405


def test_any_site_may_read_the_api(client):
    ServiceFactory()
    response = client.get("/api/services", HTTP_ORIGIN="https://another.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_clients_can_poll_cheaply_with_etags_and_last_modified(client):
    service = ServiceFactory()
    first = client.get(f"/api/services/{service.pk}")
    assert first["ETag"] and first["Last-Modified"]
    assert (
        client.get(f"/api/services/{service.pk}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
    same_time = client.get(
        f"/api/services/{service.pk}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert same_time.status_code == 304
    service.name = "Renamed"
    service.save()
    changed = client.get(f"/api/services/{service.pk}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    listing = client.get("/api/services")
    assert client.get("/api/services", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_search_ranks_an_exact_name_match_first(client):
    ServiceFactory(name="Stay and Play Extra", description="Stay and play.")
    ServiceFactory(name="Toddler time", description="Stay and play, stay and play.")
    ServiceFactory(name="Stay and Play", description="Toys.")
    ServiceFactory(name="Rhyme time", description="Songs.")
    found = names(client.get("/api/services?search=Stay and Play"))
    assert found[0] == "Stay and Play"
    assert set(found) == {"Stay and Play", "Stay and Play Extra", "Toddler time"}


def at(name: str, latitude: float, longitude: float = 0.3585) -> Service:
    service = ServiceFactory(name=name)
    ServiceAtLocationFactory(
        service=service, location=LocationFactory(latitude=latitude, longitude=longitude)
    )
    return service


def test_postcode_and_proximity_order_by_distance_and_leave_out_what_is_farther(client):
    Postcode.objects.create(postcode="RM18 7AA", latitude=51.4625, longitude=0.3585)
    at("Far", 51.60)
    at("Near", 51.4700)
    at("Nearest", 51.4630)
    response = client.get("/api/services?postcode=rm187aa&proximity=2000")
    assert names(response) == ["Nearest", "Near"]
    places = client.get("/api/service_at_locations?postcode=RM18 7AA&proximity=2000").json()
    assert [p["service"]["name"] for p in places["contents"]] == ["Nearest", "Near"]
    wider = client.get("/api/services?postcode=RM18 7AA&proximity=20000")
    assert names(wider) == ["Nearest", "Near", "Far"]


def test_search_and_proximity_combine(client):
    Postcode.objects.create(postcode="RM18 7AA", latitude=51.4625, longitude=0.3585)
    at("Stay and play", 51.4630)
    at("Stay and play far away", 52.5)
    at("Rhyme time", 51.4630)
    response = client.get("/api/services?postcode=RM18 7AA&proximity=1000&search=play")
    assert names(response) == ["Stay and play"]


@pytest.mark.parametrize("most_ranked", [1000, 2], ids=["nearby matches by id", "too many"])
def test_search_near_a_postcode_ranks_the_nearby_matches_best_first(
    client, monkeypatch, most_ranked
):
    """Near a point, the matches are found once and ranked by id; past MOST_RANKED of them
    the search goes the national way. Either way the same services, best match first."""
    monkeypatch.setattr("oruk.selectors.MOST_RANKED", most_ranked)
    Postcode.objects.create(postcode="RM18 7AA", latitude=51.4625, longitude=0.3585)
    at("Messy play and stories", 51.4631)
    at("Play", 51.4640)
    at("Play and learn", 51.4635)
    at("Play far away", 52.5)
    at("Rhyme time", 51.4630)
    response = client.get("/api/services?postcode=RM18 7AA&proximity=1000&search=Play")
    assert names(response)[0] == "Play"  # the exact name first, though not the nearest
    assert sorted(names(response)) == ["Messy play and stories", "Play", "Play and learn"]
    assert response.json()["total_items"] == 3


def test_modified_after_leaves_out_older_services(client):
    old = ServiceFactory(name="Old")
    Service.objects.filter(pk=old.pk).update(last_modified=timezone.now() - timedelta(days=30))
    ServiceFactory(name="New")
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert names(client.get(f"/api/services?modified_after={since}")) == ["New"]
    assert names(client.get("/api/services?modified_after=2000-01-01T00:00:00Z")) == ["New", "Old"]
    # Any offset is taken, however odd (the database itself takes only everyday ones).
    odd = client.get("/api/services?modified_after=2000-01-01T00:00:00.5-19:18")
    assert names(odd) == ["New", "Old"]


def test_filters_by_organization_and_taxonomy(client):
    council = OrganizationFactory()
    tagged = ServiceFactory(name="Tagged", organization=council)
    ServiceFactory(name="Other")
    term = TaxonomyTermFactory()
    Attribute.objects.create(link_id=tagged.pk, link_entity="service", taxonomy_term=term)
    assert names(client.get(f"/api/services?organization_id={council.pk}")) == ["Tagged"]
    assert names(client.get(f"/api/services?taxonomy_term_id={term.pk}")) == ["Tagged"]
    assert names(client.get(f"/api/services?taxonomy_id={term.taxonomy_id}")) == ["Tagged"]
    places = client.get(f"/api/service_at_locations?taxonomy_term_id={term.pk}").json()
    assert places["total_items"] == 0  # the tagged service is at no location


def test_taxonomy_terms_by_parent_and_top_level(client):
    parent = TaxonomyTermFactory(name="Health")
    TaxonomyTermFactory(name="Feeding", parent=parent, taxonomy=parent.taxonomy)
    TaxonomyTermFactory(name="Money")
    assert names(client.get("/api/taxonomy_terms?top_only=true")) == ["Health", "Money"]
    assert names(client.get(f"/api/taxonomy_terms?parent_id={parent.pk}")) == ["Feeding"]
    by_taxonomy = client.get(f"/api/taxonomy_terms?taxonomy_id={parent.taxonomy_id}")
    assert names(by_taxonomy) == ["Feeding", "Health"]


def test_minimal_gives_just_enough_to_sync(client):
    service = ServiceFactory()
    [record] = client.get("/api/services?minimal=true").json()["contents"]
    assert set(record) == {"id", "name", "status", "last_modified"}
    assert record["id"] == str(service.pk)


def test_ndjson_streams_every_record_without_paging(client):
    for n in range(3):
        ServiceFactory(name=f"Service {n}")
    response = client.get("/api/services?format=ndjson&per_page=1")
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["Service 0", "Service 1", "Service 2"]


def test_schedules_give_their_zone_as_hsds_numeric_offset(client):
    schedule = WeeklyScheduleFactory()
    record = client.get(f"/api/services/{schedule.service_id}").json()
    [at_location] = record["service_at_locations"]
    assert at_location["schedules"][0]["timezone"] == 0
    assert at_location["schedules"][0]["byday"] == "FR"


def test_our_own_fields_are_served_as_attributes(client):
    service = ServiceFactory(for_expectant_parents=True, join_method="booking")
    attributes = client.get(f"/api/services/{service.pk}").json()["attributes"]
    values = {a["taxonomy_term"]["code"]: a["value"] for a in attributes}
    assert values == {
        "familyhubs-for-expectant-parents": "true",
        "familyhubs-join-method": "booking",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/services?per_page=50",
        "/api/services?full=true&per_page=50",
        "/api/service_at_locations?full=true&per_page=50",
        "/api/organizations?full_service=true&per_page=50",
    ],
)
def test_list_pages_cost_the_same_queries_for_few_records_or_many(
    client, url, django_assert_max_num_queries
):
    full_service()
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for n in range(6):
        full_service(name=f"Service {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
