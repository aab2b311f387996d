"""Hand-countable report fixtures: sessions at hubs, families who came, bookings, counts."""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group

from accounts.models import HubMembership
from accounts.roles import COMMISSIONERS
from accounts.tests.factories import HubStaffFactory, UserFactory
from bookings.models import Attendance, Booking, SessionOccurrence, VisitorCount
from directory.models import ServiceAtLocation
from directory.tests.factories import WeeklyScheduleFactory
from families.models import Family
from families.tests.factories import FamilyFactory
from reports.periods import LONDON


def commissioner():
    user = UserFactory(email="commissioner@council.example")
    user.groups.add(Group.objects.get_or_create(name=COMMISSIONERS)[0])
    return user


def hub_manager(hub):
    user = HubStaffFactory(hub=hub)
    HubMembership.objects.filter(user=user).update(role=HubMembership.Role.MANAGER)
    return user


def session(hub, day, capacity=10, cancelled=False, service=None, at=time(10)):
    """A session at `hub` on `day` starting `at` (London): a service of its own unless given."""
    if service is None:
        schedule = WeeklyScheduleFactory(service_at_location__location=hub)
    else:
        listed, _ = ServiceAtLocation.objects.get_or_create(service=service, location=hub)
        schedule = WeeklyScheduleFactory(service_at_location=listed)
    starts_at = datetime.combine(day, at, LONDON)
    return SessionOccurrence.objects.create(
        schedule=schedule,
        service=schedule.service,
        location=hub,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        capacity=capacity,
        cancelled_at=starts_at - timedelta(days=2) if cancelled else None,
    )


def families(hub, count: int, registered_on) -> list[Family]:
    made = [FamilyFactory(hub=hub, with_members=False) for _ in range(count)]
    moment = datetime.combine(registered_on, time(12), LONDON)
    Family.objects.filter(pk__in=[f.pk for f in made]).update(created=moment)
    return made


def came(occurrence, family_list, walk_in=False, age_months=None) -> None:
    """Children of `family_list` at `occurrence`, aged `age_months` (None: not born yet)."""
    Attendance.objects.bulk_create(
        Attendance(
            occurrence=occurrence,
            family=family,
            status=Attendance.Status.ATTENDED,
            walk_in=walk_in,
            child_age_months=age_months,
        )
        for family in family_list
    )


def did_not_come(occurrence, family_list) -> None:
    Attendance.objects.bulk_create(
        Attendance(occurrence=occurrence, family=family, status=Attendance.Status.NO_SHOW)
        for family in family_list
    )


def booked(occurrence, family_list, status=Booking.Status.CONFIRMED) -> None:
    Booking.objects.bulk_create(
        Booking(occurrence=occurrence, family=family, places=1, status=status)
        for family in family_list
    )


def counted(occurrence, adults: int, children: int) -> None:
    VisitorCount.objects.create(occurrence=occurrence, adults=adults, children=children)
