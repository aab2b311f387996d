"""Template helpers for linking to calendar files: {% occurrence_ics_url occurrence %}."""

from django import template
from django.urls import reverse

from timetable.recurrence import Occurrence

register = template.Library()


@register.simple_tag
def occurrence_ics_url(occurrence: Occurrence) -> str:
    """The .ics address of one session: its schedule id and local start date and time."""
    return occurrence_ics_url_for(str(occurrence.schedule.pk), f"{occurrence.start:%Y-%m-%dT%H%M}")


def occurrence_ics_url_for(schedule_id: str, starts: str) -> str:
    return reverse(
        "timetable:occurrence_ics", kwargs={"schedule_id": schedule_id, "starts": starts}
    )


@register.filter
def govuk_time(moment) -> str:
    """GOV.UK style times: 10am, 10:30am, midday, midnight."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


@register.filter
def get_item(mapping: dict, key: str):
    """mapping[key] for keys a template cannot spell, such as 'dob-day'."""
    return mapping.get(key, "")
