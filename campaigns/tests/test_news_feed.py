"""The news as an Atom feed: valid XML in the Atom namespace, newest first, stable ids."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from campaigns.tests.factories import NewsPostFactory

pytestmark = pytest.mark.django_db
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def fetch_feed(client) -> ET.Element:
    response = client.get(reverse("campaigns:news_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)


def test_feed_lists_published_posts_newest_first_with_absolute_links(client):
    NewsPostFactory(title="Older", published_on="2018-06-06")
    newer = NewsPostFactory(title="Newer", published_on="2025-06-12")
    NewsPostFactory(title="Draft", is_published=False)

    feed = fetch_feed(client)
    entries = feed.findall("atom:entry", ATOM)

    assert [e.findtext("atom:title", namespaces=ATOM) for e in entries] == ["Newer", "Older"]
    link = entries[0].find("atom:link", ATOM).get("href")
    assert link == f"http://testserver{newer.get_absolute_url()}"
    assert entries[0].findtext("atom:published", namespaces=ATOM).startswith("2025-06-12")
    assert feed.findtext("atom:updated", namespaces=ATOM).startswith("2025-06-12")


def test_entry_ids_stay_the_same_when_a_post_is_edited(client):
    post = NewsPostFactory(title="First title")
    before = fetch_feed(client).find("atom:entry/atom:id", ATOM).text
    post.title = "Corrected title"
    post.slug = "corrected-title"
    post.save()

    after = fetch_feed(client).find("atom:entry/atom:id", ATOM).text

    assert before == after == f"urn:uuid:{post.id}"


def test_feed_names_the_council_from_settings(client, settings):
    settings.FAMILYHUBS_COUNCIL_NAME = "Testshire County Council"

    feed = fetch_feed(client)

    assert "Testshire County Council" in feed.findtext("atom:title", namespaces=ATOM)
    assert feed.findtext("atom:author/atom:name", namespaces=ATOM) == "Testshire County Council"


def test_empty_feed_is_still_valid(client):
    assert fetch_feed(client).findall("atom:entry", ATOM) == []
