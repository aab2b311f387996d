"""Password problems are told in words that say what to do, on sign-up and on a new password
after a reset: never Django's own wording or its HTML list of rules."""

import re

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def sign_up(client, password, again=None):
    return client.post(
        reverse("accounts:sign_up"),
        {"email": "amy@example.org", "password": password, "password_again": again or password},
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "Your password must be at least 8 characters"),
        ("password", "Choose a password that is harder to guess: this one is very common"),
        ("4817263950", "Your password must include letters, not only numbers"),
        ("amy@example.org", "Your password must not be like your email address"),
    ],
)
def test_sign_up_says_what_is_wrong_with_a_password_and_what_to_do(client, password, message):
    page = sign_up(client, password).text
    assert message in page
    assert "This password" not in page


def reset_form(client) -> str:
    UserFactory(email="amy@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "amy@example.org"})
    link = re.search(r"http://\S+", Notification.objects.get().body).group(0)
    page = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    return page.redirect_chain[-1][0]


def test_a_new_password_is_asked_for_in_plain_words(client):
    url = reset_form(client)
    page = client.get(url).text
    assert "Create a new password" in page and "Type the new password again" in page
    assert "&lt;ul&gt;" not in page and "too similar" not in page

    mismatch = client.post(url, {"new_password1": "a-long-phrase-9", "new_password2": "other"})
    assert "The passwords do not match" in mismatch.text
    common = client.post(url, {"new_password1": "password", "new_password2": "password"})
    assert "this one is very common" in common.text
    empty = client.post(url, {})
    assert "Create a new password</a>" in empty.text
    assert "This field is required" not in empty.text
