"""Campaigns and events: during each campaign that ran in the period, how many families
registered with the hubs and how many children came to its services' sessions, beside the same
number of weeks just before it."""

from datetime import timedelta

from django.db.models import Q

from bookings.models import Attendance
from campaigns.models import Campaign
from families.models import Family
from reports.periods import Period
from reports.scopes import ReportScope
from reports.tables import Column, Table, protected_table

COLUMNS = (
    Column("events", "Events held at hubs", about_people=False),
    Column("registered", "Families registered during it"),
    Column("registered_before", "In as many weeks before"),
    Column("came", "Children at its services' sessions"),
    Column("came_before", "In as many weeks before"),
)


def _window(campaign: Campaign, before: bool = False) -> Period:
    during = Period("custom", campaign.starts_on, campaign.ends_on)
    if not before:
        return during
    length = campaign.ends_on - campaign.starts_on
    end = campaign.starts_on - timedelta(days=1)
    return Period("custom", end - length, end)


def _between(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.starts_at(), f"{field}__lt": period.ends_before()})


def campaigns_in_period(period: Period, scope: ReportScope) -> Table:
    """Campaigns with dates that overlap the period. Events have no register yet, so they are
    counted as held, not by who came."""
    hub_ids = [hub.id for hub in scope.hubs]
    campaigns = Campaign.objects.filter(
        starts_on__isnull=False,
        ends_on__isnull=False,
        starts_on__lte=period.end,
        ends_on__gte=period.start,
    ).order_by("starts_on", "name")
    counts = []
    for campaign in campaigns:
        during, before = _window(campaign), _window(campaign, before=True)
        families = Family.objects.filter(hub_id__in=hub_ids)
        came = Attendance.objects.filter(
            status=Attendance.Status.ATTENDED,
            occurrence__service__in=campaign.services.all(),
            occurrence__location_id__in=hub_ids,
        )
        counts.append(
            (
                f"{campaign.name} ({during.label})",
                {
                    "events": campaign.events.filter(
                        _between(during, "starts_at"), location_id__in=hub_ids, cancelled=False
                    ).count(),
                    "registered": families.filter(_between(during, "created")).count(),
                    "registered_before": families.filter(_between(before, "created")).count(),
                    "came": came.filter(_between(during, "occurrence__starts_at")).count(),
                    "came_before": came.filter(_between(before, "occurrence__starts_at")).count(),
                },
            )
        )
    return protected_table("Campaign", COLUMNS, counts, total_label="All these campaigns")
