"""A campaign against the same number of weeks before it, hand-counted."""

from datetime import date, datetime, time

import pytest

from campaigns.models import Campaign, Event
from directory.tests.factories import LocationFactory
from reports.campaigns import campaigns_in_period
from reports.periods import LONDON, month
from reports.scopes import command_line_scope
from reports.tests import factories as make

pytestmark = pytest.mark.django_db


def test_a_campaign_week_beside_the_week_before():
    ockendon = LocationFactory(name="Ockendon Family Hub")
    week = Campaign.objects.create(
        name="Infant Mental Health Awareness Week",
        slug="imhaw-2025",
        starts_on=date(2025, 6, 9),
        ends_on=date(2025, 6, 15),
        summary="A week about babies' feelings.",
        description="",
    )
    group = make.session(ockendon, date(2025, 6, 13))
    week.services.add(group.service)
    earlier = make.session(ockendon, date(2025, 6, 6))
    earlier.service = group.service
    earlier.save()
    Event.objects.create(
        title="Drop-in at Ockendon",
        slug="ockendon-drop-in",
        campaign=week,
        location=ockendon,
        starts_at=datetime.combine(date(2025, 6, 9), time(10), LONDON),
        ends_at=datetime.combine(date(2025, 6, 9), time(12), LONDON),
        description="",
    )
    make.came(group, make.families(ockendon, 7, date(2025, 6, 10)))  # 7 registered during
    make.came(earlier, make.families(ockendon, 6, date(2025, 6, 3)))  # 6 in the week before
    make.families(ockendon, 2, date(2025, 5, 1))  # long before: counted in neither

    table = campaigns_in_period(month(2025, 6), command_line_scope())

    (row,) = table.rows
    assert row.label == "Infant Mental Health Awareness Week (9 June 2025 to 15 June 2025)"
    assert [f.on_page() for f in row.figures] == ["1", "7", "6", "7", "6"]


def test_campaigns_outside_the_period_or_without_dates_are_left_out():
    Campaign.objects.create(name="Ongoing", slug="ongoing", summary="", description="")
    Campaign.objects.create(
        name="Last year",
        slug="last",
        starts_on=date(2024, 6, 10),
        ends_on=date(2024, 6, 16),
        summary="",
        description="",
    )
    assert campaigns_in_period(month(2025, 6), command_line_scope()).rows == ()


def test_two_campaigns_count_only_their_own_services_weeks_and_events():
    """Counted together in one query each, every campaign keeps to its own services, dates and
    events."""
    ockendon = LocationFactory(name="Ockendon Family Hub")
    first, second = (
        Campaign.objects.create(
            name=name, slug=name, starts_on=start, ends_on=end, summary="", description=""
        )
        for name, start, end in (
            ("First", date(2025, 6, 2), date(2025, 6, 8)),
            ("Second", date(2025, 6, 16), date(2025, 6, 22)),
        )
    )
    singing = make.session(ockendon, date(2025, 6, 4))  # in First's week, First's service
    first.services.add(singing.service)
    stories = make.session(ockendon, date(2025, 6, 18))  # in Second's week, Second's service
    second.services.add(stories.service)
    other = make.session(ockendon, date(2025, 6, 19))  # in Second's week, nobody's service
    make.came(singing, make.families(ockendon, 6, date(2025, 1, 6)))
    make.came(stories, make.families(ockendon, 8, date(2025, 1, 6)))
    make.came(other, make.families(ockendon, 9, date(2025, 1, 6)))
    make.families(ockendon, 5, date(2025, 6, 10))  # Second's week before (9 to 15 June)
    Event.objects.create(
        title="Second's drop-in",
        slug="second-drop-in",
        campaign=second,
        location=ockendon,
        starts_at=datetime.combine(date(2025, 6, 17), time(10), LONDON),
        ends_at=datetime.combine(date(2025, 6, 17), time(12), LONDON),
        description="",
    )

    table = campaigns_in_period(month(2025, 6), command_line_scope())

    figures = {row.label.split(" (")[0]: [f.value for f in row.figures] for row in table.rows}
    # events, registered, registered before, came, came before
    assert figures == {"First": [0, 0, 0, 6, 0], "Second": [1, 0, 5, 8, 0]}
