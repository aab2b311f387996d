"""Sending one notification from the task queue: claimed once, retried with back-off, never sent twice.

Channels: Django's email backend (SMTP or the console) by default; GOV.UK Notify for email and
text messages when GOVUK_NOTIFY_API_KEY is set. Notify uses one generic template per channel with
((subject)) and ((body)) placeholders, so our wording stays in our templates.
"""

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from notifications.models import Notification

logger = logging.getLogger(__name__)


def setting(name: str, default: str = "") -> str:
    """A setting if the project defines it, else the environment variable of the same name."""
    return str(getattr(settings, name, "") or os.environ.get(name, default))


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5))


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after each failure (the base is a setting so tests can retry at once)."""
    base = float(getattr(settings, "NOTIFICATIONS_RETRY_BASE_SECONDS", 60))
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


def notify_is_configured() -> bool:
    return bool(setting("GOVUK_NOTIFY_API_KEY"))


def enqueue_delivery(notification_id: int, after: timedelta | None = None) -> None:
    """Queue the send once the current transaction commits (at once if there is none)."""

    def send_later() -> None:
        delivery = deliver_notification
        if after:
            delivery = delivery.using(run_after=timezone.now() + after)
        delivery.enqueue(notification_id)

    transaction.on_commit(send_later)


@task()
def deliver_notification(notification_id: int) -> str:
    """The background task: send one notification; returns its status afterwards."""
    return deliver(notification_id)


def deliver(notification_id: int) -> str:
    # Claiming with a conditional update means a second run of the same task sends nothing.
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING
    ).update(status=Notification.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    try:
        send(notification)
    except Exception as error:
        # Log the id and the error type only: the message itself is about a family.
        logger.warning(
            "Notification %s failed on attempt %s: %s",
            notification.pk,
            notification.attempts,
            type(error).__name__,
        )
        notification.last_error = type(error).__name__[:200]
        if notification.attempts >= max_attempts():
            notification.status = Notification.Status.FAILED
        else:
            notification.status = Notification.Status.PENDING
            enqueue_delivery(notification.pk, after=retry_delay(notification.attempts))
        notification.save(update_fields=["status", "last_error"])
        return notification.status
    notification.status = Notification.Status.SENT
    notification.sent_at = timezone.now()
    notification.save(update_fields=["status", "sent_at"])
    return notification.status


def send(notification: Notification) -> None:
    """Hand the message to Notify or to Django's email backend; raises when it was not accepted."""
    if notify_is_configured():
        send_through_notify(notification)
        return
    if notification.channel != Notification.Channel.EMAIL:
        raise ValueError("Text messages need GOV.UK Notify (set GOVUK_NOTIFY_API_KEY).")
    EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.to_address],
    ).send(fail_silently=False)


def send_through_notify(notification: Notification) -> None:
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(setting("GOVUK_NOTIFY_API_KEY"))
    personalisation = {"subject": notification.subject, "body": notification.body}
    reference = f"notification-{notification.pk}"
    if notification.channel == Notification.Channel.SMS:
        client.send_sms_notification(
            phone_number=notification.to_address,
            template_id=setting("GOVUK_NOTIFY_SMS_TEMPLATE_ID"),
            personalisation=personalisation,
            reference=reference,
        )
    else:
        client.send_email_notification(
            email_address=notification.to_address,
            template_id=setting("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID"),
            personalisation=personalisation,
            reference=reference,
        )
