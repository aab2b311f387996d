"""Reading families, always scoped to who is asking."""

from django.apps import apps
from django.db.models import Q, QuerySet

from accounts.roles import staff_hubs
from families.models import Family


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
    return Family.objects.filter(scope).distinct()


def _families_booked_into(hubs) -> QuerySet | None:
    # Looked up lazily: bookings builds on families, so families must not import it.
    try:
        booking = apps.get_model("bookings", "Booking")
    except LookupError:
        return None
    return booking.objects.filter(occurrence__location__in=hubs).values("child__family")
