"""Places at sessions: booking settings, dated occurrences with capacity, bookings and attendance.

A `SessionOccurrence` is one dated session of a directory schedule, written the first time anyone
books, opens its register or cancels it. Its `places_taken` counter is changed only with the row
locked (see services.py), and a check constraint stops it ever passing `capacity`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from directory.models import Location, Schedule, Service


class PlacesCountedPer(models.TextChoices):
    CHILD = "child", "Each child"
    FAMILY = "family", "Each family"


class BookingSettings(models.Model):
    """How many places a bookable service has, and until when families may book."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="booking_settings"
    )
    capacity = models.PositiveIntegerField(help_text="Places at each session.")
    places_counted_per = models.CharField(
        max_length=6, choices=PlacesCountedPer.choices, default=PlacesCountedPer.CHILD
    )
    booking_closes_hours_before = models.PositiveIntegerField(
        default=0, help_text="Hours before the start when booking closes (0: until it starts)."
    )
    has_waiting_list = models.BooleanField(
        default=True, help_text="When a session is full, families may join its waiting list."
    )

    class Meta:
        verbose_name = "booking settings"
        verbose_name_plural = "booking settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="booking_settings_capacity_at_least_one",
                violation_error_message="A bookable session needs at least one place.",
            )
        ]

    def __str__(self) -> str:
        return f"Booking for {self.service}"


class SessionOccurrence(models.Model):
    """One dated session of a schedule, with its places."""

    schedule = models.ForeignKey(Schedule, on_delete=models.PROTECT, related_name="occurrences")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="occurrences")
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="occurrences"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places; blank for a drop-in session with no booking."
    )
    places_counted_per = models.CharField(
        max_length=6, choices=PlacesCountedPer.choices, default=PlacesCountedPer.CHILD
    )
    places_taken = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=255, blank=True)
    # Bumped whenever something a parent sees changes, so a form opened before is known stale.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["location", "starts_at"], name="occurrence_hub_start"),
            # A service's sessions in a few weeks (the campaigns report), with the place and id
            # so that the report reads this index alone.
            models.Index(
                fields=["service", "starts_at", "location", "id"], name="occurrence_service_start"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "starts_at"], name="occurrence_once_per_schedule_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(places_taken__lte=F("capacity")),
                name="occurrence_never_over_capacity",
                violation_error_message="More places are taken than the session has.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="occurrence_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} on {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_bookable(self) -> bool:
        return self.capacity is not None

    @property
    def places_left(self) -> int:
        return max((self.capacity or 0) - self.places_taken, 0)


class Booking(models.Model):
    """A family's request for places at one session, for one or more of their children."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled by you"
        SESSION_CANCELLED = "session_cancelled", "Session cancelled"
        # On the waiting list, then came anyway: staff checked them in as a walk-in.
        CAME_FROM_WAITING_LIST = "came_from_waiting", "Came without a booked place"

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    occurrence = models.ForeignKey(
        SessionOccurrence, on_delete=models.PROTECT, related_name="bookings"
    )
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="bookings")
    children = models.ManyToManyField("families.Child", related_name="bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    places = models.PositiveSmallIntegerField(help_text="Places this booking holds or waits for.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["occurrence", "status", "created_at"], name="booking_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "family"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="one_live_booking_per_family_per_session",
                violation_error_message="This family has already booked this session.",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="booking_holds_a_place"),
        ]

    def __str__(self) -> str:
        return f"Booking {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class Attendance(models.Model):
    """A child at a session: checked in or a no-show, booked or walked in. Reports count these.

    The child's age in months on the day is kept, so counts by age band survive the family
    deleting their account (the links to the family and child are then emptied).
    """

    class Status(models.TextChoices):
        ATTENDED = "attended", "Came"
        NO_SHOW = "no_show", "Did not come"

    occurrence = models.ForeignKey(
        SessionOccurrence, on_delete=models.PROTECT, related_name="attendances"
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    child = models.ForeignKey(
        "families.Child",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    walk_in = models.BooleanField(default=False)
    child_age_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Age on the day; blank for a baby not yet born."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["occurrence", "status"], name="attendance_session")]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "child"],
                condition=Q(child__isnull=False),
                name="attendance_once_per_child_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"Attendance {self.pk} ({self.status})"


class VisitorCount(models.Model):
    """People who came without registering: counted, never named."""

    occurrence = models.ForeignKey(
        SessionOccurrence, on_delete=models.PROTECT, related_name="visitor_counts"
    )
    adults = models.PositiveSmallIntegerField(default=0)
    children = models.PositiveSmallIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(adults__gte=1) | Q(children__gte=1),
                name="visitor_count_counts_someone",
                violation_error_message="Enter at least one adult or child.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.adults} adults, {self.children} children"
