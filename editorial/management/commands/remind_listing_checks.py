"""Remind providers to check listings not checked for LISTING_CHECK_REMINDER_MONTHS (for cron,
daily). Each listing is reminded about once per period however often this runs."""

from django.core.management.base import BaseCommand

from editorial.freshness import remind_listing_checks


class Command(BaseCommand):
    help = "Email providers whose listings are due for a check (once per period)."

    def handle(self, *args, **options) -> None:
        reminded = remind_listing_checks()
        self.stdout.write(
            f"Reminded providers about {reminded} listing{'s' if reminded != 1 else ''}."
        )
