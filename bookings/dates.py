"""Dates and times as families read them: UK time, in the GOV.UK style."""

from datetime import date, datetime

from timetable.selectors import LONDON


def local_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def govuk_time(moment: datetime) -> str:
    """10am, 10:30am, 12pm (UK time)."""
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
