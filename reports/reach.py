"""Reach: families registered with each hub, newly registered in the period, and families seen
at its sessions, split into first-time (never seen at any hub before the period) and returning."""

from django.db.models import Count, Exists, OuterRef, Q

from bookings.models import Attendance
from families.models import Family
from reports.periods import Period
from reports.scopes import ReportScope
from reports.tables import Column, Split, Table, protected_table

COLUMNS = (
    Column("registered", "Families registered at the end of the period"),
    Column("new", "Newly registered in the period"),
    Column("seen", "Families seen at sessions"),
    Column("first_time", "Seen for the first time"),
    Column("returning", "Seen before"),
)
SEEN_SPLIT = Split(parts=("first_time", "returning"), total="seen")


def reach_by_hub(period: Period, scope: ReportScope) -> Table:
    """A family seen at two hubs counts once at each (rows add up to the total row)."""
    hub_ids = [hub.id for hub in scope.hubs]
    start, end = period.starts_at(), period.ends_before()
    registered = {
        row["hub_id"]: row
        for row in Family.objects.filter(hub_id__in=hub_ids, created__lt=end)
        .values("hub_id")
        .annotate(registered=Count("id"), new=Count("id", filter=Q(created__gte=start)))
    }
    came = Attendance.objects.filter(status=Attendance.Status.ATTENDED, family__isnull=False)
    seen_before = came.filter(family_id=OuterRef("family_id"), occurrence__starts_at__lt=start)
    seen = {
        row["occurrence__location_id"]: row
        for row in came.filter(
            occurrence__location_id__in=hub_ids,
            occurrence__starts_at__gte=start,
            occurrence__starts_at__lt=end,
        )
        .annotate(returning=Exists(seen_before))
        .values("occurrence__location_id")
        .annotate(
            seen=Count("family_id", distinct=True),
            returning_families=Count("family_id", distinct=True, filter=Q(returning=True)),
        )
    }
    counts = []
    for hub in scope.hubs:
        families, visits = registered.get(hub.id, {}), seen.get(hub.id, {})
        returning = visits.get("returning_families", 0)
        counts.append(
            (
                hub.name,
                {
                    "registered": families.get("registered", 0),
                    "new": families.get("new", 0),
                    "first_time": visits.get("seen", 0) - returning,
                    "returning": returning,
                },
            )
        )
    return protected_table(
        "Family hub", COLUMNS, counts, splits=[SEEN_SPLIT], total_label="All hubs in this report"
    )
