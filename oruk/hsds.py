"""HSDS 3.0 tables and their fields, read from the official schemas, and the mapping to our models.

One place says which HSDS table is which model, how records nest, and how a value crosses
between JSON and Python; the API, the importer and the exporter all use it.
"""

import json
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import models

from directory import models as directory

SCHEMA_DIR = Path(__file__).parent / "hsds_schema"

MODELS: dict[str, type[models.Model]] = {
    "organization": directory.Organization,
    "program": directory.Program,
    "service": directory.Service,
    "location": directory.Location,
    "address": directory.Address,
    "service_at_location": directory.ServiceAtLocation,
    "schedule": directory.Schedule,
    "cost_option": directory.CostOption,
    "contact": directory.Contact,
    "phone": directory.Phone,
    "language": directory.Language,
    "accessibility": directory.Accessibility,
    "service_area": directory.ServiceArea,
    "taxonomy": directory.Taxonomy,
    "taxonomy_term": directory.TaxonomyTerm,
    "attribute": directory.Attribute,
    "funding": directory.Funding,
    "organization_identifier": directory.OrganizationIdentifier,
    "required_document": directory.RequiredDocument,
    "metadata": directory.Metadata,
}

# The tabular package's file for each table (as in the official examples/csv and tabular.json).
CSV_FILES: dict[str, str] = {
    "organization": "organizations.csv",
    "program": "programs.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "address": "addresses.csv",
    "service_at_location": "service_at_location.csv",
    "schedule": "schedules.csv",
    "cost_option": "cost_options.csv",
    "contact": "contacts.csv",
    "phone": "phones.csv",
    "language": "languages.csv",
    "accessibility": "accessibility.csv",
    "service_area": "service_areas.csv",
    "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "attribute": "attributes.csv",
    "funding": "funding.csv",
    "organization_identifier": "organization_identifiers.csv",
    "required_document": "required_documents.csv",
    "metadata": "metadata.csv",
}
# Documentation of the tables themselves: nothing to store.
IGNORED_CSV_FILES = {"meta_table_descriptions.csv", "datapackage.json"}

# Where an HSDS field is stored under another name (HSDS's free-text 'taxonomy' beside our link).
STORED_AS = {("taxonomy_term", "taxonomy"): "taxonomy_name"}

# Arrays of records nested in a record: key -> (table, the child's field naming the parent).
CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "organization": {
        "funding": ("funding", "organization_id"),
        "contacts": ("contact", "organization_id"),
        "phones": ("phone", "organization_id"),
        "locations": ("location", "organization_id"),
        "programs": ("program", "organization_id"),
        "organization_identifiers": ("organization_identifier", "organization_id"),
        "services": ("service", "organization_id"),
    },
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_areas": ("service_area", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "required_documents": ("required_document", "service_id"),
        "contacts": ("contact", "service_id"),
    },
    "location": {
        "languages": ("language", "location_id"),
        "addresses": ("address", "location_id"),
        "contacts": ("contact", "location_id"),
        "accessibility": ("accessibility", "location_id"),
        "phones": ("phone", "location_id"),
        "schedules": ("schedule", "location_id"),
    },
    "service_at_location": {
        "contacts": ("contact", "service_at_location_id"),
        "phones": ("phone", "service_at_location_id"),
        "schedules": ("schedule", "service_at_location_id"),
    },
    "contact": {"phones": ("phone", "contact_id")},
    "phone": {"languages": ("language", "phone_id")},
}
# Single records nested in a record: key -> (table, this record's field naming it).
PARENTS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "organization": ("organization", "organization_id"),
        "program": ("program", "program_id"),
    },
    "service_at_location": {
        "location": ("location", "location_id"),
        "service": ("service", "service_id"),
    },
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
}
# Tables whose records may carry attributes (HSDS links them by link_id) and metadata.
WITHOUT_ATTRIBUTES = {"taxonomy", "taxonomy_term", "attribute", "metadata"}
WITHOUT_METADATA = {"metadata"}

# Our fields with no HSDS home travel as attributes of their record, under terms of our own.
FAMILYHUBS_TAXONOMY_ID = uuid.uuid5(uuid.NAMESPACE_URL, "https://familyhubs.local/hsds/taxonomy")


def _term(field: str, name: str, description: str) -> dict:
    return {
        "id": uuid.uuid5(FAMILYHUBS_TAXONOMY_ID, field),
        "code": "familyhubs-" + field.replace("_", "-"),
        "name": name,
        "description": description,
    }


