"""Requests for support by service: how many were sent and by whom, where they stand now, and
how long families waited for a reply, for acceptance and for first contact, in working days
against each service's own target."""

from collections import Counter

from referrals.models import RequestForSupport, ServiceIntake
from referrals.states import AWAITING_REPLY, Status
from reports import request_tallies
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
SENT_COUNTED = tuple(column.key for column in REQUEST_COLUMNS if column.key != "sent")
# The column each status now counts in (accepted is counted by its time, whatever came after).
STATUS_COLUMNS = {
    Status.DECLINED: "declined",
    Status.WITHDRAWN: "withdrawn",
    Status.TRANSFERRED: "transferred",
    **dict.fromkeys(AWAITING_REPLY, "waiting"),
}

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
    Column("accepted", "Requests accepted"),
    Column(
        "median_accept",
        "Median working days to acceptance",
        about_people=False,
        based_on="accepted",
    ),
    Column(
        "p90_accept",
        "9 in 10 accepted within (working days)",
        about_people=False,
        based_on="accepted",
    ),
    Column("contacted", "Families contacted"),
    Column(
        "median_contact",
        "Median working days to first contact",
        about_people=False,
        based_on="contacted",
    ),
    Column(
        "p90_contact",
        "9 in 10 contacted within (working days)",
        about_people=False,
        based_on="contacted",
    ),
)


def requests_by_service(period: Period, scope: ReportScope) -> Table:
    """Requests sent in the period, by service, and what has happened to them since."""
    counts = _counted(
        (request_tallies.KIND, request_tallies.STATUS, request_tallies.ACCEPTED), period, scope
    )
    rows = {service.id: dict.fromkeys(SENT_COUNTED, 0) for service in scope.services}
    for service_id, row in rows.items():
        for kind, n in counts["kind"][service_id].items():
            row["professional" if kind == RequestForSupport.Kind.PROFESSIONAL else "self"] += n
        for status, n in counts["status"][service_id].items():
            if status in STATUS_COLUMNS:
                row[STATUS_COLUMNS[status]] += n
        row["accepted"] = counts["accepted"][service_id].total()
    return protected_table(
        "Service",
        REQUEST_COLUMNS,
        [(service.name, rows[service.id]) for service in scope.services],
        splits=[SENT_SPLIT],
        total_label="All services in this report",
    )


def waits_by_service(period: Period, scope: ReportScope) -> Table:
    """For requests sent in the period: working days to a reply (accepted or declined), to
    acceptance and to first contact, and how many replies met the service's target (as it is
    now). A median or share built on a hidden count is hidden too. The database counts requests by their wait;
    medians and percentiles are read off those counts."""
    service_ids = [service.id for service in scope.services]
    counts = _counted(
        (request_tallies.REPLY_DAYS, request_tallies.ACCEPT_DAYS, request_tallies.CONTACT_DAYS),
        period,
        scope,
    )
    replies, accepts, contacts = (
        _histograms(counts[name], service_ids)
        for name in ("reply_days", "accept_days", "contact_days")
    )
    targets = dict(
        ServiceIntake.objects.filter(service_id__in=service_ids).values_list(
            "service_id", "response_target_working_days"
        )
    )
    met_and_had = {
        service_id: _met_target(replies[service_id], targets.get(service_id))
        for service_id in service_ids
    }
    figures = [
        (
            service.name,
            _wait_figures(
                replies[service.id],
                accepts[service.id],
                contacts[service.id],
                *met_and_had[service.id],
            ),
        )
        for service in scope.services
    ]
    everything = _wait_figures(
        _together(replies),
        _together(accepts),
        _together(contacts),
        sum(met for met, _ in met_and_had.values()),
        sum(had for _, had in met_and_had.values()),
    )
    return protected_table(
        "Service",
        WAIT_COLUMNS,
        figures,
        total_label="All services in this report",
        total_values=everything,
    )


