"""Changing whether and how a service takes bookings (the staff's booking question page)."""

from django.db import transaction

from bookings.models import BookingSettings, PlacesCountedPer
from bookings.services import apply_settings_to_future_sessions
from directory.models import Service


def offers_waiting_list(service: Service) -> bool:
    """Whether families may join the waiting list of this service's full sessions."""
    settings = BookingSettings.objects.filter(service=service).only("has_waiting_list").first()
    return settings is None or settings.has_waiting_list


def current_answers(service: Service) -> dict:
    """The booking page's answers as the service has them now."""
    settings = BookingSettings.objects.filter(service=service).first()
    bookable = service.join_method == Service.JoinMethod.BOOKING
    if settings is None:
        return {"bookable": "yes" if bookable else "no"}
    return {
        "bookable": "yes" if bookable else "no",
        "capacity": settings.capacity,
        "places_counted_per": settings.places_counted_per,
        "has_waiting_list": "yes" if settings.has_waiting_list else "no",
        "booking_closes_hours_before": settings.booking_closes_hours_before,
    }


@transaction.atomic
def save_booking_answers(
    service: Service,
    *,
    bookable: bool,
    capacity: int | None = None,
    places_counted_per: str = PlacesCountedPer.CHILD,
    has_waiting_list: bool = True,
    booking_closes_hours_before: int = 0,
) -> BookingSettings | None:
    """Make a service bookable with these settings, or stop online booking.

    New places reach sessions already written (nobody loses a booked place; extra places go to
    the waiting list). Stopping online booking keeps the places already booked."""
    if not bookable:
        if service.join_method == Service.JoinMethod.BOOKING:
            service.join_method = Service.JoinMethod.DROP_IN
            service.save()
        return None
    settings, _ = BookingSettings.objects.update_or_create(
        service=service,
        defaults={
            "capacity": capacity,
            "places_counted_per": places_counted_per,
            "has_waiting_list": has_waiting_list,
            "booking_closes_hours_before": booking_closes_hours_before,
        },
    )
    if service.join_method != Service.JoinMethod.BOOKING:
        service.join_method = Service.JoinMethod.BOOKING
        service.save()
    apply_settings_to_future_sessions(settings)
    return settings
