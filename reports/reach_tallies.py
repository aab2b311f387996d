"""Counting reach: families registered with a place, and families seen at its sessions (first
time, or returning: seen anywhere before the period), by place and by the small area (LSOA) of
their home postcode.

Families seen are distinct, so they cannot be added up from daily tallies. The periods the
report offers (months, quarters, financial years) are few, so each is counted whole by the
nightly `manage.py refresh_report_tallies`, into `ReachTally` rows: a row per place and small
area, and a row per small area for all the family hubs together. A period still running is
counted each night to the day before, and read so (its figures are up to a day behind: at a
million families, counting a year as it runs takes seconds); an ended period is read once it
was counted after its end. Custom periods, periods without such a count and scopes of several
hubs but not all are counted live by the same queries (`count_registered`, `count_seen`), so
a tallied figure is the live one as of its refresh.

Whether a family came before a period is read from `FirstAttendance` (rebuilt at each refresh)
instead of searching each family's history; sessions after its mark are looked up live.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.db import connection, transaction
from django.db.models import Min, Sum
from django.utils import timezone

from bookings.models import Attendance
from directory.models import Location
from families.models import Family
from reports.attendance import first_session_day
from reports.models import FirstAttendance, ReachTallied, ReachTally, TalliedThrough
from reports.periods import LONDON, Period, financial_year, from_key, month, quarter

REGISTERED = ("registered", "new", "expecting_registered")
SEEN = ("seen", "returning", "expecting_seen")
MEASURES = REGISTERED + SEEN
FIRST_ATTENDANCE = "first attendance"  # the `TalliedThrough` kind of `FirstAttendance`
# Counts by (place id, or None for places counted together; LSOA, '' when not known or not asked)
Counts = dict[tuple[UUID | None, str], dict[str, int]]

# Families with a baby on the way during the period: due on or after its first day and
# conceived (about 40 weeks before the due date) by its last, and not born before it.
PREGNANCY = timedelta(weeks=40)
_EXPECTING = (
    "SELECT DISTINCT family_id FROM families_child WHERE (date_of_birth IS NULL OR "
    "date_of_birth >= %(first_day)s) AND due_date >= %(first_day)s AND due_date <= %(due_by)s"
)
_CAME = (
    "FROM bookings_attendance a JOIN bookings_sessionoccurrence o ON o.id = a.occurrence_id "
    "WHERE a.status = %(attended)s AND a.family_id IS NOT NULL"
)
_SMALL_AREA = "LEFT JOIN geo_postcode p ON p.postcode = f.home_postcode"


def _parameters(period: Period, hub_ids: Sequence[UUID] | None) -> tuple[dict, str]:
    """The query parameters of `period`, and the SQL condition on a place id column for
    `hub_ids` (any place when None)."""
    ops = connection.ops
    params = {
        "start": ops.adapt_datetimefield_value(period.starts_at()),
        "end": ops.adapt_datetimefield_value(period.ends_before()),
        "first_day": ops.adapt_datefield_value(period.start),
        "due_by": ops.adapt_datefield_value(period.end + PREGNANCY),
        "attended": Attendance.Status.ATTENDED,
    }
    if hub_ids is None:
        return params, "IS NOT NULL"
    place_id = Location._meta.pk
    params |= {
        f"hub{n}": place_id.get_db_prep_value(hub_id, connection)
        for n, hub_id in enumerate(hub_ids)
    }
    return params, f"IN ({', '.join(f'%(hub{n})s' for n in range(len(hub_ids))) or 'NULL'})"


def _grouped(place: str | None, by_area: bool) -> tuple[str, str]:
    """The SELECT columns (place, LSOA) and the GROUP BY clause."""
    columns = [place or "NULL", "COALESCE(p.small_area_code, '')" if by_area else "''"]
    grouped = [column for column, wanted in zip(columns, (place, by_area), strict=True) if wanted]
    return ", ".join(columns), f"GROUP BY {', '.join(grouped)}" if grouped else ""


def _counts(sql: str, params: dict, measures: tuple[str, ...]) -> Counts:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The distinct families of a month (330,000 at 1,000,000 families) overflow the
            # default 4 MB: PostgreSQL 15's parallel hash aggregate then spilled for over 90 s
            # instead of 0.8 s (bench/README.md, "Reach").
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    place_id = Location._meta.pk  # SQLite gives place ids back as text
    return {
        (place and place_id.to_python(place), area): dict(
            zip(measures, (int(value or 0) for value in values), strict=True)
        )
        for place, area, *values in rows
    }


def count_registered(
    period: Period, hub_ids: Sequence[UUID] | None, *, by_hub: bool, by_area: bool
) -> Counts:
    """Families registered by the end of `period` with the places `hub_ids` (any, when None),
    those registered in it, and (by area only, as the area tables show them) those expecting."""
    params, hub_filter = _parameters(period, hub_ids)
    columns, group_by = _grouped("f.hub_id" if by_hub else None, by_area)
    expecting = "COUNT(e.family_id)" if by_area else "0"
    joins = f"{_SMALL_AREA} LEFT JOIN ({_EXPECTING}) e ON e.family_id = f.id" if by_area else ""
    sql = (
        f"SELECT {columns}, COUNT(*), SUM(CASE WHEN f.created >= %(start)s THEN 1 ELSE 0 END), "  # noqa: S608 (no outside text)
        f"{expecting} FROM families_family f {joins} "
        f"WHERE f.created < %(end)s AND f.hub_id {hub_filter} {group_by}"
    )
    return _counts(sql, params, REGISTERED)


def count_seen(
    period: Period, hub_ids: Sequence[UUID] | None, *, by_hub: bool, by_area: bool
) -> Counts:
    """Families who came to sessions at the places `hub_ids` (any, when None) in `period`: once
    a place if `by_hub`, else once however many places; of them, those who came to a session
    anywhere before the period, and (by area only) those expecting."""
    params, hub_filter = _parameters(period, hub_ids)
    came_before = _came_before(period, params)
    columns, group_by = _grouped("seen.place" if by_hub else None, by_area)
    place = "o.location_id AS place, " if by_hub else ""
    expecting = "COUNT(e.family_id)" if by_area else "0"
    joins = (
        f"JOIN families_family f ON f.id = seen.family_id {_SMALL_AREA} "
        f"LEFT JOIN ({_EXPECTING}) e ON e.family_id = seen.family_id"
        if by_area
        else ""
    )
    sql = (
        f"WITH seen AS (SELECT DISTINCT {place}a.family_id {_CAME} "  # noqa: S608 (no outside text)
        f"AND o.starts_at >= %(start)s AND o.starts_at < %(end)s AND o.location_id {hub_filter}) "
        f"SELECT {columns}, COUNT(*), COUNT(b.family_id), {expecting} FROM seen {joins} "
        f"LEFT JOIN ({came_before}) b ON b.family_id = seen.family_id {group_by}"
    )
    return _counts(sql, params, SEEN)


def _came_before(period: Period, params: dict) -> str:
    """SQL for the families who came to a session anywhere before `period`: those whose first
    session is in `FirstAttendance`, and those who came between its mark and the period."""
    first = "SELECT family_id FROM reports_firstattendance WHERE starts_at < %(start)s"
    through = TalliedThrough.objects.filter(kind=FIRST_ATTENDANCE).values_list("day", flat=True)
    mark = through.first()
    if mark is not None and mark + timedelta(days=1) >= period.start:
        return first
    since = ""
    if mark is not None:
        params["after_mark"] = connection.ops.adapt_datetimefield_value(_day_after(mark))
        since = "AND o.starts_at >= %(after_mark)s"
    return f"{first} UNION SELECT a.family_id {_CAME} {since} AND o.starts_at < %(start)s"


def count_reach(
    period: Period, hub_ids: Sequence[UUID] | None, *, by_hub: bool, by_area: bool
) -> Counts:
    counts: Counts = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for part in (
        count_registered(period, hub_ids, by_hub=by_hub, by_area=by_area),
        count_seen(period, hub_ids, by_hub=by_hub, by_area=by_area),
    ):
        for key, measures in part.items():
            counts[key].update(measures)
    return counts


# Reading: the tally where it is exact, else live.


def _tallied(period: Period) -> ReachTallied | None:
    """The tally of `period` if it was counted after the period ended or, while it runs, up to
    yesterday."""
    yesterday = timezone.localdate() - timedelta(days=1)
    if period.kind == "custom" or period.start > yesterday:
        return None
    counted_to = min(period.end, yesterday)
    return ReachTallied.objects.filter(period=period.key, through__gte=counted_to).first()


def counts_by_hub(period: Period, hub_ids: Sequence[UUID]) -> dict[UUID, dict[str, int]]:
    """Each place's families registered and seen (a hub's small areas added up: a family lives
    in one)."""
    if _tallied(period) is None:
        live = count_reach(period, hub_ids, by_hub=True, by_area=False)
        return {place: measures for (place, _), measures in live.items()}
    rows = (
        ReachTally.objects.filter(period=period.key, location_id__in=hub_ids)
        .values("location_id")
        .annotate(**{measure: Sum(measure) for measure in MEASURES})
    )
    return {row.pop("location_id"): row for row in rows}


def counts_by_small_area(period: Period, hub_ids: Sequence[UUID]) -> dict[str, dict[str, int]]:
    """Families registered with and seen at the places `hub_ids`, by the LSOA they live in
    ('' when not known): from the all-hubs rows when they counted these very hubs, from a hub's
    own rows for one hub, otherwise live."""
    tallied = _tallied(period)
    if tallied is not None and tallied.hubs == _ids(hub_ids):
        rows = ReachTally.objects.filter(period=period.key, location=None)
    elif tallied is not None and len(hub_ids) == 1:
        rows = ReachTally.objects.filter(period=period.key, location_id=hub_ids[0])
    else:
        live = count_reach(period, hub_ids, by_hub=False, by_area=True)
        return {area: measures for (_, area), measures in live.items()}
    return {row.pop("small_area"): row for row in rows.values("small_area", *MEASURES)}


# Refreshing.


def standard_periods(first: date, last: date) -> list[Period]:
    """The months, quarters and financial years with any day from `first` to `last`, ended or
    still running on `last`."""
    periods: list[Period] = []
    for year in range(first.year - 1, last.year + 1):
        periods.append(financial_year(year))
        for number in range(1, 5):
            periods.append(quarter(year, number))
        periods.extend(month(year, number) for number in range(1, 13))
    return [period for period in periods if period.end >= first and period.start <= last]


def refresh_reach_tallies(last: date, days: int | None) -> str:
    """Rebuild `FirstAttendance` up to `last` (London), then recount, up to `last`, every
    standard period with any of the `days` days to `last` or any day since the last refresh
    (every period with data when `days` is None or on the first refresh), and any whose
    all-hubs rows counted other hubs than the family hubs of today.
    Returns what was done, for the command's output."""
    mark = TalliedThrough.objects.filter(kind=FIRST_ATTENDANCE).values_list("day", flat=True)
    if days is None or (previous := mark.first()) is None:
        first = min(filter(None, (first_session_day(), _first_registration())), default=last)
    else:  # and any period that ended since the last refresh, if nights were missed
        first = min(previous + timedelta(days=1), last - timedelta(days=days - 1))
    families = _rebuild_first_attendances(last)
    hub_ids = list(Location.objects.filter(is_family_hub=True).values_list("id", flat=True))
    periods = standard_periods(first, last)
    keys = {period.key for period in periods}
    periods += [
        period
        for tallied in ReachTallied.objects.exclude(period__in=keys)
        if tallied.hubs != _ids(hub_ids) and (period := from_key(tallied.period))
    ]
    rows = sum(_tally(period, hub_ids, last) for period in periods)
    return (
        f"Reach: {families} families' first sessions up to {last}; "
        f"{len(periods)} periods tallied ({', '.join(p.key for p in periods)}): {rows} rows."
    )


