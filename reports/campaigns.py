"""Campaigns and events: during each campaign that ran in the period, how many families
registered with the hubs and how many children came to its services' sessions, beside the same
number of weeks just before it."""

from datetime import timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, Q, Value

from bookings.models import Attendance
from campaigns.models import Campaign, Event
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


def _in_any(periods: list[Period], field: str) -> Q:
    return reduce(or_, (_between(period, field) for period in periods))


def campaigns_in_period(period: Period, scope: ReportScope) -> Table:
    """Campaigns with dates that overlap the period. Events have no register yet, so they are
    counted as held, not by who came. Each measure is one query for every campaign at once
    (a conditional count per campaign and window), not one query a campaign."""
    campaigns = list(
        Campaign.objects.filter(
            starts_on__isnull=False,
            ends_on__isnull=False,
            starts_on__lte=period.end,
            ends_on__gte=period.start,
        )
        .order_by("starts_on", "name")
        .prefetch_related("services")
    )
    if not campaigns:
        return protected_table("Campaign", COLUMNS, [], total_label="All these campaigns")
    windows = {
        campaign.pk: {"": _window(campaign), "_before": _window(campaign, before=True)}
        for campaign in campaigns
    }
    events = Event.objects.filter(
        scope.at_hubs("location"), campaign__in=campaigns, cancelled=False
    ).aggregate(
        **{
            f"events{campaign.pk.hex}": Count(
                "id", filter=Q(campaign=campaign) & _between(windows[campaign.pk][""], "starts_at")
            )
            for campaign in campaigns
        }
    )
    every_window = [window for both in windows.values() for window in both.values()]
    # Registrations a window at a time, united in one query: each a range of the registrations
    # index read alone, where the ranges together made PostgreSQL read every family's row.
    registration_windows = {
        f"registered{suffix}{pk.hex}": window
        for pk, both in windows.items()
        for suffix, window in both.items()
    }
    registrations = [
        Family.objects.filter(scope.at_hubs("hub"), _between(window, "created"))
        .annotate(window=Value(key))
        .values("window")
        .annotate(families=Count("hub"))
        .order_by()
        for key, window in registration_windows.items()
    ]
    families = dict.fromkeys(registration_windows, 0) | dict(
        registrations[0].union(*registrations[1:], all=True).values_list("window", "families")
    )
    services = {
        campaign.pk: [service.pk for service in campaign.services.all()] for campaign in campaigns
    }
    came = (
        Attendance.objects.filter(
            scope.at_hubs("occurrence__location"),
            status=Attendance.Status.ATTENDED,
            # Only campaigns' services' sessions: a few thousand, not every hub session.
            occurrence__service_id__in={pk for ids in services.values() for pk in ids},
        )
        .filter(_in_any(every_window, "occurrence__starts_at"))
        .aggregate(
            **{
                f"came{suffix}{pk.hex}": Count(
                    "occurrence",
                    filter=Q(occurrence__service_id__in=services[pk])
                    & _between(window, "occurrence__starts_at"),
                )
                for pk, both in windows.items()
                for suffix, window in both.items()
            }
        )
    )
    figures = events | families | came
    rows = []
    for campaign in campaigns:
        row = {column.key: figures[f"{column.key}{campaign.pk.hex}"] for column in COLUMNS}
        rows.append((f"{campaign.name} ({windows[campaign.pk][''].label})", row))
    return protected_table("Campaign", COLUMNS, rows, total_label="All these campaigns")
