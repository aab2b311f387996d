"""The table of upcoming sessions what's on reads, and the functions that keep it current.

What's on lists sessions near a place in time order, across hundreds of hubs. Expanding every
hub's rules per request cannot page by time at national scale, so the sessions of the next
`WINDOW` are kept as rows (`UpcomingSession`): expanded by `timetable.recurrence`, marked
cancelled through `timetable.selectors.dates_off`, with who may come worked out by
`directory.eligibility`. Signals (`timetable.signals`) refresh the rows a change touches;
`manage.py rebuild_whats_on` (daily) moves the window on and repairs bulk changes.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet

from campaigns.models import Event
from directory.eligibility import Child, is_eligible
from directory.models import Location, Schedule, Service
from timetable.models import UpcomingSession
from timetable.recurrence import Occurrence, occurrences_between
from timetable.selectors import (
    LONDON,
    active_schedules,
    at_locations,
    dates_off,
    local_midnight,
    schedules_running_between,
    with_places,
)

# What's on looks this far ahead; parents can start from any day in it.
WINDOW = timedelta(weeks=12)
EVENT_CANCELLED = "This event will not take place"
# Schedules expanded at a time when the whole window is rebuilt: bounds the memory used.
REBUILD_CHUNK = 1000


def window_days(today: date) -> tuple[date, date]:
    """The first and last days what's on covers."""
    return today, today + WINDOW - timedelta(days=1)


def _window(today: date) -> tuple[datetime, datetime]:
    first, last = window_days(today)
    return local_midnight(first), local_midnight(last + timedelta(days=1))


def _latest(days: int, on: date, holds) -> date:
    """The latest date of birth in the `days` before `on` for which `holds` is true (it is true
    for earlier dates of birth and false for later ones)."""
    low, high = on.toordinal() - days, on.toordinal()
    while low < high:
        middle = (low + high + 1) // 2
        if holds(date.fromordinal(middle)):
            low = middle
        else:
            high = middle - 1
    return date.fromordinal(low)


@lru_cache(maxsize=4096)
def born_between(
    minimum_age: Decimal | None, maximum_age: Decimal | None, on: date
) -> tuple[date | None, date | None]:
    """The dates of birth of the children a service with these ages is for on a day.

    (earliest, latest), either None when open. Found by asking `directory.eligibility` (the
    one rule), which is monotonic in the date of birth, so what's on can filter in SQL.
    """

    def eligible(dob: date, minimum: Decimal | None, maximum: Decimal | None) -> bool:
        probe = Service(minimum_age=minimum, maximum_age=maximum, for_expectant_parents=False)
        return is_eligible(probe, Child(date_of_birth=dob), on)

    latest = None
    if minimum_age:
        span = int(366 * (float(minimum_age) + 2))
        latest = _latest(span, on, lambda dob: eligible(dob, minimum_age, None))
    earliest = None
    if maximum_age is not None:
        span = int(366 * (float(maximum_age) + 2))
        too_old = _latest(span, on, lambda dob: not eligible(dob, None, maximum_age))
        earliest = too_old + timedelta(days=1)
    return earliest, latest


def hub_schedules() -> QuerySet[Schedule]:
    """Schedules of active services at Family Hubs: the ones what's on lists."""
    return at_locations(active_schedules(), Location.objects.filter(is_family_hub=True))


def _session_row(occurrence: Occurrence, reason: str) -> UpcomingSession:
    service = occurrence.service
    local_start = occurrence.start.astimezone(LONDON)
    born_from, born_to = born_between(service.minimum_age, service.maximum_age, local_start.date())
    return UpcomingSession(
        schedule=occurrence.schedule,
        service=service,
        location_id=occurrence.location_id,
        title=service.name,
        starts_at=occurrence.start,
        ends_at=occurrence.end,
        weekday=local_start.weekday(),
        local_start_time=local_start.time(),
        for_expectant_parents=service.for_expectant_parents,
        born_from=born_from,
        born_to=born_to,
        cancelled_reason=reason[:255],
    )


def _rows_for_schedules(schedules: QuerySet[Schedule], today: date) -> list[UpcomingSession]:
    start, end = _window(today)
    first, last = window_days(today)
    loaded = with_places(schedules_running_between(schedules, first, last))
    off = dates_off(first, last, schedules=loaded)
    return [
        _session_row(occurrence, off.reason_off(occurrence) or "")
        for occurrence in occurrences_between(loaded, start, end)
        if occurrence.location is not None and occurrence.location.is_family_hub
    ]