def _rebuild_first_attendances(last: date) -> int:
    """Every family's first session up to the end of `last`, and the mark saying so."""
    first_sessions = (
        Attendance.objects.filter(
            status=Attendance.Status.ATTENDED,
            family__isnull=False,
            occurrence__starts_at__lt=_day_after(last),
        )
        .values("family_id")
        .annotate(first=Min("occurrence__starts_at"))
        .values_list("family_id", "first")
    )
    sql, params = first_sessions.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        FirstAttendance.objects.all().delete()
        cursor.execute(f"INSERT INTO reports_firstattendance (family_id, starts_at) {sql}", params)
        TalliedThrough.objects.update_or_create(kind=FIRST_ATTENDANCE, defaults={"day": last})
        return cursor.rowcount


def _tally(period: Period, hub_ids: list[UUID], last: date) -> int:
    """Count `period` up to `last` at every place and for the family hubs together; returns
    rows written."""
    so_far = replace(period, end=min(period.end, last))
    registered = count_registered(so_far, None, by_hub=True, by_area=True)
    at_each_place = count_seen(so_far, None, by_hub=True, by_area=True)
    at_hubs_together = count_seen(so_far, hub_ids, by_hub=False, by_area=True)
    counts: Counts = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    hubs = set(hub_ids)
    for (place, area), measures in registered.items():
        counts[place, area].update(measures)
        if place in hubs:  # a family is registered with one hub: adding up is exact
            together = counts[None, area]
            for measure, value in measures.items():
                together[measure] += value
    for key, measures in (*at_each_place.items(), *at_hubs_together.items()):
        counts[key].update(measures)
    with transaction.atomic():
        ReachTally.objects.filter(period=period.key).delete()
        ReachTally.objects.bulk_create(
            (
                ReachTally(period=period.key, location_id=place, small_area=area, **measures)
                for (place, area), measures in counts.items()
            ),
            batch_size=5000,
        )
        ReachTallied.objects.update_or_create(
            period=period.key, defaults={"through": last, "hubs": _ids(hub_ids)}
        )
    return len(counts)


def _ids(hub_ids: Sequence[UUID]) -> list[str]:
    """Place ids as `ReachTallied.hubs` keeps them."""
    return sorted(str(hub_id) for hub_id in hub_ids)


def _first_registration() -> date | None:
    moment = Family.objects.aggregate(first=Min("created"))["first"]
    return moment.astimezone(LONDON).date() if moment else None


def _day_after(day: date) -> datetime:
    """The first moment (London) after `day`."""
    return datetime.combine(day + timedelta(days=1), time.min, LONDON)
