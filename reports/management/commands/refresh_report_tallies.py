"""Nightly (cron, after midnight): recount the attendance tallies of recent days.

Reports add these daily tallies up to the last refresh and count later days live, so new
activity is never missing; a correction to a day already tallied (a register put right, a
booking cancelled afterwards) shows once a refresh covers that day: the next night for the last
`--days` days, or `--all` (weekly) for anything older."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.attendance import first_session_day, refresh_tallies
from reports.models import TalliedThrough


class Command(BaseCommand):
    help = "Recount the daily attendance tallies reports read, up to yesterday."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=28, help="How many days back to recount (default 28)."
        )
        parser.add_argument("--all", action="store_true", help="Recount every day.")

    def handle(self, *args, **options):
        yesterday = timezone.localdate() - timedelta(days=1)
        through = TalliedThrough.objects.filter(kind="attendance").first()
        if options["all"] or through is None:
            first = first_session_day() or yesterday
        else:
            first = min(
                through.day + timedelta(days=1), yesterday - timedelta(days=options["days"] - 1)
            )
        first = min(first, yesterday)
        rows = refresh_tallies(first, yesterday)
        self.stdout.write(f"Attendance tallied from {first} to {yesterday}: {rows} hub days.")
