"""Requests for support by service: how many were sent and by whom, where they stand now, and
how long families waited for a reply and for first contact, in working days against each
service's own target."""

from datetime import date, timedelta
from functools import partial
from statistics import median_low, quantiles

from django.db.models import Case, Count, Q, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from referrals import clocks
from referrals.models import RequestForSupport
from referrals.states import AWAITING_REPLY, Status
from reports.periods import Period
from reports.scopes import ReportScope
from reports.tables import Column, Split, Table, protected_table

REQUEST_COLUMNS = (
    Column("sent", "Requests sent"),
    Column("professional", "Referred by a professional"),
    Column("self", "Asked for themselves"),
    Column("accepted", "Accepted"),
    Column("declined", "Declined"),
    Column("withdrawn", "Withdrawn"),
    Column("transferred", "Transferred to another service"),
    Column("waiting", "Still waiting for a reply"),
)
SENT_SPLIT = Split(parts=("professional", "self"), total="sent")

WAIT_COLUMNS = (
    Column("replied", "Requests answered"),
    Column(
        "median_reply", "Median working days to a reply", about_people=False, based_on="replied"
    ),
    Column(
        "p90_reply",
        "9 in 10 answered within (working days)",
        about_people=False,
        based_on="replied",
    ),
    Column("within_target", "Answered within the service's target"),
    Column(
        "share_within_target",
        "Share answered within target (%)",
        about_people=False,
        based_on="with_target",
    ),
    Column("with_target", "Answered, where the service sets a target"),
    Column("contacted", "Families contacted"),
    Column(
        "median_contact",
        "Median working days to first contact",
        about_people=False,
        based_on="contacted",
    ),
)


def _sent_in(period: Period, scope: ReportScope):
    return RequestForSupport.objects.filter(
        service_id__in=[service.id for service in scope.services],
        sent_at__gte=period.starts_at(),
        sent_at__lt=period.ends_before(),
    )


def requests_by_service(period: Period, scope: ReportScope) -> Table:
    """Requests sent in the period, by service, and what has happened to them since (counted
    in the database: a year can be a million requests)."""
    counted = [column.key for column in REQUEST_COLUMNS if column.key != "sent"]
    rows = {service.id: dict.fromkeys(counted, 0) for service in scope.services}
    professional = Q(kind=RequestForSupport.Kind.PROFESSIONAL)
    figures = (
        _sent_in(period, scope)
        .values("service_id")
        .annotate(
            professional=Count("id", filter=professional),
            asked_themselves=Count("id", filter=~professional),  # "self" is annotate's own
            accepted=Count("accepted_at"),
            declined=Count("id", filter=Q(status=Status.DECLINED)),
            withdrawn=Count("id", filter=Q(status=Status.WITHDRAWN)),
            transferred=Count("id", filter=Q(status=Status.TRANSFERRED)),
            waiting=Count("id", filter=Q(status__in=AWAITING_REPLY)),
        )
        .order_by()
    )
    for row in figures:
        row["self"] = row.pop("asked_themselves")
        rows[row["service_id"]] = {key: row[key] for key in counted}
    return protected_table(
        "Service",
        REQUEST_COLUMNS,
        [(service.name, rows[service.id]) for service in scope.services],
        splits=[SENT_SPLIT],
        total_label="All services in this report",
    )


