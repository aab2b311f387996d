from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignInFailures
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign_in")


def sign_in(client, email, password):
    return client.post(SIGN_IN, {"email": email, "password": password})


def test_parent_signs_in_with_email_and_password(client):
    user = UserFactory(email="amy@example.org")
    response = sign_in(client, "Amy@Example.org ", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_and_unknown_email_look_the_same(client):
    UserFactory(email="amy@example.org")
    wrong_password = sign_in(client, "amy@example.org", "not the password")
    unknown_email = sign_in(client, "nobody@example.org", "not the password")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert wrong_password.context["form"].errors == unknown_email.context["form"].errors
    assert "Enter a correct email address and password" in wrong_password.content.decode()
    assert "_auth_user_id" not in client.session


def test_unconfirmed_account_cannot_sign_in_and_is_not_singled_out(client):
    UserFactory(email="new@example.org", is_active=False)
    unconfirmed = sign_in(client, "new@example.org", PASSWORD)
    unknown = sign_in(client, "nobody@example.org", PASSWORD)
    assert unconfirmed.context["form"].errors == unknown.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_against_the_right_password(client):
    UserFactory(email="amy@example.org")
    for _ in range(5):
        sign_in(client, "amy@example.org", "guess")
    response = sign_in(client, "amy@example.org", PASSWORD)
    assert "You have tried to sign in too many times" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_addresses_lock_too_so_a_lock_reveals_nothing(client):
    for _ in range(5):
        sign_in(client, "nobody@example.org", "guess")
    response = sign_in(client, "nobody@example.org", "guess")
    assert "You have tried to sign in too many times" in response.content.decode()


def test_lock_out_ends_after_the_lock_out_period(client):
    UserFactory(email="amy@example.org")
    for _ in range(5):
        sign_in(client, "amy@example.org", "guess")
    SignInFailures.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    sign_in(client, "amy@example.org", PASSWORD)
    assert "_auth_user_id" in client.session


def test_failures_are_stored_without_the_email_address(client):
    sign_in(client, "amy@example.org", "guess")
    row = SignInFailures.objects.get()
    assert "amy" not in row.email_digest
    assert row.failures == 1


def test_a_successful_sign_in_clears_the_failure_count(client):
    UserFactory(email="amy@example.org")
    sign_in(client, "amy@example.org", "guess")
    sign_in(client, "amy@example.org", PASSWORD)
    assert not SignInFailures.objects.exists()


def test_empty_form_says_what_to_enter(client):
    response = client.post(SIGN_IN, {"email": "", "password": ""})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter your email address" in body
    assert "Enter your password" in body


@pytest.mark.parametrize(
    "elsewhere",
    ["https://evil.example/", "//evil.example/", "http://testserver/family/", "/\\evil.example"],
)
def test_next_page_outside_the_site_or_not_a_plain_path_is_ignored(client, elsewhere):
    UserFactory(email="amy@example.org")
    response = client.post(
        SIGN_IN, {"email": "amy@example.org", "password": PASSWORD, "next": elsewhere}
    )
    assert response.url == reverse("families:home")


def test_next_page_on_the_site_is_where_sign_in_leads(client):
    UserFactory(email="amy@example.org")
    response = client.post(
        SIGN_IN, {"email": "amy@example.org", "password": PASSWORD, "next": "/bookings/"}
    )
    assert response.url == "/bookings/"
