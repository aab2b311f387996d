"""Requests for support counted for reports: each measure is one grouped count in the database
(service, value, requests: a status, a kind, a wait in working days, a decline category or an
outcome), so no request is ever streamed into Python.

Whole London months up to the "requests" `TalliedThrough` mark (the last day of the last whole
month before the latest refresh) are read from `RequestTally`, a whole quarter or financial
year from its own rows (its months summed by the refresh), so a year's report adds up one
year of rows, not twelve months of them; the rest of a period (days after the mark, the part
months at either end of dates chosen by hand) is counted live from the requests by the same
function that fills the tallies, so both give the same figures.

How stale a figure can be: days after the mark are always current. A tallied month is recounted
by the nightly `refresh_report_tallies` when any request in it has a `RequestEvent` since the
previous run began, so a change made through `referrals.services` shows in its months from the
next nightly run on (at most a day late). Anything that writes no event (an edit in the admin or
a database shell, requests loaded in bulk, a bank holiday added or moved: the waits across it)
shows in tallied months only after `refresh_report_tallies --all`. Services' targets are read
live, so a changed target shows at once."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncMonth
from django.utils import timezone

from referrals.models import RequestEvent, RequestForSupport
from referrals.states import Status
from reports import working_days
from reports.models import RequestTally, TalliedThrough, WorkingDay
from reports.periods import LONDON, Period, month_starts, months_after, split_for_monthly_tally

TALLY = "requests"  # the TalliedThrough mark: months tallied up to this day
CHANGES = "request-changes"  # the TalliedThrough mark: every change up to this day is tallied

Counts = defaultdict[object, Counter]  # service id -> {value: requests}


@dataclass(frozen=True)
class Measure:
    name: str
    counted_by: str  # the moment that puts a request in a period: "sent_at" or "closed_at"
    which: Q  # the requests it counts
    value: Expression  # what they are grouped by (a string or a number of working days)
    in_working_days: bool = False


def _working_days_to(day: str) -> Expression:
    """Working days after the London day a request was sent, up to and including `day` (an
    alias of the queryset), never below 0 (a step recorded on the day it was sent)."""

    def number(of: str) -> Subquery:
        return Subquery(WorkingDay.objects.filter(day=OuterRef(of)).values("number"))

    return Greatest(number(day) - number("sent_day"), Value(0), output_field=IntegerField())


REPLIED = Coalesce("accepted_at", Case(When(status=Status.DECLINED, then="closed_at")))
KIND = Measure("kind", "sent_at", Q(), F("kind"))
STATUS = Measure("status", "sent_at", Q(), F("status"))
ACCEPTED = Measure("accepted", "sent_at", Q(accepted_at__isnull=False), Value(""))
REPLY_DAYS = Measure(
    "reply_days",
    "sent_at",
    Q(accepted_at__isnull=False) | Q(status=Status.DECLINED, closed_at__isnull=False),
    _working_days_to("reply_day"),
    in_working_days=True,
)
ACCEPT_DAYS = Measure(
    "accept_days",
    "sent_at",
    Q(accepted_at__isnull=False),
    _working_days_to("accepted_day"),
    in_working_days=True,
)
CONTACT_DAYS = Measure(
    "contact_days",
    "sent_at",
    Q(first_contact_at__isnull=False),
    _working_days_to("contact_day"),
    in_working_days=True,
)
DECLINE_CATEGORY = Measure(
    "decline_category", "closed_at", Q(status=Status.DECLINED), F("decline_category")
)
OUTCOME = Measure("outcome", "closed_at", Q(status=Status.CLOSED), F("outcome"))
MEASURES = (
    KIND,
    STATUS,
    ACCEPTED,
    REPLY_DAYS,
    ACCEPT_DAYS,
    CONTACT_DAYS,
    DECLINE_CATEGORY,
    OUTCOME,
)


def count_live(measure: Measure, periods: list[Period], service_ids: list | None) -> Counts:
    """The measure over requests whose `counted_by` moment is in any of `periods` (at services
    `service_ids`, or all), straight from the requests table."""
    moments = Q()
    for period in periods:
        moments |= Q(
            **{
                f"{measure.counted_by}__gte": period.starts_at(),
                f"{measure.counted_by}__lt": period.ends_before(),
            }
        )
    requests = RequestForSupport.objects.filter(moments, measure.which)
    if service_ids is not None:
        requests = requests.filter(service_id__in=service_ids)
    if measure.in_working_days:
        # Every step is recorded on or before today; a period may end later.
        last = max(timezone.localdate(), *(period.end for period in periods))
        working_days.cover(last + working_days.AHEAD)
        requests = requests.alias(
            sent_day=TruncDate("sent_at", tzinfo=LONDON),
            reply_day=TruncDate(REPLIED, tzinfo=LONDON),
            accepted_day=TruncDate("accepted_at", tzinfo=LONDON),
            contact_day=TruncDate("first_contact_at", tzinfo=LONDON),
        )
    rows = (
        requests.annotate(value=measure.value)
        .values_list("service_id", "value")
        .annotate(requests=Count("pk"))
        .order_by()
    )
    counts: Counts = defaultdict(Counter)
    for service_id, value, n in rows:
        counts[service_id][str(value)] += n
    return counts


def count(
    measures: tuple[Measure, ...], period: Period, service_ids: list | None
) -> dict[str, Counts]:
    """Each measure over the period at services `service_ids` (or all): whole months up to the
    mark from the tallies (one query for them all, reading a quarter's or a year's own rows
    where it can), the rest live."""
    totals: dict[str, Counts] = {measure.name: defaultdict(Counter) for measure in measures}
    through = TalliedThrough.objects.filter(kind=TALLY).values_list("day", flat=True).first()
    # The mark is a month's last day, so the tallied months are whole and follow one another.
    months, live = split_for_monthly_tally(period, through)
    if months:
        spans = Q()
        for start, length in tally_spans(months[0], months[-1]):
            spans |= Q(month=start, months=length)
        tallied = RequestTally.objects.filter(spans, measure__in=list(totals))
        if service_ids is not None:
            tallied = tallied.filter(service_id__in=service_ids)
        tallied = (
            tallied.values_list("measure", "service_id", "value")
            .annotate(requests=Sum("requests"))
            .order_by()
        )
        for name, service_id, value, n in tallied:
            totals[name][service_id][value] += n
    if live:
        for measure in measures:
            for service_id, values in count_live(measure, live, service_ids).items():
                totals[measure.name][service_id].update(values)
    return totals


# Months a tally row can cover, longest first, and the months they start in: financial years
# and quarters are summed from the months too, so a year's report reads a year of rows, not 12.
SPANS = ((12, (4,)), (3, (1, 4, 7, 10)), (1, tuple(range(1, 13))))


def tally_spans(first: date, last: date) -> list[tuple[date, int]]:
    """The months `first` to `last` (first days) as the fewest tally spans: (start, months)."""
    spans = []
    month = first
    while month <= last:
        length = next(
            length
            for length, starts in SPANS
            if month.month in starts and months_after(month, length - 1) <= last
        )
        spans.append((month, length))
        month = months_after(month, length)
    return spans


def _span_of(month: date, length: int) -> date:
    """The first month of the span of `length` months that `month` is in."""
    starts = dict(SPANS)[length]
    back = next(back for back in range(12) if months_after(month, -back).month in starts)
    return months_after(month, -back)


def refresh(yesterday: date, everything: bool = False) -> tuple[list[date], int]:
    """Tally every whole month up to `yesterday` that is not tallied yet or has a request
    changed since the last refresh began (every month, with `everything`), then sum again the
    quarters and financial years they are in (whole ones only). One transaction, so a report
    reads either the tallies before or after, never a mix. Returns the months counted and the
    rows written."""
    through = (yesterday + timedelta(days=1)).replace(day=1) - timedelta(days=1)  # a month's end
    marks = dict(
        TalliedThrough.objects.filter(kind__in=(TALLY, CHANGES)).values_list("kind", "day")
    )
    first_sent = RequestForSupport.objects.aggregate(first=Min("sent_at"))["first"]
    with transaction.atomic():
        if first_sent is None:
            months: set[date] = set()
        elif everything or TALLY not in marks or CHANGES not in marks:
            months = set(month_starts(first_sent.astimezone(LONDON).date().replace(day=1), through))
            RequestTally.objects.all().delete()
        else:
            months = set(month_starts(months_after(marks[TALLY], 1), through)) | _changed_months(
                marks[CHANGES] + timedelta(days=1)
            )
        months = sorted(month for month in months if month <= through)
        rows = sum(_tally_month(month) for month in months)
        longer = {(_span_of(month, length), length) for month in months for length in (3, 12)}
        rows += sum(
            _sum_months(start, length)
            for start, length in sorted(longer)
            if months_after(start, length) <= through + timedelta(days=1)
        )
        # Changes made after yesterday, even during this run, are looked for again by the next.
        for kind, day in ((TALLY, through), (CHANGES, yesterday)):
            TalliedThrough.objects.update_or_create(kind=kind, defaults={"day": day})
    return months, rows


def _changed_months(since: date) -> set[date]:
    """The months of every request with an event from `since` (London) on: the months it was
    sent and closed in, and those of all its events (where a closing it has since undone may
    have put it)."""
    changed = RequestEvent.objects.filter(at__gte=datetime.combine(since, time.min, LONDON)).values(
        "request_id"
    )
    requests = RequestForSupport.objects.filter(id__in=changed)
    return (
        _months_of(requests, "sent_at")
        | _months_of(requests, "closed_at")
        | _months_of(RequestEvent.objects.filter(request_id__in=changed), "at")
    )


def _months_of(queryset: QuerySet, field: str) -> set[date]:
    months = (
        queryset.exclude(**{f"{field}__isnull": True})
        .annotate(month=TruncMonth(field, tzinfo=LONDON))
        .values_list("month", flat=True)
        .order_by()
        .distinct()
    )
    return {moment.date() for moment in months}


def _tally_month(month: date) -> int:
    whole = Period("custom", month, months_after(month, 1) - timedelta(days=1))
    return _replace(
        month,
        1,
        (
            (measure.name, service_id, value, n)
            for measure in MEASURES
            for service_id, values in count_live(measure, [whole], None).items()
            for value, n in values.items()
        ),
    )


def _sum_months(start: date, length: int) -> int:
    """A quarter's or a year's rows: its months' added up."""
    sums = (
        RequestTally.objects.filter(
            months=1, month__gte=start, month__lt=months_after(start, length)
        )
        .values_list("measure", "service_id", "value")
        .annotate(requests=Sum("requests"))
        .order_by()
    )
    return _replace(start, length, sums)


def _replace(start: date, length: int, counts: Iterable[tuple[str, object, str, int]]) -> int:
    RequestTally.objects.filter(month=start, months=length).delete()
    written = RequestTally.objects.bulk_create(
        (
            RequestTally(
                month=start,
                months=length,
                measure=measure,
                service_id=service_id,
                value=value,
                requests=n,
            )
            for measure, service_id, value, n in counts
        ),
        batch_size=5000,
    )
    return len(written)
