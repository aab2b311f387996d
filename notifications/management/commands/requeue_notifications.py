"""Queue again any notification still waiting long after it was written, or left "sending" by a
worker that died (for cron, hourly).

A task is queued when the change commits; if the process died in between, this picks it up. A
worker killed mid-send leaves its message "sending": once the lease has run out, this queues it
again, and delivery makes sure it is not sent twice (see notifications.delivery).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from notifications.delivery import claimable, enqueue_delivery
from notifications.models import Notification


class Command(BaseCommand):
    help = (
        "Queue again notifications that have waited longer than --older-than minutes, and those "
        "a worker left sending."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", type=int, default=60, help="Minutes (default 60).")

    def handle(self, *args, older_than: int, **options) -> None:
        now = timezone.now()
        waiting_long = Q(
            status=Notification.Status.PENDING, created_at__lt=now - timedelta(minutes=older_than)
        )
        abandoned = claimable(now) & Q(status=Notification.Status.SENDING)
        stuck = Notification.objects.filter(waiting_long | abandoned).values_list("pk", flat=True)
        count = 0
        for notification_id in stuck.iterator():
            enqueue_delivery(notification_id)
            count += 1
        self.stdout.write(f"Queued {count} notification(s) again.")
