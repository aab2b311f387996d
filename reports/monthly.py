"""The monthly note to commissioners that last month's reports are ready: a link only, never a
figure or anything about a family."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.emails import absolute_url
from accounts.roles import COMMISSIONERS
from notifications.services import notify
from reports.periods import last_month


def tell_commissioners_reports_are_ready(today: date) -> int:
    """Queue one email per commissioner for last month; a second run in the same month sends
    nothing more (the event key names the month). Returns how many were queued."""
    period = last_month(today)
    body = render_to_string(
        "reports/email/reports_ready.txt",
        {
            "period": period.label,
            "reports_url": absolute_url(reverse("reports:index")),
            "service_name": settings.FAMILYHUBS_SERVICE_NAME,
            "council_name": settings.FAMILYHUBS_COUNCIL_NAME,
        },
    )
    commissioners = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COMMISSIONERS)
        .exclude(email="")
    )
    queued = 0
    for user in commissioners:
        queued += (
            notify(
                user,
                kind="reports.ready",
                event_key=f"reports-ready:{period.key}",
                subject=f"Reports for {period.label} are ready",
                body=body,
            )
            is not None
        )
    return queued
