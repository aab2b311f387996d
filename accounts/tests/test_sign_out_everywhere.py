import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import UserSession
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signed_in_client(user) -> Client:
    client = Client()
    client.post(reverse("accounts:sign_in"), {"email": user.email, "password": PASSWORD})
    return client


def test_sign_out_everywhere_ends_every_session_of_that_user_only():
    amy, bob = UserFactory(), UserFactory()
    phone, laptop, bobs = signed_in_client(amy), signed_in_client(amy), signed_in_client(bob)
    account = reverse("accounts:account")
    assert phone.get(account).status_code == laptop.get(account).status_code == 200

    phone.post(reverse("accounts:sign_out_everywhere"))

    assert phone.get(account).status_code == 302
    assert laptop.get(account).status_code == 302
    assert bobs.get(account).status_code == 200
    assert not UserSession.objects.filter(user=amy).exists()


def test_sign_out_everywhere_needs_a_post():
    amy = UserFactory()
    phone = signed_in_client(amy)
    phone.get(reverse("accounts:sign_out_everywhere"))
    assert phone.get(reverse("accounts:account")).status_code == 200
