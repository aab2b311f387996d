"""Display helpers for booking pages."""

from datetime import datetime

from django import template

from bookings.forms import child_label
from timetable.selectors import LONDON

register = template.Library()


@register.filter
def uk_time(moment: datetime) -> datetime:
    """A moment in UK time, for the date and time filters."""
    return moment.astimezone(LONDON)


@register.filter
def child_name(child) -> str:
    return child_label(child)


@register.filter
def status_tag_colour(status: str) -> str:
    return {
        "confirmed": "govuk-tag--green",
        "waiting": "govuk-tag--yellow",
        "attended": "govuk-tag--green",
        "no_show": "govuk-tag--red",
    }.get(status, "govuk-tag--grey")


@register.filter
def govuk_time(moment: datetime) -> str:
    """GOV.UK style times in UK time: 10am, 10:30am, 12pm."""
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
