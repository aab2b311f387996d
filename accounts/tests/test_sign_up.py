import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = reverse("accounts:sign_up")


def sign_up(client, email, password=PASSWORD, again=None):
    return client.post(
        SIGN_UP, {"email": email, "password": password, "password_again": again or password}
    )


def link_in(message) -> str:
    return re.search(r"http://\S+", message.body).group(0)


def test_sign_up_creates_an_unconfirmed_account_and_emails_a_link(client):
    response = sign_up(client, "New@Example.org")
    assert response.url == reverse("accounts:check_email")
    user = User.objects.get(username="new@example.org")
    assert not user.is_active
    assert user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert "/account/confirm/" in link_in(mail.outbox[0])


def test_confirmation_link_activates_and_signs_in_once(client):
    sign_up(client, "new@example.org")
    path = link_in(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")
    response = client.get(path)
    assert response.status_code == 302
    assert User.objects.get(username="new@example.org").is_active
    assert "_auth_user_id" in client.session
    client.logout()
    assert client.get(path).status_code == 400


def test_tampered_confirmation_link_does_nothing(client):
    sign_up(client, "new@example.org")
    path = link_in(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")
    response = client.get(path[:-3] + "zzz/")
    assert response.status_code == 400
    assert not User.objects.get(username="new@example.org").is_active


def test_signing_up_with_a_registered_email_looks_the_same_and_changes_nothing(client):
    existing = UserFactory(email="amy@example.org")
    before = existing.password
    new = sign_up(client, "fresh@example.org")
    again = sign_up(client, "amy@example.org", password="another long passphrase 9")
    assert new.status_code == again.status_code == 302
    assert new.url == again.url
    existing.refresh_from_db()
    assert existing.password == before
    assert "You already have an account" in mail.outbox[1].body
    assert User.objects.filter(username="amy@example.org").count() == 1


def test_passwords_that_differ_are_refused_and_nothing_is_created(client):
    response = sign_up(client, "new@example.org", again="something else entirely")
    assert "The passwords do not match" in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox


def test_a_weak_password_is_refused(client):
    response = sign_up(client, "new@example.org", password="password")
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.exists()


def test_an_invalid_email_is_refused(client):
    response = sign_up(client, "not-an-email")
    assert "Enter an email address in the correct format" in response.content.decode()
    assert not User.objects.exists()
