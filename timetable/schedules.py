"""Saving when and where a session runs, so everything that reads a schedule agrees.

Where a session runs is one answer: at a place, online or by phone. A schedule at a place names
its service, its place and the service-at-location link between them, because each reader asks
a different one: what's on, hub pages and bookings read the schedule's place (or its link's),
search near a postcode and the ORUK API read the service's places. `settle_place` makes the three
agree before any schedule is saved (a signal calls it for every save, the back office's too), so
a group given only a place can no longer stay out of what's on with no warning.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from directory.filters import ATTENDING_WORDS, BY_PHONE, ONLINE
from directory.models import Location, Schedule, Service, ServiceAtLocation
from timetable.models import TermTimeOnly
from timetable.recurrence import expand, zone
from timetable.rules_in_words import WhenItRuns, describe, schedule_fields
from timetable.selectors import dates_off, local_midnight

# How far ahead the preview looks for five dates (a monthly group across a long school holiday).
PREVIEW_HORIZON = timedelta(days=400)
PREVIEW_DATES = 5


class Where(models.TextChoices):
    AT_A_PLACE = "place", "At a place"
    ONLINE = "online", "Online"
    BY_PHONE = "phone", "By phone"


# HSDS attending_type, in the words directory.filters reads.
ATTENDING_TYPES = {
    Where.AT_A_PLACE: "in person",
    Where.ONLINE: "online",
    Where.BY_PHONE: "by phone",
}


def attended_remotely(schedule: Schedule) -> bool:
    """Whether the schedule says it is attended online or by phone (so it has no place)."""
    said = schedule.attending_type.lower()
    return any(word in said for way in (ONLINE, BY_PHONE) for word in ATTENDING_WORDS[way])


def where_it_runs(schedule: Schedule) -> Where:
    said = schedule.attending_type.lower()
    if any(word in said for word in ATTENDING_WORDS[ONLINE]):
        return Where.ONLINE
    if any(word in said for word in ATTENDING_WORDS[BY_PHONE]):
        return Where.BY_PHONE
    return Where.AT_A_PLACE


def settle_place(schedule: Schedule) -> None:
    """Make a schedule's service, place and service-at-location agree, before it is saved.

    - a link names the service and place when they are blank;
    - a service and a place get their link (created if the service was not listed there yet);
    - a session of a service held at exactly one place, that names no place and is not online
      or by phone, runs at that place (the old half-way state the issue found).
    A place's own opening hours (a place and no service) are left alone.
    """
    if schedule.service_at_location_id:
        link = ServiceAtLocation.objects.filter(pk=schedule.service_at_location_id).first()
        if link is not None:
            schedule.service_id = schedule.service_id or link.service_id
            schedule.location_id = schedule.location_id or link.location_id
        return
    if not schedule.service_id:
        return
    if schedule.location_id:
        if Location.objects.filter(pk=schedule.location_id).exists():
            schedule.service_at_location, _ = ServiceAtLocation.objects.get_or_create(
                service_id=schedule.service_id, location_id=schedule.location_id
            )
        return
    if attended_remotely(schedule):
        return
    links = list(ServiceAtLocation.objects.filter(service_id=schedule.service_id)[:2])
    if len(links) == 1:
        schedule.service_at_location = links[0]
        schedule.location_id = links[0].location_id


def schedules_without_a_place(service_id) -> QuerySet[Schedule]:
    """A service's sessions that name no place (to settle when the service gains its place)."""
    return Schedule.objects.filter(
        service_id=service_id, location__isnull=True, service_at_location__isnull=True
    )


def service_schedules(service: Service) -> QuerySet[Schedule]:
    """Every schedule of a service, through its link or directly, in date and time order."""
    return (
        Schedule.objects.filter(Q(service=service) | Q(service_at_location__service=service))
        .select_related("location", "term_time_only")
        .order_by("freq", "dtstart", "opens_at", "id")
    )


def is_term_time_only(schedule: Schedule) -> bool:
    try:
        return schedule.term_time_only is not None
    except TermTimeOnly.DoesNotExist:
        return False


def schedule_in_words(schedule: Schedule) -> str:
    return describe(schedule, term_time_only=is_term_time_only(schedule))


def fill_schedule(
    schedule: Schedule,
    service: Service,
    when: WhenItRuns,
    where: Where,
    location: Location | None,
) -> Schedule:
    """Set a schedule's fields from the answers (not saved)."""
    for name, value in schedule_fields(when).items():
        setattr(schedule, name, value)
    at_a_place = where == Where.AT_A_PLACE
    schedule.service = service
    schedule.location = location if at_a_place else None
    schedule.service_at_location = None
    schedule.attending_type = ATTENDING_TYPES[where]
    # HSDS's human-readable availability: ORUK readers see what parents see.
    schedule.description = describe(schedule, term_time_only=when.term_time_only, with_dates=False)
    return schedule


@transaction.atomic
def save_schedule(
    service: Service,
    when: WhenItRuns,
    where: Where,
    location: Location | None,
    *,
    schedule: Schedule | None = None,
) -> Schedule:
    """Add or change one of a service's schedules; what's on, hub pages, bookings and calendars
    follow (signals), and the ORUK record changes with it."""
    schedule = fill_schedule(schedule or Schedule(), service, when, where, location)
    settle_place(schedule)
    schedule.full_clean()
    schedule.save()
    set_term_time_only(schedule, when.term_time_only)
    return schedule


def set_term_time_only(schedule: Schedule, term_time_only: bool) -> None:
    if term_time_only:
        TermTimeOnly.objects.get_or_create(schedule=schedule)
    else:
        TermTimeOnly.objects.filter(schedule=schedule).delete()


@transaction.atomic
def remove_schedule(schedule: Schedule, *, by, today: date | None = None) -> None:
    """Stop a schedule. Sessions already booked are cancelled (families told, through the
    booking-cancellation path); a schedule with sessions on record ends yesterday rather than
    disappearing, so registers and reports keep them."""
    from bookings.models import SessionOccurrence
    from bookings.services import cancel_occurrence

    today = today or timezone.localdate()
    written = SessionOccurrence.objects.filter(schedule=schedule)
    for occurrence in written.filter(
        starts_at__gte=local_midnight(today), cancelled_at__isnull=True
    ):
        cancel_occurrence(occurrence, by=by, reason="This session has stopped running")
    if written.exists():
        schedule.until = today - timedelta(days=1)
        schedule.save()
    else:
        schedule.delete()


@dataclass(frozen=True)
class PreviewDate:
    """A date the schedule gives, and why there is no session then (empty when there is)."""

    start: datetime
    end: datetime
    reason_off: str = ""


def preview_dates(
    schedule: Schedule, *, term_time_only: bool, now: datetime | None = None
) -> list[PreviewDate]:
    """The next five sessions a schedule (saved or not) will give, from the one expander, with
    the dates between them that a closure, school holiday or bank holiday takes away."""
    now = now or timezone.now()
    tz = zone(schedule.timezone)
    start = now.astimezone(tz)
    end = start + PREVIEW_HORIZON
    off = dates_off(start.date(), end.date(), schedules=[schedule])
    if term_time_only:
        off.term_time_only = off.term_time_only | {schedule.pk}
    found: list[PreviewDate] = []
    running = 0
    for occurrence in expand(schedule, start, end):
        reason = off.reason_off(occurrence) or ""
        found.append(PreviewDate(occurrence.start, occurrence.end, reason))
        running += not reason
        if running == PREVIEW_DATES:
            break
    return found
