"""Monthly (cron, early on the 1st): tell commissioners last month's reports are ready."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.monthly import tell_commissioners_reports_are_ready


class Command(BaseCommand):
    help = "Email each commissioner a link to last month's reports (once a month; no figures)."

    def handle(self, *args, **options):
        queued = tell_commissioners_reports_are_ready(timezone.localdate())
        self.stdout.write(f"Queued {queued} email{'s' if queued != 1 else ''}.")
