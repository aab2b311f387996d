"""Changing bookings and registers. Every change to places happens with the occurrence row locked.

`select_for_update` on the occurrence serialises bookings for one session on PostgreSQL (SQLite
serialises all writes anyway: the project opens its transactions IMMEDIATE). The check constraint
`occurrence_never_over_capacity` is the last line: even a bug here cannot overbook.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import NoReturn

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.utils import timezone

from audit.services import record
from bookings import messages as booking_messages
from bookings.dates import govuk_time, local_date
from bookings.models import (
    Attendance,
    Booking,
    BookingSettings,
    PlacesCountedPer,
    SessionOccurrence,
    VisitorCount,
)
from core.plain_sql import ModelColumns, insert, insert_many
from directory.eligibility import Child as EligibilityChild
from directory.eligibility import age_in_months, is_eligible, who_it_is_for
from directory.models import Location, Schedule, Service
from families.models import Child, Family
from timetable.models import Cancellation
from timetable.recurrence import expand
from timetable.selectors import LONDON
from timetable.session_runs import day_taken_off


class BookingProblem(Exception):
    """A booking or cancellation that cannot go ahead; `message` is written for the parent."""

    message = "Sorry, we could not do that."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message


class SessionNotFound(BookingProblem):
    message = "We could not find that session."


class SessionFull(BookingProblem):
    message = "This session is full. You can join the waiting list."


class AlreadyBooked(BookingProblem):
    message = "You have already booked this session. Cancel that booking to change who is coming."


class NotEligible(BookingProblem):
    pass


class SessionPast(BookingProblem):
    message = "This session has already started, so you cannot book it."


class BookingClosed(BookingProblem):
    pass


class SessionCancelled(BookingProblem):
    message = "This session has been cancelled, so you cannot book it."


class SessionChanged(BookingProblem):
    message = (
        "This session changed after you opened the page. Check the details and try again. "
        "Nothing has been booked."
    )


class NotBookable(BookingProblem):
    message = "This session does not take bookings. Just come along."


class TooManyPlaces(BookingProblem):
    pass


class NoChildChosen(BookingProblem):
    message = "Select who is coming."


class AlreadyCancelled(BookingProblem):
    message = "This booking is already cancelled."


class RegisterClosed(BookingProblem):
    """Attendance, walk-ins and visitors cannot be recorded (yet) for this session."""


def occurrence_for(schedule: Schedule, starts_at: datetime) -> SessionOccurrence:
    """The session of `schedule` starting at `starts_at`, written the first time it is needed.

    Raises SessionNotFound when the schedule has no session at that moment.
    """
    existing = SessionOccurrence.objects.filter(schedule=schedule, starts_at=starts_at).first()
    if existing is not None:
        return existing
    dated = next(expand(schedule, starts_at, starts_at + timedelta(seconds=1)), None)
    if dated is None:
        raise SessionNotFound
    service: Service = dated.service
    settings = _booking_settings(service)
    occurrence, _ = SessionOccurrence.objects.get_or_create(
        schedule=schedule,
        starts_at=dated.start,
        defaults={
            "service": service,
            "location": dated.location,
            "ends_at": dated.end,
            "capacity": settings.capacity if settings else None,
            "places_counted_per": (
                settings.places_counted_per if settings else PlacesCountedPer.CHILD
            ),
        },
    )
    return occurrence


def _booking_settings(service: Service) -> BookingSettings | None:
    if service.join_method != Service.JoinMethod.BOOKING:
        return None
    return BookingSettings.objects.filter(service=service).first()


_OCCURRENCE = ModelColumns(SessionOccurrence, "occurrence")
_SERVICE = ModelColumns(Service, "service")
_SETTINGS = ModelColumns(BookingSettings, "settings")
_LOCATION = ModelColumns(Location, "location")
_SCHEDULE = ModelColumns(Schedule, "schedule")
_LOCKED = ModelColumns(SessionOccurrence, SessionOccurrence._meta.db_table)


def session_to_book(occurrence_id: int) -> SessionOccurrence:
    """The session with what the checks before the lock read, in one query: its service,
    booking settings, place and schedule. Plain SQL: building this join with `select_related`
    took a quarter of a booking's CPU."""
    parts = (_OCCURRENCE, _SERVICE, _SETTINGS, _LOCATION, _SCHEDULE)
    connection = connections[router.db_for_read(SessionOccurrence)]
    occurrence_table, service_table, settings_table, location_table, schedule_table = (
        connection.ops.quote_name(part.model._meta.db_table) for part in parts
    )
    # Names from the models' own metadata; the session's id is a parameter.
    statement = (
        f"SELECT {', '.join(part.select_sql(connection) for part in parts)} "  # noqa: S608
        f"FROM {occurrence_table} occurrence "
        f"JOIN {service_table} service ON service.id = occurrence.service_id "
        f"LEFT JOIN {settings_table} settings ON settings.service_id = service.id "
        f"LEFT JOIN {location_table} location ON location.id = occurrence.location_id "
        f"JOIN {schedule_table} schedule ON schedule.id = occurrence.schedule_id "
        "WHERE occurrence.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [occurrence_id])
        row = cursor.fetchone()
    if row is None:
        raise SessionNotFound
    occurrence, service, settings, location, schedule = _split(row, parts, connection)
    _cache(occurrence, "service", service)
    _cache(occurrence, "location", location)
    _cache(occurrence, "schedule", schedule)
    _cache(service, "booking_settings", settings)  # None: booking_settings raises DoesNotExist
    return occurrence


def _split(row: Sequence, parts: Sequence[ModelColumns], connection) -> list:
    """One instance (or None) for each model's columns of the row, in order."""
    instances, start = [], 0
    for part in parts:
        instances.append(part.instance(row[start : start + len(part)], connection))
        start += len(part)
    return instances


def _cache(instance, relation: str, related) -> None:
    """Give `instance` its related object as `select_related` would, so reading it is free."""
    instance._meta.get_field(relation).set_cached_value(instance, related)


def still_runs(occurrence: SessionOccurrence) -> bool:
    """Whether the timetable still has this session: its service active, not moved, cancelled,
    or at a closed hub. One query; the session comes from `session_to_book`."""
    start = occurrence.starts_at
    return (
        occurrence.service.status == Service.Status.ACTIVE
        and any(
            occ.start == start
            for occ in expand(occurrence.schedule, start, start + timedelta(seconds=1))
        )
        and not day_taken_off(occurrence.schedule_id, occurrence.location_id, local_date(start))
    )


def places_needed(occurrence: SessionOccurrence, children: Sequence[Child]) -> int:
    if occurrence.places_counted_per == PlacesCountedPer.FAMILY:
        return 1
    return len(children)


def book(
    family: Family,
    occurrence_id: int,
    children: Sequence[Child],
    *,
    by=None,
    join_waiting_list: bool = False,
    seen_version: int | None = None,
    now: datetime | None = None,
) -> Booking:
    """Book places for some of a family's children, or put them on the waiting list.

    Raises a BookingProblem (and changes nothing) for a full session (unless
    `join_waiting_list`), a second booking, a child who is not eligible on the day, a past,
    closed, cancelled or changed session, or a form opened before the session changed.
    """
    now = now or timezone.now()
    if not children:
        raise NoChildChosen
    if any(child.family_id != family.pk for child in children):
        raise SessionNotFound
    occurrence = session_to_book(occurrence_id)
    # What cannot change while we wait for the lock is checked first, so the lock is held briefly.
    _check_places_can_be_taken(occurrence, seen_version=seen_version)
    _check_session_can_be_booked(occurrence, children, now=now)
    try:
        with transaction.atomic():
            return _take_places(
                occurrence,
                family,
                children,
                by=by,
                join_waiting_list=join_waiting_list,
                seen_version=seen_version,
            )
    except IntegrityError:
        # The database's one-live-booking rule: the family booked this session a moment ago.
        if _already_booked(family, occurrence_id):
            raise AlreadyBooked from None
        raise


def _take_places(
    read: SessionOccurrence,
    family: Family,
    children: Sequence[Child],
    *,
    by,
    join_waiting_list: bool,
    seen_version: int | None,
) -> Booking:
    """Under the session's row lock: places if they are free and nobody is waiting before us,
    else the waiting list. A second live booking for the family fails on the database's unique
    rule, which costs nothing when there is none (the usual case)."""
    occurrence = _lock(read)
    _check_places_can_be_taken(occurrence, seen_version=seen_version)
    places = places_needed(occurrence, children)
    if places > occurrence.capacity:
        _refuse_unless_already_booked(
            family,
            occurrence.pk,
            TooManyPlaces(
                f"This session has {occurrence.capacity} places in all, "
                f"so you cannot book {places}. Choose fewer children."
            ),
        )
    if _take_free_places(occurrence, places):
        status = Booking.Status.CONFIRMED
    elif join_waiting_list:
        status = Booking.Status.WAITING
    else:
        _refuse_unless_already_booked(family, occurrence.pk, SessionFull())
    booking = Booking(
        occurrence=occurrence, family=family, booked_by=by, places=places, status=status
    )
    insert(booking)
    insert_many([Booking.children.through(booking=booking, child=child) for child in children])
    booking_messages.booking_made(booking, children)
    return booking


def _lock(read: SessionOccurrence) -> SessionOccurrence:
    """Lock the session's row and read it again (its own row only: its service, place and
    schedule come from `read`). SQLite has no row locks: it runs one write transaction at a
    time."""
    connection = connections[router.db_for_write(SessionOccurrence)]
    quote = connection.ops.quote_name
    for_update = " FOR UPDATE" if connection.features.has_select_for_update else ""
    statement = (
        f"SELECT {_LOCKED.select_sql(connection)} "  # noqa: S608
        f"FROM {quote(SessionOccurrence._meta.db_table)} WHERE id = %s{for_update}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [read.pk])
        row = cursor.fetchone()
    if row is None:
        raise SessionNotFound  # deleted while we were checking it
    occurrence = _LOCKED.instance(row, connection)
    for relation in ("service", "location", "schedule"):
        _cache(occurrence, relation, getattr(read, relation))
    return occurrence


def _take_free_places(occurrence: SessionOccurrence, places: int) -> bool:
    """Add `places` to those taken if they are free and nobody is waiting; say if they were.
    Run under the row lock: the statement's snapshot then sees every earlier booking."""
    connection = connections[router.db_for_write(SessionOccurrence)]
    quote = connection.ops.quote_name
    occurrences, bookings = SessionOccurrence._meta.db_table, Booking._meta.db_table
    statement = (
        f"UPDATE {quote(occurrences)} SET places_taken = places_taken + %s "  # noqa: S608
        "WHERE id = %s AND places_taken + %s <= capacity AND NOT EXISTS ("
        f"SELECT 1 FROM {quote(bookings)} WHERE occurrence_id = %s AND status = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [places, occurrence.pk, places, occurrence.pk, Booking.Status.WAITING.value],
        )
        return cursor.rowcount == 1


def _already_booked(family: Family, occurrence_id: int) -> bool:
    return Booking.objects.filter(
        occurrence_id=occurrence_id, family=family, status__in=Booking.ACTIVE
    ).exists()


def _refuse_unless_already_booked(
    family: Family, occurrence_id: int, problem: BookingProblem
) -> NoReturn:
    """Refuse with `problem`, or say the family has already booked if they have (it explains more)."""
    if _already_booked(family, occurrence_id):
        raise AlreadyBooked
    raise problem


def _check_places_can_be_taken(occurrence: SessionOccurrence, *, seen_version: int | None) -> None:
    """Checks of what staff may change at any moment: made with the occurrence row locked."""
    if seen_version is not None and seen_version != occurrence.version:
        raise SessionChanged
    if occurrence.is_cancelled:
        raise SessionCancelled
    if not occurrence.is_bookable:
        raise NotBookable


def _check_session_can_be_booked(
    occurrence: SessionOccurrence, children: Sequence[Child], *, now: datetime
) -> None:
    """Checks of the session's time, the timetable and the children's ages."""
    if occurrence.starts_at <= now:
        raise SessionPast
    closes_at = booking_closes_at(occurrence)
    if closes_at <= now:
        raise BookingClosed(
            f"Booking closed at {govuk_time(closes_at)} on {closes_at.astimezone(LONDON):%A %-d %B}. "
            "Contact the hub to ask if there is space."
        )
    if not still_runs(occurrence):
        raise SessionChanged
    _, cannot_come = children_who_can_come(occurrence, children)
    if cannot_come:
        names = ", ".join(child.first_name or "Your baby" for child, _ in cannot_come)
        raise NotEligible(
            f"{names} cannot come to this session: it is not for their age on "
            f"{local_date(occurrence.starts_at):%-d %B %Y}. Nothing has been booked."
        )


def children_who_can_come(
    occurrence: SessionOccurrence, children: Sequence[Child]
) -> tuple[list[Child], list[tuple[Child, str]]]:
    """The children this session is for on its day, and the others, each with the reason."""
    on = local_date(occurrence.starts_at)
    who_for = who_it_is_for(occurrence.service)
    reason = f"Not for their age on {on:%-d %B}: it is for {who_for[0].lower()}{who_for[1:]}."
    can, cannot = [], []
    for child in children:
        if is_eligible(
            occurrence.service,
            EligibilityChild(date_of_birth=child.date_of_birth, due_date=child.due_date),
            on,
        ):
            can.append(child)
        else:
            cannot.append((child, reason))
    return can, cannot


def booking_closes_at(occurrence: SessionOccurrence) -> datetime:
    """When booking closes: from the service's booking settings (select_related saves a query)."""
    try:
        hours = occurrence.service.booking_settings.booking_closes_hours_before
    except BookingSettings.DoesNotExist:
        hours = 0
    return occurrence.starts_at - timedelta(hours=hours)


def cancel_booking(
    booking: Booking, *, by=None, now: datetime | None = None, tell_family: bool = True
) -> Booking:
    """The family cancels: their places go to the waiting list, first come first served, and
    the family gets an email saying so (not when their record is being erased)."""
    now = now or timezone.now()
    with transaction.atomic():
        occurrence = SessionOccurrence.objects.select_for_update().get(pk=booking.occurrence_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if not booking.is_active:
            raise AlreadyCancelled
        if occurrence.starts_at <= now:
            raise SessionPast(
                "This session has already started, so the booking cannot be cancelled."
            )
        held_places = booking.status == Booking.Status.CONFIRMED
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status", "status_changed_at"])
        if held_places:
            SessionOccurrence.objects.filter(pk=occurrence.pk).update(
                places_taken=F("places_taken") - booking.places
            )
            promote_waiting_list(occurrence.pk)
        if tell_family:
            booking_messages.cancelled_by_family(booking)
    return booking


def promote_waiting_list(occurrence_id: int) -> list[Booking]:
    """Give free places to the waiting list in the order people joined it.

    Strictly in order: if the first family waiting needs more places than are free, nobody
    behind them jumps the queue. Call with the occurrence row locked.
    """
    occurrence = SessionOccurrence.objects.get(pk=occurrence_id)
    if occurrence.is_cancelled or occurrence.capacity is None:
        return []
    free = occurrence.capacity - occurrence.places_taken
    promoted = []
    for waiting in occurrence.bookings.filter(status=Booking.Status.WAITING).order_by(
        "created_at", "id"
    ):
        if waiting.places > free:
            break
        free -= waiting.places
        promoted.append(waiting)
    if not promoted:
        return []
    Booking.objects.filter(pk__in=[b.pk for b in promoted]).update(
        status=Booking.Status.CONFIRMED, status_changed_at=timezone.now()
    )
    SessionOccurrence.objects.filter(pk=occurrence.pk).update(
        places_taken=F("places_taken") + sum(b.places for b in promoted)
    )
    for booking in promoted:
        booking.status = Booking.Status.CONFIRMED
        booking_messages.promoted(booking)
    return promoted


def cancel_occurrence(occurrence: SessionOccurrence, *, by, reason: str) -> SessionOccurrence:
    """Staff cancel a whole session: everyone booked or waiting is told, and the timetable
    shows it cancelled (through a timetable Cancellation for that date)."""
    with transaction.atomic():
        occurrence = SessionOccurrence.objects.select_for_update().get(pk=occurrence.pk)
        if occurrence.is_cancelled:
            raise SessionCancelled("This session is already cancelled.")
        occurrence.cancelled_at = timezone.now()
        occurrence.cancellation_reason = reason
        occurrence.places_taken = 0
        occurrence.version = F("version") + 1
        occurrence.save(
            update_fields=["cancelled_at", "cancellation_reason", "places_taken", "version"]
        )
        occurrence.refresh_from_db()
        affected = list(occurrence.bookings.filter(status__in=Booking.ACTIVE))
        occurrence.bookings.filter(pk__in=[b.pk for b in affected]).update(
            status=Booking.Status.SESSION_CANCELLED, status_changed_at=timezone.now()
        )
        Cancellation.objects.get_or_create(
            schedule_id=occurrence.schedule_id,
            date=local_date(occurrence.starts_at),
            defaults={"reason": reason},
        )
        record(by, "cancel_session", occurrence, detail=f"{len(affected)} bookings cancelled")
        for booking in affected:
            booking_messages.session_cancelled(booking, occurrence)
    return occurrence


def release_family_places(family: Family) -> None:
    """Before a family is erased: give their future places to the waiting list."""
    upcoming = Booking.objects.filter(
        family=family, status__in=Booking.ACTIVE, occurrence__starts_at__gt=timezone.now()
    )
    for booking in upcoming:
        cancel_booking(booking, tell_family=False)


def register_closed_reason(occurrence: SessionOccurrence, *, today: date | None = None) -> str:
    """Why who came cannot be recorded for this session ("" if it can): it is recorded on the
    session's day or after, and never for a cancelled session."""
    if occurrence.is_cancelled:
        return "This session is cancelled, so there is nothing to record."
    day = local_date(occurrence.starts_at)
    if day > (today or local_date(timezone.now())):
        return f"You can record who came from {day:%A %-d %B}, the day of the session."
    return ""


def check_register_can_be_recorded(occurrence: SessionOccurrence) -> None:
    if reason := register_closed_reason(occurrence):
        raise RegisterClosed(reason)


def record_attendance(
    occurrence: SessionOccurrence, child: Child, status: str, *, by
) -> Attendance:
    """Check a child in, or mark them as not come. Recording again changes the earlier answer.

    A child without a confirmed booking for the session is recorded as a walk-in; if their
    family was on the waiting list, coming takes them off it. Raises a BookingProblem before
    the session's day or for a cancelled session."""
    check_register_can_be_recorded(occurrence)
    booking = (
        occurrence.bookings.filter(
            family_id=child.family_id, status=Booking.Status.CONFIRMED, children=child
        )
        .only("pk")
        .first()
    )
    on = local_date(occurrence.starts_at)
    born = child.date_of_birth is not None and child.date_of_birth <= on
    with transaction.atomic():
        if booking is None and status == Attendance.Status.ATTENDED:
            _take_off_waiting_list(occurrence, child, by=by)
        attendance, _created = Attendance.objects.update_or_create(
            occurrence=occurrence,
            child=child,
            defaults={
                "family_id": child.family_id,
                "booking": booking,
                "status": status,
                "walk_in": booking is None,
                "child_age_months": age_in_months(child.date_of_birth, on) if born else None,
                "recorded_by": by,
            },
        )
        record(by, f"attendance_{status}", attendance, detail=f"occurrence {occurrence.pk}")
    return attendance


def _take_off_waiting_list(occurrence: SessionOccurrence, child: Child, *, by) -> None:
    """A waiting family came anyway: their place in the queue goes to the next family."""
    waiting = occurrence.bookings.filter(
        family_id=child.family_id, status=Booking.Status.WAITING, children=child
    ).values_list("pk", flat=True)
    for booking_id in waiting:
        Booking.objects.filter(pk=booking_id).update(
            status=Booking.Status.CAME_FROM_WAITING_LIST, status_changed_at=timezone.now()
        )
        record(by, "came_from_waiting_list", occurrence, detail=f"booking {booking_id}")


def record_walk_in(
    occurrence: SessionOccurrence, children: Sequence[Child], *, by
) -> list[Attendance]:
    """A registered family came without booking: check in the children who came."""
    if not children:
        raise NoChildChosen("Select the children who came.")
    with transaction.atomic():
        return [
            record_attendance(occurrence, child, Attendance.Status.ATTENDED, by=by)
            for child in children
        ]


def record_visitors(
    occurrence: SessionOccurrence, *, adults: int, children: int, by
) -> VisitorCount:
    """People who came but did not register: a count only."""
    check_register_can_be_recorded(occurrence)
    return VisitorCount.objects.create(
        occurrence=occurrence, adults=adults, children=children, recorded_by=by
    )


def apply_settings_to_future_sessions(
    settings: BookingSettings, *, now: datetime | None = None
) -> int:
    """New booking settings reach sessions already written that have not started.

    Capacity never drops below the places already booked (nobody loses a place); extra places
    go to the waiting list at once. Returns how many sessions changed.
    """
    now = now or timezone.now()
    changed = 0
    future = SessionOccurrence.objects.filter(
        service_id=settings.service_id, starts_at__gt=now, cancelled_at__isnull=True
    ).values_list("pk", flat=True)
    for occurrence_id in future:
        with transaction.atomic():
            occurrence = SessionOccurrence.objects.select_for_update().get(pk=occurrence_id)
            capacity = max(settings.capacity, occurrence.places_taken)
            if (capacity, settings.places_counted_per) == (
                occurrence.capacity,
                occurrence.places_counted_per,
            ):
                continue
            occurrence.capacity = capacity
            occurrence.places_counted_per = settings.places_counted_per
            occurrence.version = F("version") + 1
            occurrence.save(update_fields=["capacity", "places_counted_per", "version"])
            promote_waiting_list(occurrence.pk)
            changed += 1
    return changed
