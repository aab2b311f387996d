"""A service's page: what, who for, when, where, cost, contact, how to join, calendar links."""

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.tests.factories import bookable_schedule, next_friday_at_ten
from directory.models import Accessibility, Phone, Service
from timetable.models import Cancellation
from timetable.tests.factories import ClosureFactory
from web.tests.factories import unscheduled_service, weekly_group

pytestmark = pytest.mark.django_db


def page_of(client, service):
    response = client.get(reverse("web:service", args=[service.id]))
    assert response.status_code == 200
    return response.content.decode()


def test_service_page_shows_what_who_cost_how_to_join_and_who_runs_it(client):
    service = weekly_group(
        "Time for you and baby too",
        description="A weekly support group.",
        application_process="No registration is required: just come along.",
    )

    html = page_of(client, service)

    assert '<h1 class="govuk-heading-xl">Time for you and baby too</h1>' in html
    assert "A weekly support group." in html
    assert "Expectant parents and children up to 2 years old" in html
    assert "Free" in html
    assert "Just come along" in html and "No registration is required" in html
    assert service.organization.name in html


def test_service_page_lists_the_next_sessions_with_calendar_links(client):
    service = weekly_group("Time for you and baby too")

    html = page_of(client, service)

    assert html.count("Add to calendar<span") == 6
    assert "10am to 11am" in html
    assert reverse("timetable:service_ics", args=[service.id]) in html


def test_cancelled_session_shows_as_cancelled_with_the_reason(client):
    service = weekly_group("Time for you and baby too")
    schedule = service.schedules.get()
    today = timezone.localdate()
    first = next(d for d in (today.fromordinal(today.toordinal() + n) for n in range(1, 8))
                 if d.weekday() == 4)  # fmt: skip
    Cancellation.objects.create(schedule=schedule, date=first, reason="Staff training")

    html = page_of(client, service)

    listed = html.split('id="when"')[1].split('id="where"')[0]
    cancelled = listed.split(f"{first:%A} {first.day} {first:%B},")[1].split("</li>")[0]
    assert '<strong class="govuk-tag govuk-tag--red">Cancelled</strong>' in cancelled
    assert "Cancelled: Staff training." in cancelled
    # Six sessions that run are still listed after it.
    assert listed.count("Cancelled</strong>") == 1
    assert listed.count("Add to calendar<span") == 7


def test_a_long_closure_does_not_push_every_session_off_the_page(client):
    service = weekly_group("Time for you and baby too")
    today = timezone.localdate()
    ClosureFactory(
        location=service.service_at_locations.get().location,
        starts_on=today,
        ends_on=today + timedelta(weeks=20),
        reason="Building work",
    )

    html = page_of(client, service)

    listed = html.split('id="when"')[1].split('id="where"')[0]
    assert listed.count("Cancelled: Building work.") == 12


def test_service_page_shows_address_accessibility_and_directions(client):
    service = weekly_group("Time for you and baby too")
    hub = service.service_at_locations.get().location
    hub.transportation = "Buses stop outside."
    hub.save()
    Accessibility.objects.create(location=hub, description="Step-free entrance.")
    Phone.objects.create(service=service, number="01375 000000")

    html = page_of(client, service)

    assert "1 High Street" in html and "RM18 7AA" in html
    assert "Buses stop outside." in html
    assert "Step-free entrance." in html
    assert 'href="tel:01375000000"' in html


def test_illustrative_details_are_labelled(client):
    service = weekly_group("Time for you and baby too")
    address = service.service_at_locations.get().location.addresses.get()
    address.illustrative = True
    address.save()

    html = page_of(client, service)

    assert "Some details on this page are illustrative demo data" in html
    assert "Illustrative address" in html


def test_real_details_are_not_labelled_illustrative(client):
    html = page_of(client, weekly_group("Time for you and baby too"))

    assert "illustrative" not in html.lower()


def test_referral_service_without_sessions_says_how_to_get_it(client):
    service = unscheduled_service("Together with Baby", join_method="referral")

    html = page_of(client, service)

    assert "Ask your midwife or health visitor for a referral" in html
    assert "There are no regular sessions" in html


def test_unknown_service_is_the_not_found_page(client):
    response = client.get(reverse("web:service", args=[uuid.uuid4()]))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_service_page_queries_do_not_grow_with_places_or_contacts(client):
    service = weekly_group("Time for you and baby too")
    with CaptureQueriesContext(connection) as one_place:
        page_of(client, service)
    for _ in range(3):
        other = weekly_group("Elsewhere")
        place = other.service_at_locations.get()
        place.service = service
        place.save()
        Phone.objects.create(service=service, number="01375 000000")

    with CaptureQueriesContext(connection) as four_places:
        html = page_of(client, service)

    assert html.count('<h3 class="govuk-heading-m">Elsewhere hub') == 3
    assert len(four_places) == len(one_place)


def test_sessions_in_the_past_are_not_listed(client):
    service = weekly_group("Time for you and baby too")

    html = page_of(client, service)

    assert f"{date(2025, 1, 3):%A} 3 January" not in html


def test_a_service_that_has_stopped_says_so_and_lists_no_sessions(client):
    service = weekly_group("Old group", status=Service.Status.DEFUNCT)

    html = page_of(client, service)

    assert "This service is no longer running." in html
    assert "Add to calendar<span" not in html


def test_a_cancelled_session_offers_no_booking(client):
    schedule = bookable_schedule(name="Baby Sensory")
    friday = next_friday_at_ten()
    Cancellation.objects.create(schedule=schedule, date=friday.date(), reason="Leader is ill")

    html = page_of(client, schedule.service_at_location.service)

    rows = html.split('id="when"')[1].split("</ul>")[0].split("<li")[1:]
    cancelled = [row for row in rows if "Cancelled: Leader is ill." in row]
    assert len(cancelled) == 1
    assert "Book a place" not in cancelled[0]
    assert all("Book a place" in row for row in rows if row not in cancelled)
