"""Keeping listings true: published versions, changes waiting for review, organisations trusted
to publish directly, freshness reminders and problems parents report."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from directory.models import Organization, Service


class ListingVersion(models.Model):
    """A published state of a service's listing (a snapshot from `directory.listing`), kept
    with who published it and when, so it can be compared with and restored."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The provider whose change this was, when an editor approved it (else the publisher).
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.service} version {self.number}"


class PendingChange(models.Model):
    """A provider's change to a listing, waiting for an editor (at most one per service: a
    second change updates it). Sent back, it stays with its reason until the provider changes
    it again. `revision` counts the provider's updates, so an editor approves what they saw."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        SENT_BACK = "sent back", "Sent back"

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="pending_change")
    snapshot = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    revision = models.PositiveIntegerField(default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_back_reason = models.TextField(blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The review queue lists waiting changes oldest first.
        indexes = [models.Index(fields=["status", "submitted_at", "id"], name="change_queue")]

    def __str__(self) -> str:
        return f"Change to {self.service}"


class TrustedOrganisation(models.Model):
    """An organisation whose provider users publish their listings without review."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="editorial_trust"
    )
    trusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    trusted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.organization} (trusted)"


class CheckReminder(models.Model):
    """A reminder sent to check a listing, one per service per period it has been due since."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    due_since = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "due_since"], name="one_reminder_a_period")
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.service_id}, due since {self.due_since}"


class ProblemReport(models.Model):
    """Someone saying a listing is wrong, tracked to done. No account needed; the optional
    email address is only for telling them what happened and is never logged."""

    class Kind(models.TextChoices):
        CLOSED = "closed", "It has closed or stopped running"
        WRONG_TIME = "wrong time", "The days or times are wrong"
        WRONG_PLACE = "wrong place", "The place or address is wrong"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_HAND = "in hand", "In hand"
        FIXED = "fixed", "Fixed"
        NOT_A_PROBLEM = "not a problem", "Not a problem"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    details = models.TextField(blank=True)
    reply_email = models.EmailField(blank=True)
    reported_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)

    class Meta:
        indexes = [models.Index(fields=["status", "reported_at"], name="problem_queue")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.service}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.FIXED, self.Status.NOT_A_PROBLEM)


class ProblemReportUpdate(models.Model):
    """One step of a report's way to done: the status it moved to, who moved it, when, and why."""

    report = models.ForeignKey(ProblemReport, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=14, choices=ProblemReport.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.status}"
