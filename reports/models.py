"""What reports keep of their own: counts of parents' searches, never a search itself."""

from django.db import models


class SearchTally(models.Model):
    """How many searches on a day shared the same area, topic, age band and distance, and
    whether they found anything. Only the postcode district (RM18) or town, and an age band:
    never a full postcode, a date of birth or the words typed."""

    day = models.DateField()
    area = models.CharField(max_length=60, help_text="Postcode district or town.")
    topic = models.CharField(max_length=255, blank=True)
    age_band = models.CharField(max_length=20)
    within_miles = models.PositiveSmallIntegerField(help_text="The radius the results came from.")
    found_something = models.BooleanField()
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "topic", "age_band", "within_miles", "found_something"],
                name="one_tally_per_kind_of_search_per_day",
            )
        ]
        indexes = [models.Index(fields=["day", "area"], name="search_tally_by_day")]

    def __str__(self) -> str:
        return f"{self.searches} searches in {self.area} on {self.day}"


class AttendanceMeasures(models.Model):
    """What attendance reports count (`reports.attendance.COLUMNS`), as a tally row keeps it."""

    sessions = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    places = models.PositiveIntegerField(default=0)
    booked = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    walk_ins = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class AttendanceTally(AttendanceMeasures):
    """One place's sessions and attendance on one day (London time), summed from the bookings
    tables by `manage.py refresh_report_tallies`, so a year's attendance report adds up a few
    hundred rows a hub instead of millions of attendances. Days after the `TalliedThrough`
    mark are counted from the bookings tables themselves."""

    location = models.ForeignKey("directory.Location", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta(AttendanceMeasures.Meta):
        constraints = [
            models.UniqueConstraint(fields=["day", "location"], name="one_attendance_tally_a_day")
        ]

    def __str__(self) -> str:
        return f"Attendance on {self.day}"


class TalliedThrough(models.Model):
    """The last day a kind of tally is complete for (every day up to it is tallied)."""

    kind = models.CharField(max_length=20, primary_key=True)
    day = models.DateField()

    def __str__(self) -> str:
        return f"{self.kind} tallied through {self.day}"


class WorkingDay(models.Model):
    """Working days (weekdays that are not bank holidays) counted from a fixed origin up to and
    including `day`, so a wait in working days is one subtraction in SQL. Filled on demand by
    `reports.working_days.cover`; emptied from a bank holiday on when one changes."""

    day = models.DateField(primary_key=True)
    number = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.day}: working day {self.number}"


class RequestTally(models.Model):
    """How many requests for support of one service, in one London month (or a quarter or
    financial year of them, added up), had one value of one measure (a status, a kind, a wait in
    working days, a decline category, an outcome): counted from the requests by
    `manage.py refresh_report_tallies` (see `reports.request_tallies`)."""

    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the first month counted.")
    months = models.PositiveSmallIntegerField(
        default=1, help_text="1, or 3 for a quarter's rows, or 12 for a financial year's."
    )
    measure = models.CharField(max_length=20)
    value = models.CharField(max_length=20, blank=True)
    requests = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "month", "months", "service", "value"],
                name="one_request_tally_a_value",
            )
        ]
        # Reports read a measure's months from the index alone (requests is a key column
        # rather than INCLUDE, which SQLite lacks).
        indexes = [
            models.Index(
                fields=["measure", "month", "months", "service", "value", "requests"],
                name="request_tally_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requests} requests with {self.measure} {self.value!r} in {self.month}"


class SessionTally(AttendanceMeasures):
    """A London month of sessions and attendance at one place, or at every family hub together
    (no place: what a commissioner reads), by one of: service, weekday and start time, or the
    age band of the children (their age on the day, as the register kept it). Attendance by
    service, by day and time and by age adds these up; days after the `TalliedThrough` mark,
    and parts of months a period only partly covers, are counted from the bookings tables."""

    class Dimension(models.TextChoices):
        SERVICE = "service"
        SLOT = "slot", "weekday and start time"
        AGE = "age", "age band"

    month = models.DateField(help_text="The month's first day.")
    dimension = models.CharField(max_length=7, choices=Dimension.choices)
    location = models.ForeignKey(
        "directory.Location", on_delete=models.CASCADE, null=True, related_name="+"
    )
    key = models.CharField(
        max_length=40, help_text="The service's id, '1 10:00' (Monday at 10) or the age band."
    )

    class Meta(AttendanceMeasures.Meta):
        indexes = [
            models.Index(fields=["dimension", "location", "month"], name="session_tally_lookup")
        ]

    def __str__(self) -> str:
        return f"Sessions by {self.dimension} in the month from {self.month}"


class FirstAttendance(models.Model):
    """When a family first came to a session anywhere, so that reach can tell first-time
    families from returning ones with one join instead of a search of each family's history.
    Rebuilt by `manage.py refresh_report_tallies` (marked by `TalliedThrough` "first attendance");
    sessions after the mark are looked up in the bookings tables."""

    family = models.OneToOneField(
        "families.Family", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    starts_at = models.DateTimeField(help_text="The start of the first session they came to.")

    class Meta:
        indexes = [models.Index(fields=["starts_at"], name="first_attendance_when")]

    def __str__(self) -> str:
        return f"First came {self.starts_at:%Y-%m-%d}"


class ReachTally(models.Model):
    """Families reached in one standard period (month, quarter or financial year, by its key:
    "2025-04", "2025-Q2", "FY2025"), by the small area (LSOA) they live in ('' when not known),
    at one place, or with `location` empty at all the family hubs together (a family seen at
    two hubs counts once there). Families seen are distinct, so they cannot be added up from
    daily tallies: each standard period is counted whole."""

    period = models.CharField(max_length=12)
    location = models.ForeignKey(
        "directory.Location", on_delete=models.CASCADE, null=True, related_name="+"
    )
    small_area = models.CharField(max_length=9, blank=True)
    registered = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    seen = models.PositiveIntegerField(default=0)
    returning = models.PositiveIntegerField(default=0)
    expecting_registered = models.PositiveIntegerField(default=0)
    expecting_seen = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["period", "location"], name="reach_tally_by_period")]

    def __str__(self) -> str:
        return f"Reach in {self.period}"


class ReachTallied(models.Model):
    """A standard period whose `ReachTally` rows are complete: counted after it ended, from the
    records as they were up to `through`; the all-hubs rows over the family hubs `hubs`."""

    period = models.CharField(max_length=12, primary_key=True)
    through = models.DateField()
    hubs = models.JSONField(help_text="Ids of the family hubs the all-hubs rows count.")

    def __str__(self) -> str:
        return f"Reach in {self.period} tallied through {self.through}"
