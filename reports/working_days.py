"""Working days in the database: `WorkingDay` numbers every day from ORIGIN, so the working
days a request waited are number(reply day) - number(sent day), worked out in SQL for a
million requests at once instead of day by day in Python."""

from datetime import date, timedelta

from django.db.models import Max

from referrals import clocks
from reports.models import WorkingDay

ORIGIN = date(2000, 1, 1)  # before any request: reports count nothing earlier
# Replies and contacts are recorded on or before today; a year more covers any clock skew or
# imported data at the cost of 366 rows.
AHEAD = timedelta(days=366)


def cover(last: date) -> None:
    """Make sure every day from ORIGIN to `last` has its number (one query when it has). The
    table is always complete from ORIGIN up to its last day, so only later days are added;
    two processes adding the same days write the same numbers."""
    filled_to = WorkingDay.objects.aggregate(last=Max("day"))["last"]
    if filled_to is not None and filled_to >= last:
        return
    if filled_to is None:
        day, count = ORIGIN, 0
    else:
        day = filled_to + timedelta(days=1)
        count = WorkingDay.objects.get(day=filled_to).number
    holidays = clocks.bank_holidays(day, last)
    days = []
    while day <= last:
        count += clocks.is_working_day(day, holidays)
        days.append(WorkingDay(day=day, number=count))
        day += timedelta(days=1)
    WorkingDay.objects.bulk_create(days, batch_size=5000, ignore_conflicts=True)


def forget_from(day: date) -> None:
    """A bank holiday added, moved or removed changes the number of every day from it on:
    they are counted again when next needed."""
    WorkingDay.objects.filter(day__gte=day).delete()
