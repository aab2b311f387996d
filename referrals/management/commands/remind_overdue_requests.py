"""Remind each receiving team, once, of requests whose reply is due by the next working day
and that still have no reply. Run daily from cron, e.g. at 7am on weekdays."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from referrals import clocks, messages
from referrals.models import RequestForSupport
from referrals.states import AWAITING_REPLY


class Command(BaseCommand):
    help = "Email the team about requests due a reply by the next working day."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        due = RequestForSupport.objects.filter(
            status__in=AWAITING_REPLY,
            respond_by__gte=today,
            respond_by__lte=clocks.add_working_days(today, 1),
        ).select_related("service")
        count = 0
        for request in due.iterator():
            messages.due_soon(request)  # once per request and person: notifications are unique
            count += 1
        self.stdout.write(f"{count} requests due a reply soon; their teams are reminded.")
