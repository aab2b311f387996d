"""The one recurrence expander: turns HSDS schedules (RFC 5545 terms) into dated sessions.

Used by the timetable, the calendar files and the API alike. Expansion is done in the
schedule's local time (Europe/London by default) with dateutil's rrule, then each start is
given its zone, so a 10:00 session stays at 10:00 across the clock changes.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule

from directory.models import Location, Schedule, Service

WEEKDAYS = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}
FREQUENCIES = {"WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY}
# Anchor for schedules with no start date: a Monday, so "every other week" is stable.
FIXED_ANCHOR = date(2000, 1, 3)
DEFAULT_LENGTH = timedelta(hours=1)


@dataclass(frozen=True)
class Occurrence:
    """One dated session of a schedule."""

    schedule: Schedule
    start: datetime
    end: datetime

    @property
    def local_date(self) -> date:
        return self.start.date()

    @property
    def service(self) -> Service | None:
        return schedule_service(self.schedule)

    @property
    def location(self) -> Location | None:
        return schedule_location(self.schedule)

    @property
    def location_id(self):
        schedule = self.schedule
        if schedule.location_id or not schedule.service_at_location_id:
            return schedule.location_id
        return schedule.service_at_location.location_id


def schedule_service(schedule: Schedule) -> Service | None:
    """The service that runs a schedule: it names it directly or through service_at_location
    (none for a place's own opening hours)."""
    if schedule.service_id or not schedule.service_at_location_id:
        return schedule.service
    return schedule.service_at_location.service


def schedule_location(schedule: Schedule) -> Location | None:
    """Where a schedule runs: it names the place directly or through service_at_location."""
    if schedule.location_id or not schedule.service_at_location_id:
        return schedule.location
    return schedule.service_at_location.location


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name or "Europe/London")


def parse_byday(byday: str) -> list[rrule.weekday]:
    """'MO,WE' -> [MO, WE]; '1MO' -> [MO(+1)] (the first Monday); '-1FR' -> the last Friday."""
    days = []
    for token in filter(None, (t.strip().upper() for t in byday.split(","))):
        weekday = WEEKDAYS[token[-2:]]
        ordinal = token[:-2]
        days.append(weekday(int(ordinal)) if ordinal else weekday)
    return days


def parse_numbers(text: str) -> list[int]:
    return [int(n) for n in text.replace(" ", "").split(",") if n]


def build_rule(schedule: Schedule, window_start: date | None = None) -> rrule.rrule | None:
    """The schedule as a dateutil rule in naive local time, or None for a one-off."""
    if not schedule.freq:
        return None
    anchor = schedule.dtstart or schedule.valid_from or FIXED_ANCHOR
    interval = schedule.interval or 1
    # With no count and interval 1, starting the rule at the window gives the same dates
    # without stepping through years of history.
    if window_start and not schedule.count and interval == 1 and window_start > anchor:
        anchor = window_start
    opens = schedule.opens_at or time(0, 0)
    kwargs = {
        "dtstart": datetime.combine(anchor, opens),
        "interval": interval,
        "count": schedule.count,
        "until": datetime.combine(schedule.until, time.max) if schedule.until else None,
    }
    if schedule.byday:
        kwargs["byweekday"] = parse_byday(schedule.byday)
    if schedule.bymonthday:
        kwargs["bymonthday"] = parse_numbers(schedule.bymonthday)
    if schedule.byweekno:
        kwargs["byweekno"] = parse_numbers(schedule.byweekno)
    if schedule.byyearday:
        kwargs["byyearday"] = parse_numbers(schedule.byyearday)
    if schedule.wkst:
        kwargs["wkst"] = WEEKDAYS[schedule.wkst]
    return rrule.rrule(FREQUENCIES[schedule.freq], **kwargs)


def session_length(schedule: Schedule) -> timedelta:
    if schedule.opens_at and schedule.closes_at:
        return datetime.combine(date.min, schedule.closes_at) - datetime.combine(
            date.min, schedule.opens_at
        )
    return DEFAULT_LENGTH


def expand(schedule: Schedule, start: datetime, end: datetime) -> Iterator[Occurrence]:
    """Every session of one schedule that starts in [start, end), in order.

    valid_from and valid_to bound the dates; times are local to the schedule's zone.
    """
    tz = zone(schedule.timezone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    first_day = max(filter(None, [local_start.date(), schedule.valid_from]))
    last_day = min(filter(None, [local_end.date(), schedule.valid_to, schedule.until]))
    if first_day > last_day:
        return
    length = session_length(schedule)
    for naive in _naive_starts(schedule, first_day, last_day):
        if not first_day <= naive.date() <= last_day:
            continue
        begins = naive.replace(tzinfo=tz)
        if start <= begins < end:
            yield Occurrence(
                schedule=schedule, start=begins, end=(naive + length).replace(tzinfo=tz)
            )


def _naive_starts(schedule: Schedule, first_day: date, last_day: date) -> Iterable[datetime]:
    """Local start times of the schedule's sessions from first_day to last_day (inclusive)."""
    weekdays = plain_weekly_days(schedule)
    if weekdays is not None:
        # Every week on named days: the dates dateutil would give, without building a rule
        # (a timetable page expands hundreds of these; the property test pins them equal).
        anchor = schedule.dtstart or schedule.valid_from or FIXED_ANCHOR
        opens = schedule.opens_at or time(0, 0)
        day = max(first_day, anchor)
        starts = []
        while day <= last_day:
            if day.weekday() in weekdays:
                starts.append(datetime.combine(day, opens))
            day += timedelta(days=1)
        return starts
    rule = build_rule(schedule, window_start=first_day)
    if rule is None:
        return (
            [datetime.combine(schedule.dtstart, schedule.opens_at or time(0, 0))]
            if schedule.dtstart
            else []
        )
    return rule.between(
        datetime.combine(first_day, time.min), datetime.combine(last_day, time.max), inc=True
    )


WEEKDAY_NUMBERS = {code: number for number, code in enumerate(WEEKDAYS)}


def plain_weekly_days(schedule: Schedule) -> frozenset[int] | None:
    """Weekday numbers of an every-week rule on named days (no count, ordinals or month days)."""
    if (
        schedule.freq != "WEEKLY"
        or (schedule.interval or 1) != 1
        or schedule.count
        or schedule.bymonthday
        or schedule.byweekno
        or schedule.byyearday
    ):
        return None
    codes = [code.strip().upper() for code in schedule.byday.split(",") if code.strip()]
    if not codes or any(code not in WEEKDAY_NUMBERS for code in codes):
        return None
    return frozenset(WEEKDAY_NUMBERS[code] for code in codes)


def occurrences_between(
    schedules: Iterable[Schedule], start: datetime, end: datetime
) -> list[Occurrence]:
    """Sessions of many schedules in [start, end), ordered by start time."""
    found = [occ for schedule in schedules for occ in expand(schedule, start, end)]
    return sorted(found, key=lambda occ: (occ.start, str(occ.schedule.pk)))
