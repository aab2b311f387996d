"""Factories for the public site's tests, built on the directory's own factories."""

from datetime import time

import factory

from directory.models import Attribute, Service, TaxonomyTerm
from directory.tests.factories import (
    AddressFactory,
    CostOptionFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
)
from geo.models import Postcode

__all__ = ["AddressFactory", "LocationFactory", "ServiceFactory", "TaxonomyTermFactory"]

TILBURY = (51.4625, 0.3585)
GRAYS = (51.4780, 0.3270)  # about 2.6 km from Tilbury
SCUNTHORPE = (53.5880, -0.6540)  # far beyond the search radius


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode
        django_get_or_create = ("postcode",)

    postcode = "RM18 7AA"
    latitude = TILBURY[0]
    longitude = TILBURY[1]
    source = "test"


def weekly_group(
    name: str,
    *,
    at: tuple[float, float] = TILBURY,
    byday: str = "FR",
    opens: time = time(10),
    closes: time = time(11),
    free: bool = True,
    **service_fields,
) -> Service:
    """A service meeting weekly at a hub of its own, with an address and a price."""
    service = ServiceFactory(name=name, **service_fields)
    hub = LocationFactory(name=f"{name} hub", latitude=at[0], longitude=at[1])
    AddressFactory(location=hub)
    place = ServiceAtLocationFactory(service=service, location=hub)
    WeeklyScheduleFactory(service_at_location=place, byday=byday, opens_at=opens, closes_at=closes)
    CostOptionFactory(
        service=service, amount=0 if free else 3, option="" if free else "Per session"
    )
    return service


def unscheduled_service(name: str, *, at: tuple[float, float] = TILBURY, **fields) -> Service:
    """A service with a place but no sessions (for example one reached by referral)."""
    service = ServiceFactory(name=name, **fields)
    ServiceAtLocationFactory(
        service=service, location=LocationFactory(latitude=at[0], longitude=at[1])
    )
    return service


def tag(service: Service, term: TaxonomyTerm) -> Attribute:
    return Attribute.objects.create(
        link_id=service.id, link_type="service", link_entity="service", taxonomy_term=term
    )
