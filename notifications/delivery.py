"""Sending one notification from the task queue: claimed once, retried with back-off, never sent twice.

Channels: Django's email backend (SMTP or the console) by default; GOV.UK Notify for email and
text messages when GOVUK_NOTIFY_API_KEY is set. Notify uses one generic template per channel with
((subject)) and ((body)) placeholders, so our wording stays in our templates.

Faults: while the provider cannot be reached (or asks us to wait) a message stays waiting and is
tried again, with growing gaps, until it is NOTIFICATIONS_GIVE_UP_HOURS old; a message the provider
refuses is given up after NOTIFICATIONS_MAX_ATTEMPTS. A worker that dies mid-send leaves the message
"sending": once its lease has run out, requeue_notifications queues it again.

Sent twice? Through Notify, no: every attempt after the first asks Notify for the message's
reference first, and only sends if Notify has not got it. SMTP has no such question, so email by
SMTP is "at least once": if a worker dies after the mail server took the message but before we
recorded it, the message goes again. Both copies carry the same Message-ID, which most mail
services use to show one.
"""

import logging
import os
import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone
from notifications_python_client.errors import APIError

from notifications.models import Notification

logger = logging.getLogger(__name__)


def setting(name: str, default: str = "") -> str:
    """A setting if the project defines it, else the environment variable of the same name."""
    return str(getattr(settings, name, "") or os.environ.get(name, default))


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5))


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after each failure, never more than an hour (the base is a setting
    so tests can retry at once)."""
    base = float(getattr(settings, "NOTIFICATIONS_RETRY_BASE_SECONDS", 60))
    return timedelta(seconds=min(base * 2 ** min(max(attempts - 1, 0), 16), 3600))


def lease() -> timedelta:
    """How long one attempt may take before the message is thought abandoned (its worker died).
    Far longer than a send can take: Notify's client and the SMTP connection time out sooner."""
    return timedelta(seconds=float(setting("NOTIFICATIONS_LEASE_SECONDS", "600")))


def give_up_after() -> timedelta:
    """How long to keep trying while the provider is down: after that the news is stale."""
    return timedelta(hours=float(setting("NOTIFICATIONS_GIVE_UP_HOURS", "24")))


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


def claimable(now) -> Q:
    """Waiting, or left "sending" by a worker that has not finished within its lease."""
    abandoned = Q(claimed_at__lt=now - lease()) | Q(claimed_at__isnull=True)
    return Q(status=Notification.Status.PENDING) | (
        Q(status=Notification.Status.SENDING) & abandoned
    )


def provider_is_down(error: Exception) -> bool:
    """True when the provider could not be reached or asked us to try later (so keep trying),
    False when it refused this message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    if isinstance(error, APIError):
        return error.status_code >= 500 or error.status_code == 429
    # Refused or reset connections, time-outs, unknown host names; smtplib's own errors too.
    return isinstance(error, OSError)


@task()
def deliver_notification(notification_id: int) -> str:
    """The background task: send one notification; returns its status afterwards."""
    return deliver(notification_id)


def deliver(notification_id: int) -> str:
    # Claiming with a conditional update means a second run of the same task sends nothing.
    now = timezone.now()
    claimed = Notification.objects.filter(claimable(now), pk=notification_id).update(
        status=Notification.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    # Record the outcome only while the claim is still ours: a worker that overran its lease
    # must not undo what the one that took over recorded.
    still_ours = Notification.objects.filter(pk=notification_id, claimed_at=now)
    try:
        provider_id = send(notification)
    except Exception as error:
        # Log the id and the error type only: the message itself is about a family.
        logger.warning(
            "Notification %s failed on attempt %s: %s",
            notification.pk,
            notification.attempts,
            type(error).__name__,
        )
        if provider_is_down(error):
            give_up = now - notification.created_at >= give_up_after()
        else:
            give_up = notification.attempts >= max_attempts()
        status = Notification.Status.FAILED if give_up else Notification.Status.PENDING
        if not still_ours.update(status=status, last_error=type(error).__name__[:200]):
            return "overtaken"
        if give_up and notification.forget_once_sent:
            still_ours.delete()
        if not give_up:
            enqueue_delivery(notification.pk, after=retry_delay(notification.attempts))
        return status
    if not still_ours.update(
        status=Notification.Status.SENT, sent_at=timezone.now(), provider_id=provider_id
    ):
        return "overtaken"
    if notification.forget_once_sent:
        still_ours.delete()
    return Notification.Status.SENT


def send(notification: Notification) -> str:
    """Hand the message to Notify or to Django's email backend; returns Notify's id for it (empty
    for email by SMTP). Raises when it was not accepted."""
    if notify_is_configured():
        return send_through_notify(notification)
    if notification.channel != Notification.Channel.EMAIL:
        raise ValueError("Text messages need GOV.UK Notify (set GOVUK_NOTIFY_API_KEY).")
    host = urlsplit(settings.FAMILYHUBS_BASE_URL).hostname or "familyhubs.invalid"
    EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.to_address],
        headers={"Message-ID": f"<{notification.reference}@{host}>"},
    ).send(fail_silently=False)
    return ""


def send_through_notify(notification: Notification) -> str:
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(setting("GOVUK_NOTIFY_API_KEY"))
    if notification.attempts > 1:
        # An earlier attempt may have reached Notify even though we never heard back.
        earlier = client.get_all_notifications(reference=notification.reference)
        if earlier.get("notifications"):
            return earlier["notifications"][0]["id"]
    personalisation = {"subject": notification.subject, "body": notification.body}
    if notification.channel == Notification.Channel.SMS:
        response = client.send_sms_notification(
            phone_number=notification.to_address,
            template_id=setting("GOVUK_NOTIFY_SMS_TEMPLATE_ID"),
            personalisation=personalisation,
            reference=notification.reference,
        )
    else:
        response = client.send_email_notification(
            email_address=notification.to_address,
            template_id=setting("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID"),
            personalisation=personalisation,
            reference=notification.reference,
        )
    return response["id"]
