"""Monthly request tallies: whole months read from the tallies and the rest counted live give
the hand-counted figures, a change shows in a tallied month once the next refresh runs, working
days are numbered in the database across weekends and bank holidays, and medians and 90th
percentiles read off counts are those of the list of waits."""

from collections import Counter
from datetime import date, datetime, time
from io import StringIO
from statistics import median_low, quantiles
from unittest import mock

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.models import Service
from referrals import services
from referrals.models import RequestForSupport
from referrals.states import Status
from referrals.tests.factories import IntakeFactory, ProfessionalFactory, ServiceTeamUserFactory
from reports.models import RequestTally, TalliedThrough, WorkingDay
from reports.periods import LONDON, custom, month, quarter
from reports.request_tallies import tally_spans
from reports.requests import (
    declines_by_reason,
    median_low_of,
    ninetieth_of,
    outcomes_by_service,
    requests_by_service,
    waits_by_service,
)
from reports.scopes import ReportScope, command_line_scope
from reports.suppression import Hidden
from reports.working_days import cover
from timetable.tests.factories import BankHolidayFactory

pytestmark = pytest.mark.django_db
NOVEMBER = month(2026, 11)
# Live from the 20th to the end of October, tallied November, live after the mark (30 November).
OCTOBER_20_TO_DECEMBER_2 = custom(date(2026, 10, 20), date(2026, 12, 2))


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), LONDON)


def _request(intake, sent: date, kind: str, status: str, **fields) -> RequestForSupport:
    """A request sent at 10am on `sent`, with each step given as a date (accepted_at=...) at
    10am that day too."""
    return RequestForSupport.objects.create(
        reference=f"TLY-{RequestForSupport.objects.count():04d}",
        service=intake.service,
        kind=kind,
        referrer=ProfessionalFactory() if kind == "professional" else None,
        status=status,
        sent_at=_at(sent),
        decline_reason="Not something we can help with" if status == Status.DECLINED else "",
        **{name: _at(v) if isinstance(v, date) else v for name, v in fields.items()},
    )


@pytest.fixture
def autumn():
    """No bank holidays from October to 2 December 2026. Working days waited in brackets.

    Together with Baby (target 3 working days):
      1 19 Oct professional, accepted 21 Oct (2)
      2 19 Oct self, declined 23 Oct (4), no capacity
      3 30 Oct professional, accepted 3 Nov (2), contacted 6 Nov (5), closed 30 Nov: seen
      4 16 Nov self, still waiting
      5 16 Nov professional, accepted 17 Nov (1), contacted 19 Nov (3)
      6 25 Nov professional, declined 2 Dec (5), not eligible
      7  1 Dec self, accepted the same day (0)
    Parent support line (no target):
      8  2 Nov professional, withdrawn 3 Nov
      9  9 Nov self, declined 11 Nov (2), better met elsewhere"""
    together = IntakeFactory(service__name="Together with Baby", response_target_working_days=3)
    line = IntakeFactory(service__name="Parent support line", response_target_working_days=None)
    accepted, declined = Status.ACCEPTED, Status.DECLINED
    _request(together, date(2026, 10, 19), "professional", accepted, accepted_at=date(2026, 10, 21))
    _request(
        together,
        date(2026, 10, 19),
        "self",
        declined,
        closed_at=date(2026, 10, 23),
        decline_category="no_capacity",
    )
    _request(
        together,
        date(2026, 10, 30),
        "professional",
        Status.CLOSED,
        accepted_at=date(2026, 11, 3),
        first_contact_at=date(2026, 11, 6),
        closed_at=date(2026, 11, 30),
        outcome="seen",
    )
    waiting = _request(together, date(2026, 11, 16), "self", Status.SENT)
    contacted = _request(
        together,
        date(2026, 11, 16),
        "professional",
        Status.CONTACTED,
        accepted_at=date(2026, 11, 17),
        first_contact_at=date(2026, 11, 19),
    )
    _request(
        together,
        date(2026, 11, 25),
        "professional",
        declined,
        closed_at=date(2026, 12, 2),
        decline_category="not_eligible",
    )
    _request(together, date(2026, 12, 1), "self", accepted, accepted_at=date(2026, 12, 1))
    _request(line, date(2026, 11, 2), "professional", Status.WITHDRAWN, closed_at=date(2026, 11, 3))
    _request(
        line,
        date(2026, 11, 9),
        "self",
        declined,
        closed_at=date(2026, 11, 11),
        decline_category="better_elsewhere",
    )
    return waiting, contacted


def _figures(table, label: str) -> dict:
    """The figures of a row before suppression (None: nothing to measure)."""
    rows = [*table.rows, table.total]
    row = next(row for row in rows if row.label == label)
    return {
        column.key: None if figure.hidden is Hidden.NONE else figure.value
        for column, figure in zip(table.columns, row.figures, strict=True)
    }


