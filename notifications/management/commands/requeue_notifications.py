"""Queue again any notification still waiting long after it was written (for cron, hourly).

A task is queued when the change commits; if the process died in between, this picks it up.
Sending twice is impossible: delivery claims the row first, so a duplicate task does nothing.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.delivery import enqueue_delivery
from notifications.models import Notification


class Command(BaseCommand):
    help = "Queue again notifications that have waited longer than --older-than minutes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", type=int, default=60, help="Minutes (default 60).")

    def handle(self, *args, older_than: int, **options) -> None:
        cutoff = timezone.now() - timedelta(minutes=older_than)
        waiting = Notification.objects.filter(
            status=Notification.Status.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)
        count = 0
        for notification_id in waiting.iterator():
            enqueue_delivery(notification_id)
            count += 1
        self.stdout.write(f"Queued {count} notification(s) again.")
