"""Nightly (cron, after midnight): recount the attendance tallies of recent days (a row a hub
a day, and a row a month by service, by weekly slot and by age band: a month is recounted whole
whenever one of its days is).

Reports add these daily tallies up to the last refresh and count later days live, so new
activity is never missing; a correction to a day already tallied (a register put right, a
booking cancelled afterwards) shows once a refresh covers that day: the next night for the last
`--days` days, or `--all` (weekly) for anything older.

Requests for support are tallied a row a service a month for each value of each measure, for
whole months up to the end of last month, and summed again for each whole quarter and financial
year those months are in. A month is recounted whole when any of its requests
has a `RequestEvent` since the previous run began (every change made through the referrals
screens writes one), so such a change shows in tallied months from the next night's run: at
most a day late. A change that writes no event (the admin, a database shell, a bank holiday
added or moved, which changes waits across it) shows in tallied months only after `--all`.
Days after the last whole month are always counted live, so they are never stale."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from reports import attendance, attendance_by, request_tallies
from reports.models import (
    AttendanceTally,
    FirstAttendance,
    ReachTally,
    RequestTally,
    SessionTally,
    TalliedThrough,
)
from reports.reach_tallies import refresh_reach_tallies


class Command(BaseCommand):
    help = "Recount the daily attendance tallies reports read, up to yesterday."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=28, help="How many days back to recount (default 28)."
        )
        parser.add_argument("--all", action="store_true", help="Recount every day.")

    def handle(self, *args, **options):
        yesterday = timezone.localdate() - timedelta(days=1)
        first = _first_to_recount(attendance.TALLY, options, yesterday)
        rows = attendance.refresh_tallies(first, yesterday)
        self.stdout.write(f"Attendance tallied from {first} to {yesterday}: {rows} hub days.")
        first = _first_to_recount(attendance_by.TALLY, options, yesterday)
        rows = attendance_by.refresh_session_tallies(first, yesterday)
        self.stdout.write(
            f"Sessions by service, day and age tallied from {first:%B %Y} to {yesterday}: "
            f"{rows} rows."
        )
        self.stdout.write(
            refresh_reach_tallies(yesterday, None if options["all"] else options["days"])
        )
        months, rows = request_tallies.refresh(yesterday, everything=options["all"])
        counted = f" ({months[0]:%Y-%m} to {months[-1]:%Y-%m})" if months else ""
        self.stdout.write(
            f"Requests tallied by month: {len(months)} months recounted{counted}, {rows} rows."
        )
        _vacuum_tallies()


TALLY_TABLES = (AttendanceTally, SessionTally, ReachTally, FirstAttendance, RequestTally)


def _vacuum_tallies() -> None:
    """On PostgreSQL, mark the rewritten tallies visible and their statistics fresh at once, so
    reports read them from indexes alone (3 times faster for a year of waits) instead of after
    autovacuum comes round. VACUUM cannot run in a transaction (as tests do): skipped there."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in TALLY_TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


def _first_to_recount(kind: str, options: dict, yesterday: date) -> date:
    """The last `--days` days, and any day since the tally was last complete; every day with
    sessions for `--all` or a tally never counted."""
    through = TalliedThrough.objects.filter(kind=kind).first()
    if options["all"] or through is None:
        first = attendance.first_session_day() or yesterday
    else:
        first = min(
            through.day + timedelta(days=1), yesterday - timedelta(days=options["days"] - 1)
        )
    return min(first, yesterday)
