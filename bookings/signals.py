"""How bookings follow changes made elsewhere.

- Erasing a family frees their places first (the waiting list moves up); attendance rows stay
  as anonymous counts (their links to the family and child are SET_NULL).
- A session cancelled in the timetable's back office, a hub closure or a bank holiday cancels the
  bookings of the sessions it covers, and families are told.
- A service that says "book a place" gets booking settings (BOOKINGS_DEFAULT_CAPACITY places,
  12 unless set) for the back office to adjust, so it can be booked online at once.
"""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from bookings.models import BookingSettings, SessionOccurrence
from bookings.services import cancel_occurrence, release_family_places
from directory.models import Service
from families.signals import family_will_be_erased
from timetable.models import BankHoliday, Cancellation, Closure


@receiver(family_will_be_erased)
def free_places_of_erased_family(sender, family, **kwargs) -> None:
    release_family_places(family)


@receiver(post_save, sender=Cancellation)
def cancel_bookings_of_cancelled_session(sender, instance: Cancellation, created: bool, **kwargs):
    if not created:
        return
    booked = SessionOccurrence.objects.filter(
        schedule_id=instance.schedule_id,
        starts_at__date=instance.date,
        cancelled_at__isnull=True,
    )
    cancel_sessions(booked, instance.reason)


@receiver(post_save, sender=Closure)
def cancel_bookings_at_closed_hub(sender, instance: Closure, created: bool, **kwargs) -> None:
    closed = SessionOccurrence.objects.filter(
        starts_at__date__gte=instance.starts_on,
        starts_at__date__lte=instance.ends_on,
        cancelled_at__isnull=True,
    )
    if instance.location_id is not None:
        closed = closed.filter(location_id=instance.location_id)
    if instance.kind == Closure.Kind.SCHOOL_HOLIDAY:
        closed = closed.filter(schedule__term_time_only__isnull=False)
    cancel_sessions(closed, instance.reason)


@receiver(post_save, sender=BankHoliday)
def cancel_bookings_on_bank_holiday(sender, instance: BankHoliday, created: bool, **kwargs):
    holiday = SessionOccurrence.objects.filter(
        starts_at__date=instance.date, cancelled_at__isnull=True
    )
    cancel_sessions(holiday, f"Closed for {instance.name}")


def cancel_sessions(occurrences, reason: str) -> None:
    for occurrence in occurrences:
        cancel_occurrence(occurrence, by=None, reason=reason)


@receiver(post_save, sender=Service)
def give_bookable_services_booking_settings(sender, instance: Service, **kwargs) -> None:
    if instance.join_method == Service.JoinMethod.BOOKING:
        BookingSettings.objects.get_or_create(
            service=instance,
            defaults={"capacity": int(getattr(settings, "BOOKINGS_DEFAULT_CAPACITY", 12))},
        )
