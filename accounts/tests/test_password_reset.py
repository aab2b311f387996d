import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import SignInFailures
from accounts.services import note_sign_in_failure
from accounts.tests.factories import PASSWORD, UserFactory
from notifications.models import Notification
from notifications.tests.smtp import sent_emails

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")


@pytest.mark.django_db(transaction=True)
def test_reset_page_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="amy@example.org")
    known = client.post(RESET, {"email": "amy@example.org"})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    emails = sent_emails()
    assert [message.to for message in emails] == [["amy@example.org"]]
    assert emails[0].subject == "Reset your password"
    assert "/account/reset-password/" in emails[0].body


def test_a_new_password_lifts_the_lock_out_and_ends_other_sessions(client):
    user = UserFactory(email="amy@example.org")
    other_device = client_signed_in(user)
    for _ in range(5):
        note_sign_in_failure("amy@example.org")
    client.post(RESET, {"email": "amy@example.org"})
    link = re.search(r"http://\S+", Notification.objects.get().body).group(0)
    form_page = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase 7", "new_password2": "a brand new passphrase 7"},
    )
    assert not SignInFailures.objects.exists()
    assert other_device.get(reverse("accounts:account")).status_code == 302
    assert client.login(username="amy@example.org", password="a brand new passphrase 7")


def client_signed_in(user) -> Client:
    other = Client()
    other.post(reverse("accounts:sign_in"), {"email": user.email, "password": PASSWORD})
    return other
