"""Requests for support and waiting times against hand-counted fixtures (November 2026)."""

from datetime import date, datetime, time, timedelta
from itertools import count

import pytest

from referrals.models import RequestForSupport
from referrals.states import Status
from referrals.tests.factories import IntakeFactory, ProfessionalFactory
from reports.periods import LONDON, month
from reports.requests import (
    declines_by_reason,
    outcomes_by_service,
    requests_by_service,
    waits_by_service,
)
from reports.scopes import command_line_scope

pytestmark = pytest.mark.django_db
NOVEMBER = month(2026, 11)
MONDAY = date(2026, 11, 2)
_references = count(1)


def _at(day: date, working_days_later: int = 0) -> datetime:
    """10am on the day so many working days (no bank holidays in November) after `day`."""
    while working_days_later:
        day += timedelta(days=1)
        working_days_later -= day.weekday() < 5
    return datetime.combine(day, time(10), LONDON)


def _request(intake, *, kind="professional", status=Status.SENT, sent=MONDAY, **moments):
    if kind == "professional":
        moments["referrer"] = ProfessionalFactory()
    return RequestForSupport.objects.create(
        reference=f"TST-{next(_references):04d}",
        service=intake.service,
        kind=kind,
        status=status,
        sent_at=_at(sent),
        decline_reason="Your needs are better met by the health visiting team"
        if status == Status.DECLINED
        else "",
        **moments,
    )


def _replied(intake, kind, status, days, **extra):
    moment = "accepted_at" if status != Status.DECLINED else "closed_at"
    return _request(intake, kind=kind, status=status, **{moment: _at(MONDAY, days)}, **extra)


@pytest.fixture
def services():
    """Together with Baby (5-day target): 6 accepted after 1, 1, 2, 3, 4 and 7 working days, 5 of
    them contacted after 2, 3, 3, 4 and 8; 5 declined after 4, 4, 5, 6 and 6; 5 withdrawn and 5
    waiting (families' own). The support line (no target): 6 accepted after 2 days each."""
    together = IntakeFactory(service__name="Together with Baby", response_target_working_days=5)
    line = IntakeFactory(service__name="Parent support line", response_target_working_days=None)
    contact_days = iter([2, 3, 3, 4, 8])
    for days in [1, 1, 2, 3, 4, 7]:
        contact = next(contact_days, None)
        extra = {"first_contact_at": _at(MONDAY, contact)} if contact else {}
        status = Status.CONTACTED if contact else Status.ACCEPTED
        _replied(together, "professional", status, days, **extra)
    for days in [4, 4, 5, 6, 6]:
        _replied(together, "professional", Status.DECLINED, days)
    for _ in range(5):
        _request(together, kind="self", status=Status.WITHDRAWN, closed_at=_at(MONDAY, 1))
    for status in [Status.SENT, Status.SENT, Status.SENT, Status.RECEIVED, Status.RECEIVED]:
        _request(together, kind="self", status=status)
    _request(together, sent=date(2026, 10, 30))  # October: not counted
    for _ in range(6):
        _replied(line, "professional", Status.ACCEPTED, 2)
    return together, line


def _row(table, label):
    row = next(row for row in table.rows if row.label == label)
    return {c.key: f.on_page() for c, f in zip(table.columns, row.figures, strict=True)}


def test_requests_are_counted_by_who_sent_them_and_where_they_stand(services):
    table = requests_by_service(NOVEMBER, command_line_scope())

    assert _row(table, "Together with Baby") == {
        "sent": "21",
        "professional": "11",
        "self": "10",
        "accepted": "6",
        "declined": "5",
        "withdrawn": "5",
        "transferred": "0",
        "waiting": "5",
    }
    assert _row(table, "Parent support line")["sent"] == "6"
    assert [f.on_page() for f in table.total.figures[:3]] == ["27", "17", "10"]


def test_waits_are_working_days_with_medians_and_the_share_within_target(services):
    table = waits_by_service(NOVEMBER, command_line_scope())

    # 11 replies: 1,1,2,3,4,4,4,5,6,6,7: median 4, 90th percentile 6, 8 within 5 days (73%).
    assert _row(table, "Together with Baby") == {
        "replied": "11",
        "median_reply": "4",
        "p90_reply": "6",
        "within_target": "8",
        "share_within_target": "73",
        "with_target": "11",
        # 6 accepted after 1, 1, 2, 3, 4 and 7 days: median 2, 90th percentile 4 + 0.5 * 3.
        "accepted": "6",
        "median_accept": "2",
        "p90_accept": "6",
        # Contacted after 2, 3, 3, 4 and 8 days: 90th percentile 4 + 0.6 * 4 = 6.4.
        "contacted": "5",
        "median_contact": "3",
        "p90_contact": "6",
    }
    line = _row(table, "Parent support line")
    assert (line["median_reply"], line["share_within_target"], line["median_contact"]) == (
        "2",
        "none",  # the line sets no target
        "none",  # nobody contacted yet
    )
    # All 17 replies together: median 2.
    assert table.total.figures[1].on_page() == "2"


def test_small_counts_hide_the_waits_built_on_them():
    together = IntakeFactory(service__name="Together with Baby", response_target_working_days=5)
    for days in [1, 3, 9]:
        _replied(together, "professional", Status.ACCEPTED, days)
    line = IntakeFactory(service__name="Parent support line")
    for days in [1, 1, 1, 2, 2, 2]:
        _replied(line, "self", Status.ACCEPTED, days)

    table = waits_by_service(NOVEMBER, command_line_scope())

    together_row = _row(table, "Together with Baby")
    assert together_row["replied"] == "fewer than 5"
    assert together_row["median_reply"] == together_row["p90_reply"] == "not shown"
    # The line's 6 would give Together's 3 away from the total of 9: hidden too.
    assert _row(table, "Parent support line")["replied"] == "not shown"
    assert "3" not in {together_row["median_reply"], together_row["p90_reply"]}


def test_declines_are_grouped_by_the_kind_of_reason_never_its_words():
    together = IntakeFactory(service__name="Together with Baby")
    categories = ["better_elsewhere"] * 6 + ["not_eligible"] * 5 + ["no_contact"] * 2
    for category in categories:
        request = _replied(together, "professional", Status.DECLINED, 2)
        request.decline_category = category
        request.save()

    table = declines_by_reason(NOVEMBER, command_line_scope())

    row = _row(table, "Together with Baby")
    assert row["declined"] == "13"
    assert row["better_elsewhere"] == "6"
    assert row["not_eligible"] == "not shown"  # the 2 is hidden, so the next smallest is too
    assert row["no_contact"] == "fewer than 5"
    assert row["other"] == "0"
    assert "better met by the health visiting team" not in str(table)


def test_outcomes_count_requests_closed_in_the_period(services):
    together, _ = services
    for outcome in ["seen"] * 7 + ["moved_away"] * 5:
        request = _replied(together, "professional", Status.CLOSED, 1, outcome=outcome)
        request.closed_at = _at(MONDAY, 9)
        request.save()

    row = _row(outcomes_by_service(NOVEMBER, command_line_scope()), "Together with Baby")

    assert (row["closed"], row["seen"], row["moved_away"], row["did_not_engage"]) == (
        "12",
        "7",
        "5",
        "0",
    )
