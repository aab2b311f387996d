import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.services import start_sign_up
from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tokens import email_verification_token
from familyhubs.settings import PASSWORD_HASHERS as PRODUCTION_PASSWORD_HASHERS
from notifications.models import Notification
from notifications.tests.smtp import run_task_worker, sent_emails, smtp_server

pytestmark = pytest.mark.django_db

SIGN_UP = reverse("accounts:sign_up")


def sign_up(client, email, password=PASSWORD, again=None):
    return client.post(
        SIGN_UP, {"email": email, "password": password, "password_again": again or password}
    )


def link_in(body: str) -> str:
    return re.search(r"http://\S+", body).group(0)


def queued_link() -> str:
    """The link in the one confirmation email waiting to be sent, as a path."""
    body = Notification.objects.get(kind="accounts.verify").body
    return link_in(body).removeprefix("http://127.0.0.1:8000")


@pytest.mark.django_db(transaction=True)
def test_sign_up_creates_an_unconfirmed_account_and_emails_a_link_once(client, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS
    response = sign_up(client, "New@Example.org")
    assert response.url == reverse("accounts:check_email")
    user = User.objects.get(username="new@example.org")
    assert not user.is_active
    assert user.password.startswith("argon2")
    run_task_worker()  # sent_emails runs the worker again: nothing more goes
    emails = sent_emails()
    assert len(emails) == 1
    assert emails[0].to == ["new@example.org"]
    assert emails[0].subject == "Confirm your email address"
    assert "/account/confirm/" in link_in(emails[0].body)
    assert Notification.objects.get().recipient == user


@pytest.mark.django_db(transaction=True)
def test_signing_up_sends_no_email_during_the_request_the_worker_sends_it(client):
    with smtp_server(refuse=1) as server:
        response = sign_up(client, "new@example.org")
        assert response.status_code == 302
        assert server.messages == []
        waiting = Notification.objects.get()
        assert waiting.status == Notification.Status.PENDING
        assert DBTaskResult.objects.get().args_kwargs["args"] == [waiting.pk]
        run_task_worker()
    # The server refused the first try; the worker tried again and it went, once.
    assert len(server.messages) == 1
    assert server.messages[0]["To"] == "new@example.org"
    assert "/account/confirm/" in server.messages[0].get_content()
    assert Notification.objects.get().attempts == 2


@pytest.fixture
def clock_stopped(monkeypatch):
    """Repeats happen at the same moment (never either side of the hour that names the event)."""
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    monkeypatch.setattr(email_verification_token, "_now", lambda: now.replace(tzinfo=None))


def test_the_same_confirmation_request_twice_queues_one_email(clock_stopped):
    start_sign_up("new@example.org", PASSWORD)
    start_sign_up("new@example.org", PASSWORD)
    assert Notification.objects.filter(kind="accounts.verify").count() == 1


def test_asking_again_later_for_a_confirmation_sends_a_new_link(monkeypatch):
    start_sign_up("new@example.org", PASSWORD)
    later = datetime.now() + timedelta(minutes=5)
    monkeypatch.setattr(email_verification_token, "_now", lambda: later)
    start_sign_up("new@example.org", PASSWORD)
    links = {link_in(n.body) for n in Notification.objects.filter(kind="accounts.verify")}
    assert len(links) == 2


def test_confirmation_link_activates_and_signs_in_once(client):
    sign_up(client, "new@example.org")
    path = queued_link()
    response = client.get(path)
    assert response.status_code == 302
    assert User.objects.get(username="new@example.org").is_active
    assert "_auth_user_id" in client.session
    client.logout()
    assert client.get(path).status_code == 400


def test_tampered_confirmation_link_does_nothing(client):
    sign_up(client, "new@example.org")
    path = queued_link()
    response = client.get(path[:-3] + "zzz/")
    assert response.status_code == 400
    assert not User.objects.get(username="new@example.org").is_active


@pytest.mark.django_db(transaction=True)
def test_signing_up_with_a_registered_email_looks_the_same_and_changes_nothing(client):
    existing = UserFactory(email="amy@example.org")
    before = existing.password
    new = sign_up(client, "fresh@example.org")
    again = sign_up(client, "amy@example.org", password="another long passphrase 9")
    assert new.status_code == again.status_code == 302
    assert new.url == again.url
    existing.refresh_from_db()
    assert existing.password == before
    to_amy = [message for message in sent_emails() if message.to == ["amy@example.org"]]
    assert len(to_amy) == 1
    assert to_amy[0].subject == "You already have an account"
    assert "/account/sign-in/" in to_amy[0].body
    assert User.objects.filter(username="amy@example.org").count() == 1


def test_trying_again_and_again_with_a_registered_email_sends_one_notice(client, clock_stopped):
    UserFactory(email="amy@example.org")
    for _ in range(3):
        sign_up(client, "amy@example.org", password="another long passphrase 9")
    assert Notification.objects.filter(kind="accounts.already_registered").count() == 1


def test_passwords_that_differ_are_refused_and_nothing_is_created(client):
    response = sign_up(client, "new@example.org", again="something else entirely")
    assert "The passwords do not match" in response.content.decode()
    assert not User.objects.exists()
    assert not Notification.objects.exists()
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
