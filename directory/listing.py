"""A service's listing as one plain value, and the one way a change to it is saved.

The management pages never write the directory tables themselves. They read a listing with
`listing_snapshot`, change the dict, and hand it to `save_listing_change`, which either publishes
it (`apply_listing`) or, through `editorial.changes.submit`, keeps it for an editor's review while
parents go on seeing the published version. Versions, differences and restores all work on
these snapshots.

A snapshot is JSON (strings, numbers, booleans, None, lists, dicts):

    {
        "service": {"name": ..., "organization_id": "<uuid>", "minimum_age": "0.00", ...},
        "service_at_locations": [{"id": "<uuid>", "location_id": "<uuid>", "description": ""}],
        "schedules": [{"id": ..., "location_id": "<uuid or None>", "freq": "WEEKLY", ...}],
        "cost_options": [...], "contacts": [...], "phones": [...], "languages": [...],
        "topics": ["<taxonomy term uuid>", ...],
    }

Nested rows keep their ids, so an unchanged row keeps its id (bookings and ORUK readers hold
them); a row without an id is new; a row missing from the snapshot is deleted. A schedule names
only the place it runs at (`location_id`): the service-at-location link follows from it.
"""

import importlib
import importlib.util
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import Q, QuerySet

from directory.models import (
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from directory.scopes import is_directory_editor

PUBLISHED = "published"
WAITING_FOR_REVIEW = "waiting for review"
SENT_BACK = "sent back"
DRAFT = "draft"

# The service's own fields the management pages edit (status included: publishing a draft is a
# change of status from inactive to active, reviewed like any other).
SERVICE_FIELDS = (
    "name",
    "alternate_name",
    "organization_id",
    "description",
    "url",
    "email",
    "status",
    "alert",
    "for_expectant_parents",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "join_method",
    "application_process",
    "wait_time",
    "fees_description",
    "fees",
    "interpretation_services",
)


class ListingChangeRefused(Exception):
    """The person may not publish this change and there is no review queue to put it in."""


@dataclass(frozen=True)
class NestedRows:
    """One table of rows belonging to a service: which rows, and which of their fields we hold."""

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    rows_of: Callable[[Service], QuerySet]
    # Sets the links to the service (and anything derived from the row) before saving.
    attach: Callable[[Service, models.Model], None]


def _attach_to_service(service: Service, row: models.Model) -> None:
    row.service = service


def _attach_schedule(service: Service, schedule: Schedule) -> None:
    """Where a session runs is the one answer `location_id`; the service-at-location follows."""
    schedule.service = service
    schedule.service_at_location = (
        ServiceAtLocation.objects.filter(service=service, location_id=schedule.location_id).first()
        if schedule.location_id
        else None
    )


SCHEDULE_FIELDS = (
    "location_id",
    "description",
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "byweekno",
    "byyearday",
    "wkst",
    "dtstart",
    "until",
    "count",
    "valid_from",
    "valid_to",
    "opens_at",
    "closes_at",
    "timezone",
    "attending_type",
    "notes",
    "schedule_link",
)

# In the order they are written: places before the schedules that name them.
NESTED = (
    NestedRows(
        "service_at_locations",
        ServiceAtLocation,
        ("location_id", "description"),
        lambda service: service.service_at_locations.order_by("location__name", "id"),
        _attach_to_service,
    ),
    NestedRows(
        "schedules",
        Schedule,
        SCHEDULE_FIELDS,
        lambda service: Schedule.objects.filter(
            Q(service=service) | Q(service_at_location__service=service)
        ).order_by("dtstart", "opens_at", "id"),
        _attach_schedule,
    ),
    NestedRows(
        "cost_options",
        CostOption,
        ("option", "amount", "currency", "amount_description", "valid_from", "valid_to"),
        lambda service: service.cost_options.order_by("amount", "id"),
        _attach_to_service,
    ),
    NestedRows(
        "contacts",
        Contact,
        ("name", "title", "department", "email"),
        lambda service: service.contacts.order_by("name", "id"),
        _attach_to_service,
    ),
    NestedRows(
        "phones",
        Phone,
        ("number", "extension", "type", "description"),
        lambda service: service.phones.order_by("number", "id"),
        _attach_to_service,
    ),
    NestedRows(
        "languages",
        Language,
        ("name", "code", "note"),
        lambda service: service.languages.order_by("name", "id"),
        _attach_to_service,
    ),
)


def _field(model: type[models.Model], attname: str) -> models.Field:
    return next(field for field in model._meta.concrete_fields if field.attname == attname)


def _plain(model: type[models.Model], attname: str, value: Any) -> Any:
    """A field's value as JSON: strings for ids, decimals, dates and times."""
    if value is None or isinstance(value, bool | int | str):
        return value
    field = _field(model, attname)
    if isinstance(field, models.DecimalField):
        # The same amount is the same text whether it came from a form (2) or the database (2.00).
        return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))
    return field.value_to_string(model(**{attname: value}))


def _typed(model: type[models.Model], attname: str, value: Any) -> Any:
    """A JSON value back as the field's Python value."""
    field = _field(model, attname)
    if value is None:
        return None if field.null else field.get_default()
    if isinstance(field, models.ForeignKey):
        return field.target_field.to_python(value)
    return field.to_python(value)


def _row(model: type[models.Model], obj: models.Model, fields: tuple[str, ...]) -> dict:
    return {attname: _plain(model, attname, getattr(obj, attname)) for attname in fields}