def _event_row(event: Event) -> UpcomingSession:
    local_start = event.starts_at.astimezone(LONDON)
    return UpcomingSession(
        event=event,
        location_id=event.location_id,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        weekday=local_start.weekday(),
        local_start_time=local_start.time(),
        # Events record only whether expectant parents may come: every born child may.
        for_expectant_parents=event.for_expectant_parents,
        cancelled_reason=EVENT_CANCELLED if event.cancelled else "",
    )


def _events_in_window(today: date) -> QuerySet[Event]:
    start, end = _window(today)
    return Event.objects.filter(
        starts_at__gte=start, starts_at__lt=end, location__is_family_hub=True
    )


@transaction.atomic
def refresh_schedules(schedule_ids: Iterable[UUID], today: date) -> None:
    """Write again the sessions of these schedules (after a schedule, service or place changed)."""
    schedule_ids = list(schedule_ids)
    if not schedule_ids:
        return
    UpcomingSession.objects.filter(schedule_id__in=schedule_ids).delete()
    rows = _rows_for_schedules(hub_schedules().filter(pk__in=schedule_ids), today)
    UpcomingSession.objects.bulk_create(rows, batch_size=1000)


@transaction.atomic
def refresh_events(event_ids: Iterable[UUID], today: date) -> None:
    """Write again these events' rows (after an event changed)."""
    event_ids = list(event_ids)
    UpcomingSession.objects.filter(event_id__in=event_ids).delete()
    events = _events_in_window(today).filter(pk__in=event_ids)
    UpcomingSession.objects.bulk_create([_event_row(event) for event in events])


def schedules_of_service(service_id: UUID) -> QuerySet[Schedule]:
    return Schedule.objects.filter(
        Q(service_id=service_id) | Q(service_at_location__service_id=service_id)
    ).values_list("pk", flat=True)


def schedules_at_location(location_id: UUID) -> QuerySet[Schedule]:
    return Schedule.objects.filter(
        Q(location_id=location_id) | Q(service_at_location__location_id=location_id)
    ).values_list("pk", flat=True)


@transaction.atomic
def refresh_dates_off(
    first_day: date,
    last_day: date,
    *,
    location_id: UUID | None = None,
    schedule_id: UUID | None = None,
) -> None:
    """Mark again which sessions are cancelled on these days (after a cancellation, closure or
    bank holiday changed): of one schedule, at one hub, or everywhere.

    It only updates rows, so it is safe while the schedule itself is being deleted."""
    rows = UpcomingSession.objects.filter(
        schedule__isnull=False,
        starts_at__gte=local_midnight(first_day),
        starts_at__lt=local_midnight(last_day + timedelta(days=1)),
    ).only("id", "schedule_id", "location_id", "starts_at", "ends_at", "cancelled_reason")
    if location_id is not None:
        rows = rows.filter(location_id=location_id)
    if schedule_id is not None:
        rows = rows.filter(schedule_id=schedule_id)
    rows = list(rows)
    off = dates_off(first_day, last_day, schedules=[Schedule(pk=r.schedule_id) for r in rows])
    changed = []
    for row in rows:
        # A stand-in schedule is enough: reason_off reads only its id and place.
        stand_in = Schedule(pk=row.schedule_id, location_id=row.location_id)
        occurrence = Occurrence(stand_in, row.starts_at.astimezone(LONDON), row.ends_at)
        reason = (off.reason_off(occurrence) or "")[:255]
        if reason != row.cancelled_reason:
            row.cancelled_reason = reason
            changed.append(row)
    UpcomingSession.objects.bulk_update(changed, ["cancelled_reason"], batch_size=1000)


@transaction.atomic
def rebuild(today: date) -> int:
    """Write the whole window again from today; returns how many rows it holds."""
    UpcomingSession.objects.all().delete()
    first, last = window_days(today)
    running = schedules_running_between(hub_schedules(), first, last)
    ids = list(running.order_by("pk").values_list("pk", flat=True))
    for at in range(0, len(ids), REBUILD_CHUNK):
        chunk = hub_schedules().filter(pk__in=ids[at : at + REBUILD_CHUNK])
        UpcomingSession.objects.bulk_create(_rows_for_schedules(chunk, today), batch_size=1000)
    UpcomingSession.objects.bulk_create(
        [_event_row(event) for event in _events_in_window(today)], batch_size=1000
    )
    return UpcomingSession.objects.count()
