"""Helpers for bookings tests: a bookable weekly session, a parent with a child, hub staff.

Users and families come from the accounts and families apps' own factories.
"""

from datetime import date, datetime, time, timedelta

from accounts.tests.factories import HubStaffFactory, UserFactory
from bookings.models import BookingSettings, PlacesCountedPer
from bookings.services import occurrence_for
from directory.models import Service
from directory.tests.factories import ServiceFactory, WeeklyScheduleFactory
from families.models import Adult, Child
from families.tests.factories import AdultFactory, ChildFactory
from timetable.selectors import LONDON

__all__ = ["AdultFactory", "ChildFactory", "UserFactory"]


def parent_with_child(hub=None, **child_fields) -> tuple[Adult, Child]:
    """A parent with a login and one child (about a year old unless told otherwise), in a
    family registered at `hub` (a hub of its own if not given)."""
    adult = AdultFactory(**({"family__hub": hub} if hub else {}))
    return adult, ChildFactory(family=adult.family, **child_fields)


def bookable_schedule(
    capacity: int = 10,
    counted_per: str = PlacesCountedPer.CHILD,
    closes_hours_before: int = 0,
    location=None,
    **service_fields,
):
    """A weekly Friday 10:00-11:00 session of a service that takes bookings (at a new hub,
    unless `location` is given)."""
    service = ServiceFactory(join_method=Service.JoinMethod.BOOKING, **service_fields)
    BookingSettings.objects.update_or_create(
        service=service,
        defaults={
            "capacity": capacity,
            "places_counted_per": counted_per,
            "booking_closes_hours_before": closes_hours_before,
        },
    )
    place = {"service_at_location__location": location} if location else {}
    return WeeklyScheduleFactory(
        service_at_location__service=service,
        **place,
        dtstart=date(2025, 1, 3),
        opens_at=time(10),
        closes_at=time(11),
    )


def hub_staff(hub):
    """A member of hub staff working at `hub`."""
    return HubStaffFactory(hub=hub)


def next_friday_at_ten(weeks_ahead: int = 1) -> datetime:
    """A Friday 10:00 (UK time) at least a few days ahead, when the weekly schedule runs."""
    today = date.today()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 + 7 * (weeks_ahead - 1))
    if friday <= today + timedelta(days=1):
        friday += timedelta(days=7)
    return datetime.combine(friday, time(10), tzinfo=LONDON)


def session_today(capacity: int = 10, **service_fields):
    """Today's 10:00 session of a bookable service that runs every week on today's weekday:
    registers are recorded on the day."""
    today = datetime.now(LONDON).date()
    schedule = bookable_schedule(capacity, **service_fields)
    schedule.byday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][today.weekday()]
    schedule.save()
    return occurrence_for(schedule, datetime.combine(today, time(10), tzinfo=LONDON))
