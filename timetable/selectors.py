"""Reads for the timetable: which sessions really run, once cancellations and closures are taken off.

Everything that shows a session (what's on, hub pages, service pages, search results, calendar
files) asks these functions, so a cancelled session or a closed hub disappears everywhere at once.

One-off `campaigns.Event`s are not schedules, so they come back as a parallel list from
`events_between`; `timetable_between` merges both into one ordered list of `Entry` rows.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import connection
from django.db.models import Q, QuerySet

from campaigns.models import Event
from directory.eligibility import Child, is_eligible
from directory.models import (
    Attribute,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.search import distance_m_expression
from geo.distance import bounding_box
from geo.postcodes import Place
from timetable.models import BankHoliday, Cancellation, Closure, TermTimeOnly, UpcomingSession
from timetable.recurrence import Occurrence, expand, occurrences_between, zone

if TYPE_CHECKING:
    from timetable.filters import WhatsOnSearch

LONDON = zone("Europe/London")
# How far ahead "next sessions" looks: far enough for a monthly group after a long closure.
NEXT_SESSIONS_HORIZON = timedelta(days=400)


@dataclass
class DatesOff:
    """Cancellations, closures and bank holidays in a date range, ready to test occurrences."""

    cancelled: dict[tuple[UUID, date], str] = field(default_factory=dict)
    closures: list[Closure] = field(default_factory=list)
    bank_holidays: dict[date, str] = field(default_factory=dict)
    # Schedules that run in term time only (read only when a school holiday is in range).
    term_time_only: frozenset[UUID] = frozenset()

    def closures_of(self, occurrence: Occurrence) -> list[Closure]:
        """The closures (school holidays included, for term-time sessions) that stop it."""
        term_time_only = occurrence.schedule.pk in self.term_time_only
        return [
            closure
            for closure in self.closures
            if closure.covers(
                occurrence.local_date, occurrence.location_id, term_time_only=term_time_only
            )
        ]

    def reason_off(self, occurrence: Occurrence) -> str | None:
        """Why this session will not run, or None when it runs."""
        day = occurrence.local_date
        reason = self.cancelled.get((occurrence.schedule.pk, day))
        if reason is not None:
            return reason
        if day in self.bank_holidays:
            return f"Closed for {self.bank_holidays[day]}"
        closures = self.closures_of(occurrence)
        return closures[0].reason if closures else None

    def runs(self, occurrence: Occurrence) -> bool:
        return self.reason_off(occurrence) is None


def dates_off(
    first_day: date,
    last_day: date,
    *,
    schedules: QuerySet[Schedule] | list[Schedule] | None = None,
) -> DatesOff:
    """Everything that stops sessions between two dates (inclusive): three queries, and one
    more when a school holiday falls in them.

    `schedules` (loaded or not) limits the cancellations and term-time schedules read to theirs.
    """
    cancellations = Cancellation.objects.filter(date__range=(first_day, last_day))
    term_time = TermTimeOnly.objects.all()
    if isinstance(schedules, QuerySet):
        cancellations = cancellations.filter(schedule__in=schedules.values("pk"))
        term_time = term_time.filter(schedule__in=schedules.values("pk"))
    elif schedules is not None:
        ids = [s.pk for s in schedules]
        cancellations = cancellations.filter(schedule_id__in=ids)
        term_time = term_time.filter(schedule_id__in=ids)
    closures = list(Closure.objects.filter(starts_on__lte=last_day, ends_on__gte=first_day))
    school_holidays = any(c.kind == Closure.Kind.SCHOOL_HOLIDAY for c in closures)
    return DatesOff(
        cancelled={
            (c.schedule_id, c.date): c.reason
            for c in cancellations.only("schedule_id", "date", "reason")
        },
        closures=closures,
        term_time_only=(
            frozenset(term_time.values_list("schedule_id", flat=True))
            if school_holidays
            else frozenset()
        ),
        bank_holidays=dict(
            BankHoliday.objects.filter(date__range=(first_day, last_day)).values_list(
                "date", "name"
            )
        ),
    )


def closures_between(
    first_day: date, last_day: date, *, locations: Iterable | None = None
) -> tuple[list[Closure], list[BankHoliday]]:
    """Closures (of these hubs, or of every hub) and bank holidays in a date range, to explain
    why sessions are missing."""
    closures = Closure.objects.filter(
        kind=Closure.Kind.CLOSED, starts_on__lte=last_day, ends_on__gte=first_day
    )
    if locations is not None:
        closures = closures.filter(Q(location__in=locations) | Q(location__isnull=True))
    return (
        list(closures.select_related("location").order_by("starts_on")),
        list(BankHoliday.objects.filter(date__range=(first_day, last_day))),
    )


def active_schedules() -> QuerySet[Schedule]:
    """Schedules of active services, with their service and place joined.

    A schedule that names its service or place only through service_at_location is matched by
    subquery (no extra joins for the usual case); `with_places` then loads those few links.
    """
    active = Service.Status.ACTIVE
    return Schedule.objects.filter(
        Q(service__status=active)
        | Q(
            service__isnull=True,
            service_at_location__in=ServiceAtLocation.objects.filter(service__status=active),
        )
    ).select_related("service", "location")


def with_places(schedules: Iterable[Schedule]) -> list[Schedule]:
    """The schedules, with service_at_location loaded where they need it: one query at most."""
    schedules = list(schedules)
    needing = {
        s.service_at_location_id
        for s in schedules
        if s.service_at_location_id and not (s.service_id and s.location_id)
    }
    if needing:
        links = ServiceAtLocation.objects.select_related("service", "location").in_bulk(needing)
        for schedule in schedules:
            if schedule.service_at_location_id in links:
                schedule.service_at_location = links[schedule.service_at_location_id]
    return schedules


def schedules_running_between(
    schedules: QuerySet[Schedule], first_day: date, last_day: date
) -> QuerySet[Schedule]:
    """Leave out schedules whose dates rule them out of the range, before any expanding."""
    return (
        schedules.exclude(valid_from__gt=last_day)
        .exclude(valid_to__lt=first_day)
        .exclude(until__lt=first_day)
        .exclude(Q(freq="") & (Q(dtstart__lt=first_day) | Q(dtstart__gt=last_day)))
    )


def at_locations(schedules: QuerySet[Schedule], locations: Iterable) -> QuerySet[Schedule]:
    return schedules.filter(
        Q(location__in=locations)
        | Q(
            location__isnull=True,
            service_at_location__in=ServiceAtLocation.objects.filter(location__in=locations),
        )
    )


def of_services(schedules: QuerySet[Schedule], services: Iterable) -> QuerySet[Schedule]:
    return schedules.filter(
        Q(service__in=services)
        | Q(
            service__isnull=True,
            service_at_location__in=ServiceAtLocation.objects.filter(service__in=services),
        )
    )


def _last_day(end: datetime) -> date:
    """The last local date a half-open range [start, end) reaches."""
    return (end.astimezone(LONDON) - timedelta(microseconds=1)).date()


def occurrences_with_reasons_off(
    schedules: QuerySet[Schedule], start: datetime, end: datetime
) -> list[tuple[Occurrence, str | None]]:
    """Expand the schedules over [start, end): each session with why it will not run (a
    cancellation's or closure's reason), or None when it runs."""
    first_day, last_day = start.astimezone(LONDON).date(), _last_day(end)
    schedules = schedules_running_between(schedules, first_day, last_day)
    loaded = with_places(schedules)
    off = dates_off(first_day, last_day, schedules=loaded)
    return [(occ, off.reason_off(occ)) for occ in occurrences_between(loaded, start, end)]


def running_occurrences(
    schedules: QuerySet[Schedule], start: datetime, end: datetime
) -> list[Occurrence]:
    """Expand the schedules over [start, end) and drop sessions that are cancelled or closed."""
    return [
        occ
        for occ, reason_off in occurrences_with_reasons_off(schedules, start, end)
        if reason_off is None
    ]


def sessions_between(
    start: datetime,
    end: datetime,
    *,
    locations: Iterable[Location] | QuerySet[Location] | None = None,
    services: Iterable[Service] | QuerySet[Service] | None = None,
) -> list[Occurrence]:
    """Sessions of active services that really run in [start, end), ordered by start time.

    Cancelled sessions, closed hubs and bank holidays are left out. A constant number of
    queries, whatever the number of sessions. One-off events are in `events_between`.
    """
    if services is None:
        schedules = active_schedules()
    elif isinstance(services, QuerySet):
        schedules = of_services(active_schedules(), services)
    else:
        schedules = active_schedules_of([service.pk for service in services])
    if locations is not None:
        schedules = at_locations(schedules, locations)
    return running_occurrences(schedules, start, end)


def active_schedules_of(service_ids: list[UUID]) -> QuerySet[Schedule]:
    """active_schedules() of these services (a page of search results, say), found through the
    schedule table's indexes: one query first for the active ones and their links to places.

    With those as lists of ids nothing is left to hash: the subqueries of active_schedules and
    of_services, inside an OR, had PostgreSQL read every schedule and service in the country
    (a parallel scan and hash join of 1,000,000 rows) for the ten services a page shows.
    """
    active_links = (
        Service.objects.filter(pk__in=service_ids, status=Service.Status.ACTIVE)
        .order_by()
        .values_list("pk", "service_at_locations")
    )
    active, links = set(), set()
    for service_id, link_id in active_links:
        active.add(service_id)
        if link_id is not None:
            links.add(link_id)
    return Schedule.objects.filter(
        Q(service_id__in=active) | Q(service__isnull=True, service_at_location_id__in=links)
    ).select_related("service", "location")


def next_sessions_for_services(
    services: Iterable[Service], after: datetime, limit: int
) -> dict[UUID, list[Occurrence]]:
    """The next `limit` sessions of each service, by service id, in a constant number of queries.

    For lists of services (search results): call this once rather than `next_sessions` per row.
    """
    services = list(services)
    found: dict[UUID, list[Occurrence]] = defaultdict(list)
    if not services:
        return found
    for occurrence in sessions_between(after, after + NEXT_SESSIONS_HORIZON, services=services):
        runs_for = found[occurrence.service.pk]
        if len(runs_for) < limit:
            runs_for.append(occurrence)
    return found


def next_sessions(service: Service, after: datetime, limit: int) -> list[Occurrence]:
    """The next `limit` sessions of one service that really run, from `after` on."""
    return next_sessions_for_services([service], after, limit).get(service.pk, [])


def occurrence_at(schedule_id: UUID, start: datetime) -> tuple[Occurrence, str | None] | None:
    """The session of a schedule that starts at this moment, with why it will not run (None
    when it runs); None if the schedule has no session then."""
    schedule = active_schedules().filter(pk=schedule_id).first()
    if schedule is None:
        return None
    found = [
        occ for occ in expand(schedule, start, start + timedelta(minutes=1)) if occ.start == start
    ]
    if not found:
        return None
    day = found[0].local_date
    off = dates_off(day, day, schedules=Schedule.objects.filter(pk=schedule_id))
    return found[0], off.reason_off(found[0])


def events_between(
    start: datetime, end: datetime, *, locations: Iterable[Location] | None = None
) -> list[Event]:
    """One-off events (not cancelled) starting in [start, end), with their place and campaign."""
    events = Event.objects.filter(
        starts_at__gte=start, starts_at__lt=end, cancelled=False
    ).select_related("location", "campaign")
    if locations is not None:
        events = events.filter(location__in=locations)
    return list(events.order_by("starts_at", "title"))


def topic_and_narrower(term: TaxonomyTerm) -> QuerySet[TaxonomyTerm]:
    """Ids of a topic and its narrower terms, three levels down (a subquery)."""
    return TaxonomyTerm.objects.filter(
        Q(pk=term.pk) | Q(parent=term) | Q(parent__parent=term) | Q(parent__parent__parent=term)
    ).values("pk")


def services_with_topic(term: TaxonomyTerm) -> QuerySet[Attribute]:
    """Ids of services tagged with a topic or a narrower term (for `id__in`)."""
    return Attribute.objects.filter(
        taxonomy_term__in=topic_and_narrower(term), link_entity="service"
    ).values("link_id")


@dataclass(frozen=True)
class Entry:
    """One row of a timetable: a session of a service, or a one-off event."""

    start: datetime
    end: datetime
    title: str
    location: Location | None
    occurrence: Occurrence | None = None
    event: Event | None = None
    # Why it will not run (a cancellation, a closure or a bank holiday); empty when it runs.
    cancelled_reason: str = ""

    @property
    def local_date(self) -> date:
        return self.start.astimezone(LONDON).date()

    @property
    def service(self) -> Service | None:
        return self.occurrence.service if self.occurrence else None

    def is_for(self, child: Child | None) -> bool:
        """Whether it suits this child on its own date (no child: it suits everyone).

        Events record only whether expectant parents may come, so they suit every born child.
        """
        if child is None:
            return True
        if self.event is not None:
            return self.event.for_expectant_parents or not child.is_expected_on(self.local_date)
        return is_eligible(self.service, child, self.local_date)


# What a timetable row needs: loading only these keeps a page of hundreds of sessions quick.
TIMETABLE_FIELDS = (
    *(
        f.name
        for f in Schedule._meta.concrete_fields
        if f.name not in {"description", "notes", "schedule_link", "attending_type"}
    ),
    *(
        f"service__{name}"
        for name in (
            "name",
            "status",
            "minimum_age",
            "maximum_age",
            "for_expectant_parents",
            "join_method",
            "illustrative",
        )
    ),
    *(f"location__{name}" for name in ("name", "slug", "illustrative", "is_family_hub")),
)


def timetable_between(
    start: datetime,
    end: datetime,
    *,
    locations: Iterable[Location] | None = None,
    schedules: QuerySet[Schedule] | None = None,
    include_events: bool = True,
    include_cancelled: bool = False,
) -> list[Entry]:
    """Sessions and events in [start, end), merged in time order.

    `schedules` narrows the sessions (for example by topic); by default every active schedule.
    `include_cancelled` keeps sessions that will not run, with their reason, to show parents.
    """
    schedules = active_schedules() if schedules is None else schedules
    if locations is not None:
        schedules = at_locations(schedules, locations)
    schedules = schedules.only(*TIMETABLE_FIELDS)
    entries = [
        Entry(
            occ.start,
            occ.end,
            occ.service.name,
            occ.location,
            occurrence=occ,
            cancelled_reason=reason_off or "",
        )
        for occ, reason_off in occurrences_with_reasons_off(schedules, start, end)
        if include_cancelled or reason_off is None
    ]
    if include_events:
        entries += [
            Entry(
                e.starts_at.astimezone(LONDON),
                e.ends_at.astimezone(LONDON),
                e.title,
                e.location,
                event=e,
            )
            for e in events_between(start, end, locations=locations)
        ]
    return sorted(entries, key=lambda e: (e.start, e.title))


def week_starting(day: date) -> date:
    """The Monday of the week a date is in."""
    return day - timedelta(days=day.weekday())


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=LONDON)


WHATS_ON_PER_PAGE = 20
# Counting every session in the country costs more than listing a page of them, and few
# page past ten: past this many, parents are asked to choose a place, a date or a topic.
WHATS_ON_COUNTED_UP_TO = 200


@dataclass(frozen=True)
class SessionsPage:
    """One page of what's on: sessions and events in time order, cancelled ones included."""

    sessions: list[UpcomingSession]
    total: int
    number: int
    # The circle searched, when searching near a place.
    within_m: float | None = None
    per_page: int = WHATS_ON_PER_PAGE

    @property
    def has_more_than_counted(self) -> bool:
        return self.total > WHATS_ON_COUNTED_UP_TO

    @property
    def page_count(self) -> int:
        counted = min(self.total, WHATS_ON_COUNTED_UP_TO)
        return max(1, -(-counted // self.per_page))

    @property
    def is_past_the_end(self) -> bool:
        return self.number > self.page_count

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.per_page + 1

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.sessions) - 1


def _for_child(child: Child) -> Q:
    """Sessions this child (born, or expected all through the window) may come to on the day."""
    if child.date_of_birth is None:
        return Q(for_expectant_parents=True)
    dob = child.date_of_birth
    return (Q(born_from__isnull=True) | Q(born_from__lte=dob)) & (
        Q(born_to__isnull=True) | Q(born_to__gte=dob)
    )


def whats_on_sessions(search: "WhatsOnSearch", now: datetime) -> SessionsPage:
    """A page of the sessions and events that match, in time order: a constant few queries.

    From the day asked (from now, when that is today: sessions under way still show). Near a
    place, the smallest circle that holds a page of sessions is searched.
    """
    today = now.astimezone(LONDON).date()
    sessions = UpcomingSession.objects.all()
    if search.starts_on > today:
        sessions = sessions.filter(starts_at__gte=local_midnight(search.starts_on))
    else:
        sessions = sessions.filter(ends_at__gt=now)
    if search.hub is not None:
        sessions = sessions.filter(location_id=search.hub.pk)
    if search.child is not None:
        sessions = sessions.filter(_for_child(search.child))
    if search.topic is not None:
        # The topic's few terms as values: the database then hashes the services tagged with
        # them once, rather than testing every session against the taxonomy tree.
        terms = list(topic_and_narrower(search.topic).values_list("pk", flat=True))
        sessions = sessions.filter(
            service_id__in=Attribute.objects.filter(
                link_entity="service", taxonomy_term__in=terms
            ).values("link_id")
        )
    if search.weekday is not None:
        sessions = sessions.filter(weekday=search.weekday)
    if search.times is not None:
        sessions = sessions.filter(
            local_start_time__gte=search.times[0], local_start_time__lt=search.times[1]
        )
    within_m = None
    in_time_order = sessions.order_by("starts_at", "title", "id")
    if search.place is not None:
        in_time_order, total, within_m = _nearest_circle(
            in_time_order, search.place, search.radii_m
        )
    else:
        # In time order, so the database walks its time index and stops at the limit.
        total = in_time_order[: WHATS_ON_COUNTED_UP_TO + 1].count()
    start = (search.page - 1) * WHATS_ON_PER_PAGE
    # The page's ids first: joining only the rows shown, not every row skipped before them.
    ids = list(in_time_order.values_list("id", flat=True)[start : start + WHATS_ON_PER_PAGE])
    shown = UpcomingSession.objects.filter(id__in=ids).select_related(
        "service", "location", "schedule", "event__campaign"
    )
    return SessionsPage(
        sessions=sorted(shown, key=lambda s: ids.index(s.id)),
        total=total,
        number=search.page,
        within_m=within_m,
    )


def hubs_near(place: Place, metres: float) -> list[tuple[UUID, float]]:
    """(id, distance in metres) of the Family Hubs within `metres` of a place."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(place.latitude, place.longitude, metres)
    return list(
        Location.objects.filter(
            is_family_hub=True,
            latitude__range=(min_lat, max_lat),
            longitude__range=(min_lon, max_lon),
        )
        .annotate(
            distance_m=distance_m_expression(
                "latitude", "longitude", place.latitude, place.longitude
            )
        )
        .filter(distance_m__lte=metres)
        .values_list("id", "distance_m")
    )


def _nearest_circle(
    sessions: QuerySet[UpcomingSession], place: Place, radii_m: tuple[float, ...]
) -> tuple[QuerySet[UpcomingSession], int, float]:
    """The sessions within the smallest circle holding a page of them (or the widest), their
    number (counted up to WHATS_ON_COUNTED_UP_TO and one more) and the circle's radius."""
    hubs = hubs_near(place, radii_m[-1])
    circles = [[hub for hub, distance in hubs if distance <= radius] for radius in radii_m]
    counts = _counts_up_to(sessions, circles, WHATS_ON_COUNTED_UP_TO + 1)
    chosen = next(
        (n for n, count in enumerate(counts) if count >= WHATS_ON_PER_PAGE), len(radii_m) - 1
    )
    return sessions.filter(location_id__in=circles[chosen]), counts[chosen], radii_m[chosen]


def _counts_up_to(
    sessions: QuerySet[UpcomingSession], circles: list[list[UUID]], limit: int
) -> list[int]:
    """The sessions at each circle's hubs, each counted no further than `limit`, in one query:
    a count per circle in one SELECT, each stopping at its limit, so a city's many sessions
    cost no more than a page or two of them."""
    parts, params = [], []
    for hubs in circles:
        if not hubs:
            parts.append("0")
            continue
        counted = sessions.filter(location_id__in=hubs).order_by().values("id")[:limit]
        sql, counted_params = counted.query.sql_with_params()
        # The ORM wrote the SQL and every value stays a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS circle)")  # noqa: S608
        params.extend(counted_params)
    if not params:
        return [0] * len(circles)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return list(cursor.fetchone())
