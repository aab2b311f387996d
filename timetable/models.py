"""What staff enter to change the timetable: cancelled sessions, hub closures, bank holidays.

The timetable itself is computed from the directory's schedules (see recurrence.py); these
records only take dates away from it, so an edit never has to touch a schedule.
"""

import uuid
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from directory.models import Location, Schedule


class Cancellation(models.Model):
    """One session that will not run: a schedule on one local date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="cancellations")
    date = models.DateField(help_text="The date of the session that will not run (UK time).")
    reason = models.CharField(
        max_length=255, help_text="Shown to families, for example 'Staff training'."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "date"],
                name="cancellation_once_per_session",
                violation_error_message="This session is already cancelled on that date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule} on {self.date:%d %B %Y}"

    def clean(self) -> None:
        super().clean()
        if self.schedule_id and self.date and not self._schedule_runs_that_day():
            raise ValidationError(
                {"date": "This session does not run on that date. Choose a date it runs."}
            )

    def _schedule_runs_that_day(self) -> bool:
        from timetable.recurrence import expand, zone

        tz = zone(self.schedule.timezone)
        day_start = datetime.combine(self.date, time.min, tzinfo=tz)
        return any(expand(self.schedule, day_start, day_start + timedelta(days=1)))


class Closure(models.Model):
    """A hub closed for a range of dates: no session there runs. No hub means every hub.

    A school holiday is entered the same way, once by the council: only sessions that run in
    school term time only stop for it (see TermTimeOnly).
    """

    class Kind(models.TextChoices):
        CLOSED = "closed", "Closed"
        SCHOOL_HOLIDAY = "school_holiday", "School holiday"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CLOSED)
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        help_text="Leave blank to close every hub.",
    )
    starts_on = models.DateField("first day closed")
    ends_on = models.DateField("last day closed")
    reason = models.CharField(max_length=255, help_text="Shown to families, for example 'Repairs'.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["ends_on", "starts_on"], name="closure_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="closure_ends_on_or_after_it_starts",
                violation_error_message="The last day closed must not be before the first day.",
            )
        ]

    def __str__(self) -> str:
        where = self.location.name if self.location else "All hubs"
        return f"{where} closed {self.starts_on:%d %b %Y} to {self.ends_on:%d %b %Y}"

    def covers(
        self, day: date, location_id: uuid.UUID | None, *, term_time_only: bool = False
    ) -> bool:
        """Whether this closure stops a session at a place (by id) on a day: a school holiday
        stops only sessions that run in term time only."""
        if self.kind == self.Kind.SCHOOL_HOLIDAY and not term_time_only:
            return False
        return self.starts_on <= day <= self.ends_on and (
            self.location_id is None or self.location_id == location_id
        )


class TermTimeOnly(models.Model):
    """A schedule that runs in school term time only: school holidays (closures of that kind)
    take its sessions away. Kept beside the schedule, as HSDS has no field for it."""

    schedule = models.OneToOneField(
        Schedule, on_delete=models.CASCADE, primary_key=True, related_name="term_time_only"
    )

    class Meta:
        verbose_name = "term time only schedule"

    def __str__(self) -> str:
        return f"{self.schedule} (term time only)"


class BankHoliday(models.Model):
    """A bank holiday: every hub is closed."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d %B %Y})"


class UpcomingSession(models.Model):
    """One session (or one-off event) at a Family Hub in the rolling window what's on lists.

    A copy of what the schedules, cancellations, closures and bank holidays say, kept current by
    `timetable.upcoming` (signals, and the daily `rebuild_whats_on`), so what's on is one indexed
    query in time order instead of expanding every hub's rules per request. Cancelled sessions
    stay, with their reason, because parents are shown them.
    """

    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, null=True, related_name="upcoming_sessions"
    )
    event = models.ForeignKey(
        "campaigns.Event", on_delete=models.CASCADE, null=True, related_name="upcoming_sessions"
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # Indexed by upcoming_at_location, which starts with it.
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    title = models.CharField(max_length=255)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # Local (UK) weekday, Monday 0, and start time: what the day and time-of-day filters ask.
    weekday = models.PositiveSmallIntegerField()
    local_start_time = models.TimeField()
    # Who may come on the day, from directory.eligibility: expectant parents, and children born
    # from born_from to born_to (either end open when null).
    for_expectant_parents = models.BooleanField()
    born_from = models.DateField(null=True)
    born_to = models.DateField(null=True)
    cancelled_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["starts_at", "title", "id"]
        indexes = [
            models.Index(fields=["starts_at", "title", "id"], name="upcoming_in_time_order"),
            # Near a place, sessions are counted hub by hub: from the index alone, as it holds
            # every column the filters read (SQLite has no INCLUDE, so they are all keys).
            models.Index(
                fields=[
                    "location",
                    "starts_at",
                    "ends_at",
                    "for_expectant_parents",
                    "born_from",
                    "born_to",
                    "weekday",
                    "local_start_time",
                    "service",
                ],
                name="upcoming_at_location",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(schedule__isnull=False, event__isnull=True)
                | Q(schedule__isnull=True, event__isnull=False),
                name="upcoming_session_is_a_schedules_or_an_events",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return bool(self.cancelled_reason)
