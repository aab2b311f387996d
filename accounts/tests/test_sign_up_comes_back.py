"""A parent who signs up on the way to a page (say, booking a session) comes back to it."""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.urls import reverse

from accounts import destinations
from accounts.tests.factories import PASSWORD, UserFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

BOOKING_PAGE = "/bookings/sessions/0b5c0a52-5d1e-4a34-9a3c-4c5d2a3b1f00/20261204T1000/"


def sign_up(client, next_path: str, email="new@example.org"):
    return client.post(
        reverse("accounts:sign_up"),
        {"email": email, "password": PASSWORD, "password_again": PASSWORD, "next": next_path},
    )


def emailed_link() -> str:
    body = Notification.objects.get(kind="accounts.verify").body
    return re.search(r"http://\S+", body).group(0).removeprefix("http://127.0.0.1:8000")


@pytest.mark.parametrize(
    "unsafe",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "bookings/",
        "/\x00/",
        "",
    ],
)
def test_only_paths_on_this_site_are_kept(unsafe):
    assert destinations.safe_path(unsafe) == ""
    assert destinations.safe_path("/bookings/?hub=tilbury") == "/bookings/?hub=tilbury"


def test_the_sign_up_form_carries_the_destination_it_was_opened_with(client):
    page = client.get(reverse("accounts:sign_up"), {"next": BOOKING_PAGE})
    assert f'name="next" value="{BOOKING_PAGE}"' in page.text
    assert f"sign-in/?next={BOOKING_PAGE}" in page.text


def test_a_destination_on_another_site_is_not_even_put_in_the_form(client):
    page = client.get(reverse("accounts:sign_up"), {"next": "https://evil.example/"})
    assert "evil.example" not in page.text


def test_confirming_the_email_leads_back_to_the_page_the_parent_was_on(client):
    sign_up(client, BOOKING_PAGE)
    link = emailed_link()
    assert BOOKING_PAGE not in link  # signed, not written plainly where it could be edited
    response = client.get(link)
    assert response.status_code == 302
    assert response.url == BOOKING_PAGE


def test_an_edited_destination_in_the_link_is_ignored(client):
    sign_up(client, BOOKING_PAGE)
    path, query = emailed_link().split("?")
    forged = destinations.sign("/other/")[:-3] + "abc"
    response = client.get(path, {"next": forged})
    assert response.url == reverse("families:home")
    assert parse_qs(query)["next"]


def test_without_a_destination_the_link_leads_to_the_family_pages(client):
    sign_up(client, "https://evil.example/")
    link = emailed_link()
    assert "next=" not in urlsplit(link).query
    assert client.get(link).url == reverse("families:home")


def test_someone_who_already_has_an_account_is_sent_a_sign_in_link_that_comes_back(client):
    UserFactory(email="known@example.org")
    sign_up(client, BOOKING_PAGE, email="known@example.org")
    body = Notification.objects.get(kind="accounts.already_registered").body
    assert f"/account/sign-in/?next={quote(BOOKING_PAGE, safe='')}" in body
