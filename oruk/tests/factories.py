"""A service with something in every HSDS table, for API, import and export tests."""

from datetime import date
from decimal import Decimal

from directory import models
from directory.tests.factories import (
    AddressFactory,
    CostOptionFactory,
    OrganizationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
)


def full_service(name: str = "Stay and Play", **service_fields) -> models.Service:
    """A service, its organisation and place, and a record in every other HSDS table."""
    organization = OrganizationFactory(website="https://example.org", email="hello@example.org")
    models.OrganizationIdentifier.objects.create(
        organization=organization,
        identifier_scheme="GB-COH",
        identifier_type="Company number",
        identifier="01234567",
    )
    models.Funding.objects.create(organization=organization, source="Thurrock Council")
    program = models.Program.objects.create(
        organization=organization, name="Best Start", description="Early years programme."
    )
    service = ServiceFactory(
        name=name,
        organization=organization,
        program=program,
        url="https://example.org/play",
        email="play@example.org",
        **service_fields,
    )
    address = AddressFactory()
    location = address.location
    location.organization = organization
    location.save()
    models.Accessibility.objects.create(location=location, description="Step-free entrance.")
    at_location = ServiceAtLocationFactory(service=service, location=location)
    WeeklyScheduleFactory(service_at_location=at_location)
    CostOptionFactory(service=service, amount=Decimal("2.50"), amount_description="Per session")
    contact = models.Contact.objects.create(
        service=service, name="Hub team", email="hub@example.org"
    )
    phone = models.Phone.objects.create(
        service=service, contact=contact, number="01375 000000", type="voice"
    )
    models.Language.objects.create(phone=phone, service=service, name="Polish", code="pl")
    models.ServiceArea.objects.create(service=service, name="Thurrock", extent_type="other")
    models.Funding.objects.create(service=service, source="Family Hubs grant")
    models.RequiredDocument.objects.create(service=service, document="Red book")
    term = TaxonomyTermFactory()
    models.Attribute.objects.create(
        link_id=service.id, link_entity="service", link_type="topic", taxonomy_term=term
    )
    models.Metadata.objects.create(
        resource_id=service.id,
        resource_type="service",
        last_action_date=date(2025, 6, 1),
        last_action_type="update",
        field_name="name",
        previous_value="Play",
        replacement_value=name,
        updated_by="Directory editor",
    )
    return service