def topic_ids(service: Service) -> list[str]:
    """The taxonomy terms linked to a service (topics and additional needs alike)."""
    linked = Attribute.objects.filter(link_entity="service", link_id=service.pk)
    return sorted({str(term_id) for term_id in linked.values_list("taxonomy_term_id", flat=True)})


def listing_snapshot(service: Service) -> dict:
    """Everything the management pages edit about a service, as JSON."""
    snapshot: dict[str, Any] = {"service": _row(Service, service, SERVICE_FIELDS)}
    for nested in NESTED:
        snapshot[nested.key] = [
            {"id": str(obj.pk), **_row(nested.model, obj, nested.fields)}
            for obj in nested.rows_of(service)
        ]
    snapshot["topics"] = topic_ids(service)
    return snapshot


def empty_snapshot(organization_id: str | None = None) -> dict:
    """A listing not yet written: a draft with no rows."""
    service = Service(organization_id=organization_id, status=Service.Status.INACTIVE)
    snapshot: dict[str, Any] = {"service": _row(Service, service, SERVICE_FIELDS)}
    snapshot.update({nested.key: [] for nested in NESTED})
    snapshot["topics"] = []
    return snapshot


@transaction.atomic
def apply_listing(service: Service, snapshot: dict, by=None) -> Service:
    """Write a snapshot to the live tables in one transaction: the service's fields, then each
    table of nested rows (updated in place, created, or deleted), then its topics.

    `by` is who made the change (kept by the review history; the tables do not record it).
    A row naming a place that no longer exists is left out (a restored old version)."""
    for attname, value in snapshot["service"].items():
        if attname in SERVICE_FIELDS:
            setattr(service, attname, _typed(Service, attname, value))
    service.save()  # bumps last_modified: the listing changed
    for nested in NESTED:
        _write_rows(service, nested, snapshot.get(nested.key, []))
    _write_topics(service, snapshot.get("topics", []))
    return service


def _write_rows(service: Service, nested: NestedRows, rows: list[dict]) -> None:
    existing = {str(obj.pk): obj for obj in nested.rows_of(service)}
    known_places = _existing_places(rows)
    wanted = [row for row in rows if row.get("location_id") in known_places]
    keep = {row["id"] for row in wanted if row.get("id") in existing}
    for row_id, obj in existing.items():
        if row_id not in keep:
            obj.delete()
    for row in wanted:
        obj = existing.get(row.get("id")) or nested.model(id=row.get("id") or uuid.uuid4())
        for attname in nested.fields:
            if attname in row:  # a field a row leaves out keeps its value (or its default)
                setattr(obj, attname, _typed(nested.model, attname, row[attname]))
        nested.attach(service, obj)
        obj.save()


def _existing_places(rows: list[dict]) -> set:
    """The location ids named by rows that still exist, plus None (a row naming no place)."""
    named = {row.get("location_id") for row in rows} - {None}
    found = Location.objects.filter(pk__in=named).values_list("pk", flat=True)
    return {None, *(str(pk) for pk in found)}


def _write_topics(service: Service, term_ids: list[str]) -> None:
    linked = Attribute.objects.filter(link_entity="service", link_id=service.pk)
    wanted = {uuid.UUID(str(term_id)) for term_id in term_ids}
    linked.exclude(taxonomy_term_id__in=wanted).delete()
    held = set(linked.values_list("taxonomy_term_id", flat=True))
    Attribute.objects.bulk_create(
        Attribute(
            link_id=service.pk, link_entity="service", link_type="service", taxonomy_term_id=term
        )
        for term in wanted - held
    )


def is_draft(service: Service) -> bool:
    """Not yet public: a new listing being written, or one taken down."""
    return service.status != Service.Status.ACTIVE


def pending_change(service: Service):
    """The provider's change waiting for review or sent back (`editorial.PendingChange`), or None
    (none waiting, or no review queue installed)."""
    try:
        return service.pending_change
    except (AttributeError, ObjectDoesNotExist):
        return None


def current_snapshot(service: Service) -> dict:
    """The listing as its editor last left it: a change still waiting for review (or sent back)
    is what they carry on from, not the published version."""
    pending = pending_change(service)
    return pending.snapshot if pending is not None else listing_snapshot(service)


def listing_status(service: Service) -> str:
    """PUBLISHED, WAITING_FOR_REVIEW, SENT_BACK or DRAFT, as the task list shows it."""
    pending = pending_change(service)
    if pending is not None:
        return SENT_BACK if pending.status == SENT_BACK else WAITING_FOR_REVIEW
    return DRAFT if is_draft(service) else PUBLISHED


def _review_queue():
    """`editorial.changes`, the review queue, once it exists."""
    if importlib.util.find_spec("editorial.changes") is None:
        return None
    return importlib.import_module("editorial.changes")


def save_listing_change(service: Service, by, snapshot: dict) -> str:
    """Save a change to a listing the way `by` is allowed to; returns PUBLISHED,
    WAITING_FOR_REVIEW or DRAFT.

    A draft that stays a draft is written straight away: parents cannot see it, so there is
    nothing to review yet. Anything parents would see goes to the review queue, which publishes
    at once for editors (and providers they trust) and holds the rest for review."""
    if is_draft(service) and snapshot["service"].get("status") != Service.Status.ACTIVE:
        apply_listing(service, snapshot, by)
        return DRAFT
    queue = _review_queue()
    if queue is not None:
        return queue.submit(service, by, snapshot)
    if not is_directory_editor(by):
        raise ListingChangeRefused(
            "Your changes cannot be published yet: ask a council directory editor to make them."
        )
    apply_listing(service, snapshot, by)
    return PUBLISHED
