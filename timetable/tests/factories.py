"""Factories for timetable tests: a hub, a service that runs there, and its weekly schedule."""

from datetime import date, datetime, time

import factory

from campaigns.models import Event
from directory.models import (
    Address,
    Attribute,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from timetable.models import BankHoliday, Cancellation, Closure
from timetable.selectors import LONDON


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    description = "Runs groups for families."


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Hub {n:03d} Family Hub")
    slug = factory.Sequence(lambda n: f"hub-{n:03d}")
    is_family_hub = True
    description = "A place for families."
    transportation = "Bus 83 stops outside."
    latitude = 51.46
    longitude = 0.36


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    location = factory.SubFactory(HubFactory)
    address_1 = "1 Civic Square"
    city = "Tilbury"
    state_province = "Essex"
    postal_code = "RM18 8AB"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Baby group {n}")
    organization = factory.SubFactory(OrganizationFactory)
    description = "A friendly group."
    for_expectant_parents = True
    minimum_age = 0
    maximum_age = 2


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(HubFactory)


class WeeklyScheduleFactory(factory.django.DjangoModelFactory):
    """Fridays 10:00 to 11:00 from Friday 3 January 2025, at the service's place."""

    class Meta:
        model = Schedule

    service_at_location = factory.SubFactory(ServiceAtLocationFactory)
    service = factory.SelfAttribute("service_at_location.service")
    location = factory.SelfAttribute("service_at_location.location")
    freq = "WEEKLY"
    interval = 1
    byday = "FR"
    dtstart = date(2025, 1, 3)
    opens_at = time(10, 0)
    closes_at = time(11, 0)
    timezone = "Europe/London"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    code = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    description = "A topic."


def tag(service: Service, term: TaxonomyTerm) -> Attribute:
    return Attribute.objects.create(
        link_id=service.id, link_type="service", link_entity="service", taxonomy_term=term
    )


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Awareness day {n}")
    slug = factory.Sequence(lambda n: f"awareness-day-{n}")
    location = factory.SubFactory(HubFactory)
    starts_at = datetime(2025, 6, 9, 13, 0, tzinfo=LONDON)
    ends_at = datetime(2025, 6, 9, 15, 0, tzinfo=LONDON)
    description = "Come and meet the team."


class CancellationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cancellation

    schedule = factory.SubFactory(WeeklyScheduleFactory)
    date = date(2025, 6, 13)
    reason = "Staff training"


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    location = factory.SubFactory(HubFactory)
    starts_on = date(2025, 8, 1)
    ends_on = date(2025, 8, 10)
    reason = "Repairs to the heating"


class BankHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankHoliday

    date = date(2025, 12, 26)
    name = "Boxing Day"
