"""What families are told about their bookings. Called inside the change's transaction: the
notification row commits with the booking, and is sent by the task queue afterwards."""

from collections.abc import Sequence

from django.contrib.auth import get_user_model

from bookings.links import calendar_path
from bookings.models import Booking, SessionOccurrence
from families.models import Child
from notifications.services import notify, render_message
from timetable.selectors import LONDON


def recipient_for(booking: Booking):
    """The parent who booked; failing that, any parent in the family with a login."""
    if booking.booked_by_id:
        return booking.booked_by
    return get_user_model().objects.filter(family_adults__family_id=booking.family_id).first()


def _send(
    booking: Booking,
    kind: str,
    event_key: str,
    occurrence: SessionOccurrence,
    children: Sequence[Child] | None = None,
) -> None:
    recipient = recipient_for(booking)
    if recipient is None:
        return
    context = {
        "booking": booking,
        "occurrence": occurrence,
        "service": occurrence.service,
        "location": occurrence.location,
        "starts_at": occurrence.starts_at.astimezone(LONDON),
        "ends_at": occurrence.ends_at.astimezone(LONDON),
        "calendar_path": calendar_path(occurrence),
        "children": [
            child.first_name or "Your baby"
            for child in (booking.children.all() if children is None else children)
        ],
    }
    subject, body = render_message(f"bookings/notifications/{kind}", context)
    notify(recipient, kind, event_key, subject, body)


def booking_made(booking: Booking, children: Sequence[Child]) -> None:
    kind = (
        "booking_confirmed" if booking.status == Booking.Status.CONFIRMED else "waiting_list_joined"
    )
    _send(booking, kind, f"booking:{booking.pk}", booking.occurrence, children)


def promoted(booking: Booking) -> None:
    _send(booking, "waiting_list_promoted", f"booking:{booking.pk}", booking.occurrence)


def cancelled_by_family(booking: Booking) -> None:
    _send(booking, "booking_cancelled", f"booking:{booking.pk}", booking.occurrence)


def session_cancelled(booking: Booking, occurrence: SessionOccurrence) -> None:
    _send(booking, "session_cancelled", f"occurrence:{occurrence.pk}", occurrence)


def reminder(booking: Booking) -> None:
    occurrence = booking.occurrence
    key = f"booking:{booking.pk}:{occurrence.starts_at.astimezone(LONDON):%Y%m%d%H%M}"
    _send(booking, "booking_reminder", key, occurrence)
