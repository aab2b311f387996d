"""Factories for timetable tests; directory records come from directory's own factories."""

from datetime import date, datetime

import factory

from campaigns.models import Event
from directory.models import Attribute, Service, TaxonomyTerm
from directory.tests.factories import (
    AddressFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
)
from timetable.models import BankHoliday, Cancellation, Closure
from timetable.selectors import LONDON

__all__ = [
    "AddressFactory",
    "ServiceAtLocationFactory",
    "ServiceFactory",
    "TaxonomyTermFactory",
    "WeeklyScheduleFactory",
]


class HubFactory(LocationFactory):
    name = factory.Sequence(lambda n: f"Hub {n:03d} Family Hub")
    description = "A place for families."
    transportation = "Bus 83 stops outside."


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
