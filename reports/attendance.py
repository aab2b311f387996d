"""Attendance at hub sessions: sessions held, places offered and booked, children who came,
no-shows, walk-ins and people counted without registering, by hub."""

from django.db.models import Count, Q, Sum

from bookings.models import Attendance, Booking, SessionOccurrence, VisitorCount
from reports.periods import Period
from reports.scopes import ReportScope
from reports.tables import Column, Table, protected_table

COLUMNS = (
    Column("sessions", "Sessions held", about_people=False),
    Column("cancelled", "Sessions cancelled", about_people=False),
    Column("places", "Places offered", about_people=False),
    Column("booked", "Places booked"),
    Column("attended", "Children who came"),
    Column("walk_ins", "Of whom walked in"),
    Column("no_shows", "Booked but did not come"),
    Column("visitors", "People counted without registering"),
)


def attendance_by_hub(period: Period, scope: ReportScope) -> Table:
    """One row per hub in scope. A session counts as held when its register was taken
    (anyone recorded as coming, not coming or counted)."""
    hub_ids = [hub.id for hub in scope.hubs]
    in_period = Q(starts_at__gte=period.starts_at(), starts_at__lt=period.ends_before())
    sessions = SessionOccurrence.objects.filter(in_period, location_id__in=hub_ids)
    register_taken = Q(attendances__isnull=False) | Q(visitor_counts__isnull=False)
    held = _by_hub(
        sessions.filter(cancelled_at__isnull=True)
        .filter(register_taken)
        .values("location_id")
        .annotate(n=Count("id", distinct=True))
    )
    offered = (
        sessions.filter(cancelled_at__isnull=True)
        .values("location_id")
        .annotate(places=Sum("capacity"))
    )
    places = {row["location_id"]: row["places"] or 0 for row in offered}
    cancelled = _by_hub(
        sessions.filter(cancelled_at__isnull=False).values("location_id").annotate(n=Count("id"))
    )
    booked = {
        row["occurrence__location_id"]: row["n"] or 0
        for row in Booking.objects.filter(
            occurrence__in=sessions.filter(cancelled_at__isnull=True),
            status__in=[Booking.Status.CONFIRMED, Booking.Status.CAME_FROM_WAITING_LIST],
        )
        .values("occurrence__location_id")
        .annotate(n=Sum("places"))
    }
    came = Q(status=Attendance.Status.ATTENDED)
    attendance = {
        row["occurrence__location_id"]: row
        for row in Attendance.objects.filter(occurrence__in=sessions)
        .values("occurrence__location_id")
        .annotate(
            attended=Count("id", filter=came),
            walk_ins=Count("id", filter=came & Q(walk_in=True)),
            no_shows=Count("id", filter=Q(status=Attendance.Status.NO_SHOW)),
        )
    }
    visitors = {
        row["occurrence__location_id"]: (row["adults"] or 0) + (row["children"] or 0)
        for row in VisitorCount.objects.filter(occurrence__in=sessions)
        .values("occurrence__location_id")
        .annotate(adults=Sum("adults"), children=Sum("children"))
    }
    counts = []
    for hub in scope.hubs:
        recorded = attendance.get(hub.id, {})
        counts.append(
            (
                hub.name,
                {
                    "sessions": held.get(hub.id, 0),
                    "cancelled": cancelled.get(hub.id, 0),
                    "places": places.get(hub.id, 0),
                    "booked": booked.get(hub.id, 0),
                    "attended": recorded.get("attended", 0),
                    "walk_ins": recorded.get("walk_ins", 0),
                    "no_shows": recorded.get("no_shows", 0),
                    "visitors": visitors.get(hub.id, 0),
                },
            )
        )
    return protected_table("Family hub", COLUMNS, counts, total_label="All hubs in this report")


def _by_hub(rows) -> dict:
    return {row["location_id"]: row["n"] for row in rows}
