"""Loads the seeds' demo data. Idempotent: ids are derived from stable keys, rows are upserted."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.staff_access import Access, set_access
from campaigns.models import Campaign, Event, NewsPost
from core import demo_data
from directory.filters import SEND_TAXONOMY
from directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from geo.loading import load_demo_geography
from referrals.models import (
    IntakeQuestion,
    ProfessionalProfile,
    ReceivingTeamMember,
    ServiceIntake,
)
from timetable.upcoming import rebuild as rebuild_whats_on

DEMO_NAMESPACE = uuid.UUID("5f0c1c4e-8f3a-4c1e-9d0b-2a6f1e7b9c10")
LONDON = ZoneInfo("Europe/London")
# Weekly schedules need a first date; the seeds give none, so we use the first such weekday of 2025.
SCHEDULE_ANCHOR = date(2025, 1, 1)
# England and Wales bank holidays 2025-2027, in the format of GOV.UK's bank-holidays.json.
BANK_HOLIDAYS = Path(__file__).parent / "data" / "bank-holidays.json"


def demo_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}")


def upsert(model, pk, **fields):
    """Create or update one row by id; saves (and bumps last_modified) only if something changed."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return model.objects.create(pk=pk, **fields)
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, fields[name])
        obj.save()
    return obj


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load every organisation, hub, service, schedule, campaign, event and news post from the seeds."""
    # Postcodes, and the illustrative small areas, population and deciles for the reach reports.
    geography = load_demo_geography()
    call_command("load_bank_holidays", BANK_HOLIDAYS, stdout=StringIO())
    orgs = {o["key"]: _organization(o) for o in demo_data.ORGANIZATIONS}
    locations = {loc["key"]: _location(loc, orgs) for loc in demo_data.LOCATIONS}
    terms = _taxonomy(demo_data.TAXONOMY)
    services = {s["key"]: _service(s, orgs, locations, terms) for s in demo_data.SERVICES}
    _additional_needs(services)
    today = timezone.localdate()
    campaign_specs = [*demo_data.CAMPAIGNS, demo_data.upcoming_campaign(today)]
    campaigns = {c["slug"]: _campaign(c, orgs, services) for c in campaign_specs}
    events = [*demo_data.EVENTS, demo_data.upcoming_event(today)]
    for event in events:
        _event(event, campaigns, locations, orgs)
    for post in demo_data.NEWS:
        _news(post, campaigns, locations, services)
    rebuild_whats_on(timezone.localdate())
    staff = _demo_staff(orgs) if settings.DEBUG else 0
    intakes = [_requests_for_support(spec, services) for spec in demo_data.REQUESTS_FOR_SUPPORT]
    return {
        "organizations": len(orgs),
        "locations": len(locations),
        "services": len(services),
        "campaigns": len(campaigns),
        "events": len(events),
        "news": len(demo_data.NEWS),
        "demo staff": staff,
        "services taking requests": len(intakes),
        "illustrative small areas": geography["small areas"],
    }


def _demo_staff(orgs: dict) -> int:
    """The illustrative editor and provider user (see demo_data.DEMO_STAFF)."""
    for spec in demo_data.DEMO_STAFF:
        user, created = get_user_model().objects.get_or_create(
            username=spec["email"], defaults={"email": spec["email"]}
        )
        if created:
            user.set_password(demo_data.DEMO_STAFF_PASSWORD)
            user.save(update_fields=["password"])
        access = Access(
            roles=frozenset(spec["roles"]),
            organisations=frozenset(orgs[key].pk for key in spec["organisations"]),
        )
        set_access(user, access, by=None)
    return len(demo_data.DEMO_STAFF)


def _requests_for_support(spec: dict, services: dict) -> ServiceIntake:
    """A service taking requests, its own questions and (with DEBUG on) its demo team."""
    intake, _ = ServiceIntake.objects.update_or_create(
        service=services[spec["service"]],
        defaults={
            "accepts_professional_referrals": spec["professional_referrals"],
            "accepts_self_referrals": spec["self_referrals"],
            "response_target_working_days": spec["response_target_working_days"],
        },
    )
    for order, question in enumerate(spec["questions"], start=1):
        IntakeQuestion.objects.update_or_create(
            intake=intake,
            label=question["label"],
            defaults={
                "hint": question.get("hint", ""),
                "kind": question["kind"],
                "required": question["required"],
                "order": order,
            },
        )
    if settings.DEBUG:
        users = get_user_model().objects.filter(email__in=spec["team"])
        for user in users:
            ReceivingTeamMember.objects.update_or_create(
                intake=intake, user=user, defaults={"active": True}
            )
        for email, profile in demo_data.DEMO_PROFESSIONALS.items():
            professional = get_user_model().objects.filter(email=email).first()
            if professional is not None:
                ProfessionalProfile.objects.update_or_create(user=professional, defaults=profile)
    return intake


def _organization(spec: dict) -> Organization:
    return upsert(
        Organization,
        demo_id("organization", spec["key"]),
        name=spec["name"],
        alternate_name=spec.get("alternate_name", ""),
        description=spec["description"],
        website=spec.get("website", ""),
    )


def _location(spec: dict, orgs: dict) -> Location:
    location = upsert(
        Location,
        demo_id("location", spec["key"]),
        name=spec["name"],
        slug=spec["slug"],
        organization=orgs[spec["organization"]],
        description=spec["description"],
        is_family_hub=spec["is_family_hub"],
        latitude=spec["latitude"],
        longitude=spec["longitude"],
        transportation=spec["transportation"],
        illustrative=spec["illustrative"],
    )
    address_1, city, county, postcode = spec["address"]
    upsert(
        Address,
        demo_id("address", spec["key"]),
        location=location,
        address_1=address_1,
        city=city,
        state_province=county,
        postal_code=postcode,
        country="GB",
        illustrative=True,
    )
    features = [
        upsert(
            Accessibility,
            demo_id("accessibility", f"{spec['key']}:{feature}"),
            location=location,
            description=feature,
            illustrative=True,
        ).pk
        for feature in spec["accessibility"]
    ]
    # Earlier demo data had one free-text row per hub: keep only today's features.
    Accessibility.objects.filter(location=location).exclude(pk__in=features).delete()
    upsert(
        Phone,
        demo_id("phone", spec["key"]),
        location=location,
        number=demo_data.hub_phone(spec["key"]),
        illustrative=True,
    )
    days, opens, closes = demo_data.HUB_OPENING_HOURS
    upsert(
        Schedule,
        demo_id("opening-hours", spec["key"]),
        location=location,
        freq=Schedule.Freq.WEEKLY,
        byday=days,
        opens_at=opens,
        closes_at=closes,
        timezone="Europe/London",
        description="Opening hours (illustrative).",
        illustrative=True,
    )
    return location


def _taxonomy(spec: dict) -> dict[str, TaxonomyTerm]:
    taxonomy = upsert(
        Taxonomy,
        demo_id("taxonomy", spec["key"]),
        name=spec["name"],
        description=spec["description"],
    )
    terms: dict[str, TaxonomyTerm] = {}
    for code, name, description, parent in spec["terms"]:
        terms[code] = upsert(
            TaxonomyTerm,
            demo_id("taxonomy_term", code),
            code=code,
            name=name,
            description=description,
            taxonomy=taxonomy,
            taxonomy_name=taxonomy.name,
            parent=terms[parent] if parent else None,
        )
    return terms


def _service(spec: dict, orgs: dict, locations: dict, terms: dict) -> Service:
    service = upsert(
        Service,
        demo_id("service", spec["key"]),
        name=spec["name"],
        alternate_name=spec.get("alternate_name", ""),
        organization=orgs[spec["organization"]],
        description=spec["description"],
        for_expectant_parents=spec.get("for_expectant_parents", False),
        minimum_age=Decimal(spec["minimum_age"]),
        maximum_age=Decimal(spec["maximum_age"]),
        eligibility_description=spec["eligibility_description"],
        join_method=spec["join_method"],
        application_process=spec["application_process"],
        illustrative=spec["illustrative"],
        fees_description="Free" if spec["free"] else "",
        interpretation_services=(
            demo_data.NHS_INTERPRETERS if "NHS" in orgs[spec["organization"]].name else ""
        ),
    )
    upsert(
        Language,
        demo_id("language", f"{spec['key']}:en"),
        service=service,
        name="English",
        code="en",
    )
    upsert(
        CostOption,
        demo_id("cost_option", spec["key"]),
        service=service,
        amount=Decimal("0.00") if spec["free"] else None,
        currency="GBP",
        option="Free" if spec["free"] else "",
    )
    for code in spec["topics"]:
        upsert(
            Attribute,
            demo_id("attribute", f"{spec['key']}:{code}"),
            link_id=service.id,
            link_type="service",
            link_entity="service",
            taxonomy_term=terms[code],
        )
    place_keys = [key for key, *_ in spec["schedules"]] + spec.get("locations", [])
    for key in dict.fromkeys(place_keys):
        at = upsert(
            ServiceAtLocation,
            demo_id("service_at_location", f"{spec['key']}:{key}"),
            service=service,
            location=locations[key],
        )
        for location_key, byday, opens, closes, times_illustrative in spec["schedules"]:
            if location_key != key:
                continue
            monthly = byday[0].isdigit() or byday[0] == "-"
            upsert(
                Schedule,
                demo_id("schedule", f"{spec['key']}:{key}:{byday}"),
                service=service,
                location=locations[key],
                service_at_location=at,
                freq="MONTHLY" if monthly else "WEEKLY",
                byday=byday,
                interval=1,
                dtstart=SCHEDULE_ANCHOR,
                opens_at=opens,
                closes_at=closes,
                timezone="Europe/London",
                description=spec.get("schedule_description", ""),
                illustrative=times_illustrative,
            )
    return service


def _additional_needs(services: dict[str, Service]) -> None:
    """The SEND vocabulary (directory.filters.SEND_TAXONOMY), and the demo services it tags."""
    taxonomy = upsert(
        Taxonomy,
        demo_id("taxonomy", "send"),
        name=SEND_TAXONOMY,
        description="Support for children with special educational needs and disabilities.",
    )
    for code, name in demo_data.SEND_TERMS:
        upsert(
            TaxonomyTerm,
            demo_id("taxonomy_term", code),
            code=code,
            name=name,
            description=name,
            taxonomy=taxonomy,
            taxonomy_name=taxonomy.name,
        )
    for service_key, codes in demo_data.SEND_SUPPORT.items():
        for code in codes:
            upsert(
                Attribute,
                demo_id("attribute", f"{service_key}:{code}"),
                link_id=services[service_key].id,
                link_type="service",
                link_entity="service",
                taxonomy_term_id=demo_id("taxonomy_term", code),
                illustrative=True,
            )


def _campaign(spec: dict, orgs: dict, services: dict) -> Campaign:
    campaign = upsert(
        Campaign,
        demo_id("campaign", spec["slug"]),
        slug=spec["slug"],
        name=spec["name"],
        starts_on=spec["starts_on"],
        ends_on=spec["ends_on"],
        summary=spec["summary"],
        description=spec["description"],
        illustrative=spec.get("illustrative", False),
    )
    campaign.organizations.set([orgs[k] for k in spec["organizations"]])
    campaign.services.set([services[k] for k in spec["services"]])
    return campaign


def _event(spec: dict, campaigns: dict, locations: dict, orgs: dict) -> Event:
    event = upsert(
        Event,
        demo_id("event", spec["slug"]),
        slug=spec["slug"],
        title=spec["title"],
        campaign=campaigns[spec["campaign"]],
        location=locations[spec["location"]],
        starts_at=datetime.combine(spec["date"], spec["starts"], tzinfo=LONDON),
        ends_at=datetime.combine(spec["date"], spec["ends"], tzinfo=LONDON),
        description=spec["description"],
        times_are_illustrative=spec["times_are_illustrative"],
    )
    event.organizations.set([orgs[k] for k in spec["organizations"]])
    return event


def _news(spec: dict, campaigns: dict, locations: dict, services: dict) -> NewsPost:
    post = upsert(
        NewsPost,
        demo_id("news", spec["slug"]),
        slug=spec["slug"],
        title=spec["title"],
        published_on=spec["published_on"],
        summary=spec["summary"],
        body=spec["body"],
    )
    post.campaigns.set([campaigns[k] for k in spec["campaigns"]])
    post.locations.set([locations[k] for k in spec["locations"]])
    post.services.set([services[k] for k in spec["services"]])
    return post
