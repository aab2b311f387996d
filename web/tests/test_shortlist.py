"""A parent's shortlist: kept in their session only, shown on one page, emailed to them once."""

import pytest
from django.urls import reverse

from directory.models import Service
from notifications.models import Notification
from notifications.tests.smtp import run_task_worker, smtp_server
from web import shortlist
from web.tests.factories import PostcodeFactory, weekly_group

pytestmark = pytest.mark.django_db
LIST = reverse("web:shortlist")


def add(client, service, **extra):
    return client.post(reverse("web:shortlist_add", args=[service.pk]), extra)


def test_services_added_are_listed_in_the_order_added_and_can_be_removed(client):
    first, second = weekly_group("Baby massage"), weekly_group("Stay and play")
    add(client, second)
    add(client, first)
    add(client, second)  # adding twice keeps one

    page = client.get(LIST).content.decode()
    assert page.index("Stay and play") < page.index("Baby massage")
    assert page.count("Remove<span") == 2

    client.post(reverse("web:shortlist_remove", args=[second.pk]))
    page = client.get(LIST).content.decode()
    assert "Stay and play" not in page
    assert "Baby massage" in page


def test_adding_goes_back_to_the_page_the_parent_was_on_and_only_to_this_site(client):
    service = weekly_group("Baby massage")
    back = add(client, service, next="/find/?where=RM18+7AA")
    assert back.url == "/find/?where=RM18+7AA"
    elsewhere = add(client, service, next="https://evil.example/")
    assert elsewhere.url == LIST


def test_the_list_is_kept_in_the_session_and_nothing_is_written_to_the_database(client):
    service = weekly_group("Baby massage")
    rows_before = Notification.objects.count()
    add(client, service)
    assert client.session[shortlist.SESSION_KEY] == [str(service.pk)]
    assert Notification.objects.count() == rows_before


def test_a_service_no_longer_listed_leaves_the_list_quietly(client):
    service = weekly_group("Closed group")
    add(client, service)
    client.get(LIST)  # shows, and so clears, the "is on your list" message
    Service.objects.filter(pk=service.pk).update(status=Service.Status.DEFUNCT)
    page = client.get(LIST).content.decode()
    assert "Closed group" not in page
    assert "Your list is empty." in page


def test_a_full_list_says_so_and_keeps_what_it_has(client, monkeypatch):
    monkeypatch.setattr(shortlist, "MOST_SERVICES", 1)
    add(client, weekly_group("Kept"))
    add(client, weekly_group("One too many"))
    page = client.get(LIST).content.decode()
    assert "Your list is full (1 services). Remove one to add another." in page
    assert "Kept" in page
    assert "One too many" not in page


def test_results_and_service_pages_offer_add_then_say_it_is_on_the_list(client):
    PostcodeFactory()
    service = weekly_group("Baby massage")
    results = client.get(reverse("web:find"), {"where": "RM18 7AA"}).content.decode()
    assert 'Add<span class="govuk-visually-hidden"> Baby massage</span> to your list' in results
    add(client, service)
    detail = client.get(reverse("web:service", args=[service.pk])).content.decode()
    assert 'Remove<span class="govuk-visually-hidden"> Baby massage</span> from your list' in detail
    assert 'On <a class="govuk-link" href="/your-list/">your list</a>' in detail


def test_a_bad_email_address_is_a_clear_error_and_the_list_is_kept(client):
    add(client, weekly_group("Baby massage"))
    response = client.post(reverse("web:shortlist_email"), {"email": "not an address"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'value="not an address"' in page
    assert "Baby massage" in page
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_list_is_emailed_once_through_the_queue_with_each_service(client):
    add(client, weekly_group("Baby massage"))
    add(client, weekly_group("Stay and play", free=False))
    with smtp_server() as server:
        response = client.post(reverse("web:shortlist_email"), {"email": "parent@example.com"})
        assert response.url == LIST
        run_task_worker()
    [message] = server.messages
    assert message["To"] == "parent@example.com"
    assert not Notification.objects.filter(to_address="parent@example.com").exists()
    body = message.get_content()
    assert "Baby massage" in body
    assert "Stay and play" in body
    assert "Cost: £3.00" in body or "Cost: Per session" in body
    assert "http://127.0.0.1:8000/services/" in body
    assert "We have sent your list to parent@example.com" in client.get(LIST).content.decode()
