"""Factories for directory records; other apps' tests import these rather than writing their own."""

from datetime import date, time
from decimal import Decimal

import factory

from directory import models


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    description = "Runs services for families."


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    name = factory.Sequence(lambda n: f"Family Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    organization = factory.SubFactory(OrganizationFactory)
    is_family_hub = True
    latitude = 51.4625
    longitude = 0.3585


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Address

    location = factory.SubFactory(LocationFactory)
    address_1 = "1 High Street"
    city = "Tilbury"
    state_province = "Essex"
    postal_code = "RM18 7AA"
    country = "GB"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service

    name = factory.Sequence(lambda n: f"Service {n}")
    organization = factory.SubFactory(OrganizationFactory)
    description = "A group for parents and babies."
    minimum_age = Decimal("0")
    maximum_age = Decimal("2")
    for_expectant_parents = True
    join_method = models.Service.JoinMethod.DROP_IN


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class WeeklyScheduleFactory(factory.django.DjangoModelFactory):
    """Every Friday 10:00 to 11:00 at one place, from 3 January 2025."""

    class Meta:
        model = models.Schedule

    service_at_location = factory.SubFactory(ServiceAtLocationFactory)
    service = factory.SelfAttribute("service_at_location.service")
    location = factory.SelfAttribute("service_at_location.location")
    freq = models.Schedule.Freq.WEEKLY
    interval = 1
    byday = "FR"
    dtstart = date(2025, 1, 3)
    opens_at = time(10)
    closes_at = time(11)


class CostOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CostOption

    service = factory.SubFactory(ServiceFactory)
    amount = Decimal("0.00")
    option = "Free"


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Taxonomy

    name = factory.Sequence(lambda n: f"Taxonomy {n}")
    description = "Topics."


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TaxonomyTerm

    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    description = "A topic."
    taxonomy = factory.SubFactory(TaxonomyFactory)
