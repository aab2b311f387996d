"""Reading families, always scoped to who is asking."""

from datetime import date, datetime
from uuid import UUID

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.roles import staff_hubs
from families.models import Family
from families.signals import family_data_requested
from geo.postcodes import normalise_postcode


def family_for_user(user) -> Family | None:
    """The family a parent's login belongs to, if any."""
    if not (user and user.is_authenticated):
        return None
    return Family.objects.filter(adults__user=user).first()


def families_visible_to(user) -> QuerySet[Family]:
    """Parent: their own family. Hub staff: families registered at, or booked into, their hubs.
    Anyone else (directory editors, commissioners, anonymous): none."""
    if not (user and user.is_authenticated and user.is_active):
        return Family.objects.none()
    scope = Q(adults__user=user)
    hubs = staff_hubs(user)
    if hubs.exists():
        scope |= Q(hub__in=hubs)
        booked = _families_booked_into(hubs)
        if booked is not None:
            scope |= Q(id__in=booked)
    return Family.objects.filter(id__in=Family.objects.filter(scope).values("id"))


def _families_booked_into(hubs) -> QuerySet | None:
    # Looked up lazily: bookings builds on families, so families must not import it.
    try:
        booking = apps.get_model("bookings", "Booking")
    except LookupError:
        return None
    return booking.objects.filter(occurrence__location__in=hubs).values("family")


def staff_family_list(user, search: str = "") -> QuerySet[Family]:
    """Families a member of staff may see, newest first, with what the list shows."""
    families = families_visible_to(user).select_related("hub").prefetch_related("adults")
    if search:
        families = families.filter(
            Q(adults__first_name__icontains=search)
            | Q(adults__last_name__icontains=search)
            | Q(home_postcode__icontains=normalise_postcode(search))
            | Q(children__first_name__icontains=search)
        ).distinct()
    return families.order_by("-created")


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _row(obj: models.Model, leave_out: tuple[str, ...] = ()) -> dict:
    """Every stored field of a row, as JSON-ready values (foreign keys as their ids)."""
    return {
        field.name: _plain(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in leave_out
    }


def _bookings_export(family: Family) -> dict:
    """The family's bookings and attendance, looked up lazily like _families_booked_into."""
    try:
        booking = apps.get_model("bookings", "Booking")
        attendance = apps.get_model("bookings", "Attendance")
    except LookupError:
        return {}
    bookings = (
        booking.objects.filter(family=family)
        .select_related("occurrence__service", "occurrence__location")
        .prefetch_related("children")
    )
    return {
        "bookings": [
            {
                **_row(row),
                "session": row.occurrence.service.name,
                "starts_at": _plain(row.occurrence.starts_at),
                "place": row.occurrence.location.name if row.occurrence.location else None,
                "children": [str(child.pk) for child in row.children.all()],
            }
            for row in bookings
        ],
        "attendance": [_row(row) for row in attendance.objects.filter(family=family)],
    }


def family_export(family: Family) -> dict:
    """Everything held about a family (a subject access download), including what other apps
    add through the family_data_requested signal."""
    family = (
        Family.objects.select_related("hub")
        .prefetch_related("adults__user", "children", "consents")
        .get(pk=family.pk)
    )
    data = {
        "family": {**_row(family), "hub_name": family.hub.name if family.hub else None},
        "adults": [
            {**_row(adult), "login_email": adult.user.email if adult.user else None}
            for adult in family.adults.all()
        ],
        "children": [_row(child) for child in family.children.all()],
        "consents": [_row(consent) for consent in family.consents.all()],
    }
    data.update(_bookings_export(family))
    for _receiver, section in family_data_requested.send(sender=Family, family=family):
        if section:
            name, rows = section
            data[name] = rows
    return data