EXTRAS: dict[str, dict[str, dict]] = {
    "service": {
        "for_expectant_parents": _term(
            "for_expectant_parents",
            "For expectant parents",
            "Whether expectant parents may use the service: 'true' or 'false'.",
        ),
        "join_method": _term(
            "join_method",
            "How families join",
            "drop_in (just come along), booking (book a place) or referral.",
        ),
    },
    "location": {
        "is_family_hub": _term(
            "is_family_hub", "Family Hub", "Whether the place is a Family Hub: 'true' or 'false'."
        ),
        "slug": _term(
            "slug", "Hub page address", "The hub page's short web address, e.g. tilbury."
        ),
    },
}
# term id -> (table, field)
EXTRA_BY_TERM = {
    str(spec["id"]): (table_name, field)
    for table_name, fields in EXTRAS.items()
    for field, spec in fields.items()
}
FAMILYHUBS_TAXONOMY = {
    "id": str(FAMILYHUBS_TAXONOMY_ID),
    "name": "Family Hubs",
    "description": "Family Hubs fields that HSDS has no place for, carried as attributes.",
}
RESERVED_IDS = {FAMILYHUBS_TAXONOMY_ID} | {
    spec["id"] for fields in EXTRAS.values() for spec in fields.values()
}


def familyhubs_terms() -> list[dict]:
    """Our extras' taxonomy terms as HSDS records (exported, never stored)."""
    return [
        {
            "id": str(spec["id"]),
            "code": spec["code"],
            "name": spec["name"],
            "description": spec["description"],
            "taxonomy": "Family Hubs",
            "taxonomy_id": str(FAMILYHUBS_TAXONOMY_ID),
        }
        for fields in EXTRAS.values()
        for spec in fields.values()
    ]


class Invalid(ValueError):
    """A value HSDS or our database cannot take; the message says why, for a person."""


@dataclass(frozen=True)
class Field:
    name: str  # the HSDS name
    attname: str  # where our model keeps it
    json_type: str  # "string" or "number", as the schema says
    required: bool
    enum: tuple[str, ...] | None
    model_field: models.Field
    kind: str  # how the value is converted: see _CONVERTERS


@dataclass
class Table:
    name: str
    model: type[models.Model]
    fields: tuple[Field, ...]

    @property
    def csv_file(self) -> str:
        return CSV_FILES[self.name]

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


