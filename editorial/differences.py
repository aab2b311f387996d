"""The difference between two snapshots of a listing, answer by answer, in words an editor reads.

Snapshots are the plain dicts of `directory.listing.listing_snapshot`: the service's own answers,
then lists of rows (places, times, costs, contacts, phones, languages) and topic ids. A changed
answer shows old → new; in a list, a changed row shows as the old row removed and the new one
added, each on one line; ids are shown as the names of what they point to.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from directory.models import (
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from timetable.rules_in_words import describe

NOT_GIVEN = "Not given"

# The service's answers in the words of the management pages.
SERVICE_LABELS = {
    "name": "Name",
    "alternate_name": "Other name",
    "organization_id": "Organisation",
    "description": "Description",
    "url": "Website",
    "email": "Email",
    "status": "Status",
    "alert": "Important message",
    "for_expectant_parents": "For expectant parents",
    "minimum_age": "Youngest age (years)",
    "maximum_age": "Oldest age (years)",
    "eligibility_description": "Who it is for, in words",
    "join_method": "How to join",
    "application_process": "How to join, in words",
    "wait_time": "Waiting time",
    "fees_description": "Cost, in words",
    "fees": "Fees",
    "interpretation_services": "Interpreters",
}
LIST_LABELS = {
    "service_at_locations": "Places",
    "schedules": "When it runs",
    "cost_options": "Costs",
    "contacts": "Contacts",
    "phones": "Phone numbers",
    "languages": "Languages",
    "topics": "Topics",
}
# What links a row to something else, named rather than shown as an id.
LINKS = {"location_id": Location, "organization_id": Organization}
ROW_LABELS = {
    "location_id": "Place",
    "amount": "Amount",
    "option": "Option",
    "amount_description": "Cost, in words",
    "number": "Number",
    "name": "Name",
    "title": "Role",
}


@dataclass(frozen=True)
class Difference:
    label: str
    before: list[str]
    after: list[str]


@dataclass
class Words:
    """Says snapshot values in words, looking up (once each) the names of linked records."""

    names: dict[tuple[type[models.Model], str], str] = field(default_factory=dict)

    def name_of(self, model: type[models.Model], pk: object) -> str:
        key = (model, str(pk))
        if key not in self.names:
            found = model.objects.filter(pk=pk).first() if _is_id(pk) else None
            self.names[key] = str(found) if found else "Something since removed"
        return self.names[key]

    def value(self, model: type[models.Model], attname: str, value: object) -> str:
        if value is None or value == "":
            return NOT_GIVEN
        if attname in LINKS:
            return self.name_of(LINKS[attname], value)
        if value is True or value is False:
            return "Yes" if value else "No"
        choices = _choices(model, attname)
        if choices and str(value) in choices:
            return choices[str(value)]
        if isinstance(value, str) and _is_decimal_field(model, attname):
            return _decimal_words(value)
        return str(value)

    def row(self, key: str, row: dict) -> str:
        if key == "schedules":
            return self.schedule(row)
        model = ROW_MODELS.get(key)
        parts = [
            f"{ROW_LABELS.get(attname, attname.replace('_', ' ').capitalize())}: {words}"
            for attname, value in row.items()
            if attname != "id" and (words := self.value(model, attname, value)) != NOT_GIVEN
        ]
        return "; ".join(parts) or NOT_GIVEN

    def schedule(self, row: dict) -> str:
        text = describe(_schedule_from(row)) or "No times given"
        if row.get("location_id"):
            text += f", at {self.name_of(Location, row['location_id'])}"
        return text


ROW_MODELS: dict[str, type[models.Model]] = {
    "service_at_locations": ServiceAtLocation,
    "schedules": Schedule,
    "cost_options": CostOption,
    "contacts": Contact,
    "phones": Phone,
    "languages": Language,
}


def _is_id(value: object) -> bool:
    try:
        models.UUIDField().to_python(value)
    except ValidationError:
        return False
    return True


def _model_field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(attname.removesuffix("_id"))
    except FieldDoesNotExist:
        return None


def _choices(model: type[models.Model] | None, attname: str) -> dict[str, str]:
    model_field = _model_field(model, attname)
    return {str(k): str(v) for k, v in (model_field.choices or [])} if model_field else {}


def _is_decimal_field(model: type[models.Model] | None, attname: str) -> bool:
    return isinstance(_model_field(model, attname), models.DecimalField)


def _decimal_words(value: str) -> str:
    """'2.00' reads as '2', '1.50' as '1.5'."""
    try:
        return f"{Decimal(value).normalize():f}"
    except InvalidOperation:
        return value


def _schedule_from(row: dict) -> Schedule:
    """An unsaved schedule holding a snapshot row's answers, to be said in words."""
    schedule = Schedule()
    for attname, value in row.items():
        model_field = _model_field(Schedule, attname)
        if attname != "id" and model_field is not None and value is not None:
            target = getattr(model_field, "target_field", model_field)
            setattr(schedule, attname, target.to_python(value))
    return schedule


def differences(published: dict, proposed: dict) -> list[Difference]:
    """Every answer that reads differently in `proposed` than in `published`."""
    words = Words()
    found: list[Difference] = []
    old_service, new_service = published.get("service", {}), proposed.get("service", {})
    for attname in SERVICE_LABELS:
        before = words.value(Service, attname, old_service.get(attname))
        after = words.value(Service, attname, new_service.get(attname))
        if before != after:
            found.append(Difference(SERVICE_LABELS[attname], [before], [after]))
    for key, label in LIST_LABELS.items():
        if key == "topics":
            old = [words.name_of(TaxonomyTerm, pk) for pk in published.get(key, [])]
            new = [words.name_of(TaxonomyTerm, pk) for pk in proposed.get(key, [])]
        else:
            old = [words.row(key, row) for row in published.get(key, [])]
            new = [words.row(key, row) for row in proposed.get(key, [])]
        removed = [line for line in old if line not in new]
        added = [line for line in new if line not in old]
        if removed or added:
            found.append(
                Difference(
                    label,
                    [f"Removed: {line}" for line in removed],
                    [f"Added: {line}" for line in added],
                )
            )
    return found