def _all_figures(period) -> dict:
    scope = command_line_scope()
    return {
        build.__name__: {
            row.label: _figures(table, row.label) for row in [*table.rows, table.total]
        }
        for build in (
            requests_by_service,
            waits_by_service,
            declines_by_reason,
            outcomes_by_service,
        )
        for table in [build(period, scope)]
    }


def _refresh(today: date, *arguments: str) -> str:
    out = StringIO()
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        call_command("refresh_report_tallies", *arguments, stdout=out)
    return out.getvalue()


EXPECTED_REQUESTS = {  # 20 October to 2 December: requests 3 to 9
    "Together with Baby": {
        "sent": 5,
        "professional": 3,
        "self": 2,
        "accepted": 3,
        "declined": 1,
        "withdrawn": 0,
        "transferred": 0,
        "waiting": 1,
    },
    "Parent support line": {
        "sent": 2,
        "professional": 1,
        "self": 1,
        "accepted": 0,
        "declined": 1,
        "withdrawn": 1,
        "transferred": 0,
        "waiting": 0,
    },
}
EXPECTED_WAITS = {
    # Replies 0, 1, 2, 5: median 1; 90th percentile 2 + 0.7 * 3 = 4.1; 3 within 3 days.
    "Together with Baby": {
        "replied": 4,
        "median_reply": 1,
        "p90_reply": 4,
        "within_target": 3,
        "share_within_target": 75,
        "with_target": 4,
        # Accepted after 0, 1 and 2 days: 90th percentile 1 + 0.8 * 1 = 1.8.
        "accepted": 3,
        "median_accept": 1,
        "p90_accept": 2,
        # Contacted after 3 and 5 days: 90th percentile 3 + 0.9 * 2 = 4.8.
        "contacted": 2,
        "median_contact": 3,
        "p90_contact": 5,
    },
    "Parent support line": {
        "replied": 1,
        "median_reply": 2,
        "p90_reply": 2,
        "within_target": 0,
        "share_within_target": None,
        "with_target": 0,
        "accepted": 0,
        "median_accept": None,
        "p90_accept": None,
        "contacted": 0,
        "median_contact": None,
        "p90_contact": None,
    },
    # Replies 0, 1, 2, 2, 5: median 2; 90th percentile 2 + 0.6 * 3 = 3.8.
    "All services in this report": {
        "replied": 5,
        "median_reply": 2,
        "p90_reply": 4,
        "within_target": 3,
        "share_within_target": 75,
        "with_target": 4,
        "accepted": 3,
        "median_accept": 1,
        "p90_accept": 2,
        "contacted": 2,
        "median_contact": 3,
        "p90_contact": 5,
    },
}


def test_tallied_months_and_live_days_give_the_hand_counted_figures(autumn):
    live = _all_figures(OCTOBER_20_TO_DECEMBER_2)

    assert "2 months recounted (2026-10 to 2026-11)" in _refresh(date(2026, 12, 2))

    assert TalliedThrough.objects.get(kind="requests").day == date(2026, 11, 30)
    assert {tally.month for tally in RequestTally.objects.all()} == {
        date(2026, 10, 1),
        date(2026, 11, 1),
    }
    figures = _all_figures(OCTOBER_20_TO_DECEMBER_2)
    assert figures == live
    requests = figures["requests_by_service"]
    assert {label: requests[label] for label in EXPECTED_REQUESTS} == EXPECTED_REQUESTS
    assert {label: figures["waits_by_service"][label] for label in EXPECTED_WAITS} == EXPECTED_WAITS
    # Declines and outcomes go by when the request was closed: 23 October and 2 December are
    # live, 11 and 30 November tallied.
    declines = figures["declines_by_reason"]
    assert declines["Together with Baby"] == {
        "declined": 2,
        "not_eligible": 1,
        "better_elsewhere": 0,
        "no_capacity": 1,
        "no_contact": 0,
        "not_wanted": 0,
        "other": 0,
    }
    assert declines["Parent support line"]["better_elsewhere"] == 1
    outcomes = figures["outcomes_by_service"]["Together with Baby"]
    assert (outcomes["closed"], outcomes["seen"]) == (1, 1)


def test_a_team_sees_its_own_service_alone_tallied_and_live(autumn):
    line = Service.objects.get(name="Parent support line")
    scope = ReportScope(hubs=(), services=(line,), everything=False)
    _refresh(date(2026, 12, 2))

    table = requests_by_service(OCTOBER_20_TO_DECEMBER_2, scope)

    assert [row.label for row in table.rows] == ["Parent support line"]
    assert _figures(table, table.total.label) == EXPECTED_REQUESTS["Parent support line"]
    waits = waits_by_service(OCTOBER_20_TO_DECEMBER_2, scope)
    assert _figures(waits, waits.total.label)["replied"] == 1


