"""Factories for bookings tests: a bookable weekly session, families with logins, and hub staff."""

import itertools
from datetime import date, datetime, time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import HubMembership
from accounts.roles import HUB_STAFF
from bookings.models import BookingSettings, PlacesCountedPer
from directory.models import Service
from directory.tests.factories import ServiceFactory, WeeklyScheduleFactory
from families.models import Adult, Child, Family
from timetable.selectors import LONDON

staff_numbers = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"parent{n}@example.com")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery staple")


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    home_postcode = "RM18 7AA"


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adult

    family = factory.SubFactory(FamilyFactory)
    user = factory.SubFactory(UserFactory)
    first_name = factory.Sequence(lambda n: f"Parent{n}")
    last_name = factory.Sequence(lambda n: f"Surname{n}")
    email = factory.SelfAttribute("user.email")


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Sequence(lambda n: f"Child{n}")
    date_of_birth = factory.LazyFunction(lambda: date.today() - timedelta(days=200))


def parent_with_child(**child_fields) -> tuple[Adult, Child]:
    """A parent with a login and one child (about 6 months old unless told otherwise)."""
    adult = AdultFactory()
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


def hub_staff(*hubs):
    """A member of hub staff working at the given hubs."""
    user = UserFactory(username=f"staff{next(staff_numbers)}@council.example")
    user.groups.add(Group.objects.get_or_create(name=HUB_STAFF)[0])
    for hub in hubs:
        HubMembership.objects.create(user=user, location=hub)
    return user


def next_friday_at_ten(weeks_ahead: int = 1) -> datetime:
    """A Friday 10:00 (UK time) at least a few days ahead, when the weekly schedule runs."""
    today = date.today()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 + 7 * (weeks_ahead - 1))
    if friday <= today + timedelta(days=1):
        friday += timedelta(days=7)
    return datetime.combine(friday, time(10), tzinfo=LONDON)
