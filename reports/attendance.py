"""Attendance at hub sessions: sessions held, places offered and booked, children who came,
no-shows, walk-ins and people counted without registering, by hub.

Whole days up to the last tally refresh are read from `AttendanceTally` (a row a hub a day);
later days are counted from the bookings tables, so the report is as current as the registers
while a year of it adds up hundreds of rows, not millions."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, DateField, Expression, F, Q, Sum, Value
from django.db.models.functions import ExtractIsoWeekDay, TruncDate, TruncMonth, TruncTime

from bookings.models import Attendance, Booking, SessionOccurrence, VisitorCount
from bookings.selectors import age_band_expression
from reports.models import AttendanceTally, TalliedThrough
from reports.periods import LONDON, Period
from reports.scopes import ReportScope
from reports.tables import Column, Table, protected_table

COLUMNS = (
    Column("sessions", "Sessions held", about_people=False),
    Column("cancelled", "Sessions cancelled", about_people=False),
    Column("places", "Places offered", about_people=False),
    Column("booked", "Places booked"),
    Column("attended", "Children who came"),
    Column("walk_ins", "Of whom walked in"),
    Column("no_shows", "Booked but did not come"),
    Column("visitors", "People counted without registering"),
)
MEASURES = tuple(column.key for column in COLUMNS)
TALLY = "attendance"

Counts = dict[tuple, dict[str, int]]  # (location id, *grouped by) -> {measure: count}


def attendance_by_hub(period: Period, scope: ReportScope) -> Table:
    """One row per hub in scope. A session counts as held when its register was taken
    (anyone recorded as coming, not coming or counted)."""
    hub_ids = [hub.id for hub in scope.hubs]
    totals = {hub_id: dict.fromkeys(MEASURES, 0) for hub_id in hub_ids}
    live: Period | None = period
    through = TalliedThrough.objects.filter(kind=TALLY).values_list("day", flat=True).first()
    if through is not None and through >= period.start:
        last = min(through, period.end)
        tallied = (
            AttendanceTally.objects.filter(
                scope.at_hubs("location"), day__range=(period.start, last)
            )
            .values("location_id")
            .annotate(**{measure: Sum(measure) for measure in MEASURES})
        )
        for row in tallied:
            add_measures(totals[row["location_id"]], row)
        live = Period("custom", last + timedelta(days=1), period.end) if last < period.end else None
    if live is not None:
        for (hub_id,), counts in count_sessions(live, hub_ids).items():
            add_measures(totals[hub_id], counts)
    return protected_table(
        "Family hub",
        COLUMNS,
        [(hub.name, totals[hub.id]) for hub in scope.hubs],
        total_label="All hubs in this report",
    )


def add_measures(into: dict[str, int], counts: dict) -> None:
    """Add each measure of `counts` (None as 0) into `into`."""
    for measure in MEASURES:
        into[measure] += counts.get(measure) or 0


def count_sessions(period: Period, hub_ids: list | None, by: tuple[str, ...] = ()) -> Counts:
    """Every measure from the bookings tables, by place (only `hub_ids`, unless None) and by
    `by` (names in `GROUPINGS`, and "age_band": children by their age on the day, the other
    measures under an empty band)."""
    in_period = Q(starts_at__gte=period.starts_at(), starts_at__lt=period.ends_before())
    sessions = SessionOccurrence.objects.filter(in_period)
    if hub_ids is not None:
        sessions = sessions.filter(location_id__in=hub_ids)
    running = sessions.filter(cancelled_at__isnull=True)
    register_taken = Q(attendances__isnull=False) | Q(visitor_counts__isnull=False)
    came = Q(status=Attendance.Status.ATTENDED)
    queries = (
        (running.filter(register_taken), "", {"sessions": Count("id", distinct=True)}),
        (sessions.filter(cancelled_at__isnull=False), "", {"cancelled": Count("id")}),
        (running, "", {"places": Sum("capacity")}),
        (
            Booking.objects.filter(
                occurrence__in=running,
                status__in=[Booking.Status.CONFIRMED, Booking.Status.CAME_FROM_WAITING_LIST],
            ),
            "occurrence__",
            {"booked": Sum("places")},
        ),
        (
            Attendance.objects.filter(occurrence__in=sessions),
            "occurrence__",
            {
                "attended": Count("id", filter=came),
                "walk_ins": Count("id", filter=came & Q(walk_in=True)),
                "no_shows": Count("id", filter=Q(status=Attendance.Status.NO_SHOW)),
            },
        ),
        (
            VisitorCount.objects.filter(occurrence__in=sessions),
            "occurrence__",
            {"visitors": Sum(F("adults") + F("children"))},
        ),
    )
    counts: Counts = {}
    for queryset, path, measures in queries:
        keys = _keys(path, by, of_children=queryset.model is Attendance)
        for row in queryset.annotate(**keys).values(*keys).annotate(**measures):
            key = tuple(row[name] for name in keys)
            into = counts.setdefault(key, dict.fromkeys(MEASURES, 0))
            for measure in measures:
                into[measure] += row[measure] or 0
    return counts


# Ways to group by a session's start (London time), as the tallies keep them.
GROUPINGS = {
    "day": lambda starts: TruncDate(starts, tzinfo=LONDON),
    "month": lambda starts: TruncMonth(starts, tzinfo=LONDON, output_field=DateField()),
    "weekday": lambda starts: ExtractIsoWeekDay(starts, tzinfo=LONDON),
    "starts": lambda starts: TruncTime(starts, tzinfo=LONDON),
}


def _keys(path: str, by: tuple[str, ...], of_children: bool) -> dict[str, Expression]:
    """Grouping expressions for rows reached through `path` to their session: its place first,
    then `by` (named with a prefix: "service" and the like are the models' own fields)."""
    keys: dict[str, Expression] = {"by_hub": F(f"{path}location_id")}
    for name in by:
        if name == "age_band":
            keys[f"by_{name}"] = age_band_expression() if of_children else Value("")
        elif name == "service":
            keys[f"by_{name}"] = F(f"{path}service_id")
        else:
            keys[f"by_{name}"] = GROUPINGS[name](f"{path}starts_at")
    return keys


def refresh_tallies(first: date, last: date) -> int:
    """Recount days `first` to `last` (London) at every place, and mark attendance tallied
    through `last`. Returns the number of rows written."""
    counts = count_sessions(Period("custom", first, last), None, by=("day",))
    with transaction.atomic():
        AttendanceTally.objects.filter(day__range=(first, last)).delete()
        AttendanceTally.objects.bulk_create(
            (
                AttendanceTally(location_id=hub_id, day=day, **measures)
                for (hub_id, day), measures in counts.items()
                if hub_id is not None
            ),
            batch_size=5000,
        )
        TalliedThrough.objects.update_or_create(kind=TALLY, defaults={"day": last})
    return len(counts)


def first_session_day() -> date | None:
    first = SessionOccurrence.objects.order_by("starts_at").values_list("starts_at", flat=True)
    moment = first.first()
    return moment.astimezone(LONDON).date() if moment else None
