"""Where a session runs is one answer: service, place and their link always agree, so what's on,
hub pages, bookings, search near a postcode and the ORUK API all follow from it."""

import importlib
from datetime import date, datetime, time

import pytest
from django.apps import apps

from directory.models import Schedule, Service, ServiceAtLocation
from directory.search import services_near
from timetable.models import UpcomingSession
from timetable.rules_in_words import ONCE, WEEKLY, WhenItRuns
from timetable.schedules import Where, save_schedule, settle_place
from timetable.selectors import LONDON
from timetable.tests.factories import HubFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

FRIDAYS = WhenItRuns(WEEKLY, time(10), time(11), days=("FR",), starts_on=date(2026, 11, 30))


@pytest.fixture
def today(monkeypatch):
    """What's on is kept from 'today': a Monday before the sessions."""
    day = date(2026, 11, 30)
    monkeypatch.setattr("timetable.signals._today", lambda: day)
    return day


def test_a_group_given_only_its_place_runs_there_and_appears_in_whats_on(today):
    hub = HubFactory(is_family_hub=True)
    link = ServiceAtLocationFactory(location=hub)
    # The old half-way save: the schedule names its service and nothing else.
    schedule = Schedule.objects.create(
        service=link.service, freq="WEEKLY", byday="FR", dtstart=today, opens_at=time(10)
    )
    assert (schedule.location_id, schedule.service_at_location_id) == (hub.pk, link.pk)
    sessions = UpcomingSession.objects.filter(schedule=schedule)
    assert sessions.exists()
    assert {s.location_id for s in sessions} == {hub.pk}


def test_a_session_at_a_place_lists_the_service_there_for_search_and_the_api(today):
    hub = HubFactory(is_family_hub=True, latitude=51.46, longitude=0.36)
    service = ServiceFactory()
    schedule = save_schedule(service, FRIDAYS, Where.AT_A_PLACE, hub)
    link = ServiceAtLocation.objects.get(service=service, location=hub)
    assert schedule.service_at_location == link
    assert schedule.location == hub and schedule.service == service
    near = services_near(Service.objects.all(), 51.46, 0.36, 1000)
    assert list(near) == [service]


def test_an_online_session_has_no_place_even_when_the_service_has_one(today):
    link = ServiceAtLocationFactory(location=HubFactory(is_family_hub=True))
    schedule = save_schedule(link.service, FRIDAYS, Where.ONLINE, None)
    assert schedule.location is None and schedule.service_at_location is None
    assert schedule.attending_type == "online"
    assert not UpcomingSession.objects.filter(schedule=schedule).exists()


def test_sessions_saved_before_the_service_had_a_place_follow_it_there(today):
    service = ServiceFactory()
    schedule = Schedule.objects.create(
        service=service, freq="WEEKLY", byday="FR", opens_at=time(10)
    )
    assert schedule.location is None
    hub = HubFactory(is_family_hub=True)
    ServiceAtLocation.objects.create(service=service, location=hub)
    schedule.refresh_from_db()
    assert schedule.location_id == hub.pk
    assert UpcomingSession.objects.filter(schedule=schedule, location=hub).exists()


def test_a_service_at_two_places_does_not_guess_where_a_placeless_session_is():
    service = ServiceFactory()
    ServiceAtLocationFactory(service=service)
    ServiceAtLocationFactory(service=service)
    schedule = Schedule(service=service, freq="WEEKLY", byday="FR")
    settle_place(schedule)
    assert schedule.location_id is None and schedule.service_at_location_id is None


def test_a_place_named_only_through_its_link_gets_service_and_place():
    link = ServiceAtLocationFactory()
    schedule = Schedule(service_at_location=link, freq="WEEKLY", byday="FR")
    settle_place(schedule)
    assert (schedule.service_id, schedule.location_id) == (link.service_id, link.location_id)


def test_a_hubs_own_opening_hours_are_left_alone():
    hub = HubFactory(is_family_hub=True)
    hours = Schedule.objects.create(location=hub, freq="WEEKLY", byday="MO", opens_at=time(9))
    assert hours.service_id is None and hours.service_at_location_id is None


def test_schedules_saved_half_way_before_are_repaired_by_the_migration():
    hub = HubFactory(is_family_hub=True)
    link = ServiceAtLocationFactory(location=hub)
    unlinked_service = ServiceFactory()
    # bulk_create sends no signals: the rows are as the old back office left them.
    placeless, unlinked, online = Schedule.objects.bulk_create(
        [
            Schedule(service=link.service, freq="WEEKLY", byday="FR"),
            Schedule(service=unlinked_service, location=hub, freq="WEEKLY", byday="TU"),
            Schedule(service=link.service, freq="WEEKLY", byday="WE", attending_type="Online"),
        ]
    )
    migration = importlib.import_module("timetable.migrations.0005_schedules_settle_their_place")
    migration.settle_places(apps, None)
    placeless.refresh_from_db()
    unlinked.refresh_from_db()
    online.refresh_from_db()
    assert (placeless.location_id, placeless.service_at_location_id) == (hub.pk, link.pk)
    assert unlinked.service_at_location == ServiceAtLocation.objects.get(
        service=unlinked_service, location=hub
    )
    assert online.location_id is None


def test_a_one_off_date_at_the_hub_appears_once_in_whats_on(today):
    hub = HubFactory(is_family_hub=True)
    service = ServiceFactory()
    once = WhenItRuns(ONCE, time(13), time(15), starts_on=date(2026, 12, 9))
    schedule = save_schedule(service, once, Where.AT_A_PLACE, hub)
    rows = list(UpcomingSession.objects.filter(schedule=schedule))
    assert [row.starts_at for row in rows] == [datetime(2026, 12, 9, 13, tzinfo=LONDON)]
    assert schedule.description == "Once, on Wednesday 9 December 2026, 1pm to 3pm"