def waits_by_service(period: Period, scope: ReportScope) -> Table:
    """For requests sent in the period: working days to a reply (accepted or declined) and to
    first contact, and how many replies met the service's target. A median or share built on a
    hidden count is hidden too. The database gives each request's London dates, streamed;
    working days are then looked up, not counted day by day."""
    local_day = partial(TruncDate, tzinfo=timezone.get_current_timezone())
    requests = (
        _sent_in(period, scope)
        .annotate(
            sent_day=local_day("sent_at"),
            replied_day=local_day(
                Coalesce(
                    "accepted_at",
                    Case(When(status=Status.DECLINED, then="closed_at")),
                )
            ),
            contacted_day=local_day("first_contact_at"),
        )
        .values_list(
            "service_id",
            "sent_day",
            "replied_day",
            "contacted_day",
            "service__intake__response_target_working_days",
        )
        .order_by()
        .iterator(chunk_size=10_000)  # streamed: a year can be a million requests
    )
    # Every date here is a sending in the period or a step recorded since: never after today.
    numbers = _working_day_numbers(period.start, max(period.end, timezone.localdate()))
    replies: dict = {service.id: [] for service in scope.services}
    contacts: dict = {service.id: [] for service in scope.services}
    targets: dict = {service.id: [0, 0] for service in scope.services}  # met, had a target
    for service_id, sent, replied, contacted, target in requests:
        if replied is not None:
            waited = max(0, numbers[replied] - numbers[sent])
            replies[service_id].append(waited)
            if target is not None:
                targets[service_id][1] += 1
                targets[service_id][0] += waited <= target
        if contacted is not None:
            contacts[service_id].append(max(0, numbers[contacted] - numbers[sent]))
    counts = [
        (
            service.name,
            _wait_figures(replies[service.id], contacts[service.id], *targets[service.id]),
        )
        for service in scope.services
    ]
    everything = _wait_figures(
        [d for days in replies.values() for d in days],
        [d for days in contacts.values() for d in days],
        sum(met for met, _ in targets.values()),
        sum(had for _, had in targets.values()),
    )
    return protected_table(
        "Service",
        WAIT_COLUMNS,
        counts,
        total_label="All services in this report",
        total_values=everything,
    )


def _working_day_numbers(first: date, last: date) -> dict[date, int]:
    """Working days from `first` up to and including each day to `last`: the working days
    after a up to and including b (the clock's count) are numbers[b] - numbers[a]."""
    holidays = clocks.bank_holidays(first, last)
    numbers, count, day = {}, 0, first
    while day <= last:
        count += clocks.is_working_day(day, holidays)
        numbers[day] = count
        day += timedelta(days=1)
    return numbers


def _wait_figures(days: list[int], contact_days: list[int], met: int, had_target: int) -> dict:
    return {
        "replied": len(days),
        "median_reply": median_low(days) if days else None,
        "p90_reply": _ninetieth(days),
        "within_target": met,
        "share_within_target": round(100 * met / had_target) if had_target else None,
        "with_target": had_target,
        "contacted": len(contact_days),
        "median_contact": median_low(contact_days) if contact_days else None,
    }


def _ninetieth(days: list[int]) -> int | None:
    if len(days) < 2:
        return days[0] if days else None
    return round(quantiles(days, n=10, method="inclusive")[-1])


def _counted_by_choice(scope: ReportScope, requests, field: str, choices, total: Column) -> Table:
    """Requests per service split by one of their choice fields, the parts adding up to
    `total` (protected together, so no small part can be worked out from the others)."""
    columns = (total, *(Column(value, label) for value, label in choices))
    parts = [value for value, _ in choices]
    rows = {service.id: dict.fromkeys(parts, 0) for service in scope.services}
    for row in requests.values("service_id", field).annotate(n=Count("id")):
        if row[field] in parts:
            rows[row["service_id"]][row[field]] += row["n"]
    return protected_table(
        "Service",
        columns,
        [(service.name, rows[service.id]) for service in scope.services],
        splits=[Split(parts=tuple(parts), total=total.key)],
        total_label="All services in this report",
    )


def declines_by_reason(period: Period, scope: ReportScope) -> Table:
    """Requests declined in the period, by the reason's category (the words the family read
    stay encrypted and out of reports)."""
    declined = RequestForSupport.objects.filter(
        service_id__in=[service.id for service in scope.services],
        status=Status.DECLINED,
        closed_at__gte=period.starts_at(),
        closed_at__lt=period.ends_before(),
    )
    return _counted_by_choice(
        scope,
        declined,
        "decline_category",
        RequestForSupport.DeclineCategory.choices,
        Column("declined", "Declined"),
    )


def outcomes_by_service(period: Period, scope: ReportScope) -> Table:
    """Requests closed in the period, by outcome."""
    closed = RequestForSupport.objects.filter(
        service_id__in=[service.id for service in scope.services],
        status=Status.CLOSED,
        closed_at__gte=period.starts_at(),
        closed_at__lt=period.ends_before(),
    )
    return _counted_by_choice(
        scope, closed, "outcome", RequestForSupport.Outcome.choices, Column("closed", "Closed")
    )
