"""Links for sessions: to book one wherever it is shown (search results, service, hub and what's
on pages), and to add a booked one to a calendar. Built the same way everywhere."""

from datetime import datetime
from uuid import UUID

from django.urls import reverse

from bookings.models import SessionOccurrence
from bookings.selectors import start_for_url
from directory.models import Service
from timetable.selectors import LONDON
from timetable.templatetags.timetable_tags import occurrence_ics_url_for


class BookLinks:
    """Builds booking addresses from one reversed pattern (reverse() per row is slow)."""

    SCHEDULE, START = "00000000-0000-0000-0000-000000000000", "00000000T0000"

    def __init__(self) -> None:
        self.pattern = reverse("bookings:book", args=[self.SCHEDULE, self.START])

    def __call__(self, service: Service | None, schedule_id: UUID | str, start: datetime) -> str:
        """The booking page of a session, or "" when its service does not take bookings."""
        if service is None or service.join_method != Service.JoinMethod.BOOKING:
            return ""
        return self.pattern.replace(self.SCHEDULE, str(schedule_id)).replace(
            self.START, start_for_url(start)
        )


def calendar_path(occurrence: SessionOccurrence) -> str:
    """The session's own calendar file (.ics), to add a booked session to the family's calendar."""
    local_start = occurrence.starts_at.astimezone(LONDON)
    return occurrence_ics_url_for(str(occurrence.schedule_id), f"{local_start:%Y-%m-%dT%H%M}")
