from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Accessibility, Location, Phone, Schedule
from timetable.selectors import week_starting
from timetable.tests.factories import (
    AddressFactory,
    BankHolidayFactory,
    CancellationFactory,
    ClosureFactory,
    HubFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tilbury():
    hub = HubFactory(
        name="Tilbury Family Hub", slug="tilbury", transportation="Buses 83 and 99 stop outside."
    )
    AddressFactory(location=hub, address_1="1 Civic Square", postal_code="RM18 8AB")
    Accessibility.objects.create(location=hub, description="Step-free entrance.")
    Phone.objects.create(location=hub, number="01375 000000")
    return hub


def weekly_at(hub, **kwargs):
    return WeeklyScheduleFactory(location=hub, service_at_location__location=hub, **kwargs)


def test_hub_page_says_where_it_is_how_to_get_in_and_who_to_call(client, tilbury):
    page = client.get(reverse("timetable:hub", args=["tilbury"])).content.decode()
    for text in (
        "Tilbury Family Hub",
        "1 Civic Square",
        "RM18 8AB",
        "Buses 83 and 99 stop outside.",
        "Step-free entrance.",
        'href="tel:01375000000"',
    ):
        assert text in page


def test_hub_page_lists_services_and_two_weeks_of_sessions(client, tilbury):
    group = weekly_at(tilbury)
    monday = week_starting(timezone.localdate())
    page = client.get(reverse("timetable:hub", args=["tilbury"])).content.decode()
    assert group.service.name in page
    assert reverse("timetable:service_ics", args=[group.service.pk]) in page
    for friday in (monday + timedelta(days=4), monday + timedelta(days=11)):
        assert f"{friday:%A %-d %B}" in page
        assert f"{friday:%Y-%m-%d}T1000" in page


def test_cancelled_sessions_show_as_cancelled_with_the_reason(client, tilbury):
    group = weekly_at(tilbury)
    friday = week_starting(timezone.localdate()) + timedelta(days=11)
    CancellationFactory(schedule=group, date=friday, reason="Staff training")
    ClosureFactory(
        location=tilbury,
        starts_on=friday + timedelta(days=30),
        ends_on=friday + timedelta(days=40),
        reason="Repairs to the roof",
    )
    BankHolidayFactory(date=friday - timedelta(days=7), name="Made-up Day")
    page = client.get(reverse("timetable:hub", args=["tilbury"])).content.decode()
    assert page.count('<strong class="govuk-tag govuk-tag--red">Cancelled</strong>') == 2
    assert "Cancelled: Staff training." in page
    assert "Cancelled: Closed for Made-up Day." in page
    assert f"{friday:%A %-d %B}" in page
    assert "Repairs to the roof" in page


def test_this_week_starts_today_not_on_monday(client, tilbury, monkeypatch):
    wednesday = datetime(2026, 12, 2, 9, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: wednesday)
    weekly_at(tilbury, byday="MO,FR", dtstart=date(2026, 1, 1))
    page = client.get(reverse("timetable:hub", args=["tilbury"])).content.decode()
    assert "This week: from today, Wednesday 2 December" in page
    assert "Monday 30 November" not in page
    assert page.index("Friday 4 December") < page.index("Next week: from Monday 7 December")
    assert page.index("Next week: from Monday 7 December") < page.index("Monday 7 December</h3>")
    assert "Friday 11 December" in page


def test_hub_page_says_when_it_is_open_where_on_a_map_and_how_to_register(client, tilbury):
    tilbury.latitude, tilbury.longitude = 51.4625, 0.3585
    tilbury.save()
    Schedule.objects.create(
        location=tilbury,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=time(9),
        closes_at=time(17),
    )
    Schedule.objects.create(
        location=tilbury,
        freq="WEEKLY",
        byday="SA",
        opens_at=time(9, 30),
        closes_at=time(12),
        illustrative=True,
    )
    page = client.get(reverse("timetable:hub", args=["tilbury"])).content.decode()
    assert "Monday to Friday, 9am to 5pm" in page
    assert "Saturday, 9:30am to midday" in page
    assert (
        'href="https://www.openstreetmap.org/?mlat=51.46250&amp;mlon=0.35850'
        '#map=17/51.46250/0.35850"' in page
    )
    assert "<script" not in page.split('id="main-content"')[1].split("</main>")[0]
    assert "You do not need to register to go to a drop-in session" in page
    assert f'href="{reverse("families:home")}">Register your family online</a>' in page
    # The hub's own opening hours are not sessions.
    assert "Add to calendar<span" not in page


def test_hub_without_opening_hours_or_phone_says_how_to_ask(client):
    HubFactory(name="Quiet Hub", slug="quiet", latitude=None, longitude=None)
    page = client.get(reverse("timetable:hub", args=["quiet"])).content.decode()
    assert "Phone or email the hub to check when it is open." in page
    assert "We do not have a phone number for this hub." in page
    assert "openstreetmap" not in page


def test_hub_page_links_to_the_subscribable_feed(client, tilbury):
    page = client.get(reverse("timetable:hub", args=["tilbury"])).content.decode()
    assert 'href="webcal://testserver/calendar/hubs/tilbury.ics"' in page
    assert 'href="/calendar/hubs/tilbury.ics"' in page


def test_unknown_hub_and_places_that_are_not_hubs_are_not_found(client):
    Location.objects.create(name="A GP surgery", slug="gp-surgery", is_family_hub=False)
    assert client.get(reverse("timetable:hub", args=["nowhere"])).status_code == 404
    assert client.get(reverse("timetable:hub", args=["gp-surgery"])).status_code == 404


def test_hub_page_queries_do_not_grow_with_sessions(client, tilbury, monkeypatch):
    monday = datetime(2026, 11, 30, 6, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: monday)
    weekly_at(tilbury)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("timetable:hub", args=["tilbury"]))
    for day in ("MO", "TU", "WE", "TH", "SA"):
        weekly_at(tilbury, byday=day)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("timetable:hub", args=["tilbury"])).content.decode()
    assert page.count("Add to calendar<span") == 12
    assert len(many) == len(few)


def test_hub_list_links_every_hub_in_pages(client):
    hubs = [HubFactory(name=f"Hub {n:02d}") for n in range(55)]
    first = client.get(reverse("timetable:hubs")).content.decode()
    second = client.get(reverse("timetable:hubs"), {"page": "2"}).content.decode()
    assert reverse("timetable:hub", args=[hubs[0].slug]) in first
    assert reverse("timetable:hub", args=[hubs[54].slug]) not in first
    assert reverse("timetable:hub", args=[hubs[54].slug]) in second


@pytest.mark.parametrize("page", ["abc", "-1", "999", "1e9"])
def test_hub_list_copes_with_any_page_number(client, page):
    HubFactory(name="Only Hub")
    response = client.get(reverse("timetable:hubs"), {"page": page})
    assert response.status_code == 200
    assert "Only Hub" in response.content.decode()


def test_a_week_starts_on_monday():
    assert week_starting(date(2025, 6, 15)) == date(2025, 6, 9)


def test_hub_with_nothing_on_says_so_instead_of_listing_empty_days(client, tilbury):
    page = client.get(reverse("timetable:hub", args=["tilbury"])).content.decode()
    assert "Nothing is on here for the rest of this week." in page
    assert "Nothing is on here next week." in page
    assert "Nothing on." not in page
