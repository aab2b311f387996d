"""What a hub's own page tells a parent beyond its timetable: when it is open and a map link."""

from dataclasses import dataclass
from urllib.parse import urlencode

from directory.models import Location, Schedule
from timetable.rules_in_words import days_in_words
from timetable.templatetags.timetable_tags import govuk_time

MAP_ZOOM = 17


@dataclass(frozen=True)
class Hours:
    text: str
    illustrative: bool


def opening_hours(hub: Location) -> list[Hours]:
    """The hub's opening hours in words, from its own schedules (HSDS schedules that belong to the
    location rather than to a service): 'Monday to Friday, 9am to 5pm'."""
    hours = Schedule.objects.filter(
        location=hub, service__isnull=True, service_at_location__isnull=True
    ).order_by("opens_at", "byday")
    lines = []
    for schedule in hours:
        parts = [days_in_words(schedule.byday)]
        if schedule.opens_at and schedule.closes_at:
            parts.append(f"{govuk_time(schedule.opens_at)} to {govuk_time(schedule.closes_at)}")
        line = ", ".join(part for part in parts if part) or schedule.description
        if line:
            lines.append(Hours(line, schedule.illustrative))
    return lines


def map_url(hub: Location) -> str:
    """A link to the hub on OpenStreetMap (a plain link: no map script on our pages)."""
    if hub.latitude is None or hub.longitude is None:
        return ""
    query = urlencode({"mlat": f"{hub.latitude:.5f}", "mlon": f"{hub.longitude:.5f}"})
    return (
        f"https://www.openstreetmap.org/?{query}"
        f"#map={MAP_ZOOM}/{hub.latitude:.5f}/{hub.longitude:.5f}"
    )
