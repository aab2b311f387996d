"""Messages to families: one row per event and recipient, so nothing is ever sent twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up after retries"

    # The person it is for; their messages go when their account is deleted. Empty for an
    # address with no account yet (a parent staff registered, emailed a link to claim the
    # record): erasing the family deletes those by address (notifications.signals).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=40, help_text="What happened, e.g. booking_confirmed.")
    event_key = models.CharField(
        max_length=200,
        help_text=(
            "Names the one event, e.g. booking:42; unique with kind and recipient "
            "(or, with no recipient, with kind and address)."
        ),
    )
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.EMAIL)
    to_address = models.CharField(max_length=254, help_text="Email address or phone number.")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the latest attempt began: a message still sending long after is retried.",
    )
    provider_id = models.CharField(
        max_length=64, blank=True, help_text="GOV.UK Notify's id for the message, once sent."
    )
    last_error = models.CharField(
        max_length=200, blank=True, help_text="The error's type only: never message content."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    forget_once_sent = models.BooleanField(
        default=False,
        help_text=(
            "Delete the message, address and all, once sent or given up on: for people who "
            "asked us not to keep their address (an emailed shortlist, an erased account)."
        ),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "event_key", "recipient"], name="notification_once_per_event"
            ),
            # NULLs never clash in a unique constraint, so messages to a bare address need their own.
            models.UniqueConstraint(
                fields=["kind", "event_key", "to_address"],
                condition=Q(recipient__isnull=True),
                name="notification_once_per_event_to_address",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="notification_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """Names this message to the provider (Notify's `reference`, the email's Message-ID), the
        same on every attempt. The time it was written keeps it unique even if ids are reused
        after a database is restored from a backup."""
        return f"familyhubs-{self.pk}-{self.created_at:%Y%m%dT%H%M%S%f}"
