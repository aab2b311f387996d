"""Attendance by service, by day and time, and by children's age band, at the hubs in scope.

Whole months up to the last refresh are read from `SessionTally`: a row a month for each
service, weekly slot or age band at each place, and the same for every family hub together, so
a commissioner's year is a few hundred rows whatever the number of hubs. Other days, and the
parts of months a custom period only partly covers, are counted from the bookings tables."""

from calendar import day_name
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Sum

from bookings.selectors import AGE_BANDS
from directory.models import Location, Service
from reports.attendance import COLUMNS, MEASURES, add_measures, count_sessions
from reports.models import SessionTally, TalliedThrough
from reports.periods import Period, custom, month, month_starts, split_for_monthly_tally
from reports.scopes import ReportScope
from reports.tables import Table, protected_table

TALLY = "sessions"
Dimension = SessionTally.Dimension
# What each dimension groups sessions by (see `attendance.count_sessions`).
GROUPED_BY = {
    Dimension.SERVICE: ("service",),
    Dimension.SLOT: ("weekday", "starts"),
    Dimension.AGE: ("age_band",),
}
CHILD_COLUMNS = tuple(c for c in COLUMNS if c.key in ("attended", "walk_ins", "no_shows"))
Figures = dict[str, dict[str, int]]  # key -> {measure: count}


def _key(dimension: str, values: tuple) -> str | None:
    """The tally's key for a group of `count_sessions`, or None for measures that are not
    about it (session counts carry no age band)."""
    if dimension == Dimension.SLOT:
        weekday, starts = values
        return f"{weekday} {starts:%H:%M}"
    return str(values[0]) if values[0] != "" else None


def _counted(period: Period, hub_ids: list | None, dimension: str) -> dict:
    """From the bookings tables: {place id: {key: measures}}."""
    by_place: dict = {}
    for (hub_id, *values), measures in count_sessions(
        period, hub_ids, GROUPED_BY[dimension]
    ).items():
        key = _key(dimension, tuple(values))
        if key is not None:
            _add(by_place.setdefault(hub_id, {}), key, measures)
    return by_place


def _add(into: Figures, key: str, measures: dict) -> None:
    add_measures(into.setdefault(key, dict.fromkeys(MEASURES, 0)), measures)


def figures_by(dimension: str, period: Period, scope: ReportScope) -> Figures:
    """Every measure at the hubs in scope, by the dimension's key."""
    hub_ids = [hub.id for hub in scope.hubs]
    through = TalliedThrough.objects.filter(kind=TALLY).values_list("day", flat=True).first()
    months, live = split_for_monthly_tally(period, through)
    tallied = SessionTally.objects.filter(dimension=dimension, month__in=months)
    # A commissioner reads the rows for every hub together.
    tallied = (
        tallied.filter(location__isnull=True)
        if scope.everything
        else tallied.filter(location_id__in=hub_ids)
    )
    figures: Figures = {}
    for row in tallied.values("key").annotate(**{m: Sum(m) for m in MEASURES}):
        _add(figures, row["key"], row)
    for part in live:
        for by_key in _counted(part, hub_ids, dimension).values():
            for key, measures in by_key.items():
                _add(figures, key, measures)
    return figures


def attendance_by_service(period: Period, scope: ReportScope) -> Table:
    """A service that runs at several hubs in scope is one row."""
    figures = figures_by(Dimension.SERVICE, period, scope)
    names = {
        str(pk): name
        for pk, name in Service.objects.filter(id__in=figures).values_list("id", "name")
    }
    rows = sorted((names[key], counts) for key, counts in figures.items())
    return protected_table("Service", COLUMNS, rows, total_label="All services in this report")


def attendance_by_day_and_time(period: Period, scope: ReportScope) -> Table:
    figures = figures_by(Dimension.SLOT, period, scope)
    rows = []
    for key in sorted(figures):  # "1 10:00": Monday first, then by time
        weekday, starts = key.split(" ")
        rows.append((f"{day_name[int(weekday) - 1]} {starts}", figures[key]))
    return protected_table(
        "Day and start time", COLUMNS, rows, total_label="All sessions in this report"
    )


def attendance_by_age_band(period: Period, scope: ReportScope) -> Table:
    """Children at sessions by their age on the day (an unborn baby's parent is 'not born
    yet')."""
    figures = figures_by(Dimension.AGE, period, scope)
    nothing = dict.fromkeys(MEASURES, 0)
    rows = [(label, figures.get(band, nothing)) for band, label, *_ in AGE_BANDS]
    return protected_table(
        "Child's age on the day", CHILD_COLUMNS, rows, total_label="All children in this report"
    )


def refresh_session_tallies(first: date, last: date) -> int:
    """Recount the months from the one holding `first` to the one holding `last` (London), up
    to `last`, a month at a time (memory stays that of one month), and mark them tallied
    through `last`. Returns the rows written."""
    hubs = set(Location.objects.filter(is_family_hub=True).values_list("id", flat=True))
    written = 0
    with transaction.atomic():
        SessionTally.objects.filter(month__gte=first.replace(day=1), month__lte=last).delete()
        for start in month_starts(first, last):
            part = custom(start, min(month(start.year, start.month).end, last))
            written += len(SessionTally.objects.bulk_create(_tallies(part, hubs), batch_size=5000))
        TalliedThrough.objects.update_or_create(kind=TALLY, defaults={"day": last})
    return written


def _tallies(part: Period, hubs: set) -> Iterable[SessionTally]:
    for dimension in Dimension:
        every_hub: Figures = {}
        for hub_id, by_key in _counted(part, None, dimension).items():
            for key, measures in by_key.items():
                if hub_id is not None:
                    yield SessionTally(
                        month=part.start,
                        dimension=dimension,
                        location_id=hub_id,
                        key=key,
                        **measures,
                    )
                if hub_id in hubs:
                    _add(every_hub, key, measures)
        for key, measures in every_hub.items():
            yield SessionTally(month=part.start, dimension=dimension, key=key, **measures)
