"""A listing as one value: snapshot, change, apply, and the one way a change is saved."""

import json
from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import OrganisationMembership
from accounts.tests.factories import DirectoryEditorFactory, UserFactory
from directory import listing
from directory.models import Attribute, Schedule, Service, ServiceAtLocation
from directory.tests.factories import (
    CostOptionFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


def provider_of(organization):
    from django.contrib.auth.models import Group

    from accounts.roles import PROVIDERS

    user = UserFactory(email="provider@trust.example")
    user.groups.add(Group.objects.get_or_create(name=PROVIDERS)[0])
    OrganisationMembership.objects.create(user=user, organization=organization)
    return user


def test_snapshot_is_json_and_holds_every_part_of_the_listing():
    schedule = WeeklyScheduleFactory()
    service = schedule.service
    CostOptionFactory(service=service, amount=Decimal("3.50"), option="Per session")
    term = TaxonomyTermFactory()
    Attribute.objects.create(link_id=service.pk, link_entity="service", taxonomy_term=term)

    snapshot = json.loads(json.dumps(listing.listing_snapshot(service)))

    assert snapshot["service"]["name"] == service.name
    assert snapshot["service"]["maximum_age"] == "2.00"
    assert snapshot["cost_options"][0]["amount"] == "3.50"
    assert snapshot["topics"] == [str(term.pk)]
    assert snapshot["service_at_locations"][0]["location_id"] == str(schedule.location_id)
    assert snapshot["schedules"][0]["byday"] == "FR"
    assert snapshot["schedules"][0]["opens_at"] == "10:00:00"


def test_applying_an_unchanged_snapshot_keeps_every_row_and_its_id():
    schedule = WeeklyScheduleFactory()
    service = schedule.service
    before = listing.listing_snapshot(service)

    listing.apply_listing(service, json.loads(json.dumps(before)))

    assert listing.listing_snapshot(Service.objects.get(pk=service.pk)) == before
    assert Schedule.objects.get().pk == schedule.pk


def test_apply_adds_changes_and_removes_nested_rows():
    service = ServiceFactory()
    old_price = CostOptionFactory(service=service, amount=Decimal("2"))
    hub = LocationFactory()
    term = TaxonomyTermFactory()
    snapshot = listing.listing_snapshot(service)
    snapshot["service"]["name"] = "Baby massage"
    snapshot["cost_options"] = [{"amount": "0", "option": "Free"}]
    snapshot["service_at_locations"] = [{"location_id": str(hub.pk), "description": ""}]
    snapshot["schedules"] = [
        {"location_id": str(hub.pk), "freq": "WEEKLY", "byday": "TU", "dtstart": "2026-01-06"}
    ]
    snapshot["topics"] = [str(term.pk)]

    listing.apply_listing(service, snapshot)

    service.refresh_from_db()
    assert service.name == "Baby massage"
    assert list(service.cost_options.values_list("amount", flat=True)) == [Decimal("0")]
    assert not service.cost_options.filter(pk=old_price.pk).exists()
    # The place is the one answer: the schedule's service-at-location follows from it.
    schedule = Schedule.objects.get(service=service)
    assert schedule.service_at_location == ServiceAtLocation.objects.get(service=service)
    assert schedule.location == hub
    assert listing.topic_ids(service) == [str(term.pk)]


def test_a_row_naming_a_place_that_has_gone_is_left_out():
    service = ServiceFactory()
    snapshot = listing.listing_snapshot(service)
    gone = LocationFactory()
    snapshot["service_at_locations"] = [{"location_id": str(gone.pk), "description": ""}]
    gone.delete()

    listing.apply_listing(service, snapshot)

    assert not ServiceAtLocation.objects.filter(service=service).exists()


def test_editor_change_is_published():
    service = ServiceFactory()
    snapshot = listing.listing_snapshot(service)
    snapshot["service"]["description"] = "Now on Tuesdays."

    outcome = listing.save_listing_change(service, DirectoryEditorFactory(), snapshot)

    assert outcome in {listing.PUBLISHED, listing.WAITING_FOR_REVIEW}
    if outcome == listing.PUBLISHED:
        assert Service.objects.get(pk=service.pk).description == "Now on Tuesdays."


def test_a_draft_that_stays_a_draft_is_saved_straight_away_even_for_a_provider():
    service = ServiceFactory(status=Service.Status.INACTIVE)
    provider = provider_of(service.organization)
    snapshot = listing.listing_snapshot(service)
    snapshot["service"]["name"] = "New group"

    assert listing.save_listing_change(service, provider, snapshot) == listing.DRAFT
    assert Service.objects.get(pk=service.pk).name == "New group"


def test_a_providers_change_to_a_public_listing_is_never_published_directly(monkeypatch):
    monkeypatch.setattr(listing, "_review_queue", lambda: None)
    service = ServiceFactory(name="Stay and play")
    provider = provider_of(service.organization)
    snapshot = listing.listing_snapshot(service)
    snapshot["service"]["name"] = "Something else"

    with pytest.raises(listing.ListingChangeRefused):
        listing.save_listing_change(service, provider, snapshot)
    assert Service.objects.get(pk=service.pk).name == "Stay and play"


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)
ages = st.one_of(st.none(), st.decimals(min_value=0, max_value=18, places=2))


class RoundTripTests(TestCase):
    @given(
        name=text.filter(str.strip),
        description=text,
        minimum=ages,
        maximum=ages,
        expectant=st.booleans(),
        join=st.sampled_from(Service.JoinMethod.values),
        amounts=st.lists(st.decimals(min_value=0, max_value=999, places=2), max_size=3),
        opens=st.times(min_value=time(6), max_value=time(12)),
    )
    def test_whatever_the_values_a_snapshot_applied_reads_back_the_same(
        self, name, description, minimum, maximum, expectant, join, amounts, opens
    ):
        if minimum is not None and maximum is not None and minimum > maximum:
            minimum, maximum = maximum, minimum
        service = ServiceAtLocationFactory().service
        place = service.service_at_locations.get().location_id
        snapshot = listing.listing_snapshot(service)
        snapshot["service"].update(
            name=name,
            description=description,
            minimum_age=None if minimum is None else str(minimum),
            maximum_age=None if maximum is None else str(maximum),
            for_expectant_parents=expectant,
            join_method=join,
        )
        snapshot["cost_options"] = [{"amount": str(amount)} for amount in amounts]
        snapshot["schedules"] = [
            {
                "location_id": str(place),
                "freq": "WEEKLY",
                "byday": "MO",
                "dtstart": date(2026, 1, 5).isoformat(),
                "opens_at": opens.replace(microsecond=0).isoformat(),
                "closes_at": "13:00:00",
            }
        ]

        listing.apply_listing(service, json.loads(json.dumps(snapshot)))
        first = listing.listing_snapshot(Service.objects.get(pk=service.pk))
        listing.apply_listing(service, json.loads(json.dumps(first)))
        second = listing.listing_snapshot(Service.objects.get(pk=service.pk))

        assert first == second
        assert first["service"]["name"] == name
        assert first["service"]["for_expectant_parents"] is expectant
        assert sorted(Decimal(row["amount"]) for row in first["cost_options"]) == sorted(amounts)
        assert first["schedules"][0]["opens_at"].startswith(opens.strftime("%H:%M:%S"))
