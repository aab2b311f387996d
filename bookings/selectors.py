"""Reading bookings, sessions and registers: every list in a constant number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from bookings.models import Attendance, Booking, SessionOccurrence, VisitorCount
from directory.models import Location, Service
from families.models import Child, Family
from families.selectors import families_visible_to
from geo.postcodes import normalise_postcode
from timetable.recurrence import Occurrence
from timetable.selectors import LONDON, local_midnight, sessions_between


def with_session_details(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    return bookings.select_related("occurrence__service", "occurrence__location").prefetch_related(
        "children"
    )


def family_bookings(family: Family) -> QuerySet[Booking]:
    """A family's bookings, soonest session first, with their place on any waiting list."""
    ahead = (
        Booking.objects.filter(
            occurrence=OuterRef("occurrence"),
            status=Booking.Status.WAITING,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by()
        .values("occurrence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return with_session_details(
        Booking.objects.filter(family=family).annotate(
            waiting_position=Case(
                When(status=Booking.Status.WAITING, then=Subquery(ahead)),
                default=None,
                output_field=IntegerField(),
            )
        )
    ).order_by("occurrence__starts_at", "pk")


def bookings_to_remind(start: datetime, end: datetime) -> QuerySet[Booking]:
    return with_session_details(
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            occurrence__starts_at__gte=start,
            occurrence__starts_at__lt=end,
            occurrence__cancelled_at__isnull=True,
        ).select_related("booked_by")
    )


@dataclass(frozen=True)
class Session:
    """A session on the timetable with what we know about its places (if anyone has booked)."""

    dated: Occurrence
    saved: SessionOccurrence | None

    @property
    def start(self) -> datetime:
        return self.dated.start

    @property
    def url_start(self) -> str:
        return start_for_url(self.dated.start)

    @property
    def places_left(self) -> int | None:
        if self.saved is None:
            return None
        return self.saved.places_left


def start_for_url(start: datetime) -> str:
    """A session's start as it goes in a web address: local time, e.g. 20260327T1000."""
    return start.astimezone(LONDON).strftime("%Y%m%dT%H%M")


def start_from_url(text: str) -> datetime | None:
    try:
        naive = datetime.strptime(text, "%Y%m%dT%H%M")
    except ValueError:
        return None
    return naive.replace(tzinfo=LONDON)


def _with_saved(dated: list[Occurrence], extra: QuerySet[SessionOccurrence] | None = None):
    """Pair each dated session with its saved row, in one query."""
    keys = {(occ.schedule.pk, occ.start) for occ in dated}
    saved = {}
    if dated:
        first, last = min(o.start for o in dated), max(o.start for o in dated)
        rows = SessionOccurrence.objects.filter(
            schedule__in={occ.schedule.pk for occ in dated},
            starts_at__gte=first,
            starts_at__lte=last,
        )
        saved = {(row.schedule_id, row.starts_at): row for row in rows}
    return [Session(occ, saved.get((occ.schedule.pk, occ.start))) for occ in dated], keys


def bookable_sessions(start: datetime, end: datetime, hub: Location | None = None) -> list[Session]:
    """Sessions of services that take online bookings in [start, end), at one hub or all."""
    services = Service.objects.filter(
        join_method=Service.JoinMethod.BOOKING, booking_settings__isnull=False
    )
    locations = [hub] if hub is not None else None
    sessions, _ = _with_saved(sessions_between(start, end, services=services, locations=locations))
    return sessions


def sessions_on_day(hubs: QuerySet[Location], day: date) -> list[Session]:
    """Every session at these hubs on one day, cancelled ones included (so staff see them)."""
    start = local_midnight(day)
    end = local_midnight(day + timedelta(days=1))
    sessions, keys = _with_saved(sessions_between(start, end, locations=hubs))
    cancelled = SessionOccurrence.objects.filter(
        location__in=hubs, starts_at__gte=start, starts_at__lt=end, cancelled_at__isnull=False
    ).select_related(
        "schedule__service",
        "schedule__location",
        "schedule__service_at_location__service",
        "schedule__service_at_location__location",
    )
    for row in cancelled:
        if (row.schedule_id, row.starts_at) not in keys:
            dated = Occurrence(
                schedule=row.schedule, start=row.starts_at.astimezone(LONDON), end=row.ends_at
            )
            sessions.append(Session(dated, row))
    return sorted(sessions, key=lambda s: (s.start, str(s.dated.schedule.pk)))


@dataclass
class RegisterLine:
    """One child on a register: how they came (booking or walk-in) and what was recorded."""

    child: Child
    family: Family
    booking: Booking | None
    attendance: Attendance | None


@dataclass
class Register:
    occurrence: SessionOccurrence
    booked: list[RegisterLine]
    waiting: list[RegisterLine]
    walk_ins: list[RegisterLine]
    # Children of a family staff have just registered at the register, not yet checked in.
    newly_registered: list[RegisterLine]
    visitor_adults: int
    visitor_children: int


def register_for(occurrence: SessionOccurrence, newly_registered: Family | None = None) -> Register:
    """Who is booked, waiting, checked in and walked in: the same few queries however many come.

    A child stays under "booked" once booked: after the session is cancelled (staff see who
    was told), and after a check-in whose booking was later cancelled. Walk-ins are the
    children recorded as walk-ins, nobody else.
    """
    shown = [Booking.Status.CONFIRMED, Booking.Status.WAITING]
    if occurrence.is_cancelled:
        shown.append(Booking.Status.SESSION_CANCELLED)
    bookings = list(
        occurrence.bookings.filter(status__in=shown)
        .select_related("family")
        .prefetch_related("children", "family__adults")
        .order_by("created_at", "pk")
    )
    attendances = {
        a.child_id: a
        for a in occurrence.attendances.filter(child__isnull=False)
        .select_related("child", "family")
        .prefetch_related("family__adults")
        .order_by("recorded_at", "pk")
    }
    booked = [
        RegisterLine(child, booking.family, booking, attendances.pop(child.pk, None))
        for booking in bookings
        if booking.status != Booking.Status.WAITING
        for child in booking.children.all()
    ]
    booked += [
        RegisterLine(a.child, a.family, None, attendances.pop(a.child_id))
        for a in list(attendances.values())
        if not a.walk_in
    ]
    waiting = [
        RegisterLine(child, booking.family, booking, None)
        for booking in bookings
        if booking.status == Booking.Status.WAITING
        for child in booking.children.all()
    ]
    walk_ins = [RegisterLine(a.child, a.family, None, a) for a in attendances.values()]
    recorded = {line.child.pk for line in booked + walk_ins if line.attendance}
    new_lines = []
    if newly_registered is not None:
        new_lines = [
            RegisterLine(child, newly_registered, None, None)
            for child in newly_registered.children.all()
            if child.pk not in recorded
        ]
    visitors = occurrence.visitor_counts.aggregate(
        adults=Coalesce(Sum("adults"), 0), children=Coalesce(Sum("children"), 0)
    )
    return Register(
        occurrence=occurrence,
        booked=booked,
        waiting=waiting,
        walk_ins=walk_ins,
        newly_registered=new_lines,
        visitor_adults=visitors["adults"],
        visitor_children=visitors["children"],
    )


def find_families_for_walk_in(staff, query: str) -> QuerySet[Family]:
    """Families this member of staff may see, found by a parent's or child's name, a child's
    date of birth (DD/MM/YYYY or YYYY-MM-DD) or the home postcode. At most 20."""
    query = query.strip()
    if not query:
        return Family.objects.none()
    match = (
        Q(adults__first_name__icontains=query)
        | Q(adults__last_name__icontains=query)
        | Q(children__first_name__icontains=query)
    )
    born = _parse_date(query)
    if born is not None:
        match = Q(children__date_of_birth=born)
    elif any(ch.isdigit() for ch in query):
        match |= Q(home_postcode__iexact=normalise_postcode(query))
    found = families_visible_to(staff).filter(match).values("pk")
    return (
        Family.objects.filter(pk__in=found)
        .prefetch_related("adults", "children")
        .order_by("created")[:20]
    )


def _parse_date(text: str) -> date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


AGE_BANDS = [
    ("expected", "Not born yet", None, None),
    ("0-5m", "0 to 5 months", 0, 5),
    ("6-11m", "6 to 11 months", 6, 11),
    ("12-23m", "1 year", 12, 23),
    ("24-59m", "2 to 4 years", 24, 59),
    ("60m+", "5 years and over", 60, None),
]


def age_band_expression() -> Case:
    whens = [When(child_age_months__isnull=True, then=Value("expected"))]
    for key, _label, low, high in AGE_BANDS[1:]:
        condition = Q(child_age_months__gte=low)
        if high is not None:
            condition &= Q(child_age_months__lte=high)
        whens.append(When(condition, then=Value(key)))
    return Case(*whens)


def attendance_summary(hubs: QuerySet[Location], start: datetime, end: datetime) -> dict:
    """What reports count for some hubs over [start, end), all computed in the database:
    children who came, families (first time at these hubs vs returning), children by age band,
    walk-ins, no-shows and unregistered visitors."""
    at_hubs = Attendance.objects.filter(occurrence__location__in=hubs)
    came = at_hubs.filter(
        status=Attendance.Status.ATTENDED,
        occurrence__starts_at__gte=start,
        occurrence__starts_at__lt=end,
    )
    families_in_period = came.filter(family__isnull=False).values("family")
    first_visits = (
        at_hubs.filter(status=Attendance.Status.ATTENDED, family__in=families_in_period)
        .values("family")
        .annotate(first=Min("occurrence__starts_at"))
    )
    totals = came.aggregate(
        children=Count("pk"),
        walk_ins=Count("pk", filter=Q(walk_in=True)),
        families=Count("family", distinct=True),
    )
    first_time = first_visits.filter(first__gte=start).count()
    by_band = dict(
        came.annotate(band=age_band_expression())
        .values("band")
        .annotate(n=Count("pk"))
        .values_list("band", "n")
    )
    visitors = VisitorCount.objects.filter(
        occurrence__location__in=hubs,
        occurrence__starts_at__gte=start,
        occurrence__starts_at__lt=end,
    ).aggregate(adults=Coalesce(Sum("adults"), 0), children=Coalesce(Sum("children"), 0))
    return {
        "children_attended": totals["children"],
        "walk_ins": totals["walk_ins"],
        "families": totals["families"],
        "first_time_families": first_time,
        "returning_families": totals["families"] - first_time,
        "no_shows": at_hubs.filter(
            status=Attendance.Status.NO_SHOW,
            occurrence__starts_at__gte=start,
            occurrence__starts_at__lt=end,
        ).count(),
        "children_by_age_band": {key: by_band.get(key, 0) for key, *_ in AGE_BANDS},
        "visitor_adults": visitors["adults"],
        "visitor_children": visitors["children"],
    }
