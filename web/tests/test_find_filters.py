"""'More ways to narrow your search' on the find page: language, free, delivery, joining,
venue access and additional needs, each finding what it should and nothing else."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.filters import SEND_TAXONOMY
from directory.models import Accessibility, Attribute, Language, Location, Service, ServiceArea
from directory.tests.factories import (
    CostOptionFactory,
    ServiceAtLocationFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)
from web.tests.factories import SCUNTHORPE, PostcodeFactory, weekly_group

pytestmark = pytest.mark.django_db
FIND = reverse("web:find")
NEAR = {"where": "RM18 7AA", "child": "any"}


@pytest.fixture(autouse=True)
def tilbury_postcode():
    return PostcodeFactory()


def found(client, **filters) -> list[str]:
    response = client.get(FIND, {**NEAR, **filters})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" not in html
    return re.findall(
        r'<h2 class="govuk-heading-m"><a class="govuk-link" href="[^"]+">([^<]+)</a>', html
    )


def test_language_filter_lists_the_languages_held_and_finds_services_in_either_of_two(client):
    both = weekly_group("Polish and Urdu group")
    Language.objects.create(service=both, name="Polish", code="pl")
    Language.objects.create(service=both, name="Urdu", code="ur")
    weekly_group("English only group").languages.create(name="English", code="en")

    assert found(client, language="ur") == ["Polish and Urdu group"]
    assert found(client, language="pl") == ["Polish and Urdu group"]
    page = client.get(FIND, NEAR).content.decode()
    assert '<option value="ur">Urdu</option>' in page
    assert '<option value="pl">Polish</option>' in page
    results = client.get(FIND, {**NEAR, "language": "pl"}).content.decode()
    assert "Polish, Urdu" in results  # the result says which languages


def test_free_only_keeps_a_service_with_a_free_option_and_drops_paid_and_unknown(client):
    weekly_group("Free group")
    weekly_group("Paid group", free=False)
    mixed = weekly_group("Free or paid group", free=False)
    CostOptionFactory(service=mixed, amount=Decimal("0"))
    unknown = weekly_group("Unknown cost group")
    unknown.cost_options.all().delete()

    assert set(found(client, free="on")) == {"Free group", "Free or paid group"}
    results = client.get(FIND, {**NEAR, "free": "on"}).content.decode()
    assert "Free, or £3.00" in results  # the result says why it counts as free
    assert len(found(client)) == 4


def test_online_service_far_away_is_found_when_online_is_chosen_and_says_its_area(client):
    weekly_group("Hub group")
    online = weekly_group("Video group", at=SCUNTHORPE)
    Location.objects.filter(service_at_locations__service=online).update(
        location_type=Location.LocationType.VIRTUAL
    )
    ServiceArea.objects.create(service=online, name="North Lincolnshire")

    assert found(client) == ["Hub group"]
    assert found(client, delivery="online") == ["Video group"]
    assert found(client, delivery=["in-person", "online"]) == ["Hub group", "Video group"]
    html = client.get(FIND, {**NEAR, "delivery": "online"}).content.decode()
    assert "Online, for families in North Lincolnshire" in html


def test_how_to_join_filter(client):
    weekly_group("Drop in group", join_method=Service.JoinMethod.DROP_IN)
    weekly_group("Booked group", join_method=Service.JoinMethod.BOOKING)

    assert found(client, join="booking") == ["Booked group"]
    assert set(found(client, join=["booking", "drop_in"])) == {"Drop in group", "Booked group"}


def test_venue_access_filter_needs_every_feature_chosen(client):
    step_free = weekly_group("Step-free group")
    hub = Location.objects.get(service_at_locations__service=step_free)
    Accessibility.objects.create(location=hub, description="Step-free access")
    weekly_group("Stairs group")

    assert found(client, access="step-free") == ["Step-free group"]
    assert found(client, access=["step-free", "hearing-loop"]) == []


def test_additional_needs_filter(client):
    send = TaxonomyFactory(name=SEND_TAXONOMY)
    autism = TaxonomyTermFactory(name="Autism", code="send-autism", taxonomy=send)
    Attribute.objects.create(
        link_id=weekly_group("Autism-friendly play").pk, link_entity="service", taxonomy_term=autism
    )
    weekly_group("Stay and play")

    assert found(client, send="send-autism") == ["Autism-friendly play"]
    assert found(client, send="any") == ["Autism-friendly play"]
    assert len(found(client)) == 2


def test_a_chosen_filter_keeps_the_filters_open_and_checked(client):
    html = client.get(FIND, {**NEAR, "delivery": "phone", "free": "on"}).content.decode()
    assert '<details class="govuk-details" id="more-filters" open>' in html
    assert 'value="phone" checked' in html
    assert 'id="id_free" name="free" type="checkbox" value="on" checked' in html
    closed = client.get(FIND, NEAR).content.decode()
    assert '<details class="govuk-details" id="more-filters">' in closed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("language", "xx", "Select a language from the list"),
        ("delivery", "teleport", "Select in person, online or by phone"),
        ("join", "magic", "Select just turn up, book a place or by referral"),
        ("access", "lift", "Select venue features from the list"),
        ("send", "nothing", "Select a need from the list"),
    ],
)
def test_a_made_up_filter_value_is_a_clear_error_and_keeps_the_search(
    client, field, value, message
):
    html = client.get(FIND, {**NEAR, field: value}).content.decode()
    assert message in html
    assert 'value="RM18 7AA"' in html


def test_every_filter_together_costs_no_more_queries_per_page_as_results_grow(client):
    every = {
        "language": "pl",
        "free": "on",
        "delivery": ["in-person", "online"],
        "join": ["drop_in", "booking"],
        "access": ["step-free"],
        "send": "any",
        "distance": 20,  # one radius, so only the results' number changes
    }

    def matching(name):
        service = weekly_group(name)
        service.languages.create(name="Polish", code="pl")
        hub = Location.objects.get(service_at_locations__service=service)
        Accessibility.objects.create(location=hub, description="Step-free access")
        Attribute.objects.create(link_id=service.pk, link_entity="service", taxonomy_term=need)
        return service

    need = TaxonomyTermFactory(taxonomy=TaxonomyFactory(name=SEND_TAXONOMY))
    matching("First")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FIND, {**NEAR, **every}).status_code == 200
        return len(queries)

    with_one = count()
    for number in range(12):
        matching(f"Group {number}")
    ServiceAtLocationFactory(service=matching("Online far away"))
    assert count() == with_one
    assert len(found(client, **every)) == 10
