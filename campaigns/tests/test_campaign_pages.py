"""Campaign, event and news pages, as a parent sees them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.tests.factories import CampaignFactory, EventFactory, NewsPostFactory
from directory.models import Service
from directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_campaign_list_shows_each_campaign_with_its_dates(client):
    CampaignFactory(name="Infant Mental Health Awareness Week 2025")
    CampaignFactory(name="Who's Holding the Baby?", starts_on=None, ends_on=None)

    html = client.get(reverse("campaigns:campaigns")).content.decode()

    assert "Infant Mental Health Awareness Week 2025" in html
    assert "9 June 2025 to 15 June 2025" in html
    assert "Who&#x27;s Holding the Baby?" in html and "Ongoing" in html


def test_campaign_page_gathers_its_events_services_and_news(client):
    campaign = CampaignFactory(name="Infant Mental Health Awareness Week 2025")
    EventFactory(campaign=campaign, title="Meet the EPUT team")
    group = ServiceFactory(name="Time for you and baby too")
    ServiceFactory(name="Closed group", status=Service.Status.DEFUNCT).campaigns.add(campaign)
    campaign.services.add(group)
    NewsPostFactory(title="Free parent and infant support").campaigns.add(campaign)
    NewsPostFactory(title="Draft story", is_published=False).campaigns.add(campaign)

    html = client.get(campaign.get_absolute_url()).content.decode()

    assert "Meet the EPUT team" in html
    assert "Monday 9 June 2025, 10am to 1pm, Ockendon Family Hub" in html
    assert reverse("web:service", args=[group.id]) in html
    assert "Free parent and infant support" in html
    assert "Closed group" not in html
    assert "Draft story" not in html
    assert '<p class="govuk-body">Second paragraph.</p>' in html


def test_campaign_page_queries_do_not_grow_with_its_events(client):
    campaign = CampaignFactory()
    EventFactory(campaign=campaign)
    with CaptureQueriesContext(connection) as one:
        client.get(campaign.get_absolute_url())
    EventFactory.create_batch(5, campaign=campaign)
    with CaptureQueriesContext(connection) as six:
        client.get(campaign.get_absolute_url())

    assert len(six) == len(one)


def test_event_page_shows_when_where_and_labels_illustrative_times(client):
    event = EventFactory(title="Meet the EPUT team", times_are_illustrative=True)

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Monday 9 June 2025, 10am to 1pm" in html
    assert "Illustrative times" in html
    assert "Ockendon Family Hub" in html
    assert event.campaign.name in html


def test_cancelled_event_says_so(client):
    event = EventFactory(cancelled=True)

    assert "This event is cancelled" in client.get(event.get_absolute_url()).content.decode()


def test_news_list_is_newest_first_and_leaves_out_unpublished_posts(client):
    NewsPostFactory(title="Older", published_on="2018-06-06")
    NewsPostFactory(title="Newer", published_on="2025-06-12")
    NewsPostFactory(title="Not yet", is_published=False)

    html = client.get(reverse("campaigns:news")).content.decode()

    assert html.index("Newer") < html.index("Older")
    assert "Not yet" not in html


def test_news_list_is_paged(client):
    NewsPostFactory.create_batch(12)

    first = client.get(reverse("campaigns:news")).content.decode()
    second = client.get(reverse("campaigns:news"), {"page": 2}).content.decode()

    assert first.count('class="fh-result"') == 10
    assert second.count('class="fh-result"') == 2
    assert 'aria-label="Page 2"' in first


@pytest.mark.parametrize("page", ["3", "0", "two", "-1"])
def test_news_page_past_the_end_or_not_a_number_is_not_found(client, page):
    NewsPostFactory()

    assert client.get(reverse("campaigns:news"), {"page": page}).status_code == 404


def test_news_post_links_to_its_services_and_campaigns(client):
    post = NewsPostFactory(title="Free parent and infant support")
    group = ServiceFactory(name="Time for you and baby too")
    campaign = CampaignFactory(name="Infant Mental Health Awareness Week 2025")
    post.services.add(group)
    post.campaigns.add(campaign)

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'Published <time datetime="2025-06-12">12 June 2025</time>' in html
    assert reverse("web:service", args=[group.id]) in html
    assert campaign.get_absolute_url() in html


def test_unpublished_post_and_unknown_slugs_are_not_found(client):
    draft = NewsPostFactory(is_published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("campaigns:campaign", args=["no-such"])).status_code == 404
    assert client.get(reverse("campaigns:event", args=["no-such"])).status_code == 404
