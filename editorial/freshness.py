"""Whether listings are still right: when each was last checked, reminders to check, and the
listings nobody has checked for a year.

A listing is checked when its provider or an editor says it is still right, and whenever a
change to it is published (HSDS `assured_date`). A listing never checked counts from when it
last changed.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.emails import absolute_url, send_email
from directory.models import Service
from editorial.changes import provider_users
from editorial.models import CheckReminder

STALE_AFTER = relativedelta(years=1)


def checked_from(service: Service) -> date:
    """The day a listing's freshness counts from."""
    return service.assured_date or timezone.localdate(service.last_modified)


def due_since(service: Service, today: date, months: int) -> date | None:
    """The start of the period the listing has been due for a check in (a reminder goes once
    per period), or None if it is not due."""
    start = checked_from(service)
    periods = 0
    while start + relativedelta(months=months * (periods + 1)) <= today:
        periods += 1
    return start + relativedelta(months=months * periods) if periods else None


def unchecked_since(cutoff: date) -> Q:
    """Active listings not checked on or after `cutoff`."""
    return Q(status=Service.Status.ACTIVE) & (
        Q(assured_date__lt=cutoff) | Q(assured_date__isnull=True, last_modified__date__lt=cutoff)
    )


def remind_listing_checks(today: date | None = None) -> int:
    """Email the provider users of every listing due for a check, once per period; returns how
    many listings were reminded about. Listings with no provider users wait for the editors'
    list of listings to check."""
    today = today or timezone.localdate()
    months = settings.LISTING_CHECK_REMINDER_MONTHS
    cutoff = today - relativedelta(months=months) + relativedelta(days=1)
    due = (
        Service.objects.filter(unchecked_since(cutoff), organization__memberships__isnull=False)
        .select_related("organization")
        .distinct()
        .order_by("pk")
    )
    reminded = 0
    for service in due.iterator(chunk_size=500):
        period = due_since(service, today, months)
        if period is None:
            continue
        try:
            with transaction.atomic():
                CheckReminder.objects.create(service=service, due_since=period)
                _send_reminders(service)
        except IntegrityError:
            continue  # reminded already this period
        reminded += 1
    return reminded


def _send_reminders(service: Service) -> None:
    check_url = absolute_url(reverse("editorial:check", args=[service.pk]))
    for user in provider_users(service.organization):
        if user.email:
            send_email(
                user.email,
                f"Is the listing for {service.name} still right?",
                "editorial/email/check_reminder.txt",
                {"service": service, "last_checked": service.assured_date, "check_url": check_url},
            )


def stale_services(today: date | None = None) -> QuerySet[Service]:
    """Active listings nobody has checked for over a year, the longest unchecked first."""
    today = today or timezone.localdate()
    return (
        Service.objects.filter(unchecked_since(today - STALE_AFTER))
        .select_related("organization")
        .order_by(F("assured_date").asc(nulls_first=True), "last_modified", "name", "pk")
    )
