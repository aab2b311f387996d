"""Calendar files (RFC 5545) for one session, a whole service and a hub's subscribable feed.

A recurring schedule becomes one VEVENT with an RRULE and EXDATEs for cancelled and closed
dates, so a calendar shows the same sessions as the timetable. UIDs are built from our record
ids, so a refreshed feed or a downloaded update replaces an event rather than adding a copy.
"""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from campaigns.models import Event
from directory.eligibility import who_it_is_for
from directory.models import Location, Schedule, Service
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
# How far ahead a cancelled or closed date is written as an EXDATE (closures can be open-ended).
EXDATE_HORIZON = timedelta(days=2 * 365)
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


def _session_vevent(occurrence: Occurrence, uid: str, stamp: datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", occurrence.schedule.last_modified.astimezone(UTC))
    vevent.add("summary", occurrence.service.name)
    vevent.add("dtstart", occurrence.start)
    vevent.add("dtend", occurrence.end)
    if occurrence.location is not None:
        vevent.add("location", place_text(occurrence.location))
        if occurrence.location.latitude is not None:
            vevent.add("geo", (occurrence.location.latitude, occurrence.location.longitude))
    vevent.add("description", _session_description(occurrence))
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


def stopped_starts(schedule: Schedule, first: Occurrence, off: DatesOff) -> list[datetime]:
    """Starts of this schedule's sessions that are cancelled or fall on a closed date: EXDATEs."""
    ends = [day for (schedule_id, day) in off.cancelled if schedule_id == schedule.pk]
    ends += list(off.bank_holidays) + [closure.ends_on for closure in off.closures]
    if not ends:
        return []
    last_day = min(max(ends), timezone.localdate() + EXDATE_HORIZON)
    window_end = local_midnight(last_day + timedelta(days=1))
    return [occ.start for occ in expand(schedule, first.start, window_end) if not off.runs(occ)]


def schedule_vevent(schedule: Schedule, off: DatesOff, stamp: datetime) -> VEvent | None:
    """A whole recurring schedule as one VEVENT (RRULE + EXDATE), or a one-off as a single event."""
    first = first_occurrence(schedule)
    if first is None:
        return None
    vevent = _session_vevent(first, schedule_uid(schedule), stamp)
    if schedule.freq:
        vevent.add("rrule", rrule_value(schedule))
    stopped = stopped_starts(schedule, first, off)
    if stopped:
        vevent.add("exdate", stopped)
    return vevent


def event_vevent(event: Event, stamp: datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.title)
    tz = zone("Europe/London")
    vevent.add("dtstart", event.starts_at.astimezone(tz))
    vevent.add("dtend", event.ends_at.astimezone(tz))
    vevent.add("location", place_text(event.location))
    lines = [event.description]
    if event.times_are_illustrative or event.location.illustrative:
        lines.append(ILLUSTRATIVE_NOTE)
    vevent.add("description", "\n\n".join(lines))
    return vevent


def _calendar_schedules(schedules: QuerySet[Schedule]) -> tuple[list[Schedule], DatesOff]:
    """The schedules with their places and addresses loaded, and every date they are off."""
    loaded = with_places(schedules)
    off = dates_off(date.min, date.max, schedules=loaded)
    places = {schedule_location(s) for s in loaded}
    prefetch_related_objects([p for p in places if p is not None], "addresses")
    return loaded, off


def occurrence_calendar(occurrence: Occurrence) -> bytes:
    """One session, to add to a personal calendar."""
    calendar = new_calendar(occurrence.service.name)
    calendar.add_component(_session_vevent(occurrence, occurrence_uid(occurrence), timezone.now()))
    return _finished(calendar)


def service_calendar(service: Service) -> bytes:
    """Every session of a service: one recurring VEVENT per schedule."""
    schedules, off = _calendar_schedules(of_services(active_schedules(), [service]))
    calendar = new_calendar(service.name)
    stamp = timezone.now()
    for schedule in schedules:
        vevent = schedule_vevent(schedule, off, stamp)
        if vevent is not None:
            calendar.add_component(vevent)
    return _finished(calendar)


def hub_calendar(hub: Location) -> bytes:
    """A hub's subscribable feed: its recurring sessions and its coming one-off events."""
    schedules, off = _calendar_schedules(at_locations(active_schedules(), [hub]))
    calendar = new_calendar(f"{hub.name}: what's on")
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    stamp = timezone.now()
    for schedule in schedules:
        vevent = schedule_vevent(schedule, off, stamp)
        if vevent is not None:
            calendar.add_component(vevent)
    events = Event.objects.filter(
        location=hub, cancelled=False, ends_at__gte=stamp - PAST_EVENTS_KEPT
    ).select_related("location")
    for event in events.prefetch_related("location__addresses"):
        calendar.add_component(event_vevent(event, stamp))
    return _finished(calendar)
