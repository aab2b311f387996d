"""Remind families the day before a session they booked. Run from cron (e.g. hourly, or daily
at 09:00): each booking is reminded once however often it runs."""

from datetime import date, datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from bookings import messages
from bookings.selectors import bookings_to_remind
from timetable.selectors import LONDON


class Command(BaseCommand):
    help = "Queue reminders for sessions tomorrow (UK time), once per booking."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date",
            dest="on",
            type=date.fromisoformat,
            help="Remind about sessions on this date (YYYY-MM-DD) instead of tomorrow.",
        )

    def handle(self, *args, on: date | None = None, **options) -> None:
        day = on or (timezone.now().astimezone(LONDON).date() + timedelta(days=1))
        start = datetime.combine(day, datetime.min.time(), tzinfo=LONDON)
        queued = 0
        for booking in bookings_to_remind(start, start + timedelta(days=1)):
            with transaction.atomic():
                messages.reminder(booking)
            queued += 1
        self.stdout.write(f"Checked {queued} booking(s) for {day:%d %B %Y}.")
