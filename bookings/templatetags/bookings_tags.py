"""Display helpers for booking pages."""

from datetime import datetime

from django import template

from bookings import dates
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
    return dates.govuk_time(moment)