def _counted(
    measures: tuple[request_tallies.Measure, ...], period: Period, scope: ReportScope
) -> dict[str, request_tallies.Counts]:
    """The measures at the scope's services. Everything is counted without naming each service:
    a list of hundreds of ids only leads the database to a slower plan, and the tables read
    the services in scope alone."""
    service_ids = None if scope.everything else [service.id for service in scope.services]
    return request_tallies.count(measures, period, service_ids)


def _histograms(counts: request_tallies.Counts, service_ids: list) -> dict[object, Counter]:
    """Each service's requests by working days waited."""
    return {
        service_id: Counter({int(days): n for days, n in counts[service_id].items()})
        for service_id in service_ids
    }


def _met_target(replies: Counter, target: int | None) -> tuple[int, int]:
    """Replies within the target, and replies that had one."""
    if target is None:
        return 0, 0
    return sum(n for days, n in replies.items() if days <= target), replies.total()


def _together(histograms: dict[object, Counter]) -> Counter:
    total: Counter = Counter()
    for histogram in histograms.values():
        total.update(histogram)
    return total


def _wait_figures(
    replies: Counter, accepts: Counter, contacts: Counter, met: int, had_target: int
) -> dict:
    return {
        "replied": replies.total(),
        "median_reply": median_low_of(replies),
        "p90_reply": ninetieth_of(replies),
        "within_target": met,
        "share_within_target": round(100 * met / had_target) if had_target else None,
        "with_target": had_target,
        "accepted": accepts.total(),
        "median_accept": median_low_of(accepts),
        "p90_accept": ninetieth_of(accepts),
        "contacted": contacts.total(),
        "median_contact": median_low_of(contacts),
        "p90_contact": ninetieth_of(contacts),
    }


def median_low_of(histogram: Counter) -> int | None:
    """`statistics.median_low` of the values `histogram` counts (None for none)."""
    n = histogram.total()
    return _nth(histogram, (n - 1) // 2) if n else None


def ninetieth_of(histogram: Counter) -> int | None:
    """The 90th percentile of the values `histogram` counts, rounded, as
    `round(statistics.quantiles(values, n=10, method="inclusive")[-1])` gives it (the value
    itself for one, None for none): the same interpolation, so the same float."""
    n = histogram.total()
    if n < 2:
        return _nth(histogram, 0) if n else None
    j, delta = divmod(9 * (n - 1), 10)
    return round((_nth(histogram, j) * (10 - delta) + _nth(histogram, j + 1) * delta) / 10)


def _nth(histogram: Counter, index: int) -> int:
    """The value at `index` (from 0) of the values `histogram` counts, in order."""
    for value in sorted(histogram):
        index -= histogram[value]
        if index < 0:
            return value
    raise IndexError(index)


def _counted_by_choice(
    period: Period, scope: ReportScope, measure: request_tallies.Measure, choices, total: Column
) -> Table:
    """Requests per service split by one of their choice fields, the parts adding up to
    `total` (protected together, so no small part can be worked out from the others)."""
    columns = (total, *(Column(value, label) for value, label in choices))
    parts = [value for value, _ in choices]
    rows = {service.id: dict.fromkeys(parts, 0) for service in scope.services}
    counts = _counted((measure,), period, scope)[measure.name]
    for service_id, row in rows.items():
        for value, n in counts[service_id].items():
            if value in parts:
                row[value] += n
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
    return _counted_by_choice(
        period,
        scope,
        request_tallies.DECLINE_CATEGORY,
        RequestForSupport.DeclineCategory.choices,
        Column("declined", "Declined"),
    )


def outcomes_by_service(period: Period, scope: ReportScope) -> Table:
    """Requests closed in the period, by outcome."""
    return _counted_by_choice(
        period,
        scope,
        request_tallies.OUTCOME,
        RequestForSupport.Outcome.choices,
        Column("closed", "Closed"),
    )