def _schema(table: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8"))


@cache
def table(name: str) -> Table:
    """The HSDS table `name`: its scalar fields in schema order, with their model fields."""
    schema = _schema(name)
    model = MODELS[name]
    required = set(schema.get("required", []))
    fields = []
    for field_name, spec in schema["properties"].items():
        if spec.get("type") not in ("string", "number"):
            continue  # nested arrays and objects: see CHILDREN and PARENTS
        attname = STORED_AS.get((name, field_name), field_name)
        fields.append(
            Field(
                name=field_name,
                attname=attname,
                json_type=spec["type"],
                required=field_name in required,
                enum=tuple(spec["enum"]) if "enum" in spec else None,
                model_field=model._meta.get_field(attname),
                kind=_kind(field_name, model._meta.get_field(attname)),
            )
        )
    return Table(name=name, model=model, fields=tuple(fields))


def tables() -> list[Table]:
    return [table(name) for name in MODELS]


# Values, HSDS to Python ---------------------------------------------------------------


def timezone_name(offset: float) -> str:
    """An IANA zone for HSDS's numeric UTC offset (whole hours only; 0 is the UK)."""
    if isinstance(offset, bool) or not isinstance(offset, int | float) or offset != int(offset):
        raise Invalid("must be a whole number of hours from UTC, like 0 or 1")
    hours = int(offset)
    if hours == 0:
        return "Europe/London"  # a UK directory: UTC+0 is UK time, with its summer clock change
    if not -12 <= hours <= 14:
        raise Invalid("must be between -12 and 14 hours from UTC")
    return f"Etc/GMT{-hours:+d}"  # the Etc zones count the other way: Etc/GMT-3 is UTC+3


def timezone_offset(name: str) -> int | float:
    """HSDS's number for our IANA zone: its standard (winter) offset from UTC, in hours."""
    zone = ZoneInfo(name or "Europe/London")
    january = datetime(2025, 1, 15, 12, tzinfo=zone)
    standard = january.utcoffset() - january.dst()
    hours = standard.total_seconds() / 3600
    return int(hours) if hours == int(hours) else hours


def _number(value) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise Invalid("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid("must be a finite number")
    return value


def _kind(name: str, model_field: models.Field) -> str:
    if name == "timezone":
        return "timezone"
    kinds = [
        (models.UUIDField | models.ForeignKey, "uuid"),
        (models.DateTimeField, "datetime"),
        (models.DateField, "date"),
        (models.TimeField, "time"),
        (models.DecimalField, "decimal"),
        (models.FloatField, "float"),
        (models.PositiveIntegerField | models.PositiveSmallIntegerField, "positive"),
        (models.IntegerField, "integer"),
    ]
    return next((kind for types, kind in kinds if isinstance(model_field, types)), "text")


def _to_uuid(field: Field, value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Invalid("is not a valid id (a UUID)") from None


def _to_datetime(field: Field, value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid("is not a date and time (like 2025-06-01T09:30:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _to_date(field: Field, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid("is not a date (YYYY-MM-DD)") from None


def _to_time(field: Field, value: str) -> time:
    try:
        return time.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        raise Invalid("is not a time (HH:MM:SS)") from None


def _to_decimal(field: Field, value) -> Decimal:
    model_field = field.model_field
    number = Decimal(str(value))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > model_field.decimal_places:
        raise Invalid(f"must have at most {model_field.decimal_places} decimal places")
    if abs(number) >= Decimal(10) ** (model_field.max_digits - model_field.decimal_places):
        raise Invalid("is too large")
    return number


def _to_integer(field: Field, value) -> int:
    if value != int(value):
        raise Invalid("must be a whole number")
    if field.kind == "positive" and value < 0:
        raise Invalid("must be 0 or more")
    if abs(value) > 2_147_483_647:
        raise Invalid("is too large")
    return int(value)


def _to_text(field: Field, value: str) -> str:
    limit = field.model_field.max_length
    if limit and len(value) > limit:
        raise Invalid(f"must be {limit} characters or fewer")
    return value


_CONVERTERS = {
    "timezone": lambda field, value: timezone_name(value),
    "uuid": _to_uuid,
    "datetime": _to_datetime,
    "date": _to_date,
    "time": _to_time,
    "decimal": _to_decimal,
    "float": lambda field, value: float(value),
    "positive": _to_integer,
    "integer": _to_integer,
    "text": _to_text,
}


def to_python(field: Field, value):
    """The Python value our model stores for an HSDS JSON value, or Invalid."""
    if field.json_type == "number":
        value = _number(value)
    elif type(value) is int:
        value = str(
            value
        )  # feeds (even the official tabular.json) give ids like 1234567 as numbers
    elif not isinstance(value, str):
        raise Invalid("must be text")
    if field.enum and value not in field.enum:
        raise Invalid("must be one of: " + ", ".join(field.enum))
    return _CONVERTERS[field.kind](field, value)


def from_csv(field: Field, text: str):
    """A CSV cell as the JSON value HSDS means (cells are text; numbers are numbers)."""
    if field.json_type != "number":
        return text
    try:
        number = float(text)
    except ValueError:
        raise Invalid("must be a number") from None
    return int(number) if number.is_integer() and "." not in text else number


# Values, Python to HSDS ---------------------------------------------------------------


def to_json(field: Field, value):
    """The HSDS JSON value of a stored value (None for 'leave it out')."""
    if value is None or value == "":
        return None
    if field.name == "timezone":
        return timezone_offset(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return json_datetime(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def json_datetime(value: datetime) -> str:
    """UTC, ending in Z, as precise as the value is (so feeds' own times come back unchanged)."""
    value = value.astimezone(UTC)
    spec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
    if not value.microsecond:
        spec = "seconds"
    return value.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def record(table_name: str, obj: models.Model) -> dict:
    """The scalar HSDS fields of a stored record, in schema order, leaving out empty ones."""
    out = {}
    for field in table(table_name).fields:
        value = to_json(field, getattr(obj, field.attname))
        if value is not None:
            out[field.name] = value
    return out


def extra_attributes(table_name: str, obj: models.Model) -> list[dict]:
    """Our own fields of a record as HSDS attributes (ids derived, so exports are stable)."""
    attributes = []
    terms = {t["id"]: t for t in familyhubs_terms()}
    for field, term in EXTRAS.get(table_name, {}).items():
        value = getattr(obj, field)
        if isinstance(value, bool):
            value = "true" if value else "false"
        attributes.append(
            {
                "id": str(uuid.uuid5(term["id"], str(obj.pk))),
                "link_id": str(obj.pk),
                "link_type": "familyhubs",
                "link_entity": table_name,
                "taxonomy_term_id": str(term["id"]),
                "taxonomy_term": terms[str(term["id"])],
                "value": value or "",
            }
        )
    return attributes


def extra_value(table_name: str, field: str, text):
    """The stored value of one of our extras from its attribute's value."""
    model_field = MODELS[table_name]._meta.get_field(field)
    if not isinstance(text, str):
        raise Invalid("must be text")
    if isinstance(model_field, models.BooleanField):
        if text not in ("true", "false"):
            raise Invalid("must be 'true' or 'false'")
        return text == "true"
    if model_field.choices and text not in {value for value, _ in model_field.choices}:
        raise Invalid("must be one of: " + ", ".join(value for value, _ in model_field.choices))
    if model_field.max_length and len(text) > model_field.max_length:
        raise Invalid(f"must be {model_field.max_length} characters or fewer")
    return None if text == "" and model_field.null else text
