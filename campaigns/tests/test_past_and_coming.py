"""Campaigns and events show whether they are past, on now or coming up, against today."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.tests.factories import CampaignFactory, EventFactory

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 12, 2, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def wednesday_2_december_2026(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TODAY)


def test_the_list_puts_campaigns_on_now_and_coming_first_and_past_ones_below(client):
    CampaignFactory(name="Week 2025", starts_on=date(2025, 6, 9), ends_on=date(2025, 6, 15))
    CampaignFactory(
        name="Week 2027",
        slug="week-2027",
        starts_on=date(2027, 6, 14),
        ends_on=date(2027, 6, 20),
        illustrative=True,
    )
    CampaignFactory(
        name="Winter week",
        slug="winter-week",
        starts_on=date(2026, 11, 30),
        ends_on=date(2026, 12, 6),
    )

    html = client.get(reverse("campaigns:campaigns")).content.decode()

    current, past = html.split("On now and coming up</h2>")[1].split("Past campaigns</h2>")
    assert current.index("Winter week") < current.index("Week 2027")
    assert "Week 2025" not in current
    assert "Week 2025" in past
    winter = current.split("Winter week")[1].split("</div>")[0]
    coming = current.split("Week 2027")[1].split("</div>")[0]
    assert 'govuk-tag--green">On now</strong>' in winter
    assert 'govuk-tag--blue">Coming up</strong>' in coming
    assert 'govuk-tag--yellow">Illustrative</strong>' in coming
    assert 'govuk-tag--grey">Past</strong>' in past


def test_a_past_campaign_and_its_events_say_they_are_over(client):
    campaign = CampaignFactory(starts_on=date(2025, 6, 9), ends_on=date(2025, 6, 15))
    event = EventFactory(campaign=campaign, title="Meet the EPUT team")

    page = client.get(campaign.get_absolute_url()).content.decode()
    event_page = client.get(event.get_absolute_url()).content.decode()

    assert "This campaign has finished." in page
    assert 'Meet the EPUT team</a> <strong class="govuk-tag govuk-tag--grey">Past</strong>' in page
    assert "This event has finished. It was on Monday 9 June 2025." in event_page
    assert "Past event" in event_page


def test_a_coming_event_is_not_called_past(client):
    soon = TODAY + timedelta(days=10)
    event = EventFactory(starts_at=soon, ends_at=soon + timedelta(hours=2))

    page = client.get(event.get_absolute_url()).content.decode()

    assert "has finished" not in page
    assert "Past event" not in page
