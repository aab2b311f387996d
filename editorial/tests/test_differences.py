"""The difference between the published listing and a change, in words an editor reads."""

from datetime import time

import pytest

from directory.listing import listing_snapshot
from directory.models import Service
from directory.tests.factories import (
    CostOptionFactory,
    LocationFactory,
    OrganizationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
)
from editorial.differences import Difference, differences

pytestmark = pytest.mark.django_db


def test_an_unchanged_listing_has_no_differences():
    service = WeeklyScheduleFactory().service
    assert differences(listing_snapshot(service), listing_snapshot(service)) == []


def test_answers_are_labelled_in_plain_words_with_old_and_new_values():
    service = ServiceFactory(
        name="Baby group", join_method=Service.JoinMethod.DROP_IN, for_expectant_parents=False
    )
    before = listing_snapshot(service)
    after = listing_snapshot(service)
    after["service"].update(
        name="Baby and toddler group",
        join_method=Service.JoinMethod.BOOKING,
        for_expectant_parents=True,
        maximum_age="3.00",
    )

    found = differences(before, after)

    assert Difference("Name", ["Baby group"], ["Baby and toddler group"]) in found
    assert Difference("How to join", ["Just come along"], ["Book a place"]) in found
    assert Difference("For expectant parents", ["No"], ["Yes"]) in found
    assert Difference("Oldest age (years)", ["2"], ["3"]) in found


def test_links_read_as_the_names_of_what_they_point_to():
    service = ServiceFactory()
    other = OrganizationFactory(name="Thurrock Mind")
    before = listing_snapshot(service)
    after = listing_snapshot(service)
    after["service"]["organization_id"] = str(other.pk)
    term = TaxonomyTermFactory(name="Breastfeeding")
    after["topics"] = [str(term.pk)]

    found = differences(before, after)

    assert Difference("Organisation", [service.organization.name], ["Thurrock Mind"]) in found
    assert Difference("Topics", [], ["Added: Breastfeeding"]) in found


def test_times_read_as_the_timetable_says_them_with_the_place():
    schedule = WeeklyScheduleFactory(byday="FR", opens_at=time(10), closes_at=time(11))
    service = schedule.service
    before = listing_snapshot(service)
    after = listing_snapshot(service)
    after["schedules"][0]["byday"] = "TU"

    (change,) = [found for found in differences(before, after) if found.label == "When it runs"]

    assert change.before[0].startswith("Removed: Every week on Friday, 10am to 11am")
    assert change.before[0].endswith(f"at {schedule.location.name}")
    assert change.after[0].startswith("Added: Every week on Tuesday, 10am to 11am")


def test_a_changed_row_in_a_list_shows_as_removed_and_added_and_others_are_left_out():
    service = ServiceFactory()
    CostOptionFactory(service=service, amount="3.00", option="Per session")
    CostOptionFactory(service=service, amount="0", option="Free for siblings")
    before = listing_snapshot(service)
    after = listing_snapshot(service)
    changed = next(row for row in after["cost_options"] if row["option"] == "Per session")
    changed["amount"] = "4.50"

    (costs,) = [found for found in differences(before, after) if found.label == "Costs"]

    assert len(costs.before) == len(costs.after) == 1
    assert "Amount: 3" in costs.before[0] and "Per session" in costs.before[0]
    assert "Amount: 4.5" in costs.after[0]


def test_a_new_place_is_named():
    service = ServiceFactory()
    hub = LocationFactory(name="Grays Family Hub")
    before = listing_snapshot(service)
    after = listing_snapshot(service)
    after["service_at_locations"] = [{"location_id": str(hub.pk), "description": ""}]

    assert Difference("Places", [], ["Added: Place: Grays Family Hub"]) in differences(
        before, after
    )
