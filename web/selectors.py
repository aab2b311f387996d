"""What the public pages read from the directory."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from directory.models import Schedule, Service, ServiceAtLocation
from timetable.recurrence import Occurrence, next_occurrences


def active_services() -> QuerySet[Service]:
    return (
        Service.objects.filter(status=Service.Status.ACTIVE)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").order_by(
                    "location__name"
                ),
            ),
            Prefetch("schedules", queryset=Schedule.objects.select_related("location")),
            "cost_options",
        )
    )


def next_session(service: Service, after: datetime) -> Occurrence | None:
    found = next_occurrences(service.schedules.all(), after=after, limit=1)
    return found[0] if found else None
