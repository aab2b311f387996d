"""A family's data download as a person reads it: the same sections and values as the JSON file
(`selectors.family_export`), with plain labels, dates written out and choices in words."""

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

SECTION_TITLES = {
    "family": "Your household",
    "adults": "Adults",
    "children": "Children",
    "consents": "What you agreed to",
    "bookings": "Bookings",
    "attendance": "Sessions your children came to",
    "requests_for_support": "Requests for support",
}
SECTION_MODELS = {
    "family": "families.Family",
    "adults": "families.Adult",
    "children": "families.Child",
    "consents": "families.Consent",
    "bookings": "bookings.Booking",
    "attendance": "bookings.Attendance",
    "requests_for_support": "referrals.RequestForSupport",
}
# Keys the export adds beside a model's own fields, and fields whose own name is unclear.
LABELS = {
    "id": "Reference number",
    "hub_name": "Family hub",
    "login_email": "Email address you sign in with",
    "session": "Session",
    "starts_at": "Session starts",
    "place": "Place",
    "children": "Children booked (reference numbers)",
    "created": "Record made",
    "updated": "Last changed",
    "last_active_at": "Last used",
    "service_name": "Service",
}
NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    records: list[list[Item]]


def _model(section: str) -> type[models.Model] | None:
    try:
        return apps.get_model(SECTION_MODELS[section])
    except (KeyError, LookupError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _label(key: str, field: models.Field | None) -> str:
    if key in LABELS:
        return LABELS[key]
    if field is None:
        return key.replace("_", " ").capitalize()
    label = str(field.verbose_name)
    if field.is_relation:
        label += " (reference number)"
    return label[:1].upper() + label[1:]


def _when(text: str) -> str:
    """'2026-12-02T10:15:00+00:00' as '2 December 2026 at 10:15am' (UK time), a date alone as
    '2 December 2026', anything else as it is."""
    try:
        if "T" in text:
            moment = timezone.localtime(datetime.fromisoformat(text))
            clock = f"{moment:%-I:%M%p}".lower().replace(":00", "")
            return f"{moment:%-d %B %Y} at {clock}"
        return f"{date.fromisoformat(text):%-d %B %Y}"
    except ValueError:
        return text


def _value(value, field: models.Field | None) -> str:
    if value is None or value == "":
        return NOT_GIVEN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_value(v, None) for v in value) or "None"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and value[:4].isascii() and value[:4].isdigit():
        return _when(value)
    return str(value)


def _record(row: dict, model: type[models.Model] | None) -> list[Item]:
    items = []
    for key, value in row.items():
        field = _field(model, key)
        items.append(Item(_label(key, field), _value(value, field)))
    return items


def readable_sections(export: dict) -> list[Section]:
    """Every section of the export, every key of every row, in the export's order."""
    sections = []
    for key, rows in export.items():
        model = _model(key)
        rows = rows if isinstance(rows, list) else [rows]
        title = SECTION_TITLES.get(key, key.replace("_", " ").capitalize())
        sections.append(Section(key, title, [_record(row, model) for row in rows]))
    return sections
