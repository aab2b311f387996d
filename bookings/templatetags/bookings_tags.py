"""Display helpers for booking pages."""

from datetime import datetime

from django import template

from bookings import dates
from bookings.forms import child_label
from bookings.links import BookLinks, calendar_path
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


@register.inclusion_tag("bookings/_book_link.html")
def book_a_place(service, schedule_id, start: datetime, cancelled: bool = False) -> dict:
    """{% book_a_place service schedule_id start %}: "Book a place" if the session takes bookings."""
    local = start.astimezone(LONDON)
    return {
        "url": "" if cancelled else BookLinks()(service, schedule_id, start),
        "label": f"{service.name}, {local:%A %-d %B} at {dates.govuk_time(local)}"
        if service
        else "",
    }


@register.filter
def calendar_url(occurrence) -> str:
    """{{ booking.occurrence|calendar_url }}: the session's .ics file."""
    return calendar_path(occurrence)