def test_a_whole_month_is_read_from_its_tallies(autumn):
    _refresh(date(2026, 12, 2))
    RequestTally.objects.filter(measure="kind", value="self", month=date(2026, 11, 1)).update(
        requests=40
    )

    figures = _figures(requests_by_service(NOVEMBER, command_line_scope()), "Together with Baby")

    assert figures["self"] == 40


def test_a_change_shows_in_a_tallied_month_from_the_next_refresh(autumn):
    waiting, _ = autumn
    _refresh(date(2026, 12, 2))
    before = _all_figures(NOVEMBER)
    team = ServiceTeamUserFactory()
    with mock.patch("django.utils.timezone.now", return_value=_at(date(2026, 12, 2), 15)):
        services.open_request(waiting, by=team)  # after the refresh
        services.accept(waiting, by=team, version=waiting.version)

    assert _all_figures(NOVEMBER) == before  # November is tallied: as it was until tonight

    assert "1 months recounted (2026-11 to 2026-11)" in _refresh(date(2026, 12, 3))

    requests = _figures(requests_by_service(NOVEMBER, command_line_scope()), "Together with Baby")
    assert (requests["accepted"], requests["waiting"]) == (2, 0)
    waits = _figures(waits_by_service(NOVEMBER, command_line_scope()), "Together with Baby")
    # Replies to Together's November requests: 1, 5 and now 12 (16 November to 2 December).
    assert (waits["replied"], waits["median_reply"], waits["within_target"]) == (3, 5, 1)


def test_a_change_without_an_event_waits_for_a_full_recount(autumn):
    _, contacted = autumn
    _refresh(date(2026, 12, 2))
    RequestForSupport.objects.filter(pk=contacted.pk).update(status=Status.WITHDRAWN)

    assert "0 months recounted" in _refresh(date(2026, 12, 3))
    assert (
        _figures(requests_by_service(NOVEMBER, command_line_scope()), "Together with Baby")[
            "withdrawn"
        ]
        == 0
    )

    _refresh(date(2026, 12, 3), "--all")

    assert (
        _figures(requests_by_service(NOVEMBER, command_line_scope()), "Together with Baby")[
            "withdrawn"
        ]
        == 1
    )


def test_a_quarter_is_read_from_its_own_rows_once_it_is_over(autumn):
    last_quarter = quarter(2026, 4)
    live = _all_figures(last_quarter)

    _refresh(date(2027, 1, 2))  # October to December tallied, and summed as a quarter

    assert RequestTally.objects.filter(month=date(2026, 10, 1), months=3).exists()
    assert not RequestTally.objects.filter(months=12).exists()  # the year ends in March
    assert _all_figures(last_quarter) == live
    RequestTally.objects.filter(month=date(2026, 10, 1), months=3, measure="kind").update(
        requests=40
    )
    figures = _figures(
        requests_by_service(last_quarter, command_line_scope()), "Together with Baby"
    )
    assert (figures["professional"], figures["self"]) == (40, 40)


def test_whole_months_are_read_as_the_fewest_years_quarters_and_months():
    assert tally_spans(date(2025, 1, 1), date(2026, 5, 1)) == [
        (date(2025, 1, 1), 3),
        (date(2025, 4, 1), 12),
        (date(2026, 4, 1), 1),
        (date(2026, 5, 1), 1),
    ]


def test_working_days_are_numbered_across_a_weekend_and_bank_holidays():
    BankHolidayFactory(date=date(2026, 12, 25), name="Christmas Day")
    BankHolidayFactory(date=date(2026, 12, 28), name="Boxing Day (substitute day)")
    cover(date(2026, 12, 31))
    number = dict(WorkingDay.objects.values_list("day", "number"))

    # Thursday 24th, then Christmas, the weekend and the substitute day: Tuesday 29th is the next.
    assert [number[date(2026, 12, day)] - number[date(2026, 12, 24)] for day in range(24, 31)] == [
        0,
        0,
        0,
        0,
        0,
        1,
        2,
    ]

    BankHolidayFactory(date=date(2026, 12, 29), name="A new holiday")
    cover(date(2026, 12, 31))

    assert WorkingDay.objects.get(day=date(2026, 12, 30)).number == number[date(2026, 12, 29)]


def _old_ninetieth(days: list[int]) -> int | None:
    """How waits_by_service took it from the list of waits before the tallies."""
    if len(days) < 2:
        return days[0] if days else None
    return round(quantiles(days, n=10, method="inclusive")[-1])


@settings(max_examples=300)
@given(st.lists(st.integers(min_value=0, max_value=60), max_size=300))
def test_medians_and_percentiles_from_counts_are_those_of_the_list(days):
    histogram = Counter(days)

    assert median_low_of(histogram) == (median_low(days) if days else None)
    assert ninetieth_of(histogram) == _old_ninetieth(days)
