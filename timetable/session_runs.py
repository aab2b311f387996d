"""Whether anything takes one session's day off, in one small query: booking asks this on every
request, so it is plain SQL (building the same question with the ORM's expressions cost more CPU
than the rest of a booking).

The rules are `selectors.DatesOff.reason_off`'s: a cancellation of the schedule that day, a bank
holiday, or a closure of its place or of every hub (a school holiday only for a term-time
schedule). A test pins the two to each other for every rule.
"""

from datetime import date
from uuid import UUID

from django.db import connection

from timetable.models import Cancellation, Closure

DAY_TAKEN_OFF = """
SELECT
    EXISTS (SELECT 1 FROM timetable_cancellation WHERE schedule_id = %(schedule)s AND date = %(day)s)
    OR EXISTS (SELECT 1 FROM timetable_bankholiday WHERE date = %(day)s)
    OR EXISTS (
        SELECT 1 FROM timetable_closure
        WHERE starts_on <= %(day)s AND ends_on >= %(day)s
            AND (location_id IS NULL OR location_id = %(location)s)
            AND (kind <> %(school_holiday)s OR EXISTS (
                SELECT 1 FROM timetable_termtimeonly WHERE schedule_id = %(schedule)s
            ))
    )
"""


def day_taken_off(schedule_id: UUID, location_id: UUID | None, day: date) -> bool:
    """Whether the session of this schedule at this place on this (UK) date will not run."""

    def as_stored(model, field: str, value):
        return model._meta.get_field(field).get_db_prep_value(value, connection)

    with connection.cursor() as cursor:
        cursor.execute(
            DAY_TAKEN_OFF,
            {
                "schedule": as_stored(Cancellation, "schedule", schedule_id),
                "location": as_stored(Closure, "location", location_id),
                "day": as_stored(Closure, "starts_on", day),
                "school_holiday": Closure.Kind.SCHOOL_HOLIDAY,
            },
        )
        return bool(cursor.fetchone()[0])
