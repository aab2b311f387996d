"""Anonymise requests for support that ended more than REFERRALS_RETENTION_YEARS ago (8 unless
set: the NHS Records Management Code's period for adult records). Run daily from cron."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from referrals.services import anonymise_closed_before


class Command(BaseCommand):
    help = "Remove the personal details of requests that ended before the retention period."

    def handle(self, *args, **options) -> None:
        cutoff = timezone.now() - relativedelta(years=settings.REFERRALS_RETENTION_YEARS)
        count = anonymise_closed_before(cutoff)
        self.stdout.write(f"{count} requests anonymised (ended before {cutoff:%d %B %Y}).")
