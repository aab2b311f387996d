"""Calendar files (RFC 5545) for one session, a whole service and a hub's subscribable feed.

A recurring schedule becomes one VEVENT with an RRULE, and each cancelled or closed date one
more VEVENT for that date (its RECURRENCE-ID) with STATUS:CANCELLED and the reason, so a
calendar shows the same sessions as the timetable and a parent sees a session they saved change
to cancelled. UIDs are built from our record ids, so a refreshed feed or a downloaded update
replaces an event rather than adding a copy.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlparse
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from campaigns.models import Event
from directory.eligibility import who_it_is_for
from directory.models import Location, Schedule, Service
from timetable.models import Cancellation
from timetable.recurrence import (
    FIXED_ANCHOR,
    Occurrence,
    build_rule,
    expand,
    schedule_location,
    zone,
)
from timetable.selectors import (
    DatesOff,
    active_schedules,
    at_locations,
    dates_off,
    local_midnight,
    of_services,
    with_places,
)

PRODID = "-//Family Hubs//Timetable//EN"
ILLUSTRATIVE_NOTE = (
    "Illustrative demo data: the times or the place are made up, not from a real source. "
    "Check with the hub before you go."
)
# How far ahead a cancelled or closed date is written out (closures can be open-ended).
CANCELLED_HORIZON = timedelta(days=2 * 365)
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
# How long after a one-off event it stays in a hub's feed.
PAST_EVENTS_KEPT = timedelta(days=90)
# First look for a schedule's first session this far ahead of its start date.
FIRST_SESSION_HORIZON = timedelta(days=400)


def _uid_domain() -> str:
    base_url = getattr(settings, "FAMILYHUBS_BASE_URL", "")
    return urlparse(base_url).hostname or "familyhubs.invalid"


def schedule_uid(schedule: Schedule) -> str:
    return f"schedule-{schedule.pk}@{_uid_domain()}"


def occurrence_uid(occurrence: Occurrence) -> str:
    return f"session-{occurrence.schedule.pk}-{occurrence.start:%Y%m%dT%H%M}@{_uid_domain()}"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{_uid_domain()}"


def _absolute(path: str) -> str:
    return getattr(settings, "FAMILYHUBS_BASE_URL", "").rstrip("/") + path


def place_text(location: Location | None) -> str:
    """'Tilbury Family Hub, 1 Civic Square, Tilbury, RM18 8AB' (addresses prefetched or not)."""
    if location is None:
        return ""
    parts = [location.name]
    for address in list(location.addresses.all())[:1]:
        parts += [address.address_1, address.address_2, address.city, address.postal_code]
    return ", ".join(p for p in parts if p)


def _is_illustrative(schedule: Schedule, service: Service | None, place: Location | None) -> bool:
    return any(record is not None and record.illustrative for record in (schedule, service, place))


def _session_description(occurrence: Occurrence) -> str:
    service, place = occurrence.service, occurrence.location
    lines = [service.description, f"Who it is for: {who_it_is_for(service)}."]
    lines.append(f"How to join: {service.get_join_method_display()}.")
    if place is not None and place.slug:
        lines.append(
            f"More about the hub: {_absolute(reverse('timetable:hub', args=[place.slug]))}"
        )
    if _is_illustrative(occurrence.schedule, service, place):
        lines.append(ILLUSTRATIVE_NOTE)
    return "\n\n".join(line for line in lines if line)


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    return calendar


def _finished(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


@dataclass(frozen=True)
class Stops:
    """Why sessions do not run (from the timetable's dates off), and when each cancellation was
    recorded (for SEQUENCE)."""

    off: DatesOff
    cancelled_at: dict[tuple[UUID, date], datetime]

    def reason(self, occurrence: Occurrence) -> str | None:
        return self.off.reason_off(occurrence)

    def recorded_at(self, occurrence: Occurrence) -> datetime | None:
        """When the cancellation or closure that stops this session was entered."""
        day = occurrence.local_date
        stamps = [self.cancelled_at.get((occurrence.schedule.pk, day))]
        stamps += [c.created_at for c in self.off.closures_of(occurrence)]
        return max(filter(None, stamps), default=None)


def stops_for(schedules: list[Schedule], first_day: date, last_day: date) -> Stops:
    cancellations = Cancellation.objects.filter(
        schedule_id__in=[s.pk for s in schedules], date__range=(first_day, last_day)
    ).values_list("schedule_id", "date", "created_at")
    return Stops(
        off=dates_off(first_day, last_day, schedules=schedules),
        cancelled_at={(schedule_id, day): at for schedule_id, day, at in cancellations},
    )


def sequence(*changes: datetime | None, cancelled: bool = False) -> int:
    """The changes are the schedule's, service's and place's last edits and the cancellation's
    or closure's entry: no migration needed, and a session left alone keeps its number. Not
    recorded: a cancellation or closure deleted again, so a restored session falls back."""
    # SEQUENCE = seconds from 2020 to the latest recorded change, +1 while cancelled.
    latest = max(filter(None, changes), default=SEQUENCE_EPOCH)
    return max(int((latest - SEQUENCE_EPOCH).total_seconds()), 0) + int(cancelled)


def _session_vevent(
    occurrence: Occurrence, uid: str, stamp: datetime, stops: Stops | None = None
) -> VEvent:
    """A session's VEVENT; when `stops` says it will not run, marked cancelled with the reason."""
    reason = stops.reason(occurrence) if stops else None
    place = occurrence.location
    changed = [
        occurrence.schedule.last_modified,
        occurrence.service.last_modified,
        place.last_modified if place is not None else None,
    ]
    if reason is not None:
        changed.append(stops.recorded_at(occurrence))
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", max(filter(None, changed)).astimezone(UTC))
    vevent.add("sequence", sequence(*changed, cancelled=reason is not None))
    vevent.add("status", "CONFIRMED" if reason is None else "CANCELLED")
    name = occurrence.service.name
    vevent.add("summary", name if reason is None else f"Cancelled: {name}")
    vevent.add("dtstart", occurrence.start)
    vevent.add("dtend", occurrence.end)
    if occurrence.location is not None:
        vevent.add("location", place_text(occurrence.location))
        if occurrence.location.latitude is not None:
            vevent.add("geo", (occurrence.location.latitude, occurrence.location.longitude))
    description = _session_description(occurrence)
    if reason is not None:
        description = f"This session is cancelled: {reason}.\n\n{description}"
    vevent.add("description", description)
    if occurrence.service.url:
        vevent.add("url", occurrence.service.url)
    return vevent


def first_occurrence(schedule: Schedule) -> Occurrence | None:
    """The schedule's first real session: the DTSTART its RRULE must have."""
    tz = zone(schedule.timezone)
    if not (schedule.freq or schedule.dtstart):
        return None
    begins = max(filter(None, [schedule.dtstart or FIXED_ANCHOR, schedule.valid_from]))
    start = local_midnight(begins).replace(tzinfo=tz)
    return next(expand(schedule, start, start + FIRST_SESSION_HORIZON), None)


def _last_day(schedule: Schedule) -> date | None:
    return min(filter(None, [schedule.until, schedule.valid_to]), default=None)


def rrule_value(schedule: Schedule) -> dict:
    """The schedule's RRULE as icalendar wants it; UNTIL in UTC, as RFC 5545 requires with TZID."""
    value: dict = {"FREQ": schedule.freq}
    if schedule.interval and schedule.interval > 1:
        value["INTERVAL"] = schedule.interval
    tz = zone(schedule.timezone)
    last_day = _last_day(schedule)
    if schedule.count:
        # COUNT counts from the rule's own start, which valid_from may cut: give the last date.
        starts = [s for s in build_rule(schedule) if last_day is None or s.date() <= last_day]
        if starts:
            value["UNTIL"] = starts[-1].replace(tzinfo=tz).astimezone(UTC)
    elif last_day is not None:
        value["UNTIL"] = local_midnight(last_day + timedelta(days=1)).replace(tzinfo=tz).astimezone(
            UTC
        ) - timedelta(seconds=1)
    for part, text in (
        ("BYDAY", schedule.byday),
        ("BYMONTHDAY", schedule.bymonthday),
        ("BYWEEKNO", schedule.byweekno),
        ("BYYEARDAY", schedule.byyearday),
    ):
        tokens = [t.strip().upper() for t in text.split(",") if t.strip()]
        if tokens:
            value[part] = tokens if part == "BYDAY" else [int(t) for t in tokens]
    if schedule.wkst:
        value["WKST"] = schedule.wkst
    return value


def stopped_occurrences(schedule: Schedule, first: Occurrence, stops: Stops) -> list[Occurrence]:
    """This schedule's sessions that are cancelled or fall on a closed date."""
    off = stops.off
    ends = [day for (schedule_id, day) in off.cancelled if schedule_id == schedule.pk]
    ends += list(off.bank_holidays) + [closure.ends_on for closure in off.closures]
    if not ends:
        return []
    last_day = min(max(ends), timezone.localdate() + CANCELLED_HORIZON)
    window_end = local_midnight(last_day + timedelta(days=1))
    return [occ for occ in expand(schedule, first.start, window_end) if not off.runs(occ)]


def schedule_vevents(schedule: Schedule, stops: Stops, stamp: datetime) -> list[VEvent]:
    """A recurring schedule as one VEVENT with its RRULE, plus a cancelled VEVENT for each
    session that will not run (its RECURRENCE-ID names the date); a one-off as one event."""
    first = first_occurrence(schedule)
    if first is None:
        return []
    uid = schedule_uid(schedule)
    if not schedule.freq:
        return [_session_vevent(first, uid, stamp, stops)]
    series = _session_vevent(first, uid, stamp)
    series.add("rrule", rrule_value(schedule))
    vevents = [series]
    for occurrence in stopped_occurrences(schedule, first, stops):
        cancelled = _session_vevent(occurrence, uid, stamp, stops)
        cancelled.add("recurrence-id", occurrence.start)
        vevents.append(cancelled)
    return vevents


def event_vevent(event: Event, stamp: datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    # Events record no change times: cancelling one is its only change.
    vevent.add("sequence", sequence(cancelled=event.cancelled))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("summary", f"Cancelled: {event.title}" if event.cancelled else event.title)
    tz = zone("Europe/London")
    vevent.add("dtstart", event.starts_at.astimezone(tz))
    vevent.add("dtend", event.ends_at.astimezone(tz))
    vevent.add("location", place_text(event.location))
    lines = [event.description]
    if event.times_are_illustrative or event.location.illustrative:
        lines.append(ILLUSTRATIVE_NOTE)
    vevent.add("description", "\n\n".join(lines))
    return vevent


def _calendar_schedules(schedules: QuerySet[Schedule]) -> tuple[list[Schedule], Stops]:
    """The schedules with their places and addresses loaded, and every date they are off."""
    loaded = with_places(schedules)
    stops = stops_for(loaded, date.min, date.max)
    # Every schedule's own copy of its place (a set would keep one copy per place, and the
    # others would each query their addresses).
    places = [schedule_location(s) for s in loaded]
    prefetch_related_objects([p for p in places if p is not None], "addresses")
    return loaded, stops


def occurrence_calendar(occurrence: Occurrence) -> bytes:
    """One session, to add to a personal calendar; cancelled (with the reason) if it will not run."""
    day = occurrence.local_date
    stops = stops_for([occurrence.schedule], day, day)
    calendar = new_calendar(occurrence.service.name)
    calendar.add_component(
        _session_vevent(occurrence, occurrence_uid(occurrence), timezone.now(), stops)
    )
    return _finished(calendar)


def _add_schedules(calendar: Calendar, schedules: QuerySet[Schedule], stamp: datetime) -> None:
    loaded, stops = _calendar_schedules(schedules)
    for schedule in loaded:
        for vevent in schedule_vevents(schedule, stops, stamp):
            calendar.add_component(vevent)


def service_calendar(service: Service) -> bytes:
    """Every session of a service: one recurring VEVENT per schedule, and its cancelled dates."""
    calendar = new_calendar(service.name)
    _add_schedules(calendar, of_services(active_schedules(), [service]), timezone.now())
    return _finished(calendar)


def hub_calendar(hub: Location) -> bytes:
    """A hub's subscribable feed: its recurring sessions and its recent and coming one-off
    events, cancelled ones marked so."""
    calendar = new_calendar(f"{hub.name}: what's on")
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    stamp = timezone.now()
    _add_schedules(calendar, at_locations(active_schedules(), [hub]), stamp)
    events = Event.objects.filter(location=hub, ends_at__gte=stamp - PAST_EVENTS_KEPT)
    for event in events.select_related("location").prefetch_related("location__addresses"):
        calendar.add_component(event_vevent(event, stamp))
    return _finished(calendar)
